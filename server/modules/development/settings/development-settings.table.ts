import { boolean, integer, jsonb, numeric, pgTable, timestamp } from 'drizzle-orm/pg-core';

/**
 * 客户开发规则 per org unit (R-DEV-02, 11, 12, 22, 31, 50). A unit without its own row inherits
 * from the nearest ancestor that has one, and finally from the shipped defaults.
 */
export const developmentSettings = pgTable('development_settings', {
  unitId: integer().primaryKey(),
  /** Exclusive development right of an approved registration (R-DEV-02), default 30 days. */
  exclusiveDays: integer().notNull(),
  /** Protection period after a claim or new registration (R-DEV-11), default 60 days. */
  protectionDays: integer().notNull(),
  /** Without a valid follow-up for this long the customer returns to the pool, default 90 days. */
  releaseDays: integer().notNull(),
  /** Warning task this many days before the release, default 7. */
  releaseWarningDays: integer().notNull(),
  /** Owned-customer limit per role code (R-DEV-12); roles not listed use `defaultOwnerLimit`. */
  ownerLimits: jsonb().$type<Record<string, number>>().notNull().default({}),
  defaultOwnerLimit: integer().notNull(),
  /** An open opportunity needs a follow-up at least this often (R-DEV-22), default 30 days. */
  opportunityFollowUpDays: integer().notNull(),
  /** Visit report due within N days of the visit (R-DEV-31), default 2 … */
  visitReportDays: integer().notNull(),
  /** … counted in working days when true. */
  visitReportWorkdays: boolean().notNull().default(false),
  /** Visits without progress before removal from the plan is proposed (R-DEV-32), default 5. */
  visitsWithoutProgress: integer().notNull(),
  /** Development projects (R-DEV-50): spending cap before the breakthrough, CNY. */
  projectPreBreakthroughCap: numeric({ precision: 16, scale: 2 }).notNull(),
  /** Share by which an expense item may exceed its budget line, e.g. 0.05. */
  projectOverBudgetRate: numeric({ precision: 6, scale: 4 }).notNull(),
  updatedById: integer(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
