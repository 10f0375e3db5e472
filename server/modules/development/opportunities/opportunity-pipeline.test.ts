import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../../platform/audit/audit.table';
import { findJob } from '../../../platform/jobs/jobs.registry';
import { tasks } from '../../../platform/tasks/tasks.table';
import { createTestApp, unique, type Agent, type TestApp } from '../../../test/harness';
import { insertCustomer } from '../../../test/customers';
import { customerTimeline, customers } from '../../customers';
import { OPPORTUNITY_STALE_RULE, recordValidFollowUp } from '../follow-up';
import { opportunities } from './opportunities.table';
import { flagStaleOpportunities } from './opportunity-follow-up.service';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const DAY = 86_400_000;

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
    a: await t.login(specialistA),
    a2: await t.login(specialistA2),
    b: await t.login(specialistB),
    manager: await t.login(managerA),
  };
}

const customerOf = (ownerId: number, unitId: number, extra: Record<string, unknown> = {}) =>
  insertCustomer(t.database.db, { name: `上海${unique('恒通')}物流有限公司`, unitId, ownerId, ...extra });

async function createOpp(agent: Agent, customerId: number, extra: Record<string, unknown> = {}) {
  const res = await agent.post('/api/v1/development/opportunities', { customerId, name: '仓库租赁需求', spaceTypeCode: 'warehouse', amount: '1000', ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; number: string };
}

async function move(agent: Agent, id: number, stageCode: string, extra: Record<string, unknown> = {}) {
  const res = await agent.post(`/api/v1/development/opportunities/${id}/stage`, { stageCode, ...extra });
  expect(res.statusCode, res.body).toBe(200);
}

describe('pipeline board and funnel', () => {
  it('R-DEV-21 the board has one column per configured stage with counts, sums and cards — inside the scope only', async () => {
    const w = await team();
    const customer = await customerOf(w.specialistA.id, w.unitA.id);
    await createOpp(w.a, customer.id, { amount: '100.25' });
    const two = await createOpp(w.a, customer.id, { amount: '200' });
    await createOpp(w.a, customer.id, { amount: '300' });
    await move(w.a, two.id, 'proposal');
    const customerB = await customerOf(w.specialistB.id, w.unitB.id);
    const oppB = await createOpp(w.b, customerB.id, { amount: '999' });

    const board = (await w.a.get('/api/v1/development/opportunity-board?limit=1')).json();
    expect(board.columns.map((column: { code: string }) => column.code)).toEqual(['initial', 'requirement', 'proposal', 'negotiation', 'contract_approval', 'won', 'lost']);
    const initial = board.columns[0];
    expect(initial).toMatchObject({ label: '初步接洽', count: 2, amountSum: '400.25', terminal: false });
    expect(initial.items).toHaveLength(1);
    expect(board.columns[2]).toMatchObject({ count: 1, amountSum: '200.00', items: [{ id: two.id }] });
    expect(board.columns[6]).toMatchObject({ count: 0, amountSum: '0.00', items: [] });
    const ids = board.columns.flatMap((column: { items: { id: number }[] }) => column.items.map((item) => item.id));
    expect(ids).not.toContain(oppB.id);
    const filtered = (await w.a.get('/api/v1/development/opportunity-board?q=' + encodeURIComponent('不存在的关键词'))).json();
    expect(filtered.columns.every((column: { count: number }) => column.count === 0)).toBe(true);
  });

  it('R-DEV-21 the funnel counts how many reached each stage, conversions and win rate, per owner and unit, within scope', async () => {
    const w = await team();
    const customer = await customerOf(w.specialistA.id, w.unitA.id);
    await createOpp(w.a, customer.id);
    const o2 = await createOpp(w.a, customer.id);
    const o3 = await createOpp(w.a, customer.id);
    const o4 = await createOpp(w.a, customer.id);
    await move(w.a, o2.id, 'proposal');
    await move(w.a, o3.id, 'negotiation');
    await move(w.a, o3.id, 'won');
    await move(w.a, o4.id, 'requirement');
    await move(w.a, o4.id, 'lost', { lostReasonCode: 'location' });
    const customerA2 = await customerOf(w.specialistA2.id, w.unitA.id);
    await createOpp(w.a2, customerA2.id);
    const customerB = await customerOf(w.specialistB.id, w.unitB.id);
    await createOpp(w.b, customerB.id);

    const mine = (await w.a.get('/api/v1/development/opportunity-funnel?from=2026-03-01&to=2026-03-31')).json();
    expect(mine.overall).toMatchObject({ total: 4, open: 2, won: 1, lost: 1, winRate: 0.25 });
    expect(mine.overall.stages.map((stage: { code: string; reached: number; conversionRate: number | null }) => [stage.code, stage.reached, stage.conversionRate])).toEqual([
      ['initial', 4, 1],
      ['requirement', 3, 0.75],
      ['proposal', 2, 0.6667],
      ['negotiation', 1, 0.5],
      ['contract_approval', 1, 1],
      ['won', 1, 1],
    ]);
    expect(mine.groups).toEqual([]);

    const byOwner = (await w.manager.get(`/api/v1/development/opportunity-funnel?groupBy=owner&unitId=${w.unitA.id}`)).json();
    expect(byOwner.overall.total).toBe(5);
    expect(byOwner.groups.map((group: { id: number; total: number }) => [group.id, group.total])).toEqual([
      [w.specialistA.id, 4],
      [w.specialistA2.id, 1],
    ]);
    const byUnit = (await w.manager.get('/api/v1/development/opportunity-funnel?groupBy=unit')).json();
    expect(byUnit.groups.map((group: { id: number }) => group.id)).not.toContain(w.unitB.id);
    const outside = (await w.a.get('/api/v1/development/opportunity-funnel?from=2026-04-01&to=2026-04-30')).json();
    expect(outside.overall.total).toBe(0);
    expect((await w.a.get('/api/v1/development/opportunity-funnel?from=2026-04-01&to=2026-03-01')).statusCode).toBe(400);
  });
});

describe('intent levels and the follow-up rule', () => {
  it('R-DEV-23 sets the customer intent level with audit and timeline; out of scope is 404; bad level 400', async () => {
    const w = await team();
    const customer = await customerOf(w.specialistA.id, w.unitA.id, { lastFollowUpAt: t.clock.now() });
    const res = await w.a.put(`/api/v1/development/customers/${customer.id}/intent-level`, { level: 'A' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ intentLevel: 'A', followUpDays: 7, followUpDueDate: '2026-03-09' });
    expect((await w.a.get(`/api/v1/development/customers/${customer.id}/intent-level`)).json().intentLevel).toBe('A');
    const [row] = await t.database.db.select().from(customers).where(eq(customers.id, customer.id));
    expect(row!.intentLevel).toBe('A');
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'customer'), eq(auditEvents.entityId, String(customer.id))));
    expect(audit.map((event) => event.changes)).toContainEqual({ intentLevel: { before: null, after: 'A' } });
    const timeline = await t.database.db.select().from(customerTimeline).where(eq(customerTimeline.customerId, customer.id));
    expect(timeline.map((event) => event.type)).toContain('intent_level');
    expect((await w.b.put(`/api/v1/development/customers/${customer.id}/intent-level`, { level: 'B' })).statusCode).toBe(404);
    const bad = await w.a.put(`/api/v1/development/customers/${customer.id}/intent-level`, { level: 'E' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('level');
    // The customer falls due for follow-up by its level (A = weekly).
    expect((await w.a.get('/api/v1/development/follow-ups-due?days=6')).json().customers).toEqual([]);
    const due = (await w.a.get('/api/v1/development/follow-ups-due?days=7')).json();
    expect(due.customers).toMatchObject([{ customerId: customer.id, intentLevel: 'A', followUpDays: 7, dueDate: '2026-03-09', overdue: false }]);
    // A new opportunity inherits the customer's level.
    const opp = await createOpp(w.a, customer.id);
    expect((await w.a.get(`/api/v1/development/opportunities/${opp.id}`)).json()).toMatchObject({ intentLevel: 'A', followUpDueDate: '2026-03-09' });
  });

  it('R-DEV-22 R-DEV-23 the daily job flags overdue opportunities by intent level (never beyond a month), reminds once, and a follow-up clears it', async () => {
    expect(findJob(OPPORTUNITY_STALE_RULE)).toBeDefined();
    const w = await team();
    const customer = await customerOf(w.specialistA.id, w.unitA.id);
    const levelA = await createOpp(w.a, customer.id, { intentLevel: 'A' });
    const levelC = await createOpp(w.a, customer.id, { intentLevel: 'C' });
    const levelD = await createOpp(w.a, customer.id, { intentLevel: 'D' });
    const closed = await createOpp(w.a, customer.id, { intentLevel: 'A' });
    await move(w.a, closed.id, 'won');
    const stale = async () => {
      const rows = await t.database.db.select().from(opportunities).where(eq(opportunities.customerId, customer.id));
      return rows.filter((row) => row.stale).map((row) => row.id).sort((x, y) => x - y);
    };
    const reminders = (id: number) =>
      t.database.db
        .select()
        .from(tasks)
        .where(and(eq(tasks.ruleKey, OPPORTUNITY_STALE_RULE), eq(tasks.recordType, 'opportunity'), eq(tasks.recordId, String(id))));

    const start = t.clock.now();
    t.clock.set(new Date(start.getTime() + 7 * DAY));
    await flagStaleOpportunities(t.app.deps);
    expect(await stale()).toEqual([]);

    t.clock.set(new Date(start.getTime() + 8 * DAY));
    await flagStaleOpportunities(t.app.deps);
    await flagStaleOpportunities(t.app.deps);
    expect(await stale()).toEqual([levelA.id]);
    const [task] = await reminders(levelA.id);
    expect(await reminders(levelA.id)).toHaveLength(1);
    expect(task).toMatchObject({ assigneeId: w.specialistA.id, status: 'open', dedupeKey: `${OPPORTUNITY_STALE_RULE}:${levelA.id}:2026-03-09` });
    // Sessions expire while the clock jumps: sign in again.
    const a = await t.login(w.specialistA);
    const listed = (await a.get('/api/v1/development/opportunities?stale=true')).json();
    expect(listed.items.map((item: { id: number }) => item.id)).toEqual([levelA.id]);
    const due = (await a.get('/api/v1/development/follow-ups-due')).json();
    expect(due.opportunities.map((item: { opportunityId: number; overdue: boolean }) => [item.opportunityId, item.overdue])).toEqual([[levelA.id, true]]);
    expect((await (await t.login(w.specialistB)).get('/api/v1/development/follow-ups-due')).json().opportunities).toEqual([]);

    // A valid follow-up (the visits module calls this) clears the flag and closes the reminder.
    await t.database.db.transaction((tx) => recordValidFollowUp(tx, t.clock, {}, { customerId: customer.id, opportunityId: levelA.id, at: t.clock.now() }));
    expect(await stale()).toEqual([]);
    expect((await reminders(levelA.id))[0]!.status).toBe('done');

    // Level D would allow 90 days, but an open opportunity needs a follow-up every month (R-DEV-22).
    t.clock.set(new Date(start.getTime() + 31 * DAY));
    await flagStaleOpportunities(t.app.deps);
    expect(await stale()).toEqual([levelA.id, levelC.id, levelD.id].sort((x, y) => x - y));
    expect(await reminders(levelA.id)).toHaveLength(2);
    expect(await reminders(closed.id)).toHaveLength(0);
    const flagged = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'opportunity'), eq(auditEvents.action, 'opportunity_stale'), eq(auditEvents.entityId, String(levelD.id))));
    expect(flagged).toHaveLength(1);

    // Closing an opportunity clears its flag and closes the reminder.
    await move(await t.login(w.specialistA), levelD.id, 'lost', { lostReasonCode: 'competitor' });
    expect(await stale()).toEqual([levelA.id, levelC.id].sort((x, y) => x - y));
    expect((await reminders(levelD.id))[0]!.status).toBe('done');
    t.clock.set(start);
  });
});
