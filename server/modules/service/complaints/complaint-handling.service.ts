import { and, eq, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { requirePermission, type Actor, type RequestContext } from '../../../platform/access/access';
import { queryRows, type DbOrTx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { notify } from '../../../platform/notifications/notifications.service';
import { completeRuleTasks } from '../../../platform/tasks/tasks.service';
import { assertAssignable, managesComplaint, visibleComplaint } from './complaints.access';
import { criteria, severityNames, validityNames, type accountabilityBody, type assignBody, type meetingBody } from './complaints.schema';
import { COMPLAINT_KIND, COMPLAINT_RULE, getComplaint, logStep } from './complaints.service';
import { serviceComplaintPauses, serviceComplaints } from './complaints.table';
import { planComplaintVisit } from '../visits/return-visits.service';

// The handling of a complaint (R-SVC-12, 13): the handler plans, investigates (or an
// investigator does), classifies on a stated criterion, replies after the decision — a serious
// case only after a meeting — and records the complainant's satisfaction; a dissatisfied
// complainant reopens it. Managers above the handler assign, hold meetings and hand over.

type Row = typeof serviceComplaints.$inferSelect;
const OPEN = ['handling', 'waiting'];

async function load(tx: DbOrTx, actor: Actor, id: number) {
  const c = await visibleComplaint(tx, actor, id, { forUpdate: true });
  if (c.kind !== 'complaint') throw new AppError('CONFLICT', '抱怨只作记录，不进入投诉处理', { reason: 'complaint.grievance' });
  return c;
}

function assertHandler(actor: Actor, c: Row, what: string, states = OPEN) {
  if (c.handlerId !== actor.userId) throw new AppError('FORBIDDEN', `只有投诉处理人可以${what}`, { reason: 'complaint.not_handler' });
  if (!states.includes(c.status)) throw new AppError('CONFLICT', `投诉当前状态不能${what}`, { reason: 'complaint.wrong_status' });
}

async function assertManager(tx: DbOrTx, actor: Actor, c: Row, what: string) {
  if (!(await managesComplaint(tx, actor, c.handlerId))) throw new AppError('FORBIDDEN', `只有处理人的上级或投诉督办人可以${what}`, { reason: 'complaint.not_manager' });
  if (c.status === 'closed') throw new AppError('CONFLICT', `投诉已结案，不能${what}`, { reason: 'complaint.wrong_status' });
}

/** One handling step in one transaction; managers' steps need only service:read (an executive decides meetings). */
async function step(deps: Deps, ctx: RequestContext, id: number, work: (tx: DbOrTx, actor: Actor, c: Row, now: Date) => Promise<void>, permission = 'service:write') {
  const actor = requirePermission(ctx.actor, permission);
  await deps.db.transaction(async (tx) => work(tx, actor, await load(tx, actor, id), deps.clock.now()));
  return getComplaint(deps, ctx, id);
}

/** 指派处理人 / 调查人: the handler or a manager; never someone who must be avoided. */
export function assignComplaint(deps: Deps, ctx: RequestContext, id: number, body: z.infer<typeof assignBody>) {
  return step(deps, ctx, id, async (tx, actor, c, now) => {
    if (c.status === 'closed') throw new AppError('CONFLICT', '投诉已结案', { reason: 'complaint.wrong_status' });
    if (c.handlerId !== actor.userId && !(await managesComplaint(tx, actor, c.handlerId))) throw new AppError('FORBIDDEN', '只有处理人或其上级可以指派', { reason: 'complaint.not_manager' });
    const set: Partial<Row> = { updatedAt: now };
    const notes: string[] = [];
    if (body.handlerId && body.handlerId !== c.handlerId) {
      const next = await assertAssignable(tx, body.handlerId, c.avoidUserIds, 'handlerId', '处理人');
      set.handlerId = next.id;
      notes.push(`处理人改为 ${next.display_name}`);
      await completeRuleTasks(tx, deps, { ruleKey: COMPLAINT_RULE, recordType: 'service_complaint', recordId: id }, ctx);
      await notify(tx, deps.clock, { userId: next.id, kind: COMPLAINT_KIND, title: `投诉 ${c.number} 请您处理`, body: '投诉已指派给您', link: `/service/complaints/${id}` });
    }
    if (body.investigatorId && body.investigatorId !== c.investigatorId) {
      const next = await assertAssignable(tx, body.investigatorId, c.avoidUserIds, 'investigatorId', '调查人');
      set.investigatorId = next.id;
      notes.push(`调查人 ${next.display_name}`);
      await notify(tx, deps.clock, { userId: next.id, kind: COMPLAINT_KIND, title: `投诉 ${c.number} 请您调查`, body: '请核实事实并记录调查结果', link: `/service/complaints/${id}` });
    }
    if (!notes.length) throw fieldError('handlerId', '请选择新的处理人或调查人');
    await tx.update(serviceComplaints).set(set).where(eq(serviceComplaints.id, id));
    await logStep(tx, deps, ctx, c, '指派', notes.join('；'));
  });
}

/** 处理方案 (within 30 minutes of receipt). No promise to the complainant is recorded here. */
export function recordPlan(deps: Deps, ctx: RequestContext, id: number, plan: string) {
  return step(deps, ctx, id, async (tx, actor, c, now) => {
    assertHandler(actor, c, '制定处理方案');
    await tx.update(serviceComplaints).set({ plan, planAt: c.planAt ?? now, updatedAt: now }).where(eq(serviceComplaints.id, id));
    await logStep(tx, deps, ctx, c, c.planAt ? '修改处理方案' : '制定处理方案', plan);
  });
}

/** 等待客户: both clocks stop, visibly, until the handler resumes. */
export function pauseComplaint(deps: Deps, ctx: RequestContext, id: number, reason: string) {
  return step(deps, ctx, id, async (tx, actor, c, now) => {
    assertHandler(actor, c, '暂停计时', ['handling']);
    await tx.insert(serviceComplaintPauses).values({ complaintId: id, reason, startedAt: now, byId: actor.userId });
    await tx.update(serviceComplaints).set({ status: 'waiting', updatedAt: now }).where(eq(serviceComplaints.id, id));
    await logStep(tx, deps, ctx, c, '暂停计时（等待客户）', reason);
  });
}

export function resumeComplaint(deps: Deps, ctx: RequestContext, id: number) {
  return step(deps, ctx, id, async (tx, actor, c, now) => {
    assertHandler(actor, c, '恢复计时', ['waiting']);
    await tx.update(serviceComplaintPauses).set({ endedAt: now }).where(and(eq(serviceComplaintPauses.complaintId, id), isNull(serviceComplaintPauses.endedAt)));
    await tx.update(serviceComplaints).set({ status: 'handling', updatedAt: now }).where(eq(serviceComplaints.id, id));
    await logStep(tx, deps, ctx, c, '恢复计时', '');
  });
}

/** 调查结果: the investigator or the handler. */
export function recordFindings(deps: Deps, ctx: RequestContext, id: number, findings: string) {
  return step(deps, ctx, id, async (tx, actor, c, now) => {
    if (c.investigatorId !== actor.userId && c.handlerId !== actor.userId) throw new AppError('FORBIDDEN', '只有调查人或处理人可以记录调查结果', { reason: 'complaint.not_investigator' });
    if (!OPEN.includes(c.status)) throw new AppError('CONFLICT', '投诉当前状态不能记录调查结果', { reason: 'complaint.wrong_status' });
    await tx.update(serviceComplaints).set({ findings, findingsAt: now, updatedAt: now }).where(eq(serviceComplaints.id, id));
    await logStep(tx, deps, ctx, c, '记录调查结果', findings);
  });
}

/** 定性 (R-SVC-11): after the investigation, on a criterion that fixes validity and severity. */
export function classifyComplaint(deps: Deps, ctx: RequestContext, id: number, criterion: keyof typeof criteria, note: string | null | undefined) {
  return step(deps, ctx, id, async (tx, actor, c, now) => {
    assertHandler(actor, c, '定性');
    if (!c.findings) throw new AppError('CONFLICT', '请先记录调查结果，再对投诉定性', { reason: 'complaint.findings_missing' });
    const rule = criteria[criterion];
    await tx.update(serviceComplaints).set({ criterion, validity: rule.validity, severity: rule.severity, classificationNote: note || null, classifiedAt: now, updatedAt: now }).where(eq(serviceComplaints.id, id));
    await logStep(tx, deps, ctx, c, '定性', `${validityNames[rule.validity]}·${severityNames[rule.severity]}：${rule.name}${note ? `（${note}）` : ''}`);
  });
}

/** 会议决定: serious cases are decided by a meeting, including whether to notify the authorities. */
export function recordMeeting(deps: Deps, ctx: RequestContext, id: number, body: z.infer<typeof meetingBody>) {
  return step(deps, ctx, id, async (tx, actor, c, now) => {
    await assertManager(tx, actor, c, '记录会议决定');
    await tx.update(serviceComplaints).set({ meetingAt: new Date(body.meetingAt), meetingAttendees: body.attendees, meetingDecision: body.decision, notifyAuthorities: body.notifyAuthorities, updatedAt: now }).where(eq(serviceComplaints.id, id));
    await logStep(tx, deps, ctx, c, '会议决定', `${body.decision}${body.notifyAuthorities ? '（须报告主管部门）' : ''}`);
  }, 'service:read');
}

/** 答复: only after the handling decision (no promise before it); a serious case needs its meeting. */
export function replyComplaint(deps: Deps, ctx: RequestContext, id: number, reply: string) {
  return step(deps, ctx, id, async (tx, actor, c, now) => {
    assertHandler(actor, c, '答复', ['handling']);
    if (!c.criterion) throw new AppError('CONFLICT', '投诉定性（处理决定）之前不能答复或作出承诺', { reason: 'complaint.not_decided' });
    if (c.severity === 'serious' && !c.meetingAt) throw new AppError('CONFLICT', '恶性投诉须先经会议决定，才能答复', { reason: 'complaint.meeting_required' });
    await tx.update(serviceComplaints).set({ reply, repliedAt: c.repliedAt ?? now, status: 'replied', updatedAt: now }).where(eq(serviceComplaints.id, id));
    await completeRuleTasks(tx, deps, { ruleKey: COMPLAINT_RULE, recordType: 'service_complaint', recordId: id }, ctx);
    await logStep(tx, deps, ctx, c, '答复投诉人', reply);
  });
}

/** 满意度: satisfied closes it (a valid one needs its accountability); dissatisfied reopens it. */
export function recordSatisfaction(deps: Deps, ctx: RequestContext, id: number, satisfied: boolean, note: string | null | undefined) {
  return step(deps, ctx, id, async (tx, actor, c, now) => {
    assertHandler(actor, c, '记录满意度', ['replied']);
    if (satisfied && c.validity === 'valid' && !c.accountabilityMeasure) throw new AppError('CONFLICT', '有效投诉须先记录责任追究（责任人或部门及处理措施）才能结案', { reason: 'complaint.accountability_missing' });
    await tx
      .update(serviceComplaints)
      .set(satisfied ? { satisfaction: 'satisfied', status: 'closed', closedAt: now, updatedAt: now } : { satisfaction: 'dissatisfied', status: 'handling', reopenCount: c.reopenCount + 1, updatedAt: now })
      .where(eq(serviceComplaints.id, id));
    await logStep(tx, deps, ctx, c, satisfied ? '投诉人满意，结案' : '投诉人不满意，重新处理', note ?? '');
    // R-SVC-20: a special return visit a week after the complaint is closed.
    if (satisfied) await planComplaintVisit(tx, now, c);
  });
}

/** 责任追究 for a valid complaint: who was at fault and the measure taken. */
export function recordAccountability(deps: Deps, ctx: RequestContext, id: number, body: z.infer<typeof accountabilityBody>) {
  return step(deps, ctx, id, async (tx, actor, c, now) => {
    if (c.handlerId !== actor.userId && !(await managesComplaint(tx, actor, c.handlerId))) throw new AppError('FORBIDDEN', '只有处理人或其上级可以记录责任追究', { reason: 'complaint.not_manager' });
    if (c.validity !== 'valid') throw new AppError('CONFLICT', '只有定性为有效的投诉才追究责任', { reason: 'complaint.not_valid' });
    if (body.accountableUserId) {
      const [user] = await queryRows<{ id: number }>(tx, sql`SELECT id FROM users WHERE id = ${body.accountableUserId}`);
      if (!user) throw fieldError('accountableUserId', '责任人不存在');
    }
    if (body.accountableUnitId) {
      const [unit] = await queryRows<{ id: number }>(tx, sql`SELECT id FROM org_units WHERE id = ${body.accountableUnitId}`);
      if (!unit) throw fieldError('accountableUnitId', '责任部门不存在');
    }
    await tx.update(serviceComplaints).set({ accountableUserId: body.accountableUserId ?? null, accountableUnitId: body.accountableUnitId ?? null, accountabilityMeasure: body.measure, updatedAt: now }).where(eq(serviceComplaints.id, id));
    await logStep(tx, deps, ctx, c, '责任追究', body.measure);
  }, 'service:read');
}

/**
 * 服务移交 (R-SVC-12, R-DEV-14): unresolved past its 3 days, a manager hands the customer's
 * service — and this complaint — to a staff member of another department than the one
 * complained about and the current handler's.
 */
export async function handOverComplaint(deps: Deps, ctx: RequestContext, id: number, body: { toUserId: number; reason: string }) {
  const actor = requirePermission(ctx.actor, 'service:read');
  return deps.db.transaction(async (tx) => {
    const c = await load(tx, actor, id);
    const now = deps.clock.now();
    await assertManager(tx, actor, c, '移交服务');
    if (c.status === 'replied') throw new AppError('CONFLICT', '投诉已答复，无需移交', { reason: 'complaint.wrong_status' });
    const next = await assertAssignable(tx, body.toUserId, c.avoidUserIds, 'toUserId', '接手人');
    const [units] = await queryRows<{ target_unit: number | null; handler_unit: number }>(
      tx,
      sql`SELECT (SELECT unit_id FROM users WHERE id = ${c.targetUserId}) AS target_unit, (SELECT unit_id FROM users WHERE id = ${c.handlerId}) AS handler_unit`,
    );
    const excluded = [units?.target_unit, c.targetUnitId, units?.handler_unit].filter((v) => v !== null && v !== undefined);
    if (excluded.includes(next.unit_id)) throw fieldError('toUserId', '接手人须来自其他部门（不能是被投诉部门或原处理人所在部门）');
    await tx.update(serviceComplaints).set({ handlerId: next.id, handedOverToId: next.id, handedOverAt: now, updatedAt: now }).where(eq(serviceComplaints.id, id));
    await completeRuleTasks(tx, deps, { ruleKey: COMPLAINT_RULE, recordType: 'service_complaint', recordId: id }, ctx);
    await completeRuleTasks(tx, deps, { ruleKey: 'complaint_handover', recordType: 'service_complaint', recordId: id }, ctx);
    await notify(tx, deps.clock, { userId: next.id, kind: COMPLAINT_KIND, title: `客户服务移交：投诉 ${c.number}`, body: body.reason, link: `/service/complaints/${id}` });
    await logStep(tx, deps, ctx, c, '服务移交', `移交给 ${next.display_name}：${body.reason}`);
    // The complaint may leave the manager's units with it, so the answer is who has it now.
    return { id, handlerId: next.id, handedOverToName: next.display_name };
  });
}
