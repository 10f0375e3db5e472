import type { MessageKey } from '../../../app/i18n/dictionary';
import { api } from '../../../app/api-client';
import type { PageParams, PageResult } from '../../../ui/use-server-table';

// 拜访计划 (R-DEV-30), 拜访记录 (R-DEV-31, 33), 移出拜访计划建议 (R-DEV-32).

const base = '/development';

export type VisitMethod = 'onsite' | 'phone' | 'wechat' | 'email' | 'inbound';
export const visitMethodLabels: Record<VisitMethod, MessageKey> = { onsite: 'development.visits.onSite', phone: 'development.visits.phone', wechat: 'development.visits.wechat', email: 'development.visits.eMail', inbound: 'development.visits.visit' };

export type PlanStatus = 'draft' | 'pending' | 'approved' | 'rejected' | 'returned';
export const planStatusLabels: Record<PlanStatus, { label: MessageKey; color: string }> = {
  draft: { label: 'development.visits.draft', color: 'default' },
  pending: { label: 'development.visits.inApproval', color: 'processing' },
  approved: { label: 'development.visits.approved', color: 'success' },
  rejected: { label: 'development.visits.rejected', color: 'error' },
  returned: { label: 'development.visits.returnedForRevision', color: 'warning' },
};

export type PlanItemStatus = 'planned' | 'done' | 'missed' | 'removed';
export const planItemStatusLabels: Record<PlanItemStatus, { label: MessageKey; color: string }> = {
  planned: { label: 'development.visits.planned', color: 'blue' },
  done: { label: 'development.visits.visited', color: 'green' },
  missed: { label: 'development.visits.missed3', color: 'red' },
  removed: { label: 'development.visits.cancelled', color: 'default' },
};

export type ProposalStatus = 'proposed' | 'confirmed' | 'dismissed';
export const proposalStatusLabels: Record<ProposalStatus, { label: MessageKey; color: string }> = {
  proposed: { label: 'development.visits.proposed2', color: 'warning' },
  confirmed: { label: 'development.visits.removed', color: 'default' },
  dismissed: { label: 'development.visits.rejected', color: 'success' },
};

export interface Visit {
  id: number;
  customerId: number;
  customerName: string;
  contactId: number | null;
  contactName: string | null;
  opportunityId: number | null;
  opportunityName: string | null;
  planItemId: number | null;
  userId: number;
  userName: string;
  unitId: number;
  unitName: string;
  visitDate: string;
  method: VisitMethod;
  participants: string[];
  content: string;
  feedback: string | null;
  nextStep: string | null;
  nextDate: string | null;
  valid: boolean;
  progress: boolean;
  reportedAt: string;
  reportDueDate: string;
  late: boolean;
  reviewComment: string | null;
  reviewedById: number | null;
  reviewedByName: string | null;
  reviewedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CreatedVisit extends Visit {
  removalProposalId: number | null;
}

export interface CreateVisitBody {
  customerId: number;
  contactId?: number | null;
  opportunityId?: number | null;
  planItemId?: number | null;
  visitDate: string;
  method: VisitMethod;
  participants: string[];
  content: string;
  feedback?: string | null;
  nextStep?: string | null;
  nextDate?: string | null;
  valid: boolean;
  progress: boolean;
}

export interface VisitFilters {
  customerId?: number;
  userId?: number;
  dateFrom?: string;
  dateTo?: string;
  late?: 'true' | 'false';
  unreviewed?: 'true';
}

export interface VisitOptions {
  contacts: { id: number; name: string; title: string | null }[];
  opportunities: { id: number; number: string; name: string; stageCode: string; status: string }[];
  planItems: { id: number; plannedDate: string; purpose: string; status: PlanItemStatus }[];
}

export interface CalendarDay {
  date: string;
  planned: {
    itemId: number;
    planId: number;
    planStatus: PlanStatus;
    customerId: number;
    customerName: string;
    purpose: string;
    status: PlanItemStatus;
    userId: number;
    userName: string;
  }[];
  records: { id: number; customerId: number; customerName: string; method: VisitMethod; late: boolean; reviewed: boolean; userId: number; userName: string }[];
}

export interface PlanItem {
  id: number;
  customerId: number;
  customerName: string;
  plannedDate: string;
  purpose: string;
  status: PlanItemStatus;
  visitId: number | null;
}

export interface VisitPlan {
  id: number;
  userId: number;
  userName: string;
  unitId: number;
  unitName: string;
  month: string;
  status: PlanStatus;
  submittedAt: string | null;
  lateSubmission: boolean;
  approvalId: number | null;
  approvedAt: string | null;
  note: string | null;
  itemCount: number;
  doneCount: number;
  missedCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface VisitPlanDetail extends VisitPlan {
  items: PlanItem[];
}

export interface PlanItemBody {
  customerId: number;
  plannedDate: string;
  purpose: string;
}

export interface PlanFilters {
  month?: string;
  status?: PlanStatus;
  mine?: 'true';
}

export interface Proposal {
  id: number;
  customerId: number;
  customerName: string;
  userId: number;
  userName: string;
  unitName: string;
  visitCount: number;
  status: ProposalStatus;
  decidedByName: string | null;
  decidedAt: string | null;
  note: string | null;
  createdAt: string;
}

export const visitsQueryKey = ['development', 'visits'] as const;
export const visitPlansQueryKey = ['development', 'visit-plans'] as const;
export const proposalsQueryKey = ['development', 'visit-removal-proposals'] as const;

export function listVisits(params: PageParams & VisitFilters): Promise<PageResult<Visit>> {
  return api.get(`${base}/visits`, { ...params });
}
export const getVisit = (id: number): Promise<Visit> => api.get(`${base}/visits/${id}`);
export const createVisit = (body: CreateVisitBody): Promise<CreatedVisit> => api.post(`${base}/visits`, body);
export const reviewVisit = (id: number, comment: string): Promise<Visit> => api.post(`${base}/visits/${id}/review`, { comment });
export const getVisitCalendar = (month: string): Promise<{ month: string; days: CalendarDay[] }> => api.get(`${base}/visits/calendar`, { month });
export const getVisitOptions = (customerId: number): Promise<VisitOptions> => api.get(`${base}/visits/options`, { customerId });

export function listVisitPlans(params: PageParams & PlanFilters): Promise<PageResult<VisitPlan>> {
  return api.get(`${base}/visit-plans`, { ...params });
}
export const getVisitPlan = (id: number): Promise<VisitPlanDetail> => api.get(`${base}/visit-plans/${id}`);
export const createVisitPlan = (body: { month: string; note?: string | null; items: PlanItemBody[] }): Promise<VisitPlanDetail> =>
  api.post(`${base}/visit-plans`, body);
export const updateVisitPlan = (id: number, body: { note?: string | null; items: PlanItemBody[] }): Promise<VisitPlanDetail> =>
  api.patch(`${base}/visit-plans/${id}`, body);
export const submitVisitPlan = (id: number): Promise<VisitPlanDetail> => api.post(`${base}/visit-plans/${id}/submit`);

export function listProposals(params: PageParams & { status?: ProposalStatus }): Promise<PageResult<Proposal>> {
  return api.get(`${base}/visit-removal-proposals`, { ...params });
}
export const decideProposal = (id: number, action: 'confirm' | 'dismiss', note?: string): Promise<Proposal> =>
  api.post(`${base}/visit-removal-proposals/${id}/${action}`, { note: note || null });
