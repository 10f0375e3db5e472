import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, unique, type Agent, type TestApp } from '../../test/harness';
import { auditEvents } from '../audit/audit.table';
import { ensureDefaultNumberRules, nextNumber, previewNextNumber } from './numbering.service';
import { numberRules } from './numbering.table';

let t: TestApp;
let admin: Agent;

beforeAll(async () => {
  t = await createTestApp();
  await ensureDefaultNumberRules(t.database.db);
  admin = await t.admin();
});
afterAll(async () => t?.close());

/** A rule of its own per test, so tests never share a counter. */
async function createRule(pattern: string, reset: 'never' | 'yearly' | 'monthly') {
  const docType = unique('test_');
  const [rule] = await t.database.db.insert(numberRules).values({ docType, name: `测试${docType}`, pattern, reset }).returning();
  return rule!;
}

describe('numbering', () => {
  it(`R-PLT-51 R-QLT-01 1,000 concurrent requests give 1,000 distinct consecutive numbers (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, async () => {
    const rule = await createRule('HT-{YYYY}-{unit}-{seq:5}', 'yearly');
    const db = t.database.db;
    const numbers = await Promise.all(
      Array.from({ length: 1000 }, () => db.transaction((tx) => nextNumber(tx, t.app.deps, { docType: rule.docType, unitCode: 'SH' }))),
    );
    const year = new Date(t.clock.now().getTime() + 8 * 3_600_000).getUTCFullYear();
    const expected = Array.from({ length: 1000 }, (_, i) => `HT-${year}-SH-${String(i + 1).padStart(5, '0')}`);
    expect(new Set(numbers).size).toBe(1000);
    expect([...numbers].sort()).toEqual(expected);
  });

  it('R-PLT-51 a rolled-back document gives its number back (gap-free)', async () => {
    const rule = await createRule('GD-{YYYY}{MM}-{seq:5}', 'monthly');
    const db = t.database.db;
    const draw = () => db.transaction((tx) => nextNumber(tx, t.app.deps, { docType: rule.docType }));
    expect(await draw()).toBe('GD-202603-00001');
    await expect(
      db.transaction(async (tx) => {
        expect(await nextNumber(tx, t.app.deps, { docType: rule.docType })).toBe('GD-202603-00002');
        throw new Error('document failed validation');
      }),
    ).rejects.toThrow('document failed validation');
    expect(await draw()).toBe('GD-202603-00002');
    // Previewing never consumes a number.
    expect(await previewNextNumber(db, t.clock, { docType: rule.docType })).toBe('GD-202603-00003');
    expect(await draw()).toBe('GD-202603-00003');
  });

  it('R-PLT-51 yearly sequences restart in a new Shanghai year; units count separately', async () => {
    const rule = await createRule('{unit}{YYYY}{seq:6}', 'yearly');
    const db = t.database.db;
    const draw = (unitCode: string, at: string) =>
      db.transaction((tx) => nextNumber(tx, t.app.deps, { docType: rule.docType, unitCode, at: new Date(at) }));
    expect(await draw('SH', '2025-06-01T02:00:00Z')).toBe('SH2025000001');
    expect(await draw('SH', '2025-12-31T15:59:00Z')).toBe('SH2025000002');
    expect(await draw('BJ', '2025-12-31T15:59:00Z')).toBe('BJ2025000001');
    // 16:00 UTC on 31 December is midnight in Shanghai: a new year.
    expect(await draw('SH', '2025-12-31T16:00:00Z')).toBe('SH2026000001');
    expect(await draw('SH', '2026-02-01T00:00:00Z')).toBe('SH2026000002');
    await expect(db.transaction((tx) => nextNumber(tx, t.app.deps, { docType: rule.docType }))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('R-PLT-51 default rules are seeded idempotently and never overwrite admin edits', async () => {
    const list = await admin.get('/api/v1/number-rules');
    expect(list.statusCode).toBe(200);
    const byType = new Map(list.json().items.map((r: { docType: string }) => [r.docType, r]));
    expect(byType.get('customer')).toMatchObject({ pattern: '{unit}{YYYY}{seq:6}', reset: 'yearly' });
    expect(byType.get('contract')).toMatchObject({ pattern: 'HT-{YYYY}-{unit}-{seq:5}', reset: 'yearly' });
    expect(byType.get('ticket')).toMatchObject({ pattern: 'GD-{YYYY}{MM}-{seq:5}', reset: 'monthly' });
    for (const docType of ['bill', 'receipt', 'complaint', 'approval', 'registration']) expect(byType.has(docType)).toBe(true);
    const complaint = byType.get('complaint') as { id: number };
    expect((await admin.patch(`/api/v1/number-rules/${complaint.id}`, { pattern: 'TSU-{YYYY}-{seq:6}' })).statusCode).toBe(200);
    await ensureDefaultNumberRules(t.database.db);
    const [after] = await t.database.db.select().from(numberRules).where(eq(numberRules.docType, 'complaint'));
    expect(after!.pattern).toBe('TSU-{YYYY}-{seq:6}');
  });

  it('R-PLT-51 admins edit rules with validated patterns, live preview and an audit record', async () => {
    const rule = await createRule('QA-{YYYY}-{seq:4}', 'yearly');
    const bad = await admin.patch(`/api/v1/number-rules/${rule.id}`, { pattern: 'QA-{YYYY}-{seqq:4}' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: 'pattern' });
    expect(bad.json().detail).toMatch(/不认识的占位符/);
    const noSeq = await admin.patch(`/api/v1/number-rules/${rule.id}`, { pattern: 'QA-{YYYY}' });
    expect(noSeq.json().detail).toMatch(/必须包含流水号/);
    const monthlyWithoutMonth = await admin.patch(`/api/v1/number-rules/${rule.id}`, { reset: 'monthly' });
    expect(monthlyWithoutMonth.statusCode).toBe(400);
    expect(monthlyWithoutMonth.json().errors[0].field).toBe('reset');

    const preview = await admin.post(`/api/v1/number-rules/${rule.id}/preview`, { pattern: 'QB-{YY}{MM}-{unit}-{seq:3}', reset: 'monthly', unitCode: 'HZ' });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ next: 'QB-2603-HZ-001', periodKey: '2026-03', lastValue: 0 });
    const badPreview = await admin.post(`/api/v1/number-rules/${rule.id}/preview`, { pattern: 'QB-{seq:3}', reset: 'yearly' });
    expect(badPreview.statusCode).toBe(400);

    const saved = await admin.patch(`/api/v1/number-rules/${rule.id}`, { name: '质检单号', pattern: 'QB-{YYYY}-{seq:5}' });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ name: '质检单号', pattern: 'QB-{YYYY}-{seq:5}', issued: false, nextPreview: 'QB-2026-00001' });
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'number_rule'), eq(auditEvents.entityId, String(rule.id))));
    expect(audit!.changes).toMatchObject({ pattern: { before: 'QA-{YYYY}-{seq:4}', after: 'QB-{YYYY}-{seq:5}' } });

    // Once numbers are issued, the counter's scope is fixed.
    await t.database.db.transaction((tx) => nextNumber(tx, t.app.deps, { docType: rule.docType }));
    const listed = (await admin.get('/api/v1/number-rules')).json().items.find((r: { id: number }) => r.id === rule.id);
    expect(listed).toMatchObject({ issued: true, nextPreview: 'QB-2026-00002' });
    const resetChange = await admin.patch(`/api/v1/number-rules/${rule.id}`, { reset: 'never' });
    expect(resetChange.statusCode).toBe(409);
    expect(resetChange.json().detail).toMatch(/不能再修改重置周期/);
    const unitChange = await admin.patch(`/api/v1/number-rules/${rule.id}`, { pattern: 'QB-{YYYY}-{unit}-{seq:5}' });
    expect(unitChange.statusCode).toBe(409);
    expect((await admin.patch(`/api/v1/number-rules/${rule.id}`, { pattern: 'QC-{YYYY}-{seq:6}' })).statusCode).toBe(200);
  });

  it('R-PLT-51 only system:manage may see or change number rules', async () => {
    const specialist = await t.login(await t.createUser({ role: 'specialist' }));
    expect((await specialist.get('/api/v1/number-rules')).statusCode).toBe(403);
    expect((await specialist.patch('/api/v1/number-rules/1', { name: '改名' })).statusCode).toBe(403);
    expect((await admin.patch('/api/v1/number-rules/999999', { name: '改名' })).statusCode).toBe(404);
  });
});
