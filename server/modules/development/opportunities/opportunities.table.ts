import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

// 商机 (R-DEV-20…23). Stages come from the `opportunity_stage` dictionary (configurable order);
// `won` and `lost` are the fixed terminal stages.
export const opportunities = pgTable(
  'opportunities',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** From the number rules, e.g. SJ-2026-000001. */
    number: text().notNull(),
    customerId: bigint({ mode: 'number' }).notNull(),
    name: text().notNull(),
    ownerId: integer().notNull(),
    unitId: integer().notNull(),
    /** `space_type` dictionary code and required area in m². */
    spaceTypeCode: text(),
    area: numeric({ precision: 12, scale: 2 }),
    budget: numeric({ precision: 16, scale: 2 }),
    amount: numeric({ precision: 16, scale: 2 }),
    /** 0–100 */
    probability: integer().notNull().default(10),
    expectedSignDate: date({ mode: 'string' }),
    stageCode: text().notNull(),
    /** open | won | lost */
    status: text().notNull().default('open'),
    /** 意向级别 A/B/C/D (R-DEV-23) */
    intentLevel: text().notNull().default('C'),
    lostReasonCode: text(),
    lostNote: text(),
    lastFollowUpAt: timestamp({ withTimezone: true }),
    stageChangedAt: timestamp({ withTimezone: true }).notNull(),
    /** Set by the stale rule (R-DEV-22); cleared by the next follow-up. */
    stale: boolean().notNull().default(false),
    closedAt: timestamp({ withTimezone: true }),
    note: text(),
    createdById: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    version: integer().notNull().default(1),
  },
  (t) => [
    uniqueIndex('opportunities_number_key').on(t.number),
    index('opportunities_customer_idx').on(t.customerId),
    index('opportunities_owner_idx').on(t.ownerId, t.status),
    index('opportunities_unit_idx').on(t.unitId, t.status),
    index('opportunities_stage_idx').on(t.stageCode, t.updatedAt),
    index('opportunities_open_follow_up_idx').on(t.lastFollowUpAt).where(sql`status = 'open'`),
  ],
);

// Every stage move, for the funnel (R-DEV-21) and the "progress" tests of R-DEV-03 / R-DEV-32.
export const opportunityStageChanges = pgTable(
  'opportunity_stage_changes',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    opportunityId: bigint({ mode: 'number' }).notNull(),
    customerId: bigint({ mode: 'number' }).notNull(),
    fromStage: text(),
    toStage: text().notNull(),
    /** True when the move goes forward in the configured stage order. */
    forward: boolean().notNull(),
    ownerId: integer().notNull(),
    unitId: integer().notNull(),
    actorId: integer(),
    at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('opportunity_stage_changes_opp_idx').on(t.opportunityId, t.at),
    index('opportunity_stage_changes_customer_idx').on(t.customerId, t.at),
    index('opportunity_stage_changes_at_idx').on(t.at),
  ],
);
