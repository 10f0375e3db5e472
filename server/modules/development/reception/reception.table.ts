import { bigint, boolean, index, integer, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

// 来访来电登记 (R-DEV-40)
export const receptionRecords = pgTable(
  'reception_records',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    unitId: integer().notNull(),
    /** visit 来访 | call 来电 */
    kind: text().notNull(),
    timeIn: timestamp({ withTimezone: true }).notNull(),
    timeOut: timestamp({ withTimezone: true }),
    /** An existing customer, or null for a new prospect described below. */
    customerId: bigint({ mode: 'number' }),
    prospectName: text(),
    contactName: text(),
    contactPhone: text(),
    companions: integer().notNull().default(0),
    spaceTypeCode: text(),
    area: numeric({ precision: 12, scale: 2 }),
    sourceCode: text(),
    summary: text(),
    receiverId: integer().notNull(),
    /** named | previous | rotation | manual (R-DEV-41) */
    assignment: text().notNull(),
    namedSpecialistId: integer(),
    siteTour: boolean().notNull().default(false),
    /** The customer record created from this prospect in one step. */
    convertedCustomerId: bigint({ mode: 'number' }),
    createdById: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('reception_records_unit_idx').on(t.unitId, t.timeIn),
    index('reception_records_receiver_idx').on(t.receiverId, t.timeIn),
    index('reception_records_customer_idx').on(t.customerId),
    index('reception_records_phone_idx').on(t.contactPhone),
  ],
);

// 轮流接待 (R-DEV-41): the fixed order of specialists per unit and the make-up debts.
export const receptionRotationMembers = pgTable(
  'reception_rotation_members',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    unitId: integer().notNull(),
    userId: integer().notNull(),
    position: integer().notNull(),
    /** False while on leave or out; their turn is skipped and owed. */
    available: boolean().notNull().default(true),
    /** Turns skipped and not yet made up. */
    owedTurns: integer().notNull().default(0),
    lastAssignedAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex('reception_rotation_members_key').on(t.unitId, t.userId)],
);

export const receptionRotationState = pgTable('reception_rotation_state', {
  unitId: integer().primaryKey(),
  /** Position of the member who took the last rotation turn. */
  lastPosition: integer().notNull().default(0),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
