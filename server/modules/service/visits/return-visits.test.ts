import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../platform/db/client';
import { createTestApp, person, type Person, type TestApp } from '../../../test/harness';
import { createWorld, moveClock, tasksOf, type World } from '../../../test/world';
import { admittedCustomer, signedContract } from '../../leasing/leasing.fixtures';
import { planReturnVisits } from './return-visits.service';

// Return visits over HTTP (R-SVC-20, 21). The clock starts on Tuesday 2026-09-01 10:00 Shanghai time.

let t: TestApp;
let w: World;
let desk: Person;
let deskB: Person;
const deps = () => ({ db: t.database.db, database: t.database, clock: t.clock, config: t.config, log: t.app.log });

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
  await moveClock(t, w, '2026-09-01T02:00:00Z');
  desk = await person(t, { unitId: w.unitA.id, role: 'service' });
  deskB = await person(t, { unitId: w.unitB.id, role: 'service' });
});
afterAll(async () => {
  await t?.close();
});

const record = (extra: Record<string, unknown> = {}) => ({
  visitedOn: '2026-09-01',
  method: 'visit',
  people: '周经理',
  businessSituation: '出库量比上月增加约两成',
  scores: { service: 5, facilities: 3, billing: 4, security: 5, overall: 4 },
  opinions: '希望 3 号门夜间加装照明',
  expenses: '120.00',
  followUps: [],
  ...extra,
});

describe('return visits', () => {
  it('R-SVC-20 R-SVC-21 planned per contract and key-account grade without duplicates; the visitor is not the account owner by default; follow-ups become tasks and tickets; the report is due the next working day and reviewed by a supervisor', async () => {
    const contract = await signedContract(t, w, 'RV1', '2026-09-01', '2027-08-31');
    const keyAccount = await admittedCustomer(t, w.specialistA.user);
    await t.database.db.execute(sql`UPDATE customers SET grade = 'diamond' WHERE id = ${keyAccount.id}`);
    const first = await planReturnVisits(deps());
    expect(first.planned).toBeGreaterThanOrEqual(2);
    expect((await planReturnVisits(deps())).planned).toBe(0);
    const list = (await desk.agent.get('/api/v1/return-visits?from=2026-09-01&to=2026-10-31')).json();
    const byContract = list.find((v: { contractId: number }) => v.contractId === contract.id);
    // A month after the start; the key account on the 10th of its month.
    expect(byContract).toMatchObject({ kind: 'contract', dueDate: '2026-10-01', status: 'planned', visitorId: null, purpose: expect.stringContaining('首年月度') });
    const byGrade = list.find((v: { customerId: number }) => v.customerId === keyAccount.id);
    expect(byGrade).toMatchObject({ kind: 'key_account', dueDate: '2026-09-10' });
    // Another unit's desk sees neither.
    expect((await deskB.agent.get(`/api/v1/return-visits/${byContract.id}`)).statusCode).toBe(404);
    expect((await deskB.agent.get('/api/v1/return-visits?from=2026-09-01&to=2026-10-31')).json().map((v: { id: number }) => v.id)).not.toContain(byContract.id);

    // The account owner only when asked for explicitly.
    const assign = (id: number, body: Record<string, unknown>) => desk.agent.post(`/api/v1/return-visits/${id}/assign`, body);
    expect((await assign(byContract.id, { visitorId: w.specialistA.user.id })).json().errors[0].field).toBe('visitorId');
    expect((await assign(byContract.id, { visitorId: w.specialistA2.user.id })).json()).toMatchObject({ visitorId: w.specialistA2.user.id, canRecord: false });
    expect((await tasksOf(t, 'return_visit', w.specialistA2.user.id)).map((task) => task.status)).toEqual(['open']);

    // The record: by the visitor, scores 1–5, expenses within the limit, not in the future.
    const url = `/api/v1/return-visits/${byContract.id}/record`;
    expect((await desk.agent.post(url, record())).json().reason).toBe('visit.not_visitor');
    const bad = await w.specialistA2.agent.post(url, record({ scores: { service: 5, facilities: 3, billing: 4, security: 5, overall: 6 }, expenses: '2500.00', visitedOn: '2026-09-02' }));
    expect(bad.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['scores.overall']);
    expect((await w.specialistA2.agent.post(url, record({ expenses: '2500.00' }))).json().errors[0].field).toBe('expenses');
    expect((await w.specialistA2.agent.post(url, record({ visitedOn: '2026-09-02' }))).json().errors[0].field).toBe('visitedOn');
    const recorded = await w.specialistA2.agent.post(url, record({ followUps: [{ action: '协调物业加装 3 号门照明', as: 'task', assigneeId: w.managerA.user.id }, { action: '3 号门夜间照明不足，请派工', as: 'ticket' }] }));
    expect(recorded.statusCode, recorded.body).toBe(200);
    const visit = recorded.json();
    expect(visit).toMatchObject({ status: 'recorded', reportDueOn: '2026-09-02', recordedLate: false, expenses: '120.00', scores: { overall: 4 } });
    expect(visit.followUps.map((f: { as: string }) => f.as)).toEqual(['task', 'ticket']);
    expect((await tasksOf(t, 'return_visit_follow_up', w.managerA.user.id)).map((task) => task.id)).toEqual([visit.followUps[0].ref]);
    expect((await w.specialistA2.agent.get(`/api/v1/tickets/${visit.followUps[1].ref}`)).json()).toMatchObject({ customerId: contract.customerId, channel: 'visit', ownerId: w.specialistA2.user.id });
    expect((await tasksOf(t, 'return_visit', w.specialistA2.user.id)).map((task) => task.status)).toEqual(['done']);
    const [timeline] = await queryRows<{ n: number }>(t.database.db, sql`SELECT count(*)::int AS n FROM customer_timeline WHERE customer_id = ${contract.customerId} AND source_type = 'return_visit'`);
    expect(timeline!.n).toBe(1);

    // Recorded on Monday for a Thursday visit: the report was due Friday — marked late.
    expect((await assign(byGrade.id, { visitorId: w.specialistA2.user.id })).statusCode).toBe(200);
    await moveClock(t, w, '2026-09-14T02:00:00Z');
    desk.agent = await t.login(desk.user);
    const late = await w.specialistA2.agent.post(`/api/v1/return-visits/${byGrade.id}/record`, record({ visitedOn: '2026-09-10', method: 'phone' }));
    expect(late.json()).toMatchObject({ reportDueOn: '2026-09-11', recordedLate: true });

    // Reviewed by a supervisor, never by the visitor.
    const review = (agent: Person['agent']) => agent.post(`/api/v1/return-visits/${byContract.id}/review`, { note: '跟进事项已落实' });
    expect((await review(w.specialistA2.agent)).json().reason).toBe('visit.own');
    expect((await review(desk.agent)).json().reason).toBe('visit.not_supervisor');
    expect((await review(w.managerA.agent)).json()).toMatchObject({ status: 'reviewed', reviewNote: '跟进事项已落实', reviewedByName: expect.any(String) });
  });
});
