import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, numeric, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * 对账单 (R-BIL-08): a statement of account sent to a customer for a period — its opening and
 * closing balance as they stood when it was made — and the customer's confirmation or dispute.
 */
export const accountStatements = pgTable(
  'account_statements',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    customerId: bigint({ mode: 'number' }).notNull(),
    fromDate: date({ mode: 'string' }).notNull(),
    toDate: date({ mode: 'string' }).notNull(),
    opening: numeric({ precision: 16, scale: 2 }).notNull(),
    closing: numeric({ precision: 16, scale: 2 }).notNull(),
    status: text().notNull(),
    response: text(),
    createdById: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    respondedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('account_statements_customer_idx').on(t.customerId, t.toDate), check('account_statements_status', sql`${t.status} IN ('sent', 'confirmed', 'disputed')`)],
);
