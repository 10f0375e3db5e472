import { boolean, numeric, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * 收费项目的税率与收入口径 (R-BIL-01, 14): per charge item of the dictionary (and the schedule's own
 * line kinds), the VAT rate its gross amounts include and whether it counts as revenue — deposits
 * and earnest money do not. Seeded with common rates; admins change them.
 */
export const billingChargeSettings = pgTable('billing_charge_settings', {
  item: text().primaryKey(),
  taxRate: numeric({ precision: 6, scale: 4 }).notNull(),
  revenue: boolean().notNull().default(true),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
