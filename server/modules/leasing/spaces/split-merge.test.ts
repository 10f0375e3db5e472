import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomer } from '../../../test/customers';
import { createTestApp, unique, type Agent, type TestApp } from '../../../test/harness';
import { createWorld, type World } from '../../../test/world';
import { holdUnits } from '../index';
import { spaceOccupancies, spaces } from './spaces.table';

let t: TestApp;
let w: World;
let admin: Agent;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
  admin = w.admin;
});
afterAll(async () => {
  await t?.close();
});

async function floorWith(units: { code: string; usableArea: string; grossArea?: string }[]) {
  const park = (await admin.post('/api/v1/spaces', { code: unique('S').slice(0, 12), name: '拆分园区' })).json();
  const block = (await admin.post('/api/v1/spaces', { parentId: park.id, code: 'W2', name: '2号库' })).json();
  const floor = (await admin.post('/api/v1/spaces', { parentId: block.id, code: '1F', name: '一层' })).json();
  const ids: number[] = [];
  for (const unit of units) {
    const res = await admin.post('/api/v1/spaces', { parentId: floor.id, name: `库位 ${unit.code}`, unitType: 'bay', listRent: '1.20', rentBasis: 'day', availableFrom: '2025-01-01', ...unit });
    expect(res.statusCode, res.body).toBe(201);
    ids.push(res.json().id);
  }
  return { park, floor, ids };
}

describe('split and merge', () => {
  it('R-LEA-04 a unit splits into parts that inherit its facts; the earlier unit keeps its lease history and points to its parts', async () => {
    const { park, ids } = await floorWith([{ code: 'A01', usableArea: '3000', grossArea: '3150' }]);
    const customer = await createCustomer(t, w.specialistA.user);
    await t.database.db.transaction((tx) =>
      holdUnits(tx, t.app.deps.clock, { spaceIds: [ids[0]!], kind: 'lease', startDate: '2025-01-01', endDate: '2025-12-31', customerId: customer.id, reference: 'HT-ZL-2025-0101', createdById: w.specialistA.user.id, unitId: w.unitA.id }),
    );
    const tooBig = await admin.post(`/api/v1/spaces/${ids[0]}/split`, { parts: [{ code: 'A01-1', usableArea: '1800' }, { code: 'A01-2', usableArea: '1300' }] });
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.json().errors[0].message).toMatch(/3100\.00 ㎡ 超过原单元的 3000\.00 ㎡/);
    const sameCode = await admin.post(`/api/v1/spaces/${ids[0]}/split`, { parts: [{ code: 'A01', usableArea: '1800' }, { code: 'A01-2', usableArea: '1200' }] });
    expect(sameCode.statusCode).toBe(409);
    expect(sameCode.json().reason).toBe('space.code_taken');

    const split = await admin.post(`/api/v1/spaces/${ids[0]}/split`, { parts: [{ code: 'A01-1', usableArea: '1800' }, { code: 'A01-2', usableArea: '1200' }] });
    expect(split.statusCode, split.body).toBe(201);
    const [first, second] = split.json().ids as number[];
    const part = (await admin.get(`/api/v1/spaces/${first}`)).json();
    expect(part).toMatchObject({ usableArea: '1800.00', unitType: 'bay', listRent: '1.20', rentBasis: 'day', status: 'vacant', predecessors: [{ id: ids[0], fullCode: expect.stringMatching(/-A01$/) }] });
    const old = (await admin.get(`/api/v1/spaces/${ids[0]}?date=2025-06-01`)).json();
    expect(old).toMatchObject({ retired: true, status: 'leased', successors: [{ id: first }, { id: second }] });
    expect((await admin.get(`/api/v1/spaces/${ids[0]}`)).json().status).toBe('retired');
    expect(old.history.map((h: { reference: string }) => h.reference)).toEqual(['HT-ZL-2025-0101']);
    // Earlier days are answered as they were: the whole unit, leased; today its parts.
    const then = (await admin.get(`/api/v1/spaces/units?parentId=${park.id}&date=2025-06-01`)).json();
    expect(then.items.filter((u: { status: string }) => u.status !== 'unavailable').map((u: { code: string; status: string }) => [u.code, u.status])).toEqual([['A01', 'leased']]);
    expect((await admin.get(`/api/v1/spaces/occupancy?parentId=${park.id}&date=2025-06-01`)).json().total).toMatchObject({ units: 1, leasedUnits: 1, rateByArea: '100.00' });
    const now = (await admin.get(`/api/v1/spaces/units?parentId=${park.id}`)).json();
    expect(now.items.map((u: { code: string }) => u.code)).toEqual(['A01-1', 'A01-2']);
    // A retired unit is neither let nor split again, and leaves the lists.
    const again = await admin.post(`/api/v1/spaces/${ids[0]}/split`, { parts: [{ code: 'X1', usableArea: '1' }, { code: 'X2', usableArea: '1' }] });
    expect(again.json().reason).toBe('space.retired');
    const reserve = await w.specialistA.agent.post(`/api/v1/spaces/${ids[0]}/reservations`, { customerId: customer.id, endDate: '2026-03-31' });
    expect(reserve.statusCode).toBe(400);
  });

  it('R-LEA-04 units of one floor merge into one with the summed areas; a unit held from today on cannot be split or merged', async () => {
    const { ids } = await floorWith([
      { code: 'B01', usableArea: '500.50', grossArea: '520' },
      { code: 'B02', usableArea: '499.50', grossArea: '530' },
      { code: 'B03', usableArea: '800' },
    ]);
    const customer = await createCustomer(t, w.specialistA.user);
    const reserved = await w.specialistA.agent.post(`/api/v1/spaces/${ids[2]}/reservations`, { customerId: customer.id, endDate: '2026-04-30' });
    expect(reserved.statusCode, reserved.body).toBe(201);
    const blocked = await admin.post('/api/v1/spaces/merge', { unitIds: [ids[1], ids[2]], code: 'B0203', name: '合并库位' });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().detail).toMatch(/B03 有预留至 2026-04-30/);
    const splitHeld = await admin.post(`/api/v1/spaces/${ids[2]}/split`, { parts: [{ code: 'B03-1', usableArea: '400' }, { code: 'B03-2', usableArea: '400' }] });
    expect(splitHeld.statusCode).toBe(409);

    const merged = await admin.post('/api/v1/spaces/merge', { unitIds: [ids[0], ids[1]], code: 'B0102', name: '合并库位 B01-02' });
    expect(merged.statusCode, merged.body).toBe(201);
    const unit = (await admin.get(`/api/v1/spaces/${merged.json().id}`)).json();
    expect(unit).toMatchObject({ usableArea: '1000.00', grossArea: '1050.00', predecessors: [{ id: ids[0] }, { id: ids[1] }] });
    const rows = await t.database.db.select().from(spaces).where(eq(spaces.id, ids[0]!));
    expect(rows[0]).toMatchObject({ retired: true, successorIds: [merged.json().id] });
    expect(await t.database.db.select().from(spaceOccupancies).where(eq(spaceOccupancies.spaceId, merged.json().id))).toHaveLength(0);
    expect((await w.specialistA.agent.post('/api/v1/spaces/merge', { unitIds: [ids[0], ids[1]], code: 'Z', name: 'z' })).statusCode).toBe(403);
  });
});
