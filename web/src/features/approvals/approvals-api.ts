import { api } from '../../app/api-client';
import type { PageParams, PageResult } from '../../ui/use-server-table';

export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'returned' | 'withdrawn';
export type ApprovalActionKind = 'submit' | 'approve' | 'reject' | 'return' | 'withdraw' | 'resubmit' | 'auto_approve';
export type ApproverType = 'role' | 'user' | 'unit_manager' | 'parent_unit_manager' | 'finance' | 'legal' | 'gm';
export type StepState = 'approved' | 'current' | 'waiting' | 'rejected' | 'returned';

export interface PersonRef {
  id: number;
  name: string;
}

export interface ApprovalSummary {
  id: number;
  businessType: string;
  businessTypeName: string;
  businessId: string;
  title: string;
  status: ApprovalStatus;
  applicant: PersonRef;
  applicantUnitName: string;
  currentStep: number;
  currentStepName: string | null;
  currentApprovers: PersonRef[];
  stepCount: number;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
}

export interface ApprovalDetail extends ApprovalSummary {
  data: Record<string, unknown>;
  link: string | null;
  steps: {
    index: number;
    name: string;
    approverType: string;
    condition: string | null;
    /** The condition in words, e.g. 「预算合计 > 100,000 元」. */
    conditionText: string | null;
    approvers: PersonRef[];
    state: StepState;
  }[];
  actions: {
    id: number;
    stepIndex: number;
    stepName: string | null;
    action: ApprovalActionKind;
    actor: PersonRef;
    comment: string;
    at: string;
  }[];
  can: { decide: boolean; withdraw: boolean; resubmit: boolean };
}

export interface FlowStep {
  name: string;
  approverType: ApproverType;
  roleCode?: string;
  userId?: number;
  condition?: string;
  conditionText?: string;
}

export interface ApprovalFlow {
  id: number;
  businessType: string;
  businessTypeName: string;
  name: string;
  description: string;
  steps: FlowStep[];
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ApprovalFlowList {
  items: ApprovalFlow[];
  businessTypes: {
    type: string;
    name: string;
    registered: boolean;
    /** Fields step conditions of this type may use. */
    conditionFields: { key: string; label: string; format: 'yuan' | 'rate' | 'number' | 'boolean' | 'text' }[];
  }[];
  approverTypes: { code: ApproverType; name: string }[];
}

export interface InboxFilters {
  businessType?: string;
}

export interface MyApplicationFilters {
  status?: ApprovalStatus;
  businessType?: string;
}

export interface FlowBody {
  businessType?: string;
  name: string;
  description?: string;
  steps: FlowStep[];
  enabled?: boolean;
}

export const approvalsQueryKey = ['approvals'] as const;
export const approvalFlowsQueryKey = ['approval-flows'] as const;

export function listInbox(params: PageParams & InboxFilters): Promise<PageResult<ApprovalSummary>> {
  return api.get('/approvals/inbox', { ...params });
}

export function listMyApplications(params: PageParams & MyApplicationFilters): Promise<PageResult<ApprovalSummary>> {
  return api.get('/approvals/mine', { ...params });
}

export function getApproval(id: number): Promise<ApprovalDetail> {
  return api.get(`/approvals/${id}`);
}

export function listBusinessApprovals(businessType: string, businessId: string): Promise<{ items: ApprovalDetail[] }> {
  return api.get('/approvals', { businessType, businessId });
}

export function approveApproval(id: number, stepIndex: number, comment?: string): Promise<ApprovalDetail> {
  return api.post(`/approvals/${id}/approve`, { stepIndex, ...(comment ? { comment } : {}) });
}

export function rejectApproval(id: number, stepIndex: number, comment: string): Promise<ApprovalDetail> {
  return api.post(`/approvals/${id}/reject`, { stepIndex, comment });
}

export function returnApproval(id: number, stepIndex: number, comment: string): Promise<ApprovalDetail> {
  return api.post(`/approvals/${id}/return`, { stepIndex, comment });
}

export function withdrawApproval(id: number, comment?: string): Promise<ApprovalDetail> {
  return api.post(`/approvals/${id}/withdraw`, comment ? { comment } : {});
}

export function resubmitApproval(
  id: number,
  body: { title?: string; data?: Record<string, unknown>; comment?: string },
): Promise<ApprovalDetail> {
  return api.post(`/approvals/${id}/resubmit`, body);
}


export function listFlows(): Promise<ApprovalFlowList> {
  return api.get('/approval-flows');
}

export function createFlow(body: FlowBody): Promise<ApprovalFlow> {
  return api.post('/approval-flows', body);
}

export function updateFlow(id: number, body: Omit<FlowBody, 'businessType'>): Promise<ApprovalFlow> {
  return api.patch(`/approval-flows/${id}`, body);
}

export function deleteFlow(id: number): Promise<void> {
  return api.delete(`/approval-flows/${id}`);
}
