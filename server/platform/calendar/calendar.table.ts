import { date, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

// 工作日历调整 — admin overrides on top of the official PRC calendar (R-PLT-40).
// kind: workday (上班) | holiday (休息)
export const calendarOverrides = pgTable('calendar_overrides', {
  day: date({ mode: 'string' }).primaryKey(),
  kind: text().notNull(),
  note: text().notNull().default(''),
  createdById: integer(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
