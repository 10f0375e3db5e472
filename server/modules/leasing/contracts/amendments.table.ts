import { sql } from 'drizzle-orm';
import { bigint, date, index, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { ContractTerms } from './contract-terms';

/** What an amendment changes: the contract's customer, units, term end and terms, before and after. */
export interface AmendmentState {
  customerId: number;
  customerName: string;
  endDate: string;
  units: { spaceId: number; fullCode: string; area: string }[];
  totalArea: string;
  terms: ContractTerms;
}

/**
 * 变更/补充协议 (R-LEA-30): a written application changing an effective contract from a date —
 * area, units (added, removed, 换房), tenant name (换名 with a transfer fee), price terms or the
 * term — approved with legal review, then signed as an annex, when it applies. The applied ones,
 * in order of their dates, are the segments billing recomputes the schedule from (R-BIL-02).
 */
export const contractAmendments = pgTable(
  'contract_amendments',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    contractId: bigint({ mode: 'number' }).notNull(),
    /** 第 N 号补充协议 of the contract. */
    seq: integer().notNull(),
    /** area | units_add | units_remove | swap | rename | price | term */
    kinds: text().array().notNull(),
    requestedOn: date({ mode: 'string' }).notNull(),
    effectiveDate: date({ mode: 'string' }).notNull(),
    reason: text().notNull(),
    before: jsonb().$type<AmendmentState>().notNull(),
    after: jsonb().$type<AmendmentState>().notNull(),
    /** 换名/过户 fee (yuan), billed on the effective date. */
    transferFee: numeric({ precision: 16, scale: 2 }),
    /** The changes in words, for lists, the ledger and the approval. */
    summary: text().notNull(),
    /** pending | approved | effective | rejected | withdrawn */
    status: text().notNull().default('pending'),
    approvalId: bigint({ mode: 'number' }),
    annexScanId: bigint({ mode: 'number' }),
    signedDate: date({ mode: 'string' }),
    createdById: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp({ withTimezone: true }),
    appliedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('contract_amendments_seq_key').on(t.contractId, t.seq),
    // One amendment under way per contract at a time.
    uniqueIndex('contract_amendments_open_key').on(t.contractId).where(sql`status IN ('pending', 'approved')`),
    index('contract_amendments_contract_idx').on(t.contractId, t.effectiveDate),
  ],
);
