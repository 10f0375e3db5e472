import { and, desc, eq, sql } from 'drizzle-orm';
import { requireActor, type Actor, type RequestContext } from '../access/access';
import { diffChanges, recordAudit } from '../audit/audit.service';
import type { Clock } from '../clock';
import type { Tx } from '../db/client';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import {
  actionsOf,
  findFlow,
  lockInstance,
  usersByIds,
  type ApprovalInstanceRow
} from './approvals.queries';
import {
  type ApprovalDetail,
  type ApprovalStatus,
  type ApproveBody,
  type RejectBody,
  type ResubmitBody,
  type ReturnBody,
  type WithdrawBody
} from './approvals.schema';
import { approvalInstances } from './approvals.table';

import { resolveSteps } from './approval-steps';
import { addAction, callbackDeps, completeWithoutSteps, notifyApplicant, notifyCurrentApprovers, updateInstance, validateData } from './approval-submit';
import { getApprovalType } from './approval-types';
import { actionNames, canViewInstance, isApplicant, isCurrentApprover, loadDetail, statusNames } from './approval-views';

// Decisions on a pending step, withdrawal, resubmission and the departure hand-over (R-PLT-22, 23, R-PLT-05).

type Decision = 'approve' | 'reject' | 'return';

/** Loads and locks an instance the actor may see; others get 404 so ids cannot be probed. */
async function lockVisibleInstance(tx: Tx, actor: Actor, id: number): Promise<ApprovalInstanceRow> {
  const instance = await lockInstance(tx, id);
  if (!instance || !(await canViewInstance(tx, actor, instance))) throw new AppError('NOT_FOUND', '审批记录不存在或无权查看');
  return instance;
}

function assertPending(instance: ApprovalInstanceRow) {
  if (instance.status !== 'pending') {
    throw new AppError('CONFLICT', `该审批${statusNames[instance.status as ApprovalStatus] ?? instance.status}，不能再处理`, { reason: 'approval.closed' });
  }
}

/** Only an approver of the current step may decide (R-PLT-23); the refusal says whose turn it is. */
async function assertCurrentApprover(tx: Tx, actor: Actor, instance: ApprovalInstanceRow, expectedStep: number | undefined) {
  if (expectedStep !== undefined && expectedStep !== instance.currentStep) {
    throw new AppError('CONFLICT', '该审批步骤已由他人处理，请刷新后查看最新进度', { reason: 'approval.step_taken' });
  }
  if (isCurrentApprover(actor, instance)) return;
  const current = instance.steps[instance.currentStep]!;
  const names = await usersByIds(tx, current.approverIds);
  const who = current.approverIds.map((id) => names.get(id)?.name ?? `用户 #${id}`).join('、');
  const earlierStep = instance.steps.findIndex((s, index) => index < instance.currentStep && s.approverIds.includes(actor.userId));
  if (earlierStep >= 0) {
    throw new AppError('CONFLICT', `第 ${earlierStep + 1} 步「${instance.steps[earlierStep]!.name}」已由他人处理；现在轮到第 ${instance.currentStep + 1} 步「${current.name}」，由 ${who} 审批`, { reason: 'approval.step_taken' });
  }
  throw new AppError('FORBIDDEN', `现在轮到第 ${instance.currentStep + 1} 步「${current.name}」，由 ${who} 审批；您不是这一步的审批人，不能处理`, { reason: 'approval.not_your_turn' });
}

