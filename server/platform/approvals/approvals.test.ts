import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApprovalModule } from '../../test/demo-approval.module';
import { createTestApp, unique, type Agent, type TestApp, type TestUser } from '../../test/harness';
import { auditEvents } from '../audit/audit.table';
import { loadActor } from '../auth/auth.service';
import { queryRows } from '../db/client';
import { AppError } from '../errors';
import { notifications } from '../notifications/notifications.table';
import { orgUnits, users } from '../org/org.table';
import { handOverApprovals } from './approval-decisions';
import { submitApproval } from './approval-submit';
import { ensureDefaultFlows, registerApprovalType } from './approval-types';
import { awaitingUser, type ApprovalInstanceRow } from './approvals.queries';
import { approvalActions, approvalInstances } from './approvals.table';

let t: TestApp;
let admin: Agent;

/** A business table of our own, standing in for a module's records (e.g. contracts). */
const RECORDS = 'approval_test_records';

async function recordStatus(id: string): Promise<string | undefined> {
  const rows = await queryRows<{ status: string }>(t.database.db, sql`SELECT status FROM approval_test_records WHERE id = ${id}`);
  return rows[0]?.status;
}

async function newRecord(): Promise<string> {
  const id = unique('rec');
  await t.database.db.execute(sql`INSERT INTO approval_test_records (id, status) VALUES (${id}, 'draft')`);
  return id;
}

async function writesFor(id: string): Promise<number> {
  const rows = await queryRows<{ n: number }>(t.database.db, sql`SELECT count(*)::int AS n FROM approval_test_writes WHERE record_id = ${id}`);
  return Number(rows[0]?.n ?? 0);
}

const setRecordStatus = (status: string) => async (tx: Parameters<Parameters<typeof t.database.db.transaction>[0]>[0], instance: ApprovalInstanceRow) => {
  await tx.execute(sql`UPDATE approval_test_records SET status = ${status} WHERE id = ${instance.businessId}`);
};

/** What a business module does: change its record and submit, in one transaction. */
async function submitRecord(user: TestUser, type: string, recordId: string, data: Record<string, unknown> = {}) {
  const actor = await loadActor({ db: t.database.db }, user.id);
  return t.database.db.transaction(async (tx) => {
    await tx.execute(sql`UPDATE approval_test_records SET status = 'in_review' WHERE id = ${recordId}`);
    return submitApproval(tx, t.app.deps, { actor }, { type, businessId: recordId, title: `记录 ${recordId} 审批`, data });
  });
}

async function instanceRow(id: number) {
  const [row] = await t.database.db.select().from(approvalInstances).where(eq(approvalInstances.id, id));
  return row!;
}

async function actionCount(id: number) {
  const [row] = await t.database.db.select({ n: count() }).from(approvalActions).where(eq(approvalActions.instanceId, id));
  return Number(row?.n ?? 0);
}

async function setManager(unitId: number, userId: number) {
  await t.database.db.update(orgUnits).set({ managerId: userId }).where(eq(orgUnits.id, unitId));
}

/** A department with its manager and an applicant (specialist) in it. */
async function team() {
  const unit = await t.createUnit();
  const manager = await t.createUser({ unitId: unit.id, role: 'manager' });
  await setManager(unit.id, manager.id);
  const applicant = await t.createUser({ unitId: unit.id, role: 'specialist' });
  return { unit, manager, applicant, managerAgent: await t.login(manager), applicantAgent: await t.login(applicant) };
}

