import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp, type TestUser } from '../../../test/harness';
import { insertCustomer } from '../../../test/customers';
import { SEARCH_RATE_LIMIT_PER_MINUTE } from './search.schema';

interface Hit {
  id: number;
  name: string;
  code: string;
  matchedBy: string;
  matchedText: string | null;
  ownerName: string | null;
}

describe('customer search and 查重', () => {
  let t: TestApp;
  let admin: Agent;
  let specialistA: TestUser;
  let specialistB: TestUser;
  let agentA: Agent;
  let agentB: Agent;
  let unitScopedA: Agent;
  const ids: Record<string, number> = {};
  const USCC = '91310115MA1H7ABC2X';

  const search = async (agent: Agent, q: string, limit = 20) => {
    const res = await agent.get(`/api/v1/customers/search?q=${encodeURIComponent(q)}&limit=${limit}`);
    expect(res.statusCode, `${q}: ${res.body}`).toBe(200);
    return res.json().items as Hit[];
  };
  const names = (hits: Hit[]) => hits.map((hit) => hit.name);

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.admin();
    const unitA = await t.createUnit('上海招商部');
    const unitB = await t.createUnit('北京招商部');
    specialistA = await t.createUser({ role: 'specialist', unitId: unitA.id });
    specialistB = await t.createUser({ role: 'specialist', unitId: unitB.id });
    agentA = await t.login(specialistA);
    agentB = await t.login(specialistB);
    unitScopedA = await t.login(await t.createUser({ unitId: unitA.id, permissions: ['customer:read'], scope: 'unit' }));
    const db = t.database.db;
    const day = (n: number) => new Date(Date.UTC(2026, 1, n, 4));
    const rows = [
      {
        key: 'shanghai',
        name: '上海华通物流有限公司',
        shortName: '华通物流',
        code: 'SH2026000001',
        uscc: USCC,
        phone: '021-55556666',
        unitId: unitA.id,
        ownerId: specialistA.id,
        updatedAt: day(1),
        contacts: [{ name: '张伟', mobile: '13812345678', isPrimary: true }],
      },
      { key: 'tech', name: '华通科技有限公司', code: 'SH2026000002', unitId: unitA.id, ownerId: specialistA.id, updatedAt: day(2) },
      { key: 'exact', name: '华通', code: 'SH2026000003', unitId: unitA.id, ownerId: specialistA.id, updatedAt: day(3) },
      { key: 'beijing', name: '北京华通达贸易有限公司', code: 'SH2026000004', unitId: unitA.id, ownerId: specialistA.id, updatedAt: day(4) },
      { key: 'suzhou', name: '苏州远大华通仓储有限公司', code: 'BJ2026000001', unitId: unitB.id, ownerId: specialistB.id, updatedAt: day(5) },
      {
        key: 'similar',
        name: '上海华通物流公司',
        code: 'BJ2026000002',
        unitId: unitB.id,
        ownerId: specialistB.id,
        lifecycleCode: 'signed',
        updatedAt: day(6),
        contacts: [{ name: '李娜', mobile: '13998765432' }],
      },
      { key: 'other', name: '杭州通华电子有限公司', code: 'BJ2026000003', unitId: unitB.id, ownerId: specialistB.id, updatedAt: day(7) },
    ];
    for (const { key, ...row } of rows) ids[key] = (await insertCustomer(db, row)).id;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('R-CUS-32 finds a 2-character substring of Chinese names, exact and prefix matches ranked first', async () => {
    const hits = await search(admin, '华通');
    expect(names(hits)).toEqual([
      '华通', // exact
      '华通科技有限公司', // prefix
      '上海华通物流公司', // substring, newest first
      '苏州远大华通仓储有限公司',
      '北京华通达贸易有限公司',
      '上海华通物流有限公司', // substring of the name (and of its short name 华通物流)
    ]);
    expect(hits.map((hit) => hit.matchedBy)).toEqual(['name_exact', 'name_prefix', 'name', 'name', 'name', 'name']);
    // Order-sensitive: 通华 is a different word.
    expect(names(await search(admin, '通华'))).toEqual(['杭州通华电子有限公司']);
  });

  it('R-CUS-32 finds 3- and 4+-character substrings, full-width and spaced input too', async () => {
    expect(names(await search(admin, '华通物'))).toEqual(['上海华通物流公司', '上海华通物流有限公司']);
    expect(names(await search(admin, '华通物流'))).toEqual(['上海华通物流公司', '上海华通物流有限公司']);
    expect(names(await search(admin, '上海华通'))).toEqual(['上海华通物流公司', '上海华通物流有限公司']);
    expect((await search(admin, '上海华通')).map((hit) => hit.matchedBy)).toEqual(['name_prefix', 'name_prefix']);
    expect(names(await search(admin, '远大华通仓储'))).toEqual(['苏州远大华通仓储有限公司']);
    expect(names(await search(admin, '上海 华通物流有限公司'))).toEqual(['上海华通物流有限公司']);
    expect(names(await search(admin, '物流华通'))).toEqual([]);
  });

  it('R-CUS-32 finds by pinyin initials and full pinyin', async () => {
    const initials = await search(admin, 'shhtwl');
    expect(names(initials)).toEqual(['上海华通物流公司', '上海华通物流有限公司']);
    expect(initials[0]!.matchedBy).toBe('pinyin');
    expect(names(await search(admin, 'SHHT'))).toEqual(['上海华通物流公司', '上海华通物流有限公司']);
    expect(names(await search(admin, 'shanghaihuatong'))).toEqual(['上海华通物流公司', '上海华通物流有限公司']);
    expect(names(await search(admin, 'huatongkeji'))).toEqual(['华通科技有限公司']);
  });

  it('R-CUS-32 finds by USCC, customer code, contact name, contact mobile (whole or last digits) and phone', async () => {
    const byUscc = await search(admin, USCC.toLowerCase());
    expect(byUscc.map((hit) => [hit.name, hit.matchedBy])).toEqual([['上海华通物流有限公司', 'uscc']]);
    const byCode = await search(admin, 'SH2026000002');
    expect(byCode[0]).toMatchObject({ name: '华通科技有限公司', matchedBy: 'code' });
    expect(names(await search(admin, 'BJ20260000'))).toEqual(['杭州通华电子有限公司', '上海华通物流公司', '苏州远大华通仓储有限公司']);

    const byContact = await search(admin, '张伟');
    expect(byContact.map((hit) => [hit.name, hit.matchedBy])).toEqual([['上海华通物流有限公司', 'contact']]);
    // The admin may see sensitive fields; a specialist sees the mobile masked.
    expect(byContact[0]!.matchedText).toBe('联系人 张伟 13812345678');
    const masked = await search(agentA, '13812345678');
    expect(masked.map((hit) => [hit.name, hit.matchedBy, hit.matchedText])).toEqual([['上海华通物流有限公司', 'contact', '联系人 张伟 138****5678']]);
    expect(names(await search(admin, '5678'))).toEqual(['上海华通物流有限公司']);
    expect(names(await search(admin, '021-55556666'))).toEqual(['上海华通物流有限公司']);
  });

  it('R-CUS-32 refuses 1-character queries with a clear message', async () => {
    const res = await admin.get(`/api/v1/customers/search?q=${encodeURIComponent('华')}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toContain('至少输入 2 个字符');
    expect((await admin.get(`/api/v1/customers?q=${encodeURIComponent('华')}`)).statusCode).toBe(400);
  });

  it('R-CUS-32 the list keyword uses the same matching', async () => {
    const res = await admin.get(`/api/v1/customers?q=${encodeURIComponent('华通')}&sort=name:asc`);
    expect(res.json().total).toBe(6);
    const pinyin = await admin.get('/api/v1/customers?q=shhtwl');
    expect(pinyin.json().items.map((item: { name: string }) => item.name)).toEqual(['上海华通物流公司', '上海华通物流有限公司']);
    const contact = await admin.get(`/api/v1/customers?q=${encodeURIComponent('李娜')}`);
    expect(contact.json().items.map((item: { name: string }) => item.name)).toEqual(['上海华通物流公司']);
  });

  it('R-PLT-03 specialists of unit A see none of unit B customers in search or list counts', async () => {
    expect(names(await search(agentA, '华通'))).toEqual(['华通', '华通科技有限公司', '北京华通达贸易有限公司', '上海华通物流有限公司']);
    expect(names(await search(agentB, '华通'))).toEqual(['上海华通物流公司', '苏州远大华通仓储有限公司']);
    expect(await search(agentA, 'BJ2026000002')).toEqual([]);
    expect(await search(agentA, '李娜')).toEqual([]);
    expect(await search(agentA, '13998765432')).toEqual([]);
    expect(names(await search(unitScopedA, 'shhtwl'))).toEqual(['上海华通物流有限公司']);
    const list = await agentA.get(`/api/v1/customers?q=${encodeURIComponent('华通')}`);
    expect(list.json().total).toBe(4);
  });

  it('R-CUS-06 查重 shows exact duplicates and similar names with a similarity score', async () => {
    const res = await agentA.get(`/api/v1/customers/duplicate-check?name=${encodeURIComponent('上海华通物流有限责任公司')}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.exact).toEqual([
      {
        inScope: true,
        id: ids.shanghai,
        code: 'SH2026000001',
        unitName: '上海招商部',
        name: '上海华通物流有限公司',
        ownerName: expect.any(String),
        lifecycleCode: 'potential',
        matchedBy: ['name'],
      },
    ]);
    // 上海华通物流公司 belongs to unit B: outside A's scope a similar name is partly masked.
    const similar = body.similar.find((hit: { name: string }) => hit.name === '上海**物流公司');
    expect(similar).toMatchObject({ inScope: false, ownerName: null });
    expect(similar.similarity).toBeGreaterThanOrEqual(0.4);
    expect(similar.similarity).toBeLessThan(1);
    expect(body.similar.every((hit: { similarity: number }) => hit.similarity >= 0.4)).toBe(true);
    expect(body.similar.map((hit: { name: string }) => hit.name)).not.toContain('杭州通华电子有限公司');
    expect(body.similar.map((hit: { name: string }) => hit.name)).not.toContain('杭州****有限公司');

    const byPhone = await agentA.get('/api/v1/customers/duplicate-check?phone=13998765432');
    expect(byPhone.json().exact).toEqual([expect.objectContaining({ name: '上海华通物流公司', matchedBy: ['phone'] })]);
    const byUscc = await agentA.get(`/api/v1/customers/duplicate-check?uscc=${USCC}`);
    expect(byUscc.json().exact).toEqual([expect.objectContaining({ id: ids.shanghai, matchedBy: ['uscc'] })]);
    const nothing = await agentA.get('/api/v1/customers/duplicate-check');
    expect(nothing.statusCode).toBe(400);
  });

  it('R-CUS-06 R-PLT-03 outside the caller scope 查重 shows only name, owner and status', async () => {
    const res = await agentA.get(`/api/v1/customers/duplicate-check?name=${encodeURIComponent('上海华通物流公司')}&phone=13998765432`);
    const body = res.json();
    expect(body.exact).toHaveLength(1);
    const [hit] = body.exact;
    expect(Object.keys(hit).sort()).toEqual(['inScope', 'lifecycleCode', 'matchedBy', 'name', 'ownerName']);
    expect(hit).toMatchObject({ inScope: false, name: '上海华通物流公司', lifecycleCode: 'signed', matchedBy: ['name', 'phone'] });
    expect(hit.ownerName).toMatch(/^测试/);
    expect(JSON.stringify(body)).not.toContain('BJ2026000002');
    expect([...body.exact, ...body.similar].map((h: { id?: number }) => h.id)).not.toContain(ids.similar);

    // The in-scope similar name carries its identity; the out-of-scope one never does.
    const fromB = await agentB.get(`/api/v1/customers/duplicate-check?name=${encodeURIComponent('上海华通物流有限公司')}`);
    const outside = fromB.json().exact[0];
    expect(Object.keys(outside).sort()).toEqual(['inScope', 'lifecycleCode', 'matchedBy', 'name', 'ownerName']);
    const similar = fromB.json().similar.find((h: { name: string }) => h.name === '上海华通物流公司');
    expect(similar).toMatchObject({ inScope: true, id: ids.similar, code: 'BJ2026000002' });
    for (const other of fromB.json().similar.filter((h: { inScope: boolean }) => !h.inScope)) {
      expect(Object.keys(other).sort()).toEqual(['inScope', 'lifecycleCode', 'name', 'ownerName', 'similarity']);
      expect(other.ownerName).toBeNull();
      expect(other.name).toContain('**');
    }
  });

  it('R-CUS-06 R-PLT-03 name fragments cannot list other units\' customers: similar hits outside the scope are masked, without owner', async () => {
    const seen = new Set<string>();
    for (const fragment of ['华通', '华通物流', '上海华通', '物流有限公司', '华通科技', '北京华通达']) {
      const body = (await agentB.get(`/api/v1/customers/duplicate-check?name=${encodeURIComponent(fragment)}`)).json();
      for (const hit of [...body.exact, ...body.similar]) if (!hit.inScope) seen.add(`${hit.name}|${hit.ownerName}|${hit.similarity ?? 'exact'}`);
    }
    const outside = [...seen];
    expect(outside.length).toBeGreaterThan(0);
    // Only exact hits (the whole name typed) reveal a name and owner; every similar hit is masked.
    for (const hit of outside.filter((h) => !h.endsWith('|exact'))) {
      const [name, owner] = hit.split('|');
      expect(name, hit).toMatch(/\*\*/);
      expect(owner, hit).toBe('null');
    }
    for (const name of ['上海华通物流有限公司', '北京华通达贸易有限公司']) {
      expect(outside.filter((h) => !h.endsWith('|exact')).join('\n')).not.toContain(name);
    }
  });

  it('R-CUS-06 查重 is open to development:read too, but not to users without customer access', async () => {
    const developer = await t.login(await t.createUser({ permissions: ['development:read'], scope: 'self' }));
    const res = await developer.get(`/api/v1/customers/duplicate-check?name=${encodeURIComponent('华通科技')}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().exact).toEqual([expect.objectContaining({ inScope: false, name: '华通科技有限公司' })]);
    expect(res.json().exact[0]).not.toHaveProperty('id');
    expect((await developer.get(`/api/v1/customers/search?q=${encodeURIComponent('华通')}`)).statusCode).toBe(403);
    const nobody = await t.login(await t.createUser({ permissions: [] }));
    expect((await nobody.get(`/api/v1/customers/duplicate-check?name=${encodeURIComponent('华通')}`)).statusCode).toBe(403);
  });

  it('R-SEC-06 search is rate-limited per user', async () => {
    const user = await t.login(await t.createUser({ permissions: ['customer:read'], scope: 'self' }));
    for (let i = 0; i < SEARCH_RATE_LIMIT_PER_MINUTE; i++) {
      expect((await user.get('/api/v1/customers/search?q=ab')).statusCode).toBe(200);
    }
    const limited = await user.get('/api/v1/customers/search?q=ab');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('RATE_LIMITED');
    // Another user is not affected.
    expect((await agentB.get('/api/v1/customers/search?q=ab')).statusCode).toBe(200);
  });
});
