import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../../platform/audit/audit.table';
import { createTestApp, type Agent, type TestApp, type TestUser } from '../../../test/harness';
import { insertCustomer } from '../../../test/customers';
import { customers, customerTimeline } from '../customers.table';

describe('customer list, saved views and bulk tags', () => {
  let t: TestApp;
  let admin: Agent;
  let unitA: { id: number };
  let unitA1: { id: number };
  let unitB: { id: number };
  let specialistA: TestUser;
  let specialistB: TestUser;
  let agentA: Agent;
  let agentB: Agent;
  let unitScopedA: Agent;
  const ids: Record<string, number> = {};

  const names = (res: { json: () => { items: { name: string }[] } }) => res.json().items.map((item) => item.name);

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.admin();
    unitA = await t.createUnit('上海招商部');
    unitA1 = await t.createUnit('上海一部', unitA.id);
    unitB = await t.createUnit('北京招商部');
    specialistA = await t.createUser({ role: 'specialist', unitId: unitA.id });
    specialistB = await t.createUser({ role: 'specialist', unitId: unitB.id });
    agentA = await t.login(specialistA);
    agentB = await t.login(specialistB);
    unitScopedA = await t.login(await t.createUser({ unitId: unitA.id, permissions: ['customer:read', 'customer:update'], scope: 'unit' }));
    const db = t.database.db;
    const at = (day: string) => new Date(`${day}T04:00:00Z`);
    const rows = [
      {
        key: 'alpha',
        name: '安徽阿尔法物流有限公司',
        unitId: unitA.id,
        ownerId: specialistA.id,
        industryCode: '54',
        natureCode: 'private',
        sourceCode: 'referral',
        usageCodes: ['logistics'],
        valueCode: 'cooperating',
        strategicCode: 'strategic',
        lifecycleCode: 'signed',
        grade: 'gold',
        admissionStatus: 'admitted',
        tags: ['重点', '冷链'],
        verifiedAt: at('2026-02-20'),
        createdAt: at('2026-01-05'),
        updatedAt: at('2026-02-25'),
      },
      {
        key: 'beta',
        name: '北京贝塔商贸有限公司',
        unitId: unitA1.id,
        ownerId: null,
        industryCode: '51',
        natureCode: 'state_owned',
        usageCodes: ['commercial'],
        valueCode: 'potential',
        strategicCode: 'ordinary',
        lifecycleCode: 'potential',
        grade: 'vip',
        blacklistLevel: 'unit',
        tags: ['冷链'],
        createdAt: at('2026-01-20'),
        updatedAt: at('2026-02-26'),
      },
      {
        key: 'gamma',
        name: '长沙伽马仓储有限公司',
        unitId: unitA.id,
        ownerId: specialistA.id,
        industryCode: '59',
        usageCodes: ['warehousing'],
        lifecycleCode: 'moved_in',
        grade: 'diamond',
        verifiedAt: at('2025-10-01'),
        createdAt: at('2026-02-10'),
        updatedAt: at('2026-02-27'),
      },
      { key: 'delta', name: '大连德尔塔科技有限公司', unitId: unitB.id, ownerId: specialistB.id, industryCode: '54', tags: ['重点'], createdAt: at('2026-02-15'), updatedAt: at('2026-02-28') },
      { key: 'epsilon', name: '鄂州艾普斯龙物流有限公司', unitId: unitB.id, ownerId: null, industryCode: '54', createdAt: at('2026-02-16'), updatedAt: at('2026-03-01') },
    ];
    for (const { key, ...row } of rows) ids[key] = (await insertCustomer(db, row)).id;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('R-PLT-62 filters by every classification dimension (industry section letter includes its divisions)', async () => {
    const cases: [string, string[]][] = [
      ['industryCode=G', ['鄂州艾普斯龙物流有限公司', '大连德尔塔科技有限公司', '长沙伽马仓储有限公司', '安徽阿尔法物流有限公司']],
      ['industryCode=54', ['鄂州艾普斯龙物流有限公司', '大连德尔塔科技有限公司', '安徽阿尔法物流有限公司']],
      ['industryCode=F', ['北京贝塔商贸有限公司']],
      ['natureCode=private', ['安徽阿尔法物流有限公司']],
      ['sourceCode=referral', ['安徽阿尔法物流有限公司']],
      ['usageCode=specialized', ['长沙伽马仓储有限公司', '北京贝塔商贸有限公司', '安徽阿尔法物流有限公司']],
      ['usageCode=logistics', ['安徽阿尔法物流有限公司']],
      ['valueCode=potential', ['北京贝塔商贸有限公司']],
      ['strategicCode=strategic', ['安徽阿尔法物流有限公司']],
      ['lifecycleCode=moved_in', ['长沙伽马仓储有限公司']],
      ['grade=vip', ['北京贝塔商贸有限公司']],
      ['admissionStatus=admitted', ['安徽阿尔法物流有限公司']],
      ['blacklisted=true', ['北京贝塔商贸有限公司']],
      ['tags=' + encodeURIComponent('重点,不存在'), ['大连德尔塔科技有限公司', '安徽阿尔法物流有限公司']],
    ];
    for (const [query, expected] of cases) {
      const res = await admin.get(`/api/v1/customers?${query}`);
      expect(res.statusCode, query).toBe(200);
      expect(names(res), query).toEqual(expected);
      expect(res.json().total, query).toBe(expected.length);
    }
  });

  it('R-PLT-62 filters by owner (incl. 公海), unit with sub-units, verification and creation dates', async () => {
    const cases: [string, string[]][] = [
      [`ownerId=${specialistA.id}`, ['长沙伽马仓储有限公司', '安徽阿尔法物流有限公司']],
      ['ownerId=none', ['鄂州艾普斯龙物流有限公司', '北京贝塔商贸有限公司']],
      [`unitId=${unitA.id}`, ['长沙伽马仓储有限公司', '北京贝塔商贸有限公司', '安徽阿尔法物流有限公司']],
      [`unitId=${unitA1.id}`, ['北京贝塔商贸有限公司']],
      [`notVerifiedSince=2026-01-01&unitId=${unitA.id}`, ['长沙伽马仓储有限公司', '北京贝塔商贸有限公司']],
      ['createdFrom=2026-01-20&createdTo=2026-02-10', ['长沙伽马仓储有限公司', '北京贝塔商贸有限公司']],
      ['createdTo=2026-01-05', ['安徽阿尔法物流有限公司']],
    ];
    for (const [query, expected] of cases) {
      const res = await admin.get(`/api/v1/customers?${query}`);
      expect(res.statusCode, query).toBe(200);
      expect(names(res), query).toEqual(expected);
    }
  });

  it('R-PLT-62 sorts by name (pinyin order), code, createdAt and grade, paginates with a total, caps the page size', async () => {
    const byName = await admin.get('/api/v1/customers?sort=name:asc');
    expect(names(byName)).toEqual(['安徽阿尔法物流有限公司', '北京贝塔商贸有限公司', '长沙伽马仓储有限公司', '大连德尔塔科技有限公司', '鄂州艾普斯龙物流有限公司']);
    const byCreated = await admin.get('/api/v1/customers?sort=createdAt:asc');
    expect(names(byCreated)[0]).toBe('安徽阿尔法物流有限公司');
    const byGrade = await admin.get('/api/v1/customers?sort=grade:asc&grade=vip');
    expect(names(byGrade)).toEqual(['北京贝塔商贸有限公司']);
    const byCode = await admin.get('/api/v1/customers?sort=code:desc');
    const codes = byCode.json().items.map((item: { code: string }) => item.code);
    expect(codes).toEqual([...codes].sort().reverse());

    const page1 = await admin.get('/api/v1/customers?pageSize=2&page=1');
    const page3 = await admin.get('/api/v1/customers?pageSize=2&page=3');
    expect(page1.json()).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(names(page1)).toEqual(['鄂州艾普斯龙物流有限公司', '大连德尔塔科技有限公司']);
    expect(names(page3)).toEqual(['安徽阿尔法物流有限公司']);

    expect((await admin.get('/api/v1/customers?pageSize=101')).statusCode).toBe(400);
    const badSort = await admin.get('/api/v1/customers?sort=normalizedName:asc');
    expect(badSort.statusCode).toBe(400);
    expect(badSort.json().detail).toContain('不支持按 normalizedName 排序');
  });

  it('R-PLT-03 specialists of unit A see none of unit B customers in the list or its total', async () => {
    const own = await agentA.get('/api/v1/customers');
    expect(names(own)).toEqual(['长沙伽马仓储有限公司', '安徽阿尔法物流有限公司']);
    expect(own.json().total).toBe(2);
    const other = await agentB.get('/api/v1/customers');
    expect(names(other)).toEqual(['大连德尔塔科技有限公司']);
    // Filters cannot widen the scope: asking for unit B or B's owner gives nothing.
    for (const query of [`unitId=${unitB.id}`, `ownerId=${specialistB.id}`, 'ownerId=none', 'industryCode=G&q=' + encodeURIComponent('德尔塔')]) {
      const res = await agentA.get(`/api/v1/customers?${query}`);
      expect(res.statusCode, query).toBe(200);
      expect(res.json(), query).toMatchObject({ items: [], total: 0 });
    }
    const unitScoped = await unitScopedA.get('/api/v1/customers');
    expect(names(unitScoped)).toEqual(['长沙伽马仓储有限公司', '安徽阿尔法物流有限公司']);
    // A `unit` scope does not reach sub-units: the 公海 customer of 上海一部 stays invisible.
    expect(names(await unitScopedA.get(`/api/v1/customers?ownerId=none`))).toEqual([]);
    expect(names(await admin.get(`/api/v1/customers?ownerId=none&unitId=${unitA.id}`))).toEqual(['北京贝塔商贸有限公司']);
  });

  it('R-PLT-62 saved views: create, default, update, delete — each user sees only their own', async () => {
    const created = await agentA.post('/api/v1/customer-views', {
      name: '我的重点客户',
      filters: { tags: ['重点'], lifecycleCode: 'signed', ownerId: 'none', unknownKey: 'dropped' },
      columns: ['name', 'code', 'grade'],
      sort: 'updatedAt:desc',
      isDefault: true,
    });
    expect(created.statusCode).toBe(201);
    const view = created.json();
    expect(view).toMatchObject({ name: '我的重点客户', filters: { tags: ['重点'], lifecycleCode: 'signed', ownerId: 'none' }, columns: ['name', 'code', 'grade'], isDefault: true });
    expect(view.filters).not.toHaveProperty('unknownKey');

    const second = await agentA.post('/api/v1/customer-views', { name: '待核实', filters: { notVerifiedSince: '2026-01-01' }, isDefault: true });
    expect(second.statusCode).toBe(201);
    const mine = (await agentA.get('/api/v1/customer-views')).json().items as { name: string; isDefault: boolean }[];
    expect(mine.map((v) => [v.name, v.isDefault])).toEqual([
      ['待核实', true],
      ['我的重点客户', false],
    ]);
    expect(mine.filter((v) => v.isDefault)).toHaveLength(1);

    const duplicate = await agentA.post('/api/v1/customer-views', { name: '待核实' });
    expect(duplicate.statusCode).toBe(409);
    expect((await agentA.post('/api/v1/customer-views', { name: '坏排序', sort: 'name;drop' })).statusCode).toBe(400);

    // Another user sees none of them and cannot change or delete them.
    expect((await agentB.get('/api/v1/customer-views')).json().items).toEqual([]);
    expect((await agentB.patch(`/api/v1/customer-views/${view.id}`, { name: '偷改' })).statusCode).toBe(404);
    expect((await agentB.delete(`/api/v1/customer-views/${view.id}`)).statusCode).toBe(404);

    const renamed = await agentA.patch(`/api/v1/customer-views/${view.id}`, { name: '重点客户', isDefault: true, sort: null });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: '重点客户', isDefault: true, sort: null });
    const after = (await agentA.get('/api/v1/customer-views')).json().items as { id: number; isDefault: boolean }[];
    expect(after.filter((v) => v.isDefault).map((v) => v.id)).toEqual([view.id]);

    expect((await agentA.delete(`/api/v1/customer-views/${view.id}`)).statusCode).toBe(204);
    expect((await agentA.get('/api/v1/customer-views')).json().items.map((v: { name: string }) => v.name)).toEqual(['待核实']);
  });

  it('R-PLT-62 bulk tags change only customers in scope, in one transaction, audited and on the timeline', async () => {
    const res = await agentA.post('/api/v1/customers/bulk/tags', {
      ids: [ids.alpha, ids.gamma, ids.delta, 999_999_999],
      add: ['年度大客户'],
      remove: ['冷链'],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ changed: 2, unchanged: 0, skipped: 2 });

    const db = t.database.db;
    const [alpha] = await db.select().from(customers).where(eq(customers.id, ids.alpha!));
    const [delta] = await db.select().from(customers).where(eq(customers.id, ids.delta!));
    expect(alpha!.tags).toEqual(['重点', '年度大客户']);
    expect(alpha!.version).toBe(2);
    expect(delta!.tags).toEqual(['重点']);

    const audits = await db.select().from(auditEvents).where(and(eq(auditEvents.customerId, ids.alpha!), eq(auditEvents.action, 'update')));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.changes).toEqual({ tags: { before: ['重点', '冷链'], after: ['重点', '年度大客户'] } });
    expect(audits[0]!.actorId).toBe(specialistA.id);
    expect(await db.select().from(auditEvents).where(eq(auditEvents.customerId, ids.delta!))).toHaveLength(0);
    const events = await db.select().from(customerTimeline).where(and(eq(customerTimeline.customerId, ids.alpha!), eq(customerTimeline.type, 'tags_changed')));
    expect(events).toHaveLength(1);
    expect(events[0]!.title).toContain('年度大客户');

    // Repeating changes nothing.
    const again = await agentA.post('/api/v1/customers/bulk/tags', { ids: [ids.alpha, ids.gamma], add: ['年度大客户'] });
    expect(again.json()).toEqual({ changed: 0, unchanged: 2, skipped: 0 });

    // Refused input and missing permission.
    expect((await agentA.post('/api/v1/customers/bulk/tags', { ids: [ids.alpha], add: [] })).statusCode).toBe(400);
    expect((await agentA.post('/api/v1/customers/bulk/tags', { ids: Array.from({ length: 501 }, (_, i) => i + 1), add: ['x'] })).statusCode).toBe(400);
    const reader = await t.login(await t.createUser({ permissions: ['customer:read'], scope: 'all' }));
    expect((await reader.post('/api/v1/customers/bulk/tags', { ids: [ids.alpha], add: ['x'] })).statusCode).toBe(403);
  });
});
