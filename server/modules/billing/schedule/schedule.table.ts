import { bigint, date, index, integer, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * 账单计划 (R-BIL-02): the lines a contract's schedule gave when it took effect. Generated once
 * per contract (the unique key makes a re-run add nothing); bills are issued from them.
 */
export const billingScheduleLines = pgTable(
  'billing_schedule_lines',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    contractId: bigint({ mode: 'number' }).notNull(),
    customerId: bigint({ mode: 'number' }).notNull(),
    period: integer().notNull(),
    periodStart: date({ mode: 'string' }).notNull(),
    periodEnd: date({ mode: 'string' }).notNull(),
    dueDate: date({ mode: 'string' }).notNull(),
    item: text().notNull(),
    basis: text().notNull(),
    lineStart: date({ mode: 'string' }).notNull(),
    lineEnd: date({ mode: 'string' }).notNull(),
    unitPrice: numeric({ precision: 16, scale: 4 }).notNull(),
    billedDays: integer().notNull(),
    freeDays: integer().notNull(),
    months: text(),
    amount: numeric({ precision: 16, scale: 2 }).notNull(),
    explanation: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('billing_schedule_lines_key').on(t.contractId, t.period, t.item, t.lineStart),
    index('billing_schedule_lines_due_idx').on(t.dueDate),
    index('billing_schedule_lines_customer_idx').on(t.customerId, t.dueDate),
  ],
);
