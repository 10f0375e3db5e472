import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { createGunzip, gzipSync } from 'node:zlib';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, projectRoot, type Database } from './client';
import { codeSchemaVersion, databaseSchemaVersion, migrateDatabase } from './migrate';
import { openEmptyEmbeddedDatabase } from '../../test/harness';
import {
  BackupError,
  createBackup,
  defaultBackupPath,
  migrateToVersion,
  pruneBackups,
  readBackupHeader,
  restoreBackup,
} from './backup';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zs-backup-test-'));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  fs.rmSync(tmp, { recursive: true, force: true });
});

type Mode = 'pglite' | 'postgres';
const serverUrl = process.env.TEST_DATABASE_URL;
const modes: Mode[] = serverUrl ? ['pglite', 'postgres'] : ['pglite'];

/** A fresh, empty database of the given mode; dropped after the file. */
async function freshDatabase(mode: Mode): Promise<Database> {
  if (mode === 'pglite') {
    const database = await openEmptyEmbeddedDatabase();
    cleanups.push(() => database.close());
    return database;
  }
  const name = `zs_backup_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl!);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
  cleanups.push(async () => {
    await database.close();
    const dropper = new pg.Client({ connectionString: serverUrl });
    await dropper.connect();
    await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await dropper.end();
  });
  return database;
}

async function exec(database: Database, text: string): Promise<void> {
  if (database.pglite) await database.pglite.exec(text);
  else await database.pool!.query(text);
}

async function rows<T>(database: Database, text: string): Promise<T[]> {
  if (database.pglite) return (await database.pglite.query<T>(text)).rows;
  return (await database.pool!.query(text)).rows as T[];
}

// A table with the awkward types, created beside the real ones (same schema version on both sides).
const PROBE_TABLE = `
  CREATE TABLE zz_backup_probe (
    id bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
    amount numeric(16,2),
    exact numeric,
    fen bigint,
    ratio double precision,
    payload bytea,
    tags text[],
    day date,
    at timestamptz,
    doc json,
    docb jsonb,
    doubled bigint GENERATED ALWAYS AS (fen * 2) STORED
  )`;

async function populate(database: Database): Promise<void> {
  await exec(database, PROBE_TABLE);
  await exec(
    database,
    `
    INSERT INTO org_units (name, code, kind, path) VALUES ('总公司', 'HQ', 'company', '/1/');
    INSERT INTO org_units (parent_id, name, code, path, created_at)
      VALUES (1, '招商一部 "A" ''quoted''', 'D1', '/1/2/', '2024-02-29 23:59:59.123456+08');
    INSERT INTO roles (code, name, permissions, data_scopes)
      VALUES ('admin', '管理员', '["customer:read","customer:export"]', '{"customer":"all","nested":{"x":[1,2.50,null]}}');
    INSERT INTO users (username, display_name, unit_id, mobile, password_hash, locked_until)
      VALUES ('zhang.san', '张三 🏢', 2, '13812345678', '$argon2id$v=19$m=19456,t=2,p=1$abc', NULL),
             ('li.si', E'李四\\n第二行\\t制表', 1, NULL, 'x', '2030-01-01T00:00:00Z');
    INSERT INTO user_roles (user_id, role_id) VALUES (1, 1), (2, 1);
    INSERT INTO sessions (id, user_id, csrf_token, created_at, last_seen_at, expires_at, ip, user_agent)
      VALUES ('sha256-abc', 1, 'csrf', now(), now(), now() + interval '12 hours', '::1', 'Mozilla/5.0 <script>');
    INSERT INTO audit_events (at, actor_id, actor_name, ip, action, entity_type, entity_id, customer_id, summary, changes, prev_hash, hash)
      SELECT now() - (g || ' seconds')::interval, 1, '张三', '10.0.0.' || g, 'update', 'customer', g::text,
             9007199254740993, '修改 ' || g, jsonb_build_object('credit', jsonb_build_object('before', 1.10, 'after', 123456789012345678901234567890.12)),
             repeat('0', 64), md5(g::text)
        FROM generate_series(1, 5000) AS g;
    INSERT INTO zz_backup_probe (amount, exact, fen, ratio, payload, tags, day, at, doc, docb) VALUES
      (12345678901234.56, 3.141592653589793238462643383279502884, 4611686018427387903, 0.1,
       '\\x00ff10', ARRAY['a', 'b,c', NULL, '引号"'], '2024-02-29', '1999-12-31 16:00:00.000001+00',
       '{"big": 12345678901234567890, "dup": 1, "dup": 2}', '{"z": [1e-7, "\\u00e9"]}'),
      (NULL, 'NaN', -1, 'Infinity', NULL, '{}', NULL, NULL, 'null', '[]');
    `,
  );
  // Identity values consumed but not stored: restored sequences must continue after them.
  await exec(database, `SELECT nextval(pg_get_serial_sequence('org_units', 'id')) FROM generate_series(1, 3)`);
}

/** Every table's rows (as PostgreSQL prints them) and every sequence's state. */
async function snapshot(database: Database): Promise<Record<string, string[]>> {
  const tables = await rows<{ name: string }>(
    database,
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
  );
  const result: Record<string, string[]> = {};
  for (const { name } of tables) {
    const data = await rows<{ j: string }>(
      database,
      `SELECT row_to_json(t)::text AS j FROM public."${name}" t ORDER BY row_to_json(t)::text`,
    );
    result[name] = data.map((row) => row.j);
  }
  const sequences = await rows<{ name: string }>(
    database,
    `SELECT sequencename AS name FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename`,
  );
  for (const { name } of sequences) {
    const [state] = await rows<{ v: string; c: boolean }>(database, `SELECT last_value::text AS v, is_called AS c FROM public."${name}"`);
    result[`sequence:${name}`] = [`${state?.v}/${state?.c}`];
  }
  return result;
}

async function readAllLines(file: string): Promise<string[]> {
  const lines: string[] = [];
  const input = fs.createReadStream(file).pipe(createGunzip());
  for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) lines.push(line);
  return lines;
}

describe.each(modes)('backup and restore on %s', (mode) => {
  it('R-QLT-03 backup then restore into a fresh database reproduces every table exactly', async () => {
    const source = await freshDatabase(mode);
    await migrateDatabase(source);
    await populate(source);
    const before = await snapshot(source);
    expect(before.audit_events).toHaveLength(5000);

    const file = path.join(tmp, `${mode}-roundtrip.ndjson.gz`);
    const backup = await createBackup(source, file);
    expect(backup.schemaVersion).toBe(codeSchemaVersion());
    expect(backup.rows).toBe(Object.entries(before).filter(([k]) => !k.startsWith('sequence:')).reduce((n, [, v]) => n + v.length, 0));
    const header = await readBackupHeader(file);
    expect(header).toMatchObject({ format: 'zhaoshang-backup', version: 1, schemaVersion: codeSchemaVersion(), mode });
    expect(header.tables).toEqual(expect.arrayContaining(['audit_events', 'users', 'org_units', 'zz_backup_probe']));
    // Parents come before children in the file.
    expect(header.tables.indexOf('org_units')).toBeLessThan(header.tables.indexOf('users'));
    expect(header.tables.indexOf('users')).toBeLessThan(header.tables.indexOf('sessions'));

    const target = await freshDatabase(mode);
    await migrateDatabase(target);
    await exec(target, PROBE_TABLE);
    // Pre-existing data in the target is replaced, audit rows included.
    await exec(target, `INSERT INTO org_units (name, code) VALUES ('旧数据', 'OLD')`);
    await exec(
      target,
      `INSERT INTO audit_events (at, action, entity_type, prev_hash, hash) VALUES (now(), 'old', 'x', '0', '1')`,
    );
    const restored = await restoreBackup(target, file);
    expect(restored).toMatchObject({ schemaVersion: codeSchemaVersion(), migratedTo: codeSchemaVersion(), rows: backup.rows });
    expect(await snapshot(target)).toEqual(before);

    // The database still behaves: identities continue, the audit log is append-only again.
    const [next] = await rows<{ id: number }>(target, `INSERT INTO org_units (name, code) VALUES ('新', 'NEW') RETURNING id`);
    expect(Number(next?.id)).toBe(6);
    await expect(exec(target, `DELETE FROM audit_events WHERE id = 1`)).rejects.toThrow(/append-only/);
    await expect(exec(target, `INSERT INTO users (username, display_name, unit_id, password_hash) VALUES ('x', 'x', 999, 'x')`)).rejects.toThrow();
  }, 120_000);

  it('R-QLT-03 restore refuses a backup from a newer schema with a clear message', async () => {
    const source = await freshDatabase(mode);
    await migrateDatabase(source);
    const file = path.join(tmp, `${mode}-current.ndjson.gz`);
    await createBackup(source, file);
    const lines = await readAllLines(file);
    const header = JSON.parse(lines[0]!) as { schemaVersion: number };
    header.schemaVersion = codeSchemaVersion() + 1;
    lines[0] = JSON.stringify(header);
    const newer = path.join(tmp, `${mode}-newer.ndjson.gz`);
    fs.writeFileSync(newer, gzipSync(lines.join('\n') + '\n'));

    const target = await freshDatabase(mode);
    await migrateDatabase(target);
    await exec(target, `INSERT INTO org_units (name, code) VALUES ('保留', 'KEEP')`);
    const error = await restoreBackup(target, newer).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect((error as Error).message).toMatch(/更新的数据库结构版本/);
    expect((error as Error).message).toMatch(/newer than this build/);
    expect(await rows(target, `SELECT code FROM org_units`)).toEqual([{ code: 'KEEP' }]);
  }, 60_000);

  it('R-QLT-03 a backup from an older schema restores and is upgraded; truncated files are refused', async () => {
    const source = await freshDatabase(mode);
    await migrateToVersion(source, 1);
    expect(await databaseSchemaVersion(source)).toBe(1);
    await exec(source, `INSERT INTO org_units (name, code) VALUES ('一', 'ONE')`);
    const file = path.join(tmp, `${mode}-v1.ndjson.gz`);
    await createBackup(source, file);

    const target = await freshDatabase(mode);
    await migrateDatabase(target);
    const result = await restoreBackup(target, file);
    expect(result).toMatchObject({ schemaVersion: 1, migratedTo: codeSchemaVersion() });
    expect(await databaseSchemaVersion(target)).toBe(codeSchemaVersion());
    expect(await rows(target, `SELECT code FROM org_units`)).toEqual([{ code: 'ONE' }]);

    const lines = await readAllLines(file);
    const truncated = path.join(tmp, `${mode}-truncated.ndjson.gz`);
    fs.writeFileSync(truncated, gzipSync(lines.slice(0, -1).join('\n') + '\n'));
    await expect(restoreBackup(target, truncated)).rejects.toThrow(/truncated/);
    expect(await rows(target, `SELECT code FROM org_units`)).toEqual([{ code: 'ONE' }]);
  }, 60_000);
});

describe('backup files', () => {
  it('R-QLT-03 a PGlite backup restores on PostgreSQL and back (same format in both modes)', async (context) => {
    if (!serverUrl) return context.skip();
    const embedded = await freshDatabase('pglite');
    await migrateDatabase(embedded);
    await populate(embedded);
    const before = await snapshot(embedded);
    const file = path.join(tmp, 'cross.ndjson.gz');
    await createBackup(embedded, file);
    const server = await freshDatabase('postgres');
    await migrateDatabase(server);
    await exec(server, PROBE_TABLE);
    await restoreBackup(server, file);
    expect(await snapshot(server)).toEqual(before);
  }, 120_000);

  it('R-QLT-02 pruneBackups keeps the newest N backups', () => {
    const dir = path.join(tmp, 'prune');
    fs.mkdirSync(dir);
    const names: string[] = [];
    for (let day = 1; day <= 20; day++) {
      const name = path.basename(defaultBackupPath(dir, day % 2 ? 'daily' : 'pre-migration-v1', new Date(Date.UTC(2025, 0, day))));
      names.push(name);
      fs.writeFileSync(path.join(dir, name), '');
    }
    fs.writeFileSync(path.join(dir, 'unrelated.txt'), '');
    const removed = pruneBackups(dir, 14);
    expect(removed).toHaveLength(6);
    expect(fs.readdirSync(dir).sort()).toEqual([...names.slice(6), 'unrelated.txt'].sort());
  });

  it('R-QLT-03 npm run restore exits non-zero with the message for a newer-schema backup', () => {
    const dataDir = path.join(tmp, 'cli-data');
    const file = path.join(tmp, 'cli-newer.ndjson.gz');
    const header = {
      format: 'zhaoshang-backup',
      version: 1,
      schemaVersion: codeSchemaVersion() + 5,
      createdAt: new Date().toISOString(),
      mode: 'pglite',
      tables: [],
      columns: {},
    };
    fs.writeFileSync(file, gzipSync(`${JSON.stringify(header)}\n["end-of-backup",{"tables":0,"rows":0}]\n`));
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'test' };
    delete env.DATABASE_URL;
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/restore.ts', file], {
      cwd: projectRoot,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/更新的数据库结构版本/);
  }, 60_000);
});
