import type { MessageKey } from '../../../app/i18n/dictionary';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useT } from '../../../app/i18n/LocaleProvider';
import { api, apiRequest } from '../../../app/api-client';

// Classification & grading API (R-CUS-20…23). Money travels as numeric strings, never floats.

export type GradingMethod = 'revenue' | 'quota';

export interface GradeTier {
  code: string;
  name: string;
  minAnnualRevenue: string;
  sortOrder: number;
  customerCount: number;
}

export interface UnitGradingSetting {
  unitId: number;
  unitName: string;
  method: GradingMethod;
  coefficient: number;
  topN: number;
  sourceUnitId: number | null;
  sourceUnitName: string | null;
  inherited: boolean;
  canEdit: boolean;
}

export interface RegradeRun {
  runId: number;
  status: 'running' | 'succeeded' | 'failed';
  progress: number;
  total: number | null;
  message: string;
}

export interface GradeOption {
  code: string;
  name: string;
}

export interface CustomerGrading {
  customerId: number;
  unitId: number;
  grade: string | null;
  gradeName: string | null;
  gradedAt: string | null;
  method: GradingMethod;
  coefficient: number;
  computedGrade: string;
  computedGradeName: string;
  rollingRevenue: string;
  window: { from: string; to: string };
  months: { month: string; amount: string }[];
  grades: GradeOption[];
  quota: { total: number; vip: number; preferred: number; vipUsed: number; preferredUsed: number } | null;
}

export interface GradeChange {
  id: number;
  customerId: number;
  fromGrade: string | null;
  fromGradeName: string | null;
  toGrade: string | null;
  toGradeName: string | null;
  reason: string;
  method: string;
  evaluatedAt: string | null;
  changedById: number | null;
  changedByName: string | null;
  at: string;
}

export interface TopCustomer {
  rank: number;
  customerId: number;
  code: string;
  name: string;
  ownerId: number | null;
  ownerName: string | null;
  unitId: number;
  unitName: string;
  grade: string | null;
  gradeName: string | null;
  revenue: string;
  monthly: string[];
}

export interface TopCustomers {
  unitId: number;
  unitName: string;
  n: number;
  window: { from: string; to: string };
  months: string[];
  items: TopCustomer[];
}

export interface DistributionBucket {
  code: string | null;
  name: string;
  count: number;
}

export interface Distribution {
  total: number;
  byGrade: DistributionBucket[];
  dimensions: { key: string; name: string; buckets: DistributionBucket[] }[];
}

export interface ChangeGradeBody {
  grade: string;
  reason: string;
  serious?: boolean;
  evaluatedAt?: string;
}

export const gradingQueryKey = ['customer-grading'] as const;

export const listTiers = (): Promise<{ items: GradeTier[] }> => api.get('/customer-grading/tiers');
export const createTier = (body: { code: string; name: string; minAnnualRevenue: string; sortOrder?: number }): Promise<GradeTier> =>
  api.post('/customer-grading/tiers', body);
export const updateTier = (code: string, body: { name?: string; minAnnualRevenue?: string; sortOrder?: number }): Promise<GradeTier> =>
  api.patch(`/customer-grading/tiers/${code}`, body);
export const deleteTier = (code: string): Promise<void> => api.delete(`/customer-grading/tiers/${code}`);

export const getUnitSetting = (unitId: number): Promise<UnitGradingSetting> => api.get(`/customer-grading/settings/${unitId}`);
export const saveUnitSetting = (unitId: number, body: { method: GradingMethod; coefficient: number; topN: number }): Promise<UnitGradingSetting> =>
  apiRequest(`/customer-grading/settings/${unitId}`, { method: 'PUT', body });
export const resetUnitSetting = (unitId: number): Promise<UnitGradingSetting> => api.delete(`/customer-grading/settings/${unitId}`);

export const startRegrade = (unitId?: number): Promise<RegradeRun> => api.post('/customer-grading/regrade', unitId ? { unitId } : {});
export const getDistribution = (unitId?: number): Promise<Distribution> => api.get('/customer-grading/distribution', { unitId });
export const getTopCustomers = (unitId?: number, n?: number): Promise<TopCustomers> => api.get('/customer-grading/top', { unitId, n });

export const getCustomerGrading = (id: number): Promise<CustomerGrading> => api.get(`/customers/${id}/grading`);
export const changeCustomerGrade = (id: number, body: ChangeGradeBody): Promise<CustomerGrading> => api.post(`/customers/${id}/grade`, body);
export const listGradeChanges = (id: number, page = 1, pageSize = 20): Promise<{ items: GradeChange[]; total: number; page: number; pageSize: number }> =>
  api.get(`/customers/${id}/grade-changes`, { page, pageSize });

export function useGradeTiers() {
  return useQuery({ queryKey: [...gradingQueryKey, 'tiers'], queryFn: listTiers });
}

/** Grades of the quota method, which are not revenue tiers. */
const quotaGrades: { value: string; label: MessageKey }[] = [
  { value: 'preferred', label: 'customers.search.preferred' },
  { value: 'qualified', label: 'customers.search.qualified' },
];

/** Every grade a customer can hold, with its name (the revenue tiers' names are the company's own). */
export function useGradeOptions(): { value: string; label: string }[] {
  const t = useT();
  const tiers = useGradeTiers();
  return useMemo(() => {
    const options = (tiers.data?.items ?? []).map((tier) => ({ value: tier.code, label: tier.name }));
    for (const grade of quotaGrades) if (!options.some((option) => option.value === grade.value)) options.push({ value: grade.value, label: t(grade.label) });
    return options;
  }, [tiers.data, t]);
}

/** `1234567.8` / `"1234567.80"` → `¥1,234,567.80` without going through floats. */
export function formatYuan(amount: string | null | undefined): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  const match = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(amount);
  if (!match) return amount;
  const [, minus, whole, fraction = ''] = match;
  return `${minus ?? ''}¥${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction.padEnd(2, '0')}`;
}

export const gradeColor: Record<string, string> = {
  diamond: 'purple',
  platinum: 'geekblue',
  gold: 'gold',
  vip: 'volcano',
  preferred: 'cyan',
  qualified: 'default',
};

export const methodLabel: Record<string, MessageKey> = { revenue: 'customers.grading.byRevenue', quota: 'customers.grading.byQuota', manual: 'customers.grading.manual', serious: 'customers.grading.seriousProblemDowngrade' };
