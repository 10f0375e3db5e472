import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../platform/db/client';
import { createTestApp, person, type Person, type TestApp } from '../../../test/harness';
import { auditOf, createWorld, moveClock, notificationsOf, tasksOf, type World } from '../../../test/world';
import { admittedCustomer } from '../../leasing/leasing.fixtures';

// Service tickets over HTTP (R-SVC-01…04): first-responder ownership with logged transfers, work
// orders with the customer's confirmation and chargeable work billed, the category matrix and
// key accounts. The clock stands at 2026-09-01 10:00 Shanghai time.

let t: TestApp;
let w: World;
let desk: Person;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
  await moveClock(t, w, '2026-09-01T02:00:00Z');
  desk = await person(t, { unitId: w.unitA.id, role: 'service' });
});
afterAll(async () => {
  await t?.close();
});

const request = (customerId: number, extra: Record<string, unknown> = {}) => ({ customerId, contactName: '周经理', contactPhone: '13900001111', channel: 'phone', category: 'repair', description: '3 号库卷帘门无法关闭', ...extra });

describe('service tickets', () => {
  it('R-SVC-01 R-SVC-02 the taker owns the ticket; only the owner transfers it, every transfer is logged, racing transfers give one owner; other units see nothing', async () => {
    const customer = await admittedCustomer(t, w.specialistA.user);
    expect((await desk.agent.post('/api/v1/tickets', request(customer.id, { contactName: '' }))).json().errors[0].field).toBe('contactName');
    expect((await desk.agent.post('/api/v1/tickets', request(customer.id, { category: 'nosuch' }))).json().errors[0].field).toBe('category');
    expect((await desk.agent.post('/api/v1/tickets', request(9_999_999))).json().errors[0].field).toBe('customerId');
    // The desk finds a caller outside its customer scope only by the exact full name or code —
    // id, name and code only — and takes its request; a fragment finds nothing there.
    const other = await admittedCustomer(t, w.specialistB.user);
    const lookup = async (q: string) => (await desk.agent.get(`/api/v1/tickets/customer-lookup?q=${encodeURIComponent(q)}`)).json();
    expect(await lookup(other.name.slice(0, -2))).toEqual([]);
    expect(await lookup(other.name)).toEqual([{ id: other.id, name: other.name, code: expect.any(String) }]);
    expect((await lookup(customer.name.slice(0, -2))).map((hit: { id: number }) => hit.id)).toContain(customer.id);
    expect((await desk.agent.get(`/api/v1/customers/${other.id}`)).statusCode).toBe(404);
    expect((await w.finance.agent.get('/api/v1/tickets/customer-lookup?q=abc')).statusCode).toBe(403);
    const forOther = await desk.agent.post('/api/v1/tickets', request(other.id));
    expect(forOther.statusCode, forOther.body).toBe(201);
    expect((await w.specialistB.agent.get(`/api/v1/tickets/${forOther.json().id}`)).json()).toMatchObject({ customerId: other.id, canHandle: false });
    expect((await w.finance.agent.post('/api/v1/tickets', request(customer.id))).statusCode).toBe(403);

    const created = await desk.agent.post('/api/v1/tickets', request(customer.id));
    expect(created.statusCode, created.body).toBe(201);
    const ticket = created.json();
    expect(ticket.number).toMatch(/^GD-202609-\d{5}$/);
    // A repair for an ordinary customer: 24 hours from taking it.
    expect(ticket).toMatchObject({ status: 'open', ownerId: desk.user.id, takenById: desk.user.id, priority: 'normal', keyAccount: false, dueAt: '2026-09-02T02:00:00.000Z', canHandle: true, transfers: [], workOrders: [] });
    expect((await tasksOf(t, 'service_ticket', desk.user.id)).filter((task) => task.recordId === String(ticket.id) && task.status === 'open')).toHaveLength(1);

    // Only the owner hands it over, to someone who handles service, with a reason.
    // The customer's account manager sees the ticket but does not own it; a colleague without a link to it does not see it.
    expect((await w.specialistA.agent.post(`/api/v1/tickets/${ticket.id}/transfer`, { toUserId: w.specialistA2.user.id, reason: '由同事跟进处理' })).json().reason).toBe('ticket.not_owner');
    expect((await w.specialistA2.agent.get(`/api/v1/tickets/${ticket.id}`)).statusCode).toBe(404);
    expect((await desk.agent.post(`/api/v1/tickets/${ticket.id}/transfer`, { toUserId: w.legal.user.id, reason: '转法务处理' })).json().errors[0].field).toBe('toUserId');
    expect((await desk.agent.post(`/api/v1/tickets/${ticket.id}/transfer`, { toUserId: w.specialistA.user.id, reason: '短' })).json().errors[0].field).toBe('reason');
    const racing = await Promise.all([
      desk.agent.post(`/api/v1/tickets/${ticket.id}/transfer`, { toUserId: w.specialistA.user.id, reason: '客户经理熟悉该库区' }),
      desk.agent.post(`/api/v1/tickets/${ticket.id}/transfer`, { toUserId: w.specialistA2.user.id, reason: '同事熟悉该库区' }),
    ]);
    expect(racing.map((response) => response.statusCode).sort()).toEqual([200, 403]);
    const after = (await desk.agent.get(`/api/v1/tickets/${ticket.id}`)).json();
    expect(after.transfers).toHaveLength(1);
    expect([w.specialistA.user.id, w.specialistA2.user.id]).toContain(after.ownerId);
    expect(after).toMatchObject({ canHandle: false, takenById: desk.user.id });
    const [owners] = await queryRows<{ n: number }>(t.database.db, sql`SELECT count(DISTINCT owner_id)::int AS n FROM service_tickets WHERE id = ${ticket.id}`);
    expect(owners!.n).toBe(1);
    const newOwner = after.ownerId === w.specialistA.user.id ? w.specialistA : w.specialistA2;
    expect((await tasksOf(t, 'service_ticket', newOwner.user.id)).filter((task) => task.recordId === String(ticket.id) && task.status === 'open')).toHaveLength(1);
    expect((await tasksOf(t, 'service_ticket', desk.user.id)).filter((task) => task.recordId === String(ticket.id) && task.status === 'open')).toHaveLength(0);
    expect((await notificationsOf(t, newOwner.user.id, 'service_ticket')).map((n) => n.title)).toContain(`工单 ${ticket.number} 已转给您`);
    expect((await auditOf(t, 'service_ticket', ticket.id)).map((event) => event.action)).toEqual(['create', 'transfer']);

    // Another unit: 404 by id, nothing in the list.
    expect((await w.specialistB.agent.get(`/api/v1/tickets/${ticket.id}`)).statusCode).toBe(404);
    expect((await w.specialistB.agent.get('/api/v1/tickets')).json().items.find((row: { id: number }) => row.id === ticket.id)).toBeUndefined();
    expect((await w.managerB.agent.post(`/api/v1/tickets/${ticket.id}/transfer`, { toUserId: w.managerB.user.id, reason: '越权接手工单' })).statusCode).toBe(404);
  });

  it('R-SVC-03 work goes to a department; it records the result and cost; the customer confirms and chargeable work goes on the next bill; a ticket resolved at once is 一次办结', async () => {
    const customer = await admittedCustomer(t, w.specialistA.user);
    const ticket = (await desk.agent.post('/api/v1/tickets', request(customer.id, { description: '冷库制冷机组报警，需要维修' }))).json();
    expect((await w.specialistA.agent.post(`/api/v1/tickets/${ticket.id}/work-orders`, { unitId: w.unitB.id, instructions: '检修制冷机组' })).json().reason).toBe('ticket.not_owner');
    expect((await desk.agent.post(`/api/v1/tickets/${ticket.id}/work-orders`, { unitId: w.unitB.id, assigneeId: w.specialistA.user.id, instructions: '检修制冷机组' })).json().errors[0].field).toBe('assigneeId');
    const dispatched = await desk.agent.post(`/api/v1/tickets/${ticket.id}/work-orders`, { unitId: w.unitB.id, assigneeId: w.specialistB.user.id, instructions: '检修制冷机组，必要时更换压缩机' });
    expect(dispatched.statusCode, dispatched.body).toBe(201);
    const order = dispatched.json().workOrders[0];
    expect(order).toMatchObject({ unitName: expect.any(String), assigneeId: w.specialistB.user.id, status: 'open', dueAt: ticket.dueAt });
    expect((await notificationsOf(t, w.specialistB.user.id, 'service_ticket')).map((n) => n.title)).toContain(`派工：工单 ${ticket.number}`);
    expect((await desk.agent.post(`/api/v1/tickets/${ticket.id}/resolve`, { resolution: '已维修完毕' })).json().reason).toBe('ticket.work_orders_open');

    // The technician's department records it; someone outside cannot.
    expect((await w.colleagueA2.agent.post(`/api/v1/work-orders/${order.id}/complete`, { result: '更换压缩机', cost: '350' })).statusCode).toBe(404);
    expect((await w.specialistB.agent.post(`/api/v1/work-orders/${order.id}/complete`, { result: '更换压缩机继电器', cost: '0', chargeable: true, chargeItem: 'other' })).json().errors[0].field).toBe('cost');
    const done = await w.specialistB.agent.post(`/api/v1/work-orders/${order.id}/complete`, { result: '更换压缩机继电器，已恢复制冷', cost: '350.00', chargeable: true, chargeItem: 'other' });
    expect(done.statusCode, done.body).toBe(200);
    expect((await w.specialistB.agent.post(`/api/v1/work-orders/${order.id}/complete`, { result: '再次完工', cost: '1' })).json().reason).toBe('work_order.not_open');
    const confirmed = await desk.agent.post(`/api/v1/work-orders/${order.id}/confirm`, { confirmedBy: '周经理', satisfied: true });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().workOrders[0]).toMatchObject({ status: 'confirmed', cost: '350.00', charged: true, confirmedBy: '周经理' });
    const usage = (await w.finance.agent.get(`/api/v1/usage-charges?customerId=${customer.id}&status=pending`)).json().items;
    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({ item: 'other', period: '2026-09', amount: '350.00' });
    expect(usage[0].explanation).toContain(ticket.number);

    const resolved = await desk.agent.post(`/api/v1/tickets/${ticket.id}/resolve`, { resolution: '制冷机组已修复，客户确认' });
    expect(resolved.json()).toMatchObject({ status: 'resolved', firstContactResolved: false });
    expect((await desk.agent.post(`/api/v1/tickets/${ticket.id}/resolve`, { resolution: '再次办结' })).json().reason).toBe('ticket.not_open');
    const quick = (await desk.agent.post('/api/v1/tickets', request(customer.id, { category: 'consultation', description: '询问本月账单的付款方式' }))).json();
    expect((await desk.agent.post(`/api/v1/tickets/${quick.id}/resolve`, { resolution: '已告知对公转账账户与截止日' })).json()).toMatchObject({ status: 'resolved', firstContactResolved: true });
    expect((await tasksOf(t, 'service_ticket', desk.user.id)).filter((task) => [String(ticket.id), String(quick.id)].includes(task.recordId ?? '') && task.status === 'open')).toHaveLength(0);
  });

  it('R-SVC-04 the category matrix sets the deadline; key accounts and government bodies get the shorter one and priority; a repeat contact is linked to the open ticket', async () => {
    const rules = (await desk.agent.get('/api/v1/service/category-rules')).json();
    expect(rules.find((rule: { category: string }) => rule.category === 'repair')).toMatchObject({ categoryName: '报修', deadlineHours: 24, keyAccountDeadlineHours: 8 });
    expect((await desk.agent.put('/api/v1/service/category-rules/repair', { unitId: w.unitB.id, deadlineHours: 12, keyAccountDeadlineHours: 4 })).statusCode).toBe(403);
    expect((await w.admin.put('/api/v1/service/category-rules/repair', { unitId: w.unitB.id, deadlineHours: 12, keyAccountDeadlineHours: 24 })).json().errors[0].field).toBe('keyAccountDeadlineHours');
    expect((await w.admin.put('/api/v1/service/category-rules/repair', { unitId: w.unitB.id, deadlineHours: 12, keyAccountDeadlineHours: 4 })).statusCode).toBe(200);

    const vip = await admittedCustomer(t, w.specialistA.user);
    await t.database.db.execute(sql`UPDATE customers SET grade = 'diamond' WHERE id = ${vip.id}`);
    const government = await admittedCustomer(t, w.specialistA.user);
    await t.database.db.execute(sql`UPDATE customers SET nature_code = 'public_institution' WHERE id = ${government.id}`);
    const plain = await admittedCustomer(t, w.specialistA.user);
    const first = (await desk.agent.post('/api/v1/tickets', request(vip.id))).json();
    expect(first).toMatchObject({ keyAccount: true, priority: 'high', dueAt: '2026-09-01T06:00:00.000Z', repeatOfId: null });
    expect((await desk.agent.post('/api/v1/tickets', request(government.id, { priority: 'urgent' }))).json()).toMatchObject({ keyAccount: true, priority: 'urgent', dueAt: '2026-09-01T06:00:00.000Z' });
    expect((await desk.agent.post('/api/v1/tickets', request(plain.id))).json()).toMatchObject({ keyAccount: false, priority: 'normal', dueAt: '2026-09-01T14:00:00.000Z' });
    const again = (await desk.agent.post('/api/v1/tickets', request(vip.id, { description: '卷帘门还是关不上' }))).json();
    expect(again.repeatOfId).toBe(first.id);

    // Past the deadline the list marks it; 只看超时 finds it.
    await moveClock(t, w, '2026-09-01T07:00:00Z');
    desk.agent = await t.login(desk.user);
    const overdue = (await desk.agent.get('/api/v1/tickets?overdue=true&mine=true')).json().items.map((row: { id: number }) => row.id);
    expect(overdue).toEqual(expect.arrayContaining([first.id, again.id]));
  });
});
