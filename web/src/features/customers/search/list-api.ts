import type { SavedView as SavedViewOf } from '../../../ui/SavedViews';
import type { MessageKey } from '../../../app/i18n/dictionary';
import { api } from '../../../app/api-client';
import type { PageParams, PageResult } from '../../../ui/use-server-table';
import type { CustomerSummary } from '../archive/customers-api';

// Customer list, search, 查重, saved views and bulk actions (R-CUS-06, R-CUS-32, R-PLT-62).

export type AdmissionStatus = 'none' | 'pending' | 'admitted' | 'rejected';

/** The list filters — the same shape the server stores in a saved view. */
export interface CustomerFilters {
  q?: string;
  industryCode?: string;
  natureCode?: string;
  sourceCode?: string;
  usageCode?: string;
  valueCode?: string;
  strategicCode?: string;
  lifecycleCode?: string;
  /** `none` = 公海 customers (no owner) */
  ownerId?: number | 'none';
  unitId?: number;
  grade?: string;
  admissionStatus?: AdmissionStatus;
  blacklisted?: boolean;
  tags?: string[];
  notVerifiedSince?: string;
  createdFrom?: string;
  createdTo?: string;
}

export type SearchMatchKind = 'name_exact' | 'code' | 'uscc' | 'name_prefix' | 'name' | 'pinyin' | 'contact' | 'phone';

export interface CustomerSearchHit {
  id: number;
  code: string;
  name: string;
  shortName: string | null;
  uscc: string | null;
  ownerId: number | null;
  ownerName: string | null;
  unitName: string;
  lifecycleCode: string;
  grade: string | null;
  matchedBy: SearchMatchKind;
  /** e.g. `联系人 张伟 138****5678` when a contact matched */
  matchedText: string | null;
}

export interface DuplicateHit {
  /** false: the record is outside my data scope — only name, owner and status are shown */
  inScope: boolean;
  id?: number;
  code?: string;
  unitName?: string;
  name: string;
  ownerName: string | null;
  lifecycleCode: string;
  matchedBy?: ('name' | 'uscc' | 'phone')[];
  similarity?: number;
}

export interface DuplicateCheckResult {
  exact: DuplicateHit[];
  similar: DuplicateHit[];
}

export type SavedView = SavedViewOf<CustomerFilters>;

export interface BulkResult {
  changed: number;
  unchanged: number;
  skipped: number;
}

export const customerListQueryKey = ['customers', 'list'] as const;

/** Filters as query-string values (tags comma-separated, booleans as text). */
export function filtersToQuery(filters: CustomerFilters): Record<string, string | number | undefined> {
  return {
    ...filters,
    ownerId: filters.ownerId,
    blacklisted: filters.blacklisted === undefined ? undefined : String(filters.blacklisted),
    tags: filters.tags?.length ? filters.tags.join(',') : undefined,
  };
}

/** `total` is counted up to 10,000; `totalCapped` = there are more (shown as 「10,000+ 条」). */
export function listCustomers(params: PageParams & CustomerFilters): Promise<PageResult<CustomerSummary> & { totalCapped: boolean }> {
  const { page, pageSize, sort, ...filters } = params;
  return api.get('/customers', { page, pageSize, sort, ...filtersToQuery(filters) });
}

export function searchCustomers(q: string, limit = 8): Promise<{ items: CustomerSearchHit[] }> {
  return api.get('/customers/search', { q, limit });
}

export function checkDuplicates(query: { name?: string; phone?: string; uscc?: string }): Promise<DuplicateCheckResult> {
  return api.get('/customers/duplicate-check', query);
}

export function bulkTagCustomers(body: { ids: number[]; add: string[]; remove: string[] }): Promise<BulkResult> {
  return api.post('/customers/bulk/tags', body);
}

export const matchKindLabel: Record<SearchMatchKind, MessageKey> = {
  name_exact: 'customers.search.name',
  code: 'customers.search.code',
  uscc: 'customers.search.creditCode',
  name_prefix: 'customers.search.name',
  name: 'customers.search.name',
  pinyin: 'customers.search.pinyin',
  contact: 'customers.search.contacts',
  phone: 'customers.search.phone',
};

/** Fewer than 2 characters cannot be searched (the server answers 400). */
export function isSearchable(text: string): boolean {
  return text.replace(/[\s\p{P}\p{S}]+/gu, '').length >= 2;
}

// Export of the list (R-CUS-31) runs as a background job on the server: start, poll, download.
export interface CustomerExportRun {
  id: number;
  status: 'running' | 'succeeded' | 'failed';
  progress: number;
  total: number | null;
  rowCount: number | null;
  fileName: string | null;
  message: string;
}

export function startCustomerExport(body: { filters: CustomerFilters; columns: string[]; ids?: number[] }): Promise<CustomerExportRun> {
  return api.post('/customer-exports', body);
}

export function getCustomerExport(id: number): Promise<CustomerExportRun> {
  return api.get(`/customer-exports/${id}`);
}

export const customerExportDownloadUrl = (id: number) => `/api/v1/customer-exports/${id}/download`;
