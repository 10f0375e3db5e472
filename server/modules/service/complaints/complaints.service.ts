import { and, desc, eq, gte, ilike, inArray, lt, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { requirePermission, type Actor, type RequestContext } from '../../../platform/access/access';
import { recordAudit } from '../../../platform/audit/audit.service';
import { addMonths, shanghaiDate, shanghaiTime } from '../../../platform/dates';
import type { DbOrTx } from '../../../platform/db/client';
import { mapPage, selectPage } from '../../../platform/db/paging';
import type { Deps } from '../../../platform/deps';
import { fieldError } from '../../../platform/errors';
import { likePattern, orderByFrom } from '../../../platform/http/pagination';
import { notify } from '../../../platform/notifications/notifications.service';
import { nextNumber } from '../../../platform/numbering/numbering.service';
import { orgUnits, users } from '../../../platform/org/org.table';
import { createTask } from '../../../platform/tasks/tasks.service';
import { customers } from '../../customers';
import { clockView, complaintClocksOf } from './clocks.service';
import { assertAssignable, avoidListFor, complaintVisibility, managesComplaint, visibleComplaint } from './complaints.access';
import {
  complaintSubtypes,
  criteria,
  type ComplaintDetail,
  type ComplaintSummary,
  type CreateComplaintBody,
  type Criterion,
  type listComplaintsQuery,
} from './complaints.schema';
import { serviceComplaintLog, serviceComplaintPauses, serviceComplaints } from './complaints.table';
import { PLAN_MINUTES } from './sla';
import type { z } from 'zod';

export const COMPLAINT_KIND = 'service_complaint';
export const COMPLAINT_RULE = 'service_complaint';
type Row = typeof serviceComplaints.$inferSelect;

/** One line of the handling record, with the audit entry that every state change carries. */
export async function logStep(tx: DbOrTx, deps: Deps, ctx: RequestContext, complaint: Pick<Row, 'id' | 'number'>, action: string, note: string) {
  const now = deps.clock.now();
  await tx.insert(serviceComplaintLog).values({ complaintId: complaint.id, action, note, byId: ctx.actor?.userId ?? null, createdAt: now });
  // The audit entry names the step, not the facts: the customer's audit trail is read more widely than the complaint.
  await recordAudit(tx, deps.clock, ctx, { action: 'update', entityType: 'service_complaint', entityId: complaint.id, summary: `投诉 ${complaint.number}：${action}` });
}

export function subtypeName(family: string, subtype: string): string {
  const names = complaintSubtypes[family as keyof typeof complaintSubtypes] as Record<string, string> | undefined;
  return names?.[subtype] ?? subtype;
}

/** R-SVC-11: an attitude complaint raised more than a month after the event is proposed as 无效. */
export function proposedCriterion(row: Pick<Row, 'subtype' | 'eventAt' | 'receivedAt'>): Criterion | null {
  if (row.subtype !== 'attitude') return null;
  return addMonths(shanghaiDate(row.eventAt), 1) < shanghaiDate(row.receivedAt) ? 'late_attitude' : null;
}

/** 受理投诉 (service:write): the taker, the handler and the target's avoid list are fixed here. */
export async function createComplaint(deps: Deps, ctx: RequestContext, body: CreateComplaintBody): Promise<ComplaintDetail> {
  const actor = requirePermission(ctx.actor, 'service:write');
  const now = deps.clock.now();
  const eventAt = new Date(body.eventAt);
  if (eventAt > now) throw fieldError('eventAt', '事发时间不能晚于现在');
  const id = await deps.db.transaction(async (tx) => {
    const [customer] = await tx.select({ id: customers.id, name: customers.name }).from(customers).where(and(eq(customers.id, body.customerId), sql`${customers.mergedIntoId} IS NULL`));
    if (!customer) throw fieldError('customerId', '客户不存在或已合并，请重新选择');
    if (body.targetUnitId) {
      const [unit] = await tx.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.id, body.targetUnitId));
      if (!unit) throw fieldError('targetUnitId', '被投诉部门不存在');
    }
    const avoid = await avoidListFor(tx, body.targetUserId);
    if (avoid.includes(actor.userId)) throw fieldError('targetUserId', '您是被投诉人或其上级，须回避：请由其他同事受理');
    const handlerId = body.handlerId ?? actor.userId;
    const handler = await assertAssignable(tx, handlerId, avoid, 'handlerId', '处理人');
    const number = await nextNumber(tx, deps, { docType: 'complaint' });
    const grievance = body.kind === 'grievance';
    const [row] = await tx
      .insert(serviceComplaints)
      .values({
        number,
        kind: body.kind,
        source: body.source,
        forwardedBy: body.source === 'customer' ? null : (body.forwardedBy ?? null),
        customerId: customer.id,
        complainantName: body.complainantName,
        contactPhone: body.contactPhone || null,
        channel: body.channel,
        family: body.family,
        subtype: body.subtype,
        targetUserId: body.targetUserId ?? null,
        targetUnitId: body.targetUnitId ?? null,
        facts: body.facts,
        eventAt,
        receivedAt: now,
        takenById: actor.userId,
        handlerId: handler.id,
        avoidUserIds: avoid,
        // A grievance (抱怨) is noted, not handled: no clocks, no classification.
        status: grievance ? 'closed' : 'handling',
        closedAt: grievance ? now : null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const complaint = row!;
    await logStep(tx, deps, ctx, complaint, grievance ? '记录抱怨' : '受理投诉', grievance ? '未形成正式投诉，已记录' : `由 ${actor.displayName} 受理，处理人 ${handler.display_name}`);
    if (!grievance) {
      // The handling plan is due in 30 minutes; the task carries the escalation of R-PLT-30 as well.
      await createTask(tx, deps, { title: `处理投诉 ${number}`, description: '30 分钟内制定处理方案，3 天内办结', assigneeId: handler.id, dueAt: new Date(now.getTime() + PLAN_MINUTES * 60_000), recordType: 'service_complaint', recordId: complaint.id, ruleKey: COMPLAINT_RULE, dedupeKey: `complaint:${complaint.id}:${handler.id}`, createdById: actor.userId }, ctx);
      if (handler.id !== actor.userId) await notify(tx, deps.clock, { userId: handler.id, kind: COMPLAINT_KIND, title: `投诉 ${number} 请您处理`, body: '请在 30 分钟内制定处理方案', link: `/service/complaints/${complaint.id}` });
    }
    return complaint.id;
  });
  return getComplaint(deps, ctx, id);
}

const handler = alias(users, 'handler');
const listColumns = { complaint: serviceComplaints, customerName: customers.name, handlerName: handler.displayName };
const selectList = (db: DbOrTx) => db.select(listColumns).from(serviceComplaints).innerJoin(customers, eq(customers.id, serviceComplaints.customerId)).innerJoin(handler, eq(handler.id, serviceComplaints.handlerId));

async function summaries(db: DbOrTx, rows: { complaint: Row; customerName: string; handlerName: string }[], now: Date): Promise<ComplaintSummary[]> {
  const clocks = await complaintClocksOf(db, rows.map((row) => row.complaint), now);
  return rows.map(({ complaint: c, customerName, handlerName }) => ({
    id: c.id,
    number: c.number,
    kind: c.kind as ComplaintSummary['kind'],
    source: c.source as ComplaintSummary['source'],
    customerId: c.customerId,
    customerName,
    complainantName: c.complainantName,
    family: c.family as ComplaintSummary['family'],
    subtype: c.subtype,
    subtypeName: subtypeName(c.family, c.subtype),
    status: c.status as ComplaintSummary['status'],
    handlerId: c.handlerId,
    handlerName,
    receivedAt: c.receivedAt.toISOString(),
    validity: c.validity as ComplaintSummary['validity'],
    severity: c.severity as ComplaintSummary['severity'],
    plan: clockView(clocks.get(c.id)?.plan),
    resolve: clockView(clocks.get(c.id)?.resolve),
  }));
}

export function listWhere(actor: Actor, query: z.infer<typeof listComplaintsQuery>) {
  const pattern = query.q ? likePattern(query.q) : undefined;
  const monthStart = query.month ? shanghaiTime(`${query.month}-01`) : undefined;
  return and(
    complaintVisibility(actor),
    query.status ? eq(serviceComplaints.status, query.status) : undefined,
    query.kind ? eq(serviceComplaints.kind, query.kind) : undefined,
    monthStart ? and(gte(serviceComplaints.receivedAt, monthStart), lt(serviceComplaints.receivedAt, shanghaiTime(addMonths(`${query.month}-01`, 1)))) : undefined,
    query.breached === 'true' ? sql`(${serviceComplaints.planEscalatedAt} IS NOT NULL OR ${serviceComplaints.resolveEscalatedAt} IS NOT NULL)` : undefined,
    pattern ? or(ilike(serviceComplaints.number, pattern), ilike(customers.name, pattern), ilike(serviceComplaints.complainantName, pattern)) : undefined,
  );
}

export async function listComplaints(deps: Deps, ctx: RequestContext, query: z.infer<typeof listComplaintsQuery>) {
  const actor = requirePermission(ctx.actor, 'service:read');
  const where = listWhere(actor, query);
  const order = orderByFrom(query.sort, { receivedAt: serviceComplaints.receivedAt, number: serviceComplaints.number }, desc(serviceComplaints.id));
  const page = await selectPage(deps.db, query, {
    rows: (limit, offset) => selectList(deps.db).where(where).orderBy(...order).limit(limit).offset(offset),
    matching: deps.db.select({ id: serviceComplaints.id }).from(serviceComplaints).innerJoin(customers, eq(customers.id, serviceComplaints.customerId)).where(where).$dynamic(),
  });
  return mapPage(page, (rows) => summaries(deps.db, rows, deps.clock.now()));
}

export async function getComplaint(deps: Deps, ctx: RequestContext, id: number): Promise<ComplaintDetail> {
  const actor = requirePermission(ctx.actor, 'service:read');
  const c = await visibleComplaint(deps.db, actor, id);
  const [row] = await selectList(deps.db).where(eq(serviceComplaints.id, id));
  const [summary] = await summaries(deps.db, [row!], deps.clock.now());
  const people = [c.targetUserId, c.takenById, c.investigatorId, c.accountableUserId, c.handedOverToId].filter((v): v is number => v !== null);
  const names = new Map((await deps.db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, people))).map((u) => [u.id, u.name]));
  const unitIds = [c.targetUnitId, c.accountableUnitId].filter((v): v is number => v !== null);
  const unitNames = new Map(unitIds.length ? (await deps.db.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits).where(inArray(orgUnits.id, unitIds))).map((u) => [u.id, u.name]) : []);
  const by = alias(users, 'by_user');
  const log = await deps.db
    .select({ action: serviceComplaintLog.action, note: serviceComplaintLog.note, byName: by.displayName, createdAt: serviceComplaintLog.createdAt })
    .from(serviceComplaintLog)
    .leftJoin(by, eq(by.id, serviceComplaintLog.byId))
    .where(eq(serviceComplaintLog.complaintId, id))
    .orderBy(serviceComplaintLog.id);
  const pauses = await deps.db.select().from(serviceComplaintPauses).where(eq(serviceComplaintPauses.complaintId, id)).orderBy(serviceComplaintPauses.id);
  const open = c.status === 'handling' || c.status === 'waiting' || c.status === 'replied';
  return {
    ...summary!,
    forwardedBy: c.forwardedBy,
    contactPhone: c.contactPhone,
    channel: c.channel as ComplaintDetail['channel'],
    targetUserId: c.targetUserId,
    targetName: c.targetUserId ? (names.get(c.targetUserId) ?? null) : null,
    targetUnitId: c.targetUnitId,
    targetUnitName: c.targetUnitId ? (unitNames.get(c.targetUnitId) ?? null) : null,
    facts: c.facts,
    eventAt: c.eventAt.toISOString(),
    takenById: c.takenById,
    takenByName: names.get(c.takenById) ?? '',
    investigatorId: c.investigatorId,
    investigatorName: c.investigatorId ? (names.get(c.investigatorId) ?? null) : null,
    planText: c.plan,
    findings: c.findings,
    criterion: c.criterion,
    criterionName: c.criterion ? (criteria[c.criterion as Criterion]?.name ?? c.criterion) : null,
    classificationNote: c.classificationNote,
    proposedCriterion: c.kind === 'complaint' && !c.criterion ? proposedCriterion(c) : null,
    meeting: c.meetingAt ? { meetingAt: c.meetingAt.toISOString(), attendees: c.meetingAttendees ?? '', decision: c.meetingDecision ?? '', notifyAuthorities: c.notifyAuthorities ?? false } : null,
    reply: c.reply,
    repliedAt: c.repliedAt?.toISOString() ?? null,
    satisfaction: c.satisfaction as ComplaintDetail['satisfaction'],
    reopenCount: c.reopenCount,
    accountability: c.accountabilityMeasure
      ? { userId: c.accountableUserId, userName: c.accountableUserId ? (names.get(c.accountableUserId) ?? null) : null, unitId: c.accountableUnitId, unitName: c.accountableUnitId ? (unitNames.get(c.accountableUnitId) ?? null) : null, measure: c.accountabilityMeasure }
      : null,
    handedOverToName: c.handedOverToId ? (names.get(c.handedOverToId) ?? null) : null,
    pauses: pauses.map((p) => ({ reason: p.reason, startedAt: p.startedAt.toISOString(), endedAt: p.endedAt?.toISOString() ?? null })),
    log: log.map((entry) => ({ ...entry, createdAt: entry.createdAt.toISOString() })),
    canHandle: open && c.kind === 'complaint' && c.handlerId === actor.userId && actor.permissions.has('service:write'),
    canManage: open && c.kind === 'complaint' && (await managesComplaint(deps.db, actor, c.handlerId)),
  };
}
