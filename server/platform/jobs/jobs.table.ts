import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

// 定时任务 — admin-editable schedule per registered job (R-PLT-32).
export const jobSchedules = pgTable('job_schedules', {
  jobKey: text().primaryKey(),
  cron: text().notNull(),
  enabled: boolean().notNull().default(true),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

// One row per run. (job_key, period_key) is unique, so with several instances on one
// PostgreSQL only the first to insert a period runs it. status: running | succeeded | failed
export const jobRuns = pgTable(
  'job_runs',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    jobKey: text().notNull(),
    periodKey: text().notNull(),
    status: text().notNull().default('running'),
    progress: integer().notNull().default(0),
    total: integer(),
    message: text().notNull().default(''),
    output: jsonb().$type<Record<string, unknown>>(),
    triggeredById: integer(),
    instanceId: text(),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    heartbeatAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex('job_runs_period_key').on(t.jobKey, t.periodKey), index('job_runs_started_idx').on(t.jobKey, t.startedAt)],
);