async function createFlow(businessType: string, steps: unknown[]) {
  const response = await admin.post('/api/v1/approval-flows', { businessType, name: `${businessType} 流程`, steps });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

let gm: TestUser;
let gmAgent: Agent;

beforeAll(async () => {
  t = await createTestApp({ extraModules: [demoApprovalModule] });
  admin = await t.admin();
  await ensureDefaultFlows(t.database.db, t.clock);
  await ensureDefaultFlows(t.database.db, t.clock); // idempotent
  await t.database.db.execute(sql.raw(`CREATE TABLE ${RECORDS} (id text PRIMARY KEY, status text NOT NULL)`));
  await t.database.db.execute(sql.raw('CREATE TABLE approval_test_writes (record_id text NOT NULL)'));
  gm = await t.createUser({ role: 'executive' });
  gmAgent = await t.login(gm);

  registerApprovalType({
    type: 'test_record',
    name: '测试业务记录',
    onApproved: setRecordStatus('approved'),
    onRejected: setRecordStatus('draft'),
    onReturned: setRecordStatus('draft'),
    onResubmitted: setRecordStatus('in_review'),
  });
  registerApprovalType({
    type: 'test_failing',
    name: '完成回调失败的业务',
    onApproved: async (tx, instance) => {
      await tx.execute(sql`INSERT INTO approval_test_writes (record_id) VALUES (${instance.businessId})`);
      await tx.execute(sql`UPDATE approval_test_records SET status = 'approved' WHERE id = ${instance.businessId}`);
      throw new AppError('CONFLICT', '房源已被其他合同占用，不能完成审批');
    },
    onRejected: setRecordStatus('draft'),
  });
});
afterAll(async () => t?.close());

describe('flow definitions', () => {
  it('R-PLT-20 every installed business type has its default flow, seeded once; the engine holds no other types', async () => {
    const list = (await admin.get('/api/v1/approval-flows')).json();
    const types = list.items.map((f: { businessType: string }) => f.businessType);
    const installed = list.businessTypes.map((b: { type: string }) => b.type);
    for (const type of [
      'customer_admission',
      'blacklist',
      'blacklist_removal',
      'development_registration',
      'customer_transfer',
      'visit_plan',
      'development_project',
      'contract_review',
      'demo',
    ]) {
      expect(installed).toContain(type);
      expect(types.filter((x: string) => x === type)).toHaveLength(1);
    }
    // Billing brings its own types when it exists; none is known before.
    expect(installed).not.toContain('refund');
    const demo = list.items.find((f: { businessType: string }) => f.businessType === 'demo');
    expect(demo.steps).toEqual([
      { name: '部门负责人审批', approverType: 'unit_manager' },
      { name: '总经理审批', approverType: 'gm', condition: 'amount > 500000', conditionText: 'amount > 500,000' },
    ]);
    const transfer = list.items.find((f: { businessType: string }) => f.businessType === 'customer_transfer');
    expect(transfer.steps.map((s: { approverType: string }) => s.approverType)).toEqual(['unit_manager', 'parent_unit_manager']);
  });

  it('R-PLT-21 an invalid condition, a missing role and a non-admin are refused when saving', async () => {
    const demo = (await admin.get('/api/v1/approval-flows')).json().items.find((f: { businessType: string }) => f.businessType === 'demo');
    const bad = await admin.patch(`/api/v1/approval-flows/${demo.id}`, {
      steps: [{ name: '部门负责人审批', approverType: 'unit_manager', condition: 'amount >> 5' }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('steps.0.condition');
    expect(bad.json().errors[0].message).toMatch(/条件无效/);
    const missingRole = await admin.patch(`/api/v1/approval-flows/${demo.id}`, {
      steps: [{ name: '某角色审批', approverType: 'role', roleCode: 'no_such_role' }],
    });
    expect(missingRole.statusCode).toBe(400);
    expect(missingRole.json().errors[0]).toMatchObject({ field: 'steps.0.roleCode' });
    const noRole = await admin.patch(`/api/v1/approval-flows/${demo.id}`, { steps: [{ name: '某角色审批', approverType: 'role' }] });
    expect(noRole.statusCode).toBe(400);
    expect(noRole.json().errors[0]).toMatchObject({ field: 'steps.0.roleCode' });
    const duplicate = await admin.post('/api/v1/approval-flows', { businessType: 'demo', name: '重复', steps: [{ name: 'x', approverType: 'gm' }] });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().errors[0].field).toBe('businessType');
    const unknownType = await admin.post('/api/v1/approval-flows', { businessType: 'no_such_type', name: '未知', steps: [{ name: 'x', approverType: 'gm' }] });
    expect(unknownType.statusCode).toBe(400);

    const { managerAgent } = await team();
    expect((await managerAgent.get('/api/v1/approval-flows')).statusCode).toBe(403);
    expect((await managerAgent.patch(`/api/v1/approval-flows/${demo.id}`, { name: '改名' })).statusCode).toBe(403);
    const after = (await admin.get(`/api/v1/approval-flows/${demo.id}`)).json();
    expect(after).toMatchObject({ name: demo.name, steps: demo.steps });
  });

  it('R-PLT-21 conditions read as words in the request language; a field the business type does not offer is refused naming those it does', async () => {
    const list = (await admin.get('/api/v1/approval-flows')).json();
    const transfer = list.items.find((f: { businessType: string }) => f.businessType === 'customer_transfer');
    expect(transfer.steps[1]).toMatchObject({ condition: 'crossUnit == true', conditionText: '跨部门转移' });
    const project = list.items.find((f: { businessType: string }) => f.businessType === 'development_project');
    const projectType = list.businessTypes.find((b: { type: string }) => b.type === 'development_project');
    expect(projectType.conditionFields).toEqual([{ key: 'amount', label: '预算合计', format: 'yuan' }]);

    const unknownField = await admin.patch(`/api/v1/approval-flows/${project.id}`, {
      steps: [{ name: '评审小组审批', approverType: 'gm', condition: 'discountRate > 10%' }],
    });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json().errors[0].field).toBe('steps.0.condition');
    expect(unknownField.json().errors[0].message).toMatch(/discountRate 不可用.*amount（预算合计）/);
    expect((await admin.get(`/api/v1/approval-flows/${project.id}`)).json().steps).toEqual(project.steps);

    const saved = await admin.patch(`/api/v1/approval-flows/${project.id}`, {
      steps: [
        { name: '部门负责人初审', approverType: 'unit_manager' },
        { name: '评审小组审批', approverType: 'gm', condition: 'amount > 100000 or amount < 0' },
      ],
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().steps[1].conditionText).toBe('预算合计 > 100,000 元 或 预算合计 < 0 元');
    const english = await t.app.inject({
      method: 'GET',
      url: `/api/v1/approval-flows/${project.id}`,
      headers: { cookie: `zs_session=${admin.cookies.zs_session}`, 'accept-language': 'en' },
    });
    expect(english.json().steps[1].conditionText).toBe('Total budget > CNY 100,000 or Total budget < CNY 0');
    // Put the seeded flow back for the other tests.
    await admin.patch(`/api/v1/approval-flows/${project.id}`, { steps: project.steps.map(({ conditionText: _text, ...step }: { conditionText?: string }) => step) });
  });

  it('R-PLT-21 admins edit a flow; edits are audited and apply to later requests only', async () => {
    const { applicant, applicantAgent } = await team();
    registerApprovalType({ type: 'test_editable', name: '可编辑流程', onApproved: async () => {}, onRejected: async () => {} });
    const flow = await createFlow('test_editable', [{ name: '部门负责人', approverType: 'unit_manager' }]);
    const recordId = await newRecord();
    const first = await submitRecord(applicant, 'test_editable', recordId);
    const updated = await admin.patch(`/api/v1/approval-flows/${flow.id}`, {
      steps: [
        { name: '部门负责人', approverType: 'unit_manager' },
        { name: '指定总经理', approverType: 'user', userId: gm.id, condition: 'amount >= 10 and kind == "shop"' },
      ],
    });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json().steps[1]).toEqual({ name: '指定总经理', approverType: 'user', userId: gm.id, condition: 'amount >= 10 and kind == "shop"', conditionText: 'amount ≥ 10 且 kind = 「shop」' });
    expect((await applicantAgent.get(`/api/v1/approvals/${first.id}`)).json().stepCount).toBe(1);
    const second = await submitRecord(applicant, 'test_editable', await newRecord(), { amount: 10, kind: 'shop' });
    expect(second.steps.map((s) => s.approverIds)).toEqual([expect.any(Array), [gm.id]]);
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'approval_flow'), eq(auditEvents.entityId, String(flow.id)), eq(auditEvents.action, 'update')));
    expect(audit?.changes).toHaveProperty('steps');
    // A flow already used cannot be deleted; disabling it stops new requests.
    expect((await admin.delete(`/api/v1/approval-flows/${flow.id}`)).statusCode).toBe(409);
    expect((await admin.patch(`/api/v1/approval-flows/${flow.id}`, { enabled: false })).json().enabled).toBe(false);
    await expect(submitRecord(applicant, 'test_editable', await newRecord())).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('submitting', () => {
  it('R-PLT-21 a conditional step appears only when its condition holds (amount 100 → 1 step, 600000 → 2 steps)', async () => {
    const { manager, applicantAgent } = await team();
    const small = await applicantAgent.post('/api/v1/approvals/demo', { title: '小额演示', amount: 100 });
    expect(small.statusCode, small.body).toBe(201);
    expect(small.json()).toMatchObject({ status: 'pending', stepCount: 1, currentStep: 0, businessType: 'demo', businessTypeName: '演示审批' });
    expect(small.json().businessId).toBe(String(small.json().id));
    expect(small.json().currentApprovers).toEqual([{ id: manager.id, name: expect.any(String) }]);

    const large = await applicantAgent.post('/api/v1/approvals/demo', { title: '大额演示', amount: 600000 });
    expect(large.statusCode).toBe(201);
    const steps = large.json().steps;
    expect(steps.map((s: { name: string }) => s.name)).toEqual(['部门负责人审批', '总经理审批']);
    expect(steps[1].conditionText).toBe('amount > 500,000');
    expect(steps[0].approvers.map((p: { id: number }) => p.id)).toEqual([manager.id]);
    expect(steps[1].approvers.map((p: { id: number }) => p.id)).toContain(gm.id);
    expect(steps[1].condition).toBe('amount > 500000');
    expect(steps.map((s: { state: string }) => s.state)).toEqual(['current', 'waiting']);
  });

  it('R-PLT-21 unit_manager walks up when the applicant leads the unit; no approver at all is a clear error', async () => {
    const parent = await t.createUnit('上级部门');
    const child = await t.createUnit('下级部门', parent.id);
    const parentManager = await t.createUser({ unitId: parent.id, role: 'manager' });
    await setManager(parent.id, parentManager.id);
    const childManager = await t.createUser({ unitId: child.id, role: 'manager' });
    await setManager(child.id, childManager.id);
    const childManagerAgent = await t.login(childManager);
    const own = await childManagerAgent.post('/api/v1/approvals/demo', { title: '负责人自己申请', amount: 1 });
    expect(own.statusCode).toBe(201);
    expect(own.json().currentApprovers.map((p: { id: number }) => p.id)).toEqual([parentManager.id]);

    // The root unit has no manager: nobody can approve what its members submit.
    const lonely = await t.login(await t.createUser({ role: 'specialist' }));
    const [{ n: before }] = (await t.database.db.select({ n: count() }).from(approvalInstances)) as [{ n: number }];
    const refused = await lonely.post('/api/v1/approvals/demo', { title: '无人审批', amount: 1 });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toMatch(/^未找到审批人：第 1 步「部门负责人审批」/);
    const [{ n: after }] = (await t.database.db.select({ n: count() }).from(approvalInstances)) as [{ n: number }];
    expect(after).toBe(before);

    const invalid = await lonely.post('/api/v1/approvals/demo', { title: '', amount: -1 });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['amount', 'title']);
  });
});

describe('deciding', () => {
  it('R-PLT-22 the business record changes state only when the whole flow completes; each decision is timestamped with its comment', async () => {
    const { manager, applicant, managerAgent, applicantAgent } = await team();
    await createFlow('test_record', [
      { name: '部门负责人审核', approverType: 'unit_manager' },
      { name: '总经理审批', approverType: 'user', userId: gm.id },
    ]);
    const recordId = await newRecord();
    const submittedAt = t.clock.now().toISOString();
    const instance = await submitRecord(applicant, 'test_record', recordId);
    expect(await recordStatus(recordId)).toBe('in_review');

    t.clock.advance(5 * 60_000);
    const firstAt = t.clock.now().toISOString();
    const first = await managerAgent.post(`/api/v1/approvals/${instance.id}/approve`, { comment: '同意，请总经理审批', stepIndex: 0 });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ status: 'pending', currentStep: 1 });
    expect(await recordStatus(recordId)).toBe('in_review');

    t.clock.advance(7 * 60_000 + 1234);
    const secondAt = t.clock.now().toISOString();
    const second = await gmAgent.post(`/api/v1/approvals/${instance.id}/approve`, { comment: '准予', stepIndex: 1 });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ status: 'approved', completedAt: secondAt });
    expect(await recordStatus(recordId)).toBe('approved');

    const detail = (await applicantAgent.get(`/api/v1/approvals/${instance.id}`)).json();
    expect(detail.actions.map((a: { action: string; actor: { id: number }; comment: string; at: string; stepIndex: number }) => [a.action, a.actor.id, a.comment, a.at, a.stepIndex])).toEqual([
      ['submit', applicant.id, '', submittedAt, 0],
      ['approve', manager.id, '同意，请总经理审批', firstAt, 0],
      ['approve', gm.id, '准予', secondAt, 1],
    ]);
    expect(detail.steps.map((s: { state: string }) => s.state)).toEqual(['approved', 'approved']);
    const audited = await t.database.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'approval'), eq(auditEvents.entityId, String(instance.id))));
    expect(audited.map((a) => a.action)).toEqual(['approval_submit', 'approval_approve', 'approval_approve']);
    // The applicant is told, with a link to the request.
    const told = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, applicant.id), eq(notifications.kind, 'approval_decided')));
    expect(told.map((n) => n.link)).toContain(`/approvals/mine?id=${instance.id}`);
    // A finished approval cannot be decided again.
    expect((await gmAgent.post(`/api/v1/approvals/${instance.id}/reject`, { comment: '反悔', stepIndex: 1 })).statusCode).toBe(409);
    // History of the business record.
    const history = await applicantAgent.get(`/api/v1/approvals?businessType=test_record&businessId=${recordId}`);
    expect(history.json().items.map((i: { id: number }) => i.id)).toEqual([instance.id]);
  });

  it('R-PLT-22 reject needs a reason, returns the business record to its previous state and records the reason', async () => {
    const { applicant, managerAgent, applicantAgent } = await team();
    const recordId = await newRecord();
    const instance = await submitRecord(applicant, 'test_record', recordId);
    const noReason = await managerAgent.post(`/api/v1/approvals/${instance.id}/reject`, { comment: '  ', stepIndex: 0 });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0]).toMatchObject({ field: 'comment', message: '请填写驳回理由' });
    expect(await recordStatus(recordId)).toBe('in_review');

    const rejected = await managerAgent.post(`/api/v1/approvals/${instance.id}/reject`, { comment: '租金低于底价', stepIndex: 0 });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json().status).toBe('rejected');
    expect(rejected.json().steps[0].state).toBe('rejected');
    expect(await recordStatus(recordId)).toBe('draft');
    const detail = (await applicantAgent.get(`/api/v1/approvals/${instance.id}`)).json();
    expect(detail.actions.at(-1)).toMatchObject({ action: 'reject', comment: '租金低于底价' });
    const told = await t.database.db.select().from(notifications).where(eq(notifications.userId, applicant.id));
    expect(told.some((n) => n.kind === 'approval_decided' && n.body.includes('租金低于底价'))).toBe(true);
    // The record may be submitted again afterwards.
    expect((await submitRecord(applicant, 'test_record', recordId)).status).toBe('pending');
  });

  it('R-PLT-22 return for revision needs a comment; the applicant resubmits with changed data and the steps are re-resolved', async () => {
    const { manager, managerAgent, applicantAgent } = await team();
    const created = (await applicantAgent.post('/api/v1/approvals/demo', { title: '待修改', amount: 100 })).json();
    expect((await managerAgent.post(`/api/v1/approvals/${created.id}/return`, { stepIndex: 0 })).statusCode).toBe(400);
    const returned = await managerAgent.post(`/api/v1/approvals/${created.id}/return`, { comment: '请补充金额依据', stepIndex: 0 });
    expect(returned.json()).toMatchObject({ status: 'returned', can: { decide: false, resubmit: false } });
    // Nothing to decide while it is with the applicant.
    expect((await managerAgent.post(`/api/v1/approvals/${created.id}/approve`, { stepIndex: 0 })).statusCode).toBe(409);
    expect((await managerAgent.get('/api/v1/approvals/inbox?pageSize=100')).json().items.map((i: { id: number }) => i.id)).not.toContain(created.id);
    // Only the applicant may resubmit.
    expect((await managerAgent.post(`/api/v1/approvals/${created.id}/resubmit`, {})).statusCode).toBe(403);
    const mine = (await applicantAgent.get(`/api/v1/approvals/${created.id}`)).json();
    expect(mine.can).toEqual({ decide: false, withdraw: true, resubmit: true });

    const badData = await applicantAgent.post(`/api/v1/approvals/${created.id}/resubmit`, { data: { amount: 'many' } });
    expect(badData.statusCode).toBe(400);
    expect(badData.json().errors[0].field).toBe('data.amount');

    const resubmitted = await applicantAgent.post(`/api/v1/approvals/${created.id}/resubmit`, {
      title: '已补充依据',
      data: { amount: 600000, reason: '含设备押金' },
      comment: '已补充',
    });
    expect(resubmitted.statusCode, resubmitted.body).toBe(200);
    expect(resubmitted.json()).toMatchObject({ status: 'pending', currentStep: 0, stepCount: 2, title: '已补充依据', data: { amount: 600000, reason: '含设备押金' } });
    expect(resubmitted.json().actions.map((a: { action: string }) => a.action)).toEqual(['submit', 'return', 'resubmit']);
    expect(resubmitted.json().actions[1].comment).toBe('请补充金额依据');
    expect((await managerAgent.get('/api/v1/approvals/inbox?pageSize=100')).json().items.map((i: { id: number }) => i.id)).toContain(created.id);
    expect((await managerAgent.post(`/api/v1/approvals/${created.id}/approve`, { stepIndex: 0 })).json().currentApprovers.map((p: { id: number }) => p.id)).toContain(gm.id);
    expect(manager.id).not.toBe(gm.id);
  });

  it('R-PLT-22 the applicant may withdraw only before the first decision', async () => {
    const { applicant, managerAgent, applicantAgent } = await team();
    const recordId = await newRecord();
    const early = await submitRecord(applicant, 'test_record', recordId);
    expect((await managerAgent.post(`/api/v1/approvals/${early.id}/withdraw`, {})).statusCode).toBe(403);
    const withdrawn = await applicantAgent.post(`/api/v1/approvals/${early.id}/withdraw`, { comment: '信息有误' });
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json()).toMatchObject({ status: 'withdrawn', can: { withdraw: false } });
    expect(await recordStatus(recordId)).toBe('draft');
    expect((await managerAgent.post(`/api/v1/approvals/${early.id}/approve`, { stepIndex: 0 })).statusCode).toBe(409);

    const later = await submitRecord(applicant, 'test_record', await newRecord());
    expect((await managerAgent.post(`/api/v1/approvals/${later.id}/approve`, { comment: '同意', stepIndex: 0 })).statusCode).toBe(200);
    const tooLate = await applicantAgent.post(`/api/v1/approvals/${later.id}/withdraw`, {});
    expect(tooLate.statusCode).toBe(409);
    expect(tooLate.json().reason).toBe('approval.already_decided');
    expect((await instanceRow(later.id)).status).toBe('pending');
  });
});

