import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgUnits, users } from '../../../platform/org/org.table';
import { customerRow } from '../../../test/customers';
import { createTestApp, person, unique, type TestApp } from '../../../test/harness';
import { createWorld, type World } from '../../../test/world';
import { customerBlacklistEntries } from '../../customers/customers.table';
import { developmentRegistrations } from '../registrations/registrations.table';
import { addDaysTo } from '../settings/development-settings.service';
import { ownershipChanges, poolCustomer } from './ownership.fixtures';

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
});
afterAll(async () => t?.close());

const claim = (agent: World['specialistA']['agent'], id: number) => agent.post(`/api/v1/development/pool/${id}/claim`);

describe('公海 (pool)', () => {
  it('R-DEV-10 the pool lists unowned customers company-wide with limited fields only', async () => {
    const inPool = await poolCustomer(t, w.unitB.id, { city: '上海市', district: '浦东新区', grade: 'B', intentLevel: 'B', phone: '021-55556666' });
    await poolCustomer(t, w.unitA.id);
    const response = await w.specialistA.agent.get(`/api/v1/development/pool?q=${encodeURIComponent(inPool.name.slice(0, -2))}`);
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json();
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ id: inPool.id, name: inPool.name, city: '上海市', district: '浦东新区', grade: 'B', timesReleased: 0 });
    expect(page.items[0]).not.toHaveProperty('phone');
    expect(page.items[0]).not.toHaveProperty('ownerId');
    const all = (await w.specialistB.agent.get('/api/v1/development/pool?pageSize=100')).json();
    expect(all.total).toBeGreaterThanOrEqual(2);
  });

  it('R-DEV-10 R-DEV-11 a claim makes the claimer the owner with a protection period and leaves the pool', async () => {
    const customer = await poolCustomer(t, w.unitB.id);
    const response = await claim(w.specialistA.agent, customer.id);
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json();
    expect(result.protectedUntil).toBe(addDaysTo(t.clock.now(), 60).toISOString());
    const row = await customerRow(t, customer.id);
    expect(row).toMatchObject({ ownerId: w.specialistA.user.id, unitId: w.unitA.id });
    const mine = (await w.specialistA.agent.get('/api/v1/development/my-customers?pageSize=100')).json();
    expect(mine.items.map((item: { id: number }) => item.id)).toContain(customer.id);
    const pool = (await w.specialistB.agent.get(`/api/v1/development/pool?q=${encodeURIComponent(customer.name)}`)).json();
    expect(pool.items).toHaveLength(0);
    const again = await claim(w.specialistB.agent, customer.id);
    expect(again.statusCode).toBe(409);
    expect(again.json().reason).toBe('pool.already_claimed');
    const changes = await ownershipChanges(t, customer.id);
    expect(changes).toEqual([expect.objectContaining({ kind: 'claim', toUserId: w.specialistA.user.id, fromUserId: null })]);
  });

  it('R-DEV-13 50 concurrent claims of one customer by 50 specialists give exactly one owner', async () => {
    const unit = await t.createUnit(unique('并发部'));
    const claimers = [];
    for (let i = 0; i < 50; i++) claimers.push(await person(t, { unitId: unit.id, role: 'specialist' }));
    const customer = await poolCustomer(t, unit.id);
    const responses = await Promise.all(claimers.map((c) => claim(c.agent, customer.id)));
    const won = responses.filter((r) => r.statusCode === 200);
    const refused = responses.filter((r) => r.statusCode === 409);
    expect(won).toHaveLength(1);
    expect(refused).toHaveLength(49);
    const row = await customerRow(t, customer.id);
    const winner = claimers.find((c) => c.user.id === row.ownerId)!;
    expect(winner).toBeDefined();
    expect(refused[0]!.json().detail).toMatch(/^该客户已被 .+ 认领/);
    expect(await ownershipChanges(t, customer.id)).toHaveLength(1);
  });

  it('R-DEV-12 claims over the owned-customer limit are refused; the limit is per role', async () => {
    const unit = await t.createUnit(unique('上限部'));
    const manager = await person(t, { unitId: unit.id, role: 'manager' });
    await t.database.db.update(orgUnits).set({ managerId: manager.user.id }).where(eq(orgUnits.id, unit.id));
    const current = (await manager.agent.get(`/api/v1/development/settings?unitId=${unit.id}`)).json();
    const put = await manager.agent.put(`/api/v1/development/settings/${unit.id}`, { ...current.rules, defaultOwnerLimit: 1, ownerLimits: { manager: 3 } });
    expect(put.statusCode, put.body).toBe(200);
    const specialist = await person(t, { unitId: unit.id, role: 'specialist' });
    const [first, second] = [await poolCustomer(t, unit.id), await poolCustomer(t, unit.id)];
    expect((await claim(specialist.agent, first.id)).statusCode).toBe(200);
    const over = await claim(specialist.agent, second.id);
    expect(over.statusCode).toBe(409);
    expect(over.json().detail).toContain('已达上限 1 个');
    expect(over.json().reason).toBe('pool.owner_limit_reached');
    expect((await customerRow(t, second.id)).ownerId).toBeNull();
    expect((await claim(manager.agent, second.id)).statusCode).toBe(200);
  });

  it('R-DEV-02 R-DEV-10 a claim is refused while another holds the exclusive right, naming the holder', async () => {
    const customer = await poolCustomer(t, w.unitB.id);
    await t.database.db.insert(developmentRegistrations).values({
      number: unique('BB-'),
      customerId: customer.id,
      ownerId: w.specialistB.user.id,
      unitId: w.unitB.id,
      intendedBusiness: '仓储',
      plan: '上门拜访',
      status: 'active',
      submittedAt: t.clock.now(),
      approvedAt: t.clock.now(),
      exclusiveUntil: addDaysTo(t.clock.now(), 30),
    });
    const refused = await claim(w.specialistA.agent, customer.id);
    expect(refused.statusCode).toBe(409);
    const [holder] = await t.database.db.select().from(users).where(eq(users.id, w.specialistB.user.id));
    expect(refused.json().detail).toContain(`该客户已由 ${holder!.displayName}`);
    expect(refused.json().detail).toContain('独家开发期至');
    expect(refused.json().detail).toContain('不能认领');
    expect(refused.json().reason).toBe('registration.exclusive_right_held');
    expect((await claim(w.specialistB.agent, customer.id)).statusCode).toBe(200);
  });

  it('R-CUS-40 a blacklisted customer cannot be claimed', async () => {
    const customer = await poolCustomer(t, w.unitA.id);
    await t.database.db.insert(customerBlacklistEntries).values({
      customerId: customer.id,
      level: 'company',
      reason: '恶意欠费',
      status: 'active',
      requestedById: w.managerA.user.id,
    });
    const refused = await claim(w.specialistA.agent, customer.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().reason).toBe('customer.blacklisted');
  });

  it('R-PLT-02 claiming needs development:write', async () => {
    const reader = await person(t, { unitId: w.unitA.id, permissions: ['development:read'], scope: 'unit' });
    const customer = await poolCustomer(t, w.unitA.id);
    expect((await claim(reader.agent, customer.id)).statusCode).toBe(403);
    expect((await reader.agent.get('/api/v1/development/pool')).statusCode).toBe(200);
  });
});
