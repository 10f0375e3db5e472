import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgUnits } from '../../../platform/org/org.table';
import { createTask } from '../../../platform/tasks/tasks.service';
import { tasks } from '../../../platform/tasks/tasks.table';
import { createTestApp, type TestApp, person } from '../../../test/harness';
import { customerTimeline } from '../../customers';
import { DAY_MS } from '../settings/development-settings.service';
import { ownedCustomer, poolCustomer } from './ownership.fixtures';
import { customerTransfers } from './transfers.table';
import { approve, reject, auditOf, createWorld, type World, type Person } from '../../../test/world';
import { customerRow } from '../../../test/customers';

let t: TestApp;
let w: World;
let rootManager: Person;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
  rootManager = await person(t, { role: 'manager' });
  await t.database.db.update(orgUnits).set({ managerId: rootManager.user.id }).where(eq(orgUnits.id, t.rootUnitId));
});
afterAll(async () => t?.close());

async function openTaskFor(customerId: number, assigneeId: number) {
  const { task } = await t.database.db.transaction((tx) =>
    createTask(tx, t.app.deps, { title: '回访客户', assigneeId, dueAt: new Date(t.clock.now().getTime() + 5 * DAY_MS), recordType: 'customer', recordId: customerId }),
  );
  return task;
}

const taskRow = async (id: number) => (await t.database.db.select().from(tasks).where(eq(tasks.id, id)))[0]!;

