import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq, sql } from 'drizzle-orm';
import { createTestApp, unique, type Agent, type TestApp } from '../../test/harness';
import { verifyChainOverHttp } from '../../test/audit';
import { queryRows } from '../db/client';
import { orgUnits } from '../org/org.table';
import { recordAudit, verifyAuditChain } from './audit.service';
import { auditEvents } from './audit.table';

let t: TestApp;
let admin: Agent;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
});
afterAll(async () => t?.close());

const auditCount = async () => Number((await t.database.db.select({ n: count() }).from(auditEvents))[0]!.n);

describe('audit log', () => {
  it('R-PLT-10 a write records who, when, from where and field-level before/after', async () => {
    const code = unique('A').slice(0, 12);
    const created = (await admin.post('/api/v1/org-units', { name: '审计测试部', code, parentId: t.rootUnitId, kind: 'department' })).json();
    await admin.patch(`/api/v1/org-units/${created.id}`, { name: '审计测试二部', sortOrder: 5 });
    const events = (await admin.get(`/api/v1/audit-events?entityType=org_unit&entityId=${created.id}`)).json().items;
    expect(events.map((e: { action: string }) => e.action)).toEqual(['update', 'create']);
    const [update, create] = events;
    expect(update.changes).toEqual({
      name: { before: '审计测试部', after: '审计测试二部' },
      sortOrder: { before: 0, after: 5 },
    });
    expect(create.changes.code).toEqual({ before: null, after: code });
    expect(update.actorId).toBe(admin.userId);
    expect(update.ip).toBe('127.0.0.1');
    expect(update.requestId).toBeTruthy();
  });

  it('R-PLT-10 a failed write leaves no audit entry', async () => {
    const existing = (await admin.get('/api/v1/org-units')).json().items[0];
    const before = await auditCount();
    const response = await admin.post('/api/v1/org-units', { name: '重复', code: existing.code, parentId: t.rootUnitId, kind: 'department' });
    expect(response.statusCode).toBe(409);
    expect(await auditCount()).toBe(before);
  });

  it('R-PLT-10 the audit record and the business change commit together or not at all', async () => {
    const before = await auditCount();
    const code = unique('X').slice(0, 12);
    await expect(
      t.database.db.transaction(async (tx) => {
        await tx.insert(orgUnits).values({ name: '回滚部', code, kind: 'department', parentId: t.rootUnitId });
        await recordAudit(tx, t.clock, {}, { action: 'create', entityType: 'org_unit', summary: '回滚测试' });
        throw new Error('business rule failed after auditing');
      }),
    ).rejects.toThrow('business rule failed');
    expect(await auditCount()).toBe(before);
    expect(await t.database.db.select().from(orgUnits).where(eq(orgUnits.code, code))).toHaveLength(0);
  });

  it('R-PLT-12 UPDATE, DELETE and TRUNCATE on the audit table are refused by the database', async () => {
    expect(await auditCount()).toBeGreaterThan(0);
    await expect(t.database.db.execute(sql`UPDATE audit_events SET summary = 'changed'`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`DELETE FROM audit_events`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`TRUNCATE audit_events`)).rejects.toThrow();
    const rows = await t.database.db.select().from(auditEvents).where(eq(auditEvents.summary, 'changed'));
    expect(rows).toHaveLength(0);
  });

  it('R-SEC-08 text that the database cannot hold as given is hashed as it is stored, so the chain stays verifiable', async () => {
    // Input guards refuse such text over HTTP; a value from elsewhere (a spreadsheet cell, a file
    // name) is normalised before hashing, exactly as PostgreSQL stores it.
    await t.database.db.transaction((tx) =>
      recordAudit(tx, t.clock, {}, { action: 'update', entityType: 'org_unit', summary: '导入\ud800名称\u0000', changes: { name: { before: 'a\udc00', after: 'b' } } }),
    );
    const [last] = await t.database.db.select().from(auditEvents).orderBy(sql`id DESC`).limit(1);
    expect(last!.summary).toBe('导入\uFFFD名称');
    expect(last!.changes).toEqual({ name: { before: 'a\uFFFD', after: 'b' } });
    expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: true });
  });

  it('R-SEC-08 the hash chain verifies, and an edit that bypasses the trigger is detected', async () => {
    const ok = await verifyChainOverHttp(admin);
    expect(ok).toMatchObject({ ok: true, brokenAtId: null });
    expect(ok.checked).toBe(await auditCount());

    const [victim] = await t.database.db.select().from(auditEvents).orderBy(auditEvents.id).limit(1).offset(1);
    // Only the table's owner (or a superuser) switching the trigger off can do this; the chain still reveals it.
    await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete`);
      await tx.execute(sql`UPDATE audit_events SET summary = 'tampered' WHERE id = ${victim!.id}`);
      await tx.execute(sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete`);
    });
    const result = await verifyAuditChain(t.database.db);
    expect(result.ok).toBe(false);
    expect(result.brokenAtId).toBe(victim!.id);
    const viaApi = await verifyChainOverHttp(admin);
    expect(viaApi).toMatchObject({ ok: false, brokenAtId: victim!.id });
  });

  it('R-PLT-11 administrators search the log by user, action and time; others are refused', async () => {
    const user = await t.createUser({ role: 'specialist' });
    await t.login(user);
    const from = new Date(t.clock.now().getTime() - 60_000).toISOString();
    const to = new Date(t.clock.now().getTime() + 60_000).toISOString();
    const found = (await admin.get(`/api/v1/audit-events?actorId=${user.id}&action=login&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`)).json();
    expect(found.total).toBe(1);
    expect(found.items[0]).toMatchObject({ actorId: user.id, action: 'login', entityType: 'user' });
    const specialist = await t.login(user);
    const refused = await specialist.get('/api/v1/audit-events');
    expect(refused.statusCode).toBe(403);
  });
});

