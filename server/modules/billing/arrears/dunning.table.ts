import { sql } from 'drizzle-orm';
import { bigint, check, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * 欠费预警 (R-BIL-11): each step taken on a bill — the reminder before its due date, then the
 * owner, the manager and legal as the days overdue grow — once per bill and step.
 */
export const dunningSteps = pgTable(
  'dunning_steps',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    billId: bigint({ mode: 'number' }).notNull(),
    step: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('dunning_steps_key').on(t.billId, t.step), check('dunning_steps_step', sql`${t.step} IN ('reminder', 'owner', 'manager', 'legal')`)],
);
