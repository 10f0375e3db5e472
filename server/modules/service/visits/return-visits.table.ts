import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * 回访 (R-SVC-20, 21): planned automatically per contract (monthly in the first year, quarterly
 * after), per key-account grade, after a closed complaint and before a renewal; then recorded by
 * the visitor — by default not the customer's own account owner — and reviewed by a supervisor.
 * `unit_id` is the unit responsible for return visits (company setting; else the customer's).
 */
export const serviceReturnVisits = pgTable(
  'service_return_visits',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    customerId: bigint({ mode: 'number' }).notNull(),
    contractId: bigint({ mode: 'number' }),
    kind: text().notNull(),
    /** What makes the plan unique: e.g. `contract:12:2027-03-01`, `complaint:7`. */
    planKey: text().notNull(),
    purpose: text().notNull(),
    dueDate: date({ mode: 'string' }).notNull(),
    unitId: integer().notNull(),
    visitorId: integer(),
    status: text().notNull(),
    visitedOn: date({ mode: 'string' }),
    method: text(),
    people: text(),
    businessSituation: text(),
    /** Satisfaction per aspect, 1–5: service, facilities, billing, security, overall. */
    scores: jsonb().$type<Record<string, number>>(),
    opinions: text(),
    expenses: numeric({ precision: 12, scale: 2 }),
    followUps: jsonb().$type<{ action: string; as: 'task' | 'ticket'; ref: number }[]>(),
    reportDueOn: date({ mode: 'string' }),
    recordedAt: timestamp({ withTimezone: true }),
    recordedLate: integer(),
    reviewedById: integer(),
    reviewedAt: timestamp({ withTimezone: true }),
    reviewNote: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('service_return_visits_plan_key').on(t.planKey),
    index('service_return_visits_due_idx').on(t.unitId, t.dueDate),
    index('service_return_visits_customer_idx').on(t.customerId, t.dueDate),
    check('service_return_visits_kind', sql`${t.kind} IN ('contract', 'key_account', 'complaint', 'renewal')`),
    check('service_return_visits_status', sql`${t.status} IN ('planned', 'recorded', 'reviewed', 'cancelled')`),
    check('service_return_visits_method', sql`${t.method} IS NULL OR ${t.method} IN ('visit', 'phone', 'video', 'other')`),
    check('service_return_visits_expenses', sql`${t.expenses} IS NULL OR ${t.expenses} >= 0`),
  ],
);
