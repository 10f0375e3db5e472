import { api, apiRequest } from '../../../app/api-client';

// 客户开发规则设置 — per unit, inherited from the nearest ancestor, else the defaults.

export interface DevelopmentRules {
  exclusiveDays: number;
  protectionDays: number;
  releaseDays: number;
  releaseWarningDays: number;
  ownerLimits: Record<string, number>;
  defaultOwnerLimit: number;
  opportunityFollowUpDays: number;
  visitReportDays: number;
  visitReportWorkdays: boolean;
  visitsWithoutProgress: number;
  projectPreBreakthroughCap: number;
  projectOverBudgetRate: number;
}

export interface EffectiveSettings {
  unitId: number;
  unitName: string;
  source: 'own' | 'inherited' | 'default';
  sourceUnitId: number | null;
  sourceUnitName: string | null;
  rules: DevelopmentRules;
  defaults: DevelopmentRules;
  roles: { code: string; name: string }[];
  canEdit: boolean;
  updatedAt: string | null;
  updatedByName: string | null;
}

export const developmentSettingsQueryKey = ['development', 'settings'] as const;

export const getDevelopmentSettings = (unitId?: number): Promise<EffectiveSettings> => api.get('/development/settings', { unitId });
export const saveDevelopmentSettings = (unitId: number, rules: DevelopmentRules): Promise<EffectiveSettings> =>
  apiRequest(`/development/settings/${unitId}`, { method: 'PUT', body: rules });
export const resetDevelopmentSettings = (unitId: number): Promise<EffectiveSettings> => api.delete(`/development/settings/${unitId}`);
