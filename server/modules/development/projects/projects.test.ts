import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handOverSteps } from '../../../platform/org/hand-over';
import { createCustomer, timelineTypes } from '../../../test/customers';
import { createTestApp, type TestApp } from '../../../test/harness';
import { approve, auditOf, createWorld, reject, type World } from '../../../test/world';
import { developmentRegistrations } from '../registrations/registrations.table';
import { activeProject, applyForProject, projectBody, submit } from './projects.fixtures';
import { developmentProjectExpenses, developmentProjects } from './projects.table';

let t: TestApp;
let w: World;
const base = '/api/v1/development/projects';

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
});
afterAll(async () => t?.close());

const projectRow = async (id: number) => (await t.database.db.select().from(developmentProjects).where(eq(developmentProjects.id, id)))[0]!;

describe('development projects', () => {
  it('R-DEV-50 application → unit manager → 评审小组 (GM) activates the project', async () => {
    const { customer, project } = await applyForProject(t, w.specialistA);
    expect(project).toMatchObject({
      status: 'draft',
      number: expect.stringMatching(/^LX-2026-\d{4}$/),
      budgetTotal: '30000.00',
      spentTotal: '0.00',
      preBreakthroughCap: '30000.00',
      expectedAnnualVolume: '3600000.00',
      can: { edit: true, submit: true, record: false },
    });
    const patched = await w.specialistA.agent.patch(`${base}/${project.id}`, { budgetItems: [{ category: '差旅', amount: 12000 }], name: '华东园区开发（修订）' });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ name: '华东园区开发（修订）', budgetTotal: '12000.00', budgetItems: [{ category: '差旅', amount: '12000.00', limit: '12600.00' }] });

    const submitted = await submit(w.specialistA.agent, project.id);
    expect(submitted.status).toBe('pending');
    expect(submitted.can.edit).toBe(false);
    const approvalId = submitted.approvals[0].id;
    const approval = (await w.specialistA.agent.get(`/api/v1/approvals/${approvalId}`)).json();
    expect(approval.steps.map((s: { name: string }) => s.name)).toEqual(['部门负责人初审', '评审小组审批']);
    expect(approval.data).toMatchObject({ amount: 12000, customerId: customer.id });
    expect((await w.specialistA.agent.patch(`${base}/${project.id}`, { name: '审批中修改' })).statusCode).toBe(409);

    await approve(w.managerA.agent, approvalId);
    expect((await projectRow(project.id)).status).toBe('pending');
    t.clock.advance(60_000);
    await approve(w.gm.agent, approvalId);
    const row = await projectRow(project.id);
    expect(row).toMatchObject({ status: 'active', approvalId });
    expect(row.approvedAt).toEqual(t.clock.now());
    expect(row.lastProgressAt).toEqual(row.approvedAt);
    expect((await timelineTypes(t, customer.id)).filter((type) => type === 'development_project')).toHaveLength(1);
    expect((await auditOf(t, 'development_project', project.id)).map((a) => a.action)).toEqual(
      expect.arrayContaining(['create', 'update', 'submit', 'project_active']),
    );
    const detail = (await w.specialistA.agent.get(`${base}/${project.id}`)).json();
    expect(detail).toMatchObject({ status: 'active', nextProgressDue: '2026-04-01', can: { record: true, close: false } });
  });

  it('R-DEV-50 a returned application goes back to draft and is resubmitted; a rejected one ends', async () => {
    const { project } = await applyForProject(t, w.specialistA);
    const approvalId = (await submit(w.specialistA.agent, project.id)).approvals[0].id;
    const returned = await w.managerA.agent.post(`/api/v1/approvals/${approvalId}/return`, { comment: '预算过高', stepIndex: 0 });
    expect(returned.statusCode, returned.body).toBe(200);
    expect((await projectRow(project.id)).status).toBe('draft');
    expect((await w.specialistA.agent.patch(`${base}/${project.id}`, { budgetItems: [{ category: '差旅', amount: '8000' }] })).statusCode).toBe(200);
    const again = await submit(w.specialistA.agent, project.id);
    expect(again).toMatchObject({ status: 'pending', budgetTotal: '8000.00' });
    expect(again.approvals).toHaveLength(1); // the same instance, resubmitted
    const approval = (await w.managerA.agent.get(`/api/v1/approvals/${approvalId}`)).json();
    expect(approval).toMatchObject({ status: 'pending', data: expect.objectContaining({ amount: 8000 }) });
    await reject(w.managerA.agent, approvalId, '客户规模不足');
    expect((await projectRow(project.id)).status).toBe('rejected');
    expect((await w.specialistA.agent.post(`${base}/${project.id}/submit`)).statusCode).toBe(409);
  });

  it('R-DEV-50 refuses incomplete applications, out-of-scope customers and customers held by another exclusive right', async () => {
    const customer = await createCustomer(t, w.specialistA.user);
    const agent = w.specialistA.agent;
    const noItems = await agent.post(base, projectBody(customer.id, { budgetItems: [] }));
    expect(noItems.statusCode).toBe(400);
    expect(noItems.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'budgetItems', message: '至少填写一项预算' })]));
    const zero = await agent.post(base, projectBody(customer.id, { expectedAnnualVolume: '0', budgetItems: [{ category: '差旅', amount: '0' }] }));
    expect(zero.statusCode).toBe(400);
    expect(zero.json().errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['expectedAnnualVolume', 'budgetItems.0.amount']));

    const othersCustomer = await createCustomer(t, w.specialistB.user);
    const outOfScope = await agent.post(base, projectBody(othersCustomer.id));
    expect(outOfScope.statusCode).toBe(400);
    expect(outOfScope.json().errors[0]).toMatchObject({ field: 'customerId' });

    // Manager A sees the customer, but specialist A holds the exclusive right on it.
    await t.database.db.insert(developmentRegistrations).values({
      number: `BB-T-${customer.id}`,
      customerId: customer.id,
      ownerId: w.specialistA.user.id,
      unitId: w.unitA.id,
      intendedBusiness: '仓储',
      plan: '拜访',
      status: 'active',
      submittedAt: t.clock.now(),
      approvedAt: t.clock.now(),
      exclusiveUntil: new Date(t.clock.now().getTime() + 10 * 86_400_000),
    });
    const held = await w.managerA.agent.post(base, projectBody(customer.id));
    expect(held.statusCode).toBe(409);
    expect(held.json().detail).toContain('不能立项开发');
    const holder = await agent.post(base, projectBody(customer.id));
    expect(holder.statusCode, holder.body).toBe(201);
    const second = await agent.post(base, projectBody(customer.id));
    expect(second.statusCode).toBe(409);
    expect(second.json().detail).toContain(holder.json().number);
  });

  it('R-DEV-50 an item may exceed its budget by at most 5 % (budget 10,000 → 10,500), counted to the fen', async () => {
    const { project } = await activeProject(t, w);
    const travel = project.budgetItems.find((item: { category: string }) => item.category === '差旅');
    expect(travel).toMatchObject({ amount: '10000.00', limit: '10500.00' });
    const spend = (amount: string) => w.specialistA.agent.post(`${base}/${project.id}/expenses`, { budgetItemId: travel.id, amount, spentOn: '2026-03-02', note: '上海往返' });
    expect((await spend('10000')).statusCode).toBe(201);
    const atLimit = await spend('500.00');
    expect(atLimit.statusCode, atLimit.body).toBe(201);
    expect(atLimit.json().budgetItems.find((i: { id: number }) => i.id === travel.id)).toMatchObject({ spent: '10500.00', remaining: '0.00' });
    const over = await spend('0.01');
    expect(over.statusCode).toBe(409);
    const detail = over.json().detail as string;
    for (const part of ['预算 10,000.00 元', '已用 10,500.00 元', '本次 0.01 元', '上限 10,500.00 元']) expect(detail).toContain(part);
    const expenses = await t.database.db.select().from(developmentProjectExpenses).where(eq(developmentProjectExpenses.projectId, project.id));
    expect(expenses.map((e) => e.amount).sort()).toEqual(['10000.00', '500.00']);
    const other = await activeProject(t, w);
    const foreignItem = await w.specialistA.agent.post(`${base}/${other.project.id}/expenses`, { budgetItemId: travel.id, amount: '1', spentOn: '2026-03-02', note: 'x' });
    expect(foreignItem.statusCode).toBe(400);
    const tomorrow = await w.specialistA.agent.post(`${base}/${project.id}/expenses`, { budgetItemId: travel.id, amount: '1', spentOn: '2026-03-03', note: 'x' });
    expect(tomorrow.statusCode).toBe(400);
    expect(tomorrow.json().errors[0]).toMatchObject({ field: 'spentOn' });
  });

  it('R-DEV-50 spending before the breakthrough is capped at 30,000; the breakthrough lifts the cap', async () => {
    const { customer, project } = await activeProject(t, w, {
      budgetItems: [
        { category: '招待', amount: '20000' },
        { category: '宣传', amount: '40000' },
      ],
    });
    const [hosting, promotion] = project.budgetItems;
    const spend = (itemId: number, amount: string) =>
      w.specialistA.agent.post(`${base}/${project.id}/expenses`, { budgetItemId: itemId, amount, spentOn: '2026-03-01', note: '费用' });
    expect((await spend(hosting.id, '20000')).statusCode).toBe(201);
    expect((await spend(promotion.id, '10000')).statusCode).toBe(201);
    const capped = await spend(promotion.id, '0.01');
    expect(capped.statusCode).toBe(409);
    for (const part of ['上限 30,000.00 元', '已用 30,000.00 元', '本次 0.01 元']) expect(capped.json().detail).toContain(part);

    const progress = await w.specialistA.agent.post(`${base}/${project.id}/progress`, { reportedOn: '2026-03-02', content: '客户确认选址意向，进入商务谈判', breakthrough: true });
    expect(progress.statusCode, progress.body).toBe(201);
    expect(progress.json().breakthroughAt).toBe(t.clock.now().toISOString());
    const after = await spend(promotion.id, '15000');
    expect(after.statusCode, after.body).toBe(201);
    expect(after.json()).toMatchObject({ spentTotal: '45000.00', preBreakthroughSpent: '30000.00' });
    expect(after.json().expenses[0]).toMatchObject({ amount: '15000.00', preBreakthrough: false, category: '宣传' });
    const types = await timelineTypes(t, customer.id);
    expect(types.filter((type) => type === 'development_project')).toHaveLength(3); // approved, progress, breakthrough
  });

  it('R-DEV-50 closing as won or terminated ends the project; only managers close', async () => {
    const { customer, project } = await activeProject(t, w);
    const byOwner = await w.specialistA.agent.post(`${base}/${project.id}/close`, { result: 'won', reason: '已签约' });
    expect(byOwner.statusCode).toBe(403);
    const closed = await w.managerA.agent.post(`${base}/${project.id}/close`, { result: 'won', reason: '已签订三年租赁合同' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'won', closedAt: expect.any(String), closeReason: '已签订三年租赁合同', can: { record: false, close: false } });
    const item = project.budgetItems[0];
    const expense = await w.specialistA.agent.post(`${base}/${project.id}/expenses`, { budgetItemId: item.id, amount: '1', spentOn: '2026-03-02', note: 'x' });
    expect(expense.statusCode).toBe(409);
    expect(expense.json().detail).toContain('已赢单');
    expect((await w.specialistA.agent.post(`${base}/${project.id}/progress`, { reportedOn: '2026-03-02', content: 'x' })).statusCode).toBe(409);
    expect((await w.managerA.agent.post(`${base}/${project.id}/close`, { result: 'terminated', reason: 'x' })).statusCode).toBe(409);
    expect((await auditOf(t, 'development_project', project.id)).map((a) => a.action)).toContain('close_won');
    expect((await timelineTypes(t, customer.id)).filter((type) => type === 'development_project')).toHaveLength(2);

    const draft = (await applyForProject(t, w.specialistA)).project;
    const terminated = await w.managerA.agent.post(`${base}/${draft.id}/close`, { result: 'terminated', reason: '客户取消计划' });
    expect(terminated.json()).toMatchObject({ status: 'terminated' });
  });

  it('R-DEV-50 R-PLT-03 a specialist of unit B gets 404 for unit A projects and sees none in the list', async () => {
    const { project } = await activeProject(t, w);
    const b = w.specialistB.agent;
    expect((await b.get(`${base}/${project.id}`)).statusCode).toBe(404);
    expect((await b.post(`${base}/${project.id}/expenses`, { budgetItemId: project.budgetItems[0].id, amount: '1', spentOn: '2026-03-02', note: 'x' })).statusCode).toBe(404);
    expect((await b.post(`${base}/${project.id}/progress`, { reportedOn: '2026-03-02', content: 'x' })).statusCode).toBe(404);
    expect((await b.get(`${base}?pageSize=100`)).json()).toMatchObject({ items: [], total: 0 });
    const listA = (await w.specialistA.agent.get(`${base}?status=active&pageSize=100`)).json();
    expect(listA.items.map((p: { id: number }) => p.id)).toContain(project.id);
    expect(listA.items.every((p: { ownerId: number; status: string }) => p.ownerId === w.specialistA.user.id && p.status === 'active')).toBe(true);
    const byKeyword = (await w.managerA.agent.get(`${base}?q=${encodeURIComponent(project.number)}`)).json();
    expect(byKeyword.items).toEqual([expect.objectContaining({ id: project.id, budgetTotal: '30000.00', spentTotal: '0.00', customerName: project.customerName })]);
    expect((await b.get(`/api/v1/approvals/${project.approvals[0].id}`)).statusCode).toBe(404);
    const byUnit = (await w.managerA.agent.get(`${base}?unitId=${t.rootUnitId}&status=active&pageSize=100`)).json();
    expect(byUnit.items.map((p: { id: number }) => p.id)).toContain(project.id); // the unit filter includes sub-units
    const doc = await w.admin.get('/api/openapi.json');
    expect(doc.statusCode).toBe(200);
    expect(doc.json().paths).toHaveProperty(['/api/v1/development/projects/{id}/expenses']);
  });

  it('R-DEV-50 R-PLT-05 the departure hand-over moves open projects to the successor', async () => {
    const { project } = await activeProject(t, w);
    const successor = await t.createUser({ unitId: w.unitA.id, role: 'specialist' });
    const step = handOverSteps().find((s) => s.key === 'development_projects')!;
    expect(step.order).toBe(60);
    const moved = await t.database.db.transaction((tx) => step.run(tx, t.clock, { actor: undefined }, w.specialistA.user.id, successor.id));
    expect(moved).toBeGreaterThanOrEqual(1);
    expect((await projectRow(project.id)).ownerId).toBe(successor.id);
    expect((await w.specialistA.agent.get(`${base}/${project.id}`)).statusCode).toBe(404);
    expect((await auditOf(t, 'development_project', project.id)).map((a) => a.action)).toContain('hand_over');
  });
});