describe('客户转移 (transfers)', () => {
  it('R-DEV-14 the managing unit transfers directly; open tasks and the history go with the customer', async () => {
    const customer = await ownedCustomer(t, w.specialistA.user);
    const task = await openTaskFor(customer.id, w.specialistA.user.id);
    const response = await w.managerA.agent.post('/api/v1/development/transfers', {
      customerId: customer.id,
      toUserId: w.specialistA2.user.id,
      kind: 'transfer',
      reason: '片区调整',
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ status: 'done', direct: true, approvalId: null, fromUserId: w.specialistA.user.id });
    expect((await customerRow(t, customer.id)).ownerId).toBe(w.specialistA2.user.id);
    expect(await taskRow(task.id)).toMatchObject({ assigneeId: w.specialistA2.user.id, status: 'open' });
    const history = (await w.managerA.agent.get(`/api/v1/development/customers/${customer.id}/ownership-history`)).json().items;
    expect(history[0]).toMatchObject({ kind: 'transfer', fromUserId: w.specialistA.user.id, toUserId: w.specialistA2.user.id, reason: '客户转移：片区调整' });
    const timeline = await t.database.db.select().from(customerTimeline).where(eq(customerTimeline.customerId, customer.id));
    expect(timeline.some((event) => event.type === 'assigned')).toBe(true);
    expect((await auditOf(t, 'customer_transfer', response.json().id)).map((a) => a.action)).toContain('create');
  });

  it('R-DEV-14 R-PLT-20 a specialist’s cross-unit transfer needs both managers; only then the owner changes', async () => {
    const customer = await ownedCustomer(t, w.specialistA.user);
    const task = await openTaskFor(customer.id, w.specialistA.user.id);
    const response = await w.specialistA.agent.post('/api/v1/development/transfers', {
      customerId: customer.id,
      toUserId: w.specialistB.user.id,
      kind: 'relocation',
      reason: '客户搬迁到乙园区',
    });
    expect(response.statusCode, response.body).toBe(201);
    const transfer = response.json();
    expect(transfer).toMatchObject({ status: 'pending', direct: false, kind: 'relocation' });
    const again = await w.specialistA.agent.post('/api/v1/development/transfers', { customerId: customer.id, toUserId: w.specialistA2.user.id, reason: '重复申请' });
    expect(again.statusCode).toBe(409);
    await approve(w.managerA.agent, transfer.approvalId);
    expect((await customerRow(t, customer.id)).ownerId).toBe(w.specialistA.user.id);
    const done = await approve(rootManager.agent, transfer.approvalId);
    expect(done.status).toBe('approved');
    expect(await customerRow(t, customer.id)).toMatchObject({ ownerId: w.specialistB.user.id, unitId: w.unitB.id });
    expect(await taskRow(task.id)).toMatchObject({ assigneeId: w.specialistB.user.id });
    const [row] = await t.database.db.select().from(customerTransfers).where(eq(customerTransfers.id, transfer.id));
    expect(row).toMatchObject({ status: 'done' });
    const listed = (await w.specialistB.agent.get('/api/v1/development/transfers')).json().items;
    expect(listed.map((item: { id: number }) => item.id)).toContain(transfer.id);
  });

  it('R-DEV-14 a rejected transfer changes nothing', async () => {
    const customer = await ownedCustomer(t, w.specialistA.user);
    const transfer = (
      await w.specialistA.agent.post('/api/v1/development/transfers', { customerId: customer.id, toUserId: w.specialistA2.user.id, reason: '工作调整' })
    ).json();
    await reject(w.managerA.agent, transfer.approvalId, '暂不调整');
    expect((await customerRow(t, customer.id)).ownerId).toBe(w.specialistA.user.id);
    const [row] = await t.database.db.select().from(customerTransfers).where(eq(customerTransfers.id, transfer.id));
    expect(row!.status).toBe('rejected');
  });

  it('R-DEV-11 the managing unit assigns a pool customer and reassigns an owned one', async () => {
    const customer = await poolCustomer(t, w.unitA.id);
    const assigned = await w.managerA.agent.post(`/api/v1/development/customers/${customer.id}/assign`, { toUserId: w.specialistA.user.id, reason: '新客户分配' });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json()).toMatchObject({ ownerId: w.specialistA.user.id, canAssign: true });
    const reassigned = await w.managerA.agent.post(`/api/v1/development/customers/${customer.id}/assign`, { toUserId: w.specialistA2.user.id, reason: '均衡工作量' });
    expect(reassigned.statusCode).toBe(200);
    const kinds = (await w.managerA.agent.get(`/api/v1/development/customers/${customer.id}/ownership-history`)).json().items.map((i: { kind: string }) => i.kind);
    expect(kinds).toEqual(['reassign', 'assign']);
    const bad = await w.managerA.agent.post(`/api/v1/development/customers/${customer.id}/assign`, { toUserId: w.specialistB.user.id, reason: '跨部门' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('toUserId');
  });

  it('R-DEV-11 the owner gives a customer back to the pool with a reason', async () => {
    const customer = await ownedCustomer(t, w.specialistA.user);
    const missing = await w.specialistA.agent.post(`/api/v1/development/customers/${customer.id}/release`, {});
    expect(missing.statusCode).toBe(400);
    const released = await w.specialistA.agent.post(`/api/v1/development/customers/${customer.id}/release`, { reason: '客户已无租赁需求' });
    expect(released.statusCode, released.body).toBe(200);
    expect(await customerRow(t, customer.id)).toMatchObject({ ownerId: null, previousOwnerId: w.specialistA.user.id });
  });

  it('R-PLT-03 a specialist of unit A cannot release, transfer or see the history of unit B’s customers; managers stay in scope', async () => {
    const customerB = await ownedCustomer(t, w.specialistB.user);
    const a = w.specialistA.agent;
    expect((await a.post(`/api/v1/development/customers/${customerB.id}/release`, { reason: '越权退回' })).statusCode).toBe(404);
    expect((await a.post('/api/v1/development/transfers', { customerId: customerB.id, toUserId: w.specialistA.user.id, reason: '越权转移' })).statusCode).toBe(404);
    expect((await a.get(`/api/v1/development/customers/${customerB.id}/ownership-history`)).statusCode).toBe(404);
    expect((await a.get(`/api/v1/development/customers/${customerB.id}/ownership`)).statusCode).toBe(404);
    expect((await a.post(`/api/v1/development/customers/${customerB.id}/assign`, { toUserId: w.specialistA.user.id, reason: '越权分配' })).statusCode).toBe(403);
    expect((await w.managerA.agent.post(`/api/v1/development/customers/${customerB.id}/assign`, { toUserId: w.specialistA.user.id, reason: '越权分配' })).statusCode).toBe(404);
    expect((await customerRow(t, customerB.id)).ownerId).toBe(w.specialistB.user.id);

    const colleague = await ownedCustomer(t, w.specialistA2.user);
    const mine = (await a.get('/api/v1/development/my-customers?pageSize=100')).json();
    expect(mine.items.every((item: { ownerId: number }) => item.ownerId === w.specialistA.user.id)).toBe(true);
    expect(mine.items.some((item: { id: number }) => item.id === colleague.id)).toBe(false);
    const transfers = (await a.get('/api/v1/development/transfers?pageSize=100')).json().items;
    expect(transfers.some((item: { customerId: number }) => item.customerId === customerB.id)).toBe(false);
    const pending = await t.database.db.select().from(customerTransfers).where(and(eq(customerTransfers.customerId, customerB.id)));
    expect(pending).toHaveLength(0);
  });
});
