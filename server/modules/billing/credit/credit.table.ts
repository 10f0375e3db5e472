import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

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

/**
 * 信用评分卡版本 (R-CRD-01): weights, grade thresholds and rating policies drafted by finance and
 * put into force by leadership approval. One version is active at a time; earlier ones are kept.
 */
export const creditScorecards = pgTable(
  'credit_scorecards',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    version: integer().notNull(),
    weights: jsonb().$type<Record<string, number>>().notNull(),
    thresholds: jsonb().$type<Record<string, number>>().notNull(),
    policies: jsonb().$type<Record<string, { limitMode: string; fixedLimit: string; limitAfterMonths: number; security: boolean }>>().notNull(),
    note: text().notNull(),
    status: text().notNull(),
    approvalId: bigint({ mode: 'number' }),
    createdById: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    activatedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('credit_scorecards_version_key').on(t.version),
    uniqueIndex('credit_scorecards_one_active').on(t.status).where(sql`${t.status} = 'active'`),
    check('credit_scorecards_status', sql`${t.status} IN ('pending', 'active', 'superseded', 'rejected', 'withdrawn')`),
  ],
);

/**
 * 信用评级 (R-CRD-01…03): one assessment of a customer under a scorecard version — a review by a
 * person (`review`) or the daily re-computation of the payment dimension (`auto`). The latest row
 * is the customer's rating; `urgent` marks a sudden drop that was reported.
 */
export const creditRatings = pgTable(
  'credit_ratings',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    customerId: bigint({ mode: 'number' }).notNull(),
    scorecardId: bigint({ mode: 'number' }).notNull(),
    kind: text().notNull(),
    scores: jsonb().$type<Record<string, number>>().notNull(),
    totalScore: numeric({ precision: 5, scale: 2 }).notNull(),
    rating: text().notNull(),
    previousRating: text(),
    basis: text().notNull(),
    behaviour: jsonb().$type<Record<string, unknown>>().notNull(),
    ratedOn: date({ mode: 'string' }).notNull(),
    nextReviewOn: date({ mode: 'string' }).notNull(),
    urgent: boolean().notNull().default(false),
    ratedById: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('credit_ratings_customer_idx').on(t.customerId, t.id),
    index('credit_ratings_review_idx').on(t.nextReviewOn),
    check('credit_ratings_kind', sql`${t.kind} IN ('review', 'auto')`),
    check('credit_ratings_rating', sql`${t.rating} IN ('A', 'B', 'C', 'D')`),
  ],
);

/**
 * 信用措施 (R-CRD-02, 04): countermeasures for deteriorating credit (guarantor, collateral, higher
 * deposit, …) and exceptions above the credit limit — each taken only with the superior's approval.
 */
export const creditMeasures = pgTable(
  'credit_measures',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    customerId: bigint({ mode: 'number' }).notNull(),
    kind: text().notNull(),
    description: text().notNull(),
    amount: numeric({ precision: 14, scale: 2 }),
    validTo: date({ mode: 'string' }),
    status: text().notNull(),
    approvalId: bigint({ mode: 'number' }),
    createdById: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    decidedOn: date({ mode: 'string' }),
  },
  (t) => [
    index('credit_measures_customer_idx').on(t.customerId, t.status),
    check('credit_measures_status', sql`${t.status} IN ('pending', 'approved', 'rejected', 'withdrawn')`),
    check('credit_measures_kind', sql`${t.kind} IN ('guarantor', 'joint_guarantee', 'collateral', 'higher_deposit', 'notarised', 'reduced_supply', 'offset', 'payment_in_kind', 'limit_increase')`),
  ],
);