describe('who may decide', () => {
  it('R-PLT-23 an approver outside the current step is refused (403) naming whose turn it is, and nothing changes', async () => {
    const { manager, managerAgent, applicantAgent } = await team();
    const created = (await applicantAgent.post('/api/v1/approvals/demo', { title: '越级审批', amount: 700000 })).json();
    const actionsBefore = await actionCount(created.id);
    const before = await instanceRow(created.id);
    for (const [path, body] of [
      ['approve', { comment: '越级同意', stepIndex: 0 }],
      ['reject', { comment: '越级驳回', stepIndex: 0 }],
      ['return', { comment: '越级退回', stepIndex: 0 }],
    ] as const) {
      const refused = await gmAgent.post(`/api/v1/approvals/${created.id}/${path}`, body);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().detail).toContain('现在轮到第 1 步「部门负责人审批」');
      expect(refused.json().detail).toContain((await t.database.db.select().from(users).where(eq(users.id, manager.id)))[0]!.displayName);
    }
    // The applicant cannot approve their own request either.
    expect((await applicantAgent.post(`/api/v1/approvals/${created.id}/approve`, { stepIndex: 0 })).statusCode).toBe(403);
    // Someone with nothing to do with it cannot even see it.
    const stranger = await t.login(await t.createUser({ role: 'manager' }));
    expect((await stranger.post(`/api/v1/approvals/${created.id}/approve`, { stepIndex: 0 })).statusCode).toBe(404);
    expect((await stranger.get(`/api/v1/approvals/${created.id}`)).statusCode).toBe(404);
    expect(await actionCount(created.id)).toBe(actionsBefore);
    expect(await instanceRow(created.id)).toEqual(before);
    // … while an administrator may look.
    expect((await admin.get(`/api/v1/approvals/${created.id}`)).statusCode).toBe(200);
    expect((await managerAgent.get(`/api/v1/approvals/${created.id}`)).json().can.decide).toBe(true);
  });

  it('R-PLT-23 the inbox lists exactly the instances awaiting me', async () => {
    const { manager, managerAgent, applicantAgent } = await team();
    const freshGm = await t.createUser({ role: 'executive' });
    const freshGmAgent = await t.login(freshGm);
    const a = (await applicantAgent.post('/api/v1/approvals/demo', { title: '收件箱 A', amount: 10 })).json();
    const b = (await applicantAgent.post('/api/v1/approvals/demo', { title: '收件箱 B', amount: 900000 })).json();
    const c = (await applicantAgent.post('/api/v1/approvals/demo', { title: '收件箱 C', amount: 20 })).json();
    await applicantAgent.post(`/api/v1/approvals/${c.id}/withdraw`, {});
    const ids = async (agent: Agent) => {
      const page = (await agent.get('/api/v1/approvals/inbox?pageSize=100')).json();
      expect(page.total).toBe(page.items.length);
      return page.items.map((i: { id: number }) => i.id).sort();
    };
    expect(await ids(managerAgent)).toEqual([a.id, b.id].sort());
    expect(await ids(freshGmAgent)).toEqual([]);
    await managerAgent.post(`/api/v1/approvals/${b.id}/approve`, { stepIndex: 0 });
    expect(await ids(managerAgent)).toEqual([a.id]);
    expect(await ids(freshGmAgent)).toEqual([b.id]);
    const pending = await t.database.db.select().from(notifications).where(and(eq(notifications.userId, freshGm.id), eq(notifications.kind, 'approval_pending')));
    expect(pending.map((n) => n.link)).toEqual([`/approvals/inbox?id=${b.id}`]);
    // Pagination and my applications with a status filter.
    const paged = (await managerAgent.get('/api/v1/approvals/inbox?pageSize=1&page=1')).json();
    expect(paged).toMatchObject({ total: 1, page: 1, pageSize: 1 });
    const mine = (await applicantAgent.get('/api/v1/approvals/mine?status=withdrawn')).json();
    expect(mine.items.map((i: { id: number }) => i.id)).toEqual([c.id]);
    expect((await applicantAgent.get('/api/v1/approvals/mine?status=bogus')).statusCode).toBe(400);
    const unknownType = await managerAgent.get('/api/v1/approvals/inbox?businessType=no_such_type');
    expect(unknownType.statusCode).toBe(400);
    expect(unknownType.json().errors[0].field).toBe('businessType');
    expect((await managerAgent.get('/api/v1/approvals/inbox?businessType=demo')).json().total).toBe(1);
    expect(manager.id).toBeGreaterThan(0);
    // The inbox condition is one the partial index on the current step's approvers serves: on a
    // table this small the planner prefers the status index, so that one is set aside (and the
    // table scan switched off) in a transaction that is rolled back.
    let plan = '';
    await t.database.db
      .transaction(async (tx) => {
        await tx.execute(sql`SET LOCAL enable_seqscan = off`);
        await tx.execute(sql`DROP INDEX approval_instances_status_idx`);
        const rows = await queryRows<{ 'QUERY PLAN': string }>(
          tx,
          sql`EXPLAIN SELECT id FROM approval_instances WHERE ${and(eq(approvalInstances.status, 'pending'), awaitingUser(manager.id))}`,
        );
        plan = rows.map((row) => row['QUERY PLAN']).join('\n');
        throw new Error('roll back');
      })
      .catch((error: Error) => expect(error.message).toBe('roll back'));
    expect(plan).toContain('approval_instances_current_approvers_idx');
    expect((await managerAgent.get('/api/v1/approvals/inbox')).json().total).toBe(1);
  });
});

