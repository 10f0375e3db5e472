import { and, asc, eq, gte, inArray, isNull, lte } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import { requirePermission, scopeCondition, type Actor, type RequestContext } from '../../../platform/access/access';
import { recordAudit } from '../../../platform/audit/audit.service';
import { createWorkdayCalendar } from '../../../platform/calendar/calendar.service';
import { addDays, daysBetween, shanghaiDate, shanghaiTime } from '../../../platform/dates';
import type { DbOrTx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { singleStepJob } from '../../../platform/jobs/jobs.registry';
import { parseYuan, yuanText } from '../../../platform/money';
import { users } from '../../../platform/org/org.table';
import { completeRuleTasks, createTask } from '../../../platform/tasks/tasks.service';
import { addTimelineEvent, customers } from '../../customers';
import { contractNumbersOf, contractsInForce } from '../../leasing';
import { assertAssignable, isUnitManager } from '../complaints/complaints.access';
import { serviceSettings } from '../complaints/complaints.table';
import { takeTicket } from '../tickets/tickets.service';
import { contractVisitDates, keyAccountIntervals, keyAccountVisitDates, renewalVisitDate } from './plan';
import { EXPENSE_LIMIT, type assignVisitBody, type listVisitsQuery, type recordVisitBody, type ReturnVisit } from './return-visits.schema';
import { serviceReturnVisits } from './return-visits.table';

// 回访 (R-SVC-20, 21): a daily job plans the visits due in the next 30 days; a closed complaint
// adds one a week later. Visits are seen in the service scope of the responsible unit and by
// their visitor; the report is due the next working day after the visit; the visitor's manager
// (or a complaint supervisor) reviews it.

const HORIZON_DAYS = 30;
type Row = typeof serviceReturnVisits.$inferSelect;

const visitScope = (actor: Actor) => scopeCondition(actor, 'service', { unitColumn: serviceReturnVisits.unitId, ownerColumns: [serviceReturnVisits.visitorId] });

/** The unit responsible for return visits (company setting), if any; else each customer's own. */
async function returnVisitUnit(db: DbOrTx): Promise<number | null> {
  const [row] = await db.select({ unitId: serviceSettings.returnVisitUnitId }).from(serviceSettings).where(eq(serviceSettings.id, 1));
  return row?.unitId ?? null;
}

interface Planned {
  customerId: number;
  contractId: number | null;
  kind: Row['kind'];
  planKey: string;
  purpose: string;
  dueDate: string;
}

async function insertPlanned(db: DbOrTx, now: Date, planned: Planned[]): Promise<number> {
  if (!planned.length) return 0;
  const ids = [...new Set(planned.map((p) => p.customerId))];
  const units = new Map((await db.select({ id: customers.id, unitId: customers.unitId }).from(customers).where(inArray(customers.id, ids))).map((c) => [c.id, c.unitId]));
  const responsible = await returnVisitUnit(db);
  let inserted = 0;
  for (let i = 0; i < planned.length; i += 500) {
    const values = planned.slice(i, i + 500).map((p) => ({ ...p, unitId: responsible ?? units.get(p.customerId)!, status: 'planned', createdAt: now, updatedAt: now }));
    inserted += (await db.insert(serviceReturnVisits).values(values).onConflictDoNothing().returning({ id: serviceReturnVisits.id })).length;
  }
  return inserted;
}

/** The planning job's work: contract, renewal and key-account visits due within 30 days; idempotent. */
export async function planReturnVisits(deps: Deps): Promise<{ planned: number }> {
  const now = deps.clock.now();
  const today = shanghaiDate(now);
  const until = addDays(today, HORIZON_DAYS);
  const planned: Planned[] = [];
  for (const c of await contractsInForce(deps.db, today)) {
    for (const date of contractVisitDates(c.startDate, c.endDate, today, until)) {
      const firstYear = daysBetween(c.startDate, date) <= 366;
      planned.push({ customerId: c.customerId, contractId: c.id, kind: 'contract', planKey: `contract:${c.id}:${date}`, purpose: `合同 ${c.number} ${firstYear ? '首年月度' : '季度'}回访`, dueDate: date });
    }
    const renewal = renewalVisitDate(c.endDate);
    if (renewal >= today && renewal <= until) planned.push({ customerId: c.customerId, contractId: c.id, kind: 'renewal', planKey: `renewal:${c.id}`, purpose: `合同 ${c.number} 将于 ${c.endDate} 到期：续约前回访`, dueDate: renewal });
  }
  const keyAccounts = await deps.db
    .select({ id: customers.id, grade: customers.grade })
    .from(customers)
    .where(and(inArray(customers.grade, Object.keys(keyAccountIntervals)), isNull(customers.mergedIntoId)));
  for (const k of keyAccounts) {
    for (const date of keyAccountVisitDates(keyAccountIntervals[k.grade!]!, today, until)) {
      planned.push({ customerId: k.id, contractId: null, kind: 'key_account', planKey: `key:${k.id}:${date}`, purpose: '重点客户定期回访', dueDate: date });
    }
  }
  return { planned: await insertPlanned(deps.db, now, planned) };
}

/** A special visit a week after a complaint is closed (R-SVC-20), in the closing transaction. */
export async function planComplaintVisit(tx: DbOrTx, now: Date, complaint: { id: number; number: string; customerId: number }) {
  await insertPlanned(tx, now, [{ customerId: complaint.customerId, contractId: null, kind: 'complaint', planKey: `complaint:${complaint.id}`, purpose: `投诉 ${complaint.number} 结案后回访`, dueDate: addDays(shanghaiDate(now), 7) }]);
}

const visitor = alias(users, 'visitor');
const reviewer = alias(users, 'reviewer');
const columns = { v: serviceReturnVisits, customerName: customers.name, ownerId: customers.ownerId, visitorName: visitor.displayName, reviewerName: reviewer.displayName };
const selectVisits = (db: DbOrTx) =>
  db.select(columns).from(serviceReturnVisits).innerJoin(customers, eq(customers.id, serviceReturnVisits.customerId)).leftJoin(visitor, eq(visitor.id, serviceReturnVisits.visitorId)).leftJoin(reviewer, eq(reviewer.id, serviceReturnVisits.reviewedById));

async function toVisits(db: DbOrTx, actor: Actor, rows: Awaited<ReturnType<typeof selectVisits>>): Promise<ReturnVisit[]> {
  const numbers = await contractNumbersOf(db, rows.flatMap((r) => (r.v.contractId ? [r.v.contractId] : [])));
  const supervisor = actor.permissions.has('complaint:supervise') || (await isUnitManager(db, actor.userId));
  return rows.map(({ v, customerName, ownerId, visitorName, reviewerName }) => ({
    id: v.id,
    customerId: v.customerId,
    customerName,
    contractId: v.contractId,
    contractNumber: v.contractId ? (numbers.get(v.contractId) ?? null) : null,
    kind: v.kind as ReturnVisit['kind'],
    purpose: v.purpose,
    dueDate: v.dueDate,
    status: v.status as ReturnVisit['status'],
    visitorId: v.visitorId,
    visitorName: visitorName ?? null,
    ownerId,
    visitedOn: v.visitedOn,
    method: v.method as ReturnVisit['method'],
    people: v.people,
    businessSituation: v.businessSituation,
    scores: v.scores,
    opinions: v.opinions,
    expenses: v.expenses,
    followUps: v.followUps,
    reportDueOn: v.reportDueOn,
    recordedLate: v.recordedLate === 1,
    reviewedByName: reviewerName ?? null,
    reviewNote: v.reviewNote,
    canRecord: v.status === 'planned' && v.visitorId === actor.userId,
    canReview: v.status === 'recorded' && v.visitorId !== actor.userId && supervisor,
  }));
}

export async function listReturnVisits(deps: Deps, ctx: RequestContext, query: z.infer<typeof listVisitsQuery>): Promise<ReturnVisit[]> {
  const actor = requirePermission(ctx.actor, 'service:read');
  if (query.to < query.from) throw fieldError('to', '结束日期不能早于开始日期');
  if (daysBetween(query.from, query.to) > 92) throw fieldError('to', '一次最多查询三个月');
  const rows = await selectVisits(deps.db)
    .where(and(visitScope(actor), gte(serviceReturnVisits.dueDate, query.from), lte(serviceReturnVisits.dueDate, query.to), query.status ? eq(serviceReturnVisits.status, query.status) : undefined, query.mine === 'true' ? eq(serviceReturnVisits.visitorId, actor.userId) : undefined))
    .orderBy(asc(serviceReturnVisits.dueDate), asc(serviceReturnVisits.id))
    .limit(1000);
  return toVisits(deps.db, actor, rows);
}

async function visible(db: DbOrTx, actor: Actor, id: number, forUpdate = false) {
  const query = db.select().from(serviceReturnVisits).where(and(eq(serviceReturnVisits.id, id), visitScope(actor)));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw new AppError('NOT_FOUND', '回访不存在或无权查看');
  return row;
}

export async function getReturnVisit(deps: Deps, ctx: RequestContext, id: number): Promise<ReturnVisit> {
  const actor = requirePermission(ctx.actor, 'service:read');
  const v = await visible(deps.db, actor, id);
  return (await toVisits(deps.db, actor, await selectVisits(deps.db).where(eq(serviceReturnVisits.id, v.id))))[0]!;
}

/** 指派回访人: by default never the customer's own account manager (R-SVC-21). */
export async function assignReturnVisit(deps: Deps, ctx: RequestContext, id: number, body: z.infer<typeof assignVisitBody>) {
  const actor = requirePermission(ctx.actor, 'service:write');
  await deps.db.transaction(async (tx) => {
    const v = await visible(tx, actor, id, true);
    if (v.status !== 'planned') throw new AppError('CONFLICT', '回访已记录，不能改派', { reason: 'visit.not_planned' });
    const person = await assertAssignable(tx, body.visitorId, [], 'visitorId', '回访人');
    const [customer] = await tx.select({ ownerId: customers.ownerId, name: customers.name }).from(customers).where(eq(customers.id, v.customerId));
    if (customer?.ownerId === person.id && !body.allowOwner) throw fieldError('visitorId', '回访人默认不能是该客户的客户经理；确需由其本人回访时请勾选“由客户经理回访”');
    await tx.update(serviceReturnVisits).set({ visitorId: person.id, updatedAt: deps.clock.now() }).where(eq(serviceReturnVisits.id, id));
    await completeRuleTasks(tx, deps, { ruleKey: 'return_visit', recordType: 'return_visit', recordId: id }, ctx);
    await createTask(tx, deps, { title: `回访 ${customer!.name}`, description: v.purpose, assigneeId: person.id, dueAt: shanghaiTime(v.dueDate, '18:00'), recordType: 'return_visit', recordId: id, ruleKey: 'return_visit', dedupeKey: `return_visit:${id}:${person.id}`, createdById: actor.userId }, ctx);
    await recordAudit(tx, deps.clock, ctx, { action: 'assign', entityType: 'return_visit', entityId: id, customerId: v.customerId, summary: `回访（${v.dueDate}）指派给 ${person.display_name}` });
  });
  return getReturnVisit(deps, ctx, id);
}

/** 回访记录 (the visitor): follow-ups become tasks or tickets in the same transaction. */
export async function recordReturnVisit(deps: Deps, ctx: RequestContext, id: number, body: z.infer<typeof recordVisitBody>) {
  const actor = requirePermission(ctx.actor, 'service:write');
  const now = deps.clock.now();
  const today = shanghaiDate(now);
  if (body.visitedOn > today) throw fieldError('visitedOn', '回访日期不能晚于今天');
  if (parseYuan(body.expenses) > parseYuan(EXPENSE_LIMIT)) throw fieldError('expenses', `单次回访费用不超过 ${EXPENSE_LIMIT} 元`);
  await deps.db.transaction(async (tx) => {
    const v = await visible(tx, actor, id, true);
    if (v.visitorId !== actor.userId) throw new AppError('FORBIDDEN', '只有回访人可以填写回访记录', { reason: 'visit.not_visitor' });
    if (v.status !== 'planned') throw new AppError('CONFLICT', '回访记录已提交', { reason: 'visit.not_planned' });
    const calendar = await createWorkdayCalendar(tx);
    const reportDueOn = calendar.addWorkdays(body.visitedOn, 1);
    const followUps: { action: string; as: 'task' | 'ticket'; ref: number }[] = [];
    for (const [index, f] of body.followUps.entries()) {
      if (f.as === 'task') {
        const due = f.dueDate ?? addDays(today, 7);
        const { task } = await createTask(tx, deps, { title: `回访跟进：${f.action.slice(0, 40)}`, description: f.action, assigneeId: f.assigneeId ?? actor.userId, dueAt: shanghaiTime(due, '18:00'), recordType: 'return_visit', recordId: id, ruleKey: 'return_visit_follow_up', createdById: actor.userId }, ctx).catch((error: Error) => {
          throw fieldError(`followUps.${index}.assigneeId`, error.message);
        });
        followUps.push({ action: f.action, as: 'task', ref: task.id });
      } else {
        const ticketId = await takeTicket(tx, deps, ctx, { customerId: v.customerId, contactName: body.people.slice(0, 50), channel: 'visit', category: 'other', description: f.action, priority: 'normal' });
        followUps.push({ action: f.action, as: 'ticket', ref: ticketId });
      }
    }
    await tx
      .update(serviceReturnVisits)
      .set({ status: 'recorded', visitedOn: body.visitedOn, method: body.method, people: body.people, businessSituation: body.businessSituation || null, scores: body.scores, opinions: body.opinions || null, expenses: yuanText(parseYuan(body.expenses)), followUps, reportDueOn, recordedAt: now, recordedLate: today > reportDueOn ? 1 : 0, updatedAt: now })
      .where(eq(serviceReturnVisits.id, id));
    await completeRuleTasks(tx, deps, { ruleKey: 'return_visit', recordType: 'return_visit', recordId: id }, ctx);
    await recordAudit(tx, deps.clock, ctx, { action: 'record', entityType: 'return_visit', entityId: id, customerId: v.customerId, summary: `回访记录（${body.visitedOn}，总体满意度 ${body.scores.overall}）${today > reportDueOn ? '，晚于报告时限' : ''}` });
    await addTimelineEvent(tx, deps.clock, { customerId: v.customerId, type: 'service', title: `回访：总体满意度 ${body.scores.overall} / 5${body.opinions ? `，${body.opinions.slice(0, 40)}` : ''}`, actorId: actor.userId, link: `/service/return-visits?visit=${id}`, sourceType: 'return_visit', sourceId: id });
  });
  return getReturnVisit(deps, ctx, id);
}

/** 审阅: the visitor's manager, a unit manager in scope or a complaint supervisor; never the visitor. */
export async function reviewReturnVisit(deps: Deps, ctx: RequestContext, id: number, note: string | null | undefined) {
  const actor = requirePermission(ctx.actor, 'service:read');
  await deps.db.transaction(async (tx) => {
    const v = await visible(tx, actor, id, true);
    if (v.status !== 'recorded') throw new AppError('CONFLICT', '只有已提交的回访记录可以审阅', { reason: 'visit.not_recorded' });
    if (v.visitorId === actor.userId) throw new AppError('FORBIDDEN', '回访人不能审阅自己的回访记录', { reason: 'visit.own' });
    if (!actor.permissions.has('complaint:supervise') && !(await isUnitManager(tx, actor.userId))) throw new AppError('FORBIDDEN', '只有主管可以审阅回访记录', { reason: 'visit.not_supervisor' });
    await tx.update(serviceReturnVisits).set({ status: 'reviewed', reviewedById: actor.userId, reviewedAt: deps.clock.now(), reviewNote: note || null, updatedAt: deps.clock.now() }).where(eq(serviceReturnVisits.id, id));
    await recordAudit(tx, deps.clock, ctx, { action: 'review', entityType: 'return_visit', entityId: id, customerId: v.customerId, summary: `审阅回访记录${note ? `：${note}` : ''}` });
  });
  return getReturnVisit(deps, ctx, id);
}

export const returnVisitPlanJob = singleStepJob(
  {
    key: 'service_return_visit_plan',
    name: '回访计划',
    nameEn: 'Return visit plan',
    description: '每日按合同（首年每月、之后每季度）、重点客户等级与续约前 60 天生成未来 30 天的回访计划；不重复生成',
    descriptionEn: 'Plans the return visits due in the next 30 days per contract, key-account grade and renewal',
    defaultCron: '10 6 * * *',
  },
  (deps) => planReturnVisits(deps),
);

