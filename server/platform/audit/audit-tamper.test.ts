import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, unique, type Agent, type TestApp } from '../../test/harness';
import { verifyChainOverHttp } from '../../test/audit';
import { grantRuntimeRole } from '../db/roles';
import { settleJobRuns } from '../jobs/jobs.service';
import { checkpointPath } from './audit-checkpoint';
import { auditEvents } from './audit.table';

/**
 * R-SEC-08: tampering by someone who can write to the database. The append-only trigger stops the
 * app's own role; the owner of the table can switch it off — then the hash chain shows an edit,
 * and the checkpoint kept outside the database shows deleted newest events and a chain whose
 * hashes were all recomputed after an edit.
 */

let t: TestApp;
let admin: Agent;

beforeEach(async () => {
  t = await createTestApp();
  admin = await t.admin();
  for (let i = 0; i < 3; i++) {
    const res = await admin.post('/api/v1/org-units', { name: unique('审计部'), code: unique('T').slice(0, 12), parentId: t.rootUnitId, kind: 'department' });
    expect(res.statusCode).toBe(201);
  }
});
afterEach(async () => t?.close());

/** What the table's owner can do: run a statement with the append-only trigger switched off. */
async function asOwnerWithoutTrigger(statement: ReturnType<typeof sql>) {
  await t.database.db.transaction(async (tx) => {
    await tx.execute(sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete`);
    await tx.execute(statement);
    await tx.execute(sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete`);
  });
}

async function runCheckpointJob() {
  const started = await admin.post('/api/v1/jobs/audit_chain_verify/run');
  expect(started.statusCode, started.body).toBe(202);
  await settleJobRuns();
  const runs = (await admin.get('/api/v1/jobs/runs?jobKey=audit_chain_verify')).json().items;
  return runs[0];
}

const verify = () => verifyChainOverHttp(admin);

