import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * 收款 (R-BIL-05): money finance received from a customer. What is not allocated to bills is the
 * customer's credit balance (预收). A dishonoured cheque or returned transfer is reversed
 * (R-BIL-09): never deleted, its allocations end on the reversal date.
 */
export const receipts = pgTable(
  'receipts',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    number: text().notNull(),
    customerId: bigint({ mode: 'number' }).notNull(),
    method: text().notNull(),
    amount: numeric({ precision: 16, scale: 2 }).notNull(),
    /** Kept equal to the sum of its live allocations (reconciled). */
    allocated: numeric({ precision: 16, scale: 2 }).notNull().default('0'),
    /** Paid back to the customer from its unallocated part (approved credit refunds). */
    refunded: numeric({ precision: 16, scale: 2 }).notNull().default('0'),
    receivedOn: date({ mode: 'string' }).notNull(),
    reference: text(),
    note: text(),
    status: text().notNull(),
    reversedOn: date({ mode: 'string' }),
    reverseReason: text(),
    handoverId: bigint({ mode: 'number' }),
    createdById: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('receipts_number_key').on(t.number),
    uniqueIndex('receipts_handover_key').on(t.handoverId),
    index('receipts_customer_idx').on(t.customerId, t.receivedOn),
    check('receipts_status', sql`${t.status} IN ('recorded', 'reversed')`),
    check('receipts_method', sql`${t.method} IN ('transfer', 'cash', 'cheque', 'deposit_offset')`),
    check('receipts_amounts', sql`${t.amount} > 0 AND ${t.allocated} >= 0 AND ${t.refunded} >= 0 AND ${t.allocated} + ${t.refunded} <= ${t.amount}`),
  ],
);

/** 核销: part of a receipt applied to a bill on a date; ended (not deleted) by a reversal. */
export const receiptAllocations = pgTable(
  'receipt_allocations',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    receiptId: bigint({ mode: 'number' }).notNull(),
    billId: bigint({ mode: 'number' }).notNull(),
    customerId: bigint({ mode: 'number' }).notNull(),
    amount: numeric({ precision: 16, scale: 2 }).notNull(),
    allocatedOn: date({ mode: 'string' }).notNull(),
    reversedOn: date({ mode: 'string' }),
    createdById: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('receipt_allocations_receipt_idx').on(t.receiptId),
    index('receipt_allocations_bill_idx').on(t.billId),
    check('receipt_allocations_amount', sql`${t.amount} > 0`),
  ],
);

/**
 * 现场收款移交 (R-BIL-06): money a specialist collected in the field, waiting for finance to
 * confirm it into a receipt the same day; sales never write receipts themselves.
 */
export const receiptHandovers = pgTable(
  'receipt_handovers',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    customerId: bigint({ mode: 'number' }).notNull(),
    method: text().notNull(),
    amount: numeric({ precision: 16, scale: 2 }).notNull(),
    collectedOn: date({ mode: 'string' }).notNull(),
    reference: text(),
    note: text(),
    status: text().notNull(),
    collectedById: integer().notNull(),
    decidedById: integer(),
    decidedAt: timestamp({ withTimezone: true }),
    rejectReason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('receipt_handovers_status_idx').on(t.status, t.collectedOn),
    check('receipt_handovers_status', sql`${t.status} IN ('pending', 'confirmed', 'rejected')`),
    check('receipt_handovers_method', sql`${t.method} IN ('cash', 'cheque', 'transfer')`),
    check('receipt_handovers_amount', sql`${t.amount} > 0`),
  ],
);
