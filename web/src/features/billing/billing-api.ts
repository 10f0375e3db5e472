import { api, buildQueryString } from '../../app/api-client';
import type { PageParams, PageResult } from '../../ui/use-server-table';
import type { Ageing, Bill, BillDetail, BillingRun, CustomerAccount, Handover, ReceiptDetail, Receipt, ReceiptMethod } from '../../../../server/modules/billing';

// 账单、收款与欠费 (R-BIL-04…10): /api/v1/billing-runs, /bills, /receipts, /receipt-handovers,
// /billing/ageing and /billing/reconciliation. Money is a decimal string of yuan ("1200.50").

export type { Ageing, Bill, BillDetail, BillingRun, CustomerAccount, Handover, ReceiptDetail, Receipt, ReceiptMethod };

export interface BillFilters {
  q?: string;
  customerId?: number;
  period?: string;
  settlement?: 'open' | 'unpaid' | 'partial' | 'paid' | 'void';
  overdue?: 'true';
}
export type BillPage = PageResult<Bill> & { sums: { total: string; paid: string; open: string } };
export interface ReceiptFilters {
  q?: string;
  customerId?: number;
  method?: ReceiptMethod;
  status?: 'recorded' | 'reversed';
}
export type ReceiptPage = PageResult<Receipt> & { sums: { amount: string; unallocated: string } };
export interface Reconciliation {
  checkedAt: string;
  customers: number;
  balanced: boolean;
  totals: { billed: string; received: string; writtenOff: string; receivable: string; open: string; credit: string };
  problems: { customerId: number; customerName: string; problem: string }[];
}
export interface AllocationInput {
  billId: number;
  amount: string;
}
export interface RecordReceiptInput {
  customerId: number;
  method: ReceiptMethod;
  amount: string;
  receivedOn: string;
  reference?: string;
  note?: string;
  allocations?: AllocationInput[];
}

export const billsKey = ['bills'] as const;
export const receiptsKey = ['receipts'] as const;

export const listBillingRuns = () => api.get<BillingRun[]>('/billing-runs');
export const getBillingRun = (id: number) => api.get<BillingRun>(`/billing-runs/${id}`);
export const startBillingRun = (period: string) => api.post<BillingRun>('/billing-runs', { period });
export const listBills = (params: PageParams & BillFilters) => api.get<BillPage>('/bills', { ...params });
export const getBill = (id: number) => api.get<BillDetail>(`/bills/${id}`);
export const voidBill = (id: number, reason: string) => api.post<BillDetail>(`/bills/${id}/void`, { reason });
export const billsExportUrl = (filters: BillFilters) => `/api/v1/bills/export${buildQueryString({ ...filters })}`;
export const billNoticeUrl = (id: number) => `/api/v1/bills/${id}/notice`;

export const listReceipts = (params: PageParams & ReceiptFilters) => api.get<ReceiptPage>('/receipts', { ...params });
export const getReceipt = (id: number) => api.get<ReceiptDetail>(`/receipts/${id}`);
export const recordReceipt = (body: RecordReceiptInput) => api.post<ReceiptDetail>('/receipts', body);
export const allocateReceipt = (id: number, allocations?: AllocationInput[]) => api.post<ReceiptDetail>(`/receipts/${id}/allocate`, { allocations });
export const reverseReceipt = (id: number, body: { reason: string; reversedOn: string }) => api.post<ReceiptDetail>(`/receipts/${id}/reverse`, body);
export const customerAccount = (customerId: number) => api.get<CustomerAccount>(`/customers/${customerId}/account`);

export const listHandovers = (status?: Handover['status']) => api.get<Handover[]>('/receipt-handovers', status ? { status } : undefined);
export const createHandover = (body: { customerId: number; method: Handover['method']; amount: string; collectedOn: string; reference?: string; note?: string }) => api.post<Handover>('/receipt-handovers', body);
export const confirmHandover = (id: number) => api.post<Handover>(`/receipt-handovers/${id}/confirm`);
export const rejectHandover = (id: number, reason: string) => api.post<Handover>(`/receipt-handovers/${id}/reject`, { reason });

export const getAgeing = (asOf: string | undefined, groupBy: 'customer' | 'owner' | 'unit') => api.get<Ageing>('/billing/ageing', { asOf, groupBy });
export const getReconciliation = () => api.get<Reconciliation>('/billing/reconciliation');

/** "1200.5" → 120050n; text that is not an amount counts as zero. */
export function fenOf(value: string | undefined): bigint {
  const match = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec((value ?? '').trim());
  if (!match) return 0n;
  const fen = BigInt(match[2]!) * 100n + BigInt((match[3] ?? '').padEnd(2, '0'));
  return match[1] ? -fen : fen;
}

/** Sum of yuan strings without floating point: "1200.50" + "0.25" → "1200.75". */
export function addYuan(...values: string[]): string {
  return yuanOf(values.reduce((acc, value) => acc + fenOf(value), 0n));
}

/** 120050n → "1200.50". */
export function yuanOf(fen: bigint): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  return `${negative ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** "1234567.5" → "1,234,567.50" for tables and totals. */
export function money(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const [whole = '0', fraction = ''] = value.split('.');
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction.padEnd(2, '0').slice(0, 2)}`;
}
