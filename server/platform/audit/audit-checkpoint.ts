import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { queryRows } from '../db/client';

// R-SEC-08: the head of the audit hash chain, kept outside the database. Someone who can write
// to the database (a superuser, the table's owner) can delete the newest events or recompute
// every hash after an edit — the chain alone then still verifies. The checkpoint, written by the
// verification job into the data directory (and the application log), remembers which event was
// last seen with which hash, so both show up at the next verification.

export interface ChainCheckpoint {
  /** Which database the checkpoint belongs to (several may share a data directory). */
  database: string;
  lastId: number;
  hash: string;
  /** Events verified up to and including lastId. */
  count: number;
  at: string;
}

export function checkpointPath(dataDir: string): string {
  return path.join(dataDir, 'audit', 'chain-head.json');
}

/** Identifies the database: the cluster's system identifier and the database name, or the embedded database. */
export async function databaseIdentity(database: Database): Promise<string> {
  if (database.mode === 'pglite') return 'embedded';
  const [row] = await queryRows<{ id: string }>(database.db, sql`SELECT (SELECT system_identifier::text FROM pg_control_system()) || '/' || current_database() AS id`);
  return row?.id ?? 'unknown';
}

/** The checkpoint of this database, or undefined when none was written yet. */
export function readCheckpoint(dataDir: string, identity: string): ChainCheckpoint | undefined {
  let text: string;
  try {
    text = fs.readFileSync(checkpointPath(dataDir), 'utf8');
  } catch {
    return undefined;
  }
  const parsed = JSON.parse(text) as Partial<ChainCheckpoint>;
  if (parsed.database !== identity || typeof parsed.lastId !== 'number' || typeof parsed.hash !== 'string') return undefined;
  return parsed as ChainCheckpoint;
}

/** Writes the checkpoint atomically and appends it to the history next to it. */
export function writeCheckpoint(dataDir: string, checkpoint: ChainCheckpoint): void {
  const file = checkpointPath(dataDir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(checkpoint, null, 2));
  fs.renameSync(temporary, file);
  fs.appendFileSync(path.join(path.dirname(file), 'chain-heads.log'), `${JSON.stringify(checkpoint)}\n`);
}
