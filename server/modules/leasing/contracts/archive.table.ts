import { bigint, date, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** 合同副本发放 (R-LEA-23): a copy handed to a department, acknowledged by its receiver. */
export const contractCopies = pgTable(
  'contract_copies',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    contractId: bigint({ mode: 'number' }).notNull(),
    receiverId: integer().notNull(),
    purpose: text().notNull(),
    handedOn: date({ mode: 'string' }).notNull(),
    handedById: integer().notNull(),
    acknowledgedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('contract_copies_contract_idx').on(t.contractId), index('contract_copies_receiver_idx').on(t.receiverId)],
);

/** 合同专用章用印登记 (R-LEA-23): every use of the contract seal, linked to its contract. */
export const contractSealUses = pgTable(
  'contract_seal_uses',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    contractId: bigint({ mode: 'number' }).notNull(),
    usedOn: date({ mode: 'string' }).notNull(),
    /** 用印文件: the contract, an annex, a termination agreement… */
    document: text().notNull(),
    copies: integer().notNull(),
    purpose: text(),
    /** Who applied the seal (the seal keeper recording it). */
    keeperId: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('contract_seal_uses_contract_idx').on(t.contractId), index('contract_seal_uses_used_idx').on(t.usedOn, t.id)],
);
