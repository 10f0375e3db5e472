import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications } from '../../../platform/notifications/notifications.table';
import { createCustomer, timelineTypes } from '../../../test/customers';
import { createTestApp, type Agent, type TestApp } from '../../../test/harness';
import { createWorld, type World } from '../../../test/world';
import { holdUnits, withOccupancyRefusal } from '../index';
import { parkWithUnits } from '../leasing.fixtures';
import { expireReservations } from './occupancy.service';
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

/** A park → building → floor, and units under the floor. */
const building = (units: Parameters<typeof parkWithUnits>[1] = []) => parkWithUnits(admin, units);

describe('space inventory', () => {
  it('R-LEA-01 the tree park → building → floor → unit with codes, areas, loads and list rent; levels, areas and codes are checked and nothing is half-saved', async () => {
    const { park, block, floor, ids } = await building([{ code: 'A01', usableArea: '1500.5', grossArea: '1580' }]);
    const unit = (await admin.get(`/api/v1/spaces/${ids[0]}`)).json();
    expect(unit).toMatchObject({
      level: 'unit',
      fullCode: `${park.code}-W1-1F-A01`,
      usableArea: '1500.50',
      grossArea: '1580.00',
      listRent: '1.10',
      rentBasis: 'day',
      status: 'vacant',
      path: [
        { id: park.id, level: 'park' },
        { id: block.id, level: 'building' },
        { id: floor.id, level: 'floor' },
        { id: ids[0], level: 'unit' },
      ],
    });
    const tree = (await admin.get('/api/v1/spaces/tree')).json().items;
    expect(tree.find((node: { id: number }) => node.id === park.id)).toMatchObject({ unitCount: 1, level: 'park' });

    const count = async () => (await t.database.db.select().from(spaces)).length;
    const before = await count();
    const refused = [
      [{ parentId: floor.id, code: 'A02', name: 'x', unitType: 'bay', usableArea: '-5' }, 'usableArea', /非负数/],
      [{ parentId: floor.id, code: 'A02', name: 'x', unitType: 'bay', usableArea: '12.345' }, 'usableArea', /最多 2 位小数/],
      [{ parentId: floor.id, code: 'A02', name: 'x', unitType: 'bay', usableArea: '200', grossArea: '100' }, 'usableArea', /不能大于建筑面积/],
      [{ parentId: floor.id, code: 'A02', name: 'x', usableArea: '200' }, 'unitType', /单元类型/],
      [{ parentId: block.id, code: '2F', name: '二层', usableArea: '200' }, 'usableArea', /楼层不填写单元/],
      [{ parentId: ids[0], code: 'X', name: '单元之下' }, 'parentId', /单元之下不能再建/],
      [{ parentId: floor.id, code: 'A 02', name: 'x', unitType: 'bay', usableArea: '1' }, 'code', /编码只能包含/],
    ] as const;
    for (const [body, field, message] of refused) {
      const res = await admin.post('/api/v1/spaces', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().errors[0].field).toBe(field);
      expect(res.json().errors[0].message).toMatch(message);
    }
    const duplicate = await admin.post('/api/v1/spaces', { parentId: floor.id, code: 'A01', name: '重复', unitType: 'bay', usableArea: '10' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().reason).toBe('space.code_taken');
    expect(await count()).toBe(before);

    // Renaming a floor's code renames the full codes below it.
    const renamed = await admin.patch(`/api/v1/spaces/${floor.id}`, { code: 'F1' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect((await admin.get(`/api/v1/spaces/${ids[0]}`)).json().fullCode).toBe(`${park.code}-W1-F1-A01`);

    // A specialist reads the inventory but does not shape it.
    expect((await w.specialistB.agent.get(`/api/v1/spaces/${ids[0]}`)).statusCode).toBe(200);
    expect((await w.specialistB.agent.patch(`/api/v1/spaces/${ids[0]}`, { name: '改名' })).statusCode).toBe(403);
    expect((await w.specialistB.agent.post('/api/v1/spaces', { code: 'Z', name: '园区' })).statusCode).toBe(403);
  });
});

describe('no double letting', () => {
  it('R-LEA-02 50 simultaneous overlapping reservations of one unit give exactly one; the others are refused naming the holder and its dates', async () => {
    const { ids } = await building([{ code: 'C01', usableArea: '800' }]);
    const customer = await createCustomer(t, w.specialistA.user);
    const attempts = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        w.specialistA.agent.post(`/api/v1/spaces/${ids[0]}/reservations`, { customerId: customer.id, startDate: `2026-03-${String(2 + (i % 5)).padStart(2, '0')}`, endDate: '2026-04-30' }),
      ),
    );
    expect(attempts.filter((res) => res.statusCode === 201)).toHaveLength(1);
    const refusals = attempts.filter((res) => res.statusCode !== 201);
    expect(new Set(refusals.map((res) => res.statusCode))).toEqual(new Set([409]));
    expect(refusals[0]!.json().reason).toBe('space.occupied');
    expect(refusals[0]!.json().occupiedBy).toMatchObject({ spaceId: ids[0], kind: 'reservation', endDate: '2026-04-30', customerName: customer.name });
    expect(refusals[0]!.json().detail).toMatch(new RegExp(`C01 在 2026-03-0\\d 至 2026-04-30 已有预留（${customer.name}）`));
    const open = await t.database.db.select().from(spaceOccupancies).where(and(eq(spaceOccupancies.spaceId, ids[0]!), isNull(spaceOccupancies.releasedAt)));
    expect(open).toHaveLength(1);
    expect(await timelineTypes(t, customer.id)).toContain('space_reserved');
  });

  it('R-LEA-02 a lease taken by a contract through the front door is refused on any shared day, naming the contract, its customer and dates; the next day is free', async () => {
    const { ids } = await building([{ code: 'D01', usableArea: '500' }, { code: 'D02', usableArea: '500' }]);
    const customer = await createCustomer(t, w.specialistA.user);
    const lease = (start: string, end: string, spaceIds: number[], reference: string) =>
      withOccupancyRefusal(t.app.deps, { actor: undefined }, spaceIds, start, end, () =>
        t.database.db.transaction((tx) =>
          holdUnits(tx, t.app.deps.clock, { spaceIds, kind: 'lease', startDate: start, endDate: end, customerId: customer.id, reference, createdById: w.specialistA.user.id, unitId: w.unitA.id }),
        ),
      );
    await lease('2026-04-01', '2027-03-31', [ids[0]!], 'HT-ZL-2026-0001');
    const clash = await lease('2027-03-31', '2028-03-30', [ids[1]!, ids[0]!], 'HT-ZL-2026-0002').catch((error: unknown) => error as { reason: string; detail: string });
    expect(clash).toMatchObject({ reason: 'space.occupied' });
    expect((clash as { detail: string }).detail).toMatch(/D01 在 2026-04-01 至 2027-03-31 已有合同 HT-ZL-2026-0001（其他客户）/);
    // Nothing of the refused contract was kept, not even its other unit.
    expect(await t.database.db.select().from(spaceOccupancies).where(eq(spaceOccupancies.spaceId, ids[1]!))).toHaveLength(0);
    await lease('2027-04-01', '2028-03-31', [ids[0]!, ids[1]!], 'HT-ZL-2026-0003');

    // The specialist of another unit sees the lease but not whose it is.
    const asOther = (await w.specialistB.agent.get(`/api/v1/spaces/${ids[0]}?date=2026-06-01`)).json();
    expect(asOther.status).toBe('leased');
    expect(asOther.occupant).toMatchObject({ reference: 'HT-ZL-2026-0001', customerName: '其他客户', customerId: null });
    const asOwner = (await w.specialistA.agent.get(`/api/v1/spaces/${ids[0]}?date=2026-06-01`)).json();
    expect(asOwner.occupant).toMatchObject({ customerName: customer.name, customerId: customer.id });
    expect(asOwner.history.map((h: { reference: string }) => h.reference)).toEqual(['HT-ZL-2026-0003', 'HT-ZL-2026-0001']);
  });

  it('R-LEA-02 a unit under repair or not for rent cannot be reserved; a reservation for a customer outside one\'s scope is refused', async () => {
    const { ids } = await building([{ code: 'E01', usableArea: '300' }, { code: 'E02', usableArea: '300' }]);
    await admin.patch(`/api/v1/spaces/${ids[0]}`, { condition: 'maintenance' });
    const mine = await createCustomer(t, w.specialistA.user);
    const theirs = await createCustomer(t, w.specialistB.user);
    const repair = await w.specialistA.agent.post(`/api/v1/spaces/${ids[0]}/reservations`, { customerId: mine.id, endDate: '2026-03-31' });
    expect(repair.statusCode).toBe(409);
    expect(repair.json().reason).toBe('space.off_market');
    const foreign = await w.specialistA.agent.post(`/api/v1/spaces/${ids[1]}/reservations`, { customerId: theirs.id, endDate: '2026-03-31' });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors[0].field).toBe('customerId');
    const backwards = await w.specialistA.agent.post(`/api/v1/spaces/${ids[1]}/reservations`, { customerId: mine.id, startDate: '2026-03-10', endDate: '2026-03-09' });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors[0].field).toBe('endDate');
    expect(await t.database.db.select().from(spaceOccupancies).where(eq(spaceOccupancies.spaceId, ids[1]!))).toHaveLength(0);
  });

  it('R-LEA-02 only the one who reserved (or a space manager) releases; a reservation ends by itself after its last day and its holder is told', async () => {
    const { ids } = await building([{ code: 'F01', usableArea: '300' }]);
    const customer = await createCustomer(t, w.specialistA.user);
    const reserved = await w.specialistA.agent.post(`/api/v1/spaces/${ids[0]}/reservations`, { customerId: customer.id, endDate: '2026-03-10' });
    expect(reserved.statusCode, reserved.body).toBe(201);
    expect((await w.specialistA2.agent.post(`/api/v1/space-reservations/${reserved.json().id}/release`)).statusCode).toBe(404);
    expect((await w.specialistA.agent.get(`/api/v1/spaces/${ids[0]}?date=2026-03-05`)).json().status).toBe('reserved');

    t.clock.set('2026-03-11T01:00:00Z');
    const result = await expireReservations(t.app.deps);
    expect(result.released).toBeGreaterThanOrEqual(1);
    const [row] = await t.database.db.select().from(spaceOccupancies).where(eq(spaceOccupancies.id, reserved.json().id));
    expect(row).toMatchObject({ releaseReason: 'expired' });
    const told = await t.database.db.select().from(notifications).where(and(eq(notifications.userId, w.specialistA.user.id), eq(notifications.kind, 'space_reservation_expired')));
    expect(told.length).toBeGreaterThanOrEqual(1);
    // Past days stay as they were; today the unit is vacant again, since the day after the reservation.
    const agent = await t.login(w.specialistA.user);
    expect((await agent.get(`/api/v1/spaces/${ids[0]}?date=2026-03-05`)).json().status).toBe('reserved');
    expect((await agent.get(`/api/v1/spaces/${ids[0]}`)).json()).toMatchObject({ status: 'vacant', vacantSince: '2026-03-11' });
    t.clock.set('2026-03-02T02:00:00Z');
  });
});

