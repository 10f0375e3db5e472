import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';
import { auditEvents } from '../audit/audit.table';
import { runDueJobs } from '../jobs/scheduler';
import { notifications } from '../notifications/notifications.table';
import { orgUnits } from '../org/org.table';
import { createTask } from './tasks.service';
import { tasks } from './tasks.table';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const HOUR = 3_600_000;
const inHours = (hours: number) => new Date(t.clock.now().getTime() + hours * HOUR).toISOString();
const notificationsOf = (userId: number) => t.database.db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(notifications.id);

async function team() {
  const branch = await t.createUnit('华东分公司');
  const dept = await t.createUnit('招商一部', branch.id);
  const branchHead = await t.createUser({ unitId: branch.id, role: 'manager' });
  const manager = await t.createUser({ unitId: dept.id, role: 'manager' });
  const specialist = await t.createUser({ unitId: dept.id, role: 'specialist' });
  await t.database.db.update(orgUnits).set({ managerId: branchHead.id }).where(eq(orgUnits.id, branch.id));
  await t.database.db.update(orgUnits).set({ managerId: manager.id }).where(eq(orgUnits.id, dept.id));
  return { branch, dept, branchHead, manager, specialist };
}

describe('tasks', () => {
  it('R-PLT-30 tasks escalate to the assignee\'s manager when overdue', async () => {
    const { manager, specialist, branchHead } = await team();
    let me = await t.login(specialist);
    const created = await me.post('/api/v1/tasks', { title: '提交拜访报告', dueAt: inHours(24), recordType: 'visit', recordId: 'V-1' });
    expect(created.statusCode).toBe(201);
    const task = created.json();
    expect(task).toMatchObject({ status: 'open', overdue: false, assigneeId: specialist.id, escalatedAt: null });

    // A day and a half later (a quarter-hour tick of the escalation job) the task is overdue.
    t.clock.set('2026-03-03T14:00:00Z');
    me = await t.login(specialist); // the earlier session timed out meanwhile
    const listed = (await me.get('/api/v1/tasks?overdue=true')).json();
    expect(listed.items.map((i: { id: number }) => i.id)).toContain(task.id);
    expect(listed.items.find((i: { id: number }) => i.id === task.id).overdue).toBe(true);

    const [run] = await runDueJobs(t.app.deps, t.clock.now(), { only: ['task_escalation'] });
    expect(run?.jobKey).toBe('task_escalation');
    const [row] = await t.database.db.select().from(tasks).where(eq(tasks.id, task.id));
    expect(row!.escalatedToId).toBe(manager.id);
    expect(row!.escalatedAt?.toISOString()).toBe('2026-03-03T14:00:00.000Z');

    const toManager = (await notificationsOf(manager.id)).filter((n) => n.kind === 'task_escalated');
    expect(toManager).toHaveLength(1);
    expect(toManager[0]).toMatchObject({ title: '待办逾期：提交拜访报告', link: `/tasks?id=${task.id}` });
    const toAssignee = (await notificationsOf(specialist.id)).filter((n) => n.kind === 'task_escalated');
    expect(toAssignee).toHaveLength(1);
    expect((await notificationsOf(branchHead.id)).filter((n) => n.kind === 'task_escalated')).toHaveLength(0);

    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'task'), eq(auditEvents.entityId, String(task.id)), eq(auditEvents.action, 'escalate')));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.changes).toMatchObject({ escalatedToId: { before: null, after: manager.id } });

    // The manager now sees it (升级给我) and it is flagged.
    const managerAgent = await t.login(manager);
    const escalated = (await managerAgent.get('/api/v1/tasks?relation=escalated')).json();
    expect(escalated.items).toEqual([expect.objectContaining({ id: task.id, overdue: true, escalatedToName: expect.any(String) })]);
    expect((await managerAgent.get('/api/v1/tasks/summary')).json()).toMatchObject({ escalatedToMe: 1 });

    // The next tick does not escalate twice.
    t.clock.advance(15 * 60_000);
    await runDueJobs(t.app.deps, t.clock.now(), { only: ['task_escalation'] });
    expect((await notificationsOf(manager.id)).filter((n) => n.kind === 'task_escalated')).toHaveLength(1);
    const again = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'task'), eq(auditEvents.entityId, String(task.id)), eq(auditEvents.action, 'escalate')));
    expect(again).toHaveLength(1);

    // Completing it clears the overdue flag.
    const done = await me.post(`/api/v1/tasks/${task.id}/complete`);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', overdue: false });
    expect((await me.post(`/api/v1/tasks/${task.id}/complete`)).statusCode).toBe(409);
    t.clock.set('2026-03-02T02:00:00Z');
  });

  it('R-PLT-30 a manager\'s own overdue task escalates to the unit above', async () => {
    const { manager, branchHead } = await team();
    const task = await t.database.db.transaction((tx) =>
      createTask(tx, t.app.deps, { title: '季度合同台账', assigneeId: manager.id, dueAt: new Date('2026-03-02T03:00:00Z'), ruleKey: 'quarterly_ledger' }),
    );
    t.clock.set('2026-03-02T04:00:00Z');
    await runDueJobs(t.app.deps, t.clock.now(), { only: ['task_escalation'] });
    const [row] = await t.database.db.select().from(tasks).where(eq(tasks.id, task.task.id));
    expect(row!.escalatedToId).toBe(branchHead.id);
    t.clock.set('2026-03-02T02:00:00Z');
  });

  it('R-PLT-30 rule-driven creation with a dedupe key is idempotent', async () => {
    const { specialist } = await team();
    const input = {
      title: '合同送财务',
      assigneeId: specialist.id,
      dueAt: new Date('2026-03-05T10:00:00Z'),
      recordType: 'contract',
      recordId: 'HT-2026-001',
      ruleKey: 'contract_to_finance',
      dedupeKey: `contract_to_finance:HT-2026-001:${specialist.id}`,
    };
    const first = await t.database.db.transaction((tx) => createTask(tx, t.app.deps, input));
    const second = await t.database.db.transaction((tx) => createTask(tx, t.app.deps, { ...input, title: '重复' }));
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.task.id).toBe(first.task.id);
    expect(second.task.title).toBe('合同送财务');
    const rows = await t.database.db.select().from(tasks).where(eq(tasks.dedupeKey, input.dedupeKey));
    expect(rows).toHaveLength(1);
    // One notification for the assignee, not two.
    expect((await notificationsOf(specialist.id)).filter((n) => n.kind === 'task_assigned')).toHaveLength(1);
    // The assignee cannot cancel a rule-driven task.
    const me = await t.login(specialist);
    expect((await me.post(`/api/v1/tasks/${first.task.id}/cancel`)).statusCode).toBe(403);
  });

  it('R-PLT-30 another user cannot read or complete my task by id', async () => {
    const { specialist, dept } = await team();
    const colleague = await t.createUser({ unitId: dept.id, role: 'specialist' });
    const me = await t.login(specialist);
    const other = await t.login(colleague);
    const task = (await me.post('/api/v1/tasks', { title: '回访客户', dueAt: inHours(48) })).json();
    for (const response of [
      await other.get(`/api/v1/tasks/${task.id}`),
      await other.post(`/api/v1/tasks/${task.id}/complete`),
      await other.post(`/api/v1/tasks/${task.id}/cancel`),
      await other.post(`/api/v1/tasks/${task.id}/reassign`, { assigneeId: colleague.id }),
    ]) {
      expect(response.statusCode).toBe(404);
    }
    expect((await other.get('/api/v1/tasks?status=all')).json().items.map((i: { id: number }) => i.id)).not.toContain(task.id);
    // A specialist cannot create a task for a colleague …
    const forColleague = await me.post('/api/v1/tasks', { title: '替我回访', dueAt: inHours(5), assigneeId: colleague.id });
    expect(forColleague.statusCode).toBe(400);
    expect(forColleague.json().errors[0].field).toBe('assigneeId');
    expect((await me.get(`/api/v1/tasks/${task.id}`)).json()).toMatchObject({ id: task.id, title: '回访客户' });
    expect((await me.post(`/api/v1/tasks/${task.id}/cancel`)).json().status).toBe('cancelled');
  });

  it('R-PLT-30 a unit manager assigns a task to a member, who is notified; lists filter and sort by due date', async () => {
    const { manager, specialist, dept } = await team();
    const boss = await t.login(manager);
    const assignable = (await boss.get('/api/v1/tasks/assignable-users')).json().items.map((u: { id: number }) => u.id);
    expect(assignable).toEqual(expect.arrayContaining([manager.id, specialist.id]));
    const later = await boss.post('/api/v1/tasks', { title: '续约决策', dueAt: inHours(72), assigneeId: specialist.id, recordType: 'contract' });
    expect(later.statusCode).toBe(201);
    const sooner = await boss.post('/api/v1/tasks', { title: '信用复核', dueAt: inHours(10), assigneeId: specialist.id, recordType: 'credit' });
    expect(sooner.statusCode).toBe(201);
    const past = await boss.post('/api/v1/tasks', { title: '过去', dueAt: inHours(-1) });
    expect(past.statusCode).toBe(400);
    expect(past.json().errors[0].field).toBe('dueAt');

    const assignedNotes = (await notificationsOf(specialist.id)).filter((n) => n.kind === 'task_assigned');
    expect(assignedNotes.map((n) => n.title)).toEqual(['新待办：续约决策', '新待办：信用复核']);

    const me = await t.login(specialist);
    const mine = (await me.get('/api/v1/tasks?relation=assigned')).json();
    expect(mine.items.map((i: { title: string }) => i.title)).toEqual(['信用复核', '续约决策']);
    const contracts = (await me.get('/api/v1/tasks?recordType=contract')).json();
    expect(contracts.items.map((i: { title: string }) => i.title)).toEqual(['续约决策']);
    const day = new Date(new Date(inHours(72)).getTime() + 8 * HOUR).toISOString().slice(0, 10);
    const byDay = (await me.get(`/api/v1/tasks?dueFrom=${day}&dueTo=${day}`)).json();
    expect(byDay.items.map((i: { title: string }) => i.title)).toEqual(['续约决策']);
    expect((await me.get('/api/v1/tasks/summary')).json()).toMatchObject({ open: 2, overdue: 0 });
    // Pages and their total through the prepared query; sorted the other way; the same shape
    // asked by the manager gives the manager's tasks (the values are not part of the prepared query).
    const second = (await me.get('/api/v1/tasks?relation=assigned&pageSize=1&page=2')).json();
    expect(second).toMatchObject({ total: 2, totalCapped: false, page: 2 });
    expect(second.items.map((i: { title: string }) => i.title)).toEqual(['续约决策']);
    const reversed = (await me.get('/api/v1/tasks?relation=assigned&sort=dueAt:desc')).json();
    expect(reversed.items.map((i: { title: string }) => i.title)).toEqual(['续约决策', '信用复核']);
    expect((await boss.get('/api/v1/tasks?relation=assigned')).json().items).toEqual([]);
    expect((await boss.get('/api/v1/tasks?relation=created&pageSize=1&page=2')).json()).toMatchObject({ total: 2 });

    // The creator sees them too, and may reassign within their unit.
    const colleague = await t.createUser({ unitId: dept.id, role: 'specialist' });
    const moved = await boss.post(`/api/v1/tasks/${later.json().id}/reassign`, { assigneeId: colleague.id });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ assigneeId: colleague.id });
    expect((await me.get(`/api/v1/tasks/${later.json().id}`)).statusCode).toBe(404);
  });
});
