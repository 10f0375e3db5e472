import { eq } from 'drizzle-orm';
import { requireActor, type Actor, type RequestContext } from '../access/access';
import { diffChanges, recordAudit } from '../audit/audit.service';
import type { Clock } from '../clock';
import type { DbOrTx, Tx } from '../db/client';
import type { Deps } from '../deps';
import { AppError, type FieldError } from '../errors';
import { notify } from '../notifications/notifications.service';
import {
  findFlowByType,
  findOpenInstance,
  type ApprovalInstanceRow
} from './approvals.queries';
import {
  type ApprovalActionKind,
  type ApprovalStatus
} from './approvals.schema';
import { approvalActions, approvalInstances } from './approvals.table';

import { resolveSteps } from './approval-steps';
import { businessTypeName, getApprovalType, type ApprovalCallbackDeps, type ApprovalTypeDefinition } from './approval-types';
import { statusNames } from './approval-views';

// Submitting a business record for approval inside the module's own transaction (R-PLT-20).

export interface SubmitApprovalInput {
  type: string;
  /** The business record; omitted for requests whose record is the instance itself (demo). */
  businessId?: string;
  title: string;
  data: Record<string, unknown>;
}

const MAX_DATA_BYTES = 32 * 1024;

export function validateData(definition: ApprovalTypeDefinition, data: Record<string, unknown>, fieldPrefix: string): Record<string, unknown> {
  if (Buffer.byteLength(JSON.stringify(data)) > MAX_DATA_BYTES) {
    throw new AppError('VALIDATION_FAILED', '申请数据过大', [{ field: fieldPrefix || 'data', message: '申请数据不能超过 32 KB' }]);
  }
  if (!definition.dataSchema) return data;
  const parsed = definition.dataSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const fields: FieldError[] = parsed.error.issues.map((issue) => ({
    field: [fieldPrefix, ...issue.path.map(String)].filter(Boolean).join('.') || 'data',
    message: issue.message,
  }));
  throw new AppError('VALIDATION_FAILED', `提交的数据有误 — ${fields.map((f) => `${f.field}：${f.message}`).join('；')}`, fields);
}

export function callbackDeps(deps: Pick<Deps, 'clock' | 'config' | 'log'>, ctx: RequestContext): ApprovalCallbackDeps {
  return { clock: deps.clock, config: deps.config, log: deps.log, ctx };
}

export async function addAction(tx: DbOrTx, clock: Clock, instanceId: number, stepIndex: number, actorId: number, action: ApprovalActionKind, comment = '') {
  await tx.insert(approvalActions).values({ instanceId, stepIndex, actorId, action, comment, at: clock.now() });
}

const inboxLink = (id: number) => `/approvals/inbox?id=${id}`;
const mineLink = (id: number) => `/approvals/mine?id=${id}`;

export async function notifyCurrentApprovers(tx: DbOrTx, clock: Clock, instance: ApprovalInstanceRow, applicantName: string) {
  const current = instance.steps[instance.currentStep];
  if (!current) return;
  for (const userId of current.approverIds) {
    await notify(tx, clock, {
      userId,
      kind: 'approval_pending',
      title: `待审批：${instance.title}`,
      body: `${applicantName} 提交的「${businessTypeName(instance.businessType)}」等待您审批（第 ${instance.currentStep + 1} 步：${current.name}）。`,
      link: inboxLink(instance.id),
    });
  }
}

export async function notifyApplicant(tx: DbOrTx, clock: Clock, instance: ApprovalInstanceRow, actorName: string, comment: string) {
  const status = instance.status as ApprovalStatus;
  await notify(tx, clock, {
    userId: instance.applicantId,
    kind: 'approval_decided',
    title: `审批${statusNames[status]}：${instance.title}`,
    body: `您提交的「${businessTypeName(instance.businessType)}」${statusNames[status]}（${actorName}）${comment ? `：${comment}` : '。'}`,
    link: mineLink(instance.id),
  });
}

