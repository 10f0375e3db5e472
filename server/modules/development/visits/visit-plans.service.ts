import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { requireActor, requirePermission, type Actor, type RequestContext } from '../../../platform/access/access';
import { resubmitApproval } from '../../../platform/approvals/approval-decisions';
import { submitApproval } from '../../../platform/approvals/approval-submit';
import { flowStep, type ApprovalCallbackDeps, type ApprovalTypeDefinition } from '../../../platform/approvals/approval-types';
import { type ApprovalInstanceRow } from '../../../platform/approvals/approvals.queries';
import { diffChanges, recordAudit } from '../../../platform/audit/audit.service';
import type { DbOrTx, Tx } from '../../../platform/db/client';
import { uniqueViolationOf } from '../../../platform/db/errors';
import { selectPage } from '../../../platform/db/paging';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError, type FieldError } from '../../../platform/errors';
import { orderByFrom } from '../../../platform/http/pagination';
import { customerScope, customers } from '../../customers';
import { developmentScope } from '../development-access';
import { isLateSubmission, monthBounds, monthOfDate, todayOf } from './visit-dates';
import { customerNames, unitNames, userNames } from './visits.queries';
import type { CreateVisitPlanBody, PlanItemBody, UpdateVisitPlanBody, VisitPlan, VisitPlanDetail, VisitPlanQuery } from './visits.schema';
import { visitPlanItems, visitPlans, visitRemovalProposals } from './visits.table';

// 月度拜访计划 (R-DEV-30): one plan per specialist and month, approved by the unit manager.

export const VISIT_PLAN_TYPE = 'visit_plan';
type PlanRow = typeof visitPlans.$inferSelect;
type ItemRow = typeof visitPlanItems.$inferSelect;

const planFields: (keyof PlanRow)[] = ['status', 'submittedAt', 'lateSubmission', 'approvalId', 'approvedAt', 'note', 'userId', 'unitId'];
const EDITABLE = ['draft', 'returned', 'rejected'];

export const planScope = (actor: Actor) => developmentScope(actor, { unit: visitPlans.unitId, owners: [visitPlans.userId] });

