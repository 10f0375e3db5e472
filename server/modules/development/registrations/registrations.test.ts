import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgUnits } from '../../../platform/org/org.table';
import { customerRow, timelineOf } from '../../../test/customers';
import { createTestApp, unique, type TestApp } from '../../../test/harness';
import { auditOf, createWorld, decide, notificationsOf, type World } from '../../../test/world';
import { customerBlacklistEntries } from '../../customers/customers.table';
import { developmentSettings } from '../settings/development-settings.table';
import { assertNoExclusiveRight } from './exclusive-right';
import {
  companyName,
  createCustomer,
  register,
  registrationBody,
  registrationsOf
} from './registrations.fixtures';

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
});
afterAll(async () => t?.close());

const url = '/api/v1/development/registrations';

describe('development registrations', () => {
  it('R-DEV-01 a registration of my customer is numbered, pending approval, then active with an exclusive period and announced to the branch', async () => {
    const customer = await createCustomer(t, w.specialistA.user);
    const reg = await register(w.specialistA.agent, { customerId: customer.id });
    expect(reg).toMatchObject({
      number: expect.stringMatching(/^BB-\d{4}-\d{6}$/),
      status: 'pending',
      customerId: customer.id,
      holderId: w.specialistA.user.id,
      unitId: w.unitA.id,
      expectedValue: '1200000.00',
      approvalId: expect.any(Number),
      exclusiveUntil: null,
      tookOwnership: false,
      createdCustomer: false,
    });
    const approval = (await w.managerA.agent.get(`/api/v1/approvals/${reg.approvalId}`)).json();
    expect(approval).toMatchObject({ businessType: 'development_registration', status: 'pending' });

    await decide(w.managerA.agent, reg.approvalId, 'approve');
    const active = (await w.specialistA.agent.get(`${url}/${reg.id}`)).json();
    expect(active.status).toBe('active');
    expect(new Date(active.exclusiveUntil).getTime() - new Date(active.approvedAt).getTime()).toBe(30 * 86_400_000);
    expect(active.remainingSeconds).toBe(30 * 86_400);

    // Announcement: the branch (A and A2) with development:read, not the holder, not unit B.
    const announced = await notificationsOf(t, w.colleagueA2.user.id, 'registration_announced');
    expect(announced.some((n) => n.title.includes(customer.name) && n.title.includes('独家开发期至'))).toBe(true);
    expect((await notificationsOf(t, w.managerA.user.id, 'registration_announced')).length).toBeGreaterThan(0);
    expect(await notificationsOf(t, w.specialistB.user.id, 'registration_announced')).toHaveLength(0);
    expect(await notificationsOf(t, w.specialistA.user.id, 'registration_announced')).toHaveLength(0);

    expect((await auditOf(t, 'development_registration', reg.id)).map((a) => a.action)).toEqual(expect.arrayContaining(['create', 'registration_active']));
    expect((await timelineOf(t, customer.id)).filter((e) => e.type === 'registration')).toHaveLength(2);

    const right = (await w.managerA.agent.get(`/api/v1/development/customers/${customer.id}/exclusive-right`)).json().right;
    expect(right).toMatchObject({ registrationId: reg.id, status: 'active', holderId: w.specialistA.user.id, until: active.exclusiveUntil });
  });

  it('R-DEV-02 while pending or active, others are refused with the holder and until when; the holder may go on', async () => {
    const customer = await createCustomer(t, null, w.unitA.id);
    const reg = await register(w.specialistA.agent, { customerId: customer.id });
    expect(reg.tookOwnership).toBe(true);
    // Pending: a second registration names the holder and says it is being approved.
    const pending = await w.specialistB.agent.post(url, registrationBody({ customerId: customer.id }));
    expect(pending.statusCode).toBe(409);
    expect(pending.json().detail).toContain('报备正在审批中');
    await decide(w.managerA.agent, reg.approvalId, 'approve');
    const refused = await w.specialistA2.agent.post(url, registrationBody({ customerId: customer.id }));
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toMatch(/已由 .+（.+）报备（BB-.+），独家开发期至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}，不能报备/);
    // The same rule for claims, opportunities and invitations (other modules call this).
    await expect(assertNoExclusiveRight(t.database.db, t.clock, w.specialistB.user.id, customer.id, '认领')).rejects.toMatchObject({
      code: 'CONFLICT',
      detail: expect.stringContaining('不能认领'),
    });
    await expect(assertNoExclusiveRight(t.database.db, t.clock, w.specialistA.user.id, customer.id, '认领')).resolves.toBeUndefined();
    // The holder cannot file twice either.
    const twice = await w.specialistA.agent.post(url, registrationBody({ customerId: customer.id }));
    expect(twice.statusCode).toBe(409);
    expect(twice.json().reason).toBe('registration.already_mine');
  });

  it('R-DEV-13 a pool customer is taken by the registration; a customer owned by someone else is refused with the owner\'s name', async () => {
    const pool = await createCustomer(t, null, w.unitB.id);
    await register(w.specialistA.agent, { customerId: pool.id });
    const taken = await customerRow(t, pool.id);
    expect(taken).toMatchObject({ ownerId: w.specialistA.user.id, unitId: w.unitA.id });
    expect(taken.protectedUntil!.getTime() - t.clock.now().getTime()).toBe(60 * 86_400_000);

    // Visible to the manager (unit tree), owned by specialist A: the manager is refused by name.
    const owned = await createCustomer(t, w.specialistA.user);
    const refused = await w.managerA.agent.post(url, registrationBody({ customerId: owned.id }));
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toContain('先报备者优先');
    // Not visible and not in the pool: 404, nothing revealed.
    expect((await w.specialistB.agent.post(url, registrationBody({ customerId: owned.id }))).statusCode).toBe(404);
    expect(await registrationsOf(t, owned.id)).toHaveLength(0);
  });

  it('R-DEV-01 R-CUS-05 a new prospect is created with the registration; a duplicate name is refused with the existing owner', async () => {
    const name = companyName();
    const reg = await register(w.specialistA.agent, {
      newCustomer: { name, contact: { name: '王经理', mobile: '13800138000' } },
    });
    expect(reg).toMatchObject({ customerName: name, createdCustomer: true, status: 'pending' });
    const created = await customerRow(t, reg.customerId);
    expect(created).toMatchObject({ ownerId: w.specialistA.user.id, unitId: w.unitA.id });

    // While the registration is live, the same "new" prospect is refused naming the holder (R-DEV-02).
    const held = await w.specialistB.agent.post(url, registrationBody({ newCustomer: { name } }));
    expect(held.statusCode).toBe(409);
    expect(held.json()).toMatchObject({ code: 'CONFLICT', detail: expect.stringContaining(`已由 测试${w.specialistA.user.username.slice(-4)}（`) });
    expect(held.json().detail).toContain('报备正在审批中');

    // Rejected: the customer the registration created goes to the pool.
    await decide(w.managerA.agent, reg.approvalId, 'reject', '信息不足');
    expect((await w.specialistA.agent.get(`${url}/${reg.id}`)).json().status).toBe('rejected');
    expect((await customerRow(t, reg.customerId)).ownerId).toBeNull();
    // No live registration any more: the plain duplicate refusal, pointing at the name field.
    const duplicate = await w.specialistB.agent.post(url, registrationBody({ newCustomer: { name } }));
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ code: 'DUPLICATE', detail: expect.stringContaining('公海') });
    expect(duplicate.json().errors[0].field).toBe('newCustomer.name');
  });

  it('R-DEV-13 a rejected or withdrawn registration returns the pool customer it took', async () => {
    const pool = await createCustomer(t, null, w.unitA.id);
    const reg = await register(w.specialistA.agent, { customerId: pool.id });
    await decide(w.managerA.agent, reg.approvalId, 'reject', '重复开发');
    expect((await customerRow(t, pool.id)).ownerId).toBeNull();
    expect((await auditOf(t, 'development_registration', reg.id)).map((a) => a.action)).toContain('registration_rejected');

    const again = await register(w.specialistA2.agent, { customerId: pool.id });
    const withdrawn = await w.specialistA2.agent.post(`/api/v1/approvals/${again.approvalId}/withdraw`, { comment: '暂不开发' });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect((await w.specialistA2.agent.get(`${url}/${again.id}`)).json().status).toBe('withdrawn');
    expect((await customerRow(t, pool.id)).ownerId).toBeNull();
    // Free again: someone else may register it now.
    await register(w.specialistB.agent, { customerId: pool.id });
  });

  it('R-CUS-40 a blacklisted pool customer cannot be registered and stays in the pool', async () => {
    const pool = await createCustomer(t, null, w.unitA.id);
    await t.database.db.insert(customerBlacklistEntries).values({
      customerId: pool.id,
      level: 'company',
      reason: '恶意拖欠',
      status: 'active',
      requestedById: w.managerA.user.id,
    });
    const refused = await w.specialistA.agent.post(url, registrationBody({ customerId: pool.id }));
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toContain('全公司黑名单');
    expect(refused.json().reason).toBe('customer.blacklisted');
    expect((await customerRow(t, pool.id)).ownerId).toBeNull();
    expect(await registrationsOf(t, pool.id)).toHaveLength(0);
  });

  it('R-DEV-01 bad input is refused with Chinese field errors and nothing saved', async () => {
    const empty = await w.specialistA.agent.post(url, { intendedBusiness: '', plan: '' });
    expect(empty.statusCode).toBe(400);
    const fields = empty.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['intendedBusiness', 'plan']));
    const negative = await w.specialistA.agent.post(url, registrationBody({ newCustomer: { name: companyName() }, expectedValue: -5 }));
    expect(negative.statusCode).toBe(400);
    expect(negative.json().errors[0].field).toBe('expectedValue');
    const reader = await t.createUser({ unitId: w.unitA.id, permissions: ['development:read'], scope: 'self' });
    const readerAgent = await t.login(reader);
    expect((await readerAgent.post(url, registrationBody({ newCustomer: { name: companyName() } }))).statusCode).toBe(403);
  });

  it('R-PLT-03 a specialist of unit A gets 404 for unit B\'s registration and sees none of them in the list', async () => {
    const customerB = await createCustomer(t, w.specialistB.user);
    const regB = await register(w.specialistB.agent, { customerId: customerB.id });
    expect((await w.specialistA.agent.get(`${url}/${regB.id}`)).statusCode).toBe(404);
    const listA = (await w.specialistA.agent.get(`${url}?pageSize=100`)).json();
    expect(listA.items.length).toBeGreaterThan(0);
    expect(listA.items.every((item: { holderId: number }) => item.holderId === w.specialistA.user.id)).toBe(true);
    // A specialist sees only their own, even within the unit; the manager sees the unit tree.
    const listA2 = (await w.specialistA2.agent.get(`${url}?pageSize=100`)).json();
    expect(listA2.items.some((item: { holderId: number }) => item.holderId === w.specialistA.user.id)).toBe(false);
    const manager = (await w.managerA.agent.get(`${url}?pageSize=100`)).json();
    expect(manager.items.some((item: { holderId: number }) => item.holderId === w.specialistA.user.id)).toBe(true);
    expect(manager.items.some((item: { id: number }) => item.id === regB.id)).toBe(false);
    expect((await w.managerA.agent.get(`${url}/${regB.id}`)).statusCode).toBe(404);
    // Filters.
    const byKeyword = (await w.managerB.agent.get(`${url}?keyword=${encodeURIComponent(customerB.name)}&status=pending`)).json();
    expect(byKeyword.items.map((item: { id: number }) => item.id)).toEqual([regB.id]);
  });

  it('R-DEV-12 a registration that would give the registrant more customers than their limit is refused', async () => {
    const unitC = await t.createUnit(unique('丙部门'));
    await t.database.db.insert(developmentSettings).values({
      unitId: unitC.id,
      exclusiveDays: 30,
      protectionDays: 60,
      releaseDays: 90,
      releaseWarningDays: 7,
      defaultOwnerLimit: 1,
      opportunityFollowUpDays: 30,
      visitReportDays: 2,
      visitsWithoutProgress: 5,
      projectPreBreakthroughCap: '30000',
      projectOverBudgetRate: '0.05',
    });
    const specialist = await t.createUser({ unitId: unitC.id, role: 'specialist' });
    const manager = await t.createUser({ unitId: unitC.id, role: 'manager' });
    await t.database.db.update(orgUnits).set({ managerId: manager.id }).where(eq(orgUnits.id, unitC.id));
    const agent = await t.login(specialist);
    const mine = await createCustomer(t, specialist);
    const pool = await createCustomer(t, null, unitC.id);

    const fromPool = await agent.post(url, registrationBody({ customerId: pool.id }));
    expect(fromPool.statusCode).toBe(409);
    expect(fromPool.json().detail).toContain('已达上限 1 个');
    expect(fromPool.json().reason).toBe('pool.owner_limit_reached');
    expect((await customerRow(t, pool.id)).ownerId).toBeNull();
    const name = companyName();
    const prospect = await agent.post(url, registrationBody({ newCustomer: { name } }));
    expect(prospect.statusCode).toBe(409);
    expect(await registrationsOf(t, pool.id)).toHaveLength(0);
    // Registering a customer one already owns adds nothing and is allowed.
    await register(agent, { customerId: mine.id });
  });
});
