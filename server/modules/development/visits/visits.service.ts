import { and, asc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import { hasPermission, requireActor, requirePermission, type Actor, type RequestContext } from '../../../platform/access/access';
import { diffChanges, recordAudit } from '../../../platform/audit/audit.service';
import type { DbOrTx, Tx } from '../../../platform/db/client';
import { selectPage } from '../../../platform/db/paging';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { orderByFrom } from '../../../platform/http/pagination';
import { notify } from '../../../platform/notifications/notifications.service';
import { completeRuleTasks } from '../../../platform/tasks/tasks.service';
import { addTimelineEvent, customerContacts, getVisibleCustomer } from '../../customers';
import { developmentScope } from '../development-access';
import { recordValidFollowUp } from '../follow-up';
import { opportunities } from '../opportunities/opportunities.table';
import { developmentRulesFor } from '../settings/development-settings.service';
import { followUpInstant, monthOfDate, reportDueDateOf, todayOf } from './visit-dates';
import { proposeRemovalIfDue } from './visit-removal.service';
import { VISIT_OVERDUE_RULE } from './visit-rules';
import { contactNames, customerNames, inUnitTree, managesUnit, opportunityNames, unitNames, userNames } from './visits.queries';
import {
  visitMethodLabels,
  type CreateVisitBody,
  type CreatedVisit,
  type ReviewVisitBody,
  type UpdateVisitBody,
  type Visit,
  type VisitOptions,
  type VisitQuery,
} from './visits.schema';
import { visitPlanItems, visitPlans, visitRecords } from './visits.table';

// 拜访记录 (R-DEV-31, R-DEV-33): reported within the due days, reviewed by the manager, on the
// customer timeline; a valid one keeps the customer owned and the opportunity fresh.

type VisitRow = typeof visitRecords.$inferSelect;
const visitFields: (keyof VisitRow)[] = [
  'customerId',
  'contactId',
  'opportunityId',
  'planItemId',
  'visitDate',
  'method',
  'participants',
  'content',
  'feedback',
  'nextStep',
  'nextDate',
  'valid',
  'progress',
  'reportDueDate',
  'late',
  'reviewComment',
];

/** How long the author may still correct a record (unless a manager reviewed it already). */
export const VISIT_EDIT_WINDOW_HOURS = 24;

export const visitReviewedKind = { kind: 'visit_reviewed', label: '拜访报告被审阅', labelEn: 'Visit report reviewed' };

export const visitScope = (actor: Actor) => developmentScope(actor, { unit: visitRecords.unitId, owners: [visitRecords.userId] });

export async function toVisits(db: DbOrTx, rows: VisitRow[]): Promise<Visit[]> {
  const [customers, users, units, contacts, opps] = await Promise.all([
    customerNames(db, rows.map((row) => row.customerId)),
    userNames(db, rows.flatMap((row) => [row.userId, row.reviewedById])),
    unitNames(db, rows.map((row) => row.unitId)),
    contactNames(db, rows.map((row) => row.contactId)),
    opportunityNames(db, rows.map((row) => row.opportunityId)),
  ]);
  return rows.map((row) => ({
    id: row.id,
    customerId: row.customerId,
    customerName: customers.get(row.customerId) ?? '',
    contactId: row.contactId,
    contactName: row.contactId === null ? null : (contacts.get(row.contactId) ?? null),
    opportunityId: row.opportunityId,
    opportunityName: row.opportunityId === null ? null : (opps.get(row.opportunityId) ?? null),
    planItemId: row.planItemId,
    userId: row.userId,
    userName: users.get(row.userId) ?? '',
    unitId: row.unitId,
    unitName: units.get(row.unitId) ?? '',
    visitDate: row.visitDate,
    method: row.method as Visit['method'],
    participants: row.participants,
    content: row.content,
    feedback: row.feedback,
    nextStep: row.nextStep,
    nextDate: row.nextDate,
    valid: row.valid,
    progress: row.progress,
    reportedAt: row.reportedAt.toISOString(),
    reportDueDate: row.reportDueDate,
    late: row.late,
    reviewComment: row.reviewComment,
    reviewedById: row.reviewedById,
    reviewedByName: row.reviewedById === null ? null : (users.get(row.reviewedById) ?? null),
    reviewedAt: row.reviewedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }));
}

async function loadVisit(db: DbOrTx, actor: Actor, id: number, options: { forUpdate?: boolean } = {}): Promise<VisitRow> {
  const query = db.select().from(visitRecords).where(and(eq(visitRecords.id, id), visitScope(actor)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw new AppError('NOT_FOUND', '拜访记录不存在或无权查看');
  return row;
}

async function assertContact(db: DbOrTx, customerId: number, contactId: number | null | undefined) {
  if (!contactId) return;
  const [row] = await db
    .select({ id: customerContacts.id })
    .from(customerContacts)
    .where(and(eq(customerContacts.id, contactId), eq(customerContacts.customerId, customerId)));
  if (!row) throw fieldError('contactId', '联系人不属于该客户，请重新选择');
}

async function assertOpportunity(db: DbOrTx, customerId: number, opportunityId: number | null | undefined) {
  if (!opportunityId) return;
  const [row] = await db
    .select({ id: opportunities.id })
    .from(opportunities)
    .where(and(eq(opportunities.id, opportunityId), eq(opportunities.customerId, customerId)));
  if (!row) throw fieldError('opportunityId', '商机不属于该客户，请重新选择');
}

/** The plan item a record fulfils: the one named, or the author's nearest open item of that customer in an approved plan. */
async function planItemFor(tx: Tx, actor: Actor, body: CreateVisitBody) {
  const base = and(
    eq(visitPlans.userId, actor.userId),
    eq(visitPlans.status, 'approved'),
    eq(visitPlanItems.customerId, body.customerId),
    inArray(visitPlanItems.status, ['planned', 'missed']),
  );
  if (body.planItemId) {
    const [item] = await tx
      .select({ id: visitPlanItems.id })
      .from(visitPlanItems)
      .innerJoin(visitPlans, eq(visitPlans.id, visitPlanItems.planId))
      .where(and(base, eq(visitPlanItems.id, body.planItemId)))
      .for('update', { of: visitPlanItems });
    if (!item) throw fieldError('planItemId', '所选计划拜访不存在、不是本人已批准计划中该客户的拜访，或已完成');
    return item.id;
  }
  const [item] = await tx
    .select({ id: visitPlanItems.id })
    .from(visitPlanItems)
    .innerJoin(visitPlans, eq(visitPlans.id, visitPlanItems.planId))
    .where(and(base, eq(visitPlans.month, monthOfDate(body.visitDate))))
    .orderBy(sql`abs(${visitPlanItems.plannedDate} - ${body.visitDate}::date)`, asc(visitPlanItems.id))
    .limit(1)
    .for('update', { of: visitPlanItems });
  return item?.id ?? null;
}

/** 记录拜访 (R-DEV-31). */
export async function createVisit(deps: Deps, ctx: RequestContext, body: CreateVisitBody): Promise<CreatedVisit> {
  const actor = requirePermission(ctx.actor, 'development:write');
  const today = todayOf(deps.clock);
  if (body.visitDate > today) throw fieldError('visitDate', '拜访日期不能晚于今天');
  if (body.nextDate && body.nextDate < body.visitDate) throw fieldError('nextDate', '下次跟进日期不能早于拜访日期');
  return deps.db.transaction(async (tx) => {
    const customer = await getVisibleCustomer(tx, actor, body.customerId);
    await assertContact(tx, customer.id, body.contactId);
    await assertOpportunity(tx, customer.id, body.opportunityId);
    const rules = await developmentRulesFor(tx, actor.unitId);
    const reportDueDate = await reportDueDateOf(tx, rules, body.visitDate);
    const planItemId = await planItemFor(tx, actor, body);
    const now = deps.clock.now();
    const [row] = await tx
      .insert(visitRecords)
      .values({
        customerId: customer.id,
        contactId: body.contactId ?? null,
        opportunityId: body.opportunityId ?? null,
        planItemId,
        userId: actor.userId,
        unitId: actor.unitId,
        visitDate: body.visitDate,
        method: body.method,
        participants: body.participants,
        content: body.content,
        feedback: body.feedback,
        nextStep: body.nextStep,
        nextDate: body.nextDate,
        valid: body.valid,
        progress: body.progress,
        reportedAt: now,
        reportDueDate,
        late: today > reportDueDate,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const visit = row!;
    if (planItemId) {
      await tx.update(visitPlanItems).set({ status: 'done', visitId: visit.id }).where(eq(visitPlanItems.id, planItemId));
      await completeRuleTasks(tx, deps, { ruleKey: VISIT_OVERDUE_RULE, dedupeKey: `${VISIT_OVERDUE_RULE}:${planItemId}` }, ctx);
    }
    const at = followUpInstant(deps.clock, body.visitDate);
    if (visit.valid) await recordValidFollowUp(tx, deps.clock, ctx, { customerId: customer.id, opportunityId: visit.opportunityId, at });
    const method = visitMethodLabels[body.method];
    await recordAudit(tx, deps.clock, ctx, {
      action: 'create',
      entityType: 'visit_record',
      entityId: visit.id,
      customerId: customer.id,
      summary: `记录拜访（${method}，${body.visitDate}）：客户「${customer.name}」${visit.late ? `，迟报（应于 ${reportDueDate} 前提交）` : ''}`,
      changes: diffChanges(null, visit, visitFields),
    });
    await addTimelineEvent(tx, deps.clock, {
      customerId: customer.id,
      type: 'visit',
      title: `${method}拜访：${body.content.length > 40 ? `${body.content.slice(0, 40)}…` : body.content}`,
      detail: {
        visitId: visit.id,
        method: body.method,
        visitDate: body.visitDate,
        contactId: visit.contactId,
        opportunityId: visit.opportunityId,
        nextStep: visit.nextStep,
        nextDate: visit.nextDate,
        late: visit.late,
        valid: visit.valid,
      },
      actorId: actor.userId,
      link: `/development/visits?id=${visit.id}`,
      sourceType: 'visit_record',
      sourceId: visit.id,
      occurredAt: at,
    });
    const removalProposalId = await proposeRemovalIfDue(tx, deps.clock, ctx, {
      customerId: customer.id,
      customerName: customer.name,
      userId: actor.userId,
      userName: actor.displayName,
      unitId: actor.unitId,
      rules,
    });
    return { ...(await toVisits(tx, [visit]))[0]!, removalProposalId };
  });
}

export async function listVisits(deps: Deps, ctx: RequestContext, query: VisitQuery) {
  const actor = requireActor(ctx);
  const where = and(
    visitScope(actor),
    query.userId ? eq(visitRecords.userId, query.userId) : undefined,
    query.unitId ? inUnitTree(visitRecords.unitId, query.unitId) : undefined,
    query.customerId ? eq(visitRecords.customerId, query.customerId) : undefined,
    query.opportunityId ? eq(visitRecords.opportunityId, query.opportunityId) : undefined,
    query.dateFrom ? gte(visitRecords.visitDate, query.dateFrom) : undefined,
    query.dateTo ? lte(visitRecords.visitDate, query.dateTo) : undefined,
    query.method ? eq(visitRecords.method, query.method) : undefined,
    query.late ? eq(visitRecords.late, query.late === 'true') : undefined,
    query.unreviewed === 'true' ? isNull(visitRecords.reviewedAt) : undefined,
  );
  const orderBy = orderByFrom(
    query.sort,
    { visitDate: visitRecords.visitDate, reportedAt: visitRecords.reportedAt },
    sql`${visitRecords.visitDate} desc, ${visitRecords.id} desc`,
  );
  const { rows, ...counted } = await selectPage(deps.db, query, {
    rows: (limit, offset) =>
      deps.db.select().from(visitRecords).where(where).orderBy(...orderBy).limit(limit).offset(offset),
    matching: deps.db.select({ one: sql`1` }).from(visitRecords).where(where).$dynamic(),
  });
  return { items: await toVisits(deps.db, rows), ...counted };
}

export async function getVisit(deps: Deps, ctx: RequestContext, id: number): Promise<Visit> {
  return (await toVisits(deps.db, [await loadVisit(deps.db, requireActor(ctx), id)]))[0]!;
}

/** The author corrects a record within the edit window, before any review. */
export async function updateVisit(deps: Deps, ctx: RequestContext, id: number, body: UpdateVisitBody): Promise<Visit> {
  const actor = requirePermission(ctx.actor, 'development:write');
  return deps.db.transaction(async (tx) => {
    const before = await loadVisit(tx, actor, id, { forUpdate: true });
    if (before.userId !== actor.userId) throw new AppError('FORBIDDEN', '只有记录人本人可以修改拜访记录', { reason: 'visit.not_author' });
    const deadline = before.reportedAt.getTime() + VISIT_EDIT_WINDOW_HOURS * 3_600_000;
    if (before.reviewedAt || deps.clock.now().getTime() > deadline) {
      throw new AppError('CONFLICT', `拜访记录提交 ${VISIT_EDIT_WINDOW_HOURS} 小时后或经理审阅后不能再修改，如需补充请新增一条记录`, { reason: 'visit.edit_window_closed' });
    }
    if (body.contactId !== undefined) await assertContact(tx, before.customerId, body.contactId);
    const nextDate = body.nextDate === undefined ? before.nextDate : body.nextDate;
    if (nextDate && nextDate < before.visitDate) throw fieldError('nextDate', '下次跟进日期不能早于拜访日期');
    const [after] = await tx
      .update(visitRecords)
      .set({
        ...(body.contactId !== undefined ? { contactId: body.contactId } : {}),
        ...(body.method ? { method: body.method } : {}),
        ...(body.participants ? { participants: body.participants } : {}),
        ...(body.content ? { content: body.content } : {}),
        ...(body.feedback !== undefined ? { feedback: body.feedback } : {}),
        ...(body.nextStep !== undefined ? { nextStep: body.nextStep } : {}),
        nextDate,
        updatedAt: deps.clock.now(),
      })
      .where(eq(visitRecords.id, before.id))
      .returning();
    await recordAudit(tx, deps.clock, ctx, {
      action: 'update',
      entityType: 'visit_record',
      entityId: before.id,
      customerId: before.customerId,
      summary: `修改拜访记录（${before.visitDate}）`,
      changes: diffChanges(before, after!, visitFields),
    });
    return (await toVisits(tx, [after!]))[0]!;
  });
}

/** 经理审阅 (R-DEV-31): by a holder of development:assign or a manager of the author's unit; never the author. */
export async function reviewVisit(deps: Deps, ctx: RequestContext, id: number, body: ReviewVisitBody): Promise<Visit> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const before = await loadVisit(tx, actor, id, { forUpdate: true });
    if (before.userId === actor.userId) throw new AppError('FORBIDDEN', '不能审阅自己的拜访记录', { reason: 'visit.review_own' });
    if (!hasPermission(actor, 'development:assign') && !(await managesUnit(tx, actor.userId, before.unitId))) {
      throw new AppError('FORBIDDEN', '只有记录人所在部门的负责人或有「分配与转移客户」权限的经理可以审阅拜访记录', { reason: 'visit.not_reviewer' });
    }
    const now = deps.clock.now();
    const [after] = await tx
      .update(visitRecords)
      .set({ reviewComment: body.comment, reviewedById: actor.userId, reviewedAt: now, updatedAt: now })
      .where(eq(visitRecords.id, before.id))
      .returning();
    const [customerName] = (await customerNames(tx, [before.customerId])).values();
    await recordAudit(tx, deps.clock, ctx, {
      action: 'visit_review',
      entityType: 'visit_record',
      entityId: before.id,
      customerId: before.customerId,
      summary: `审阅拜访记录（${before.visitDate}，客户「${customerName ?? ''}」）：${body.comment}`,
      changes: diffChanges(before, after!, ['reviewComment']),
    });
    await notify(tx, deps.clock, {
      userId: before.userId,
      kind: 'visit_reviewed',
      title: `${actor.displayName} 审阅了您的拜访记录：${customerName ?? ''}`,
      body: body.comment,
      link: `/development/visits?id=${before.id}`,
    });
    return (await toVisits(tx, [after!]))[0]!;
  });
}

/** What the 「记录拜访」 form offers for a customer: contacts, opportunities, my open planned visits. */
export async function visitOptions(deps: Deps, ctx: RequestContext, customerId: number): Promise<VisitOptions> {
  const actor = requireActor(ctx);
  const customer = await getVisibleCustomer(deps.db, actor, customerId);
  const [contacts, opps, items] = await Promise.all([
    deps.db
      .select({ id: customerContacts.id, name: customerContacts.name, title: customerContacts.title })
      .from(customerContacts)
      .where(eq(customerContacts.customerId, customer.id))
      .orderBy(sql`${customerContacts.isPrimary} desc`, asc(customerContacts.id)),
    deps.db
      .select({ id: opportunities.id, number: opportunities.number, name: opportunities.name, stageCode: opportunities.stageCode, status: opportunities.status })
      .from(opportunities)
      .where(eq(opportunities.customerId, customer.id))
      .orderBy(sql`${opportunities.status} = 'open' desc`, sql`${opportunities.id} desc`)
      .limit(50),
    deps.db
      .select({ id: visitPlanItems.id, plannedDate: visitPlanItems.plannedDate, purpose: visitPlanItems.purpose, status: visitPlanItems.status })
      .from(visitPlanItems)
      .innerJoin(visitPlans, eq(visitPlans.id, visitPlanItems.planId))
      .where(
        and(
          eq(visitPlanItems.customerId, customer.id),
          eq(visitPlans.userId, actor.userId),
          eq(visitPlans.status, 'approved'),
          inArray(visitPlanItems.status, ['planned', 'missed']),
        ),
      )
      .orderBy(asc(visitPlanItems.plannedDate))
      .limit(50),
  ]);
  return { contacts, opportunities: opps, planItems: items.map((item) => ({ ...item, status: item.status as 'planned' | 'missed' })) };
}
