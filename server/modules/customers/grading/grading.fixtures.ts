import type { DbOrTx } from '../../../platform/db/client';
import { unique } from '../../../test/harness';
import { insertCustomer } from '../../../test/customers';
import { customerRevenue, type customers } from '../customers.table';

// Test data for classification & grading: customers inserted directly (with search keys, code,
// unit and owner) and their monthly revenue, so grading tests do not depend on the create API.

export interface GradingCustomerInput {
  unitId: number;
  ownerId?: number | null;
  grade?: string | null;
  name?: string;
  /** `{ '2026-01': '180000.00' }` — month → amount. */
  revenue?: Record<string, string>;
  valueCode?: string | null;
  strategicCode?: string | null;
  lifecycleCode?: string;
  industryCode?: string | null;
  usageCodes?: string[];
}

export async function insertRevenue(db: DbOrTx, customerId: number, revenue: Record<string, string>): Promise<void> {
  const rows = Object.entries(revenue).map(([month, amount]) => ({ customerId, month: `${month}-01`, amount }));
  if (rows.length) await db.insert(customerRevenue).values(rows);
}

export async function insertGradingCustomer(db: DbOrTx, input: GradingCustomerInput): Promise<typeof customers.$inferSelect> {
  const { revenue, name, ...fields } = input;
  const row = await insertCustomer(db, { ...fields, name: name ?? `${unique('分级测试')}有限公司` });
  if (revenue) await insertRevenue(db, row.id, revenue);
  return row;
}

/** Spreads an annual amount evenly over the 12 months of the default test window (2025-03…2026-02). */
export function yearOf(monthly: string): Record<string, string> {
  const months = ['2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02'];
  return Object.fromEntries(months.map((m) => [m, monthly]));
}
