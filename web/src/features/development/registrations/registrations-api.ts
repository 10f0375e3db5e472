import type { MessageKey } from '../../../app/i18n/dictionary';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../app/api-client';
import type { PageParams, PageResult } from '../../../ui/use-server-table';

// 开发预案报备 (R-DEV-01…03, 13): API helpers of the registrations page and the customer tab.

export type RegistrationStatus = 'pending' | 'active' | 'rejected' | 'withdrawn' | 'lapsed' | 'completed' | 'reassigned';

export const registrationStatusTags: Record<RegistrationStatus, { label: MessageKey; color: string }> = {
  pending: { label: 'development.registrations.inApproval', color: 'processing' },
  active: { label: 'development.registrations.exclusive', color: 'green' },
  rejected: { label: 'development.registrations.refused', color: 'red' },
  withdrawn: { label: 'development.registrations.withdrawn', color: 'default' },
  lapsed: { label: 'development.registrations.lapsed', color: 'orange' },
  completed: { label: 'development.registrations.done', color: 'cyan' },
  reassigned: { label: 'development.registrations.reassigned', color: 'purple' },
};

export interface Registration {
  id: number;
  number: string;
  customerId: number;
  customerName: string;
  customerCode: string;
  holderId: number;
  holderName: string;
  unitId: number;
  unitName: string;
  intendedBusiness: string;
  plan: string;
  expectedValue: string | null;
  status: RegistrationStatus;
  statusLabel: string;
  approvalId: number | null;
  submittedAt: string;
  approvedAt: string | null;
  exclusiveUntil: string | null;
  remainingSeconds: number | null;
  extendedAt: string | null;
  extendedByName: string | null;
  endedAt: string | null;
  endReason: string | null;
  createdCustomer: boolean;
  tookOwnership: boolean;
  canExtend: boolean;
  canReassign: boolean;
}

export interface RegistrationFilters {
  status?: RegistrationStatus;
  keyword?: string;
  holderId?: number;
  unitId?: number;
  customerId?: number;
}

export interface NewProspect {
  name: string;
  uscc?: string | null;
  industryCode?: string | null;
  sourceCode?: string | null;
  contact?: { name: string; mobile?: string | null } | null;
}

export interface CreateRegistrationBody {
  customerId?: number;
  newCustomer?: NewProspect;
  intendedBusiness: string;
  plan: string;
  expectedValue?: number | null;
}

export interface ExclusiveRight {
  registrationId: number;
  number: string;
  status: 'pending' | 'active';
  holderId: number;
  holderName: string;
  unitId: number;
  unitName: string;
  until: string | null;
  remainingSeconds: number | null;
}

export const registrationsQueryKey = ['development', 'registrations'] as const;
export const exclusiveRightQueryKey = (customerId: number) => ['development', 'exclusive-right', customerId] as const;

export function listRegistrations(params: PageParams & RegistrationFilters): Promise<PageResult<Registration>> {
  return api.get('/development/registrations', { ...params });
}

export function getRegistration(id: number): Promise<Registration> {
  return api.get(`/development/registrations/${id}`);
}

export function createRegistration(body: CreateRegistrationBody): Promise<Registration> {
  return api.post('/development/registrations', body);
}

export function extendRegistration(id: number, reason: string): Promise<Registration> {
  return api.post(`/development/registrations/${id}/extend`, { reason });
}

export function reassignRegistration(id: number, body: { toUserId: number; reason: string }): Promise<Registration> {
  return api.post(`/development/registrations/${id}/reassign`, body);
}

export function getExclusiveRight(customerId: number): Promise<{ right: ExclusiveRight | null }> {
  return api.get(`/development/customers/${customerId}/exclusive-right`);
}

export function useExclusiveRight(customerId: number | undefined) {
  return useQuery({
    queryKey: exclusiveRightQueryKey(customerId ?? 0),
    queryFn: () => getExclusiveRight(customerId!),
    enabled: Boolean(customerId),
  });
}

export interface PoolHit {
  id: number;
  name: string;
  city: string | null;
  industryName: string | null;
}

/** Pool customers (公海) by name, for registering one of them. */
export function searchPool(q: string): Promise<PageResult<PoolHit>> {
  return api.get('/development/pool', { q, page: 1, pageSize: 8 });
}

export interface Candidate {
  id: number;
  name: string;
  username?: string;
  unitName: string;
}

export function listCandidates(q: string): Promise<{ items: Candidate[] }> {
  return api.get('/development/owner-candidates', { q });
}
