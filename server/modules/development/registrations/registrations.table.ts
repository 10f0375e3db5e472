import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

// 开发预案报备 (R-DEV-01…03, 13)
export const developmentRegistrations = pgTable(
  'development_registrations',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** From the `registration` number rule, e.g. BB-2026-000012. */
    number: text().notNull(),
    customerId: bigint({ mode: 'number' }).notNull(),
    /** The registering specialist, who holds the exclusive right once approved. */
    ownerId: integer().notNull(),
    unitId: integer().notNull(),
    /** Intended business: a usage/space type code plus free text. */
    intendedBusiness: text().notNull(),
    plan: text().notNull(),
    expectedValue: numeric({ precision: 16, scale: 2 }),
    /** pending | active | rejected | withdrawn | lapsed | completed | reassigned */
    status: text().notNull(),
    approvalId: bigint({ mode: 'number' }),
    submittedAt: timestamp({ withTimezone: true }).notNull(),
    approvedAt: timestamp({ withTimezone: true }),
    exclusiveUntil: timestamp({ withTimezone: true }),
    /** The one extension the managing unit may grant (R-DEV-03). */
    extendedAt: timestamp({ withTimezone: true }),
    extendedById: integer(),
    endedAt: timestamp({ withTimezone: true }),
    endReason: text(),
    /** True when the registration created the customer record (new prospect). */
    createdCustomer: boolean().notNull().default(false),
    /** True when filing it took the customer out of the pool (undone on rejection). */
    tookOwnership: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('development_registrations_number_key').on(t.number),
    // R-DEV-13: one live registration per customer, decided by the database under concurrency.
    uniqueIndex('development_registrations_live_key').on(t.customerId).where(sql`status IN ('pending', 'active')`),
    index('development_registrations_owner_idx').on(t.ownerId, t.submittedAt),
    index('development_registrations_unit_idx').on(t.unitId, t.submittedAt),
    index('development_registrations_customer_idx').on(t.customerId, t.submittedAt),
    index('development_registrations_expiry_idx').on(t.exclusiveUntil).where(sql`status = 'active'`),
  ],
);
