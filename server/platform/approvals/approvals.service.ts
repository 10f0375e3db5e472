import type { FastifyBaseLogger } from 'fastify';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { hasPermission, requireActor, requirePermission, type Actor, type RequestContext } from '../access/access';
import { diffChanges, recordAudit } from '../audit/audit.service';
import type { Clock } from '../clock';
import type { AppConfig } from '../config';
import type { DbOrTx, Tx } from '../db/client';
import type { Deps } from '../deps';
import { AppError, type FieldError } from '../errors';
import { orderByFrom } from '../http/pagination';
import { notify } from '../notifications/notifications.service';
import { evaluateCondition } from './approval-conditions';
import {
  actionsOf,
  activeUserIdsWithRole,
  awaitingUser,
  countInstancesOfFlow,
  findFlow,
  findFlowByType,
  findInstance,
  findOpenInstance,
  findRoleByCode,
  instancesOfBusinessRecord,
  listFlowRows,
  lockInstance,
  pageInstances,
  unitChain,
  unitNames,
  usersByIds,
  type ApprovalActionRow,
  type ApprovalFlowRow,
  type ApprovalInstanceRow,
} from './approvals.queries';
import {
  approverTypeNames,
  approverTypes,
  demoData,
  type ApprovalActionKind,
  type ApprovalDetail,
  type ApprovalFlow,
  type ApprovalStatus,
  type ApprovalSummary,
  type ApproveBody,
  type ApproverType,
  type BusinessHistoryQuery,
  type CreateFlowBody,
  type FlowStepInput,
  type InboxQuery,
  type MyApplicationsQuery,
  type RejectBody,
  type ResubmitBody,
  type ReturnBody,
  type SubmitDemoBody,
  type UpdateFlowBody,
  type WithdrawBody,
} from './approvals.schema';
import { approvalActions, approvalFlows, approvalInstances, type FlowStepDef, type ResolvedStep } from './approvals.table';

export type { ApprovalInstanceRow } from './approvals.queries';

// ── Business-type registry (R-PLT-20) ───────────────────────────────────────────

/**
 * What a business callback gets besides the transaction. There is deliberately no `db`: every
 * write must go through `tx` so it commits or rolls back together with the decision.
 */
export interface ApprovalCallbackDeps {
  clock: Clock;
  config: AppConfig;
  log: FastifyBaseLogger;
  /** Who made the final decision (or withdrew), for the business module's own audit records. */
  ctx: RequestContext;
}

type ApprovalCallback = (tx: Tx, instance: ApprovalInstanceRow, deps: ApprovalCallbackDeps) => Promise<void>;

export interface ApprovalTypeDefinition {
  /** Business type code, e.g. `contract_review`; one flow definition per type. */
  type: string;
  /** Chinese name shown in lists, e.g. 合同草案审核. */
  name: string;
  /** Validates the request `data` on submit and on resubmit with changed data. */
  dataSchema?: z.ZodType<Record<string, unknown>>;
  /** The whole flow completed: move the business record on (e.g. contract → 待签署). Same transaction. */
  onApproved: ApprovalCallback;
  /** Rejected: put the business record back to its previous state. Same transaction. */
  onRejected: ApprovalCallback;
  /** Withdrawn by the applicant; defaults to `onRejected`. */
  onWithdrawn?: ApprovalCallback;
  /** Returned for revision (the record usually goes back to draft). */
  onReturned?: ApprovalCallback;
  /** Resubmitted after a return, possibly with changed `data`. */
  onResubmitted?: ApprovalCallback;
  /** One-line summary and in-app link of the business record, shown with the instance. */
  describe?: (instance: ApprovalInstanceRow) => { summary?: string; link?: string };
  /**
   * Lets readers of the business record (by the module's own data scope) see its approvals.
   * Without it, an instance is visible to its applicant, its approvers and administrators.
   */
  canView?: (db: DbOrTx, actor: Actor, businessId: string) => Promise<boolean>;
}

const registry = new Map<string, ApprovalTypeDefinition>();

/** Registers (or replaces) a business type; modules call this once when they load. */
export function registerApprovalType(definition: ApprovalTypeDefinition): void {
  registry.set(definition.type, definition);
}

export function getApprovalType(type: string): ApprovalTypeDefinition | undefined {
  return registry.get(type);
}

