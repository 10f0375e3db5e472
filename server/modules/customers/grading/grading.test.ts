import { and, asc, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../../platform/audit/audit.table';
import { settleJobRuns } from '../../../platform/jobs/jobs.service';
import { createTestApp, type Agent, type TestApp } from '../../../test/harness';
import { REGRADE_JOB_KEY, regradeCustomers } from './grading.jobs';
import { insertGradingCustomer, insertRevenue, yearOf } from './grading.fixtures';
import { ensureCustomerGradingData } from './grading.service';
import { customerGradeChanges, customerGradeTiers, customers, customerTimeline } from '../customers.table';

let t: TestApp;
let admin: Agent;

beforeAll(async () => {
  t = await createTestApp();
  await ensureCustomerGradingData(t.database.db);
  admin = await t.admin();
});
afterAll(async () => t?.close());

const db = () => t.database.db;
const gradeOf = async (id: number) => (await db().select({ grade: customers.grade }).from(customers).where(eq(customers.id, id)))[0]!.grade;
const changesOf = async (id: number) => db().select().from(customerGradeChanges).where(eq(customerGradeChanges.customerId, id));
const timelineOf = async (id: number) =>
  db()
    .select()
    .from(customerTimeline)
    .where(and(eq(customerTimeline.customerId, id), eq(customerTimeline.type, 'grade_changed')));

/** Starts 立即重新分级 for a unit and waits until the run has finished. */
async function regradeUnit(unitId: number) {
  const res = await admin.post('/api/v1/customer-grading/regrade', { unitId });
  expect(res.statusCode, res.body).toBe(202);
  await settleJobRuns();
  const run = await admin.get(`/api/v1/jobs/runs/${res.json().runId}`);
  expect(run.json()).toMatchObject({ jobKey: REGRADE_JOB_KEY, status: 'succeeded' });
  return run.json().output as { processed: number; changed: number };
}

describe('tiers and unit settings', () => {
  it('R-CUS-21 default tiers are seeded once; admins edit them, others cannot', async () => {
    await ensureCustomerGradingData(db());
    const list = await admin.get('/api/v1/customer-grading/tiers');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((tier: { name: string; minAnnualRevenue: string }) => [tier.name, tier.minAnnualRevenue])).toEqual([
      ['钻石', '5000000.00'],
      ['白金', '2000000.00'],
      ['黄金', '200000.00'],
      ['VIP', '10000.00'],
    ]);
    const created = await admin.post('/api/v1/customer-grading/tiers', { code: 'silver', name: '白银', minAnnualRevenue: '50000', sortOrder: 3 });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ code: 'silver', minAnnualRevenue: '50000.00' });
    expect((await admin.post('/api/v1/customer-grading/tiers', { code: 'silver2', name: '白银2', minAnnualRevenue: '50000.00' })).statusCode).toBe(400);
    expect((await admin.post('/api/v1/customer-grading/tiers', { code: 'qualified', name: '合格', minAnnualRevenue: '1' })).statusCode).toBe(400);
    expect((await admin.post('/api/v1/customer-grading/tiers', { code: 'x1', name: 'x', minAnnualRevenue: '0.001' })).statusCode).toBe(400);
    const patched = await admin.patch('/api/v1/customer-grading/tiers/silver', { minAnnualRevenue: '60000.5' });
    expect(patched.json()).toMatchObject({ minAnnualRevenue: '60000.50' });
    const manager = await t.login(await t.createUser({ role: 'manager' }));
    expect((await manager.post('/api/v1/customer-grading/tiers', { code: 'bronze', name: '青铜', minAnnualRevenue: '1000' })).statusCode).toBe(403);
    expect((await admin.delete('/api/v1/customer-grading/tiers/silver')).statusCode).toBe(204);
    // Seeding again does not resurrect or duplicate anything.
    await ensureCustomerGradingData(db());
    expect((await db().select({ n: count() }).from(customerGradeTiers))[0]!.n).toBe(4);
    const audits = await db().select().from(auditEvents).where(eq(auditEvents.entityType, 'customer_grade_tier'));
    expect(audits.map((a) => a.action)).toEqual(['create', 'update', 'delete']);
  });

  it('R-CUS-21 a unit inherits the nearest ancestor setting; managers edit only within their scope', async () => {
    const parent = await t.createUnit('华东招商部');
    const child = await t.createUnit('上海招商组', parent.id);
    const other = await t.createUnit('华北招商部');
    const manager = await t.login(await t.createUser({ role: 'manager', unitId: parent.id }));
    const put = await manager.put(`/api/v1/customer-grading/settings/${parent.id}`, { method: 'revenue', coefficient: 0.85, topN: 30 });
    expect(put.statusCode, put.body).toBe(200);
    const inherited = await manager.get(`/api/v1/customer-grading/settings/${child.id}`);
    expect(inherited.json()).toMatchObject({ method: 'revenue', coefficient: 0.85, topN: 30, sourceUnitId: parent.id, inherited: true, canEdit: true });
    // R-PLT-03: a unit outside the manager's scope is as missing as an unknown one.
    expect((await manager.get(`/api/v1/customer-grading/settings/${other.id}`)).statusCode).toBe(404);
    expect((await manager.put(`/api/v1/customer-grading/settings/${other.id}`, { method: 'quota', coefficient: 1, topN: 10 })).statusCode).toBe(404);
    // Seen but not managed: a unit-scoped reader of the parent's unit.
    const reader = await t.login(await t.createUser({ permissions: ['customer:read'], scope: 'unit', unitId: parent.id }));
    expect((await reader.get(`/api/v1/customer-grading/settings/${parent.id}`)).json()).toMatchObject({ coefficient: 0.85, canEdit: false });
    for (const coefficient of [0.49, 1.51, 0.855]) {
      expect((await manager.put(`/api/v1/customer-grading/settings/${child.id}`, { method: 'revenue', coefficient, topN: 10 })).statusCode).toBe(400);
    }
    const specialist = await t.login(await t.createUser({ role: 'specialist', unitId: parent.id }));
    expect((await specialist.put(`/api/v1/customer-grading/settings/${parent.id}`, { method: 'quota', coefficient: 1, topN: 10 })).statusCode).toBe(403);
    const reverted = await manager.delete(`/api/v1/customer-grading/settings/${parent.id}`);
    expect(reverted.json()).toMatchObject({ coefficient: 1, sourceUnitId: null });
    expect((await manager.delete(`/api/v1/customer-grading/settings/${parent.id}`)).statusCode).toBe(404);
  });
});

