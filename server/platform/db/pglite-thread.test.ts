import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmptyEmbeddedDatabase } from '../../test/harness';
import { queryRows, type Database } from './client';
import { uniqueViolationOf } from './errors';

// The embedded database runs on its own thread (R-QLT-06, 08-quality "embedded concurrency"):
// what crosses between the threads must arrive as PGlite gives it in-process, and the request
// thread must keep running while a statement executes. Embedded mode only.

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))('embedded database thread', () => {
  let database: Database;

  beforeAll(async () => {
    database = await openEmptyEmbeddedDatabase();
    await database.db.execute(sql`CREATE TABLE t (id int PRIMARY KEY, name text UNIQUE, at timestamptz, big bigint, doc jsonb, bytes bytea)`);
  });
  afterAll(async () => {
    await database.close();
  });

  it('R-QLT-06 values cross the thread unchanged: dates, big integers, JSON, bytes and Chinese text', async () => {
    const at = new Date('2026-12-07T01:02:03.004Z');
    await database.pglite!.query('INSERT INTO t VALUES ($1, $2, $3, $4, $5, $6)', [
      1,
      '华通物流',
      at,
      '9007199254740993',
      JSON.stringify({ 区域: ['A', 'B'], n: 1.5 }),
      new Uint8Array([0, 255, 7]),
    ]);
    const raw = await database.pglite!.query<{ at: Date; big: unknown; doc: unknown; bytes: Uint8Array; name: string }>('SELECT * FROM t WHERE id = 1');
    expect(raw.rows[0]!.name).toBe('华通物流');
    expect(raw.rows[0]!.at).toBeInstanceOf(Date);
    expect(raw.rows[0]!.at.getTime()).toBe(at.getTime());
    expect(String(raw.rows[0]!.big)).toBe('9007199254740993');
    expect(raw.rows[0]!.doc).toEqual({ 区域: ['A', 'B'], n: 1.5 });
    expect(Array.from(raw.rows[0]!.bytes)).toEqual([0, 255, 7]);
    // Through drizzle, whose parsers keep timestamps as text: they arrive as text, in Beijing time.
    const [row] = await queryRows<{ at: string }>(database.db, sql`SELECT at FROM t WHERE id = 1`);
    expect(row!.at).toBe('2026-12-07 09:02:03.004+08');
  });

  it('R-QLT-06 a failed statement keeps PostgreSQL’s code and constraint, and a failed transaction leaves nothing behind', async () => {
    const failure = await database.pglite!.query("INSERT INTO t (id, name) VALUES (2, '华通物流')").catch((error: unknown) => error);
    expect(uniqueViolationOf(failure)).toBe('t_name_key');
    await expect(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`INSERT INTO t (id, name) VALUES (3, '半途')`);
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    const nested = await database.db.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO t (id, name) VALUES (4, '外层')`);
      await tx
        .transaction(async (inner) => {
          await inner.execute(sql`INSERT INTO t (id, name) VALUES (5, '内层')`);
          throw new Error('inner');
        })
        .catch(() => undefined);
      return 'done';
    });
    expect(nested).toBe('done');
    const ids = await queryRows<{ id: number }>(database.db, sql`SELECT id FROM t ORDER BY id`);
    expect(ids.map((r) => r.id)).toEqual([1, 4]);
  });

  it('R-QLT-06 the request thread keeps running while a long statement executes', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    let ticksWhenDone = -1;
    try {
      await database.pglite!.query('SELECT count(*) FROM generate_series(1, 3000000) g, LATERAL (SELECT md5(g::text)) m');
      ticksWhenDone = ticks;
    } finally {
      clearInterval(timer);
    }
    // In-process, WebAssembly would hold the thread: no timer could fire before the answer.
    expect(ticksWhenDone).toBeGreaterThan(0);
  });

  it('R-QLT-06 a closed database refuses further statements with a clear error', async () => {
    const other = await openEmptyEmbeddedDatabase();
    await other.close();
    await expect(other.pglite!.query('SELECT 1')).rejects.toThrow(/嵌入式数据库线程已停止/);
  });
});
