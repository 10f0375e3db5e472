import type { MessageKey } from '../../../app/i18n/dictionary';
import { api } from '../../../app/api-client';
import type { PageParams, PageResult } from '../../../ui/use-server-table';

// 资质与准入、黑名单、流失、季度核实、合并 — the compliance endpoints of the customer archive.

/** What the compliance components need of a customer (the detail page passes its record). */
export interface ComplianceCustomer {
  id: number;
  name: string;
  unitId: number;
  admissionStatus: string;
  blacklistLevel: string | null;
  lifecycleCode: string;
  version: number;
}

export type QualificationDocType =
  | 'business_licence'
  | 'org_code'
  | 'tax_registration'
  | 'legal_rep_id'
  | 'bank_permit'
  | 'articles'
  | 'credit_proof'
  | 'financial_statements';

export type QualificationStatus = 'missing' | 'valid' | 'expiring' | 'expired';

export interface Qualification {
  id: number;
  customerId: number;
  docType: QualificationDocType;
  docTypeName: string;
  number: string | null;
  validFrom: string | null;
  validUntil: string | null;
  attachmentId: number | null;
  attachmentName: string | null;
  note: string | null;
  status: QualificationStatus;
  createdAt: string;
  updatedAt: string;
}

export interface QualificationRequirement {
  docType: QualificationDocType;
  docTypeName: string;
  required: boolean;
  status: QualificationStatus;
  qualificationId: number | null;
  validUntil: string | null;
}

export interface QualificationList {
  items: Qualification[];
  requirements: QualificationRequirement[];
  firstTime: boolean;
  admissionStatus: string;
  missing: string[];
}

export interface QualificationBody {
  docType: QualificationDocType;
  number: string;
  validFrom?: string | null;
  validUntil?: string | null;
  attachmentId: number;
  note?: string | null;
}

export interface ComplianceState {
  id: number;
  code: string;
  name: string;
  admissionStatus: string;
  admittedAt: string | null;
  blacklistLevel: string | null;
  blacklistUnitId: number | null;
  lifecycleCode: string;
  lostReasonCode: string | null;
  lostCompetitor: string | null;
  lostNote: string | null;
  lostAt: string | null;
  verifiedAt: string | null;
  verifiedById: number | null;
  mergedIntoId: number | null;
  version: number;
  approvalId: number | null;
}

export type BlacklistLevel = 'unit' | 'company';
export type BlacklistStatus = 'pending' | 'active' | 'rejected' | 'removal_pending' | 'removed';

export interface BlacklistEntry {
  id: number;
  customerId: number;
  customerCode: string;
  customerName: string;
  level: BlacklistLevel;
  unitId: number | null;
  unitName: string | null;
  reason: string;
  evidence: string | null;
  status: BlacklistStatus;
  requestedById: number;
  requestedByName: string | null;
  createdAt: string;
  activatedAt: string | null;
  removedAt: string | null;
  removalReason: string | null;
  approvalId: number | null;
}

export interface BlacklistFilters {
  status?: BlacklistStatus;
  level?: BlacklistLevel;
  q?: string;
}

export interface UnverifiedCustomer {
  id: number;
  code: string;
  name: string;
  ownerId: number | null;
  ownerName: string | null;
  unitId: number;
  unitName: string;
  lifecycleCode: string;
  verifiedAt: string | null;
}

export interface UnverifiedFilters {
  ownerId?: number;
  unitId?: number;
}

export interface UnverifiedPage extends PageResult<UnverifiedCustomer> {
  quarterStart: string;
  byOwner: { ownerId: number | null; ownerName: string | null; count: number }[];
}

export interface MergeResult {
  keptId: number;
  mergedId: number;
  moved: Record<string, number>;
}

export const qualificationStatusLabels: Record<QualificationStatus, { label: MessageKey; color: string }> = {
  missing: { label: 'customers.compliance.missing', color: 'default' },
  valid: { label: 'customers.compliance.valid', color: 'green' },
  expiring: { label: 'customers.compliance.expiringSoon', color: 'orange' },
  expired: { label: 'customers.compliance.expired', color: 'red' },
};

