import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handOverSteps } from '../../../platform/org/hand-over';
import { createTestApp, type TestApp } from '../../../test/harness';
import { auditOf, createWorld, moveClock, tasksOf, type World } from '../../../test/world';
import { VISIT_OVERDUE_RULE } from './visit-rules';
import { approve, createCustomer, recordVisit } from './visits.fixtures';
import { markMissedPlannedVisits } from './visits.jobs';
import { visitPlanItems, visitPlans } from './visits.table';

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
});
afterAll(async () => t?.close());

const api = '/api/v1/development';
const deps = () => ({ db: t.database.db, database: t.database, clock: t.clock, config: t.config, log: t.app.log });

async function createPlan(agent: World['specialistA']['agent'], month: string, items: { customerId: number; plannedDate: string; purpose?: string }[]) {
  const response = await agent.post(`${api}/visit-plans`, { month, items: items.map((item) => ({ purpose: '介绍新楼盘', ...item })) });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

describe('monthly visit plans', () => {
  it('R-DEV-30 a plan submitted before the month is approved by the unit manager and becomes read-only', async () => {
    await moveClock(t, w, '2026-03-20T02:00:00Z');
    const c1 = await createCustomer(t, w.specialistA.user);
    const c2 = await createCustomer(t, w.specialistA.user);
    const plan = await createPlan(w.specialistA.agent, '2026-04', [
      { customerId: c1.id, plannedDate: '2026-04-03' },
      { customerId: c2.id, plannedDate: '2026-04-10', purpose: '洽谈续租' },
    ]);
    expect(plan).toMatchObject({ status: 'draft', month: '2026-04', itemCount: 2, lateSubmission: false });
    expect(plan.items.map((item: { customerName: string }) => item.customerName)).toEqual([c1.name, c2.name]);
    expect((await w.specialistA.agent.post(`${api}/visit-plans`, { month: '2026-04', items: [] })).statusCode).toBe(409);

    const submitted = await w.specialistA.agent.post(`${api}/visit-plans/${plan.id}/submit`, {});
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'pending', lateSubmission: false, approvalId: expect.any(Number) });
    const inbox = (await w.managerA.agent.get('/api/v1/approvals/inbox')).json();
    expect(inbox.items.map((i: { id: number }) => i.id)).toContain(submitted.json().approvalId);
    expect((await w.specialistA.agent.patch(`${api}/visit-plans/${plan.id}`, { items: [] })).statusCode).toBe(409);

    await approve(w.managerA.agent, submitted.json().approvalId);
    const approved = (await w.specialistA.agent.get(`${api}/visit-plans/${plan.id}`)).json();
    expect(approved).toMatchObject({ status: 'approved', approvedAt: expect.any(String) });
    const edit = await w.specialistA.agent.patch(`${api}/visit-plans/${plan.id}`, { items: [] });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().reason).toBe('visit_plan.locked');
    expect((await auditOf(t, 'visit_plan', plan.id)).map((a) => a.action)).toEqual(['create', 'visit_plan_submit', 'visit_plan_approved']);

    // The visit outcome is added by recording the visit: the plan item becomes done.
    await moveClock(t, w, '2026-04-03T06:00:00Z');
    const visit = await recordVisit(w.specialistA.agent, c1.id, '2026-04-03');
    expect(visit.planItemId).toBe(plan.items[0].id);
    const after = (await w.specialistA.agent.get(`${api}/visit-plans/${plan.id}`)).json();
    expect(after.items[0]).toMatchObject({ status: 'done', visitId: visit.id });
    expect(after.doneCount).toBe(1);

    const calendar = (await w.specialistA.agent.get(`${api}/visits/calendar?month=2026-04`)).json();
    const day3 = calendar.days.find((d: { date: string }) => d.date === '2026-04-03');
    expect(day3.planned).toEqual([expect.objectContaining({ customerId: c1.id, status: 'done', planStatus: 'approved' })]);
    expect(day3.records).toEqual([expect.objectContaining({ id: visit.id })]);
    expect(calendar.days.find((d: { date: string }) => d.date === '2026-04-10').planned[0]).toMatchObject({ customerName: c2.name, purpose: '洽谈续租' });
  });

  it('R-DEV-30 items must name my customers inside the month; bad input is refused in Chinese', async () => {
    await moveClock(t, w, '2026-03-20T02:00:00Z');
    const mine = await createCustomer(t, w.specialistA.user);
    const theirs = await createCustomer(t, w.specialistB.user);
    const a = w.specialistA.agent;
    const foreign = await a.post(`${api}/visit-plans`, { month: '2026-05', items: [{ customerId: theirs.id, plannedDate: '2026-05-05', purpose: 'x' }] });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors[0]).toMatchObject({ field: 'items.0.customerId' });
    const outside = await a.post(`${api}/visit-plans`, { month: '2026-05', items: [{ customerId: mine.id, plannedDate: '2026-06-01', purpose: 'x' }] });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().errors[0]).toMatchObject({ field: 'items.0.plannedDate', message: expect.stringContaining('2026-05-31') });
    expect((await a.post(`${api}/visit-plans`, { month: '2026-5', items: [] })).json().errors[0].field).toBe('month');
    expect((await a.post(`${api}/visit-plans`, { month: '2026-02', items: [] })).statusCode).toBe(400);
    expect((await a.get(`${api}/visit-plans?month=2026-05&mine=true`)).json().total).toBe(0);
    // An empty plan cannot be submitted.
    const empty = await createPlan(a, '2026-05', []);
    expect((await a.post(`${api}/visit-plans/${empty.id}/submit`, {})).statusCode).toBe(400);
  });

  it('R-DEV-30 a plan first submitted in its own month is late; returned plans are edited and resubmitted; rejected ones can start again', async () => {
    await moveClock(t, w, '2026-06-01T03:00:00Z');
    const customer = await createCustomer(t, w.specialistA.user);
    const plan = await createPlan(w.specialistA.agent, '2026-06', [{ customerId: customer.id, plannedDate: '2026-06-15' }]);
    const submitted = (await w.specialistA.agent.post(`${api}/visit-plans/${plan.id}/submit`, {})).json();
    expect(submitted).toMatchObject({ status: 'pending', lateSubmission: true });

    await approve(w.managerA.agent, submitted.approvalId, 'return');
    expect((await w.specialistA.agent.get(`${api}/visit-plans/${plan.id}`)).json().status).toBe('returned');
    const edited = await w.specialistA.agent.patch(`${api}/visit-plans/${plan.id}`, {
      note: '补充了拜访目的',
      items: [{ customerId: customer.id, plannedDate: '2026-06-16', purpose: '实地看房并确认面积需求' }],
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ status: 'returned', note: '补充了拜访目的' });
    const resubmitted = await w.specialistA.agent.post(`${api}/visit-plans/${plan.id}/submit`, {});
    expect(resubmitted.statusCode, resubmitted.body).toBe(200);
    expect(resubmitted.json()).toMatchObject({ status: 'pending', lateSubmission: true, approvalId: submitted.approvalId });

    await approve(w.managerA.agent, submitted.approvalId, 'reject');
    expect((await w.specialistA.agent.get(`${api}/visit-plans/${plan.id}`)).json().status).toBe('rejected');
    const again = await w.specialistA.agent.patch(`${api}/visit-plans/${plan.id}`, { items: [{ customerId: customer.id, plannedDate: '2026-06-18', purpose: '再约' }] });
    expect(again.json().status).toBe('draft');
    const second = (await w.specialistA.agent.post(`${api}/visit-plans/${plan.id}/submit`, {})).json();
    expect(second.status).toBe('pending');
    expect(second.approvalId).not.toBe(submitted.approvalId);
  });

  it('R-DEV-30 R-PLT-03 plans are scoped: unit B gets 404 and sees none; the manager sees the unit; only the author edits', async () => {
    await moveClock(t, w, '2026-03-20T02:00:00Z');
    const customer = await createCustomer(t, w.specialistA2.user);
    const plan = await createPlan(w.specialistA2.agent, '2026-07', [{ customerId: customer.id, plannedDate: '2026-07-01' }]);
    expect((await w.specialistB.agent.get(`${api}/visit-plans/${plan.id}`)).statusCode).toBe(404);
    expect((await w.managerB.agent.get(`${api}/visit-plans/${plan.id}`)).statusCode).toBe(404);
    expect((await w.specialistA.agent.get(`${api}/visit-plans/${plan.id}`)).statusCode).toBe(404);
    expect((await w.specialistB.agent.get(`${api}/visit-plans?month=2026-07`)).json().total).toBe(0);
    const calendarB = (await w.specialistB.agent.get(`${api}/visits/calendar?month=2026-07`)).json();
    expect(calendarB.days).toEqual([]);
    const managerList = (await w.managerA.agent.get(`${api}/visit-plans?month=2026-07`)).json();
    expect(managerList.items.map((p: { id: number }) => p.id)).toContain(plan.id);
    expect((await w.managerA.agent.patch(`${api}/visit-plans/${plan.id}`, { items: [] })).statusCode).toBe(403);
    expect((await w.managerA.agent.post(`${api}/visit-plans/${plan.id}/submit`, {})).statusCode).toBe(403);
  });
});

