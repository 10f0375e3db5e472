import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

// 审计日志 — append-only (a trigger refuses UPDATE/DELETE/TRUNCATE) and hash-chained (R-SEC-08).
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp({ withTimezone: true }).notNull(),
    actorId: integer(),
    actorName: text(),
    ip: text(),
    requestId: text(),
    // create | update | delete | view | export | login | login_failed | logout | …
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text(),
    customerId: bigint({ mode: 'number' }),
    summary: text().notNull().default(''),
    changes: jsonb().$type<Record<string, { before: unknown; after: unknown }>>(),
    prevHash: text().notNull(),
    hash: text().notNull(),
  },
  (t) => [
    index('audit_events_at_idx').on(t.at),
    index('audit_events_actor_idx').on(t.actorId, t.at),
    index('audit_events_entity_idx').on(t.entityType, t.entityId),
    index('audit_events_customer_idx').on(t.customerId),
    // Keyword search (summary or actor, 2 characters and up): the text's character pairs, as
    // customer search does; audit_text_bigrams is created by the migration that adds the index.
    index('audit_events_text_bigrams_idx').using('gin', sql`audit_text_bigrams(${t.summary} || chr(10) || coalesce(${t.actorName}, ''))`),
  ],
);
