import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, numeric, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * 核销坏账 (R-BIL-05): part of a bill written off through approval. While pending, the amount is
 * reserved (no second write-off or receipt can exceed what is left); approved, it counts in
 * `bills.written_off`.
 */
export const billWriteOffs = pgTable(
  'bill_write_offs',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    billId: bigint({ mode: 'number' }).notNull(),
    customerId: bigint({ mode: 'number' }).notNull(),
    amount: numeric({ precision: 16, scale: 2 }).notNull(),
    reason: text().notNull(),
    status: text().notNull(),
    approvalId: bigint({ mode: 'number' }),
    createdById: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    decidedOn: date({ mode: 'string' }),
  },
  (t) => [
    index('bill_write_offs_bill_idx').on(t.billId),
    check('bill_write_offs_status', sql`${t.status} IN ('pending', 'approved', 'rejected', 'withdrawn')`),
    check('bill_write_offs_amount', sql`${t.amount} > 0`),
  ],
);

/**
 * 预收退款 (R-BIL-05): a customer's credit balance paid back through approval. Approved, it is
 * taken from the receipts' unallocated money oldest first (`receipts.refunded`).
 */
export const creditRefunds = pgTable(
  'credit_refunds',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    customerId: bigint({ mode: 'number' }).notNull(),
    amount: numeric({ precision: 16, scale: 2 }).notNull(),
    reason: text().notNull(),
    payee: text().notNull(),
    status: text().notNull(),
    approvalId: bigint({ mode: 'number' }),
    createdById: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    decidedOn: date({ mode: 'string' }),
  },
  (t) => [
    index('credit_refunds_customer_idx').on(t.customerId),
    check('credit_refunds_status', sql`${t.status} IN ('pending', 'approved', 'rejected', 'withdrawn')`),
    check('credit_refunds_amount', sql`${t.amount} > 0`),
  ],
);
