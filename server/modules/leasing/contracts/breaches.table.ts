import { sql } from 'drizzle-orm';
import { bigint, date, index, integer, numeric, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** 违约记录 (R-LEA-22): a breach of a contract with its measures; reported to legal and executives. */
export const contractBreaches = pgTable(
  'contract_breaches',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    contractId: bigint({ mode: 'number' }).notNull(),
    customerId: bigint({ mode: 'number' }).notNull(),
    /** arrears | misuse | sublet | safety | damage | other */
    breachType: text().notNull(),
    occurredOn: date({ mode: 'string' }).notNull(),
    description: text().notNull(),
    /** Amount involved (arrears, penalty), yuan. */
    amount: numeric({ precision: 16, scale: 2 }),
    /** warning | notice | penalty | other */
    measures: text().array().notNull(),
    /** open | closed */
    status: text().notNull().default('open'),
    result: text(),
    /** Set when opened by a rule (e.g. arrears over 2 months, R-BIL-11) rather than by a person. */
    ruleKey: text(),
    createdById: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp({ withTimezone: true }),
    closedById: integer(),
  },
  (t) => [index('contract_breaches_contract_idx').on(t.contractId, t.occurredOn)],
);

/** 提前解除 (R-LEA-32): the application, its negotiated settlement and the approval deciding it. */
export const contractTerminations = pgTable(
  'contract_terminations',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    contractId: bigint({ mode: 'number' }).notNull(),
    /** The customer's written application (date received). */
    requestedOn: date({ mode: 'string' }).notNull(),
    /** Last day of the lease; the units are free from the next day. */
    terminationDate: date({ mode: 'string' }).notNull(),
    reason: text().notNull(),
    negotiationResult: text().notNull(),
    /** Pro-rated rent up to the termination date still due, penalty, deposit refunded, yuan. */
    rentDue: numeric({ precision: 16, scale: 2 }).notNull(),
    penalty: numeric({ precision: 16, scale: 2 }).notNull(),
    depositRefund: numeric({ precision: 16, scale: 2 }).notNull(),
    /** pending | approved | rejected | withdrawn */
    status: text().notNull().default('pending'),
    approvalId: bigint({ mode: 'number' }),
    createdById: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('contract_terminations_contract_idx').on(t.contractId)],
);

/**
 * 纠纷 (R-LEA-22): a dispute over a contract — parties, claim, legal opinion, measures, outcome.
 * While one is open the customer is 有争议: the renewal decision is the executive's (R-LEA-31).
 */
export const contractDisputes = pgTable(
  'contract_disputes',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    contractId: bigint({ mode: 'number' }).notNull(),
    customerId: bigint({ mode: 'number' }).notNull(),
    openedOn: date({ mode: 'string' }).notNull(),
    /** 当事人: who is in dispute with whom. */
    parties: text().notNull(),
    /** 争议请求: what is claimed. */
    claim: text().notNull(),
    claimAmount: numeric({ precision: 16, scale: 2 }),
    legalOpinion: text(),
    measures: text(),
    /** open | closed */
    status: text().notNull().default('open'),
    outcome: text(),
    createdById: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp({ withTimezone: true }),
    closedById: integer(),
  },
  (t) => [index('contract_disputes_contract_idx').on(t.contractId), index('contract_disputes_open_customer_idx').on(t.customerId).where(sql`status = 'open'`)],
);