describe('audit log at scale', () => {
  it('R-PLT-11 a keyword finds events by summary or actor from 2 characters, through the character-pair index', async () => {
    const tag = unique('');
    await t.database.db.transaction(async (tx) => {
      await recordAudit(tx, t.clock, {}, { action: 'update', entityType: 'system', summary: `修改客户「苏州华通冷链${tag}」的联系人` });
      await recordAudit(tx, t.clock, {}, { actorName: `Zhao${tag}`, action: 'update', entityType: 'system', summary: `设置 ${tag}` });
      await recordAudit(tx, t.clock, {}, { action: 'update', entityType: 'system', summary: `华 通 分开 ${tag}` });
    });
    const search = async (q: string) =>
      ((await admin.get(`/api/v1/audit-events?pageSize=50&q=${encodeURIComponent(q)}`)).json().items as { summary: string }[]).filter((e) => e.summary.includes(tag));
    // Two Chinese characters; the pair must be adjacent (华 通 apart is not a match).
    expect((await search('华通')).map((e) => e.summary)).toEqual([`修改客户「苏州华通冷链${tag}」的联系人`]);
    expect(await search('冷链' + tag.slice(0, 3))).toHaveLength(1);
    // Case does not matter; the actor's name is searched too.
    expect(await search(`zHAO${tag}`)).toHaveLength(1);
    // One character falls back to the plain scan.
    expect((await search('华')).length).toBe(2);

    // The keyword condition is one the index serves (with sequential scans off, the planner
    // uses it rather than reading the table).
    const plan = await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL enable_seqscan = off`);
      return queryRows<{ 'QUERY PLAN': string }>(
        tx,
        sql`EXPLAIN SELECT id FROM audit_events WHERE audit_text_bigrams(summary || chr(10) || coalesce(actor_name, '')) @> audit_text_bigrams(${'华通'})`,
      );
    });
    expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toContain('audit_events_text_bigrams_idx');
  });

  it('R-PLT-11 lists stop counting at 10,000 matches and say so', async () => {
    const small = (await admin.get('/api/v1/audit-events?action=bulk_probe')).json();
    expect(small).toMatchObject({ total: 0, totalCapped: false });
    // Bulk rows straight into the table (this file's chain checks ran above).
    await t.database.db.execute(sql`
      INSERT INTO audit_events (at, action, entity_type, summary, prev_hash, hash)
      SELECT now(), 'bulk_probe', 'system', 'probe ' || g, 'x', 'y' FROM generate_series(1, 10050) g`);
    const big = (await admin.get('/api/v1/audit-events?action=bulk_probe&pageSize=5')).json();
    expect(big).toMatchObject({ total: 10_000, totalCapped: true });
    expect(big.items).toHaveLength(5);
  });
});
