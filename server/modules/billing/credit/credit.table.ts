import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** 资信调查 (R-CRD-06): one enquiry about a customer through one channel, with its report. */
export const creditInvestigations = pgTable(
  'credit_investigations',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    customerId: bigint({ mode: 'number' }).notNull(),
    channel: text().notNull(),
    investigatedOn: date({ mode: 'string' }).notNull(),
    source: text().notNull(),
    findings: text().notNull(),
    assessment: text().notNull(),
    createdById: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('credit_investigations_customer_idx').on(t.customerId, t.investigatedOn),
    check('credit_investigations_channel', sql`${t.channel} IN ('bank', 'registry', 'industry', 'internal', 'site_visit')`),
    check('credit_investigations_assessment', sql`${t.assessment} IN ('good', 'fair', 'poor')`),
  ],
);

/** 付款画像 (R-CRD-06): how the customer pays — attitude, who controls the money, its banks. */
export const paymentProfiles = pgTable('payment_profiles', {
  customerId: bigint({ mode: 'number' }).primaryKey(),
  attitude: text().notNull(),
  moneyController: text(),
  bankRelationships: text(),
  note: text(),
  updatedById: integer().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull(),
});
