import { bigint, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

// 编号规则 (R-PLT-51): pattern tokens {YYYY} {YY} {MM} {DD} {unit} {seq:N}; reset: never | yearly | monthly
export const numberRules = pgTable(
  'number_rules',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    docType: text().notNull(),
    name: text().notNull(),
    pattern: text().notNull(),
    reset: text().notNull().default('yearly'),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('number_rules_doc_type_key').on(t.docType)],
);

// One counter per rule, period and unit; incremented inside the caller's transaction so a
// rolled-back document gives its number back (gap-free).
export const numberSequences = pgTable(
  'number_sequences',
  {
    ruleId: integer().notNull(),
    periodKey: text().notNull(),
    unitCode: text().notNull(),
    lastValue: bigint({ mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.periodKey, t.unitCode] })],
);
