import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

// 月度拜访计划 (R-DEV-30): one per specialist and month, approved by the manager.
export const visitPlans = pgTable(
  'visit_plans',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: integer().notNull(),
    unitId: integer().notNull(),
    /** `YYYY-MM` */
    month: text().notNull(),
    /** draft | pending | approved | rejected | returned */
    status: text().notNull().default('draft'),
    submittedAt: timestamp({ withTimezone: true }),
    /** Submitted after the end of the previous month. */
    lateSubmission: boolean().notNull().default(false),
    approvalId: bigint({ mode: 'number' }),
    approvedAt: timestamp({ withTimezone: true }),
    note: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('visit_plans_user_month_key').on(t.userId, t.month), index('visit_plans_unit_idx').on(t.unitId, t.month)],
);

export const visitPlanItems = pgTable(
  'visit_plan_items',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    planId: bigint({ mode: 'number' }).notNull(),
    customerId: bigint({ mode: 'number' }).notNull(),
    plannedDate: date({ mode: 'string' }).notNull(),
    purpose: text().notNull(),
    /** The visit record that fulfilled it. */
    visitId: bigint({ mode: 'number' }),
    /** planned | done | missed | removed */
    status: text().notNull().default('planned'),
  },
  (t) => [index('visit_plan_items_plan_idx').on(t.planId, t.plannedDate), index('visit_plan_items_customer_idx').on(t.customerId)],
);

// 拜访/跟进记录 (R-DEV-31, 33): attached to a customer and optionally a contact or opportunity.
export const visitRecords = pgTable(
  'visit_records',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    customerId: bigint({ mode: 'number' }).notNull(),
    contactId: bigint({ mode: 'number' }),
    opportunityId: bigint({ mode: 'number' }),
    planItemId: bigint({ mode: 'number' }),
    userId: integer().notNull(),
    unitId: integer().notNull(),
    visitDate: date({ mode: 'string' }).notNull(),
    /** onsite 上门 | phone 电话 | wechat 微信 | email 邮件 | inbound 来访 */
    method: text().notNull(),
    participants: jsonb().$type<string[]>().notNull().default([]),
    content: text().notNull(),
    feedback: text(),
    nextStep: text(),
    nextDate: date({ mode: 'string' }),
    /** A valid follow-up keeps ownership (R-DEV-11); set false for e.g. an unanswered call. */
    valid: boolean().notNull().default(true),
    /** The visit moved something forward (stage progress or stated by the specialist). */
    progress: boolean().notNull().default(false),
    reportedAt: timestamp({ withTimezone: true }).notNull(),
    reportDueDate: date({ mode: 'string' }).notNull(),
    late: boolean().notNull().default(false),
    reviewComment: text(),
    reviewedById: integer(),
    reviewedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('visit_records_customer_idx').on(t.customerId, t.visitDate),
    index('visit_records_user_idx').on(t.userId, t.visitDate),
    index('visit_records_unit_idx').on(t.unitId, t.visitDate),
    index('visit_records_opportunity_idx').on(t.opportunityId).where(sql`opportunity_id IS NOT NULL`),
    index('visit_records_unreviewed_idx').on(t.unitId, t.createdAt).where(sql`reviewed_at IS NULL`),
  ],
);

// R-DEV-32: a customer visited N times without progress is proposed for removal from the plan.
export const visitRemovalProposals = pgTable(
  'visit_removal_proposals',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    customerId: bigint({ mode: 'number' }).notNull(),
    userId: integer().notNull(),
    unitId: integer().notNull(),
    visitCount: integer().notNull(),
    /** proposed | confirmed | dismissed */
    status: text().notNull().default('proposed'),
    decidedById: integer(),
    decidedAt: timestamp({ withTimezone: true }),
    note: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('visit_removal_proposals_open_key').on(t.customerId, t.userId).where(sql`status = 'proposed'`),
    index('visit_removal_proposals_unit_idx').on(t.unitId, t.status),
  ],
);
