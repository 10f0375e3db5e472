import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * 用量计费 (R-BIL-03): storage tonnage, handling counts and meter readings entered or imported per
 * customer and month, billed with the customer's next bill. A meter's readings chain: each
 * month starts from the previous month's current reading, and never goes down.
 */
export const usageCharges = pgTable(
  'usage_charges',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    customerId: bigint({ mode: 'number' }).notNull(),
    contractId: bigint({ mode: 'number' }),
    item: text().notNull(),
    /** The month the usage belongs to, `YYYY-MM`. */
    period: text().notNull(),
    meterCode: text(),
    previousReading: numeric({ precision: 16, scale: 2 }),
    currentReading: numeric({ precision: 16, scale: 2 }),
    multiplier: numeric({ precision: 10, scale: 4 }),
    quantity: numeric({ precision: 16, scale: 4 }).notNull(),
    unitPrice: numeric({ precision: 16, scale: 4 }).notNull(),
    amount: numeric({ precision: 16, scale: 2 }).notNull(),
    explanation: text().notNull(),
    status: text().notNull(),
    billId: bigint({ mode: 'number' }),
    voidReason: text(),
    createdById: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('usage_charges_customer_idx').on(t.customerId, t.status, t.period),
    uniqueIndex('usage_charges_meter_key').on(t.customerId, t.meterCode, t.period).where(sql`meter_code IS NOT NULL AND status <> 'void'`),
    check('usage_charges_status', sql`${t.status} IN ('pending', 'billed', 'void')`),
    check('usage_charges_quantity', sql`${t.quantity} >= 0 AND ${t.unitPrice} >= 0`),
  ],
);
