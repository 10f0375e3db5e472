import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * 投诉 (R-SVC-10…13) and 抱怨 (a grievance noted without a formal complaint). Need-to-know: the
 * complaint is seen by its taker, handler and investigator, the managers above the handler and
 * service supervisors — never by anyone in `avoid_user_ids` (the person complained about and,
 * if the company says so, their direct manager), fixed when the target is recorded.
 */
export const serviceComplaints = pgTable(
  'service_complaints',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    number: text().notNull(),
    kind: text().notNull(),
    /** customer | regulator | association: forwarded by a regulator or association (R-SVC-13). */
    source: text().notNull(),
    forwardedBy: text(),
    customerId: bigint({ mode: 'number' }).notNull(),
    complainantName: text().notNull(),
    contactPhone: text(),
    channel: text().notNull(),
    family: text().notNull(),
    subtype: text().notNull(),
    targetUserId: integer(),
    targetUnitId: integer(),
    facts: text().notNull(),
    eventAt: timestamp({ withTimezone: true }).notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull(),
    takenById: integer().notNull(),
    handlerId: integer().notNull(),
    investigatorId: integer(),
    avoidUserIds: integer().array().notNull().default(sql`'{}'::integer[]`),
    status: text().notNull(),
    plan: text(),
    planAt: timestamp({ withTimezone: true }),
    findings: text(),
    findingsAt: timestamp({ withTimezone: true }),
    validity: text(),
    severity: text(),
    criterion: text(),
    classificationNote: text(),
    classifiedAt: timestamp({ withTimezone: true }),
    meetingAt: timestamp({ withTimezone: true }),
    meetingAttendees: text(),
    meetingDecision: text(),
    notifyAuthorities: boolean(),
    reply: text(),
    repliedAt: timestamp({ withTimezone: true }),
    satisfaction: text(),
    closedAt: timestamp({ withTimezone: true }),
    reopenCount: integer().notNull().default(0),
    accountableUserId: integer(),
    accountableUnitId: integer(),
    accountabilityMeasure: text(),
    planEscalatedAt: timestamp({ withTimezone: true }),
    resolveEscalatedAt: timestamp({ withTimezone: true }),
    /** R-SVC-12 / R-DEV-14: the customer's service handed to a staff member of another department. */
    handedOverToId: integer(),
    handedOverAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('service_complaints_number_key').on(t.number),
    index('service_complaints_received_idx').on(t.receivedAt),
    index('service_complaints_handler_idx').on(t.handlerId, t.status),
    index('service_complaints_customer_idx').on(t.customerId),
    check('service_complaints_kind', sql`${t.kind} IN ('complaint', 'grievance')`),
    check('service_complaints_source', sql`${t.source} IN ('customer', 'regulator', 'association')`),
    check('service_complaints_status', sql`${t.status} IN ('handling', 'waiting', 'replied', 'closed')`),
    check('service_complaints_family', sql`${t.family} IN ('service', 'business')`),
    check(
      'service_complaints_class',
      sql`(${t.validity} IS NULL AND ${t.severity} IS NULL) OR (${t.validity} = 'valid' AND ${t.severity} IN ('general', 'serious')) OR (${t.validity} = 'invalid' AND ${t.severity} IN ('general', 'malicious'))`,
    ),
    check('service_complaints_satisfaction', sql`${t.satisfaction} IS NULL OR ${t.satisfaction} IN ('satisfied', 'dissatisfied')`),
  ],
);

/** 等待客户 and other pauses of the clocks, visible on the complaint (R-SVC-12). */
export const serviceComplaintPauses = pgTable(
  'service_complaint_pauses',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    complaintId: bigint({ mode: 'number' }).notNull(),
    reason: text().notNull(),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    endedAt: timestamp({ withTimezone: true }),
    byId: integer().notNull(),
  },
  (t) => [
    index('service_complaint_pauses_idx').on(t.complaintId, t.startedAt),
    // At most one open pause per complaint.
    uniqueIndex('service_complaint_pauses_open_key').on(t.complaintId).where(sql`${t.endedAt} IS NULL`),
  ],
);

/** The handling record: every step with who did it and when (plan, findings, meeting, reply, …). */
export const serviceComplaintLog = pgTable(
  'service_complaint_log',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    complaintId: bigint({ mode: 'number' }).notNull(),
    action: text().notNull(),
    note: text().notNull(),
    byId: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('service_complaint_log_idx').on(t.complaintId, t.id)],
);

/** 节假日值班表 (R-SVC-06): who covers service on a day; a covered day off keeps the clocks running. */
export const serviceDutyRoster = pgTable(
  'service_duty_roster',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    day: date({ mode: 'string' }).notNull(),
    userId: integer().notNull(),
    note: text(),
    createdById: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('service_duty_roster_key').on(t.day, t.userId)],
);

/** Company settings of customer service (one row). */
export const serviceSettings = pgTable('service_settings', {
  id: integer().primaryKey(),
  /** 回避 extends to the direct manager of the person complained about. */
  avoidManagerChain: boolean().notNull().default(true),
  /** The unit that makes return visits (R-SVC-20); none: each customer's own unit. */
  returnVisitUnitId: integer(),
  updatedById: integer(),
  updatedAt: timestamp({ withTimezone: true }).notNull(),
});

/** 月度投诉分析 (R-SVC-14): the manager's causes and improvement actions for a month. */
export const serviceComplaintAnalyses = pgTable('service_complaint_analyses', {
  month: text().primaryKey(),
  causes: text().notNull(),
  actions: text().notNull(),
  updatedById: integer().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull(),
});
