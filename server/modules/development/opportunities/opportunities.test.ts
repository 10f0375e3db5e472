import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../../platform/audit/audit.table';
import { handOverSteps } from '../../../platform/org/hand-over';
import { insertCustomer } from '../../../test/customers';
import { createTestApp, unique, type Agent, type TestApp } from '../../../test/harness';
import { customerBlacklistEntries, customerTimeline } from '../../customers/customers.table';
import { developmentRegistrations } from '../registrations/registrations.table';
import { opportunities, opportunityStageChanges } from './opportunities.table';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

async function team() {
  const unitA = await t.createUnit('招商一部');
  const unitB = await t.createUnit('招商二部');
  const specialistA = await t.createUser({ unitId: unitA.id, role: 'specialist' });
  const specialistA2 = await t.createUser({ unitId: unitA.id, role: 'specialist' });
  const specialistB = await t.createUser({ unitId: unitB.id, role: 'specialist' });
  const managerA = await t.createUser({ unitId: unitA.id, role: 'manager' });
  return {
    unitA,
    unitB,
    specialistA,
    specialistA2,
    specialistB,
    managerA,
    a: await t.login(specialistA),
    a2: await t.login(specialistA2),
    b: await t.login(specialistB),
    manager: await t.login(managerA),
  };
}

const customerOf = (ownerId: number, unitId: number) => insertCustomer(t.database.db, { name: `上海${unique('远航')}仓储有限公司`, unitId, ownerId });

const body = (customerId: number, extra: Record<string, unknown> = {}) => ({
  customerId,
  name: '浦东 5000㎡ 冷库需求',
  spaceTypeCode: 'cold_storage',
  area: '5000',
  budget: '1200000',
  amount: 980000.5,
  expectedSignDate: '2026-06-30',
  intentLevel: 'B',
  note: '客户希望 6 月前入驻',
  ...extra,
});

async function createOpp(agent: Agent, customerId: number, extra: Record<string, unknown> = {}) {
  const res = await agent.post('/api/v1/development/opportunities', body(customerId, extra));
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const auditOf = (id: number) =>
  t.database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, 'opportunity'), eq(auditEvents.entityId, String(id))));

