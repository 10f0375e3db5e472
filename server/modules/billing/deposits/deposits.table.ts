import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * 保证金退还 (R-CRD-05): at the end of a contract, after its customer has settled, the deposit it
 * holds is refunded — all at once or in stages — through approval. Part of it may be retained
 * (不予退还, with the reason). Each stage is paid by finance on or after its date.
 */
export const depositRefunds = pgTable(
  'deposit_refunds',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    contractId: bigint({ mode: 'number' }).notNull(),
    customerId: bigint({ mode: 'number' }).notNull(),
    heldAtRequest: numeric({ precision: 16, scale: 2 }).notNull(),
    retained: numeric({ precision: 16, scale: 2 }).notNull().default('0'),
    retainedReason: text(),
    total: numeric({ precision: 16, scale: 2 }).notNull(),
    payee: text().notNull(),
    status: text().notNull(),
    approvalId: bigint({ mode: 'number' }),
    createdById: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    decidedOn: date({ mode: 'string' }),
  },
  (t) => [
    index('deposit_refunds_contract_idx').on(t.contractId, t.status),
    check('deposit_refunds_status', sql`${t.status} IN ('pending', 'approved', 'rejected', 'withdrawn')`),
    check('deposit_refunds_amounts', sql`${t.total} > 0 AND ${t.retained} >= 0`),
  ],
);

/** One stage of a deposit refund: its amount and the day from which it may be paid. */
export const depositRefundStages = pgTable(
  'deposit_refund_stages',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    refundId: bigint({ mode: 'number' }).notNull(),
    contractId: bigint({ mode: 'number' }).notNull(),
    customerId: bigint({ mode: 'number' }).notNull(),
    seq: integer().notNull(),
    amount: numeric({ precision: 16, scale: 2 }).notNull(),
    dueOn: date({ mode: 'string' }).notNull(),
    status: text().notNull(),
    paidOn: date({ mode: 'string' }),
    reference: text(),
    paidById: integer(),
  },
  (t) => [
    uniqueIndex('deposit_refund_stages_key').on(t.refundId, t.seq),
    index('deposit_refund_stages_customer_idx').on(t.customerId, t.status),
    check('deposit_refund_stages_status', sql`${t.status} IN ('planned', 'scheduled', 'paid', 'cancelled')`),
    check('deposit_refund_stages_amount', sql`${t.amount} > 0`),
  ],
);
