import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, pgTable, text, timestamp, boolean } from 'drizzle-orm/pg-core';

/**
 * 标准优惠政策 (R-LEA-35): a project's standard incentive package, e.g. 「首年免租 2 个月」. A
 * contract of that project may take its rent-free months without a further approval; rent-free
 * time beyond the package goes up to the GM, as a discount beyond the standard range (R-BIL-20).
 * `project_id` is a top-level space (the park or building complex).
 */
export const leasingIncentivePackages = pgTable(
  'leasing_incentive_packages',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    projectId: bigint({ mode: 'number' }).notNull(),
    name: text().notNull(),
    freeMonths: integer().notNull(),
    validFrom: date({ mode: 'string' }).notNull(),
    validTo: date({ mode: 'string' }),
    active: boolean().notNull().default(true),
    note: text().notNull().default(''),
    createdById: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('leasing_incentive_packages_project_idx').on(t.projectId),
    check('leasing_incentive_packages_months', sql`${t.freeMonths} BETWEEN 0 AND 24`),
    check('leasing_incentive_packages_range', sql`${t.validTo} IS NULL OR ${t.validTo} >= ${t.validFrom}`),
  ],
);
