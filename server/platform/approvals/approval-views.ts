import { and, eq, sql, type SQL } from 'drizzle-orm';
import { hasPermission, requireActor, type Actor, type RequestContext } from '../access/access';
import type { DbOrTx } from '../db/client';
import type { Deps } from '../deps';
import { AppError, fieldError } from '../errors';
import { orderByFrom } from '../http/pagination';
import {
  actionsOf,
  awaitingUser,
  findInstance,
  instancesOfBusinessRecord,
  pageInstances,
  unitNames,
  usersByIds,
  type ApprovalActionRow,
  type ApprovalInstanceRow
} from './approvals.queries';
import {
  type ApprovalActionKind,
  type ApprovalDetail,
  type ApprovalStatus,
  type ApprovalSummary,
  type BusinessHistoryQuery,
  type InboxQuery,
  type MyApplicationsQuery
} from './approvals.schema';
import { approvalInstances } from './approvals.table';

import { businessTypeName, getApprovalType, conditionText, knownBusinessTypes } from './approval-types';

// What users see of approvals: summaries, details, 待我审批 and 我的申请 (R-PLT-23).

export const statusNames: Record<ApprovalStatus, string> = {
  pending: '审批中',
  approved: '已通过',
  rejected: '已驳回',
  returned: '已退回修改',
  withdrawn: '已撤回',
};

export const actionNames: Record<ApprovalActionKind, string> = {
  submit: '提交',
  resubmit: '重新提交',
  approve: '同意',
  reject: '驳回',
  return: '退回修改',
  withdraw: '撤回',
  auto_approve: '自动通过',
};

interface Names {
  users: Map<number, { name: string }>;
  units: Map<number, string>;
}

export async function namesFor(db: DbOrTx, instances: ApprovalInstanceRow[], actions: ApprovalActionRow[] = []): Promise<Names> {
  const userIds = [
    ...instances.flatMap((instance) => [instance.applicantId, ...instance.steps.flatMap((s) => s.approverIds)]),
    ...actions.map((action) => action.actorId),
  ];
  const [usersMap, units] = await Promise.all([
    usersByIds(db, userIds),
    unitNames(
      db,
      instances.map((instance) => instance.applicantUnitId),
    ),
  ]);
  return { users: usersMap, units };
}

const person = (names: Names, id: number) => ({ id, name: names.users.get(id)?.name ?? `用户 #${id}` });

export function toSummary(instance: ApprovalInstanceRow, names: Names): ApprovalSummary {
  const pending = instance.status === 'pending';
  const current = pending ? instance.steps[instance.currentStep] : undefined;
  return {
    id: instance.id,
    businessType: instance.businessType,
    businessTypeName: businessTypeName(instance.businessType),
    businessId: instance.businessId,
    title: instance.title,
    status: instance.status as ApprovalStatus,
    applicant: person(names, instance.applicantId),
    applicantUnitName: names.units.get(instance.applicantUnitId) ?? '',
    currentStep: instance.currentStep,
    currentStepName: current?.name ?? null,
    currentApprovers: (current?.approverIds ?? []).map((id) => person(names, id)),
    stepCount: instance.steps.length,
    createdAt: instance.createdAt.toISOString(),
    updatedAt: instance.updatedAt.toISOString(),
    completedAt: instance.completedAt?.toISOString() ?? null,
  };
}

function stepState(instance: ApprovalInstanceRow, index: number): ApprovalDetail['steps'][number]['state'] {
  if (instance.status === 'approved') return 'approved';
  if (index < instance.currentStep) return 'approved';
  if (index > instance.currentStep) return 'waiting';
  switch (instance.status as ApprovalStatus) {
    case 'pending':
      return 'current';
    case 'rejected':
      return 'rejected';
    case 'returned':
      return 'returned';
    default:
      return 'waiting';
  }
}

export const isApplicant = (actor: Actor, instance: ApprovalInstanceRow) => instance.applicantId === actor.userId;
export const isCurrentApprover = (actor: Actor, instance: ApprovalInstanceRow) =>
  instance.status === 'pending' && (instance.steps[instance.currentStep]?.approverIds ?? []).includes(actor.userId);
const canWithdraw = (actor: Actor, instance: ApprovalInstanceRow) =>
  isApplicant(actor, instance) && ((instance.status === 'pending' && instance.currentStep === 0) || instance.status === 'returned');

