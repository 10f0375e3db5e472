import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * 重大故障 (R-SVC-05): a failure that affects customers' business. On record it notifies each
 * affected customer's account owner (the signing specialist), the responsible unit's manager and
 * top management; a fix that will be late is registered with the reason told to the customers;
 * problems reported upward carry the executive's 批示; it ends with a 故障分析报告 sent to the
 * customers (status `closed`).
 */
export const serviceIncidents = pgTable(
  'service_incidents',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    number: text().notNull().unique(),
    title: text().notNull(),
    description: text().notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    /** The responsible unit and its manager when recorded. */
    unitId: integer().notNull(),
    managerId: integer().notNull(),
    status: text().notNull(),
    expectedFixAt: timestamp({ withTimezone: true }).notNull(),
    fixedAt: timestamp({ withTimezone: true }),
    fixSummary: text(),
    /** 故障分析报告: impact, cause, corrective and preventive actions. */
    report: jsonb().$type<{ impact: string; cause: string; corrective: string; preventive: string }>(),
    reportSentAt: timestamp({ withTimezone: true }),
    reportChannel: text(),
    reportSentById: integer(),
    /** Everyone notified when it was recorded (owners, manager, executives). */
    notifiedUserIds: integer().array().notNull(),
    createdById: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('service_incidents_unit_idx').on(t.unitId, t.occurredAt),
    check('service_incidents_status', sql`${t.status} IN ('open', 'fixed', 'closed')`),
    check('service_incidents_channel', sql`${t.reportChannel} IS NULL OR ${t.reportChannel} IN ('email', 'letter', 'visit', 'other')`),
  ],
);

export const serviceIncidentCustomers = pgTable(
  'service_incident_customers',
  {
    incidentId: bigint({ mode: 'number' }).notNull(),
    customerId: bigint({ mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.customerId] }), index('service_incident_customers_customer_idx').on(t.customerId)],
);

/** The handling record: delays told to the customers, instructions asked and given, the fix, the report. */
export const serviceIncidentLog = pgTable(
  'service_incident_log',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    incidentId: bigint({ mode: 'number' }).notNull(),
    kind: text().notNull(),
    note: text().notNull(),
    /** delay: the new expected fix time and when and how the customers were told. */
    expectedFixAt: timestamp({ withTimezone: true }),
    toldAt: timestamp({ withTimezone: true }),
    channel: text(),
    /** instruction: the executive asked; `answer` is the 批示 once given. */
    executiveId: integer(),
    answer: text(),
    answeredAt: timestamp({ withTimezone: true }),
    byId: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('service_incident_log_incident_idx').on(t.incidentId, t.id),
    check('service_incident_log_kind', sql`${t.kind} IN ('recorded', 'delay', 'instruction', 'fixed', 'report', 'sent')`),
  ],
);
