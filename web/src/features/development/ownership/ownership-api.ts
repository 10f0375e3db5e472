import type { MessageKey } from '../../../app/i18n/dictionary';
import { api } from '../../../app/api-client';
import type { PageParams, PageResult } from '../../../ui/use-server-table';

// 公海 / 我的客户 / 客户转移 (R-DEV-10…14) — endpoints under /development.

export interface PoolCustomer {
  id: number;
  name: string;
  industryCode: string | null;
  industryName: string | null;
  city: string | null;
  district: string | null;
  sourceCode: string | null;
  sourceName: string | null;
  grade: string | null;
  intentLevel: string | null;
  releasedAt: string | null;
  timesReleased: number;
}

export interface OwnershipState {
  ownerId: number | null;
  ownerName: string | null;
  unitId: number;
  unitName: string;
  ownedSince: string | null;
  protectedUntil: string | null;
  lastFollowUpAt: string | null;
  releaseDueAt: string | null;
  daysLeft: number | null;
  dueSoon: boolean;
  releasedAt: string | null;
}

export interface MyCustomer extends OwnershipState {
  id: number;
  code: string;
  name: string;
  grade: string | null;
  intentLevel: string | null;
}

export interface MyCustomersPage extends PageResult<MyCustomer> {
  ownedCount: number;
  ownerLimit: number;
  dueSoonCount: number;
}

export interface CustomerOwnership extends OwnershipState {
  customerId: number;
  customerName: string;
  pendingTransferId: number | null;
  exclusiveRight: { holderName: string; unitName: string; number: string; until: string | null; status: string } | null;
  canRelease: boolean;
  canAssign: boolean;
  canTransfer: boolean;
}

export interface OwnershipChange {
  id: number;
  kind: string;
  kindName: string;
  fromUserName: string | null;
  toUserName: string | null;
  fromUnitName: string | null;
  toUnitName: string | null;
  reason: string | null;
  actorName: string | null;
  at: string;
}

export type TransferStatus = 'pending' | 'done' | 'rejected' | 'withdrawn';
export type TransferKind = 'transfer' | 'relocation';

export interface Transfer {
  id: number;
  customerId: number;
  customerName: string;
  kind: string;
  fromUserName: string | null;
  toUserName: string;
  fromUnitName: string;
  toUnitName: string;
  reason: string;
  status: TransferStatus;
  direct: boolean;
  approvalId: number | null;
  requestedByName: string;
  requestedAt: string;
  decidedAt: string | null;
}

export interface CreateTransferBody {
  customerId: number;
  toUserId: number;
  kind: TransferKind;
  reason: string;
}

export const transferKindLabels: Record<string, MessageKey> = { transfer: 'development.ownership.transfer', relocation: 'development.ownership.move', departure: 'development.ownership.handOver' };
export const transferStatusLabels: Record<TransferStatus, { label: MessageKey; color: string }> = {
  pending: { label: 'development.ownership.inApproval', color: 'processing' },
  done: { label: 'development.ownership.done', color: 'success' },
  rejected: { label: 'development.ownership.refused', color: 'error' },
  withdrawn: { label: 'development.ownership.withdrawn', color: 'default' },
};

export const ownershipQueryKey = ['development', 'ownership'] as const;
export const poolQueryKey = [...ownershipQueryKey, 'pool'] as const;
export const myCustomersQueryKey = [...ownershipQueryKey, 'mine'] as const;
export const transfersQueryKey = [...ownershipQueryKey, 'transfers'] as const;

export const listPool = (params: PageParams & { q?: string }): Promise<PageResult<PoolCustomer>> => api.get('/development/pool', { ...params });
export const claimCustomer = (id: number) => api.post<{ protectedUntil: string; ownedCount: number; ownerLimit: number }>(`/development/pool/${id}/claim`);
export const listMyCustomers = (params: PageParams & { q?: string; dueSoon?: boolean }): Promise<MyCustomersPage> =>
  api.get('/development/my-customers', { ...params, dueSoon: params.dueSoon ? 'true' : undefined });
export const getCustomerOwnership = (id: number): Promise<CustomerOwnership> => api.get(`/development/customers/${id}/ownership`);
export const listOwnershipHistory = (id: number): Promise<{ items: OwnershipChange[] }> => api.get(`/development/customers/${id}/ownership-history`);
export const releaseCustomer = (id: number, reason: string) => api.post(`/development/customers/${id}/release`, { reason });
export const assignCustomer = (id: number, body: { toUserId: number; reason: string }) => api.post(`/development/customers/${id}/assign`, body);
export const listTransfers = (params: PageParams & { status?: TransferStatus }): Promise<PageResult<Transfer>> => api.get('/development/transfers', { ...params });
export const createTransfer = (body: CreateTransferBody): Promise<Transfer> => api.post('/development/transfers', body);

export interface Candidate {
  id: number;
  name: string;
  username?: string;
  unitName: string;
}

export const listOwnerCandidates = (q: string): Promise<{ items: Candidate[] }> => api.get('/development/owner-candidates', { q });