describe('revenue grading and regrading', () => {
  it('R-CUS-21 coefficient 0.8 moves 180,000 into 黄金; the same revenue is VIP at 1.00', async () => {
    const discounted = await t.createUnit('系数部门');
    const plain = await t.createUnit('标准部门');
    expect((await admin.put(`/api/v1/customer-grading/settings/${discounted.id}`, { method: 'revenue', coefficient: 0.8, topN: 100 })).statusCode).toBe(200);
    const a = await insertGradingCustomer(db(), { unitId: discounted.id, revenue: yearOf('15000.00') });
    const b = await insertGradingCustomer(db(), { unitId: plain.id, revenue: yearOf('15000.00') });
    // 0.8 × 5,000,000 = 4,000,000 → 钻石; 159,999.99 < 160,000 → VIP.
    const c = await insertGradingCustomer(db(), { unitId: discounted.id, revenue: { '2025-06': '4000000.00' } });
    const d = await insertGradingCustomer(db(), { unitId: discounted.id, revenue: { '2026-02': '159999.99' } });
    await regradeUnit(discounted.id);
    await regradeUnit(plain.id);
    expect(await gradeOf(a.id)).toBe('gold');
    expect(await gradeOf(b.id)).toBe('vip');
    expect(await gradeOf(c.id)).toBe('diamond');
    expect(await gradeOf(d.id)).toBe('vip');
    const grading = await admin.get(`/api/v1/customers/${a.id}/grading`);
    expect(grading.json()).toMatchObject({ grade: 'gold', gradeName: '黄金', rollingRevenue: '180000.00', coefficient: 0.8, method: 'revenue' });
    expect(grading.json().months).toHaveLength(12);
  });

  it('R-CUS-21 the rolling window: 13 months ago and the current month are not counted', async () => {
    const unit = await t.createUnit('窗口部门');
    const edge = await insertGradingCustomer(db(), {
      unitId: unit.id,
      revenue: { '2025-02': '500000.00', '2025-03': '5000.00', '2026-02': '4999.99', '2026-03': '500000.00' },
    });
    await regradeUnit(unit.id);
    expect(await gradeOf(edge.id)).toBe('qualified');
    expect((await admin.get(`/api/v1/customers/${edge.id}/grading`)).json()).toMatchObject({
      rollingRevenue: '9999.99',
      window: { from: '2025-03', to: '2026-02' },
    });
    // A month later the window moves: 2026-03 counts, 2025-03 drops out (job run directly, so
    // the signed-in sessions are not aged by the clock jump).
    t.clock.set('2026-04-01T00:00:00Z');
    try {
      await regradeCustomers(t.app.deps, { unitId: unit.id, scheduled: true, audit: {} });
      expect(await gradeOf(edge.id)).toBe('gold');
    } finally {
      t.clock.set('2026-03-02T02:00:00Z');
    }
  });

  it('R-CUS-23 the job logs only changed customers, with the revenue in the reason; a rerun changes nothing', async () => {
    const unit = await t.createUnit('年度分级部门');
    const rising = await insertGradingCustomer(db(), { unitId: unit.id, grade: 'vip', revenue: yearOf('200000.00') });
    const steady = await insertGradingCustomer(db(), { unitId: unit.id, grade: 'vip', revenue: yearOf('1000.00') });
    const fresh = await insertGradingCustomer(db(), { unitId: unit.id });
    const first = await regradeCustomers(t.app.deps, { unitId: unit.id, scheduled: true, audit: {}, batchSize: 2 });
    expect(first).toMatchObject({ processed: 3, changed: 2 });
    expect(await gradeOf(rising.id)).toBe('platinum');
    expect(await gradeOf(steady.id)).toBe('vip');
    expect(await gradeOf(fresh.id)).toBe('qualified');
    const [change] = await changesOf(rising.id);
    expect(change).toMatchObject({ fromGrade: 'vip', toGrade: 'platinum', method: 'revenue', reason: '年度重新分级：近 12 个月收入 ¥2,400,000.00' });
    expect(await changesOf(steady.id)).toEqual([]);
    expect(await timelineOf(rising.id)).toHaveLength(1);
    expect(await timelineOf(steady.id)).toEqual([]);
    const gradedAt = (await db().select().from(customers).where(eq(customers.id, steady.id)))[0]!.gradedAt;

    const snapshot = async () => ({
      changes: (await db().select({ n: count() }).from(customerGradeChanges))[0]!.n,
      timeline: (await db().select({ n: count() }).from(customerTimeline))[0]!.n,
      audits: (await db().select({ n: count() }).from(auditEvents).where(eq(auditEvents.entityType, 'customer_grading')))[0]!.n,
    });
    const before = await snapshot();
    const rerun = await regradeCustomers(t.app.deps, { unitId: unit.id, scheduled: true, audit: {}, batchSize: 2 });
    expect(rerun).toMatchObject({ processed: 3, changed: 0 });
    expect(await snapshot()).toEqual(before);
    expect((await db().select().from(customers).where(eq(customers.id, steady.id)))[0]!.gradedAt).toEqual(gradedAt);

    // On demand through the API: a manual job run with progress in the jobs API.
    await insertRevenue(db(), steady.id, { '2025-02': '900000.00' }); // outside the window
    const output = await regradeUnit(unit.id);
    expect(output).toMatchObject({ processed: 3, changed: 0 });
    await insertRevenue(db(), fresh.id, { '2026-01': '10000.00' });
    expect(await regradeUnit(unit.id)).toMatchObject({ processed: 3, changed: 1 });
    const history = await admin.get(`/api/v1/customers/${fresh.id}/grade-changes`);
    expect(history.json().items.map((c: { fromGrade: string | null; toGrade: string; reason: string }) => [c.fromGrade, c.toGrade, c.reason])).toEqual([
      ['qualified', 'vip', '重新分级：近 12 个月收入 ¥10,000.00'],
      [null, 'qualified', '年度重新分级：近 12 个月收入 ¥0.00'],
    ]);
    expect(history.json().items[0]).toMatchObject({ toGradeName: 'VIP', changedById: admin.userId });
  });

  it('R-CUS-23 regrading is refused to non-admins and while a run is going on', async () => {
    const manager = await t.login(await t.createUser({ role: 'manager' }));
    expect((await manager.post('/api/v1/customer-grading/regrade', {})).statusCode).toBe(403);
    expect((await admin.post('/api/v1/customer-grading/regrade', { unitId: 2_000_000 })).statusCode).toBe(404);
  });
});