export function toDetail(actor: Actor, instance: ApprovalInstanceRow, actions: ApprovalActionRow[], names: Names): ApprovalDetail {
  const described = getApprovalType(instance.businessType)?.describe?.(instance);
  return {
    ...toSummary(instance, names),
    data: instance.data,
    link: described?.link ?? null,
    steps: instance.steps.map((s, index) => ({
      index,
      name: s.name,
      approverType: s.approverType,
      condition: s.condition ?? null,
      conditionText: s.condition ? conditionText(instance.businessType, s.condition) : null,
      approvers: s.approverIds.map((id) => person(names, id)),
      state: stepState(instance, index),
    })),
    actions: actions.map((action) => ({
      id: action.id,
      stepIndex: action.stepIndex,
      stepName: instance.steps[action.stepIndex]?.name ?? null,
      action: action.action as ApprovalActionKind,
      actor: person(names, action.actorId),
      comment: action.comment,
      at: action.at.toISOString(),
    })),
    can: {
      decide: isCurrentApprover(actor, instance),
      withdraw: canWithdraw(actor, instance),
      resubmit: isApplicant(actor, instance) && instance.status === 'returned',
    },
  };
}

/** Applicant, anyone named in a step or who acted, administrators, or readers the business type admits. */
export async function canViewInstance(db: DbOrTx, actor: Actor, instance: ApprovalInstanceRow, actions?: ApprovalActionRow[]) {
  if (isApplicant(actor, instance) || hasPermission(actor, 'system:manage')) return true;
  if (instance.steps.some((s) => s.approverIds.includes(actor.userId))) return true;
  const history = actions ?? (await actionsOf(db, instance.id));
  if (history.some((action) => action.actorId === actor.userId)) return true;
  const canView = getApprovalType(instance.businessType)?.canView;
  return canView ? canView(db, actor, instance.businessId) : false;
}

export async function loadDetail(db: DbOrTx, actor: Actor, instance: ApprovalInstanceRow): Promise<ApprovalDetail> {
  const actions = await actionsOf(db, instance.id);
  return toDetail(actor, instance, actions, await namesFor(db, [instance], actions));
}

// ── Queries for the UI ─────────────────────────────────────────────────────────

async function pageOfSummaries(deps: Deps, where: SQL | undefined, query: { page: number; pageSize: number; sort?: string }) {
  const orderBy = orderByFrom(
    query.sort,
    { createdAt: approvalInstances.createdAt, updatedAt: approvalInstances.updatedAt, title: approvalInstances.title },
    sql`${approvalInstances.id} desc`,
  );
  const { rows, ...counted } = await pageInstances(deps.db, where, query, orderBy);
  const names = await namesFor(deps.db, rows);
  return { items: rows.map((row) => toSummary(row, names)), ...counted };
}

/** A business-type filter must name a type the engine knows. */
function assertKnownBusinessType(type: string | undefined) {
  if (type === undefined || knownBusinessTypes().some((known) => known.type === type)) return;
  const message = `未知的业务类型 ${type}`;
  throw fieldError('businessType', message);
}

/** 待我审批 — pending instances whose current step names me (R-PLT-23). */
export async function listInbox(deps: Deps, ctx: RequestContext, query: InboxQuery) {
  const actor = requireActor(ctx);
  assertKnownBusinessType(query.businessType);
  return pageOfSummaries(
    deps,
    and(
      eq(approvalInstances.status, 'pending'),
      awaitingUser(actor.userId),
      query.businessType ? eq(approvalInstances.businessType, query.businessType) : undefined,
    ),
    query,
  );
}

/** 我的申请 */
export async function listMyApplications(deps: Deps, ctx: RequestContext, query: MyApplicationsQuery) {
  const actor = requireActor(ctx);
  assertKnownBusinessType(query.businessType);
  return pageOfSummaries(
    deps,
    and(
      eq(approvalInstances.applicantId, actor.userId),
      query.status ? eq(approvalInstances.status, query.status) : undefined,
      query.businessType ? eq(approvalInstances.businessType, query.businessType) : undefined,
    ),
    query,
  );
}

export async function getApproval(deps: Deps, ctx: RequestContext, id: number): Promise<ApprovalDetail> {
  const actor = requireActor(ctx);
  const instance = await findInstance(deps.db, id);
  const actions = instance ? await actionsOf(deps.db, id) : [];
  if (!instance || !(await canViewInstance(deps.db, actor, instance, actions))) {
    throw new AppError('NOT_FOUND', '审批记录不存在或无权查看');
  }
  return toDetail(actor, instance, actions, await namesFor(deps.db, [instance], actions));
}

/** Approval history of one business record, newest first; only what the viewer may see. */
export async function listBusinessApprovals(deps: Deps, ctx: RequestContext, query: BusinessHistoryQuery) {
  const actor = requireActor(ctx);
  assertKnownBusinessType(query.businessType);
  const instances = await instancesOfBusinessRecord(deps.db, query.businessType, query.businessId);
  const canView = getApprovalType(query.businessType)?.canView;
  const wholeRecord =
    hasPermission(actor, 'system:manage') || (canView ? await canView(deps.db, actor, query.businessId) : false);
  const items: ApprovalDetail[] = [];
  for (const instance of instances) {
    const actions = await actionsOf(deps.db, instance.id);
    if (!wholeRecord && !(await canViewInstance(deps.db, actor, instance, actions))) continue;
    items.push(toDetail(actor, instance, actions, await namesFor(deps.db, [instance], actions)));
  }
  return { items };
}
