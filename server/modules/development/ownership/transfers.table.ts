import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

// 客户转移 (R-DEV-14): reassignment between owners or units, with approval unless done directly
// by the managing unit.
export const customerTransfers = pgTable(
  'customer_transfers',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    customerId: bigint({ mode: 'number' }).notNull(),
    fromUserId: integer(),
    toUserId: integer().notNull(),
    fromUnitId: integer().notNull(),
    toUnitId: integer().notNull(),
    /** transfer (转移) | relocation (搬迁) | departure (离职交接) */
    kind: text().notNull(),
    reason: text().notNull(),
    /** pending | done | rejected | withdrawn */
    status: text().notNull(),
    /** True when the managing unit did it directly, without approval. */
    direct: boolean().notNull().default(false),
    approvalId: bigint({ mode: 'number' }),
    requestedById: integer().notNull(),
    requestedAt: timestamp({ withTimezone: true }).notNull(),
    decidedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('customer_transfers_customer_idx').on(t.customerId, t.requestedAt),
    index('customer_transfers_status_idx').on(t.status, t.requestedAt),
    uniqueIndex('customer_transfers_pending_key').on(t.customerId).where(sql`status = 'pending'`),
  ],
);
