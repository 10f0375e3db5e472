import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * 客户关怀 (R-SVC-23) for key accounts: birthdays of key persons and festivals of the official
 * calendar, planned 30 days ahead with a reminder to the account owner; the December round of
 * gifts with next year's needs; 新业务优先告知 recorded as done. A gift needs an approved budget.
 */
export const serviceCareActions = pgTable(
  'service_care_actions',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    customerId: bigint({ mode: 'number' }).notNull(),
    kind: text().notNull(),
    /** What makes the plan unique: `birthday:12:2026`, `festival:7:春节:2027`, `december:7:2026`. */
    planKey: text().notNull(),
    title: text().notNull(),
    occasionDate: date({ mode: 'string' }).notNull(),
    keyPersonId: bigint({ mode: 'number' }),
    /** The account owner reminded (at planning time). */
    ownerId: integer(),
    status: text().notNull(),
    gift: text(),
    budget: numeric({ precision: 12, scale: 2 }),
    budgetStatus: text().notNull().default('none'),
    approvalId: integer(),
    actualCost: numeric({ precision: 12, scale: 2 }),
    outcome: text(),
    /** The December round: next year's needs, as the customer told them. */
    needs: text(),
    doneAt: timestamp({ withTimezone: true }),
    doneById: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('service_care_actions_plan_key').on(t.planKey),
    index('service_care_actions_date_idx').on(t.occasionDate),
    index('service_care_actions_customer_idx').on(t.customerId, t.occasionDate),
    check('service_care_actions_kind', sql`${t.kind} IN ('birthday', 'festival', 'december', 'new_business')`),
    check('service_care_actions_status', sql`${t.status} IN ('planned', 'done', 'skipped')`),
    check('service_care_actions_budget_status', sql`${t.budgetStatus} IN ('none', 'pending', 'approved', 'rejected')`),
    check('service_care_actions_money', sql`(${t.budget} IS NULL OR ${t.budget} > 0) AND (${t.actualCost} IS NULL OR ${t.actualCost} >= 0)`),
  ],
);
