// 备份与恢复 — logical backup and restore, identical on PGlite and PostgreSQL (R-QLT-03).
//
// File format: one gzip'd NDJSON file.
//   line 1   {"format":"zhaoshang-backup","version":1,"schemaVersion":N,"createdAt":…,"mode":…,
//             "tables":["org_units",…],"columns":{"org_units":["id",…]}}
//   then per table:
//            ["table","org_units"]
//            {…one row, exactly as row_to_json() printed it…}         (rows are JSON objects)
//            ["end","org_units",<row count>]
//   then     ["sequence","public.org_units_id_seq","42",true]           (identity/serial values)
//   last     ["end-of-backup",{"tables":N,"rows":M}]                    (detects truncated files)
//
// Rows are produced and consumed by PostgreSQL itself (row_to_json / json_populate_recordset) and
// pass through Node as opaque text, so bigint, numeric, timestamptz and jsonb values round-trip
// exactly. Rows are read through a cursor in batches inside one REPEATABLE READ snapshot, so the
// file is consistent and millions of audit rows never sit in memory.
import { forgetAllSessions } from '../auth/actor-cache';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { once } from 'node:events';
import { createGunzip, createGzip } from 'node:zlib';
import type { PoolClient } from 'pg';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrationsFolder, type Database, type DatabaseMode } from './client';
import { codeSchemaVersion, databaseSchemaVersion, migrateDatabase, readJournal } from './migrate';
import type { EmbeddedTransaction } from './pglite-thread';

export const BACKUP_FORMAT = 'zhaoshang-backup';
export const BACKUP_FORMAT_VERSION = 1;
const FETCH_ROWS = 2000;
const INSERT_BATCH_ROWS = 2000;
const INSERT_BATCH_CHARS = 8 * 1024 * 1024;
const MIGRATION_LOCK = 727274001; // same key as migrate.ts

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  schemaVersion: number;
  createdAt: string;
  mode: DatabaseMode;
  tables: string[];
  columns: Record<string, string[]>;
}

export interface BackupResult {
  file: string;
  schemaVersion: number;
  tables: number;
  rows: number;
  bytes: number;
}

export interface RestoreResult {
  file: string;
  schemaVersion: number;
  /** Schema version after restore (higher than the backup's when newer migrations were applied). */
  migratedTo: number;
  tables: number;
  rows: number;
}

/** An error whose message is meant for the operator as is (Chinese, then English). */
export class BackupError extends Error {
  override name = 'BackupError';
}

// ---------------------------------------------------------------------------------------------
// One connection, one transaction, raw SQL — the same for both drivers.

interface Session {
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
}