describe('opportunities', () => {
  it('R-DEV-20 creates an opportunity with number, first stage, owner, audit and timeline entry', async () => {
    const w = await team();
    const customer = await customerOf(w.specialistA.id, w.unitA.id);
    const created = await createOpp(w.a, customer.id);
    expect(created).toMatchObject({
      customerId: customer.id,
      customerName: customer.name,
      ownerId: w.specialistA.id,
      unitId: w.unitA.id,
      spaceTypeCode: 'cold_storage',
      area: '5000.00',
      budget: '1200000.00',
      amount: '980000.50',
      probability: 10,
      expectedSignDate: '2026-06-30',
      stageCode: 'initial',
      stageLabel: '初步接洽',
      status: 'open',
      intentLevel: 'B',
      stale: false,
      version: 1,
    });
    expect(created.number).toMatch(/^SJ-2026-\d{6}$/);
    // B = every 14 days from today (2026-03-02 in Shanghai)
    expect(created.followUpDueDate).toBe('2026-03-16');
    expect((await auditOf(created.id)).map((row) => row.action)).toEqual(['create']);
    const timeline = await t.database.db.select().from(customerTimeline).where(eq(customerTimeline.customerId, customer.id));
    expect(timeline.map((row) => row.title)).toEqual([expect.stringContaining('新建商机')]);
    const changes = await t.database.db.select().from(opportunityStageChanges).where(eq(opportunityStageChanges.opportunityId, created.id));
    expect(changes).toMatchObject([{ fromStage: null, toStage: 'initial', forward: true }]);
  });

  it('R-DEV-20 refuses bad input with Chinese field errors and saves nothing', async () => {
    const w = await team();
    const customer = await customerOf(w.specialistA.id, w.unitA.id);
    const res = await w.a.post('/api/v1/development/opportunities', body(customer.id, { probability: 120, spaceTypeCode: '', area: 'abc' }));
    expect(res.statusCode).toBe(400);
    const fields = res.json().errors.map((error: { field: string }) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['probability', 'spaceTypeCode', 'area']));
    const unknownSpace = await w.a.post('/api/v1/development/opportunities', body(customer.id, { spaceTypeCode: 'spaceship' }));
    expect(unknownSpace.statusCode).toBe(400);
    expect(unknownSpace.json().errors[0].field).toBe('spaceTypeCode');
    expect(await t.database.db.select().from(opportunities).where(eq(opportunities.customerId, customer.id))).toHaveLength(0);
  });

  it('R-DEV-20 R-DEV-02 refuses while another user holds the exclusive right, and on a blacklisted customer', async () => {
    const w = await team();
    const customer = await customerOf(w.specialistA.id, w.unitA.id);
    await t.database.db.insert(developmentRegistrations).values({
      number: unique('BB-'),
      customerId: customer.id,
      ownerId: w.specialistA2.id,
      unitId: w.unitA.id,
      intendedBusiness: '冷库',
      plan: '上门拜访',
      status: 'active',
      submittedAt: t.clock.now(),
      approvedAt: t.clock.now(),
      exclusiveUntil: new Date(t.clock.now().getTime() + 10 * 86_400_000),
    });
    const refused = await w.a.post('/api/v1/development/opportunities', body(customer.id));
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toMatch(/报备.*独家开发期至.*不能创建商机/);
    expect(refused.json().reason).toBe('registration.exclusive_right_held');
    // The holder may go on (here: the manager creates it for the holder).
    expect((await createOpp(w.manager, customer.id, { ownerId: w.specialistA2.id })).ownerId).toBe(w.specialistA2.id);
    expect((await w.manager.post('/api/v1/development/opportunities', body(customer.id))).statusCode).toBe(409);

    const other = await customerOf(w.specialistA.id, w.unitA.id);
    await t.database.db.insert(customerBlacklistEntries).values({ customerId: other.id, level: 'company', reason: '严重违约', status: 'active', requestedById: w.managerA.id });
    const blacklisted = await w.a.post('/api/v1/development/opportunities', body(other.id));
    expect(blacklisted.statusCode).toBe(409);
    expect(blacklisted.json().reason).toBe('customer.blacklisted');
    expect(await t.database.db.select().from(opportunities).where(eq(opportunities.customerId, other.id))).toHaveLength(0);
  });

  it('R-DEV-20 a specialist of unit A gets 404 for unit B opportunities and sees none of them in the list', async () => {
    const w = await team();
    const customerB = await customerOf(w.specialistB.id, w.unitB.id);
    const oppB = await createOpp(w.b, customerB.id);
    const customerA = await customerOf(w.specialistA.id, w.unitA.id);
    // Creating on a customer outside the actor's customer scope looks like a missing customer.
    expect((await w.a.post('/api/v1/development/opportunities', body(customerB.id))).statusCode).toBe(404);
    await createOpp(w.a, customerA.id);
    expect((await w.a.get(`/api/v1/development/opportunities/${oppB.id}`)).statusCode).toBe(404);
    expect((await w.a.patch(`/api/v1/development/opportunities/${oppB.id}`, { name: '改名试试' })).statusCode).toBe(404);
    expect((await w.a.post(`/api/v1/development/opportunities/${oppB.id}/stage`, { stageCode: 'proposal' })).statusCode).toBe(404);
    const list = (await w.a.get('/api/v1/development/opportunities?pageSize=100')).json();
    expect(list.items.map((item: { ownerId: number }) => item.ownerId)).toEqual([w.specialistA.id]);
    // A colleague of the same unit with `self` scope does not see it either; the manager does.
    expect((await w.a2.get('/api/v1/development/opportunities')).json().total).toBe(0);
    const managerList = (await w.manager.get(`/api/v1/development/opportunities?unitId=${w.unitA.id}`)).json();
    expect(managerList.total).toBe(1);
  });

  it('R-DEV-20 lists with filters, keyword and sorting; edits with optimistic version', async () => {
    const w = await team();
    const customer = await customerOf(w.specialistA.id, w.unitA.id);
    const first = await createOpp(w.a, customer.id, { name: '办公楼层租赁', spaceTypeCode: 'office', amount: '100', intentLevel: 'A' });
    const second = await createOpp(w.a, customer.id, { name: '冷库扩容', amount: '900' });
    const byAmount = (await w.a.get('/api/v1/development/opportunities?sort=amount:desc')).json();
    expect(byAmount.items.map((item: { id: number }) => item.id)).toEqual([second.id, first.id]);
    expect((await w.a.get('/api/v1/development/opportunities?intentLevel=A')).json().items).toMatchObject([{ id: first.id }]);
    expect((await w.a.get(`/api/v1/development/opportunities?q=${encodeURIComponent('扩容')}`)).json().items).toMatchObject([{ id: second.id }]);
    expect((await w.a.get(`/api/v1/development/opportunities?q=${encodeURIComponent(customer.name.slice(2, 8))}`)).json().total).toBe(2);
    expect((await w.a.get('/api/v1/development/opportunities?sort=bogus')).statusCode).toBe(400);

    const edited = await w.a.patch(`/api/v1/development/opportunities/${first.id}`, { version: 1, amount: '150.5', probability: 35 });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ amount: '150.50', probability: 35, version: 2 });
    const stale = await w.a.patch(`/api/v1/development/opportunities/${first.id}`, { version: 1, amount: '1' });
    expect(stale.statusCode).toBe(409);
    const audit = await auditOf(first.id);
    expect(audit.find((row) => row.action === 'update')?.changes).toMatchObject({ amount: { before: '100.00', after: '150.50' } });
  });

  it('R-DEV-20 R-DEV-21 moves stages forward and back, needs a lost reason, closes on won/lost and refuses reopening', async () => {
    const w = await team();
    const customer = await customerOf(w.specialistA.id, w.unitA.id);
    const opp = await createOpp(w.a, customer.id);
    const move = (id: number, payload: Record<string, unknown>) => w.a.post(`/api/v1/development/opportunities/${id}/stage`, payload);

    const proposal = await move(opp.id, { stageCode: 'proposal' });
    expect(proposal.statusCode, proposal.body).toBe(200);
    expect(proposal.json()).toMatchObject({ stageCode: 'proposal', probability: 40, status: 'open' });
    const back = await move(opp.id, { stageCode: 'requirement', probability: 25 });
    expect(back.json()).toMatchObject({ stageCode: 'requirement', probability: 25 });
    expect((await move(opp.id, { stageCode: 'requirement' })).statusCode).toBe(400);
    expect((await move(opp.id, { stageCode: 'nonsense' })).json().errors[0].field).toBe('stageCode');

    const noReason = await move(opp.id, { stageCode: 'lost' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0]).toMatchObject({ field: 'lostReasonCode', message: '输单须选择输单原因' });
    const lost = await move(opp.id, { stageCode: 'lost', lostReasonCode: 'price', lostNote: '对手报价低 10%' });
    expect(lost.json()).toMatchObject({ status: 'lost', lostReasonCode: 'price', probability: 0, followUpDueDate: null });
    expect(lost.json().closedAt).not.toBeNull();
    const reopen = await move(opp.id, { stageCode: 'negotiation' });
    expect(reopen.statusCode).toBe(409);
    expect(reopen.json().reason).toBe('opportunity.closed');

    const detail = (await w.a.get(`/api/v1/development/opportunities/${opp.id}`)).json();
    expect(detail.stageHistory.map((row: { toStage: string; forward: boolean }) => [row.toStage, row.forward])).toEqual([
      ['initial', true],
      ['proposal', true],
      ['requirement', false],
      ['lost', false],
    ]);
    expect(detail.stageHistory[3]).toMatchObject({ fromLabel: '需求确认', toLabel: '输单' });
    expect((await auditOf(opp.id)).map((row) => row.action)).toEqual(['create', 'opportunity_stage', 'opportunity_stage', 'opportunity_lost']);
    const timeline = await t.database.db.select().from(customerTimeline).where(eq(customerTimeline.customerId, customer.id));
    expect(timeline.map((row) => row.title)).toContainEqual(expect.stringMatching(/需求确认 → 输单（原因：价格）/));

    const winner = await createOpp(w.a, customer.id);
    const won = await move(winner.id, { stageCode: 'won' });
    expect(won.json()).toMatchObject({ status: 'won', probability: 100 });
    expect((await w.a.patch(`/api/v1/development/opportunities/${winner.id}`, { amount: '1' })).statusCode).toBe(409);
    expect((await w.a.patch(`/api/v1/development/opportunities/${winner.id}`, { note: '已签约' })).json().note).toBe('已签约');
  });

  it('R-DEV-20 a manager may name an owner within scope; a specialist may not', async () => {
    const w = await team();
    const customer = await customerOf(w.specialistA.id, w.unitA.id);
    const refused = await w.a.post('/api/v1/development/opportunities', body(customer.id, { ownerId: w.specialistA2.id }));
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].field).toBe('ownerId');
    const outside = await w.manager.post('/api/v1/development/opportunities', body(customer.id, { ownerId: w.specialistB.id }));
    expect(outside.statusCode).toBe(400);
    const assigned = await createOpp(w.manager, customer.id, { ownerId: w.specialistA.id });
    expect(assigned).toMatchObject({ ownerId: w.specialistA.id, unitId: w.unitA.id });
    expect((await w.a.get(`/api/v1/development/opportunities/${assigned.id}`)).statusCode).toBe(200);
  });

  it('R-DEV-20 R-PLT-05 the departure hand-over moves open opportunities to the successor', async () => {
    const w = await team();
    const customer = await customerOf(w.specialistA.id, w.unitA.id);
    const open = await createOpp(w.a, customer.id);
    const closed = await createOpp(w.a, customer.id);
    await w.a.post(`/api/v1/development/opportunities/${closed.id}/stage`, { stageCode: 'won' });
    const step = handOverSteps().find((item) => item.key === 'opportunities');
    expect(step).toMatchObject({ label: '商机', order: 30 });
    const moved = await t.database.db.transaction((tx) => step!.run(tx, t.clock, {}, w.specialistA.id, w.specialistB.id));
    expect(moved).toBe(1);
    const rows = await t.database.db.select().from(opportunities).where(eq(opportunities.customerId, customer.id));
    expect(rows.find((row) => row.id === open.id)).toMatchObject({ ownerId: w.specialistB.id, unitId: w.unitB.id });
    expect(rows.find((row) => row.id === closed.id)).toMatchObject({ ownerId: w.specialistA.id });
  });
});
