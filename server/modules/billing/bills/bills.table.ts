import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * 开账批次 (R-BIL-04): one billing run per month, carried out customer by customer. Each
 * customer's bill is its own transaction, so a run that stops is resumed from where it was and
 * never issues a second bill (the bills' unique key).
 */
export const billingRuns = pgTable(
  'billing_runs',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** The month billed, `YYYY-MM`: lines due up to its last day. */
    period: text().notNull(),
    status: text().notNull(),
    customersTotal: integer().notNull().default(0),
    customersDone: integer().notNull().default(0),
    billsIssued: integer().notNull().default(0),
    amount: numeric({ precision: 16, scale: 2 }).notNull().default('0'),
    error: text(),
    startedById: integer(),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    // one run of a month at a time
    uniqueIndex('billing_runs_running_key').on(t.period).where(sql`status = 'running'`),
    check('billing_runs_status', sql`${t.status} IN ('running', 'succeeded', 'failed')`),
  ],
);

/** 账单: one per customer per month (voided ones aside); money in numeric(16,2) yuan. */
export const bills = pgTable(
  'bills',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    number: text().notNull(),
    customerId: bigint({ mode: 'number' }).notNull(),
    period: text().notNull(),
    runId: bigint({ mode: 'number' }),
    issueDate: date({ mode: 'string' }).notNull(),
    /** The earliest due date of its lines: ageing counts from here (R-BIL-10). */
    dueDate: date({ mode: 'string' }).notNull(),
    total: numeric({ precision: 16, scale: 2 }).notNull(),
    /** Allocated receipts (kept equal to the sum of its live allocations; reconciled). */
    paid: numeric({ precision: 16, scale: 2 }).notNull().default('0'),
    writtenOff: numeric({ precision: 16, scale: 2 }).notNull().default('0'),
    status: text().notNull(),
    voidReason: text(),
    voidedOn: date({ mode: 'string' }),
    voidedById: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('bills_number_key').on(t.number),
    uniqueIndex('bills_customer_period_key').on(t.customerId, t.period).where(sql`status = 'issued'`),
    index('bills_customer_idx').on(t.customerId, t.dueDate),
    index('bills_period_idx').on(t.period),
    check('bills_status', sql`${t.status} IN ('issued', 'void')`),
    check('bills_paid_range', sql`${t.paid} >= 0 AND ${t.writtenOff} >= 0 AND ${t.paid} + ${t.writtenOff} <= GREATEST(${t.total}, 0)`),
  ],
);

/**
 * 账单明细: a copy of the schedule line it bills (its explanation included), a usage charge, or an adjustment
 * (调整) when an amendment or an early end changed lines already billed. Keyed by the contract's
 * period and charge item, which survive a re-computation of the schedule.
 */
export const billLines = pgTable(
  'bill_lines',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    billId: bigint({ mode: 'number' }).notNull(),
    customerId: bigint({ mode: 'number' }).notNull(),
    contractId: bigint({ mode: 'number' }),
    scheduleLineId: bigint({ mode: 'number' }),
    period: integer(),
    item: text().notNull(),
    kind: text().notNull(),
    lineStart: date({ mode: 'string' }),
    lineEnd: date({ mode: 'string' }),
    dueDate: date({ mode: 'string' }).notNull(),
    amount: numeric({ precision: 16, scale: 2 }).notNull(),
    explanation: text().notNull(),
    /** False once its bill is voided: the schedule line is billable again. */
    active: integer().notNull().default(1),
  },
  (t) => [
    // A bill's lines in order; also its first line (its contract, for late fees and dunning):
    // on (bill_id) alone the planner walked the primary key from the first line ever issued.
    index('bill_lines_bill_idx').on(t.billId, t.id),
    index('bill_lines_contract_idx').on(t.contractId, t.period, t.item),
    // A billing run reads each customer's billed lines once per customer (linesToBill): without
    // this, every bill of a run scanned all lines issued so far.
    index('bill_lines_customer_idx').on(t.customerId, t.contractId, t.period, t.item),
    check('bill_lines_kind', sql`${t.kind} IN ('schedule', 'adjustment', 'usage', 'late_fee', 'rebate')`),
  ],
);

/**
 * 滞纳金 (R-BIL-11): what each billing run charged on an overdue bill, as late days counted so
 * far. The next run charges only the days since; voiding the bill that carried a charge makes
 * those days chargeable again.
 */
export const lateFeeAccruals = pgTable(
  'late_fee_accruals',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    sourceBillId: bigint({ mode: 'number' }).notNull(),
    customerId: bigint({ mode: 'number' }).notNull(),
    /** The bill whose line charges it. */
    billId: bigint({ mode: 'number' }).notNull(),
    accruedTo: date({ mode: 'string' }).notNull(),
    /** Late days (after the grace days) charged up to and including `accruedTo`. */
    daysLate: integer().notNull(),
    amount: numeric({ precision: 16, scale: 2 }).notNull(),
    active: integer().notNull().default(1),
  },
  (t) => [index('late_fee_accruals_source_idx').on(t.sourceBillId), index('late_fee_accruals_bill_idx').on(t.billId)],
);
