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
