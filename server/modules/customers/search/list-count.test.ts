import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNT_CAP } from '../../../platform/audit/audit.service';
import { createTestApp, unique, type Agent, type TestApp } from '../../../test/harness';
import { insertCustomer } from '../../../test/customers';
import { findExistingDuplicates } from '../io/import.queries';
import { normalizeName } from './keys';
import { countCapped } from './list.service';
import { customers } from '../customers.table';

// The list's total is counted up to a cap ("10,000+"), and the import's duplicate look-up
// answers the same rows as before its rewrite to index look-ups.
describe('customer list capped total and import duplicate look-up', () => {
  let t: TestApp;
  let admin: Agent;
  let unit: { id: number };
  const names: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.admin();
    unit = await t.createUnit(unique('计数部'));
    for (let i = 0; i < 3; i++) {
      const name = `苏州${unique('计数')}${i}物流有限公司`;
      names.push(name);
      await insertCustomer(t.database.db, { name, unitId: unit.id, uscc: null });
    }
  });

  afterAll(async () => {
    await t.close();
  });

  it('R-PLT-62 below the cap the total is exact and not capped', async () => {
    const res = await admin.get(`/api/v1/customers?unitId=${unit.id}&pageSize=2`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ total: 3, totalCapped: false, page: 1, pageSize: 2 });
    expect(res.json().items).toHaveLength(2);
    const none = await admin.get(`/api/v1/customers?unitId=${unit.id}&q=${encodeURIComponent('不存在的名称甲乙丙')}`);
    expect(none.json()).toMatchObject({ items: [], total: 0, totalCapped: false });
    expect(COUNT_CAP).toBe(10_000);
  });

  it('R-PLT-62 counts at most the cap and flags the total as capped above it', async () => {
    const where = eq(customers.unitId, unit.id);
    expect(await countCapped(t.database.db, where, 2)).toEqual({ total: 2, totalCapped: true });
    expect(await countCapped(t.database.db, where, 3)).toEqual({ total: 3, totalCapped: false });
    expect(await countCapped(t.database.db, where, 10)).toEqual({ total: 3, totalCapped: false });
  });

  it('R-CUS-05 the import duplicate look-up matches by name or USCC, each customer once, merged ones excluded', async () => {
    const db = t.database.db;
    const both = await insertCustomer(db, { name: `杭州${unique('双键')}科技有限公司`, unitId: unit.id, uscc: '91330100MA2H000001' });
    const byUscc = await insertCustomer(db, { name: `杭州${unique('代码')}科技有限公司`, unitId: unit.id, uscc: '91330100MA2H000002' });
    const merged = await insertCustomer(db, { name: `杭州${unique('已合并')}科技有限公司`, unitId: unit.id, uscc: '91330100MA2H000003', mergedIntoId: both.id });
    const found = await findExistingDuplicates(
      db,
      [normalizeName(both.name), normalizeName(names[0]!), normalizeName(merged.name), '不存在的名称'],
      ['91330100MA2H000001', '91330100MA2H000002', '91330100MA2H000003', '91330100MA2H00000X'],
    );
    expect(found.map((row) => row.name).sort()).toEqual([both.name, byUscc.name, names[0]!].sort());
    expect(found.find((row) => row.name === both.name)).toMatchObject({ uscc: '91330100MA2H000001', ownerName: null });
    expect(await findExistingDuplicates(db, [], [])).toEqual([]);
    expect(await findExistingDuplicates(db, [], ['91330100MA2H000002'])).toHaveLength(1);
    expect(await findExistingDuplicates(db, [normalizeName(names[1]!)], [])).toHaveLength(1);
  });
});
