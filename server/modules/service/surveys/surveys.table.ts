import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { SurveyAnswers, SurveyQuestion } from './surveys.schema';

/** 满意度调查 (R-SVC-22): a questionnaire defined by the service managers. */
export const serviceSurveys = pgTable(
  'service_surveys',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    title: text().notNull(),
    description: text(),
    questions: jsonb().$type<SurveyQuestion[]>().notNull(),
    status: text().notNull(),
    createdById: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [check('service_surveys_status', sql`${t.status} IN ('draft', 'active', 'closed')`)],
);

/**
 * One customer's copy of a survey: answered by staff on the customer's behalf or by the customer
 * through a one-time link. Only the SHA-256 of the link's token is stored; the link works until it
 * expires or is answered, once. `unit_id` is the customer's unit (results per unit, scope).
 */
export const serviceSurveyInvitations = pgTable(
  'service_survey_invitations',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    surveyId: bigint({ mode: 'number' }).notNull(),
    customerId: bigint({ mode: 'number' }).notNull(),
    unitId: integer().notNull(),
    contactName: text(),
    tokenHash: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    sentById: integer().notNull(),
    sentAt: timestamp({ withTimezone: true }).notNull(),
    answers: jsonb().$type<SurveyAnswers>(),
    answeredAt: timestamp({ withTimezone: true }),
    /** link | staff */
    answeredVia: text(),
    answeredById: integer(),
  },
  (t) => [
    uniqueIndex('service_survey_invitations_token_key').on(t.tokenHash),
    index('service_survey_invitations_survey_idx').on(t.surveyId, t.unitId),
    check('service_survey_invitations_via', sql`${t.answeredVia} IS NULL OR ${t.answeredVia} IN ('link', 'staff')`),
  ],
);
