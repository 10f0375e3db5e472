import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** One step of a flow definition (R-PLT-21). */
export interface FlowStepDef {
  name: string;
  /** role | user | unit_manager | parent_unit_manager | finance | legal | gm */
  approverType: string;
  roleCode?: string;
  userId?: number;
  /** Optional condition on the request data, e.g. `amount > 500000` or `discountRate > 0.1`. */
  condition?: string;
}

/** A step as resolved for one instance: who may decide it. */
export interface ResolvedStep {
  name: string;
  approverType: string;
  approverIds: number[];
  condition?: string;
}

// 审批流程定义 — one per business type, editable by admins.
export const approvalFlows = pgTable(
  'approval_flows',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    businessType: text().notNull(),
    name: text().notNull(),
    description: text().notNull().default(''),
    steps: jsonb().$type<FlowStepDef[]>().notNull().default([]),
    enabled: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('approval_flows_business_type_key').on(t.businessType)],
);

// 审批实例 — pending | approved | rejected | returned | withdrawn
export const approvalInstances = pgTable(
  'approval_instances',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    flowId: integer()
      .notNull()
      .references(() => approvalFlows.id),
    businessType: text().notNull(),
    businessId: text().notNull(),
    title: text().notNull(),
    applicantId: integer().notNull(),
    applicantUnitId: integer().notNull(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    status: text().notNull().default('pending'),
    currentStep: integer().notNull().default(0),
    steps: jsonb().$type<ResolvedStep[]>().notNull().default([]),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('approval_instances_business_idx').on(t.businessType, t.businessId),
    index('approval_instances_applicant_idx').on(t.applicantId, t.createdAt),
    index('approval_instances_status_idx').on(t.status),
    // 待我审批: the current step's approvers of pending instances, the very expression of
    // awaitingUser(), so the inbox reads the index instead of filtering every pending instance.
    index('approval_instances_current_approvers_idx')
      .using('gin', sql`(${t.steps} -> ${t.currentStep} -> 'approverIds') jsonb_path_ops`)
      .where(sql`${t.status} = 'pending'`),
  ],
);

// 审批记录 — submit | approve | reject | return | withdraw | resubmit, each timestamped with its comment.
export const approvalActions = pgTable(
  'approval_actions',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    instanceId: bigint({ mode: 'number' })
      .notNull()
      .references(() => approvalInstances.id),
    stepIndex: integer().notNull(),
    actorId: integer().notNull(),
    action: text().notNull(),
    comment: text().notNull().default(''),
    at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('approval_actions_instance_idx').on(t.instanceId, t.id)],
);
