import { bigint, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

// 待办 — rule-driven and manual tasks (R-PLT-30). status: open | done | cancelled
export const tasks = pgTable(
  'tasks',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    title: text().notNull(),
    description: text().notNull().default(''),
    assigneeId: integer().notNull(),
    unitId: integer().notNull(),
    dueAt: timestamp({ withTimezone: true }).notNull(),
    status: text().notNull().default('open'),
    recordType: text(),
    recordId: text(),
    /** The rule that created it, e.g. `visit_report_due`; null for manual tasks. */
    ruleKey: text(),
    /** Idempotency key so a rule never creates the same task twice. */
    dedupeKey: text(),
    escalatedAt: timestamp({ withTimezone: true }),
    escalatedToId: integer(),
    createdById: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('tasks_assignee_idx').on(t.assigneeId, t.status, t.dueAt),
    index('tasks_record_idx').on(t.recordType, t.recordId),
    index('tasks_due_idx').on(t.status, t.dueAt),
    uniqueIndex('tasks_dedupe_key').on(t.dedupeKey),
  ],
);
