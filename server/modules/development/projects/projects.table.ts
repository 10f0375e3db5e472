import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

// 新客户开发立项 (R-DEV-50)
export const developmentProjects = pgTable(
  'development_projects',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** From the number rules, e.g. SJ-2026-000001. */
    number: text().notNull(),
    customerId: bigint({ mode: 'number' }).notNull(),
    name: text().notNull(),
    background: text().notNull(),
    /** Expected annual business volume, CNY. */
    expectedAnnualVolume: numeric({ precision: 16, scale: 2 }).notNull(),
    /** Target that counts as success (12-month rule). */
    target: text(),
    ownerId: integer().notNull(),
    unitId: integer().notNull(),
    /** draft | pending | active | rejected | won | terminated */
    status: text().notNull().default('draft'),
    approvalId: bigint({ mode: 'number' }),
    approvedAt: timestamp({ withTimezone: true }),
    /** Spending cap before the breakthrough (copied from the unit settings at approval). */
    preBreakthroughCap: numeric({ precision: 16, scale: 2 }).notNull(),
    breakthroughAt: timestamp({ withTimezone: true }),
    lastProgressAt: timestamp({ withTimezone: true }),
    /** null | no_progress_3m | review_6m | report_12m — the strongest flag that applies. */
    flag: text(),
    reviewRequired: boolean().notNull().default(false),
    reportRequired: boolean().notNull().default(false),
    reportText: text(),
    reportSubmittedAt: timestamp({ withTimezone: true }),
    closedAt: timestamp({ withTimezone: true }),
    closeReason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('development_projects_number_key').on(t.number),
    index('development_projects_owner_idx').on(t.ownerId, t.status),
    index('development_projects_unit_idx').on(t.unitId, t.status),
    index('development_projects_customer_idx').on(t.customerId),
    index('development_projects_active_idx').on(t.lastProgressAt).where(sql`status = 'active'`),
  ],
);

export const developmentProjectBudgetItems = pgTable(
  'development_project_budget_items',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    projectId: bigint({ mode: 'number' }).notNull(),
    /** e.g. 差旅, 招待, 礼品, 宣传, 其他 */
    category: text().notNull(),
    amount: numeric({ precision: 16, scale: 2 }).notNull(),
    note: text(),
  },
  (t) => [index('development_project_budget_items_project_idx').on(t.projectId)],
);

export const developmentProjectExpenses = pgTable(
  'development_project_expenses',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    projectId: bigint({ mode: 'number' }).notNull(),
    budgetItemId: bigint({ mode: 'number' }).notNull(),
    amount: numeric({ precision: 16, scale: 2 }).notNull(),
    spentOn: date({ mode: 'string' }).notNull(),
    /** Spent before the breakthrough (counts against the cap). */
    preBreakthrough: boolean().notNull(),
    note: text().notNull(),
    recordedById: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('development_project_expenses_project_idx').on(t.projectId, t.spentOn)],
);

export const developmentProjectProgress = pgTable(
  'development_project_progress',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    projectId: bigint({ mode: 'number' }).notNull(),
    reportedOn: date({ mode: 'string' }).notNull(),
    content: text().notNull(),
    /** The report marks the breakthrough (突破). */
    breakthrough: boolean().notNull().default(false),
    recordedById: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('development_project_progress_project_idx').on(t.projectId, t.reportedOn)],
);