describe('atomicity and concurrency', () => {
  it('R-PLT-20 the completion callback and the business change commit together or not at all', async () => {
    const { applicant, managerAgent } = await team();
    await createFlow('test_failing', [{ name: '部门负责人审核', approverType: 'unit_manager' }]);
    const recordId = await newRecord();
    const instance = await submitRecord(applicant, 'test_failing', recordId);
    const actionsBefore = await actionCount(instance.id);
    const refused = await managerAgent.post(`/api/v1/approvals/${instance.id}/approve`, { comment: '同意', stepIndex: 0 });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toBe('房源已被其他合同占用，不能完成审批');
    expect(await instanceRow(instance.id)).toMatchObject({ status: 'pending', currentStep: 0, completedAt: null });
    expect(await actionCount(instance.id)).toBe(actionsBefore);
    expect(await writesFor(recordId)).toBe(0);
    expect(await recordStatus(recordId)).toBe('in_review');
    const audited = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, String(instance.id)), eq(auditEvents.action, 'approval_approve')));
    expect(audited).toHaveLength(0);
    // The approver can still reject it; the record goes back to draft.
    expect((await managerAgent.post(`/api/v1/approvals/${instance.id}/reject`, { comment: '房源冲突', stepIndex: 0 })).json().status).toBe('rejected');
    expect(await recordStatus(recordId)).toBe('draft');
  });

  it('R-PLT-22 two simultaneous approvals of one step: exactly one succeeds', async () => {
    const roleCode = unique('dual_').toLowerCase().replace(/[^a-z0-9_]/g, '').slice(0, 30);
    expect((await admin.post('/api/v1/roles', { code: roleCode, name: unique('双人审批'), permissions: ['approval:approve'], dataScopes: {} })).statusCode).toBe(201);
    registerApprovalType({ type: 'test_dual', name: '双人审批', onApproved: setRecordStatus('approved'), onRejected: setRecordStatus('draft') });
    await createFlow('test_dual', [
      { name: '任一审批人', approverType: 'role', roleCode },
      { name: '第二步', approverType: 'role', roleCode },
    ]);
    const first = await t.login(await t.createUser({ role: roleCode }));
    const second = await t.login(await t.createUser({ role: roleCode }));
    const applicant = await t.createUser({ role: 'specialist' });
    for (let round = 0; round < 3; round++) {
      const instance = await submitRecord(applicant, 'test_dual', await newRecord());
      const results = await Promise.all([
        first.post(`/api/v1/approvals/${instance.id}/approve`, { comment: '甲同意', stepIndex: 0 }),
        second.post(`/api/v1/approvals/${instance.id}/approve`, { comment: '乙同意', stepIndex: 0 }),
      ]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      const row = await instanceRow(instance.id);
      expect(row.currentStep).toBe(1);
      const approvals = await t.database.db
        .select()
        .from(approvalActions)
        .where(and(eq(approvalActions.instanceId, instance.id), eq(approvalActions.action, 'approve')));
      expect(approvals).toHaveLength(1);
    }
    // Without stepIndex the loser is still refused rather than deciding the next step for the winner.
    const instance = await submitRecord(applicant, 'test_dual', await newRecord());
    const results = await Promise.all([
      first.post(`/api/v1/approvals/${instance.id}/approve`, { stepIndex: 0 }),
      first.post(`/api/v1/approvals/${instance.id}/approve`, { stepIndex: 0 }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect((await instanceRow(instance.id)).currentStep).toBe(1);
  });
});

describe('hand-over', () => {
  it('R-PLT-05 pending steps of a departing approver pass to the successor', async () => {
    const { unit, manager, applicantAgent } = await team();
    const created = (await applicantAgent.post('/api/v1/approvals/demo', { title: '移交前', amount: 5 })).json();
    const successor = await t.createUser({ unitId: unit.id, role: 'manager' });
    const adminActor = await loadActor({ db: t.database.db }, admin.userId);
    const moved = await t.database.db.transaction((tx) => handOverApprovals(tx, t.clock, { actor: adminActor }, manager.id, successor.id));
    expect(moved).toBeGreaterThanOrEqual(1);
    const successorAgent = await t.login(successor);
    expect((await successorAgent.get('/api/v1/approvals/inbox?pageSize=100')).json().items.map((i: { id: number }) => i.id)).toContain(created.id);
    expect((await successorAgent.post(`/api/v1/approvals/${created.id}/approve`, { stepIndex: 0 })).json().status).toBe('approved');
  });
});
