import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * 保存的列表视图 (R-PLT-62): a user's named filters, columns and sort for one list (`list_key`,
 * e.g. `customers`, `contracts`). Personal: only their owner reads, changes or deletes them.
 */
export const savedViews = pgTable(
  'saved_views',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    userId: integer().notNull(),
    listKey: text().notNull(),
    name: text().notNull(),
    filters: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    columns: jsonb().$type<string[]>().notNull().default([]),
    sort: text(),
    isDefault: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('saved_views_user_idx').on(t.userId, t.listKey), uniqueIndex('saved_views_name_key').on(t.userId, t.listKey, t.name)],
);
