import { and, eq, inArray } from 'drizzle-orm';
import { hasPermission, requirePermission, type Actor, type RequestContext } from '../../../platform/access/access';
import { resubmitApproval } from '../../../platform/approvals/approval-decisions';
import { submitApproval } from '../../../platform/approvals/approval-submit';
import { diffChanges, recordAudit } from '../../../platform/audit/audit.service';
import type { Tx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { canonicalYuan, parseYuan, yuanText } from '../../../platform/money';
import { nextNumber } from '../../../platform/numbering/numbering.service';
import type { HandOverStep } from '../../../platform/org/hand-over';
import { activeUserOf } from '../../../platform/org/org.queries';
import { assertNotBlacklisted, customers, getVisibleCustomer } from '../../customers';
import { assertNoExclusiveRight } from '../registrations/exclusive-right';
import { developmentRulesFor } from '../settings/development-settings.service';
import { projectAuditFields } from './project-approval';
import { itemLimitFen } from './project-rules';
import {
  approvalsOf,
  budgetItemsOf,
  expensesOf,
  findVisibleProject,
  lockProject,
  openProjectOfCustomer,
  pageProjects,
  progressOf,
  PROJECT_APPROVAL_TYPE,
  spendingOf,
  summaryOf,
  type ProjectRow,
} from './projects.queries';
import type { CreateProjectBody, ProjectDetail, ProjectListQuery, UpdateProjectBody } from './projects.schema';
import { developmentProjectBudgetItems, developmentProjects } from './projects.table';

// 新客户开发立项 (R-DEV-50): application, editing while draft, submission for approval, reads.

export const statusLabels: Record<string, string> = {
  draft: '草稿',
  pending: '审批中',
  active: '进行中',
  rejected: '未通过',
  won: '已赢单',
  terminated: '已终止',
};

const isOwner = (actor: Actor, project: ProjectRow) => project.ownerId === actor.userId;
/** The owner's manager: holds development:assign and sees the project (scope checked on load). */
export const isManager = (actor: Actor) => hasPermission(actor, 'development:assign');

export function assertStatus(project: ProjectRow, allowed: string[], action: string): void {
  if (!allowed.includes(project.status)) {
    throw new AppError('CONFLICT', `开发立项 ${project.number} 当前${statusLabels[project.status] ?? project.status}，不能${action}`, { reason: 'project.wrong_status' });
  }
}

async function replaceBudgetItems(tx: Tx, projectId: number, items: CreateProjectBody['budgetItems']) {
  await tx.delete(developmentProjectBudgetItems).where(eq(developmentProjectBudgetItems.projectId, projectId));
  await tx.insert(developmentProjectBudgetItems).values(
    items.map((item) => ({ projectId, category: item.category, amount: canonicalYuan(item.amount), note: item.note })),
  );
}

/** 申请立项: a draft owned by the applicant, numbered from the 开发立项编号 rule. */
export async function createProject(deps: Deps, ctx: RequestContext, body: CreateProjectBody): Promise<ProjectDetail> {
  const actor = requirePermission(ctx.actor, 'development:write');
  return deps.db.transaction(async (tx) => {
    const customer = await getVisibleCustomer(tx, actor, body.customerId, { forUpdate: true }).catch(() => {
      throw fieldError('customerId', '客户不存在或不在您的客户范围内');
    });
    await assertNoExclusiveRight(tx, deps.clock, actor.userId, customer.id, '立项开发');
    await assertNotBlacklisted(tx, customer.id, actor.unitId);
    const open = await openProjectOfCustomer(tx, customer.id);
    if (open) {
      throw new AppError('CONFLICT', `客户「${customer.name}」已有${statusLabels[open.status]}的开发立项 ${open.number}「${open.name}」，不能重复立项`, { reason: 'project.already_open' });
    }
    const rules = await developmentRulesFor(tx, actor.unitId);
    const now = deps.clock.now();
    const [project] = await tx
      .insert(developmentProjects)
      .values({
        number: await nextNumber(tx, deps, { docType: 'development_project' }),
        customerId: customer.id,
        name: body.name,
        background: body.background,
        expectedAnnualVolume: canonicalYuan(body.expectedAnnualVolume),
        target: body.target,
        ownerId: actor.userId,
        unitId: actor.unitId,
        status: 'draft',
        preBreakthroughCap: canonicalYuan(String(rules.projectPreBreakthroughCap)),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await replaceBudgetItems(tx, project!.id, body.budgetItems);
    const total = body.budgetItems.reduce((sum, item) => sum + parseYuan(item.amount), 0n);
    await recordAudit(tx, deps.clock, ctx, {
      action: 'create',
      entityType: 'development_project',
      entityId: project!.id,
      customerId: customer.id,
      summary: `申请开发立项 ${project!.number}「${project!.name}」（客户「${customer.name}」，预算合计 ${yuanText(total)} 元，${body.budgetItems.length} 项）`,
      changes: { ...diffChanges(null, project!, projectAuditFields), budgetItems: { before: null, after: body.budgetItems } },
    });
    return detailOf(tx, actor, project!);
  });
}

/** 修改立项申请: only the owner, only while it is a draft (also after a return for revision). */
export async function updateProject(deps: Deps, ctx: RequestContext, id: number, body: UpdateProjectBody): Promise<ProjectDetail> {
  const actor = requirePermission(ctx.actor, 'development:write');
  return deps.db.transaction(async (tx) => {
    const before = await findVisibleProject(tx, actor, id, { forUpdate: true });
    if (!isOwner(actor, before)) throw new AppError('FORBIDDEN', '只有立项负责人可以修改立项申请', { reason: 'project.not_owner' });
    assertStatus(before, ['draft'], '修改（只有草稿或被退回的申请可以修改）');
    const [after] = await tx
      .update(developmentProjects)
      .set({
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.background !== undefined ? { background: body.background } : {}),
        ...(body.expectedAnnualVolume !== undefined ? { expectedAnnualVolume: canonicalYuan(body.expectedAnnualVolume) } : {}),
        ...(body.target !== undefined ? { target: body.target } : {}),
        updatedAt: deps.clock.now(),
      })
      .where(eq(developmentProjects.id, before.id))
      .returning();
    const changes = diffChanges(before, after!, projectAuditFields);
    if (body.budgetItems) {
      const previous = await budgetItemsOf(tx, before.id);
      await replaceBudgetItems(tx, before.id, body.budgetItems);
      changes.budgetItems = { before: previous.map(({ category, amount, note }) => ({ category, amount, note })), after: body.budgetItems };
    }
    await recordAudit(tx, deps.clock, ctx, {
      action: 'update',
      entityType: 'development_project',
      entityId: before.id,
      customerId: before.customerId,
      summary: `修改开发立项 ${before.number}「${after!.name}」`,
      changes,
    });
    return detailOf(tx, actor, after!);
  });
}

async function approvalData(tx: Tx, project: ProjectRow) {
  const items = await budgetItemsOf(tx, project.id);
  const total = items.reduce((sum, item) => sum + parseYuan(item.amount), 0n);
  const customer = await getCustomerName(tx, project.customerId);
  return { amount: Number(total) / 100, customerId: project.customerId, customerName: customer, projectName: project.name, number: project.number };
}

async function getCustomerName(tx: Tx, customerId: number): Promise<string> {
  const [row] = await tx.select({ name: customers.name }).from(customers).where(eq(customers.id, customerId));
  return row?.name ?? '';
}

/**
 * 提交立项审批: starts the `development_project` flow (unit manager → 评审小组). The
 * pre-breakthrough cap is copied from the unit's rules now. A request that was returned for
 * revision is resubmitted (same approval instance) instead of starting a new one.
 */
export async function submitProject(deps: Deps, ctx: RequestContext, id: number): Promise<ProjectDetail> {
  const actor = requirePermission(ctx.actor, 'development:write');
  const project = await findVisibleProject(deps.db, actor, id);
  if (!isOwner(actor, project)) throw new AppError('FORBIDDEN', '只有立项负责人可以提交立项审批', { reason: 'project.not_owner' });
  assertStatus(project, ['draft'], '提交审批');
  const returned = (await approvalsOf(deps.db, project.id)).find((approval) => approval.status === 'returned');
  if (returned) {
    const data = await deps.db.transaction((tx) => approvalData(tx, project));
    await resubmitApproval(deps, ctx, returned.id, { title: `开发立项：${project.name}`, data });
    return getProject(deps, ctx, id);
  }
  return deps.db.transaction(async (tx) => {
    const before = await lockProject(tx, project.id);
    assertStatus(before!, ['draft'], '提交审批');
    const rules = await developmentRulesFor(tx, before!.unitId);
    // Pending first: an approval without steps (e.g. the GM applying) activates it right away.
    await tx
      .update(developmentProjects)
      .set({ status: 'pending', preBreakthroughCap: canonicalYuan(String(rules.projectPreBreakthroughCap)), updatedAt: deps.clock.now() })
      .where(eq(developmentProjects.id, before!.id));
    const instance = await submitApproval(tx, deps, ctx, {
      type: PROJECT_APPROVAL_TYPE,
      businessId: String(before!.id),
      title: `开发立项：${before!.name}`,
      data: await approvalData(tx, before!),
    });
    const [after] = await tx.update(developmentProjects).set({ approvalId: instance.id }).where(eq(developmentProjects.id, before!.id)).returning();
    await recordAudit(tx, deps.clock, ctx, {
      action: 'submit',
      entityType: 'development_project',
      entityId: before!.id,
      customerId: before!.customerId,
      summary: `提交开发立项 ${before!.number}「${before!.name}」审批（审批 #${instance.id}）`,
      changes: diffChanges(before!, after!, projectAuditFields),
    });
    return detailOf(tx, actor, after!);
  });
}

export async function getProject(deps: Deps, ctx: RequestContext, id: number): Promise<ProjectDetail> {
  const actor = requirePermission(ctx.actor, 'development:read');
  const project = await findVisibleProject(deps.db, actor, id);
  return detailOf(deps.db, actor, project);
}

export async function listProjects(deps: Deps, ctx: RequestContext, query: ProjectListQuery) {
  const actor = requirePermission(ctx.actor, 'development:read');
  return pageProjects(deps.db, actor, query);
}

/** The whole project as the detail page shows it: items with spent/limit, expenses, progress, approvals. */
export async function detailOf(db: Deps['db'] | Tx, actor: Actor, project: ProjectRow): Promise<ProjectDetail> {
  // Sequential: inside a transaction all queries share one connection.
  const summary = await summaryOf(db, project.id);
  const items = await budgetItemsOf(db, project.id);
  const spending = await spendingOf(db, project.id);
  const expenses = await expensesOf(db, project.id);
  const progress = await progressOf(db, project.id);
  const approvals = await approvalsOf(db, project.id);
  const rules = await developmentRulesFor(db, project.unitId);
  const owner = isOwner(actor, project);
  const manager = isManager(actor);
  const active = project.status === 'active';
  return {
    ...summary,
    background: project.background,
    overBudgetRate: rules.projectOverBudgetRate,
    closeReason: project.closeReason,
    reportText: project.reportText,
    reportSubmittedAt: project.reportSubmittedAt?.toISOString() ?? null,
    budgetItems: items.map((item) => {
      const budget = parseYuan(item.amount);
      const spent = spending.byItem.get(item.id) ?? 0n;
      const limit = itemLimitFen(budget, rules.projectOverBudgetRate);
      return { id: item.id, category: item.category, amount: yuanText(budget), note: item.note, spent: yuanText(spent), limit: yuanText(limit), remaining: yuanText(limit - spent) };
    }),
    expenses: expenses.map(({ expense, category, recordedByName }) => ({
      id: expense.id,
      budgetItemId: expense.budgetItemId,
      category,
      amount: canonicalYuan(expense.amount),
      spentOn: expense.spentOn,
      note: expense.note,
      preBreakthrough: expense.preBreakthrough,
      recordedById: expense.recordedById,
      recordedByName,
      createdAt: expense.createdAt.toISOString(),
    })),
    progress: progress.map(({ progress: row, recordedByName }) => ({
      id: row.id,
      reportedOn: row.reportedOn,
      content: row.content,
      breakthrough: row.breakthrough,
      recordedById: row.recordedById,
      recordedByName,
      createdAt: row.createdAt.toISOString(),
    })),
    approvals: approvals.map((approval) => ({
      id: approval.id,
      status: approval.status,
      title: approval.title,
      createdAt: approval.createdAt.toISOString(),
      completedAt: approval.completedAt?.toISOString() ?? null,
    })),
    can: {
      edit: owner && project.status === 'draft',
      submit: owner && project.status === 'draft',
      record: active && (owner || manager),
      report: active && owner && project.reportRequired,
      review: active && manager && project.reviewRequired,
      close: manager && (active || project.status === 'draft'),
    },
  };
}

// 离职交接 (R-PLT-05): the departed user's open projects go to the successor (and their unit).
export const projectsHandOver: HandOverStep = {
  key: 'development_projects',
  label: '开发立项',
  order: 60,
  async run(tx, clock, ctx, fromUserId, toUserId) {
    const successor = await activeUserOf(tx, toUserId);
    if (!successor) throw new AppError('VALIDATION_FAILED', '接手人不存在或已停用');
    const moving = await tx
      .select()
      .from(developmentProjects)
      .where(and(eq(developmentProjects.ownerId, fromUserId), inArray(developmentProjects.status, ['draft', 'pending', 'active'])))
      .for('update');
    const now = clock.now();
    for (const before of moving) {
      const [after] = await tx
        .update(developmentProjects)
        .set({ ownerId: successor.id, unitId: successor.unitId, updatedAt: now })
        .where(eq(developmentProjects.id, before.id))
        .returning();
      await recordAudit(tx, clock, ctx, {
        action: 'hand_over',
        entityType: 'development_project',
        entityId: before.id,
        customerId: before.customerId,
        summary: `离职交接：开发立项 ${before.number}「${before.name}」交由 ${successor.name} 负责`,
        changes: diffChanges(before, after!, projectAuditFields),
      });
    }
    return moving.length;
  },
};
