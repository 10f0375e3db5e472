import { boolean, integer, pgTable, text, timestamp, uniqueIndex, index } from 'drizzle-orm/pg-core';

// 数据字典 (R-PLT-50)
export const dictionaries = pgTable('dictionaries', {
  code: text().primaryKey(),
  name: text().notNull(),
  nameEn: text().notNull().default(''),
  description: text().notNull().default(''),
  builtIn: boolean().notNull().default(false),
  /** Items may form a two-level tree (GB/T 4754 sections → divisions). */
  hierarchical: boolean().notNull().default(false),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const dictionaryItems = pgTable(
  'dictionary_items',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    dictionaryCode: text()
      .notNull()
      .references(() => dictionaries.code),
    code: text().notNull(),
    label: text().notNull(),
    labelEn: text().notNull().default(''),
    parentCode: text(),
    sortOrder: integer().notNull().default(0),
    enabled: boolean().notNull().default(true),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('dictionary_items_code_key').on(t.dictionaryCode, t.code),
    index('dictionary_items_order_idx').on(t.dictionaryCode, t.sortOrder),
  ],
);