export const admissionStatusLabels: Record<string, { label: MessageKey; color: string }> = {
  none: { label: 'customers.compliance.notAdmitted', color: 'default' },
  pending: { label: 'customers.compliance.admissionInReview2', color: 'processing' },
  admitted: { label: 'customers.compliance.qualified', color: 'green' },
  rejected: { label: 'customers.compliance.admissionRefused', color: 'red' },
};

export const blacklistLevelLabels: Record<BlacklistLevel, MessageKey> = { unit: 'customers.compliance.thisUnit', company: 'customers.compliance.companyWide' };

export const blacklistStatusLabels: Record<BlacklistStatus, { label: MessageKey; color: string }> = {
  pending: { label: 'customers.compliance.inApproval', color: 'processing' },
  active: { label: 'customers.compliance.active', color: 'red' },
  rejected: { label: 'customers.compliance.refused', color: 'default' },
  removal_pending: { label: 'customers.compliance.removalInApproval', color: 'orange' },
  removed: { label: 'customers.compliance.removed', color: 'default' },
};

/** Customer queries share this prefix, so a compliance change refreshes the detail page too. */
export const customersPrefix = ['customers'] as const;
export const qualificationsQueryKey = (customerId: number) => ['customers', customerId, 'qualifications'] as const;
export const customerBlacklistQueryKey = (customerId: number) => ['customers', customerId, 'blacklist'] as const;
export const blacklistQueryKey = ['blacklist'] as const;
export const unverifiedQueryKey = ['customers', 'unverified'] as const;

export function listQualifications(customerId: number): Promise<QualificationList> {
  return api.get(`/customers/${customerId}/qualifications`);
}

export function createQualification(customerId: number, body: QualificationBody): Promise<Qualification> {
  return api.post(`/customers/${customerId}/qualifications`, body);
}

export function updateQualification(customerId: number, id: number, body: Partial<QualificationBody>): Promise<Qualification> {
  return api.patch(`/customers/${customerId}/qualifications/${id}`, body);
}

export function deleteQualification(customerId: number, id: number): Promise<void> {
  return api.delete(`/customers/${customerId}/qualifications/${id}`);
}

export function submitAdmission(customerId: number, note?: string): Promise<ComplianceState> {
  return api.post(`/customers/${customerId}/admission`, note ? { note } : {});
}

export function requestBlacklist(customerId: number, body: { level: BlacklistLevel; reason: string; evidence?: string; unitId?: number }): Promise<BlacklistEntry> {
  return api.post(`/customers/${customerId}/blacklist`, body);
}

export function requestBlacklistRemoval(entryId: number, reason: string): Promise<BlacklistEntry> {
  return api.post(`/blacklist/${entryId}/removal`, { reason });
}

export function listCustomerBlacklist(customerId: number): Promise<{ items: BlacklistEntry[] }> {
  return api.get(`/customers/${customerId}/blacklist`);
}

export function listBlacklist(params: PageParams & BlacklistFilters): Promise<PageResult<BlacklistEntry>> {
  return api.get('/blacklist', { ...params });
}

export function markLost(customerId: number, body: { reasonCode: string; competitor?: string; note: string; version?: number }): Promise<ComplianceState> {
  return api.post(`/customers/${customerId}/lost`, body);
}

export function reactivate(customerId: number, body: { lifecycleCode: string; note?: string; version?: number }): Promise<ComplianceState> {
  return api.post(`/customers/${customerId}/reactivate`, body);
}

export function verifyCustomer(customerId: number, body: { note?: string; version?: number }): Promise<ComplianceState> {
  return api.post(`/customers/${customerId}/verify`, body);
}

export function listUnverified(params: PageParams & UnverifiedFilters): Promise<UnverifiedPage> {
  return api.get('/customers/unverified', { ...params });
}

export function mergeCustomer(customerId: number, intoId: number): Promise<MergeResult> {
  return api.post(`/customers/${customerId}/merge`, { intoId });
}