/** The business types of R-PLT-20, known even before their modules register handlers. */
export const approvalBusinessTypes: Record<string, string> = {
  development_registration: '开发预案报备',
  customer_transfer: '客户转移',
  contract_review: '合同草案审核',
  non_template_contract: '非标准合同',
  discount: '超标准优惠',
  amendment: '合同变更',
  early_termination: '提前解除合同',
  credit_override: '超信用额度',
  blacklist: '列入黑名单',
  refund: '退款',
  visit_plan: '月度拜访计划',
  development_project: '新客户开发立项',
  demo: '演示审批',
};

export function businessTypeName(type: string): string {
  return registry.get(type)?.name ?? approvalBusinessTypes[type] ?? type;
}

const step = (name: string, approverType: ApproverType, condition?: string): FlowStepDef =>
  condition ? { name, approverType, condition } : { name, approverType };

/** Default flow definitions; admins may edit them afterwards (R-PLT-21). */
export const defaultFlowDefinitions: { businessType: string; name: string; description: string; steps: FlowStepDef[] }[] = [
  {
    businessType: 'development_registration',
    name: '开发预案报备审批',
    description: '部门负责人确认报备，确认后取得保护期内的独家开发权。',
    steps: [step('部门负责人审批', 'unit_manager')],
  },
  {
    businessType: 'customer_transfer',
    name: '客户转移审批',
    description: '部门负责人审批；跨部门转移（crossUnit == true）还需上级部门负责人审批。',
    steps: [step('部门负责人审批', 'unit_manager'), step('上级部门负责人审批', 'parent_unit_manager', 'crossUnit == true')],
  },
  {
    businessType: 'contract_review',
    name: '合同草案审核',
    description: '部门负责人 → 法务 → 财务，全部通过后合同变为待签署。',
    steps: [step('部门负责人审核', 'unit_manager'), step('法务审核', 'legal'), step('财务审核', 'finance')],
  },
  {
    businessType: 'non_template_contract',
    name: '非标准合同审批',
    description: '非模板合同须经法务、财务与总经理审批。',
    steps: [step('部门负责人审核', 'unit_manager'), step('法务审核', 'legal'), step('财务审核', 'finance'), step('总经理审批', 'gm')],
  },
  {
    businessType: 'discount',
    name: '超标准优惠审批',
    description: '部门负责人审批；优惠幅度超过 10%（discountRate > 0.1）还需总经理审批。',
    steps: [step('部门负责人审批', 'unit_manager'), step('总经理审批', 'gm', 'discountRate > 0.1')],
  },
  {
    businessType: 'amendment',
    name: '合同变更审批',
    description: '部门负责人 → 法务 → 财务。',
    steps: [step('部门负责人审核', 'unit_manager'), step('法务审核', 'legal'), step('财务审核', 'finance')],
  },
  {
    businessType: 'early_termination',
    name: '提前解除合同审批',
    description: '部门负责人 → 法务 → 财务 → 总经理。',
    steps: [step('部门负责人审核', 'unit_manager'), step('法务审核', 'legal'), step('财务审核', 'finance'), step('总经理审批', 'gm')],
  },
  {
    businessType: 'credit_override',
    name: '超信用额度审批',
    description: '部门负责人 → 财务；超出额度 10 万元以上（overAmount > 100000）还需总经理审批。',
    steps: [step('部门负责人审批', 'unit_manager'), step('财务审批', 'finance'), step('总经理审批', 'gm', 'overAmount > 100000')],
  },
  {
    businessType: 'blacklist',
    name: '列入黑名单审批',
    description: '部门负责人 → 法务 → 总经理。',
    steps: [step('部门负责人审批', 'unit_manager'), step('法务审核', 'legal'), step('总经理审批', 'gm')],
  },
  {
    businessType: 'refund',
    name: '退款审批',
    description: '部门负责人 → 财务；金额超过 5 万元（amount > 50000）还需总经理审批。',
    steps: [step('部门负责人审批', 'unit_manager'), step('财务审核', 'finance'), step('总经理审批', 'gm', 'amount > 50000')],
  },
  {
    businessType: 'demo',
    name: '演示审批',
    description: '用于体验审批流程：部门负责人审批；金额超过 50 万元（amount > 500000）还需总经理审批。',
    steps: [step('部门负责人审批', 'unit_manager'), step('总经理审批', 'gm', 'amount > 500000')],
  },
];

