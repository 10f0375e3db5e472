import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrationsFolder, queryRows, type Database } from './client';

interface Journal {
  entries: { idx: number; tag: string; when: number }[];
}

export function readJournal(folder = migrationsFolder): Journal {
  return JSON.parse(fs.readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as Journal;
}

/** The schema version this code expects: the number of migrations it ships. */
export function codeSchemaVersion(folder = migrationsFolder): number {
  return readJournal(folder).entries.length;
}

/** How many migrations the database has applied (0 for an empty database). */
export async function databaseSchemaVersion(database: Database): Promise<number> {
  const exists = await queryRows<{ present: boolean }>(
    database.db,
    sql`SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS present`,
  );
  if (!exists[0]?.present) return 0;
  const rows = await queryRows<{ n: string | number }>(
    database.db,
    sql`SELECT count(*) AS n FROM drizzle.__drizzle_migrations`,
  );
  return Number(rows[0]?.n ?? 0);
}

const MIGRATION_LOCK = 727274001;

/**
 * Applies pending migrations. Each migration runs in a transaction, so a failed one leaves the
 * database as it was (R-QLT-04). On PostgreSQL an advisory lock keeps several starting
 * instances from migrating at once.
 */
export async function migrateDatabase(database: Database, options: { folder?: string } = {}): Promise<{ from: number; to: number }> {
  const folder = options.folder ?? migrationsFolder;
  const from = await databaseSchemaVersion(database);
  const expected = codeSchemaVersion(folder);
  if (from > expected) {
    throw new Error(
      `数据库结构版本 (${from}) 比程序 (${expected}) 新，请升级程序后再启动 / database schema ${from} is newer than this build (${expected})`,
    );
  }
  // Nothing to do: start without touching the schema, so a runtime role without DDL rights can.
  if (from === expected) return { from, to: from };
  if (database.mode === 'pglite') {
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder: folder });
  } else {
    const client = await database.pool!.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await migratePg(database.db, { migrationsFolder: folder });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      client.release();
    }
  }
  return { from, to: await databaseSchemaVersion(database) };
}
