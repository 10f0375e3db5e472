import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkdayCalendar } from '../../../platform/calendar/calendar.service';
import { notifications } from '../../../platform/notifications/notifications.table';
import { createTestApp, type TestApp } from '../../../test/harness';
import { verifyChainOverHttp } from '../../../test/audit';
import { customers } from '../../customers';
import { opportunities } from '../opportunities/opportunities.table';
import { VISIT_REMOVAL_RULE } from './visit-removal.service';
import {
  contactOf,
  createCustomer,
  createOpportunity,
  recordStageMove,
  recordVisit,
  setUnitRules,
  visitBody
} from './visits.fixtures';
import { visitPlanItems, visitPlans } from './visits.table';
import { moveClock, auditOf, createWorld, tasksOf, type World } from '../../../test/world';
import { timelineOf } from '../../../test/customers';

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
});
afterAll(async () => t?.close());

const api = '/api/v1/development';

describe('visit records', () => {
  it('R-DEV-31 R-DEV-33 a visit record keeps the customer and its opportunity fresh and appears on the timeline', async () => {
    await moveClock(t, w, '2026-03-02T02:00:00Z');
    const customer = await createCustomer(t, w.specialistA.user, [{ name: '李总' }]);
    const contact = await contactOf(t, customer.id);
    const opportunity = await createOpportunity(t, w.specialistA.user, customer.id, { stale: true });
    const visit = await recordVisit(w.specialistA.agent, customer.id, '2026-03-01', {
      contactId: contact.id,
      opportunityId: opportunity.id,
      participants: ['王经理', '设计师小刘'],
      nextDate: '2026-03-10',
    });
    expect(visit).toMatchObject({
      customerName: customer.name,
      contactName: '李总',
      opportunityName: opportunity.name,
      method: 'onsite',
      participants: ['王经理', '设计师小刘'],
      reportDueDate: '2026-03-03',
      late: false,
      valid: true,
      removalProposalId: null,
    });
    const [customerRow] = await t.database.db.select().from(customers).where(eq(customers.id, customer.id));
    expect(customerRow!.lastFollowUpAt?.toISOString()).toBe('2026-03-01T15:59:59.000Z');
    const [oppRow] = await t.database.db.select().from(opportunities).where(eq(opportunities.id, opportunity.id));
    expect(oppRow).toMatchObject({ stale: false });
    expect(oppRow!.lastFollowUpAt).not.toBeNull();
    const timeline = await timelineOf(t, customer.id);
    expect(timeline).toEqual([expect.objectContaining({ type: 'visit', sourceType: 'visit_record', sourceId: String(visit.id) })]);
    expect((await auditOf(t, 'visit_record', visit.id)).map((a) => a.action)).toEqual(['create']);

    const got = await w.specialistA.agent.get(`${api}/visits/${visit.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json().content).toContain('3 号楼');
  });

  it('R-DEV-31 refuses bad input with Chinese field errors and saves nothing', async () => {
    await moveClock(t, w, '2026-03-02T02:00:00Z');
    const customer = await createCustomer(t, w.specialistA.user, [{ name: '张经理' }]);
    const other = await createCustomer(t, w.specialistA.user, [{ name: '赵经理' }]);
    const foreignContact = await contactOf(t, other.id);
    const foreignOpportunity = await createOpportunity(t, w.specialistA.user, other.id);
    const a = w.specialistA.agent;
    const cases: [Record<string, unknown>, string][] = [
      [{ contactId: foreignContact.id }, 'contactId'],
      [{ opportunityId: foreignOpportunity.id }, 'opportunityId'],
      [{ visitDate: '2026-03-05' }, 'visitDate'],
      [{ method: 'fax' }, 'method'],
      [{ content: '' }, 'content'],
      [{ nextDate: '2026-02-01' }, 'nextDate'],
    ];
    for (const [patch, field] of cases) {
      const response = await a.post(`${api}/visits`, { ...visitBody(customer.id, '2026-03-01'), ...patch });
      expect(response.statusCode, JSON.stringify(patch)).toBe(400);
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(response.json().detail).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect((await a.get(`${api}/visits?customerId=${customer.id}`)).json().total).toBe(0);
    expect(await timelineOf(t, customer.id)).toEqual([]);
  });

  it('R-DEV-31 a report after the due date is flagged late and found by the late / unreviewed filters', async () => {
    await moveClock(t, w, '2026-03-10T02:00:00Z');
    const customer = await createCustomer(t, w.specialistA.user);
    const late = await recordVisit(w.specialistA.agent, customer.id, '2026-03-06');
    expect(late).toMatchObject({ reportDueDate: '2026-03-08', late: true });
    const onTime = await recordVisit(w.specialistA.agent, customer.id, '2026-03-08', { method: 'phone' });
    expect(onTime).toMatchObject({ reportDueDate: '2026-03-10', late: false });
    const lateList = (await w.specialistA.agent.get(`${api}/visits?customerId=${customer.id}&late=true`)).json();
    expect(lateList.items.map((v: { id: number }) => v.id)).toEqual([late.id]);
    const unreviewed = (await w.managerA.agent.get(`${api}/visits?customerId=${customer.id}&unreviewed=true`)).json();
    expect(unreviewed.total).toBe(2);
    expect((await auditOf(t, 'visit_record', late.id))[0]!.summary).toContain('迟报');
  });

  it('R-DEV-31 with working days the report of a visit on 2025-09-30 is due 2025-10-10 (National Day)', async () => {
    const unit = await t.createUnit('工作日部门', w.unitA.id);
    const specialist = await t.createUser({ unitId: unit.id, role: 'specialist' });
    await setUnitRules(t, unit.id, { visitReportDays: 2, visitReportWorkdays: true });
    const calendar = await createWorkdayCalendar(t.database.db);
    expect(calendar.addWorkdays('2025-09-30', 2)).toBe('2025-10-10');
    const customer = await createCustomer(t, specialist);

    await moveClock(t, w, '2025-10-10T09:00:00Z');
    let agent = await t.login(specialist);
    const onTime = await recordVisit(agent, customer.id, '2025-09-30');
    expect(onTime).toMatchObject({ reportDueDate: '2025-10-10', late: false });
    await moveClock(t, w, '2025-10-11T01:00:00Z');
    agent = await t.login(specialist);
    const late = await recordVisit(agent, customer.id, '2025-09-30', { method: 'wechat' });
    expect(late).toMatchObject({ reportDueDate: '2025-10-10', late: true });
  });

  it('R-QLT-05 R-SEC-08 a review comment holding a lone surrogate is refused, nothing is stored and the audit chain still verifies', async () => {
    await moveClock(t, w, '2026-03-02T02:00:00Z');
    const customer = await createCustomer(t, w.specialistA.user);
    const visit = await recordVisit(w.specialistA.agent, customer.id, '2026-03-02');
    const refused = await w.managerA.agent.post(`${api}/visits/${visit.id}/review`, { comment: '审阅\ud800意见' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ reason: 'input.lone_surrogate', errors: [{ field: 'comment' }] });
    expect(refused.json().detail).toContain('不成对的 UTF-16 代理项');
    const bell = await w.managerA.agent.post(`${api}/visits/${visit.id}/review`, { comment: '审阅\u0007意见' });
    expect(bell.json()).toMatchObject({ reason: 'input.control_character' });
    const stored = (await w.managerA.agent.get(`${api}/visits/${visit.id}`)).json();
    expect(stored.reviewComment ?? null).toBeNull();
    // Line breaks and tabs are ordinary text.
    const ok = await w.managerA.agent.post(`${api}/visits/${visit.id}/review`, { comment: '第一点\n\t第二点' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().reviewComment).toBe('第一点\n\t第二点');
    expect(await verifyChainOverHttp(w.admin)).toMatchObject({ ok: true });
  });

  it('R-DEV-31 the manager reviews and comments; the author is notified; others may not review', async () => {
    await moveClock(t, w, '2026-03-02T02:00:00Z');
    const customer = await createCustomer(t, w.specialistA.user);
    const visit = await recordVisit(w.specialistA.agent, customer.id, '2026-03-02');
    const own = await w.specialistA.agent.post(`${api}/visits/${visit.id}/review`, { comment: '很好' });
    expect(own.statusCode).toBe(403);
    expect((await w.managerB.agent.post(`${api}/visits/${visit.id}/review`, { comment: '越权' })).statusCode).toBe(404);
    expect((await w.managerA.agent.post(`${api}/visits/${visit.id}/review`, { comment: '' })).statusCode).toBe(400);

    const reviewed = await w.managerA.agent.post(`${api}/visits/${visit.id}/review`, { comment: '尽快约客户实地看房' });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expect(reviewed.json()).toMatchObject({ reviewComment: '尽快约客户实地看房', reviewedById: w.managerA.user.id, reviewedAt: expect.any(String) });
    const notes = await t.database.db.select().from(notifications).where(eq(notifications.userId, w.specialistA.user.id));
    expect(notes).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'visit_reviewed', body: '尽快约客户实地看房' })]));
    expect((await auditOf(t, 'visit_record', visit.id)).map((a) => a.action)).toContain('visit_review');
    // Reviewed: the author can no longer edit it.
    expect((await w.specialistA.agent.patch(`${api}/visits/${visit.id}`, { content: '改写' })).statusCode).toBe(409);
  });

  it('R-DEV-31 the author may correct a record within 24 hours, nobody else', async () => {
    await moveClock(t, w, '2026-03-02T02:00:00Z');
    const customer = await createCustomer(t, w.specialistA.user);
    const visit = await recordVisit(w.specialistA.agent, customer.id, '2026-03-02');
    const edited = await w.specialistA.agent.patch(`${api}/visits/${visit.id}`, { feedback: '客户要求两周内报价', participants: ['王经理', '财务'] });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ feedback: '客户要求两周内报价', participants: ['王经理', '财务'] });
    expect((await w.managerA.agent.patch(`${api}/visits/${visit.id}`, { feedback: 'x' })).statusCode).toBe(403);
    await moveClock(t, w, 25 * 3_600_000);
    expect((await w.specialistA.agent.patch(`${api}/visits/${visit.id}`, { feedback: '太晚' })).statusCode).toBe(409);
  });

  it('R-DEV-31 R-DEV-33 R-PLT-03 a specialist of unit B sees nothing of unit A (404 by id, none in lists and calendar)', async () => {
    await moveClock(t, w, '2026-03-02T02:00:00Z');
    const customer = await createCustomer(t, w.specialistA.user);
    const visit = await recordVisit(w.specialistA.agent, customer.id, '2026-03-02');
    const b = w.specialistB.agent;
    expect((await b.get(`${api}/visits/${visit.id}`)).statusCode).toBe(404);
    expect((await b.get(`${api}/visits`)).json().items.some((v: { id: number }) => v.id === visit.id)).toBe(false);
    const calendar = (await b.get(`${api}/visits/calendar?month=2026-03`)).json();
    expect(calendar.days.flatMap((d: { records: { id: number }[] }) => d.records).some((r: { id: number }) => r.id === visit.id)).toBe(false);
    // Nor can B record a visit for A's customer, or read its options.
    expect((await b.post(`${api}/visits`, visitBody(customer.id, '2026-03-02'))).statusCode).toBe(404);
    expect((await b.get(`${api}/visits/options?customerId=${customer.id}`)).statusCode).toBe(404);
    // A colleague of the same unit with scope self does not see it either; the manager does.
    expect((await w.specialistA2.agent.get(`${api}/visits/${visit.id}`)).statusCode).toBe(404);
    expect((await w.managerA.agent.get(`${api}/visits/${visit.id}`)).statusCode).toBe(200);
    const managerCalendar = (await w.managerA.agent.get(`${api}/visits/calendar?month=2026-03`)).json();
    expect(managerCalendar.days.find((d: { date: string }) => d.date === '2026-03-02').records).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: visit.id, customerName: customer.name, method: 'onsite' })]),
    );
  });
});

describe('visits without progress', () => {
  it('R-DEV-32 five visits without progress propose removal; the manager confirms and the customer leaves future plans', async () => {
    await moveClock(t, w, '2026-03-02T02:00:00Z');
    const customer = await createCustomer(t, w.specialistA.user);
    const opportunity = await createOpportunity(t, w.specialistA.user, customer.id);
    // A plan for April with this customer, approved.
    const [plan] = await t.database.db
      .insert(visitPlans)
      .values({ userId: w.specialistA.user.id, unitId: w.unitA.id, month: '2026-04', status: 'approved' })
      .returning();
    await t.database.db.insert(visitPlanItems).values({ planId: plan!.id, customerId: customer.id, plannedDate: '2026-04-08', purpose: '再次拜访' });

    // 4 visits, then a progress visit resets; a forward stage move resets too.
    for (let i = 0; i < 4; i++) {
      t.clock.advance(60_000);
      expect((await recordVisit(w.specialistA.agent, customer.id, '2026-03-02')).removalProposalId).toBeNull();
    }
    t.clock.advance(60_000);
    await recordVisit(w.specialistA.agent, customer.id, '2026-03-02', { progress: true });
    for (let i = 0; i < 4; i++) {
      t.clock.advance(60_000);
      expect((await recordVisit(w.specialistA.agent, customer.id, '2026-03-02')).removalProposalId).toBeNull();
    }
    t.clock.advance(60_000);
    await recordStageMove(t, opportunity.id, customer.id, w.specialistA.user);
    // An invalid follow-up (unanswered call) does not count.
    t.clock.advance(60_000);
    await recordVisit(w.specialistA.agent, customer.id, '2026-03-02', { method: 'phone', valid: false });
    let proposalId: number | null = null;
    for (let i = 0; i < 5; i++) {
      t.clock.advance(60_000);
      proposalId = (await recordVisit(w.specialistA.agent, customer.id, '2026-03-02')).removalProposalId;
      if (i < 4) expect(proposalId).toBeNull();
    }
    expect(proposalId).toEqual(expect.any(Number));
    const managerTasks = await tasksOf(t, VISIT_REMOVAL_RULE, w.managerA.user.id);
    expect(managerTasks).toEqual([expect.objectContaining({ recordId: String(proposalId), status: 'open' })]);
    // A sixth visit does not open a second proposal.
    t.clock.advance(60_000);
    expect((await recordVisit(w.specialistA.agent, customer.id, '2026-03-02')).removalProposalId).toBeNull();

    const list = (await w.managerA.agent.get(`${api}/visit-removal-proposals?status=proposed`)).json();
    expect(list.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: proposalId, customerId: customer.id, visitCount: 6 })]));
    expect((await w.specialistB.agent.get(`${api}/visit-removal-proposals`)).json().items.some((p: { id: number }) => p.id === proposalId)).toBe(false);
    expect((await w.specialistA.agent.post(`${api}/visit-removal-proposals/${proposalId}/confirm`, {})).statusCode).toBe(403);
    expect((await w.managerB.agent.post(`${api}/visit-removal-proposals/${proposalId}/confirm`, {})).statusCode).toBe(404);

    const confirmed = await w.managerA.agent.post(`${api}/visit-removal-proposals/${proposalId}/confirm`, { note: '暂无需求，转入季度回访' });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'confirmed', decidedById: w.managerA.user.id });
    const items = await t.database.db.select().from(visitPlanItems).where(eq(visitPlanItems.planId, plan!.id));
    expect(items.map((item) => item.status)).toEqual(['removed']);
    expect((await tasksOf(t, VISIT_REMOVAL_RULE, w.managerA.user.id))[0]!.status).toBe('done');
    expect((await auditOf(t, 'visit_removal_proposal', proposalId!)).map((a) => a.action)).toEqual(['create', 'visit_removal_confirmed']);

    // New plans refuse the customer with a clear message.
    const refused = await w.specialistA.agent.post(`${api}/visit-plans`, {
      month: '2026-05',
      items: [{ customerId: customer.id, plannedDate: '2026-05-06', purpose: '回访' }],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().detail).toContain('移出拜访计划');
    expect(refused.json().errors[0].field).toBe('items.0.customerId');
  });

  it('R-DEV-32 a dismissed proposal restarts the count', async () => {
    await moveClock(t, w, '2026-03-03T02:00:00Z');
    await setUnitRules(t, w.unitB.id, { visitsWithoutProgress: 2 });
    const customer = await createCustomer(t, w.specialistB.user);
    await recordVisit(w.specialistB.agent, customer.id, '2026-03-03');
    t.clock.advance(60_000);
    const proposalId = (await recordVisit(w.specialistB.agent, customer.id, '2026-03-03')).removalProposalId;
    expect(proposalId).toEqual(expect.any(Number));
    const dismissed = await w.managerB.agent.post(`${api}/visit-removal-proposals/${proposalId}/dismiss`, {});
    expect(dismissed.json()).toMatchObject({ status: 'dismissed' });
    expect((await w.managerB.agent.post(`${api}/visit-removal-proposals/${proposalId}/dismiss`, {})).statusCode).toBe(409);
    t.clock.advance(60_000);
    expect((await recordVisit(w.specialistB.agent, customer.id, '2026-03-03')).removalProposalId).toBeNull();
    t.clock.advance(60_000);
    expect((await recordVisit(w.specialistB.agent, customer.id, '2026-03-03')).removalProposalId).toEqual(expect.any(Number));
  });
});
