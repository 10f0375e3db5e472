import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from '../org/org.table';

// Sessions live in the database so several app instances share them (R-SEC-02).
// Only the SHA-256 of the token is stored; the token itself exists only in the cookie.
export const sessions = pgTable(
  'sessions',
  {
    id: text().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id),
    csrfToken: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    ip: text(),
    userAgent: text(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

// Failed sign-ins for user names that do not exist (R-SEC-03): counted and locked exactly like a
// real account, so the answers never tell which names exist. Keyed by the lower-cased name;
// rows without a running lock are purged with expired sessions.
export const unknownLoginFailures = pgTable('unknown_login_failures', {
  usernameKey: text().primaryKey(),
  failedCount: integer().notNull().default(0),
  lockedUntil: timestamp({ withTimezone: true }),
  updatedAt: timestamp({ withTimezone: true }).notNull(),
});