/**
 * Seeds the default flow definitions that are missing; never overwrites an admin's edits.
 * Safe to run at every start and from several instances at once.
 */
export async function ensureDefaultFlows(db: DbOrTx, clock: Clock): Promise<void> {
  const now = clock.now();
  await db
    .insert(approvalFlows)
    .values(defaultFlowDefinitions.map((flow) => ({ ...flow, createdAt: now, updatedAt: now })))
    .onConflictDoNothing({ target: approvalFlows.businessType });
}

// 演示审批 — a harmless request whose business record is the instance itself.
registerApprovalType({
  type: 'demo',
  name: '演示审批',
  dataSchema: demoData,
  onApproved: async () => {},
  onRejected: async () => {},
  describe: (instance) => {
    const amount = instance.data.amount;
    return { summary: typeof amount === 'number' ? `申请金额 ${amount.toFixed(2)} 元` : undefined };
  },
});

// ── Step resolution ─────────────────────────────────────────────────────────────

const builtInApproverRole: Partial<Record<ApproverType, string>> = { finance: 'finance', legal: 'legal', gm: 'executive' };

interface Applicant {
  userId: number;
  unitId: number;
}

async function managerAbove(db: DbOrTx, applicant: Applicant, levels: 1 | 2): Promise<number | undefined> {
  const chain = await unitChain(db, applicant.unitId);
  let found = 0;
  for (const unit of chain) {
    // Walk up past units without a (working) manager and past the applicant's own unit if they lead it.
    if (unit.managerId === null || !unit.managerActive || unit.managerId === applicant.userId) continue;
    found++;
    if (found === levels) return unit.managerId;
  }
  return undefined;
}

async function approversOf(db: DbOrTx, definition: FlowStepDef, applicant: Applicant): Promise<number[]> {
  switch (definition.approverType as ApproverType) {
    case 'role':
      return definition.roleCode ? activeUserIdsWithRole(db, definition.roleCode) : [];
    case 'user': {
      if (!definition.userId) return [];
      const found = (await usersByIds(db, [definition.userId])).get(definition.userId);
      return found?.status === 'active' ? [found.id] : [];
    }
    case 'unit_manager': {
      const id = await managerAbove(db, applicant, 1);
      return id === undefined ? [] : [id];
    }
    case 'parent_unit_manager': {
      const id = await managerAbove(db, applicant, 2);
      return id === undefined ? [] : [id];
    }
    case 'finance':
    case 'legal':
    case 'gm':
      return activeUserIdsWithRole(db, builtInApproverRole[definition.approverType as ApproverType]!);
    default:
      return [];
  }
}

function approverDescription(definition: FlowStepDef): string {
  const typeName = approverTypeNames[definition.approverType as ApproverType] ?? definition.approverType;
  if (definition.approverType === 'role') return `${typeName} ${definition.roleCode ?? ''}`.trim();
  return typeName;
}

/**
 * Resolves the flow for one request at submit time: conditional steps are kept only when their
 * condition holds; every kept step must have at least one approver other than the applicant.
 */
export async function resolveSteps(
  db: DbOrTx,
  definitions: FlowStepDef[],
  applicant: Applicant,
  data: Record<string, unknown>,
): Promise<ResolvedStep[]> {
  const resolved: ResolvedStep[] = [];
  for (const [index, definition] of definitions.entries()) {
    if (!evaluateCondition(definition.condition, data)) continue;
    const approverIds = (await approversOf(db, definition, applicant)).filter((id) => id !== applicant.userId);
    if (approverIds.length === 0) {
      throw new AppError(
        'CONFLICT',
        `未找到审批人：第 ${index + 1} 步「${definition.name}」（${approverDescription(definition)}）没有可用的审批人。请联系系统管理员设置部门负责人、分配角色或调整审批流程。`,
      );
    }
    resolved.push({
      name: definition.name,
      approverType: definition.approverType,
      approverIds,
      ...(definition.condition ? { condition: definition.condition } : {}),
    });
  }
  return resolved;
}

// ── Presentation ───────────────────────────────────────────────────────────────

const statusNames: Record<ApprovalStatus, string> = {
  pending: '审批中',
  approved: '已通过',
  rejected: '已驳回',
  returned: '已退回修改',
  withdrawn: '已撤回',
};

