import type { MessageKey } from '../../../app/i18n/dictionary';
import { useQuery } from '@tanstack/react-query';
import { api, apiRequest } from '../../../app/api-client';
import type { PageParams, PageResult } from '../../../ui/use-server-table';

// Typed calls of 商机 (R-DEV-20…23): list, board, funnel, stage moves, intent levels. The shapes
// are the server's own schemas (type-only import).
import type {
  BoardColumn,
  CreateOpportunityInput,
  CustomerIntent,
  Funnel,
  FunnelGroup,
  FunnelStage,
  IntentLevel,
  MoveStageInput,
  Opportunity,
  OpportunityDetail,
  OpportunityStatus,
  StageChange,
  UpdateOpportunityInput,
} from '../../../../../server/modules/development';

export type { BoardColumn, CustomerIntent, Funnel, FunnelGroup, FunnelStage, IntentLevel, Opportunity, OpportunityDetail, OpportunityStatus, StageChange };

export interface OpportunityFilters {
  q?: string;
  stageCode?: string;
  status?: OpportunityStatus;
  ownerId?: number;
  unitId?: number;
  intentLevel?: IntentLevel;
  stale?: 'true' | 'false';
  customerId?: number;
}

export type CreateOpportunityBody = CreateOpportunityInput;
/** The editable fields of an opportunity. */
export type OpportunityFields = Omit<UpdateOpportunityInput, 'version'>;
export type MoveStageBody = MoveStageInput;

export const opportunitiesQueryKey = ['opportunities'] as const;
export const opportunityQueryKey = (id: number) => ['opportunities', 'detail', id] as const;
export const boardQueryKey = (filters: OpportunityFilters) => ['opportunities', 'board', filters] as const;
export const customerIntentQueryKey = (customerId: number) => ['opportunities', 'intent', customerId] as const;

export function listOpportunities(params: PageParams & OpportunityFilters): Promise<PageResult<Opportunity>> {
  return api.get('/development/opportunities', { ...params });
}

export function getOpportunity(id: number): Promise<OpportunityDetail> {
  return api.get(`/development/opportunities/${id}`);
}

export function createOpportunity(body: CreateOpportunityBody): Promise<Opportunity> {
  return api.post('/development/opportunities', body);
}

export function updateOpportunity(id: number, body: OpportunityFields & { version?: number }): Promise<Opportunity> {
  return api.patch(`/development/opportunities/${id}`, body);
}

export function moveOpportunityStage(id: number, body: MoveStageBody): Promise<Opportunity> {
  return api.post(`/development/opportunities/${id}/stage`, body);
}

export function getBoard(filters: OpportunityFilters, limit = 30): Promise<{ columns: BoardColumn[] }> {
  return api.get('/development/opportunity-board', { ...filters, limit });
}

export function getFunnel(query: { from?: string; to?: string; groupBy: Funnel['groupBy'] }): Promise<Funnel> {
  return api.get('/development/opportunity-funnel', query);
}

export function getCustomerIntent(customerId: number): Promise<CustomerIntent> {
  return api.get(`/development/customers/${customerId}/intent-level`);
}

export function setCustomerIntent(customerId: number, level: IntentLevel): Promise<CustomerIntent> {
  return apiRequest(`/development/customers/${customerId}/intent-level`, { method: 'PUT', body: { level } });
}

export function useOpportunity(id: number) {
  return useQuery({ queryKey: opportunityQueryKey(id), queryFn: () => getOpportunity(id), enabled: id > 0 });
}

export const intentLevels: IntentLevel[] = ['A', 'B', 'C', 'D'];
export const intentLevelText: Record<IntentLevel, MessageKey> = { A: 'development.opportunities.aWeekly', B: 'development.opportunities.bEveryTwoWeeks', C: 'development.opportunities.cMonthly', D: 'development.opportunities.dQuarterly' };
export const intentLevelColor: Record<IntentLevel, string> = { A: 'red', B: 'orange', C: 'blue', D: 'default' };
export const intentLevelOptions = intentLevels.map((value) => ({ value, label: intentLevelText[value] }));

export const statusLabel: Record<OpportunityStatus, { text: MessageKey; color: string }> = {
  open: { text: 'development.opportunities.open', color: 'processing' },
  won: { text: 'development.opportunities.won', color: 'success' },
  lost: { text: 'development.opportunities.lost', color: 'default' },
};

export function money(value: string | null | undefined): string {
  if (!value) return '—';
  const [whole, fraction = '00'] = value.split('.');
  return `¥${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction.padEnd(2, '0').slice(0, 2)}`;
}

export const percent = (value: number | null) => (value === null ? '—' : `${Math.round(value * 1000) / 10}%`);
