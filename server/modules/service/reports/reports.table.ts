import { sql } from 'drizzle-orm';
import { bigint, check, date, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export interface ReportSection {
  title: string;
  rows: { label: string; value: number | string | null }[];
}

/**
 * 服务周报 / 月度服务督查报告 (R-SVC-06): a snapshot of all tickets, complaints, return visits and
 * major failures of the period, written by a job on Fridays (the week Saturday–Friday) and on the
 * 1st (the month before) and sent to the GM. Counts only — no names, so 回避 is not at stake.
 */
export const serviceReports = pgTable(
  'service_reports',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    kind: text().notNull(),
    periodStart: date({ mode: 'string' }).notNull(),
    periodEnd: date({ mode: 'string' }).notNull(),
    sections: jsonb().$type<ReportSection[]>().notNull(),
    /** The supervisor's comments to the GM. */
    comments: text(),
    generatedAt: timestamp({ withTimezone: true }).notNull(),
    generatedById: integer(),
  },
  (t) => [uniqueIndex('service_reports_period').on(t.kind, t.periodStart), check('service_reports_kind', sql`${t.kind} IN ('weekly', 'monthly')`)],
);
