import { bigint, date, index, integer, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * 定金与认购书 (R-LEA-34): money finance received to reserve a unit, with the subscription's terms
 * fixed when it is recorded — what the 定金 becomes on signing (deposit or rent) and on withdrawal
 * (forfeited or refunded). One per reservation; never edited, only settled.
 */
export const reservationDeposits = pgTable(
  'reservation_deposits',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** The reservation (space_occupancies row of kind reservation). */
    occupancyId: bigint({ mode: 'number' }).notNull(),
    customerId: bigint({ mode: 'number' }).notNull(),
    spaceId: bigint({ mode: 'number' }).notNull(),
    /** small | large (小定 / 大定) */
    kind: text().notNull(),
    amount: numeric({ precision: 16, scale: 2 }).notNull(),
    receivedOn: date({ mode: 'string' }).notNull(),
    /** deposit | rent: what it becomes when the contract is signed. */
    onSigning: text().notNull(),
    /** forfeit | refund: what happens when the customer withdraws. */
    onWithdrawal: text().notNull(),
    /** 认购书 text as agreed. */
    terms: text().notNull(),
    /** held | converted | forfeited | refunded */
    status: text().notNull().default('held'),
    contractId: bigint({ mode: 'number' }),
    settledAt: timestamp({ withTimezone: true }),
    settledById: integer(),
    settleNote: text(),
    createdById: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('reservation_deposits_occupancy_key').on(t.occupancyId), index('reservation_deposits_customer_idx').on(t.customerId, t.status), index('reservation_deposits_contract_idx').on(t.contractId)],
);
