import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, jsonb, numeric, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * 资费优惠 (R-BIL-20): a discount — a rate or an amount, on some charge items, for a period —
 * requested for a customer (and optionally one contract) and approved at the level its size
 * needs. The rate is a sensitive field (R-PLT-04).
 */
export const discountRequests = pgTable(
  'discount_requests',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    customerId: bigint({ mode: 'number' }).notNull(),
    contractId: bigint({ mode: 'number' }),
    kind: text().notNull(),
    rate: numeric({ precision: 6, scale: 4 }),
    amount: numeric({ precision: 16, scale: 2 }),
    items: jsonb().$type<string[]>().notNull(),
    validFrom: date({ mode: 'string' }).notNull(),
    validTo: date({ mode: 'string' }).notNull(),
    reason: text().notNull(),
    status: text().notNull(),
    approvalId: bigint({ mode: 'number' }),
    createdById: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    decidedOn: date({ mode: 'string' }),
    /** 1 within the unit's standard range, 2 the next level up, 3 the GM (by the customer's grade). */
    level: integer().notNull().default(1),
  },
  (t) => [
    index('discount_requests_customer_idx').on(t.customerId, t.status),
    check('discount_requests_kind', sql`(${t.kind} = 'rate' AND ${t.rate} > 0 AND ${t.rate} < 1) OR (${t.kind} = 'amount' AND ${t.amount} > 0)`),
    check('discount_requests_status', sql`${t.status} IN ('pending', 'approved', 'rejected', 'withdrawn')`),
  ],
);

/**
 * 优惠权限 (R-BIL-20): per customer grade (`*` for any other, including ungraded), the largest
 * discount the unit manager approves alone and the largest the next level approves; beyond that
 * the GM. Edited by administrators.
 */
export const discountCeilings = pgTable('discount_ceilings', {
  grade: text().primaryKey(),
  unitRate: numeric({ precision: 6, scale: 4 }).notNull(),
  unitAmount: numeric({ precision: 16, scale: 2 }).notNull(),
  nextRate: numeric({ precision: 6, scale: 4 }).notNull(),
  nextAmount: numeric({ precision: 16, scale: 2 }).notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull(),
});
