import { bigint, date, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** 季度合同台账 (R-LEA-21): each produced version of a quarter's ledger, the file stored by content. */
export const contractLedgerReports = pgTable(
  'contract_ledger_reports',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** e.g. 2026Q3 */
    quarter: text().notNull(),
    version: integer().notNull(),
    fromDate: date({ mode: 'string' }).notNull(),
    toDate: date({ mode: 'string' }).notNull(),
    sha256: text().notNull(),
    sizeBytes: integer().notNull(),
    contracts: integer().notNull(),
    createdById: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('contract_ledger_reports_quarter_version_key').on(t.quarter, t.version)],
);