export async function updateInstance(tx: DbOrTx, id: number, values: Partial<typeof approvalInstances.$inferInsert>): Promise<ApprovalInstanceRow> {
  const [row] = await tx.update(approvalInstances).set(values).where(eq(approvalInstances.id, id)).returning();
  return row!;
}

/** All steps resolved away (every conditional step false): approved at once, in this transaction. */
export async function completeWithoutSteps(tx: Tx, deps: Pick<Deps, 'clock' | 'config' | 'log'>, ctx: RequestContext, instance: ApprovalInstanceRow, actor: Actor) {
  const definition = getApprovalType(instance.businessType)!;
  const now = deps.clock.now();
  const approved = await updateInstance(tx, instance.id, { status: 'approved', completedAt: now, updatedAt: now });
  await addAction(tx, deps.clock, instance.id, 0, actor.userId, 'auto_approve', '无需审批的条件下自动通过');
  await definition.onApproved(tx, approved, callbackDeps(deps, ctx));
  await notifyApplicant(tx, deps.clock, approved, '系统', '');
  return approved;
}

/**
 * Starts an approval for a business record inside the caller's transaction (R-PLT-20): the
 * module changes its record's state and submits in one commit. Steps are resolved now.
 */
export async function submitApproval(
  tx: Tx,
  deps: Pick<Deps, 'clock' | 'config' | 'log'>,
  ctx: RequestContext,
  input: SubmitApprovalInput,
): Promise<ApprovalInstanceRow> {
  const actor = requireActor(ctx);
  const definition = getApprovalType(input.type);
  if (!definition) throw new AppError('BAD_REQUEST', `审批类型 ${input.type} 尚未注册，无法提交审批`);
  const data = validateData(definition, input.data, 'data');
  const flow = await findFlowByType(tx, input.type);
  if (!flow) throw new AppError('CONFLICT', `尚未配置「${definition.name}」的审批流程，请联系系统管理员在「审批流程」中配置`, { reason: 'approval.flow_missing' });
  if (!flow.enabled) throw new AppError('CONFLICT', `审批流程「${flow.name}」已停用，请联系系统管理员启用后再提交`, { reason: 'approval.flow_disabled' });
  if (input.businessId !== undefined) {
    const open = await findOpenInstance(tx, input.type, input.businessId);
    if (open) throw new AppError('CONFLICT', `该记录已有进行中的审批（#${open.id}「${open.title}」），请等待审批结束或撤回后再提交`, { reason: 'approval.already_open' });
  }
  const applicant = { userId: actor.userId, unitId: actor.unitId };
  const steps = await resolveSteps(tx, flow.steps, applicant, data);
  const now = deps.clock.now();
  const [created] = await tx
    .insert(approvalInstances)
    .values({
      flowId: flow.id,
      businessType: input.type,
      businessId: input.businessId ?? '',
      title: input.title,
      applicantId: actor.userId,
      applicantUnitId: actor.unitId,
      data,
      status: 'pending',
      currentStep: 0,
      steps,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  let instance = created!;
  if (input.businessId === undefined) instance = await updateInstance(tx, instance.id, { businessId: String(instance.id) });
  await addAction(tx, deps.clock, instance.id, 0, actor.userId, 'submit');
  if (steps.length === 0) instance = await completeWithoutSteps(tx, deps, ctx, instance, actor);
  else await notifyCurrentApprovers(tx, deps.clock, instance, actor.displayName);
  await recordAudit(tx, deps.clock, ctx, {
    action: 'approval_submit',
    entityType: 'approval',
    entityId: instance.id,
    summary: `提交审批 #${instance.id}「${instance.title}」（${definition.name}，${steps.length} 个步骤：${steps.map((s) => s.name).join(' → ') || '无需审批'}）`,
    changes: diffChanges(null, { status: instance.status, businessType: instance.businessType, businessId: instance.businessId, data }, [
      'status',
      'businessType',
      'businessId',
      'data',
    ]),
  });
  return instance;
}
