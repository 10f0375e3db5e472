import { bigint, date, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * 入驻清单 (R-LEA-33): the move-in steps of a signed contract — business registration, tax,
 * decoration approval, access cards, keys, meter readings — each with an owner and a date.
 */
export const contractMoveInItems = pgTable(
  'contract_move_in_items',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    contractId: bigint({ mode: 'number' }).notNull(),
    /** registration | tax | decoration | access_cards | keys | meter_readings */
    code: text().notNull(),
    ownerId: integer().notNull(),
    dueDate: date({ mode: 'string' }).notNull(),
    /** open | done */
    status: text().notNull().default('open'),
    note: text(),
    doneAt: timestamp({ withTimezone: true }),
    doneById: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('contract_move_in_items_key').on(t.contractId, t.code), index('contract_move_in_items_owner_idx').on(t.ownerId, t.status)],
);

/** 财务确认到账: finance confirms the deposit and first payment of a contract arrived (R-LEA-33). */
export const contractPaymentConfirmations = pgTable(
  'contract_payment_confirmations',
  {
    contractId: bigint({ mode: 'number' }).primaryKey(),
    note: text(),
    confirmedById: integer().notNull(),
    confirmedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
);
