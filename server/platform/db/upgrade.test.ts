import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureAppReferenceData, createTestDatabase } from '../../test/harness';
import { systemClock } from '../clock';
import { migrationsFolder, queryRows, type Database } from './client';
import { codeSchemaVersion, databaseSchemaVersion, migrateDatabase, readJournal } from './migrate';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

/** A migrations folder holding the first `count` shipped migrations, plus an optional extra one. */
function migrationsUpTo(count: number, extra?: { tag: string; sql: string }): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'zs-migrations-'));
  folders.push(folder);
  const journal = readJournal();
  const entries = journal.entries.slice(0, count);
  fs.mkdirSync(path.join(folder, 'meta'));
  for (const entry of entries) fs.copyFileSync(path.join(migrationsFolder, `${entry.tag}.sql`), path.join(folder, `${entry.tag}.sql`));
  if (extra) {
    const last = entries[entries.length - 1]!;
    entries.push({ ...last, idx: entries.length, tag: extra.tag, when: last.when + 1000 });
    fs.writeFileSync(path.join(folder, `${extra.tag}.sql`), extra.sql);
  }
  fs.writeFileSync(path.join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
  return folder;
}

const tableExists = async (database: Database, table: string) =>
  (await queryRows<{ present: boolean }>(database.db, sql`SELECT to_regclass(${table}) IS NOT NULL AS present`))[0]?.present;

/**
 * Data written with plain SQL in the shape of an older schema: only the columns every schema
 * since that table appeared has had. A later migration that cannot handle existing rows (a NOT
 * NULL column without a default, a unique index the data breaks) fails here.
 */
async function populate(database: Database, tag: number): Promise<void> {
  const db = database.db;
  const unit = `UPG${tag}`;
  const user = `upgrader${tag}`;
  const code = `UPG${String(tag).padStart(6, '0')}`;
  await db.execute(sql`INSERT INTO org_units (code, name) VALUES (${unit}, '升级测试公司')`);
  await db.execute(sql`UPDATE org_units SET path = '/' || id || '/' WHERE code = ${unit}`);
  await db.execute(sql`INSERT INTO users (username, display_name, unit_id, password_hash)
    SELECT ${user}, '升级用户', id, 'x' FROM org_units WHERE code = ${unit}`);
  if (await tableExists(database, 'customers')) {
    await db.execute(sql`INSERT INTO customers (code, name, unit_id, owner_id, normalized_name)
      SELECT ${code}, ${`上海升级测试${tag}号物流有限公司`}, u.unit_id, u.id, ${`上海升级测试${tag}号物流`} FROM users u WHERE u.username = ${user}`);
    await db.execute(sql`INSERT INTO customer_contacts (customer_id, name, mobile)
      SELECT id, '钱经理', '13912345678' FROM customers WHERE code = ${code}`);
    await db.execute(sql`INSERT INTO customer_timeline (customer_id, occurred_at, type, title)
      SELECT id, now(), 'created', '建档' FROM customers WHERE code = ${code}`);
  }
}

/** What the populated rows of schema `tag` look like after the upgrade. */
async function expectKept(database: Database, tag: number) {
  const users = await queryRows<{ display_name: string }>(database.db, sql`SELECT display_name FROM users WHERE username = ${`upgrader${tag}`}`);
  expect(users.map((row) => row.display_name), `users written at schema ${tag}`).toEqual(['升级用户']);
  const customers = await queryRows<{ name: string; contacts: number }>(
    database.db,
    sql`SELECT c.name, (SELECT count(*)::int FROM customer_contacts k WHERE k.customer_id = c.id) AS contacts FROM customers c WHERE c.code = ${`UPG${String(tag).padStart(6, '0')}`}`,
  );
  if (customers.length) expect(customers, `customers written at schema ${tag}`).toEqual([{ name: `上海升级测试${tag}号物流有限公司`, contacts: 1 }]);
}

describe('upgrades (R-QLT-04)', () => {
  const total = codeSchemaVersion();

  // Every migration meets data written in the shape of every schema before it: one database is
  // walked up one migration at a time and populated at each step (linear in the number of
  // migrations, where upgrading a fresh copy from each schema was quadratic); and the oldest
  // schema, populated, is upgraded to this build in one run.
  it('R-QLT-04 migrations from every earlier schema apply on populated data and keep it', { timeout: 300_000 }, async () => {
    const { database, drop } = await createTestDatabase({ migrate: false });
    try {
      for (let from = 1; from < total; from++) {
        await migrateDatabase(database, { folder: migrationsUpTo(from) });
        expect(await databaseSchemaVersion(database)).toBe(from);
        await populate(database, from);
      }
      expect(await migrateDatabase(database)).toEqual({ from: total - 1, to: total });
      for (let from = 1; from < total; from++) await expectKept(database, from);
      // The upgraded database takes the reference data of this build like a new one.
      await ensureAppReferenceData(database.db, systemClock);
    } finally {
      await drop();
    }
  });

  it('R-QLT-04 the oldest schema, populated, upgrades to this build in one run', { timeout: 300_000 }, async () => {
    const { database, drop } = await createTestDatabase({ migrate: false });
    try {
      await migrateDatabase(database, { folder: migrationsUpTo(1) });
      await populate(database, 1);
      expect(await migrateDatabase(database)).toEqual({ from: 1, to: total });
      await expectKept(database, 1);
      await ensureAppReferenceData(database.db, systemClock);
    } finally {
      await drop();
    }
  });

  it('R-QLT-04 a failed migration leaves the database as it was', { timeout: 120_000 }, async () => {
    const { database, drop } = await createTestDatabase();
    try {
      const broken = migrationsUpTo(total, {
        tag: '9999_broken_probe',
        sql: 'ALTER TABLE "customers" ADD COLUMN "upgrade_probe" integer;\n--> statement-breakpoint\nSELECT 1 / 0;\n',
      });
      await expect(migrateDatabase(database, { folder: broken })).rejects.toThrow();
      expect(await databaseSchemaVersion(database)).toBe(total);
      const columns = await queryRows<{ n: number }>(
        database.db,
        sql`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'customers' AND column_name = 'upgrade_probe'`,
      );
      expect(columns[0]?.n).toBe(0);
    } finally {
      await drop();
    }
  });
});
