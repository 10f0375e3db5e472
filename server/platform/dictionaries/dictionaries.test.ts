import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, unique, type Agent, type TestApp } from '../../test/harness';
import { auditEvents } from '../audit/audit.table';
import { dictionaryItems } from './dictionaries.table';
import { assertDictionaryItem, ensureDefaultDictionaries } from './dictionaries.service';

let t: TestApp;
let admin: Agent;
let reader: Agent;

interface Item {
  id: number;
  code: string;
  label: string;
  parentCode: string | null;
  enabled: boolean;
  builtIn: boolean;
  sortOrder: number;
}

beforeAll(async () => {
  t = await createTestApp();
  await ensureDefaultDictionaries(t.database.db);
  admin = await t.admin();
  reader = await t.login(await t.createUser({ role: 'specialist' }));
});
afterAll(async () => t?.close());

describe('dictionaries', () => {
  it('R-PLT-50 GB/T 4754-2017 has 20 sections A–T and 97 divisions, each under its right section', async () => {
    const res = await reader.get('/api/v1/dictionaries/industry/items');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.dictionary).toMatchObject({ code: 'industry', hierarchical: true });
    const tree: (Item & { children: Item[] })[] = body.tree;
    expect(tree.map((s) => s.code)).toEqual('ABCDEFGHIJKLMNOPQRST'.split(''));
    const divisions = tree.flatMap((s) => s.children.map((d) => ({ ...d, section: s.code })));
    expect(divisions).toHaveLength(97);
    expect(divisions.map((d) => d.code)).toEqual(Array.from({ length: 97 }, (_, i) => String(i + 1).padStart(2, '0')));
    const sectionOf = new Map(divisions.map((d) => [d.code, d.section]));
    const labelOf = new Map(body.items.map((i: Item) => [i.code, i.label]));
    // Section boundaries of the standard.
    const ranges: [string, number, number][] = [
      ['A', 1, 5], ['B', 6, 12], ['C', 13, 43], ['D', 44, 46], ['E', 47, 50], ['F', 51, 52], ['G', 53, 60],
      ['H', 61, 62], ['I', 63, 65], ['J', 66, 69], ['K', 70, 70], ['L', 71, 72], ['M', 73, 75], ['N', 76, 79],
      ['O', 80, 82], ['P', 83, 83], ['Q', 84, 85], ['R', 86, 90], ['S', 91, 96], ['T', 97, 97],
    ];
    for (const [section, from, to] of ranges) {
      for (let n = from; n <= to; n++) expect(sectionOf.get(String(n).padStart(2, '0')), `division ${n}`).toBe(section);
    }
    // Spot checks of names.
    expect(labelOf.get('A')).toBe('农、林、牧、渔业');
    expect(labelOf.get('05')).toBe('农、林、牧、渔专业及辅助性活动');
    expect(labelOf.get('G')).toBe('交通运输、仓储和邮政业');
    expect(labelOf.get('53')).toBe('铁路运输业');
    expect(labelOf.get('59')).toBe('装卸搬运和仓储业');
    expect(sectionOf.get('59')).toBe('G');
    expect(labelOf.get('60')).toBe('邮政业');
    expect(labelOf.get('L')).toBe('租赁和商务服务业');
    expect(labelOf.get('72')).toBe('商务服务业');
    expect(sectionOf.get('72')).toBe('L');
    expect(labelOf.get('65')).toBe('软件和信息技术服务业');
    expect(labelOf.get('T')).toBe('国际组织');
    expect(labelOf.get('97')).toBe('国际组织');
    expect(body.items.every((i: { labelEn: string }) => i.labelEn.length > 0)).toBe(true);
  });

  it('R-PLT-50 ships customer sources, service types, charge items, complaint categories and lost reasons', async () => {
    const list = (await reader.get('/api/v1/dictionaries')).json().items.map((d: { code: string }) => d.code);
    expect(list).toEqual(
      expect.arrayContaining(['industry', 'customer_source', 'service_type', 'charge_item', 'complaint_category', 'lost_reason', 'customer_nature', 'lifecycle_status', 'usage_category']),
    );
    const labels = async (code: string) => (await reader.get(`/api/v1/dictionaries/${code}/items`)).json().items.map((i: Item) => i.label);
    expect(await labels('customer_source')).toEqual(['自主开发', '客户转介绍', '来访', '来电', '网络推广', '中介', '招商推介会', '政府推荐', '其他']);
    expect(await labels('lifecycle_status')).toEqual(['潜在', '意向', '洽谈', '签约', '入驻', '流失']);
    const counts = (await reader.get('/api/v1/dictionaries')).json().items as { code: string; itemCount: number }[];
    expect(counts.find((d) => d.code === 'customer_source')!.itemCount).toBe(9);
    expect(counts.find((d) => d.code === 'lifecycle_status')!.itemCount).toBe(6);
    expect(await labels('charge_item')).toEqual(expect.arrayContaining(['租金', '物业费', '仓储费', '装卸费', '水电费', '停车费', '保证金', '滞纳金']));
    expect(await labels('complaint_category')).toEqual(expect.arrayContaining(['服务态度', '收费争议', '环境卫生']));
    expect(await labels('lost_reason')).toEqual(expect.arrayContaining(['价格', '位置', '竞争对手']));
    const usage = (await reader.get('/api/v1/dictionaries/usage_category/items')).json().tree;
    expect(usage.map((n: { label: string; children: Item[] }) => [n.label, n.children.map((c) => c.label)])).toEqual([
      ['综合', []],
      ['专业', ['仓储', '物流', '办公', '商业']],
    ]);
  });

  it('R-PLT-50 an admin edits and disables an item, which disappears for readers; seeding again keeps the edit', async () => {
    const items: Item[] = (await admin.get('/api/v1/dictionaries/customer_source/items')).json().items;
    const agent = items.find((i) => i.code === 'agent')!;
    const edited = await admin.patch(`/api/v1/dictionaries/customer_source/items/${agent.id}`, { label: '房产中介', enabled: false });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ label: '房产中介', enabled: false, builtIn: true });

    const readerView: Item[] = (await reader.get('/api/v1/dictionaries/customer_source/items')).json().items;
    expect(readerView.map((i) => i.code)).not.toContain('agent');
    // Readers cannot ask for disabled items; admins can.
    const sneaky: Item[] = (await reader.get('/api/v1/dictionaries/customer_source/items?includeDisabled=true')).json().items;
    expect(sneaky.map((i) => i.code)).not.toContain('agent');
    const adminView: Item[] = (await admin.get('/api/v1/dictionaries/customer_source/items?includeDisabled=true')).json().items;
    expect(adminView.find((i) => i.code === 'agent')).toMatchObject({ label: '房产中介', enabled: false });
    await expect(assertDictionaryItem(t.database.db, 'customer_source', 'agent', 'source')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });

    await ensureDefaultDictionaries(t.database.db);
    const [row] = await t.database.db
      .select()
      .from(dictionaryItems)
      .where(and(eq(dictionaryItems.dictionaryCode, 'customer_source'), eq(dictionaryItems.code, 'agent')));
    expect(row).toMatchObject({ label: '房产中介', enabled: false });

    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'dictionary_item'), eq(auditEvents.entityId, String(agent.id))));
    expect(audit!.changes).toMatchObject({ label: { before: '中介', after: '房产中介' }, enabled: { before: true, after: false } });
  });

  it('R-PLT-50 disabling a section hides its divisions from readers', async () => {
    const items: Item[] = (await admin.get('/api/v1/dictionaries/industry/items')).json().items;
    const t_ = items.find((i) => i.code === 'T')!;
    expect((await admin.patch(`/api/v1/dictionaries/industry/items/${t_.id}`, { enabled: false })).statusCode).toBe(200);
    const codes = (await reader.get('/api/v1/dictionaries/industry/items')).json().items.map((i: Item) => i.code);
    expect(codes).not.toContain('T');
    expect(codes).not.toContain('97');
    expect((await admin.patch(`/api/v1/dictionaries/industry/items/${t_.id}`, { enabled: true })).statusCode).toBe(200);
  });

  it('R-PLT-50 admins add, reorder and delete custom items; built-in items are only disabled', async () => {
    const code = unique('x').toLowerCase().slice(0, 20);
    const created = await admin.post('/api/v1/dictionaries/service_type/items', { code, label: '冷链', labelEn: 'Cold chain' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ code, label: '冷链', enabled: true, builtIn: false, parentCode: null });
    const duplicate = await admin.post('/api/v1/dictionaries/service_type/items', { code, label: '冷链2' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().errors[0].field).toBe('code');
    const flatParent = await admin.post('/api/v1/dictionaries/service_type/items', { code: `${code}b`, label: '子项', parentCode: 'warehousing' });
    expect(flatParent.statusCode).toBe(400);
    expect(flatParent.json().errors[0].field).toBe('parentCode');

    const before: Item[] = (await admin.get('/api/v1/dictionaries/service_type/items?includeDisabled=true')).json().items;
    expect(before.at(-1)!.code).toBe(code);
    const reversed = [...before].reverse().map((i) => i.id);
    const reordered = await admin.post('/api/v1/dictionaries/service_type/items/reorder', { ids: reversed });
    expect(reordered.statusCode).toBe(200);
    expect(reordered.json().items.map((i: Item) => i.id)).toEqual(reversed);
    expect((await reader.get('/api/v1/dictionaries/service_type/items')).json().items[0].code).toBe(code);
    const mixed = await admin.post('/api/v1/dictionaries/industry/items/reorder', {
      ids: (await admin.get('/api/v1/dictionaries/industry/items')).json().items.slice(0, 3).map((i: Item) => i.id),
    });
    expect(mixed.statusCode).toBe(400); // A, 01, 02: different levels

    const builtIn = before.find((i) => i.code === 'parking')!;
    const refused = await admin.delete(`/api/v1/dictionaries/service_type/items/${builtIn.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toMatch(/停用/);
    expect((await admin.delete(`/api/v1/dictionaries/service_type/items/${created.json().id}`)).statusCode).toBe(204);

    // A new division under a section of the hierarchical industry dictionary.
    const child = await admin.post('/api/v1/dictionaries/industry/items', { code: `G${code}`.slice(0, 30), label: '园区综合服务', parentCode: 'G' });
    expect(child.statusCode).toBe(201);
    const tooDeep = await admin.post('/api/v1/dictionaries/industry/items', { code: `Z${code}`.slice(0, 30), label: '三级', parentCode: '59' });
    expect(tooDeep.statusCode).toBe(400);
  });

  it('R-PLT-50 non-admins cannot edit dictionaries (403)', async () => {
    const items: Item[] = (await reader.get('/api/v1/dictionaries/customer_source/items')).json().items;
    const target = items[0]!;
    expect((await reader.patch(`/api/v1/dictionaries/customer_source/items/${target.id}`, { label: '改名' })).statusCode).toBe(403);
    expect((await reader.post('/api/v1/dictionaries/customer_source/items', { code: 'hack', label: '黑' })).statusCode).toBe(403);
    expect((await reader.post('/api/v1/dictionaries/customer_source/items/reorder', { ids: [target.id] })).statusCode).toBe(403);
    expect((await reader.delete(`/api/v1/dictionaries/customer_source/items/${target.id}`)).statusCode).toBe(403);
    expect((await reader.get('/api/v1/dictionaries/nope_nope/items')).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/dictionaries' })).statusCode).toBe(401);
  });
});