describe('occupancy', () => {
  it('R-LEA-03 occupancy by area and by count at any date, per building and per unit type; units under repair are not lettable', async () => {
    const { park, block, ids } = await building([
      { code: 'G01', usableArea: '1000', availableFrom: '2024-01-01' },
      { code: 'G02', usableArea: '600', availableFrom: '2024-01-01' },
      { code: 'G03', usableArea: '400', unitType: 'office', availableFrom: '2024-01-01' },
      { code: 'G04', usableArea: '200', availableFrom: '2024-01-01' },
      // Built later: not counted on days before it could be let.
      { code: 'G05', usableArea: '900', availableFrom: '2026-02-01' },
    ]);
    await admin.patch(`/api/v1/spaces/${ids[3]}`, { condition: 'unavailable' });
    const customer = await createCustomer(t, w.specialistA.user);
    await t.database.db.transaction((tx) =>
      holdUnits(tx, t.app.deps.clock, { spaceIds: [ids[0]!], kind: 'lease', startDate: '2025-01-01', endDate: '2025-12-31', customerId: customer.id, reference: 'HT-ZL-2025-0009', createdById: w.specialistA.user.id, unitId: w.unitA.id }),
    );
    const reserve = await w.specialistA.agent.post(`/api/v1/spaces/${ids[1]}/reservations`, { customerId: customer.id, endDate: '2026-03-31' });
    expect(reserve.statusCode, reserve.body).toBe(201);

    const past = (await admin.get(`/api/v1/spaces/occupancy?parentId=${park.id}&date=2025-06-30`)).json();
    expect(past.total).toMatchObject({ units: 4, leasedUnits: 1, reservedUnits: 0, vacantUnits: 2, offMarketUnits: 1, area: '2000.00', leasedArea: '1000.00', rateByArea: '50.00', rateByCount: '33.33' });
    expect(past.byBuilding).toEqual([expect.objectContaining({ id: block.id, units: 4, leasedArea: '1000.00' })]);
    expect(past.byType.map((row: { unitType: string; units: number }) => [row.unitType, row.units])).toEqual([
      ['bay', 3],
      ['office', 1],
    ]);
    const now = (await admin.get(`/api/v1/spaces/occupancy?parentId=${park.id}`)).json();
    expect(now.total).toMatchObject({ units: 5, leasedUnits: 0, reservedUnits: 1, vacantUnits: 3, reservedArea: '600.00', vacantArea: '2300.00', rateByArea: '0.00' });

    const vacancies = (await admin.get(`/api/v1/spaces/units?parentId=${park.id}&status=vacant`)).json();
    expect(vacancies.items.map((u: { code: string; vacantSince: string }) => [u.code, u.vacantSince])).toEqual([
      ['G01', '2026-01-01'],
      ['G03', '2024-01-01'],
      ['G05', '2026-02-01'],
    ]);
    const bad = await admin.get('/api/v1/spaces/occupancy?date=2026-02-30');
    expect(bad.statusCode).toBe(400);
  });
});
