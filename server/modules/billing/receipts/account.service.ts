import { eq, sql, type SQL } from 'drizzle-orm';
import { requirePermission, type RequestContext } from '../../../platform/access/access';
import { recordAudit } from '../../../platform/audit/audit.service';
import { shanghaiDate } from '../../../platform/dates';
import { queryRows, type DbOrTx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { parseYuan, yuanText } from '../../../platform/money';
import { customers } from '../../customers';
import { billingCustomer, billingScope } from '../billing-scope';
import { creditStandingOf } from '../arrears/credit-hold';
import type { CustomerAccount } from './receipts.schema';

// 客户往来 (R-BIL-05): a customer's money in one place, and the reconciliation that proves the
// ledger identity — receivable = billed − received − written off — for every customer at once,
// computed from the documents' stored figures and again from the allocations themselves.

interface SumsRow {
  customer_id: string | number;
  customer_name: string;
  billed: string;
  paid: string;
  written_off: string;
  positive_open: string;
  credit_notes: string;
  overdue: string;
  allocated_live: string;
  received: string;
  allocated: string;
  deposit_paid: string;
  deposit_offset: string;
  refunded: string;
  refunds_approved: string;
  write_offs_approved: string;
  deposit_refunded: string;
}

const sumsQuery = (where: SQL, today: string) => sql`
  SELECT customers.id AS customer_id, customers.name AS customer_name,
         coalesce(b.billed, 0) AS billed, coalesce(b.paid, 0) AS paid, coalesce(b.written_off, 0) AS written_off,
         coalesce(b.positive_open, 0) AS positive_open, coalesce(b.credit_notes, 0) AS credit_notes, coalesce(b.overdue, 0) AS overdue,
         coalesce(b.deposit_paid, 0) AS deposit_paid,
         coalesce(a.allocated_live, 0) AS allocated_live,
         coalesce(r.received, 0) AS received, coalesce(r.allocated, 0) AS allocated, coalesce(r.deposit_offset, 0) AS deposit_offset,
         coalesce(r.refunded, 0) AS refunded, coalesce(f.approved, 0) AS refunds_approved, coalesce(wo.approved, 0) AS write_offs_approved,
         coalesce(dr.paid, 0) AS deposit_refunded
    FROM customers
    LEFT JOIN (SELECT bl.customer_id, sum(bl.total) AS billed, sum(bl.paid) AS paid, sum(bl.written_off) AS written_off,
                      sum(greatest(bl.total - bl.paid - bl.written_off, 0)) AS positive_open,
                      sum(least(bl.total, 0)) AS credit_notes,
                      coalesce(sum(greatest(bl.total - bl.paid - bl.written_off, 0)) FILTER (WHERE bl.due_date < ${today}), 0) AS overdue,
                      sum(least(bl.paid - coalesce(o.offset_paid, 0), coalesce(d.deposit, 0))) AS deposit_paid
                 FROM bills bl
                 LEFT JOIN (SELECT bill_id, greatest(sum(amount), 0) AS deposit FROM bill_lines WHERE item = 'deposit' AND active = 1 GROUP BY bill_id) d ON d.bill_id = bl.id
                 LEFT JOIN (SELECT a.bill_id, sum(a.amount) AS offset_paid FROM receipt_allocations a JOIN receipts rc ON rc.id = a.receipt_id
                             WHERE a.reversed_on IS NULL AND rc.method = 'deposit_offset' GROUP BY a.bill_id) o ON o.bill_id = bl.id
                WHERE bl.status = 'issued' GROUP BY bl.customer_id) b ON b.customer_id = customers.id
    LEFT JOIN (SELECT customer_id, sum(amount - refunded) AS received, sum(allocated) AS allocated, sum(refunded) AS refunded,
                      coalesce(sum(amount) FILTER (WHERE method = 'deposit_offset'), 0) AS deposit_offset
                 FROM receipts WHERE status = 'recorded' GROUP BY customer_id) r ON r.customer_id = customers.id
    LEFT JOIN (SELECT customer_id, sum(amount) AS allocated_live FROM receipt_allocations WHERE reversed_on IS NULL GROUP BY customer_id) a ON a.customer_id = customers.id
    LEFT JOIN (SELECT customer_id, sum(amount) AS approved FROM credit_refunds WHERE status = 'approved' GROUP BY customer_id) f ON f.customer_id = customers.id
    LEFT JOIN (SELECT w.customer_id, sum(w.amount) AS approved FROM bill_write_offs w JOIN bills wb ON wb.id = w.bill_id AND wb.status = 'issued'
                WHERE w.status = 'approved' GROUP BY w.customer_id) wo ON wo.customer_id = customers.id
    LEFT JOIN (SELECT customer_id, sum(amount) AS paid FROM deposit_refund_stages WHERE status = 'paid' GROUP BY customer_id) dr ON dr.customer_id = customers.id
   WHERE (b.customer_id IS NOT NULL OR r.customer_id IS NOT NULL) AND ${where}
   ORDER BY customers.id`;

function accountOf(row: SumsRow): Omit<CustomerAccount, 'creditStatus'> {
  // A deposit paid back (R-CRD-05) returns what was billed and what was received alike: both are
  // shown net of it, so the receivable, the open bills and the credit do not move.
  const depositRefunded = parseYuan(row.deposit_refunded);
  const billed = parseYuan(row.billed) - depositRefunded;
  const received = parseYuan(row.received) - depositRefunded;
  const writtenOff = parseYuan(row.written_off);
  // receipts net of credit refunds, less what is allocated, is the credit still held
  const unallocated = parseYuan(row.received) - parseYuan(row.allocated);
  const depositHeld = parseYuan(row.deposit_paid) - parseYuan(row.deposit_offset) - depositRefunded;
  return {
    customerId: Number(row.customer_id),
    customerName: row.customer_name,
    billed: yuanText(billed),
    received: yuanText(received),
    writtenOff: yuanText(writtenOff),
    receivable: yuanText(billed - received - writtenOff),
    open: yuanText(parseYuan(row.positive_open)),
    credit: yuanText(unallocated - parseYuan(row.credit_notes)),
    overdue: yuanText(parseYuan(row.overdue)),
    depositHeld: yuanText(depositHeld > 0n ? depositHeld : 0n),
  };
}

const empty = (customerId: number, customerName: string): Omit<CustomerAccount, 'creditStatus'> => ({ customerId, customerName, billed: '0.00', received: '0.00', writtenOff: '0.00', receivable: '0.00', open: '0.00', credit: '0.00', overdue: '0.00', depositHeld: '0.00' });

/**
 * 保证金余额: on each bill the deposit lines are taken as paid first (by money other than deposit
 * offsets, so an offset never makes more deposit), less what was offset against arrears.
 */
export async function depositHeldOf(db: DbOrTx, customerId: number): Promise<{ held: bigint; open: bigint }> {
  const [row] = await queryRows<SumsRow>(db, sumsQuery(eq(customers.id, customerId), '1900-01-01'));
  if (!row) return { held: 0n, open: 0n };
  const account = accountOf(row);
  return { held: parseYuan(account.depositHeld), open: parseYuan(account.open) };
}

/** 客户往来: billed, received, open, credit, overdue and deposit of one customer in scope. */
export async function customerAccount(deps: Deps, ctx: RequestContext, customerId: number): Promise<CustomerAccount> {
  const actor = requirePermission(ctx.actor, 'billing:read');
  const customer = await billingCustomer(deps.db, actor, customerId);
  const today = shanghaiDate(deps.clock.now());
  const [row] = await queryRows<SumsRow>(deps.db, sumsQuery(eq(customers.id, customerId), today));
  const standing = await creditStandingOf(deps.db, customer.id, today, deps.config);
  return { ...(row ? accountOf(row) : empty(customer.id, customer.name)), creditStatus: { ...standing, holdDays: deps.config.creditHoldDays } };
}

export interface ReconciliationProblem {
  customerId: number;
  customerName: string;
  problem: string;
}

/**
 * 对账检查: for every customer in scope, (1) receivable = billed − received − written off equals
 * the open bills less the credit balance, (2) the bills' paid amounts equal their live
 * allocations, (3) the receipts' allocated amounts equal theirs. Lists each difference found.
 */
export async function reconcile(deps: Deps, ctx: RequestContext) {
  const actor = requirePermission(ctx.actor, 'billing:read');
  requirePermission(actor, 'report:read');
  const today = shanghaiDate(deps.clock.now());
  const rows = await queryRows<SumsRow>(deps.db, sumsQuery(billingScope(actor) ?? sql`true`, today));
  const problems: ReconciliationProblem[] = [];
  const totals = { billed: 0n, received: 0n, writtenOff: 0n, receivable: 0n, open: 0n, credit: 0n };
  for (const row of rows) {
    const account = accountOf(row);
    const receivable = parseYuan(account.receivable);
    const netOpen = parseYuan(account.open) - parseYuan(account.credit);
    const name = { customerId: account.customerId, customerName: account.customerName };
    if (receivable !== netOpen) problems.push({ ...name, problem: `应收余额 ${account.receivable} 元 ≠ 未结清账单 ${account.open} 元 − 预收 ${account.credit} 元` });
    if (parseYuan(row.paid) !== parseYuan(row.allocated_live)) problems.push({ ...name, problem: `账单已收合计 ${yuanText(parseYuan(row.paid))} 元 ≠ 有效核销合计 ${yuanText(parseYuan(row.allocated_live))} 元` });
    if (parseYuan(row.allocated) !== parseYuan(row.allocated_live)) problems.push({ ...name, problem: `收款已核销合计 ${yuanText(parseYuan(row.allocated))} 元 ≠ 有效核销合计 ${yuanText(parseYuan(row.allocated_live))} 元` });
    if (parseYuan(row.refunded) !== parseYuan(row.refunds_approved)) problems.push({ ...name, problem: `收款已退还合计 ${yuanText(parseYuan(row.refunded))} 元 ≠ 已批准退款合计 ${yuanText(parseYuan(row.refunds_approved))} 元` });
    if (parseYuan(row.written_off) !== parseYuan(row.write_offs_approved)) problems.push({ ...name, problem: `账单核销合计 ${yuanText(parseYuan(row.written_off))} 元 ≠ 已批准核销合计 ${yuanText(parseYuan(row.write_offs_approved))} 元` });
    totals.billed += parseYuan(account.billed);
    totals.received += parseYuan(account.received);
    totals.writtenOff += parseYuan(account.writtenOff);
    totals.receivable += receivable;
    totals.open += parseYuan(account.open);
    totals.credit += parseYuan(account.credit);
  }
  await deps.db.transaction((tx) => recordAudit(tx, deps.clock, ctx, { action: 'billing_reconcile', entityType: 'billing', summary: `对账检查：${rows.length} 位客户，发现 ${problems.length} 处不符` }));
  return {
    checkedAt: deps.clock.now().toISOString(),
    customers: rows.length,
    balanced: problems.length === 0,
    totals: Object.fromEntries(Object.entries(totals).map(([key, value]) => [key, yuanText(value)])) as Record<keyof typeof totals, string>,
    problems: problems.slice(0, 500),
  };
}
