import { bigint, date, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * 履约节点 (R-LEA-24): an obligation of the contract — a payment, a delivery, an inspection under
 * the 安全管理协议 — by a date; its owner is reminded ahead to remind the customer.
 */
export const contractMilestones = pgTable(
  'contract_milestones',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    contractId: bigint({ mode: 'number' }).notNull(),
    /** payment | delivery | inspection | other */
    kind: text().notNull(),
    title: text().notNull(),
    dueDate: date({ mode: 'string' }).notNull(),
    ownerId: integer().notNull(),
    /** Days before the due date the owner is reminded. */
    remindDays: integer().notNull().default(7),
    /** open | done */
    status: text().notNull().default('open'),
    note: text(),
    doneAt: timestamp({ withTimezone: true }),
    doneById: integer(),
    createdById: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('contract_milestones_contract_idx').on(t.contractId, t.dueDate), index('contract_milestones_open_due_idx').on(t.status, t.dueDate)],
);