describe('missed planned visits', () => {
  it('R-DEV-31 R-PLT-30 the daily job marks planned visits without a record after the due days as missed and tasks the specialist once', async () => {
    await moveClock(t, w, '2026-03-25T02:00:00Z');
    const c1 = await createCustomer(t, w.specialistB.user);
    const c2 = await createCustomer(t, w.specialistB.user);
    const plan = await createPlan(w.specialistB.agent, '2026-08', [
      { customerId: c1.id, plannedDate: '2026-08-03' },
      { customerId: c2.id, plannedDate: '2026-08-04' },
    ]);
    const submitted = (await w.specialistB.agent.post(`${api}/visit-plans/${plan.id}/submit`, {})).json();
    await approve(w.managerB.agent, submitted.approvalId);

    const statuses = async () => {
      const rows = await t.database.db.select().from(visitPlanItems).where(eq(visitPlanItems.planId, plan.id)).orderBy(visitPlanItems.id);
      return rows.map((row) => row.status);
    };
    // 2026-08-05: item 1 is due on 08-05 (3 + 2 days) — not yet missed.
    await moveClock(t, w, '2026-08-05T02:00:00Z');
    await markMissedPlannedVisits(deps());
    expect(await statuses()).toEqual(['planned', 'planned']);
    await moveClock(t, w, '2026-08-06T02:00:00Z');
    expect((await markMissedPlannedVisits(deps())).missed).toBeGreaterThanOrEqual(1);
    expect(await statuses()).toEqual(['missed', 'planned']);
    await markMissedPlannedVisits(deps());
    let items = await t.database.db.select().from(visitPlanItems).where(eq(visitPlanItems.planId, plan.id));
    expect(items.find((item) => item.customerId === c1.id)!.status).toBe('missed');
    const overdue = await tasksOf(t, VISIT_OVERDUE_RULE, w.specialistB.user.id);
    expect(overdue).toEqual([expect.objectContaining({ status: 'open', dedupeKey: `${VISIT_OVERDUE_RULE}:${items.find((item) => item.customerId === c1.id)!.id}` })]);

    await moveClock(t, w, '2026-08-07T02:00:00Z');
    await markMissedPlannedVisits(deps());
    expect(await tasksOf(t, VISIT_OVERDUE_RULE, w.specialistB.user.id)).toHaveLength(2);

    // A late record still fulfils the missed item and closes its task; it is flagged late.
    const visit = await recordVisit(w.specialistB.agent, c1.id, '2026-08-03');
    expect(visit).toMatchObject({ late: true, planItemId: items.find((item) => item.customerId === c1.id)!.id });
    items = await t.database.db.select().from(visitPlanItems).where(eq(visitPlanItems.planId, plan.id));
    expect(items.find((item) => item.customerId === c1.id)!.status).toBe('done');
    const tasksNow = await tasksOf(t, VISIT_OVERDUE_RULE, w.specialistB.user.id);
    expect(tasksNow.map((task) => task.status).sort()).toEqual(['done', 'open']);
  });
});