/** A plan in the actor's development scope, or 404. */
export async function loadPlan(db: DbOrTx, actor: Actor, id: number, options: { forUpdate?: boolean } = {}): Promise<PlanRow> {
  const query = db.select().from(visitPlans).where(and(eq(visitPlans.id, id), planScope(actor)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw new AppError('NOT_FOUND', '拜访计划不存在或无权查看');
  return row;
}

async function toPlans(db: DbOrTx, rows: PlanRow[]): Promise<VisitPlan[]> {
  if (!rows.length) return [];
  const ids = rows.map((row) => row.id);
  const [counts, users, units] = await Promise.all([
    db
      .select({
        planId: visitPlanItems.planId,
        total: sql<number>`count(*) FILTER (WHERE ${visitPlanItems.status} <> 'removed')`,
        done: sql<number>`count(*) FILTER (WHERE ${visitPlanItems.status} = 'done')`,
        missed: sql<number>`count(*) FILTER (WHERE ${visitPlanItems.status} = 'missed')`,
      })
      .from(visitPlanItems)
      .where(inArray(visitPlanItems.planId, ids))
      .groupBy(visitPlanItems.planId),
    userNames(db, rows.map((row) => row.userId)),
    unitNames(db, rows.map((row) => row.unitId)),
  ]);
  const byPlan = new Map(counts.map((row) => [row.planId, row]));
  return rows.map((row) => ({
    id: row.id,
    userId: row.userId,
    userName: users.get(row.userId) ?? '',
    unitId: row.unitId,
    unitName: units.get(row.unitId) ?? '',
    month: row.month,
    status: row.status as VisitPlan['status'],
    submittedAt: row.submittedAt?.toISOString() ?? null,
    lateSubmission: row.lateSubmission,
    approvalId: row.approvalId,
    approvedAt: row.approvedAt?.toISOString() ?? null,
    note: row.note,
    itemCount: Number(byPlan.get(row.id)?.total ?? 0),
    doneCount: Number(byPlan.get(row.id)?.done ?? 0),
    missedCount: Number(byPlan.get(row.id)?.missed ?? 0),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }));
}

async function toDetail(db: DbOrTx, row: PlanRow): Promise<VisitPlanDetail> {
  const items = await db.select().from(visitPlanItems).where(eq(visitPlanItems.planId, row.id)).orderBy(asc(visitPlanItems.plannedDate), asc(visitPlanItems.id));
  const names = await customerNames(db, items.map((item) => item.customerId));
  const [plan] = await toPlans(db, [row]);
  return {
    ...plan!,
    items: items.map((item: ItemRow) => ({
      id: item.id,
      customerId: item.customerId,
      customerName: names.get(item.customerId) ?? '',
      plannedDate: item.plannedDate,
      purpose: item.purpose,
      status: item.status as VisitPlanDetail['items'][number]['status'],
      visitId: item.visitId,
    })),
  };
}

/**
 * Items must name customers in the actor's customer scope, fall inside the month and not name a
 * customer whose removal from the plan was confirmed (R-DEV-32).
 */
async function validateItems(tx: DbOrTx, actor: Actor, planUserId: number, month: string, items: PlanItemBody[]) {
  const ids = [...new Set(items.map((item) => item.customerId))];
  // One statement after the other: they share the transaction's connection.
  const visible = ids.length
    ? await tx
        .select({ id: customers.id, name: customers.name })
        .from(customers)
        .where(and(inArray(customers.id, ids), customerScope(actor)))
    : [];
  const removed = ids.length
    ? await tx
        .select({ customerId: visitRemovalProposals.customerId, visitCount: visitRemovalProposals.visitCount })
        .from(visitRemovalProposals)
        .where(and(inArray(visitRemovalProposals.customerId, ids), eq(visitRemovalProposals.userId, planUserId), eq(visitRemovalProposals.status, 'confirmed')))
    : [];
  const names = new Map(visible.map((row) => [row.id, row.name]));
  const removedCount = new Map(removed.map((row) => [row.customerId, row.visitCount]));
  const { first, last } = monthBounds(month);
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  items.forEach((item, index) => {
    const name = names.get(item.customerId);
    if (!name) errors.push({ field: `items.${index}.customerId`, message: `第 ${index + 1} 行：客户不存在或不在您的客户范围内` });
    else if (removedCount.has(item.customerId)) {
      errors.push({
        field: `items.${index}.customerId`,
        message: `第 ${index + 1} 行：客户「${name}」已连续 ${removedCount.get(item.customerId)} 次拜访无进展，经理已确认移出拜访计划，不能再列入`,
      });
    }
    if (item.plannedDate < first || item.plannedDate > last) {
      errors.push({ field: `items.${index}.plannedDate`, message: `第 ${index + 1} 行：计划日期应在 ${first} 至 ${last} 之间` });
    }
    const key = `${item.customerId}|${item.plannedDate}`;
    if (seen.has(key)) errors.push({ field: `items.${index}.plannedDate`, message: `第 ${index + 1} 行：同一客户同一天已计划过拜访` });
    seen.add(key);
  });
  if (errors.length) throw new AppError('VALIDATION_FAILED', errors[0]!.message, errors);
}

async function replaceItems(tx: Tx, planId: number, items: PlanItemBody[]) {
  await tx.delete(visitPlanItems).where(eq(visitPlanItems.planId, planId));
  if (items.length) {
    await tx.insert(visitPlanItems).values(items.map((item) => ({ planId, customerId: item.customerId, plannedDate: item.plannedDate, purpose: item.purpose })));
  }
}

/** 新建月度拜访计划 (draft) for the actor. */
export async function createVisitPlan(deps: Deps, ctx: RequestContext, body: CreateVisitPlanBody): Promise<VisitPlanDetail> {
  const actor = requirePermission(ctx.actor, 'development:write');
  const currentMonth = monthOfDate(todayOf(deps.clock));
  if (body.month < currentMonth) {
    throw fieldError('month', '不能为已过去的月份制定拜访计划');
  }
  try {
    return await deps.db.transaction(async (tx) => {
      const [existing] = await tx.select({ id: visitPlans.id }).from(visitPlans).where(and(eq(visitPlans.userId, actor.userId), eq(visitPlans.month, body.month)));
      if (existing) throw duplicatePlan(body.month, existing.id);
      await validateItems(tx, actor, actor.userId, body.month, body.items);
      const now = deps.clock.now();
      const [plan] = await tx
        .insert(visitPlans)
        .values({ userId: actor.userId, unitId: actor.unitId, month: body.month, note: body.note, status: 'draft', createdAt: now, updatedAt: now })
        .returning();
      await replaceItems(tx, plan!.id, body.items);
      await recordAudit(tx, deps.clock, ctx, {
        action: 'create',
        entityType: 'visit_plan',
        entityId: plan!.id,
        summary: `新建 ${body.month} 拜访计划（${body.items.length} 次拜访）`,
        changes: diffChanges(null, plan!, planFields),
      });
      return toDetail(tx, plan!);
    });
  } catch (error) {
    if (uniqueViolationOf(error) === 'visit_plans_user_month_key') throw duplicatePlan(body.month);
    throw error;
  }
}

function duplicatePlan(month: string, id?: number) {
  return new AppError('CONFLICT', `您已有 ${month} 的拜访计划${id ? `（#${id}）` : ''}，每月只能有一份，请直接修改该计划`, { reason: 'visit_plan.month_taken' });
}

function assertOwner(actor: Actor, plan: PlanRow) {
  if (plan.userId !== actor.userId) throw new AppError('FORBIDDEN', '只有计划本人可以修改或提交拜访计划', { reason: 'visit_plan.not_author' });
}

/** 修改计划: replaces the items of a draft, returned or rejected plan (a rejected one becomes a draft again). */
export async function updateVisitPlan(deps: Deps, ctx: RequestContext, id: number, body: UpdateVisitPlanBody): Promise<VisitPlanDetail> {
  const actor = requirePermission(ctx.actor, 'development:write');
  return deps.db.transaction(async (tx) => {
    const before = await loadPlan(tx, actor, id, { forUpdate: true });
    assertOwner(actor, before);
    if (!EDITABLE.includes(before.status)) {
      throw new AppError('CONFLICT', before.status === 'approved' ? '计划已批准，不能再修改；拜访结果请通过「记录拜访」填写' : '计划正在审批中，不能修改；如需修改请先撤回审批', { reason: 'visit_plan.locked' });
    }
    await validateItems(tx, actor, before.userId, before.month, body.items);
    await replaceItems(tx, before.id, body.items);
    const [after] = await tx
      .update(visitPlans)
      .set({ note: body.note, status: before.status === 'rejected' ? 'draft' : before.status, updatedAt: deps.clock.now() })
      .where(eq(visitPlans.id, before.id))
      .returning();
    await recordAudit(tx, deps.clock, ctx, {
      action: 'update',
      entityType: 'visit_plan',
      entityId: before.id,
      summary: `修改 ${before.month} 拜访计划（${body.items.length} 次拜访）`,
      changes: diffChanges(before, after!, planFields),
    });
    return toDetail(tx, after!);
  });
}

const approvalData = z.object({ month: z.string(), itemCount: z.number().int(), lateSubmission: z.boolean() });

async function countItems(tx: DbOrTx, planId: number) {
  const [row] = await tx
    .select({ n: count() })
    .from(visitPlanItems)
    .where(and(eq(visitPlanItems.planId, planId), sql`${visitPlanItems.status} <> 'removed'`));
  return Number(row?.n ?? 0);
}

/**
 * 提交审批: a draft or rejected plan starts a `visit_plan` approval; a returned one is resubmitted
 * on its open approval. Lateness is decided at the first submission (a manager's return does not
 * make the specialist late).
 */
export async function submitVisitPlan(deps: Deps, ctx: RequestContext, id: number): Promise<VisitPlanDetail> {
  const actor = requirePermission(ctx.actor, 'development:write');
  const plan = await loadPlan(deps.db, actor, id);
  assertOwner(actor, plan);
  if (plan.status === 'returned' && plan.approvalId) {
    const itemCount = await countItems(deps.db, plan.id);
    if (itemCount === 0) throw fieldError('items', '计划中至少要有一次拜访');
    await resubmitApproval(deps, ctx, plan.approvalId, { data: { month: plan.month, itemCount, lateSubmission: plan.lateSubmission } });
    return toDetail(deps.db, await loadPlan(deps.db, actor, id));
  }
  return deps.db.transaction(async (tx) => {
    const before = await loadPlan(tx, actor, id, { forUpdate: true });
    if (before.status !== 'draft' && before.status !== 'rejected') {
      throw new AppError('CONFLICT', before.status === 'approved' ? '计划已批准，无需再提交' : '计划已在审批中，请等待审批结果', { reason: 'visit_plan.already_submitted' });
    }
    const itemCount = await countItems(tx, before.id);
    if (itemCount === 0) throw fieldError('items', '计划中至少要有一次拜访');
    const now = deps.clock.now();
    const lateSubmission = before.submittedAt ? before.lateSubmission : isLateSubmission(deps.clock, before.month);
    // The plan is pending before the approval starts: a flow without steps approves it at once.
    await tx
      .update(visitPlans)
      .set({ status: 'pending', submittedAt: before.submittedAt ?? now, lateSubmission, updatedAt: now })
      .where(eq(visitPlans.id, before.id));
    const instance = await submitApproval(tx, deps, ctx, {
      type: VISIT_PLAN_TYPE,
      businessId: String(before.id),
      title: `${before.month} 拜访计划：${actor.displayName}（${itemCount} 次拜访${lateSubmission ? '，逾期提交' : ''}）`,
      data: { month: before.month, itemCount, lateSubmission },
    });
    const [after] = await tx.update(visitPlans).set({ approvalId: instance.id }).where(eq(visitPlans.id, before.id)).returning();
    await recordAudit(tx, deps.clock, ctx, {
      action: 'visit_plan_submit',
      entityType: 'visit_plan',
      entityId: before.id,
      summary: `提交 ${before.month} 拜访计划审批（审批 #${instance.id}${lateSubmission ? '，逾期提交' : ''}）`,
      changes: diffChanges(before, after!, planFields),
    });
    return toDetail(tx, after!);
  });
}

/** My plans and, for managers, the plans of their scope. */
export async function listVisitPlans(deps: Deps, ctx: RequestContext, query: VisitPlanQuery) {
  const actor = requireActor(ctx);
  const where = and(
    planScope(actor),
    query.mine === 'true' ? eq(visitPlans.userId, actor.userId) : undefined,
    query.userId ? eq(visitPlans.userId, query.userId) : undefined,
    query.month ? eq(visitPlans.month, query.month) : undefined,
    query.status ? eq(visitPlans.status, query.status) : undefined,
  );
  const orderBy = orderByFrom(query.sort, { month: visitPlans.month, submittedAt: visitPlans.submittedAt }, sql`${visitPlans.month} desc, ${visitPlans.id} desc`);
  const { rows, ...counted } = await selectPage(deps.db, query, {
    rows: (limit, offset) =>
      deps.db.select().from(visitPlans).where(where).orderBy(...orderBy).limit(limit).offset(offset),
    matching: deps.db.select({ one: sql`1` }).from(visitPlans).where(where).$dynamic(),
  });
  return { items: await toPlans(deps.db, rows), ...counted };
}

export async function getVisitPlan(deps: Deps, ctx: RequestContext, id: number): Promise<VisitPlanDetail> {
  return toDetail(deps.db, await loadPlan(deps.db, requireActor(ctx), id));
}

// ── Approval callbacks ─────────────────────────────────────────────────────────────

async function transition(tx: Tx, instance: ApprovalInstanceRow, deps: ApprovalCallbackDeps, status: string, title: string) {
  if (!/^[1-9]\d{0,15}$/.test(instance.businessId)) return;
  const [before] = await tx.select().from(visitPlans).where(eq(visitPlans.id, Number(instance.businessId))).for('update');
  if (!before) return;
  const now = deps.clock.now();
  const [after] = await tx
    .update(visitPlans)
    .set({
      status,
      approvalId: instance.id,
      ...(status === 'approved' ? { approvedAt: now } : {}),
      ...(status === 'pending' && !before.submittedAt ? { submittedAt: now } : {}),
      updatedAt: now,
    })
    .where(eq(visitPlans.id, before.id))
    .returning();
  await recordAudit(tx, deps.clock, deps.ctx, {
    action: `visit_plan_${status}`,
    entityType: 'visit_plan',
    entityId: before.id,
    summary: `${before.month} 拜访计划${title}（审批 #${instance.id}）`,
    changes: diffChanges(before, after!, planFields),
  });
}

export const visitPlanApprovalType: ApprovalTypeDefinition = {
  type: VISIT_PLAN_TYPE,
  name: '月度拜访计划',
  nameEn: 'Monthly visit plan',
  defaultFlow: { name: '月度拜访计划审批', description: '拜访计划于上月月底前提交，由部门负责人审批。', steps: [flowStep('部门负责人审批', 'unit_manager')] },
  conditionFields: [
    { key: 'itemCount', label: '计划拜访数', labelEn: 'Planned visits', format: 'number' },
    { key: 'lateSubmission', label: '逾期提交', labelEn: 'submitted late', format: 'boolean' },
  ],
  dataSchema: approvalData,
  onApproved: (tx, instance, deps) => transition(tx, instance, deps, 'approved', '已批准'),
  onRejected: (tx, instance, deps) => transition(tx, instance, deps, 'rejected', '被驳回'),
  onWithdrawn: (tx, instance, deps) => transition(tx, instance, deps, 'draft', '已撤回，回到草稿'),
  onReturned: (tx, instance, deps) => transition(tx, instance, deps, 'returned', '被退回修改'),
  onResubmitted: (tx, instance, deps) => transition(tx, instance, deps, 'pending', '重新提交审批'),
  describe: (instance) => ({
    summary: typeof instance.data.month === 'string' ? `${instance.data.month}，${String(instance.data.itemCount ?? 0)} 次拜访${instance.data.lateSubmission ? '（逾期提交）' : ''}` : undefined,
    link: `/development/visit-plans?id=${instance.businessId}`,
  }),
  canView: async (db, actor, businessId) => {
    if (!/^[1-9]\d{0,15}$/.test(businessId)) return false;
    const [row] = await db
      .select({ id: visitPlans.id })
      .from(visitPlans)
      .where(and(eq(visitPlans.id, Number(businessId)), planScope(actor)));
    return Boolean(row);
  },
};