describe('quota grading (R-CUS-22)', () => {
  it('R-CUS-22 20 customers → 3 VIP, 6 优选, 11 合格; a manual change beyond a quota is refused with the counts', async () => {
    const unit = await t.createUnit('配额部门');
    expect((await admin.put(`/api/v1/customer-grading/settings/${unit.id}`, { method: 'quota', coefficient: 1, topN: 10 })).statusCode).toBe(200);
    const list = [];
    for (let i = 1; i <= 20; i++) list.push(await insertGradingCustomer(db(), { unitId: unit.id, revenue: { '2026-01': `${i * 1000}.00` } }));
    await regradeUnit(unit.id);
    const grades = await Promise.all(list.map((c) => gradeOf(c.id)));
    expect(grades.slice(17)).toEqual(['vip', 'vip', 'vip']);
    expect(grades.slice(11, 17)).toEqual(Array(6).fill('preferred'));
    expect(grades.slice(0, 11)).toEqual(Array(11).fill('qualified'));
    const [top] = await changesOf(list[19]!.id);
    expect(top!.reason).toBe('重新分级（配额）：近 12 个月收入 ¥20,000.00，本单位第 1/20 名');

    const refused = await admin.post(`/api/v1/customers/${list[0]!.id}/grade`, { grade: 'vip', reason: '重点培育' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().quota).toEqual({ grade: 'vip', total: 20, limit: 3, current: 3 });
    expect(refused.json().detail).toContain('VIP 最多 3 个');
    expect((await admin.post(`/api/v1/customers/${list[0]!.id}/grade`, { grade: 'preferred', reason: '重点培育' })).json().quota).toMatchObject({
      limit: 6,
      current: 6,
    });
    // Revenue tiers are not available to a quota unit.
    expect((await admin.post(`/api/v1/customers/${list[0]!.id}/grade`, { grade: 'gold', reason: '试试' })).statusCode).toBe(400);
    // Freeing a VIP place lets another customer take it.
    expect((await admin.post(`/api/v1/customers/${list[19]!.id}/grade`, { grade: 'qualified', reason: '连续欠费' })).statusCode).toBe(200);
    const granted = await admin.post(`/api/v1/customers/${list[0]!.id}/grade`, { grade: 'vip', reason: '战略合作伙伴' });
    expect(granted.statusCode, granted.body).toBe(200);
    expect(granted.json().quota).toMatchObject({ vip: 3, vipUsed: 3 });
    expect(await gradeOf(list[0]!.id)).toBe('vip');
  });
});

describe('manual grade changes (R-CUS-23)', () => {
  it('R-CUS-23 a manual change needs a reason and the right to assign, within scope; it is logged, audited and on the timeline', async () => {
    const unitA = await t.createUnit('手动甲');
    const unitB = await t.createUnit('手动乙');
    const manager = await t.login(await t.createUser({ role: 'manager', unitId: unitA.id }));
    const specialist = await t.login(await t.createUser({ role: 'specialist', unitId: unitA.id }));
    const ours = await insertGradingCustomer(db(), { unitId: unitA.id, grade: 'vip' });
    const theirs = await insertGradingCustomer(db(), { unitId: unitB.id, grade: 'vip' });
    expect((await manager.post(`/api/v1/customers/${ours.id}/grade`, { grade: 'gold' })).statusCode).toBe(400);
    expect((await manager.post(`/api/v1/customers/${ours.id}/grade`, { grade: 'gold', reason: '   ' })).statusCode).toBe(400);
    expect((await specialist.post(`/api/v1/customers/${ours.id}/grade`, { grade: 'gold', reason: '业绩突出' })).statusCode).toBe(403);
    expect((await manager.post(`/api/v1/customers/${theirs.id}/grade`, { grade: 'gold', reason: '业绩突出' })).statusCode).toBe(404);
    const ok = await manager.post(`/api/v1/customers/${ours.id}/grade`, { grade: 'gold', reason: '业绩突出' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ grade: 'gold', gradeName: '黄金' });
    const history = await manager.get(`/api/v1/customers/${ours.id}/grade-changes`);
    expect(history.json()).toMatchObject({ total: 1 });
    expect(history.json().items[0]).toMatchObject({ fromGrade: 'vip', toGrade: 'gold', reason: '业绩突出', method: 'manual', changedById: manager.userId });
    expect((await manager.get(`/api/v1/customers/${theirs.id}/grade-changes`)).statusCode).toBe(404);
    expect(await timelineOf(ours.id)).toEqual([expect.objectContaining({ title: '客户等级 VIP → 黄金', actorId: manager.userId })]);
    const [audit] = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.customerId, ours.id), eq(auditEvents.action, 'change_grade')));
    expect(audit).toMatchObject({ actorId: manager.userId, changes: { grade: { before: 'vip', after: 'gold' } } });
  });

  it('R-CUS-23 a serious-problem downgrade records the evaluation date and is refused more than 5 days after it', async () => {
    const unit = await t.createUnit('严重问题部门');
    const customer = await insertGradingCustomer(db(), { unitId: unit.id, grade: 'platinum' });
    const url = `/api/v1/customers/${customer.id}/grade`;
    // Today in Shanghai is 2026-03-02.
    expect((await admin.post(url, { grade: 'vip', reason: '重大安全事故', serious: true })).statusCode).toBe(400);
    expect((await admin.post(url, { grade: 'diamond', reason: '重大安全事故', serious: true, evaluatedAt: '2026-03-01' })).statusCode).toBe(400);
    expect((await admin.post(url, { grade: 'vip', reason: '重大安全事故', serious: true, evaluatedAt: '2026-03-03' })).statusCode).toBe(400);
    const late = await admin.post(url, { grade: 'vip', reason: '重大安全事故', serious: true, evaluatedAt: '2026-02-24' });
    expect(late.statusCode).toBe(409);
    expect(late.json().detail).toContain('最迟应在 2026-03-01');
    expect(await gradeOf(customer.id)).toBe('platinum');
    const onTime = await admin.post(url, { grade: 'vip', reason: '重大安全事故', serious: true, evaluatedAt: '2026-02-25' });
    expect(onTime.statusCode, onTime.body).toBe(200);
    const [entry] = (await admin.get(`/api/v1/customers/${customer.id}/grade-changes`)).json().items;
    expect(entry).toMatchObject({ method: 'serious', evaluatedAt: '2026-02-25', toGrade: 'vip' });
    expect(entry.reason).toContain('重大安全事故');
  });
});