async function inTransaction<T>(
  database: Database,
  begin: string,
  work: (session: Session) => Promise<T>,
): Promise<T> {
  if (database.mode === 'pglite') {
    const pglite = database.pglite!;
    return pglite.transaction(async (tx: EmbeddedTransaction) => {
      // PGlite's transaction() already issued BEGIN; its mutex keeps other queries out.
      const session: Session = {
        query: async <R>(text: string, params?: unknown[]) => (await tx.query<R>(text, params)).rows,
      };
      if (begin) await session.query(`SET TRANSACTION ${begin}`);
      return work(session);
    });
  }
  const client: PoolClient = await database.pool!.connect();
  const session: Session = {
    query: async <R>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as R[],
  };
  try {
    await client.query(`BEGIN ${begin}`);
    const result = await work(session);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function qualified(table: string): string {
  return `public.${ident(table)}`;
}

// ---------------------------------------------------------------------------------------------
// Catalogue discovery.

interface TableInfo {
  name: string;
  columns: string[];
  /** Columns that can be inserted (generated columns are recomputed, not restored). */
  insertable: string[];
  primaryKey: string[];
}

async function listTables(session: Session): Promise<TableInfo[]> {
  const tables = await session.query<{ name: string }>(
    `SELECT c.relname AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      ORDER BY c.relname`,
  );
  const columns = await session.query<{ table: string; column: string; generated: string }>(
    `SELECT c.relname AS "table", a.attname AS "column", a.attgenerated::text AS generated
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY c.relname, a.attnum`,
  );
  const keys = await session.query<{ table: string; column: string }>(
    `SELECT c.relname AS "table", a.attname AS "column"
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, position) ON true
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
      WHERE n.nspname = 'public' AND i.indisprimary
      ORDER BY c.relname, k.position`,
  );
  const foreignKeys = await session.query<{ child: string; parent: string }>(
    `SELECT c.relname AS child, p.relname AS parent
       FROM pg_constraint f
       JOIN pg_class c ON c.oid = f.conrelid
       JOIN pg_class p ON p.oid = f.confrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE f.contype = 'f' AND n.nspname = 'public'`,
  );
  const byName = new Map<string, TableInfo>();
  for (const { name } of tables) byName.set(name, { name, columns: [], insertable: [], primaryKey: [] });
  for (const col of columns) {
    const info = byName.get(col.table);
    if (!info) continue;
    info.columns.push(col.column);
    if (!col.generated) info.insertable.push(col.column);
  }
  for (const key of keys) byName.get(key.table)?.primaryKey.push(key.column);

  // Parents before children, so the file also loads with foreign keys enforced.
  const parents = new Map<string, Set<string>>();
  for (const { child, parent } of foreignKeys) {
    if (child === parent) continue;
    if (!parents.has(child)) parents.set(child, new Set());
    parents.get(child)!.add(parent);
  }
  const ordered: TableInfo[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string) => {
    if (state.get(name)) return; // done, or a cycle (restore does not need the order anyway)
    state.set(name, 'visiting');
    for (const parent of [...(parents.get(name) ?? [])].sort()) if (byName.has(parent)) visit(parent);
    state.set(name, 'done');
    ordered.push(byName.get(name)!);
  };
  for (const name of [...byName.keys()].sort()) visit(name);
  return ordered;
}

/** Same as migrate.ts's databaseSchemaVersion, but inside the backup's snapshot. */
async function sessionSchemaVersion(session: Session): Promise<number> {
  const [exists] = await session.query<{ present: boolean }>(
    `SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS present`,
  );
  if (!exists?.present) return 0;
  const [row] = await session.query<{ n: string | number }>('SELECT count(*) AS n FROM drizzle.__drizzle_migrations');
  return Number(row?.n ?? 0);
}

async function listSequences(session: Session): Promise<string[]> {
  const rows = await session.query<{ name: string }>(
    `SELECT c.relname AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'S'
      ORDER BY c.relname`,
  );
  return rows.map((row) => row.name);
}

// ---------------------------------------------------------------------------------------------
// Backup.

function timestampForFile(date: Date): string {
  // 20250102-030405-678Z — sorts chronologically by name.
  const iso = date.toISOString(); // 2025-01-02T03:04:05.678Z
  return `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}-${iso.slice(20, 23)}Z`;
}

export function backupsDir(dataDir: string): string {
  return path.join(dataDir, 'backups');
}

/** `<dir>/zhaoshang-<UTC timestamp>[-label].ndjson.gz` */
export function defaultBackupPath(dir: string, label?: string, now = new Date()): string {
  return path.join(dir, `zhaoshang-${timestampForFile(now)}${label ? `-${label}` : ''}.ndjson.gz`);
}

/** Backups exist for durability: flush the file (and the directory entry) to disk. */
function fsyncPath(filePath: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(filePath, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some filesystems refuse fsync on directories; the file itself was flushed.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

class LineWriter {
  private readonly gzip = createGzip({ level: 6 });
  private readonly file: fs.WriteStream;
  private readonly done: Promise<unknown>;

  constructor(filePath: string) {
    this.file = fs.createWriteStream(filePath, { flags: 'wx' });
    this.gzip.pipe(this.file);
    this.done = new Promise((resolve, reject) => {
      this.file.on('close', () => resolve(undefined));
      this.file.on('error', reject);
      this.gzip.on('error', reject);
    });
    this.done.catch(() => undefined); // surfaced by close()
  }

  async write(text: string): Promise<void> {
    if (!this.gzip.write(text)) await once(this.gzip, 'drain');
  }

  async close(): Promise<void> {
    this.gzip.end();
    await this.done;
  }

  destroy(): void {
    this.gzip.destroy();
    this.file.destroy();
  }
}

/**
 * Writes a consistent logical backup of every table in the `public` schema to `file`
 * (written to `<file>.partial` first, then renamed, so a crash never leaves a half file that
 * looks complete).
 */
export async function createBackup(database: Database, file: string): Promise<BackupResult> {
  const target = path.resolve(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (fs.existsSync(target)) throw new BackupError(`备份文件已存在 / backup file already exists: ${target}`);
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  const writer = new LineWriter(partial);
  let totalRows = 0;
  let tableCount = 0;
  let schemaVersion = 0;
  try {
    await inTransaction(database, 'ISOLATION LEVEL REPEATABLE READ READ ONLY', async (session) => {
      schemaVersion = await sessionSchemaVersion(session);
      const tables = await listTables(session);
      tableCount = tables.length;
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        version: BACKUP_FORMAT_VERSION,
        schemaVersion,
        createdAt: new Date().toISOString(),
        mode: database.mode,
        tables: tables.map((t) => t.name),
        columns: Object.fromEntries(tables.map((t) => [t.name, t.columns])),
      };
      await writer.write(`${JSON.stringify(header)}\n`);
      for (const table of tables) {
        await writer.write(`${JSON.stringify(['table', table.name])}\n`);
        const orderBy = table.primaryKey.length ? ` ORDER BY ${table.primaryKey.map(ident).join(', ')}` : '';
        await session.query(
          `DECLARE zs_backup_cursor NO SCROLL CURSOR FOR
             SELECT row_to_json(t)::text AS j FROM ${qualified(table.name)} AS t${orderBy}`,
        );
        let count = 0;
        for (;;) {
          const batch = await session.query<{ j: string }>(`FETCH ${FETCH_ROWS} FROM zs_backup_cursor`);
          if (batch.length === 0) break;
          let chunk = '';
          for (const row of batch) chunk += `${row.j}\n`;
          await writer.write(chunk);
          count += batch.length;
        }
        await session.query('CLOSE zs_backup_cursor');
        await writer.write(`${JSON.stringify(['end', table.name, count])}\n`);
        totalRows += count;
      }
      for (const sequence of await listSequences(session)) {
        const [state] = await session.query<{ value: string; called: boolean }>(
          `SELECT last_value::text AS value, is_called AS called FROM ${qualified(sequence)}`,
        );
        if (state) await writer.write(`${JSON.stringify(['sequence', sequence, state.value, state.called])}\n`);
      }
      await writer.write(`${JSON.stringify(['end-of-backup', { tables: tables.length, rows: totalRows }])}\n`);
    });
    await writer.close();
    fsyncPath(partial);
    fs.renameSync(partial, target);
    fsyncPath(path.dirname(target));
  } catch (error) {
    writer.destroy();
    fs.rmSync(partial, { force: true });
    throw error;
  }
  return { file: target, schemaVersion, tables: tableCount, rows: totalRows, bytes: fs.statSync(target).size };
}

// ---------------------------------------------------------------------------------------------
// Reading a backup file.

async function* readLines(file: string): AsyncGenerator<string> {
  const input = fs.createReadStream(file).pipe(createGunzip());
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of lines) if (line.length > 0) yield line;
  } finally {
    lines.close();
    input.destroy();
  }
}

function notABackup(file: string, why: string): BackupError {
  return new BackupError(`不是有效的备份文件 / not a valid zhaoshang backup: ${file} (${why})`);
}

/** Reads and checks the first line of a backup file. */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  if (!fs.existsSync(file)) throw new BackupError(`备份文件不存在 / backup file not found: ${file}`);
  let first: string | undefined;
  try {
    for await (const line of readLines(file)) {
      first = line;
      break;
    }
  } catch (error) {
    throw notABackup(file, (error as Error).message);
  }
  if (!first) throw notABackup(file, 'empty file');
  let header: BackupHeader;
  try {
    header = JSON.parse(first) as BackupHeader;
  } catch {
    throw notABackup(file, 'bad header');
  }
  if (header?.format !== BACKUP_FORMAT) throw notABackup(file, 'unknown format');
  if (header.version !== BACKUP_FORMAT_VERSION) {
    throw new BackupError(
      `备份文件格式版本 ${header.version} 不受本程序支持，请使用对应版本的程序 / backup format version ${header.version} is not supported by this build`,
    );
  }
  if (!Number.isInteger(header.schemaVersion) || header.schemaVersion < 0) throw notABackup(file, 'bad schemaVersion');
  return header;
}

/**
 * Reads the whole file once and checks its structure (sections, row counts, end marker), so a
 * truncated or corrupt file is refused before the database is touched.
 */
export async function verifyBackupFile(file: string): Promise<{ tables: number; rows: number }> {
  let table: string | undefined;
  let tableRows = 0;
  let tables = 0;
  let rows = 0;
  let finished = false;
  let first = true;
  try {
    for await (const line of readLines(file)) {
      if (first) {
        first = false;
        continue;
      }
      if (finished) throw notABackup(file, 'data after end-of-backup');
      if (line.startsWith('{')) {
        if (!table) throw notABackup(file, 'row outside a table section');
        tableRows++;
        continue;
      }
      let marker: unknown[];
      try {
        marker = JSON.parse(line) as unknown[];
      } catch {
        throw notABackup(file, `bad line ${line.slice(0, 40)}`);
      }
      if (marker[0] === 'table' && !table) {
        table = String(marker[1]);
        tableRows = 0;
      } else if (marker[0] === 'end' && table === marker[1] && marker[2] === tableRows) {
        tables++;
        rows += tableRows;
        table = undefined;
      } else if (marker[0] === 'sequence' && !table) {
        // checked on restore
      } else if (marker[0] === 'end-of-backup' && !table) {
        finished = true;
      } else {
        throw notABackup(file, `unexpected line ${line.slice(0, 60)}`);
      }
    }
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw notABackup(file, (error as Error).message);
  }
  if (!finished) throw notABackup(file, 'file is truncated (no end-of-backup marker)');
  return { tables, rows };
}

/** Refuses a backup taken with a newer schema than this build knows (R-QLT-03). */
export function assertRestorable(header: BackupHeader): void {
  const codeVersion = codeSchemaVersion();
  if (header.schemaVersion > codeVersion) {
    throw new BackupError(
      `备份来自更新的数据库结构版本 ${header.schemaVersion}，本程序只支持到版本 ${codeVersion}，请先升级程序再恢复。` +
        ` / This backup was made with schema version ${header.schemaVersion}, newer than this build supports (${codeVersion}); upgrade the application before restoring.`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Schema preparation.

/** Drops every application object (schemas `public` and `drizzle`) and recreates an empty `public`. */
export async function wipeDatabase(database: Database): Promise<void> {
  await inTransaction(database, '', async (session) => {
    await session.query('DROP SCHEMA IF EXISTS drizzle CASCADE');
    await session.query('DROP SCHEMA IF EXISTS public CASCADE');
    await session.query('CREATE SCHEMA public AUTHORIZATION pg_database_owner');
    await session.query('GRANT USAGE ON SCHEMA public TO PUBLIC');
  });
}

/** Applies the first `version` migrations only (used to rebuild the schema a backup was taken at). */
export async function migrateToVersion(database: Database, version: number): Promise<void> {
  const journal = readJournal();
  if (version > journal.entries.length) throw new Error(`no migration ${version}`);
  if (version === journal.entries.length) {
    await migrateDatabase(database);
    return;
  }
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'zhaoshang-migrations-'));
  try {
    const entries = journal.entries.slice(0, version);
    fs.mkdirSync(path.join(folder, 'meta'));
    fs.writeFileSync(path.join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
    for (const entry of entries) {
      fs.copyFileSync(path.join(migrationsFolder, `${entry.tag}.sql`), path.join(folder, `${entry.tag}.sql`));
    }
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
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Restore.

/**
 * Replaces all data of the database with the backup's.
 *
 * - A backup from a newer schema than this build is refused (BackupError).
 * - If the database is not at the backup's schema version, it is wiped and migrated to exactly
 *   that version first; after loading, newer migrations of this build are applied.
 * - Loading happens in ONE transaction with `session_replication_role = replica` (no triggers,
 *   so no foreign-key checks and no append-only refusal on audit_events): truncate every table,
 *   insert the rows, set the sequences. A failure leaves the previous data untouched.
 */
export async function restoreBackup(database: Database, file: string): Promise<RestoreResult> {
  // Sessions and rights come from the backup now: no cached actor may outlive the old data.
  forgetAllSessions();
  const source = path.resolve(file);
  const header = await readBackupHeader(source);
  assertRestorable(header);
  await verifyBackupFile(source);
  const codeVersion = codeSchemaVersion();
  const current = await databaseSchemaVersion(database);
  if (current !== header.schemaVersion) {
    if (current !== 0) await wipeDatabase(database);
    if (header.schemaVersion > 0) await migrateToVersion(database, header.schemaVersion);
  }

  const result = await inTransaction(database, '', async (session) => {
    try {
      await session.query('SET LOCAL session_replication_role = replica');
    } catch (error) {
      throw new BackupError(
        `恢复需要数据库超级用户权限（或已授予 SET ON PARAMETER session_replication_role 的角色） / ` +
          `restore needs a superuser, or a role granted SET ON PARAMETER session_replication_role: ${(error as Error).message}`,
      );
    }
    const tables = await listTables(session);
    const byName = new Map(tables.map((t) => [t.name, t]));
    for (const name of header.tables) {
      const info = byName.get(name);
      if (!info) throw notABackup(source, `table ${name} does not exist at schema version ${header.schemaVersion}`);
      const missing = (header.columns[name] ?? []).filter((column) => !info.columns.includes(column));
      if (missing.length) throw notABackup(source, `table ${name} has no column(s) ${missing.join(', ')}`);
    }
    if (tables.length) await session.query(`TRUNCATE ${tables.map((t) => qualified(t.name)).join(', ')}`);

    let table: TableInfo | undefined;
    let insert = '';
    let batch: string[] = [];
    let batchChars = 0;
    let tableRows = 0;
    let totalRows = 0;
    let restoredTables = 0;
    let finished = false;
    const flush = async () => {
      if (!batch.length) return;
      await session.query(insert, [`[${batch.join(',')}]`]);
      batch = [];
      batchChars = 0;
    };
    let first = true;
    for await (const line of readLines(source)) {
      if (first) {
        first = false;
        continue; // header
      }
      if (finished) throw notABackup(source, 'data after end-of-backup');
      if (line.startsWith('{')) {
        if (!table) throw notABackup(source, 'row outside a table section');
        batch.push(line);
        batchChars += line.length;
        tableRows++;
        if (batch.length >= INSERT_BATCH_ROWS || batchChars >= INSERT_BATCH_CHARS) await flush();
        continue;
      }
      const marker = JSON.parse(line) as [string, ...unknown[]];
      switch (marker[0]) {
        case 'table': {
          table = byName.get(String(marker[1]));
          if (!table) throw notABackup(source, `unknown table ${String(marker[1])}`);
          const columns = table.insertable.map(ident).join(', ');
          insert =
            `INSERT INTO ${qualified(table.name)} (${columns}) OVERRIDING SYSTEM VALUE ` +
            `SELECT ${columns} FROM json_populate_recordset(null::${qualified(table.name)}, $1::json)`;
          tableRows = 0;
          break;
        }
        case 'end': {
          await flush();
          if (!table || marker[1] !== table.name || marker[2] !== tableRows) {
            throw notABackup(source, `row count mismatch in ${String(marker[1])}`);
          }
          totalRows += tableRows;
          restoredTables++;
          table = undefined;
          break;
        }
        case 'sequence': {
          const [, name, value, called] = marker as [string, string, string, boolean];
          const exists = await session.query<{ present: boolean }>(
            `SELECT to_regclass($1) IS NOT NULL AS present`,
            [qualified(name)],
          );
          if (!exists[0]?.present) throw notABackup(source, `unknown sequence ${name}`);
          await session.query(`SELECT setval($1::regclass, $2::bigint, $3::boolean)`, [qualified(name), value, called]);
          break;
        }
        case 'end-of-backup':
          finished = true;
          break;
        default:
          throw notABackup(source, `unknown line ${line.slice(0, 40)}`);
      }
    }
    if (!finished || table) throw notABackup(source, 'file is truncated (no end-of-backup marker)');
    return { tables: restoredTables, rows: totalRows };
  });

  const migrated = header.schemaVersion < codeVersion ? await migrateDatabase(database) : undefined;
  return {
    file: source,
    schemaVersion: header.schemaVersion,
    migratedTo: migrated?.to ?? header.schemaVersion,
    tables: result.tables,
    rows: result.rows,
  };
}

// ---------------------------------------------------------------------------------------------
// Embedded-mode routine backups.

/**
 * Keeps the newest `keep` backups (`zhaoshang-*.ndjson.gz`) in `dir` and deletes the rest.
 * `keep <= 0` keeps everything. Returns the deleted paths.
 */
export function pruneBackups(dir: string, keep = 14): string[] {
  if (keep <= 0 || !fs.existsSync(dir)) return [];
  const files = fs
    .readdirSync(dir)
    .filter((name) => /^zhaoshang-\d{8}-\d{6}-\d{3}Z.*\.ndjson\.gz$/.test(name))
    .sort()
    .reverse();
  const removed: string[] = [];
  for (const name of files.slice(keep)) {
    const full = path.join(dir, name);
    fs.rmSync(full, { force: true });
    removed.push(full);
  }
  return removed;
}

/** Is there any row in any table of `public`? */
export async function databaseHasData(database: Database): Promise<boolean> {
  return inTransaction(database, 'READ ONLY', async (session) => {
    for (const table of await listTables(session)) {
      const rows = await session.query<{ present: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM ${qualified(table.name)}) AS present`,
      );
      if (rows[0]?.present) return true;
    }
    return false;
  });
}

interface BackupConfig {
  dataDir: string;
  backupKeep: number;
}

/**
 * Embedded mode only: before applying pending migrations to a database that holds data, write a
 * backup `zhaoshang-<ts>-pre-migration-v<from>.ndjson.gz` (R-QLT-02). Returns its path, or null
 * when nothing was needed.
 */
export async function autoBackupBeforeMigration(
  database: Database,
  config: BackupConfig,
): Promise<BackupResult | null> {
  if (database.mode !== 'pglite') return null;
  const from = await databaseSchemaVersion(database);
  if (from === 0 || from >= codeSchemaVersion()) return null;
  if (!(await databaseHasData(database))) return null;
  const dir = backupsDir(config.dataDir);
  const result = await createBackup(database, defaultBackupPath(dir, `pre-migration-v${from}`));
  pruneBackups(dir, config.backupKeep);
  return result;
}

/**
 * The daily backup of the embedded database (kept `BACKUP_KEEP`, default 14). Does nothing on
 * PostgreSQL, whose backups belong to the server's own tooling (pg_dump, PITR) — `npm run backup`
 * still works there. Note: on PGlite the backup holds the database for its duration (single
 * connection), so schedule it at a quiet hour.
 */
export async function runDailyBackup(
  database: Database,
  config: BackupConfig,
): Promise<(BackupResult & { pruned: string[] }) | null> {
  if (database.mode !== 'pglite') return null;
  const dir = backupsDir(config.dataDir);
  const result = await createBackup(database, defaultBackupPath(dir, 'daily'));
  return { ...result, pruned: pruneBackups(dir, config.backupKeep) };
}
