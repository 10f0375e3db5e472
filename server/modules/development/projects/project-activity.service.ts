import { and, eq } from 'drizzle-orm';
import { requirePermission, type Actor, type RequestContext } from '../../../platform/access/access';
import { diffChanges, recordAudit } from '../../../platform/audit/audit.service';
import { shanghaiDate } from '../../../platform/dates';
import type { Tx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { formatYuan, parseYuan, yuanText } from '../../../platform/money';
import { completeRuleTasks } from '../../../platform/tasks/tasks.service';
import { addTimelineEvent } from '../../customers';
import { developmentRulesFor } from '../settings/development-settings.service';
import { projectAuditFields, projectLink } from './project-approval';
import { itemLimitFen, projectFlagOn } from './project-rules';
import { findVisibleProject, spendingOf, type ProjectRow } from './projects.queries';
import type { AddExpenseBody, AddProgressBody, CloseProjectBody, ProjectDetail, ReportBody, ReviewBody } from './projects.schema';
import { assertStatus, detailOf, isManager } from './projects.service';
import { developmentProjectBudgetItems, developmentProjectExpenses, developmentProjectProgress, developmentProjects } from './projects.table';

// What happens to an approved project (R-DEV-50): expenses within the budget rules, progress
// reports (and the breakthrough), the 12-month written report, the 6-month review, closing.

export const PROGRESS_REMINDER_RULE = 'development_project_progress';
export const PROJECT_REVIEW_RULE = 'development_project_review';

function assertOwnerOrManager(actor: Actor, project: ProjectRow, action: string) {
  if (project.ownerId !== actor.userId && !isManager(actor)) {
    throw new AppError('FORBIDDEN', `只有立项负责人或其上级负责人可以${action}`, { reason: 'project.not_owner_or_manager' });
  }
}

function assertNotFuture(deps: Deps, field: string, date: string, label: string) {
  if (date > shanghaiDate(deps.clock.now())) throw fieldError(field, `${label}不能晚于今天`);
}

async function timeline(tx: Tx, deps: Deps, actor: Actor, project: ProjectRow, title: string, detail: Record<string, unknown>) {
  await addTimelineEvent(tx, deps.clock, {
    customerId: project.customerId,
    type: 'development_project',
    title,
    detail: { projectId: project.id, number: project.number, ...detail },
    actorId: actor.userId,
    link: projectLink(project.id),
    sourceType: 'development_project',
    sourceId: project.id,
  });
}

/**
 * 记录费用: refused when the item would exceed its budget by more than the allowed rate (5 %),
 * or — before the breakthrough — when all pre-breakthrough spending would exceed the cap.
 * The project row is locked so concurrent expenses cannot both slip under a limit.
 */
export async function addExpense(deps: Deps, ctx: RequestContext, id: number, body: AddExpenseBody): Promise<ProjectDetail> {
  const actor = requirePermission(ctx.actor, 'development:write');
  assertNotFuture(deps, 'spentOn', body.spentOn, '费用日期');
  return deps.db.transaction(async (tx) => {
    const project = await findVisibleProject(tx, actor, id, { forUpdate: true });
    assertOwnerOrManager(actor, project, '记录费用');
    assertStatus(project, ['active'], '记录费用（只有已批准且未结束的立项可以记录费用）');
    const [item] = await tx
      .select()
      .from(developmentProjectBudgetItems)
      .where(and(eq(developmentProjectBudgetItems.id, body.budgetItemId), eq(developmentProjectBudgetItems.projectId, project.id)));
    if (!item) throw fieldError('budgetItemId', '请选择本立项的预算科目');
    const rules = await developmentRulesFor(tx, project.unitId);
    const spending = await spendingOf(tx, project.id);
    const amount = parseYuan(body.amount);
    const budget = parseYuan(item.amount);
    const spent = spending.byItem.get(item.id) ?? 0n;
    const limit = itemLimitFen(budget, rules.projectOverBudgetRate);
    if (spent + amount > limit) {
      const rate = Math.round(rules.projectOverBudgetRate * 10_000) / 100;
      const message = `预算科目「${item.category}」预算 ${formatYuan(budget)} 元，已用 ${formatYuan(spent)} 元，本次 ${formatYuan(amount)} 元，合计 ${formatYuan(spent + amount)} 元，超过预算上浮 ${rate}% 的上限 ${formatYuan(limit)} 元（最多还可记录 ${formatYuan(limit - spent > 0n ? limit - spent : 0n)} 元）`;
      throw new AppError('CONFLICT', message, { reason: 'project.over_budget', fields: [{ field: 'amount', message }] });
    }
    const preBreakthrough = project.breakthroughAt === null;
    const cap = parseYuan(project.preBreakthroughCap);
    if (preBreakthrough && spending.preBreakthroughFen + amount > cap) {
      const message = `突破前费用上限 ${formatYuan(cap)} 元，突破前已用 ${formatYuan(spending.preBreakthroughFen)} 元，本次 ${formatYuan(amount)} 元，将超过上限（最多还可记录 ${formatYuan(cap - spending.preBreakthroughFen > 0n ? cap - spending.preBreakthroughFen : 0n)} 元）；取得突破后不再受此上限限制`;
      throw new AppError('CONFLICT', message, { reason: 'project.over_breakthrough_cap', fields: [{ field: 'amount', message }] });
    }
    const [expense] = await tx
      .insert(developmentProjectExpenses)
      .values({
        projectId: project.id,
        budgetItemId: item.id,
        amount: yuanText(amount),
        spentOn: body.spentOn,
        preBreakthrough,
        note: body.note,
        recordedById: actor.userId,
        createdAt: deps.clock.now(),
      })
      .returning();
    await recordAudit(tx, deps.clock, ctx, {
      action: 'expense',
      entityType: 'development_project',
      entityId: project.id,
      customerId: project.customerId,
      summary: `开发立项 ${project.number} 记录费用：${item.category} ${formatYuan(amount)} 元（${body.spentOn}，${body.note}）`,
      changes: diffChanges(null, expense!, ['budgetItemId', 'amount', 'spentOn', 'note', 'preBreakthrough']),
    });
    return detailOf(tx, actor, project);
  });
}

/** 进展汇报: refreshes lastProgressAt (and the flags); a breakthrough lifts the pre-breakthrough cap. */
export async function addProgress(deps: Deps, ctx: RequestContext, id: number, body: AddProgressBody): Promise<ProjectDetail> {
  const actor = requirePermission(ctx.actor, 'development:write');
  assertNotFuture(deps, 'reportedOn', body.reportedOn, '汇报日期');
  return deps.db.transaction(async (tx) => {
    const before = await findVisibleProject(tx, actor, id, { forUpdate: true });
    assertOwnerOrManager(actor, before, '汇报进展');
    assertStatus(before, ['active'], '汇报进展（只有已批准且未结束的立项可以汇报进展）');
    const now = deps.clock.now();
    const breakthrough = body.breakthrough && before.breakthroughAt === null;
    await tx.insert(developmentProjectProgress).values({
      projectId: before.id,
      reportedOn: body.reportedOn,
      content: body.content,
      breakthrough: body.breakthrough,
      recordedById: actor.userId,
      createdAt: now,
    });
    const today = shanghaiDate(now);
    const flag = before.approvedAt ? projectFlagOn(today, shanghaiDate(before.approvedAt), today) : null;
    const [after] = await tx
      .update(developmentProjects)
      .set({ lastProgressAt: now, flag, ...(breakthrough ? { breakthroughAt: now } : {}), updatedAt: now })
      .where(eq(developmentProjects.id, before.id))
      .returning();
    await completeRuleTasks(tx, deps, { ruleKey: PROGRESS_REMINDER_RULE, recordType: 'development_project', recordId: before.id }, ctx);
    await recordAudit(tx, deps.clock, ctx, {
      action: breakthrough ? 'breakthrough' : 'progress',
      entityType: 'development_project',
      entityId: before.id,
      customerId: before.customerId,
      summary: `开发立项 ${before.number} ${breakthrough ? '取得突破' : '汇报进展'}（${body.reportedOn}）：${body.content.slice(0, 100)}`,
      changes: diffChanges(before, after!, projectAuditFields),
    });
    await timeline(tx, deps, actor, before, `开发立项进展：${body.content.slice(0, 60)}`, { event: 'progress', reportedOn: body.reportedOn });
    if (breakthrough) await timeline(tx, deps, actor, before, `开发立项取得突破：${before.name}`, { event: 'breakthrough', reportedOn: body.reportedOn });
    return detailOf(tx, actor, after!);
  });
}

/** 书面报告 (12 months without reaching the target): the owner's report clears reportRequired. */
export async function submitReport(deps: Deps, ctx: RequestContext, id: number, body: ReportBody): Promise<ProjectDetail> {
  const actor = requirePermission(ctx.actor, 'development:write');
  return deps.db.transaction(async (tx) => {
    const before = await findVisibleProject(tx, actor, id, { forUpdate: true });
    if (before.ownerId !== actor.userId) throw new AppError('FORBIDDEN', '书面报告由立项负责人提交', { reason: 'project.not_owner' });
    assertStatus(before, ['active'], '提交书面报告');
    if (!before.reportRequired) throw new AppError('CONFLICT', `开发立项 ${before.number} 当前不需要提交书面报告`, { reason: 'project.report_not_required' });
    const now = deps.clock.now();
    const [after] = await tx
      .update(developmentProjects)
      .set({ reportRequired: false, reportText: body.text, reportSubmittedAt: now, updatedAt: now })
      .where(eq(developmentProjects.id, before.id))
      .returning();
    await recordAudit(tx, deps.clock, ctx, {
      action: 'report',
      entityType: 'development_project',
      entityId: before.id,
      customerId: before.customerId,
      summary: `开发立项 ${before.number} 提交满 12 个月书面报告`,
      changes: { ...diffChanges(before, after!, projectAuditFields), reportText: { before: before.reportText, after: body.text } },
    });
    await timeline(tx, deps, actor, before, `开发立项提交书面报告：${before.name}`, { event: 'report' });
    return detailOf(tx, actor, after!);
  });
}

/** 评审 (6 months without progress): the manager records the review; the project goes on. */
export async function reviewProject(deps: Deps, ctx: RequestContext, id: number, body: ReviewBody): Promise<ProjectDetail> {
  const actor = requirePermission(ctx.actor, 'development:assign');
  return deps.db.transaction(async (tx) => {
    const before = await findVisibleProject(tx, actor, id, { forUpdate: true });
    assertStatus(before, ['active'], '评审');
    if (!before.reviewRequired) throw new AppError('CONFLICT', `开发立项 ${before.number} 当前不需要评审`, { reason: 'project.review_not_required' });
    const [after] = await tx
      .update(developmentProjects)
      .set({ reviewRequired: false, updatedAt: deps.clock.now() })
      .where(eq(developmentProjects.id, before.id))
      .returning();
    await completeRuleTasks(tx, deps, { ruleKey: PROJECT_REVIEW_RULE, recordType: 'development_project', recordId: before.id }, ctx);
    await recordAudit(tx, deps.clock, ctx, {
      action: 'review',
      entityType: 'development_project',
      entityId: before.id,
      customerId: before.customerId,
      summary: `开发立项 ${before.number} 评审意见：继续开发。${body.comment}`,
      changes: diffChanges(before, after!, projectAuditFields),
    });
    return detailOf(tx, actor, after!);
  });
}

/** 结项: won or terminated by the owner's manager; nothing can be recorded afterwards. */
export async function closeProject(deps: Deps, ctx: RequestContext, id: number, body: CloseProjectBody): Promise<ProjectDetail> {
  const actor = requirePermission(ctx.actor, 'development:assign');
  return deps.db.transaction(async (tx) => {
    const before = await findVisibleProject(tx, actor, id, { forUpdate: true });
    if (body.result === 'won') assertStatus(before, ['active'], '以赢单结项');
    else assertStatus(before, ['active', 'draft'], '终止');
    const now = deps.clock.now();
    const [after] = await tx
      .update(developmentProjects)
      .set({ status: body.result, closedAt: now, closeReason: body.reason, reviewRequired: false, reportRequired: false, updatedAt: now })
      .where(eq(developmentProjects.id, before.id))
      .returning();
    for (const ruleKey of [PROGRESS_REMINDER_RULE, PROJECT_REVIEW_RULE]) {
      await completeRuleTasks(tx, deps, { ruleKey, recordType: 'development_project', recordId: before.id }, ctx);
    }
    const label = body.result === 'won' ? '赢单' : '终止';
    await recordAudit(tx, deps.clock, ctx, {
      action: `close_${body.result}`,
      entityType: 'development_project',
      entityId: before.id,
      customerId: before.customerId,
      summary: `开发立项 ${before.number}「${before.name}」结项：${label}。${body.reason}`,
      changes: diffChanges(before, after!, projectAuditFields),
    });
    await timeline(tx, deps, actor, before, `开发立项结项（${label}）：${before.name}`, { event: body.result, reason: body.reason });
    return detailOf(tx, actor, after!);
  });
}
