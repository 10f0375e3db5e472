import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * 服务工单 (R-SVC-01…04): a customer's request as taken — channel, category, description,
 * priority — with its one current owner (首问负责制: the taker, until a logged transfer; a single
 * NOT NULL column, so never none and never two) and the deadline from the category matrix.
 */
export const serviceTickets = pgTable(
  'service_tickets',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    number: text().notNull(),
    customerId: bigint({ mode: 'number' }).notNull(),
    contactName: text().notNull(),
    contactPhone: text(),
    channel: text().notNull(),
    category: text().notNull(),
    description: text().notNull(),
    priority: text().notNull(),
    status: text().notNull(),
    /** The one current owner, and their unit (the scope of the ticket follows it). */
    ownerId: integer().notNull(),
    unitId: integer().notNull(),
    takenById: integer().notNull(),
    dueAt: timestamp({ withTimezone: true }).notNull(),
    keyAccount: boolean().notNull().default(false),
    /** An open ticket of the same customer and category this one repeats (重复来电). */
    repeatOfId: bigint({ mode: 'number' }),
    resolution: text(),
    resolvedAt: timestamp({ withTimezone: true }),
    /** 一次办结: resolved by its taker with no transfer and no work order. */
    firstContactResolved: boolean(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('service_tickets_number_key').on(t.number),
    index('service_tickets_customer_idx').on(t.customerId, t.status),
    index('service_tickets_owner_idx').on(t.ownerId, t.status),
    index('service_tickets_unit_idx').on(t.unitId, t.createdAt),
    check('service_tickets_channel', sql`${t.channel} IN ('phone', 'visit', 'letter', 'email', 'im')`),
    check('service_tickets_priority', sql`${t.priority} IN ('normal', 'high', 'urgent')`),
    check('service_tickets_status', sql`${t.status} IN ('open', 'resolved', 'closed')`),
  ],
);

/** 转办记录 (R-SVC-02): every change of owner, with who handed over, to whom, and why. */
export const serviceTicketTransfers = pgTable(
  'service_ticket_transfers',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    ticketId: bigint({ mode: 'number' }).notNull(),
    fromId: integer().notNull(),
    toId: integer().notNull(),
    reason: text().notNull(),
    byId: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('service_ticket_transfers_ticket_idx').on(t.ticketId, t.id)],
);

/**
 * 派工单 (R-SVC-03): work sent to a department (optionally a technician) with a due time; the
 * result, cost and whether it is chargeable; the customer's confirmation. A chargeable one goes
 * to billing as a charge on the customer's next bill when the customer confirms it.
 */
export const serviceWorkOrders = pgTable(
  'service_work_orders',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    ticketId: bigint({ mode: 'number' }).notNull(),
    customerId: bigint({ mode: 'number' }).notNull(),
    unitId: integer().notNull(),
    assigneeId: integer(),
    instructions: text().notNull(),
    dueAt: timestamp({ withTimezone: true }).notNull(),
    status: text().notNull(),
    result: text(),
    cost: numeric({ precision: 14, scale: 2 }),
    chargeable: boolean().notNull().default(false),
    chargeItem: text(),
    doneAt: timestamp({ withTimezone: true }),
    doneById: integer(),
    confirmedBy: text(),
    satisfied: boolean(),
    confirmationNote: text(),
    confirmedAt: timestamp({ withTimezone: true }),
    /** The billing charge a chargeable order became. */
    chargeId: bigint({ mode: 'number' }),
    createdById: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('service_work_orders_ticket_idx').on(t.ticketId),
    index('service_work_orders_unit_idx').on(t.unitId, t.status),
    check('service_work_orders_status', sql`${t.status} IN ('open', 'done', 'confirmed', 'cancelled')`),
    check('service_work_orders_cost', sql`${t.cost} IS NULL OR ${t.cost} >= 0`),
  ],
);

/**
 * 派单矩阵 (R-SVC-04): per ticket category, the responsible department and the deadline in
 * hours — shorter for key accounts (钻石/白金/VIP grades and government bodies).
 */
export const serviceCategoryRules = pgTable('service_category_rules', {
  category: text().primaryKey(),
  unitId: integer(),
  deadlineHours: integer().notNull(),
  keyAccountDeadlineHours: integer().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull(),
});
