import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { PgliteThread, type EmbeddedClient } from './pglite-thread';
/** Both drivers expose the same query builder; we type against node-postgres's. */
export type Db = NodePgDatabase;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;
export type DatabaseMode = 'pglite' | 'postgres';

export interface Database {
  db: Db;
  mode: DatabaseMode;
  /** Present in embedded mode: PGlite on its own thread. */
  pglite?: EmbeddedClient;
  /** Present in server mode. */
  pool?: pg.Pool;
  close(): Promise<void>;
}

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const migrationsFolder = path.join(projectRoot, 'migrations');

export interface OpenOptions {
  databaseUrl?: string;
  /** Directory of the embedded database, or 'memory' for an in-memory one (tests). */
  dataDir?: string;
  poolSize?: number;
  /** Embedded mode: open a copy of this dumped data directory (see `EmbeddedClient.dumpDataDir`). */
  loadDataDir?: Uint8Array;
}

// node-postgres returns bigint/numeric as strings; keep them as strings (exact) except int8
// counts which we parse where needed. Dates stay as JS Date for timestamptz.
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    // Business time zone is Asia/Shanghai; instants stay timestamptz so this only affects casts.
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      options: '-c TimeZone=Asia/Shanghai',
    });
    // An idle connection terminated by the server (restart, DROP DATABASE … FORCE) must not crash
    // the process; the pool replaces it on next use.
    pool.on('error', () => undefined);
    await pool.query('SELECT 1');
    const db = drizzlePg(pool, { casing: 'snake_case' });
    return { db, mode: 'postgres', pool, close: () => pool.end() };
  }
  const dir = options.dataDir ?? './data';
  let dataDir: string | undefined;
  if (dir !== 'memory') {
    dataDir = path.join(path.resolve(dir), 'pgdata');
    fs.mkdirSync(dataDir, { recursive: true });
  }
  // On its own thread, so that a running statement does not stop other requests (see pglite-thread).
  const client = await PgliteThread.start(dataDir, 'Asia/Shanghai', options.loadDataDir);
  const db = drizzlePglite(client as never, { casing: 'snake_case' }) as unknown as Db;
  return { db, mode: 'pglite', pglite: client, close: () => client.close() };
}

/** Rows of a raw query, for both drivers. */
export async function queryRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

export async function ping(db: Db): Promise<void> {
  await db.execute(sql`SELECT 1`);
}