async function decide(deps: Deps, ctx: RequestContext, id: number, decision: Decision, comment: string, expectedStep?: number) {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const before = await lockVisibleInstance(tx, actor, id);
    assertPending(before);
    await assertCurrentApprover(tx, actor, before, expectedStep);
    const definition = getApprovalType(before.businessType);
    if (!definition) throw new AppError('CONFLICT', `审批类型 ${before.businessType} 的业务模块未加载，暂时不能处理，请联系系统管理员`, { reason: 'approval.type_not_installed' });
    const stepIndex = before.currentStep;
    const stepName = before.steps[stepIndex]!.name;
    const now = deps.clock.now();
    await addAction(tx, deps.clock, id, stepIndex, actor.userId, decision, comment);
    const hooks = callbackDeps(deps, ctx);
    let after: ApprovalInstanceRow;
    if (decision === 'approve') {
      const last = stepIndex >= before.steps.length - 1;
      if (last) {
        after = await updateInstance(tx, id, { status: 'approved', completedAt: now, updatedAt: now });
        await definition.onApproved(tx, after, hooks);
        await notifyApplicant(tx, deps.clock, after, actor.displayName, comment);
      } else {
        after = await updateInstance(tx, id, { currentStep: stepIndex + 1, updatedAt: now });
        const applicant = (await usersByIds(tx, [after.applicantId])).get(after.applicantId);
        await notifyCurrentApprovers(tx, deps.clock, after, applicant?.name ?? '');
      }
    } else if (decision === 'reject') {
      after = await updateInstance(tx, id, { status: 'rejected', completedAt: now, updatedAt: now });
      await definition.onRejected(tx, after, hooks);
      await notifyApplicant(tx, deps.clock, after, actor.displayName, comment);
    } else {
      after = await updateInstance(tx, id, { status: 'returned', updatedAt: now });
      await definition.onReturned?.(tx, after, hooks);
      await notifyApplicant(tx, deps.clock, after, actor.displayName, comment);
    }
    await recordAudit(tx, deps.clock, ctx, {
      action: `approval_${decision}`,
      entityType: 'approval',
      entityId: id,
      summary: `${actionNames[decision]}审批 #${id}「${before.title}」第 ${stepIndex + 1} 步「${stepName}」${comment ? `：${comment}` : ''}`,
      changes: diffChanges(before, after, ['status', 'currentStep']),
    });
    return loadDetail(tx, actor, after);
  });
}

export function approveStep(deps: Deps, ctx: RequestContext, id: number, body: ApproveBody) {
  return decide(deps, ctx, id, 'approve', body.comment ?? '', body.stepIndex);
}

export function rejectStep(deps: Deps, ctx: RequestContext, id: number, body: RejectBody) {
  return decide(deps, ctx, id, 'reject', body.comment, body.stepIndex);
}

export function returnForRevision(deps: Deps, ctx: RequestContext, id: number, body: ReturnBody) {
  return decide(deps, ctx, id, 'return', body.comment, body.stepIndex);
}

/** The applicant withdraws before the first decision (or abandons a returned request). */
export async function withdrawApproval(deps: Deps, ctx: RequestContext, id: number, body: WithdrawBody): Promise<ApprovalDetail> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const before = await lockVisibleInstance(tx, actor, id);
    if (!isApplicant(actor, before)) throw new AppError('FORBIDDEN', '只有申请人本人可以撤回审批', { reason: 'approval.not_applicant' });
    if (before.status !== 'pending' && before.status !== 'returned') {
      throw new AppError('CONFLICT', `该审批${statusNames[before.status as ApprovalStatus] ?? before.status}，不能撤回`, { reason: 'approval.closed' });
    }
    if (before.status === 'pending' && before.currentStep > 0) {
      const lastApproval = (await actionsOf(tx, id)).filter((a) => a.action === 'approve').pop();
      const who = lastApproval ? (await usersByIds(tx, [lastApproval.actorId])).get(lastApproval.actorId)?.name : undefined;
      throw new AppError('CONFLICT', `审批人${who ? ` ${who} ` : ''}已经作出决定，不能再撤回；如需修改请联系当前审批人退回`, { reason: 'approval.already_decided' });
    }
    const definition = getApprovalType(before.businessType);
    if (!definition) throw new AppError('CONFLICT', `审批类型 ${before.businessType} 的业务模块未加载，暂时不能撤回，请联系系统管理员`, { reason: 'approval.type_not_installed' });
    const now = deps.clock.now();
    const comment = body.comment ?? '';
    await addAction(tx, deps.clock, id, before.currentStep, actor.userId, 'withdraw', comment);
    const after = await updateInstance(tx, id, { status: 'withdrawn', completedAt: now, updatedAt: now });
    await (definition.onWithdrawn ?? definition.onRejected)(tx, after, callbackDeps(deps, ctx));
    await recordAudit(tx, deps.clock, ctx, {
      action: 'approval_withdraw',
      entityType: 'approval',
      entityId: id,
      summary: `撤回审批 #${id}「${before.title}」${comment ? `：${comment}` : ''}`,
      changes: diffChanges(before, after, ['status']),
    });
    return loadDetail(tx, actor, after);
  });
}