describe('revenue entry, monitor and distribution', () => {
  it('R-CUS-21 revenue is recorded exactly (0.1 + 0.2 = 0.30), audited, and only with billing:write', async () => {
    const unit = await t.createUnit('收入部门');
    const customer = await insertGradingCustomer(db(), { unitId: unit.id });
    const finance = await t.login(await t.createUser({ role: 'finance' }));
    const manager = await t.login(await t.createUser({ role: 'manager', unitId: unit.id }));
    expect((await finance.put(`/api/v1/customers/${customer.id}/revenue/2026-01`, { amount: '0.1' })).json()).toEqual({
      customerId: customer.id,
      month: '2026-01',
      amount: '0.10',
    });
    expect((await finance.put(`/api/v1/customers/${customer.id}/revenue/2026-02`, { amount: '0.2' })).statusCode).toBe(200);
    expect((await admin.get(`/api/v1/customers/${customer.id}/grading`)).json().rollingRevenue).toBe('0.30');
    // Upsert: the month's figure is replaced, not added.
    expect((await finance.put(`/api/v1/customers/${customer.id}/revenue/2026-02`, { amount: '0.25' })).statusCode).toBe(200);
    expect((await admin.get(`/api/v1/customers/${customer.id}/grading`)).json().rollingRevenue).toBe('0.35');
    for (const amount of ['1.234', '-5', '1e3', 'abc']) {
      expect((await finance.put(`/api/v1/customers/${customer.id}/revenue/2026-01`, { amount })).statusCode, amount).toBe(400);
    }
    expect((await finance.put(`/api/v1/customers/${customer.id}/revenue/2026-04`, { amount: '1' })).statusCode).toBe(400);
    expect((await finance.put(`/api/v1/customers/${customer.id}/revenue/2026-13`, { amount: '1' })).statusCode).toBe(400);
    expect((await manager.put(`/api/v1/customers/${customer.id}/revenue/2026-01`, { amount: '1' })).statusCode).toBe(403);
    const audits = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.customerId, customer.id), eq(auditEvents.entityType, 'customer_revenue')))
      .orderBy(asc(auditEvents.id));
    expect(audits.map((a) => a.changes)).toEqual([
      { amount: { before: null, after: '0.10' } },
      { amount: { before: null, after: '0.20' } },
      { amount: { before: '0.20', after: '0.25' } },
    ]);
  });

  it('R-CUS-23 the top-N monitor ranks the unit tree by rolling revenue and respects scope', async () => {
    const unitA = await t.createUnit('监控甲');
    const leafA = await t.createUnit('监控甲一组', unitA.id);
    const unitB = await t.createUnit('监控乙');
    const manager = await t.login(await t.createUser({ role: 'manager', unitId: unitA.id }));
    const owner = await t.createUser({ role: 'specialist', unitId: leafA.id });
    const small = await insertGradingCustomer(db(), { unitId: unitA.id, revenue: { '2026-01': '100.10', '2026-02': '0.20' } });
    const big = await insertGradingCustomer(db(), { unitId: leafA.id, ownerId: owner.id, grade: 'gold', revenue: yearOf('20000.00') });
    await insertGradingCustomer(db(), { unitId: unitA.id });
    const foreign = await insertGradingCustomer(db(), { unitId: unitB.id, revenue: yearOf('999999.00') });
    const top = await manager.get(`/api/v1/customer-grading/top?unitId=${unitA.id}`);
    expect(top.statusCode, top.body).toBe(200);
    expect(top.json()).toMatchObject({ unitId: unitA.id, n: 100, window: { from: '2025-03', to: '2026-02' } });
    expect(top.json().items.map((i: { customerId: number }) => i.customerId)).toEqual([big.id, small.id]);
    expect(top.json().items[0]).toMatchObject({ rank: 1, revenue: '240000.00', grade: 'gold', gradeName: '黄金', ownerId: owner.id, unitName: '监控甲一组' });
    expect(top.json().items[1].revenue).toBe('100.30');
    expect(top.json().items[1].monthly.slice(-2)).toEqual(['100.10', '0.20']);
    expect((await manager.get(`/api/v1/customer-grading/top?unitId=${unitA.id}&n=1`)).json().items).toHaveLength(1);
    // Another unit's tree: nothing of it is visible to a unit-tree manager of A.
    const other = await manager.get(`/api/v1/customer-grading/top?unitId=${unitB.id}`);
    expect(other.json().items).toEqual([]);
    expect((await admin.get(`/api/v1/customer-grading/top?unitId=${unitB.id}`)).json().items[0].customerId).toBe(foreign.id);
    const specialist = await t.login(await t.createUser({ role: 'specialist', unitId: unitA.id }));
    expect((await specialist.get(`/api/v1/customer-grading/top?unitId=${unitA.id}`)).statusCode).toBe(403);
    // Default N comes from the unit's setting.
    await admin.put(`/api/v1/customer-grading/settings/${unitA.id}`, { method: 'revenue', coefficient: 1, topN: 1 });
    expect((await manager.get(`/api/v1/customer-grading/top?unitId=${leafA.id}`)).json()).toMatchObject({ n: 1 });
  });

  it('R-CUS-20 the distribution counts grades and classification dimensions within scope', async () => {
    const unit = await t.createUnit('分布部门');
    const other = await t.createUnit('分布他部门');
    await insertGradingCustomer(db(), { unitId: unit.id, grade: 'gold', valueCode: 'cooperating', strategicCode: 'strategic', usageCodes: ['office', 'logistics'] });
    await insertGradingCustomer(db(), { unitId: unit.id, grade: 'gold', valueCode: 'potential', usageCodes: ['office'], lifecycleCode: 'signed' });
    await insertGradingCustomer(db(), { unitId: unit.id });
    await insertGradingCustomer(db(), { unitId: other.id, grade: 'diamond' });
    const manager = await t.login(await t.createUser({ role: 'manager', unitId: unit.id }));
    const res = await manager.get('/api/v1/customer-grading/distribution');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.total).toBe(3);
    expect(body.byGrade).toEqual([
      { code: 'gold', name: '黄金', count: 2 },
      { code: null, name: '未分级', count: 1 },
    ]);
    const dimension = (key: string) => body.dimensions.find((d: { key: string }) => d.key === key).buckets;
    expect(dimension('usage')).toEqual([
      { code: 'office', name: '办公', count: 2 },
      { code: 'logistics', name: '物流', count: 1 },
    ]);
    expect(dimension('strategic')).toContainEqual({ code: 'strategic', name: '战略', count: 1 });
    expect(dimension('lifecycle')).toContainEqual({ code: 'signed', name: '签约', count: 1 });
    expect((await admin.get(`/api/v1/customer-grading/distribution?unitId=${other.id}`)).json().byGrade).toEqual([{ code: 'diamond', name: '钻石', count: 1 }]);
    expect((await manager.get(`/api/v1/customer-grading/distribution?unitId=${other.id}`)).json().total).toBe(0);
  });
});
