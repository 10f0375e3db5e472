import { api } from '../../app/api-client';
import type { PageParams, PageResult } from '../../ui/use-server-table';
import type { Channel } from './service-api';

// Shapes of the complaints API (R-SVC-06, 10…14).

export type ComplaintStatus = 'handling' | 'waiting' | 'replied' | 'closed';
export type Family = 'service' | 'business';
export const complaintStatuses: ComplaintStatus[] = ['handling', 'waiting', 'replied', 'closed'];
export const complaintStatusColor: Record<ComplaintStatus, string> = { handling: 'processing', waiting: 'warning', replied: 'blue', closed: 'default' };
export const subtypes: Record<Family, string[]> = {
  service: ['attitude', 'broken_promise', 'misconduct', 'negligence'],
  business: ['cargo_discrepancy', 'timeliness', 'info_error', 'insurance_claim', 'billing', 'facilities'],
};

export interface Clock {
  dueAt: string | null;
  doneAt: string | null;
  breached: boolean;
  usedMinutes: number;
  limitMinutes: number;
  paused: boolean;
}

export interface ComplaintSummary {
  id: number;
  number: string;
  kind: 'complaint' | 'grievance';
  source: 'customer' | 'regulator' | 'association';
  customerId: number;
  customerName: string;
  complainantName: string;
  family: Family;
  subtype: string;
  subtypeName: string;
  status: ComplaintStatus;
  handlerId: number;
  handlerName: string;
  receivedAt: string;
  validity: 'valid' | 'invalid' | null;
  severity: 'general' | 'serious' | 'malicious' | null;
  plan: Clock | null;
  resolve: Clock | null;
}

export interface ComplaintDetail extends ComplaintSummary {
  forwardedBy: string | null;
  contactPhone: string | null;
  channel: Channel;
  targetUserId: number | null;
  targetName: string | null;
  targetUnitId: number | null;
  targetUnitName: string | null;
  facts: string;
  eventAt: string;
  takenById: number;
  takenByName: string;
  investigatorId: number | null;
  investigatorName: string | null;
  planText: string | null;
  findings: string | null;
  criterion: string | null;
  criterionName: string | null;
  classificationNote: string | null;
  proposedCriterion: string | null;
  meeting: { meetingAt: string; attendees: string; decision: string; notifyAuthorities: boolean } | null;
  reply: string | null;
  repliedAt: string | null;
  satisfaction: 'satisfied' | 'dissatisfied' | null;
  reopenCount: number;
  accountability: { userId: number | null; userName: string | null; unitId: number | null; unitName: string | null; measure: string } | null;
  handedOverToName: string | null;
  pauses: { reason: string; startedAt: string; endedAt: string | null }[];
  log: { action: string; note: string; byName: string | null; createdAt: string }[];
  canHandle: boolean;
  canManage: boolean;
}

export interface ComplaintFilters {
  status?: ComplaintStatus;
  kind?: 'complaint' | 'grievance';
  month?: string;
  breached?: 'true';
  q?: string;
}

export interface Criterion {
  code: string;
  validity: 'valid' | 'invalid';
  severity: 'general' | 'serious' | 'malicious';
  name: string;
}

export interface Counted {
  key: string;
  name: string;
  count: number;
}
export interface ComplaintAnalysis {
  month: string;
  total: number;
  grievances: number;
  byType: Counted[];
  byValidity: Counted[];
  byDepartment: Counted[];
  unclassified: number;
  replied: number;
  averageHandlingHours: number | null;
  planOnTimeRate: number | null;
  resolveOnTimeRate: number | null;
  repeatComplainants: { customerId: number; customerName: string; count: number }[];
  causes: string | null;
  actions: string | null;
  canWrite: boolean;
}

export interface DutyEntry {
  id: number;
  day: string;
  userId: number;
  userName: string;
  note: string | null;
  workday: boolean;
}

export const complaintsKey = ['complaints'] as const;
export const listComplaints = (params: PageParams & ComplaintFilters): Promise<PageResult<ComplaintSummary>> => api.get('/complaints', { ...params });
export const getComplaint = (id: number) => api.get<ComplaintDetail>(`/complaints/${id}`);
export const listCriteria = () => api.get<Criterion[]>('/complaints/criteria');
export const getAnalysis = (month: string) => api.get<ComplaintAnalysis>(`/complaint-analysis/${month}`);
export const listDuty = (from: string, to: string) => api.get<DutyEntry[]>('/service/duty-roster', { from, to });
export const getServiceSettings = () => api.get<{ avoidManagerChain: boolean; returnVisitUnitId?: number | null }>('/service/settings');

export type VisitKind = 'contract' | 'key_account' | 'complaint' | 'renewal';
export type VisitStatus = 'planned' | 'recorded' | 'reviewed' | 'cancelled';
export const visitAspects = ['service', 'facilities', 'billing', 'security', 'overall'] as const;
export interface ReturnVisit {
  id: number;
  customerId: number;
  customerName: string;
  contractId: number | null;
  contractNumber: string | null;
  kind: VisitKind;
  purpose: string;
  dueDate: string;
  status: VisitStatus;
  visitorId: number | null;
  visitorName: string | null;
  ownerId: number | null;
  visitedOn: string | null;
  method: 'visit' | 'phone' | 'video' | 'other' | null;
  people: string | null;
  businessSituation: string | null;
  scores: Record<string, number> | null;
  opinions: string | null;
  expenses: string | null;
  followUps: { action: string; as: 'task' | 'ticket'; ref: number }[] | null;
  reportDueOn: string | null;
  recordedLate: boolean;
  reviewedByName: string | null;
  reviewNote: string | null;
  canRecord: boolean;
  canReview: boolean;
}
export const listReturnVisits = (from: string, to: string, mine?: boolean) => api.get<ReturnVisit[]>('/return-visits', { from, to, ...(mine ? { mine: 'true' } : {}) });