/** After a return for revision the applicant resubmits, possibly with changed data: steps are re-resolved. */
export async function resubmitApproval(deps: Deps, ctx: RequestContext, id: number, body: ResubmitBody): Promise<ApprovalDetail> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const before = await lockVisibleInstance(tx, actor, id);
    if (!isApplicant(actor, before)) throw new AppError('FORBIDDEN', '只有申请人本人可以重新提交', { reason: 'approval.not_applicant' });
    if (before.status !== 'returned') {
      throw new AppError('CONFLICT', `只有被退回修改的审批可以重新提交，该审批${statusNames[before.status as ApprovalStatus] ?? before.status}`, { reason: 'approval.not_returned' });
    }
    const definition = getApprovalType(before.businessType);
    if (!definition) throw new AppError('CONFLICT', `审批类型 ${before.businessType} 的业务模块未加载，暂时不能提交，请联系系统管理员`, { reason: 'approval.type_not_installed' });
    const data = body.data ? validateData(definition, body.data, 'data') : before.data;
    const flow = await findFlow(tx, before.flowId);
    if (!flow?.enabled) throw new AppError('CONFLICT', `审批流程「${flow?.name ?? before.businessType}」已停用，请联系系统管理员启用后再提交`, { reason: 'approval.flow_disabled' });
    const steps = await resolveSteps(tx, flow.steps, { userId: actor.userId, unitId: actor.unitId }, data);
    const now = deps.clock.now();
    await addAction(tx, deps.clock, id, 0, actor.userId, 'resubmit', body.comment ?? '');
    let after = await updateInstance(tx, id, {
      title: body.title ?? before.title,
      data,
      steps,
      currentStep: 0,
      status: 'pending',
      applicantUnitId: actor.unitId,
      completedAt: null,
      updatedAt: now,
    });
    await definition.onResubmitted?.(tx, after, callbackDeps(deps, ctx));
    if (steps.length === 0) after = await completeWithoutSteps(tx, deps, ctx, after, actor);
    else await notifyCurrentApprovers(tx, deps.clock, after, actor.displayName);
    await recordAudit(tx, deps.clock, ctx, {
      action: 'approval_resubmit',
      entityType: 'approval',
      entityId: id,
      summary: `重新提交审批 #${id}「${after.title}」（${steps.length} 个步骤）`,
      changes: diffChanges(before, after, ['status', 'title', 'data', 'currentStep']),
    });
    return loadDetail(tx, actor, after);
  });
}

/**
 * Hand-over on departure (R-PLT-05): pending steps naming `fromUserId` name `toUserId` instead.
 * Runs in the caller's transaction; returns how many instances changed.
 */
export async function handOverApprovals(tx: Tx, clock: Clock, ctx: RequestContext, fromUserId: number, toUserId: number): Promise<number> {
  const open = await tx
    .select()
    .from(approvalInstances)
    .where(and(eq(approvalInstances.status, 'pending'), sql`${approvalInstances.steps} @> ${JSON.stringify([{ approverIds: [fromUserId] }])}::jsonb`))
    .orderBy(desc(approvalInstances.id))
    .for('update');
  for (const instance of open) {
    const steps = instance.steps.map((s, index) =>
      index < instance.currentStep || !s.approverIds.includes(fromUserId)
        ? s
        : { ...s, approverIds: [...new Set(s.approverIds.map((id) => (id === fromUserId ? toUserId : id)))] },
    );
    await updateInstance(tx, instance.id, { steps, updatedAt: clock.now() });
    await recordAudit(tx, clock, ctx, {
      action: 'update',
      entityType: 'approval',
      entityId: instance.id,
      summary: `审批 #${instance.id}「${instance.title}」的审批人由用户 #${fromUserId} 移交给用户 #${toUserId}`,
    });
    if (instance.steps[instance.currentStep]?.approverIds.includes(fromUserId)) {
      const applicant = (await usersByIds(tx, [instance.applicantId])).get(instance.applicantId);
      await notifyCurrentApprovers(tx, clock, { ...instance, steps }, applicant?.name ?? '');
    }
  }
  return open.length;
}
