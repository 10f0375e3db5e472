import type { MessageKey } from '../../../app/i18n/dictionary';
import { api, apiRequest } from '../../../app/api-client';
import type { PageResult } from '../../../ui/use-server-table';

// 来访来电登记 (R-DEV-40), 轮流接待 (R-DEV-41), 来人来电统计 (R-DEV-42).

export type ReceptionKind = 'visit' | 'call';
export type AssignmentReason = 'named' | 'previous' | 'rotation' | 'manual';

export interface ReceptionRecord {
  id: number;
  unitId: number;
  unitName: string;
  kind: ReceptionKind;
  timeIn: string;
  timeOut: string | null;
  customerId: number | null;
  customerName: string | null;
  prospectName: string | null;
  contactName: string | null;
  contactPhone: string | null;
  companions: number;
  spaceTypeCode: string | null;
  spaceTypeLabel: string | null;
  area: string | null;
  sourceCode: string | null;
  sourceLabel: string | null;
  summary: string | null;
  siteTour: boolean;
  receiverId: number;
  receiverName: string;
  assignment: AssignmentReason;
  assignmentLabel: string;
  namedSpecialistId: number | null;
  convertedCustomerId: number | null;
  createdById: number | null;
  createdAt: string;
}

export interface CreateReceptionBody {
  kind: ReceptionKind;
  timeIn?: string;
  timeOut?: string | null;
  unitId?: number;
  customerId?: number | null;
  prospectName?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  companions?: number;
  spaceTypeCode?: string | null;
  area?: string | null;
  sourceCode?: string | null;
  summary?: string | null;
  siteTour?: boolean;
  namedSpecialistId?: number | null;
  receiverId?: number | null;
}

export interface ReceptionFilters {
  from?: string;
  to?: string;
  kind?: ReceptionKind;
  receiverId?: number;
  unitId?: number;
  converted?: 'true' | 'false';
  keyword?: string;
}

export interface LookupResult {
  previous: { recordId: number; at: string; receiverId: number; receiverName: string; receiverActive: boolean } | null;
  customers: { id: number; name: string; ownerId: number | null; ownerName: string | null }[];
  protectionDays: number;
}

export interface RotationMember {
  userId: number;
  name: string;
  position: number;
  available: boolean;
  active: boolean;
  owedTurns: number;
  lastAssignedAt: string | null;
  todayReceptions: number;
}

export interface Rotation {
  unitId: number;
  unitName: string;
  lastPosition: number;
  nextUserId: number | null;
  members: RotationMember[];
}

export type StatsPeriod = 'day' | 'week' | 'month';

export interface StatsMeasures {
  visits: number;
  calls: number;
  newProspects: number;
  siteTours: number;
  convertedCustomers: number;
  convertedDeals: number;
  customerRate: number | null;
  dealRate: number | null;
}

export interface ReceptionStats {
  period: StatsPeriod;
  from: string;
  to: string;
  buckets: (StatsMeasures & { start: string; label: string })[];
  byReceiver: (StatsMeasures & { receiverId: number; receiverName: string })[];
  bySource: (StatsMeasures & { sourceCode: string | null; sourceLabel: string })[];
  totals: StatsMeasures;
}

export interface ConvertBody {
  kind?: 'organization' | 'individual';
  name?: string | null;
  shortName?: string | null;
  uscc?: string | null;
  industryCode?: string | null;
}

const base = '/development';

export const receptionQueryKey = ['development', 'reception'] as const;
export const rotationQueryKey = (unitId?: number) => ['development', 'reception-rotation', unitId ?? 'mine'] as const;
export const receptionStatsQueryKey = (query: object) => ['development', 'reception-stats', query] as const;

export function listReceptions(params: ReceptionFilters & { page: number; pageSize: number; sort?: string }): Promise<PageResult<ReceptionRecord>> {
  return api.get(`${base}/reception-records`, { ...params });
}

export function createReception(body: CreateReceptionBody): Promise<ReceptionRecord> {
  return api.post(`${base}/reception-records`, body);
}

export function updateReception(id: number, body: { timeOut?: string | null; summary?: string | null; siteTour?: boolean }): Promise<ReceptionRecord> {
  return api.patch(`${base}/reception-records/${id}`, body);
}

export function convertReception(id: number, body: ConvertBody): Promise<ReceptionRecord & { convertedCustomerName: string }> {
  return api.post(`${base}/reception-records/${id}/convert`, body);
}

export function lookupVisitor(query: { phone?: string; customerId?: number }): Promise<LookupResult> {
  return api.get(`${base}/reception-lookup`, query);
}

export function getRotation(unitId?: number): Promise<Rotation> {
  return api.get(`${base}/reception-rotation`, { unitId });
}

export interface ReceiverCandidate {
  userId: number;
  name: string;
  unitName: string;
}

/** Who can receive a visitor at the desk: the unit's active people and oneself. */
export function listReceivers(unitId?: number): Promise<{ items: ReceiverCandidate[] }> {
  return api.get(`${base}/reception-receivers`, { unitId });
}

export function putRotation(unitId: number, members: { userId: number; available?: boolean }[]): Promise<Rotation> {
  return apiRequest(`${base}/reception-rotation`, { method: 'PUT', query: { unitId }, body: { members } });
}

export function setMemberAvailability(unitId: number, userId: number, available: boolean): Promise<Rotation> {
  return api.patch(`${base}/reception-rotation/members/${userId}`, { unitId, available });
}

export function getReceptionStats(query: { period: StatsPeriod; from?: string; to?: string; unitId?: number }): Promise<ReceptionStats> {
  return api.get(`${base}/reception-stats`, query);
}

export const kindLabels: Record<ReceptionKind, MessageKey> = { visit: 'development.reception.visit', call: 'development.reception.call' };

export const assignmentColors: Record<AssignmentReason, string> = { named: 'purple', previous: 'blue', rotation: 'green', manual: 'default' };

/** 0.3333 → 33.3% */
export const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);
