import type { MessageKey } from '../../../app/i18n/dictionary';
import { useQuery } from '@tanstack/react-query';
import { api, apiRequest } from '../../../app/api-client';
import type { PageParams, PageResult } from '../../../ui/use-server-table';

// Typed calls of 商机 (R-DEV-20…23): list, board, funnel, stage moves, intent levels.

export type OpportunityStatus = 'open' | 'won' | 'lost';
export type IntentLevel = 'A' | 'B' | 'C' | 'D';

export interface Opportunity {
  id: number;
  number: string;
  customerId: number;
  customerName: string;
  name: string;
  ownerId: number;
  ownerName: string;
  unitId: number;
  unitName: string;
  spaceTypeCode: string | null;
  area: string | null;
  budget: string | null;
  amount: string | null;
  probability: number;
  expectedSignDate: string | null;
  stageCode: string;
  stageLabel: string;
  status: OpportunityStatus;
  intentLevel: IntentLevel;
  lostReasonCode: string | null;
  lostNote: string | null;
  lastFollowUpAt: string | null;
  stageChangedAt: string;
  stale: boolean;
  followUpDueDate: string | null;
  closedAt: string | null;
  note: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface StageChange {
  id: number;
  fromStage: string | null;
  fromLabel: string | null;
  toStage: string;
  toLabel: string;
  forward: boolean;
  actorName: string | null;
  at: string;
}

export interface OpportunityDetail extends Opportunity {
  stageHistory: StageChange[];
}

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

export interface BoardColumn {
  code: string;
  label: string;
  order: number;
  terminal: boolean;
  probability: number;
  count: number;
  amountSum: string;
  items: Opportunity[];
}

export interface FunnelStage {
  code: string;
  label: string;
  reached: number;
  conversionRate: number | null;
}

export interface FunnelGroup {
  key: string;
  id: number | null;
  name: string;
  total: number;
  open: number;
  won: number;
  lost: number;
  winRate: number | null;
  stages: FunnelStage[];
}

export interface Funnel {
  from: string;
  to: string;
  groupBy: 'stage' | 'owner' | 'unit';
  overall: FunnelGroup;
  groups: FunnelGroup[];
}

export interface OpportunityFields {
  name?: string;
  spaceTypeCode?: string | null;
  area?: string | null;
  budget?: string | null;
  amount?: string | null;
  probability?: number;
  expectedSignDate?: string | null;
  intentLevel?: IntentLevel;
  note?: string | null;
}

export interface CreateOpportunityBody extends OpportunityFields {
  customerId: number;
  name: string;
  spaceTypeCode: string;
  ownerId?: number;
}

export interface MoveStageBody {
  stageCode: string;
  lostReasonCode?: string;
  lostNote?: string | null;
  probability?: number;
  version?: number;
}

export interface CustomerIntent {
  customerId: number;
  intentLevel: IntentLevel | null;
  followUpDays: number | null;
  lastFollowUpAt: string | null;
  followUpDueDate: string | null;
}

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