describe('R-SEC-08 audit tampering', () => {
  it('R-SEC-08 the job keeps the chain head outside the database; deleting the newest events is then detected', async () => {
    const run = await runCheckpointJob();
    expect(run.status).toBe('succeeded');
    const checkpoint = JSON.parse(fs.readFileSync(checkpointPath(t.config.dataDir), 'utf8'));
    const [newest] = await t.database.db.select().from(auditEvents).orderBy(sql`id DESC`).limit(1);
    expect(checkpoint).toMatchObject({ lastId: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(checkpoint.lastId).toBeLessThanOrEqual(newest!.id);
    expect(await verify()).toMatchObject({ ok: true, problem: null });

    // Delete the newest events (and everything after the checkpoint): the rest still chains.
    await asOwnerWithoutTrigger(sql`DELETE FROM audit_events WHERE id >= ${checkpoint.lastId - 1}`);
    const result = await verify();
    expect(result).toMatchObject({ ok: false, problem: 'missing', brokenAtId: checkpoint.lastId });
    expect(result.message).toContain('被删除');
    // New events link to the surviving chain, and the deletion is still seen.
    await admin.post('/api/v1/org-units', { name: unique('审计部'), code: unique('T').slice(0, 12), parentId: t.rootUnitId, kind: 'department' });
    expect(await verify()).toMatchObject({ ok: false, problem: 'missing' });
    const failed = await runCheckpointJob();
    expect(failed.status).toBe('failed');
    expect(JSON.stringify(failed)).toContain('被删除');
  });

  it('R-SEC-08 an edit whose following hashes were all recomputed passes the chain but not the checkpoint', async () => {
    await runCheckpointJob();
    const checkpoint = JSON.parse(fs.readFileSync(checkpointPath(t.config.dataDir), 'utf8'));
    const [victim] = await t.database.db.select().from(auditEvents).orderBy(auditEvents.id).limit(1).offset(1);
    // Edit an event, then recompute every later hash as a careful attacker would.
    await asOwnerWithoutTrigger(sql`UPDATE audit_events SET summary = 'tampered' WHERE id = ${victim!.id}`);
    const { verifyAuditChain } = await import('./audit.service');
    const broken = await verifyAuditChain(t.database.db);
    expect(broken).toMatchObject({ ok: false, brokenAtId: victim!.id, problem: 'altered' });
    await rehashFrom(victim!.id);
    expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: true });
    // … but the hash seen at the checkpoint is no longer there.
    expect(await verify()).toMatchObject({ ok: false, problem: 'altered', brokenAtId: checkpoint.lastId });
  });

  it('R-SEC-08 R-QLT-06 an event deleted before the checkpoint is found by the incremental check; the full verification is a job with progress that a reader of the log starts, and it names where the chain breaks', async () => {
    expect((await runCheckpointJob()).status).toBe('succeeded');
    const checkpoint = JSON.parse(fs.readFileSync(checkpointPath(t.config.dataDir), 'utf8'));
    const addEvents = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const res = await admin.post('/api/v1/org-units', { name: unique('审计部'), code: unique('T').slice(0, 12), parentId: t.rootUnitId, kind: 'department' });
        expect(res.statusCode).toBe(201);
      }
    };
    await addEvents(2);

    // 1. An event deleted in the middle of the part already verified: the chain after the
    //    checkpoint is intact, but the count up to it is not.
    const [middle] = await t.database.db.select().from(auditEvents).where(sql`id < ${checkpoint.lastId}`).orderBy(auditEvents.id).limit(1).offset(1);
    await asOwnerWithoutTrigger(sql`DELETE FROM audit_events WHERE id = ${middle!.id}`);
    const deleted = await runCheckpointJob();
    expect(deleted.status).toBe('failed');
    expect(deleted.message).toContain('中间的审计记录被删除');
    expect(deleted.message).toContain(`现只剩 ${checkpoint.count - 1} 条`);

    // The full verification, started from the audit page by a reader of the log, is a job run
    // with progress; its finding names the first event that no longer links.
    const reader = await t.login(await t.createUser({ permissions: ['audit:read'] }));
    const started = await reader.post('/api/v1/audit-events/verifications');
    expect(started.statusCode, started.body).toBe(202);
    expect(started.json()).toMatchObject({ status: 'running', result: null });
    // A second click while it runs joins the same run.
    const joined = await reader.post('/api/v1/audit-events/verifications');
    if (joined.json().id !== started.json().id) {
      expect((await reader.get(`/api/v1/audit-events/verifications/${started.json().id}`)).json().status).not.toBe('running');
    }
    await settleJobRuns();
    const done = (await reader.get(`/api/v1/audit-events/verifications/${started.json().id}`)).json();
    const total = (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(auditEvents))[0]!.n;
    expect(done).toMatchObject({ status: 'failed', result: { ok: false, problem: 'altered' }, error: null });
    expect(done.result.brokenAtId).toBeGreaterThan(middle!.id);
    expect(done.total).toBeGreaterThanOrEqual(total - 1);
    expect(done.finishedAt).not.toBeNull();
    // Another job's run is not a verification.
    const other = (await admin.post('/api/v1/jobs/session_purge/run')).json();
    expect((await reader.get(`/api/v1/audit-events/verifications/${other.id}`)).statusCode).toBe(404);
    await settleJobRuns();
  });

  it('R-SEC-08 the incremental check finds an edit of a new event and hashes recomputed over the checkpoint', async () => {
    expect((await runCheckpointJob()).status).toBe('succeeded');
    const checkpoint = JSON.parse(fs.readFileSync(checkpointPath(t.config.dataDir), 'utf8'));
    const res = await admin.post('/api/v1/org-units', { name: unique('审计部'), code: unique('T').slice(0, 12), parentId: t.rootUnitId, kind: 'department' });
    expect(res.statusCode).toBe(201);
    const [newer] = await t.database.db.select().from(auditEvents).where(sql`id > ${checkpoint.lastId}`).orderBy(auditEvents.id).limit(1);
    await asOwnerWithoutTrigger(sql`UPDATE audit_events SET summary = 'tampered' WHERE id = ${newer!.id}`);
    const edited = await runCheckpointJob();
    expect(edited.status).toBe('failed');
    expect(edited.message).toContain(`第 ${newer!.id} 条记录与哈希链不符`);

    // Editing an old event and recomputing every hash from it on hides the edit from the chain,
    // not from the checkpoint: the incremental check holds the checkpoint's event to its hash.
    const [old] = await t.database.db.select().from(auditEvents).orderBy(auditEvents.id).limit(1);
    await asOwnerWithoutTrigger(sql`UPDATE audit_events SET summary = 'rewritten' WHERE id = ${old!.id}`);
    await rehashFrom(old!.id);
    const recomputed = await runCheckpointJob();
    expect(recomputed.status).toBe('failed');
    expect(recomputed.message).toContain(`第 ${checkpoint.lastId} 条记录与哈希链不符`);
  });

  it('R-SEC-08 the runtime role granted by db:grant can read and append the log but not change, delete or unprotect it', async () => {
    const role = `zs_runtime_${randomBytes(3).toString('hex')}`;
    const db = t.database.db;
    await db.execute(sql.raw(`CREATE ROLE ${role} NOLOGIN`));
    try {
      await db.execute(sql.raw(`GRANT ${role} TO CURRENT_USER`));
      await grantRuntimeRole(db, role);
      const attempt = (statement: string) =>
        db.transaction(async (tx) => {
          await tx.execute(sql.raw(`SET LOCAL ROLE ${role}`));
          await tx.execute(sql.raw(statement));
        });
      await attempt('SELECT count(*) FROM audit_events');
      await attempt(`UPDATE org_units SET sort_order = sort_order WHERE id = ${t.rootUnitId}`);
      for (const statement of [
        "UPDATE audit_events SET summary = 'x'",
        'DELETE FROM audit_events',
        'TRUNCATE audit_events',
        'ALTER TABLE audit_events DISABLE TRIGGER USER',
        'SET session_replication_role = replica',
        'DROP TABLE audit_events',
      ]) {
        const refusal = await attempt(statement).then(
          () => 'accepted',
          (error: { cause?: { message?: string }; message: string }) => error.cause?.message ?? error.message,
        );
        expect(refusal, statement).toMatch(/permission denied|must be owner|权限/);
      }
      expect(await verify()).toMatchObject({ ok: true });
    } finally {
      await db.execute(sql.raw(`DROP OWNED BY ${role}`));
      await db.execute(sql.raw(`DROP ROLE ${role}`));
    }
  });
});

/** Recomputes hash and link of every event from `id` on, the way the app computes them. */
async function rehashFrom(id: number) {
  const { createHash } = await import('node:crypto');
  const rows = await t.database.db.select().from(auditEvents).orderBy(auditEvents.id);
  let prev = '0'.repeat(64);
  await t.database.db.transaction(async (tx) => {
    await tx.execute(sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete`);
    for (const row of rows) {
      if (row.id < id) {
        prev = row.hash;
        continue;
      }
      const fields = {
        at: row.at,
        actorId: row.actorId,
        actorName: row.actorName,
        ip: row.ip,
        requestId: row.requestId,
        action: row.action,
        entityType: row.entityType,
        entityId: row.entityId,
        customerId: row.customerId,
        summary: row.summary,
        changes: row.changes ?? null,
      };
      const hash = createHash('sha256').update(prev).update('|').update(canonical(fields)).digest('hex');
      await tx.execute(sql`UPDATE audit_events SET prev_hash = ${prev}, hash = ${hash} WHERE id = ${row.id}`);
      prev = hash;
    }
    await tx.execute(sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete`);
  });
}

function canonical(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
