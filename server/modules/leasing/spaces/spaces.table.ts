import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

// 房源 (R-LEA-01…04). One tree: 园区/项目 → 楼栋/库区 → 楼层 → 单元. Only units are let; the
// levels above group them for the occupancy view and the statistics.

export const spaces = pgTable(
  'spaces',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    parentId: bigint({ mode: 'number' }),
    /** park | building | floor | unit */
    level: text().notNull(),
    /** Ids from the root, `/1/5/9/`: a subtree is `path LIKE '/1/5/%'`. */
    path: text().notNull(),
    /** Unique among its siblings, e.g. A, 1F, 101. */
    code: text().notNull(),
    /** The codes from the root joined with 「-」, e.g. HT-A-1F-101 (what people write on contracts). */
    fullCode: text().notNull(),
    name: text().notNull(),
    /** Units only: bay (库位) | yard (场地) | office (办公室) | shop (商铺). */
    unitType: text(),
    /** m², two decimals. Gross = 建筑面积, usable = 使用面积 (the area that is let). */
    grossArea: numeric({ precision: 12, scale: 2 }),
    usableArea: numeric({ precision: 12, scale: 2 }),
    /** Warehouses: floor load t/m² and clear height m. */
    floorLoad: numeric({ precision: 8, scale: 2 }),
    ceilingHeight: numeric({ precision: 6, scale: 2 }),
    facilities: text().array().notNull().default(sql`'{}'::text[]`),
    /** List rent in yuan per m², per `rentBasis` (day | month). */
    listRent: numeric({ precision: 12, scale: 2 }),
    rentBasis: text(),
    /**
     * What people set by hand: available | maintenance (维修) | unavailable (不可租). Reserved and
     * leased are not stored: they follow from the occupancies on the day asked about.
     */
    condition: text().notNull().default('available'),
    /** Split or merged into other units (R-LEA-04): kept with its lease history, no longer let. */
    retired: boolean().notNull().default(false),
    retiredAt: timestamp({ withTimezone: true }),
    /** The units it was split into or merged into, and where it came from. */
    successorIds: bigint({ mode: 'number' }).array().notNull().default(sql`'{}'::bigint[]`),
    predecessorIds: bigint({ mode: 'number' }).array().notNull().default(sql`'{}'::bigint[]`),
    /** The day the unit could first be let (vacant since, when it never was). */
    availableFrom: date({ mode: 'string' }).notNull(),
    sortOrder: integer().notNull().default(0),
    note: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('spaces_sibling_code_key').on(sql`coalesce(${t.parentId}, 0)`, t.code),
    index('spaces_parent_idx').on(t.parentId, t.sortOrder),
    index('spaces_path_idx').on(t.path.op('text_pattern_ops')),
  ],
);

/**
 * Who holds a unit over which days: a reservation (预留, for a customer or opportunity, until a
 * date) or a lease (a contract's term). Rows are never deleted; a released one keeps its history.
 * No two unreleased rows of one unit overlap: an exclusion constraint (added in the migration,
 * drizzle cannot express it) decides under concurrency.
 */
export const spaceOccupancies = pgTable(
  'space_occupancies',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    spaceId: bigint({ mode: 'number' }).notNull(),
    /** reservation | lease */
    kind: text().notNull(),
    /** First and last day held (inclusive). */
    startDate: date({ mode: 'string' }).notNull(),
    endDate: date({ mode: 'string' }).notNull(),
    customerId: bigint({ mode: 'number' }).notNull(),
    opportunityId: bigint({ mode: 'number' }),
    /** The contract of a lease (set by the contracts part of the module). */
    contractId: bigint({ mode: 'number' }),
    /** Days an amendment adds to its contract (units added, term extended), held from its application. */
    amendmentId: bigint({ mode: 'number' }),
    /** What the refusal of an overlapping request names: a contract number or 「预留」. */
    reference: text().notNull(),
    note: text(),
    createdById: integer().notNull(),
    /** The org unit of the creator: who may release a reservation. */
    unitId: integer().notNull(),
    releasedAt: timestamp({ withTimezone: true }),
    releasedById: integer(),
    /** expired | cancelled | converted | … */
    releaseReason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('space_occupancies_space_idx').on(t.spaceId, t.startDate),
    index('space_occupancies_customer_idx').on(t.customerId),
    index('space_occupancies_open_reservations_idx').on(t.endDate).where(sql`kind = 'reservation' AND released_at IS NULL`),
  ],
);