describe('departure hand-over', () => {
  it('R-PLT-05 the departed specialist\'s current and future plans go to the successor; a clash cancels the remaining visits', async () => {
    await moveClock(t, w, '2026-03-20T02:00:00Z');
    const leaver = await t.createUser({ unitId: w.unitA.id, role: 'specialist' });
    const successor = await t.createUser({ unitId: w.unitA.id, role: 'specialist' });
    const customer = await createCustomer(t, leaver);
    const values = (userId: number, month: string, status: string) => ({ userId, unitId: w.unitA.id, month, status });
    const [past, current, future, clash, theirs] = await t.database.db
      .insert(visitPlans)
      .values([
        values(leaver.id, '2026-02', 'approved'),
        values(leaver.id, '2026-03', 'approved'),
        values(leaver.id, '2026-04', 'draft'),
        values(leaver.id, '2026-05', 'pending'),
        values(successor.id, '2026-05', 'approved'),
      ])
      .returning();
    await t.database.db.insert(visitPlanItems).values([
      { planId: clash!.id, customerId: customer.id, plannedDate: '2026-05-06', purpose: '交接前计划' },
      { planId: current!.id, customerId: customer.id, plannedDate: '2026-03-25', purpose: '本月计划' },
    ]);
    const step = handOverSteps().find((s) => s.key === 'visit_plans')!;
    expect(step.order).toBe(40);
    const moved = await t.database.db.transaction((tx) => step.run(tx, t.clock, {}, leaver.id, successor.id));
    expect(moved).toBe(3);
    const rows = new Map((await t.database.db.select().from(visitPlans)).map((row) => [row.id, row]));
    expect(rows.get(past!.id)!.userId).toBe(leaver.id);
    expect(rows.get(current!.id)!.userId).toBe(successor.id);
    expect(rows.get(future!.id)!.userId).toBe(successor.id);
    expect(rows.get(clash!.id)!.userId).toBe(leaver.id);
    expect(rows.get(theirs!.id)!.userId).toBe(successor.id);
    const [cancelled] = await t.database.db.select().from(visitPlanItems).where(eq(visitPlanItems.planId, clash!.id));
    expect(cancelled!.status).toBe('removed');
    expect((await auditOf(t, 'visit_plan', current!.id)).map((a) => a.action)).toEqual(['hand_over']);
  });
});
