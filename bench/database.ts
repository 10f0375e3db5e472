// A fresh database for one benchmark run: embedded PGlite in a temporary directory (never
// ./data), or a new database on the PostgreSQL server named by DATABASE_URL, dropped afterwards.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, queryRows, type Database } from '../server/platform/db/client';

export interface BenchTarget {
  mode: 'pglite' | 'postgres';
  /** Embedded: the data directory passed to openDatabase (holds pgdata/). */
  dataDir?: string;
  /** Server: URL of the benchmark's own database. */
  databaseUrl?: string;
  /** Human-readable location, for the report. */
  label: string;
  open(): Promise<Database>;
  /** Removes the data directory / drops the database (skipped with BENCH_KEEP=1). */
  destroy(): Promise<void>;
}

function databaseUrlFor(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function createBenchTarget(serverUrl: string | undefined, keep: boolean): Promise<BenchTarget> {
  if (!serverUrl) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zs-bench-'));
    return {
      mode: 'pglite',
      dataDir,
      label: `PGlite ${dataDir}`,
      open: () => openDatabase({ dataDir }),
      async destroy() {
        if (!keep) fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const name = `zs_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const databaseUrl = databaseUrlFor(serverUrl, name);
  const shown = new URL(databaseUrl);
  shown.password = shown.password ? '***' : '';
  let dropped = false;
  return {
    mode: 'postgres',
    databaseUrl,
    label: `PostgreSQL ${shown.toString()}`,
    open: () => openDatabase({ databaseUrl, poolSize: 4 }),
    async destroy() {
      if (keep || dropped) return;
      dropped = true;
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      try {
        await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}

/** Server version string, e.g. "PostgreSQL 15.20" or PGlite's embedded version. */
export async function serverVersion(database: Database): Promise<string> {
  const rows = await queryRows<{ v: string }>(database.db, sql`SELECT version() AS v`);
  return (rows[0]?.v ?? '').split(' on ')[0]!.split(',')[0]!;
}