const actionNames: Record<ApprovalActionKind, string> = {
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

async function namesFor(db: DbOrTx, instances: ApprovalInstanceRow[], actions: ApprovalActionRow[] = []): Promise<Names> {
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

function toSummary(instance: ApprovalInstanceRow, names: Names): ApprovalSummary {
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

const isApplicant = (actor: Actor, instance: ApprovalInstanceRow) => instance.applicantId === actor.userId;
const isCurrentApprover = (actor: Actor, instance: ApprovalInstanceRow) =>
  instance.status === 'pending' && (instance.steps[instance.currentStep]?.approverIds ?? []).includes(actor.userId);
const canWithdraw = (actor: Actor, instance: ApprovalInstanceRow) =>
  isApplicant(actor, instance) && ((instance.status === 'pending' && instance.currentStep === 0) || instance.status === 'returned');

function toDetail(actor: Actor, instance: ApprovalInstanceRow, actions: ApprovalActionRow[], names: Names): ApprovalDetail {
  const described = registry.get(instance.businessType)?.describe?.(instance);
  return {
    ...toSummary(instance, names),
    data: instance.data,
    link: described?.link ?? null,
    steps: instance.steps.map((s, index) => ({
      index,
      name: s.name,
      approverType: s.approverType,
      condition: s.condition ?? null,
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
async function canViewInstance(db: DbOrTx, actor: Actor, instance: ApprovalInstanceRow, actions?: ApprovalActionRow[]) {
  if (isApplicant(actor, instance) || hasPermission(actor, 'system:manage')) return true;
  if (instance.steps.some((s) => s.approverIds.includes(actor.userId))) return true;
  const history = actions ?? (await actionsOf(db, instance.id));
  if (history.some((action) => action.actorId === actor.userId)) return true;
  const canView = registry.get(instance.businessType)?.canView;
  return canView ? canView(db, actor, instance.businessId) : false;
}

async function loadDetail(db: DbOrTx, actor: Actor, instance: ApprovalInstanceRow): Promise<ApprovalDetail> {
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
  const { rows, total } = await pageInstances(deps.db, where, query, orderBy);
  const names = await namesFor(deps.db, rows);
  return { items: rows.map((row) => toSummary(row, names)), total, page: query.page, pageSize: query.pageSize };
}

/** A business-type filter must name a type the engine knows. */
function assertKnownBusinessType(type: string | undefined) {
  if (type === undefined || knownBusinessTypes().some((known) => known.type === type)) return;
  const message = `未知的业务类型 ${type}`;
  throw new AppError('VALIDATION_FAILED', message, [{ field: 'businessType', message }]);
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
  const canView = registry.get(query.businessType)?.canView;
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

// ── Submitting ─────────────────────────────────────────────────────────────────

export interface SubmitApprovalInput {
  type: string;
  /** The business record; omitted for requests whose record is the instance itself (demo). */
  businessId?: string;
  title: string;
  data: Record<string, unknown>;
}

const MAX_DATA_BYTES = 32 * 1024;

function validateData(definition: ApprovalTypeDefinition, data: Record<string, unknown>, fieldPrefix: string): Record<string, unknown> {
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

function callbackDeps(deps: Pick<Deps, 'clock' | 'config' | 'log'>, ctx: RequestContext): ApprovalCallbackDeps {
  return { clock: deps.clock, config: deps.config, log: deps.log, ctx };
}

async function addAction(tx: DbOrTx, clock: Clock, instanceId: number, stepIndex: number, actorId: number, action: ApprovalActionKind, comment = '') {
  await tx.insert(approvalActions).values({ instanceId, stepIndex, actorId, action, comment, at: clock.now() });
}

const inboxLink = (id: number) => `/approvals/inbox?id=${id}`;
const mineLink = (id: number) => `/approvals/mine?id=${id}`;

async function notifyCurrentApprovers(tx: DbOrTx, clock: Clock, instance: ApprovalInstanceRow, applicantName: string) {
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

async function notifyApplicant(tx: DbOrTx, clock: Clock, instance: ApprovalInstanceRow, actorName: string, comment: string) {
  const status = instance.status as ApprovalStatus;
  await notify(tx, clock, {
    userId: instance.applicantId,
    kind: 'approval_decided',
    title: `审批${statusNames[status]}：${instance.title}`,
    body: `您提交的「${businessTypeName(instance.businessType)}」${statusNames[status]}（${actorName}）${comment ? `：${comment}` : '。'}`,
    link: mineLink(instance.id),
  });
}

async function updateInstance(tx: DbOrTx, id: number, values: Partial<typeof approvalInstances.$inferInsert>): Promise<ApprovalInstanceRow> {
  const [row] = await tx.update(approvalInstances).set(values).where(eq(approvalInstances.id, id)).returning();
  return row!;
}

/** All steps resolved away (every conditional step false): approved at once, in this transaction. */
async function completeWithoutSteps(tx: Tx, deps: Pick<Deps, 'clock' | 'config' | 'log'>, ctx: RequestContext, instance: ApprovalInstanceRow, actor: Actor) {
  const definition = registry.get(instance.businessType)!;
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
  const definition = registry.get(input.type);
  if (!definition) throw new AppError('BAD_REQUEST', `审批类型 ${input.type} 尚未注册，无法提交审批`);
  const data = validateData(definition, input.data, 'data');
  const flow = await findFlowByType(tx, input.type);
  if (!flow) throw new AppError('CONFLICT', `尚未配置「${definition.name}」的审批流程，请联系系统管理员在「审批流程」中配置`);
  if (!flow.enabled) throw new AppError('CONFLICT', `审批流程「${flow.name}」已停用，请联系系统管理员启用后再提交`);
  if (input.businessId !== undefined) {
    const open = await findOpenInstance(tx, input.type, input.businessId);
    if (open) throw new AppError('CONFLICT', `该记录已有进行中的审批（#${open.id}「${open.title}」），请等待审批结束或撤回后再提交`);
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

/** 发起演示审批 (HTTP). */
export async function submitDemoApproval(deps: Deps, ctx: RequestContext, body: SubmitDemoBody): Promise<ApprovalDetail> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const instance = await submitApproval(tx, deps, ctx, {
      type: 'demo',
      title: body.title,
      data: { amount: body.amount, ...(body.reason ? { reason: body.reason } : {}) },
    });
    return loadDetail(tx, actor, instance);
  });
}

// ── Decisions ──────────────────────────────────────────────────────────────────

type Decision = 'approve' | 'reject' | 'return';

/** Loads and locks an instance the actor may see; others get 404 so ids cannot be probed. */
async function lockVisibleInstance(tx: Tx, actor: Actor, id: number): Promise<ApprovalInstanceRow> {
  const instance = await lockInstance(tx, id);
  if (!instance || !(await canViewInstance(tx, actor, instance))) throw new AppError('NOT_FOUND', '审批记录不存在或无权查看');
  return instance;
}

function assertPending(instance: ApprovalInstanceRow) {
  if (instance.status !== 'pending') {
    throw new AppError('CONFLICT', `该审批${statusNames[instance.status as ApprovalStatus] ?? instance.status}，不能再处理`);
  }
}

/** Only an approver of the current step may decide (R-PLT-23); the refusal says whose turn it is. */
async function assertCurrentApprover(tx: Tx, actor: Actor, instance: ApprovalInstanceRow, expectedStep: number | undefined) {
  if (expectedStep !== undefined && expectedStep !== instance.currentStep) {
    throw new AppError('CONFLICT', '该审批步骤已由他人处理，请刷新后查看最新进度');
  }
  if (isCurrentApprover(actor, instance)) return;
  const current = instance.steps[instance.currentStep]!;
  const names = await usersByIds(tx, current.approverIds);
  const who = current.approverIds.map((id) => names.get(id)?.name ?? `用户 #${id}`).join('、');
  const earlierStep = instance.steps.findIndex((s, index) => index < instance.currentStep && s.approverIds.includes(actor.userId));
  if (earlierStep >= 0) {
    throw new AppError('CONFLICT', `第 ${earlierStep + 1} 步「${instance.steps[earlierStep]!.name}」已由他人处理；现在轮到第 ${instance.currentStep + 1} 步「${current.name}」，由 ${who} 审批`);
  }
  throw new AppError('FORBIDDEN', `现在轮到第 ${instance.currentStep + 1} 步「${current.name}」，由 ${who} 审批；您不是这一步的审批人，不能处理`);
}

async function decide(deps: Deps, ctx: RequestContext, id: number, decision: Decision, comment: string, expectedStep?: number) {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const before = await lockVisibleInstance(tx, actor, id);
    assertPending(before);
    await assertCurrentApprover(tx, actor, before, expectedStep);
    const definition = registry.get(before.businessType);
    if (!definition) throw new AppError('CONFLICT', `审批类型 ${before.businessType} 的业务模块未加载，暂时不能处理，请联系系统管理员`);
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
    if (!isApplicant(actor, before)) throw new AppError('FORBIDDEN', '只有申请人本人可以撤回审批');
    if (before.status !== 'pending' && before.status !== 'returned') {
      throw new AppError('CONFLICT', `该审批${statusNames[before.status as ApprovalStatus] ?? before.status}，不能撤回`);
    }
    if (before.status === 'pending' && before.currentStep > 0) {
      const lastApproval = (await actionsOf(tx, id)).filter((a) => a.action === 'approve').pop();
      const who = lastApproval ? (await usersByIds(tx, [lastApproval.actorId])).get(lastApproval.actorId)?.name : undefined;
      throw new AppError('CONFLICT', `审批人${who ? ` ${who} ` : ''}已经作出决定，不能再撤回；如需修改请联系当前审批人退回`);
    }
    const definition = registry.get(before.businessType);
    if (!definition) throw new AppError('CONFLICT', `审批类型 ${before.businessType} 的业务模块未加载，暂时不能撤回，请联系系统管理员`);
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
    if (!isApplicant(actor, before)) throw new AppError('FORBIDDEN', '只有申请人本人可以重新提交');
    if (before.status !== 'returned') {
      throw new AppError('CONFLICT', `只有被退回修改的审批可以重新提交，该审批${statusNames[before.status as ApprovalStatus] ?? before.status}`);
    }
    const definition = registry.get(before.businessType);
    if (!definition) throw new AppError('CONFLICT', `审批类型 ${before.businessType} 的业务模块未加载，暂时不能提交，请联系系统管理员`);
    const data = body.data ? validateData(definition, body.data, 'data') : before.data;
    const flow = await findFlow(tx, before.flowId);
    if (!flow?.enabled) throw new AppError('CONFLICT', `审批流程「${flow?.name ?? before.businessType}」已停用，请联系系统管理员启用后再提交`);
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

// ── Flow definitions (admin) ───────────────────────────────────────────────────

function toFlow(row: ApprovalFlowRow): ApprovalFlow {
  return {
    id: row.id,
    businessType: row.businessType,
    businessTypeName: businessTypeName(row.businessType),
    name: row.name,
    description: row.description,
    steps: row.steps.map((s) => ({
      name: s.name,
      approverType: s.approverType as ApproverType,
      ...(s.roleCode ? { roleCode: s.roleCode } : {}),
      ...(s.userId ? { userId: s.userId } : {}),
      ...(s.condition ? { condition: s.condition } : {}),
    })),
    enabled: row.enabled,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function knownBusinessTypes() {
  const types = new Map<string, { type: string; name: string; registered: boolean }>();
  for (const [type, name] of Object.entries(approvalBusinessTypes)) types.set(type, { type, name, registered: registry.has(type) });
  for (const definition of registry.values()) types.set(definition.type, { type: definition.type, name: definition.name, registered: true });
  return [...types.values()];
}

export async function listFlows(deps: Deps, ctx: RequestContext) {
  requirePermission(ctx.actor, 'system:manage');
  const rows = await listFlowRows(deps.db);
  return {
    items: rows.map(toFlow),
    businessTypes: knownBusinessTypes(),
    approverTypes: approverTypes.map((code) => ({ code, name: approverTypeNames[code] })),
  };
}

export async function getFlow(deps: Deps, ctx: RequestContext, id: number): Promise<ApprovalFlow> {
  requirePermission(ctx.actor, 'system:manage');
  const row = await findFlow(deps.db, id);
  if (!row) throw new AppError('NOT_FOUND', '审批流程不存在');
  return toFlow(row);
}

/** Roles and users named by steps must exist (conditions were checked by the schema). */
async function checkSteps(db: DbOrTx, steps: FlowStepInput[]): Promise<FlowStepDef[]> {
  const result: FlowStepDef[] = [];
  for (const [index, input] of steps.entries()) {
    const definition: FlowStepDef = { name: input.name, approverType: input.approverType };
    if (input.approverType === 'role') {
      const role = await findRoleByCode(db, input.roleCode!);
      if (!role) {
        const message = `第 ${index + 1} 步：角色 ${input.roleCode} 不存在`;
        throw new AppError('VALIDATION_FAILED', message, [{ field: `steps.${index}.roleCode`, message }]);
      }
      definition.roleCode = input.roleCode;
    }
    if (input.approverType === 'user') {
      const user = (await usersByIds(db, [input.userId!])).get(input.userId!);
      if (!user || user.status !== 'active') {
        const message = `第 ${index + 1} 步：所选审批人不存在或已停用`;
        throw new AppError('VALIDATION_FAILED', message, [{ field: `steps.${index}.userId`, message }]);
      }
      definition.userId = input.userId;
    }
    if (input.condition) definition.condition = input.condition;
    result.push(definition);
  }
  return result;
}

const flowAuditFields: (keyof ApprovalFlowRow)[] = ['businessType', 'name', 'description', 'steps', 'enabled'];

export async function createFlow(deps: Deps, ctx: RequestContext, body: CreateFlowBody): Promise<ApprovalFlow> {
  requirePermission(ctx.actor, 'system:manage');
  if (!knownBusinessTypes().some((t) => t.type === body.businessType)) {
    const message = `未知的业务类型 ${body.businessType}`;
    throw new AppError('VALIDATION_FAILED', message, [{ field: 'businessType', message }]);
  }
  return deps.db.transaction(async (tx) => {
    const existing = await findFlowByType(tx, body.businessType);
    if (existing) {
      const message = `「${businessTypeName(body.businessType)}」已有审批流程「${existing.name}」，请直接修改它`;
      throw new AppError('DUPLICATE', message, [{ field: 'businessType', message }]);
    }
    const steps = await checkSteps(tx, body.steps);
    const now = deps.clock.now();
    const [created] = await tx
      .insert(approvalFlows)
      .values({
        businessType: body.businessType,
        name: body.name,
        description: body.description ?? '',
        steps,
        enabled: body.enabled ?? true,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordAudit(tx, deps.clock, ctx, {
      action: 'create',
      entityType: 'approval_flow',
      entityId: created!.id,
      summary: `新建审批流程「${body.name}」（${businessTypeName(body.businessType)}）`,
      changes: diffChanges(null, created!, flowAuditFields),
    });
    return toFlow(created!);
  });
}

/** Edits apply to requests submitted afterwards; running instances keep their resolved steps. */
export async function updateFlow(deps: Deps, ctx: RequestContext, id: number, body: UpdateFlowBody): Promise<ApprovalFlow> {
  requirePermission(ctx.actor, 'system:manage');
  return deps.db.transaction(async (tx) => {
    const before = await findFlow(tx, id);
    if (!before) throw new AppError('NOT_FOUND', '审批流程不存在');
    const steps = body.steps ? await checkSteps(tx, body.steps) : undefined;
    const [after] = await tx
      .update(approvalFlows)
      .set({ name: body.name, description: body.description, steps, enabled: body.enabled, updatedAt: deps.clock.now() })
      .where(eq(approvalFlows.id, id))
      .returning();
    await recordAudit(tx, deps.clock, ctx, {
      action: 'update',
      entityType: 'approval_flow',
      entityId: id,
      summary: `修改审批流程「${after!.name}」`,
      changes: diffChanges(before, after!, flowAuditFields),
    });
    return toFlow(after!);
  });
}

export async function deleteFlow(deps: Deps, ctx: RequestContext, id: number): Promise<void> {
  requirePermission(ctx.actor, 'system:manage');
  await deps.db.transaction(async (tx) => {
    const before = await findFlow(tx, id);
    if (!before) throw new AppError('NOT_FOUND', '审批流程不存在');
    const used = await countInstancesOfFlow(tx, id);
    if (used > 0) throw new AppError('CONFLICT', `审批流程「${before.name}」已有 ${used} 条审批记录，不能删除；不再使用时请停用`);
    await tx.delete(approvalFlows).where(eq(approvalFlows.id, id));
    await recordAudit(tx, deps.clock, ctx, {
      action: 'delete',
      entityType: 'approval_flow',
      entityId: id,
      summary: `删除审批流程「${before.name}」`,
      changes: diffChanges(before, null, flowAuditFields),
    });
  });
}
