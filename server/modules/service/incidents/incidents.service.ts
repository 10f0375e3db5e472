import { and, asc, desc, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import { hasPermission, requirePermission, scopeCondition, type Actor, type RequestContext } from '../../../platform/access/access';
import { activeUserIdsWithRole, unitChain } from '../../../platform/approvals/approvals.queries';
import { recordAudit } from '../../../platform/audit/audit.service';
import { shanghaiMinute } from '../../../platform/dates';
import { type DbOrTx } from '../../../platform/db/client';
import { mapPage, selectPage } from '../../../platform/db/paging';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { orderByFrom } from '../../../platform/http/pagination';
import { renderDocx } from '../../../platform/files/docx';
import { singleStepJob } from '../../../platform/jobs/jobs.registry';
import { notify } from '../../../platform/notifications/notifications.service';
import { nextNumber } from '../../../platform/numbering/numbering.service';
import { orgUnits, users } from '../../../platform/org/org.table';
import { completeRuleTasks, createTask } from '../../../platform/tasks/tasks.service';
import { addTimelineEvent, customers } from '../../customers';
import type { answerInstructionBody, askInstructionBody, CreateIncidentBody, delayBody, fixBody, Incident, IncidentSummary, listIncidentsQuery, reportBody } from './incidents.schema';
import { reportChannelNames } from './incidents.schema';
import { serviceIncidentCustomers, serviceIncidentLog, serviceIncidents } from './incidents.table';

// 重大故障 (R-SVC-05). Seen by the responsible unit's service scope, the people notified, the
// executives asked for an instruction and service supervisors; handled (delay, fix, report) by
// service staff of the responsible unit, its manager and the person who recorded it.

export const INCIDENT_KIND = 'service_incident';
type Row = typeof serviceIncidents.$inferSelect;

function handleCondition(actor: Actor): SQL | undefined {
  if (hasPermission(actor, 'complaint:supervise')) return undefined;
  const scope = scopeCondition(actor, 'service', { unitColumn: serviceIncidents.unitId, ownerColumns: [serviceIncidents.createdById, serviceIncidents.managerId] });
  return or(scope, eq(serviceIncidents.managerId, actor.userId), eq(serviceIncidents.createdById, actor.userId));
}

export function incidentVisibility(actor: Actor): SQL | undefined {
  const handles = handleCondition(actor);
  if (!handles) return undefined;
  return or(
    handles,
    sql`${actor.userId} = ANY(${serviceIncidents.notifiedUserIds})`,
    sql`EXISTS (SELECT 1 FROM service_incident_log l WHERE l.incident_id = ${serviceIncidents.id} AND l.executive_id = ${actor.userId})`,
  );
}

/** The incident if the caller may see it (404 like a missing one), and whether they handle it. */
async function visibleIncident(db: DbOrTx, actor: Actor, id: number, forUpdate = false): Promise<Row & { handles: boolean }> {
  const handles = handleCondition(actor);
  const query = db
    .select({ row: serviceIncidents, handles: handles ? sql<boolean>`coalesce((${handles}), false)` : sql<boolean>`true` })
    .from(serviceIncidents)
    .where(and(eq(serviceIncidents.id, id), incidentVisibility(actor)));
  const [found] = forUpdate ? await query.for('update') : await query;
  if (!found) throw new AppError('NOT_FOUND', '重大故障记录不存在或无权查看');
  return { ...found.row, handles: Boolean(found.handles) };
}

/** The incident for a handling step: visible, handled by the caller (service:write), not yet closed. */
async function handledIncident(db: DbOrTx, actor: Actor, id: number): Promise<Row> {
  const row = await visibleIncident(db, actor, id, true);
  if (!row.handles || !actor.permissions.has('service:write')) throw new AppError('FORBIDDEN', '只有责任部门的客服人员、部门负责人或登记人可以处理该故障', { reason: 'incident.not_handler' });
  if (row.status === 'closed') throw new AppError('CONFLICT', '故障分析报告已发送，该故障已结束', { reason: 'incident.closed' });
  return row;
}

async function step(tx: DbOrTx, deps: Deps, ctx: RequestContext, incident: Pick<Row, 'id' | 'number'>, entry: Omit<typeof serviceIncidentLog.$inferInsert, 'incidentId' | 'createdAt' | 'byId'>, summary: string) {
  const [row] = await tx.insert(serviceIncidentLog).values({ ...entry, incidentId: incident.id, byId: ctx.actor?.userId ?? null, createdAt: deps.clock.now() }).returning({ id: serviceIncidentLog.id });
  await recordAudit(tx, deps.clock, ctx, { action: 'update', entityType: 'service_incident', entityId: incident.id, summary: `重大故障 ${incident.number}：${summary}` });
  return row!.id;
}

async function customersOf(db: DbOrTx, incidentId: number) {
  return db
    .select({ id: customers.id, name: customers.name, ownerId: customers.ownerId, ownerName: users.displayName })
    .from(serviceIncidentCustomers)
    .innerJoin(customers, eq(customers.id, serviceIncidentCustomers.customerId))
    .leftJoin(users, eq(users.id, customers.ownerId))
    .where(eq(serviceIncidentCustomers.incidentId, incidentId))
    .orderBy(asc(customers.id));
}

/** 登记重大故障: notifies the signing specialists, the responsible manager and top management at once. */
export async function createIncident(deps: Deps, ctx: RequestContext, body: CreateIncidentBody): Promise<Incident> {
  const actor = requirePermission(ctx.actor, 'service:write');
  const now = deps.clock.now();
  const occurredAt = new Date(body.occurredAt);
  const expectedFixAt = new Date(body.expectedFixAt);
  if (occurredAt > now) throw fieldError('occurredAt', '发生时间不能晚于现在');
  if (expectedFixAt <= occurredAt) throw fieldError('expectedFixAt', '预计修复时间应晚于发生时间');
  const id = await deps.db.transaction(async (tx) => {
    const [unit] = await tx.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.id, body.unitId));
    if (!unit) throw fieldError('unitId', '责任部门不存在');
    const managerId = (await unitChain(tx, body.unitId)).find((u) => u.managerId !== null && u.managerActive)?.managerId;
    if (!managerId) throw fieldError('unitId', '责任部门及其上级都没有在职负责人：请先在组织架构中设置负责人');
    const ids = [...new Set(body.customerIds)];
    const affected = await tx.select({ id: customers.id, name: customers.name, ownerId: customers.ownerId }).from(customers).where(and(inArray(customers.id, ids), isNull(customers.mergedIntoId)));
    if (affected.length !== ids.length) throw fieldError('customerIds', '有受影响客户不存在或已合并，请重新选择');
    const executives = await activeUserIdsWithRole(tx, 'executive');
    const owners = affected.flatMap((c) => (c.ownerId ? [c.ownerId] : []));
    const notified = [...new Set([...owners, managerId, ...executives])];
    const number = await nextNumber(tx, deps, { docType: 'incident' });
    const [row] = await tx
      .insert(serviceIncidents)
      .values({ number, title: body.title, description: body.description, occurredAt, unitId: body.unitId, managerId, status: 'open', expectedFixAt, notifiedUserIds: notified, createdById: actor.userId, createdAt: now, updatedAt: now })
      .returning();
    const incident = row!;
    await tx.insert(serviceIncidentCustomers).values(affected.map((c) => ({ incidentId: incident.id, customerId: c.id })));
    await step(tx, deps, ctx, incident, { kind: 'recorded', note: `登记重大故障，影响 ${affected.length} 个客户，预计 ${shanghaiMinute(expectedFixAt)} 修复；已通知签约专员、责任部门负责人和公司领导` }, '登记');
    const link = `/service/incidents/${incident.id}`;
    for (const userId of notified) {
      if (userId === actor.userId) continue;
      const why = userId === managerId ? '您是责任部门负责人，请组织抢修' : owners.includes(userId) ? '您负责的客户受到影响，请关注并与客户沟通' : '重大故障报告';
      await notify(tx, deps.clock, { userId, kind: INCIDENT_KIND, title: `重大故障 ${number}：${body.title}`, body: why, link });
    }
    await createTask(tx, deps, { title: `组织抢修重大故障 ${number}`, description: `${body.title}：预计 ${shanghaiMinute(expectedFixAt)} 修复；修复晚于预计时间须先告知客户原因`, assigneeId: managerId, dueAt: expectedFixAt, recordType: 'service_incident', recordId: incident.id, ruleKey: 'incident_fix', dedupeKey: `incident:${incident.id}:fix`, createdById: actor.userId }, ctx);
    for (const c of affected) await addTimelineEvent(tx, deps.clock, { customerId: c.id, type: 'service', title: `重大故障 ${number}：${body.title}`, sourceType: 'service_incident', sourceId: incident.id });
    return incident.id;
  });
  return getIncident(deps, ctx, id);
}

const manager = alias(users, 'manager');
const selectList = (db: DbOrTx) =>
  db
    .select({ i: serviceIncidents, unitName: orgUnits.name, managerName: manager.displayName, customerCount: sql<number>`(SELECT count(*)::int FROM service_incident_customers ic WHERE ic.incident_id = ${serviceIncidents.id})` })
    .from(serviceIncidents)
    .innerJoin(orgUnits, eq(orgUnits.id, serviceIncidents.unitId))
    .innerJoin(manager, eq(manager.id, serviceIncidents.managerId));

function summaryOf(row: Awaited<ReturnType<typeof selectList>>[number], now: Date): IncidentSummary {
  const i = row.i;
  return {
    id: i.id,
    number: i.number,
    title: i.title,
    occurredAt: i.occurredAt.toISOString(),
    unitId: i.unitId,
    unitName: row.unitName,
    managerId: i.managerId,
    managerName: row.managerName,
    status: i.status as IncidentSummary['status'],
    expectedFixAt: i.expectedFixAt.toISOString(),
    fixedAt: i.fixedAt?.toISOString() ?? null,
    late: i.status === 'open' && i.expectedFixAt < now,
    customerCount: Number(row.customerCount),
  };
}

export async function listIncidents(deps: Deps, ctx: RequestContext, query: z.infer<typeof listIncidentsQuery>) {
  const actor = requirePermission(ctx.actor, 'service:read');
  const where = and(incidentVisibility(actor), query.status ? eq(serviceIncidents.status, query.status) : undefined);
  const now = deps.clock.now();
  const order = orderByFrom(query.sort, { occurredAt: serviceIncidents.occurredAt, number: serviceIncidents.number, expectedFixAt: serviceIncidents.expectedFixAt }, desc(serviceIncidents.occurredAt));
  const page = await selectPage(deps.db, query, {
    rows: (limit, offset) => selectList(deps.db).where(where).orderBy(...order, desc(serviceIncidents.id)).limit(limit).offset(offset),
    matching: deps.db.select({ id: serviceIncidents.id }).from(serviceIncidents).where(where).$dynamic(),
  });
  return mapPage(page, (rows) => rows.map((row) => summaryOf(row, now)));
}

export async function getIncident(deps: Deps, ctx: RequestContext, id: number): Promise<Incident> {
  const actor = requirePermission(ctx.actor, 'service:read');
  const { handles } = await visibleIncident(deps.db, actor, id);
  const [row] = await selectList(deps.db).where(eq(serviceIncidents.id, id));
  const by = alias(users, 'by');
  const executive = alias(users, 'executive');
  const log = await deps.db
    .select({ e: serviceIncidentLog, byName: by.displayName, executiveName: executive.displayName })
    .from(serviceIncidentLog)
    .leftJoin(by, eq(by.id, serviceIncidentLog.byId))
    .leftJoin(executive, eq(executive.id, serviceIncidentLog.executiveId))
    .where(eq(serviceIncidentLog.incidentId, id))
    .orderBy(asc(serviceIncidentLog.id));
  const i = row!.i;
  const notified = i.notifiedUserIds.length ? await deps.db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, i.notifiedUserIds)).orderBy(asc(users.id)) : [];
  return {
    ...summaryOf(row!, deps.clock.now()),
    description: i.description,
    fixSummary: i.fixSummary,
    report: i.report ?? null,
    reportSentAt: i.reportSentAt?.toISOString() ?? null,
    reportChannel: (i.reportChannel as Incident['reportChannel']) ?? null,
    customers: (await customersOf(deps.db, id)).map((c) => ({ id: c.id, name: c.name, ownerName: c.ownerName ?? null })),
    notified,
    log: log.map(({ e, byName, executiveName }) => ({
      id: e.id,
      kind: e.kind as Incident['log'][number]['kind'],
      note: e.note,
      expectedFixAt: e.expectedFixAt?.toISOString() ?? null,
      toldAt: e.toldAt?.toISOString() ?? null,
      channel: e.channel,
      executiveId: e.executiveId,
      executiveName: executiveName ?? null,
      answer: e.answer,
      answeredAt: e.answeredAt?.toISOString() ?? null,
      byName: byName ?? null,
      createdAt: e.createdAt.toISOString(),
    })),
    canHandle: handles && actor.permissions.has('service:write') && i.status !== 'closed',
    pendingInstructionIds: log.filter(({ e }) => e.kind === 'instruction' && e.executiveId === actor.userId && !e.answeredAt).map(({ e }) => e.id),
  };
}

/** 延期告知: a later expected fix time needs the reason and when and how the customers were told. */
export async function delayIncident(deps: Deps, ctx: RequestContext, id: number, body: z.infer<typeof delayBody>): Promise<Incident> {
  const actor = requirePermission(ctx.actor, 'service:write');
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const row = await handledIncident(tx, actor, id);
    if (row.status !== 'open') throw new AppError('CONFLICT', '故障已修复，无需延期', { reason: 'incident.not_open' });
    const expectedFixAt = new Date(body.expectedFixAt);
    const toldAt = new Date(body.toldAt);
    if (expectedFixAt <= row.expectedFixAt) throw fieldError('expectedFixAt', `新的预计修复时间应晚于原定的 ${shanghaiMinute(row.expectedFixAt)}`);
    if (expectedFixAt <= now) throw fieldError('expectedFixAt', '新的预计修复时间应晚于现在');
    if (toldAt > now) throw fieldError('toldAt', '告知客户的时间不能晚于现在：请在告知客户后登记');
    if (toldAt < row.occurredAt) throw fieldError('toldAt', '告知客户的时间不能早于故障发生时间');
    await tx.update(serviceIncidents).set({ expectedFixAt, updatedAt: now }).where(eq(serviceIncidents.id, id));
    await step(tx, deps, ctx, row, { kind: 'delay', note: body.reason, expectedFixAt, toldAt, channel: body.channel }, `延期至 ${shanghaiMinute(expectedFixAt)}，已${reportChannelNames[body.channel]}告知客户`);
    await completeRuleTasks(tx, deps, { ruleKey: 'incident_late', recordType: 'service_incident', recordId: id }, ctx);
  });
  return getIncident(deps, ctx, id);
}

/** 修复: a fix after the expected time is refused until the delay and its reason were told to the customers. */
export async function fixIncident(deps: Deps, ctx: RequestContext, id: number, body: z.infer<typeof fixBody>): Promise<Incident> {
  const actor = requirePermission(ctx.actor, 'service:write');
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const row = await handledIncident(tx, actor, id);
    if (row.status !== 'open') throw new AppError('CONFLICT', '故障已登记修复', { reason: 'incident.not_open' });
    const fixedAt = new Date(body.fixedAt);
    if (fixedAt > now) throw fieldError('fixedAt', '修复时间不能晚于现在');
    if (fixedAt < row.occurredAt) throw fieldError('fixedAt', '修复时间不能早于故障发生时间');
    if (fixedAt > row.expectedFixAt) {
      throw new AppError('CONFLICT', `修复时间晚于预计的 ${shanghaiMinute(row.expectedFixAt)}：请先登记延期，写明原因和告知客户的情况`, { reason: 'incident.late_untold' });
    }
    await tx.update(serviceIncidents).set({ status: 'fixed', fixedAt, fixSummary: body.summary, updatedAt: now }).where(eq(serviceIncidents.id, id));
    await step(tx, deps, ctx, row, { kind: 'fixed', note: body.summary }, '已修复');
    await completeRuleTasks(tx, deps, { ruleKey: 'incident_fix', recordType: 'service_incident', recordId: id }, ctx);
    await createTask(tx, deps, { title: `向客户发送故障分析报告 ${row.number}`, description: '写明影响、原因、纠正和预防措施，发送给受影响的客户', assigneeId: row.managerId, dueAt: new Date(now.getTime() + 3 * 86_400_000), recordType: 'service_incident', recordId: id, ruleKey: 'incident_report', dedupeKey: `incident:${id}:report`, createdById: actor.userId }, ctx);
  });
  return getIncident(deps, ctx, id);
}

/** 故障分析报告 (draft; may be revised until sent). */
export async function saveReport(deps: Deps, ctx: RequestContext, id: number, body: z.infer<typeof reportBody>): Promise<Incident> {
  const actor = requirePermission(ctx.actor, 'service:write');
  await deps.db.transaction(async (tx) => {
    const row = await handledIncident(tx, actor, id);
    await tx.update(serviceIncidents).set({ report: body, updatedAt: deps.clock.now() }).where(eq(serviceIncidents.id, id));
    await step(tx, deps, ctx, row, { kind: 'report', note: row.report ? '修改故障分析报告' : '填写故障分析报告' }, '故障分析报告');
  });
  return getIncident(deps, ctx, id);
}

/** 发送故障分析报告: only after the fix and with a complete report; ends the incident. */
export async function sendReport(deps: Deps, ctx: RequestContext, id: number, channel: keyof typeof reportChannelNames): Promise<Incident> {
  const actor = requirePermission(ctx.actor, 'service:write');
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const row = await handledIncident(tx, actor, id);
    if (row.status !== 'fixed') throw new AppError('CONFLICT', '故障修复后才能发送故障分析报告', { reason: 'incident.not_fixed' });
    if (!row.report) throw new AppError('CONFLICT', '请先填写故障分析报告（影响、原因、纠正和预防措施）', { reason: 'incident.no_report' });
    await tx.update(serviceIncidents).set({ status: 'closed', reportSentAt: now, reportChannel: channel, reportSentById: actor.userId, updatedAt: now }).where(eq(serviceIncidents.id, id));
    await step(tx, deps, ctx, row, { kind: 'sent', note: `已通过${reportChannelNames[channel]}向受影响客户发送故障分析报告`, channel }, '发送故障分析报告');
    await completeRuleTasks(tx, deps, { ruleKey: 'incident_report', recordType: 'service_incident', recordId: id }, ctx);
    for (const c of await customersOf(tx, id)) await addTimelineEvent(tx, deps.clock, { customerId: c.id, type: 'service', title: `收到故障分析报告 ${row.number}`, sourceType: 'service_incident', sourceId: id });
  });
  return getIncident(deps, ctx, id);
}

/** 请示: a problem reported upward to an executive, who answers with a 批示. */
export async function askInstruction(deps: Deps, ctx: RequestContext, id: number, body: z.infer<typeof askInstructionBody>): Promise<Incident> {
  const actor = requirePermission(ctx.actor, 'service:write');
  await deps.db.transaction(async (tx) => {
    const row = await handledIncident(tx, actor, id);
    const executives = await activeUserIdsWithRole(tx, 'executive');
    if (!executives.includes(body.executiveId)) throw fieldError('executiveId', '请选择一位在职的公司领导（总经理角色）');
    if (body.executiveId === actor.userId) throw fieldError('executiveId', '不能向自己请示');
    const entryId = await step(tx, deps, ctx, row, { kind: 'instruction', note: body.question, executiveId: body.executiveId }, '请示领导');
    await createTask(tx, deps, { title: `批示：重大故障 ${row.number}`, description: body.question, assigneeId: body.executiveId, dueAt: new Date(deps.clock.now().getTime() + 86_400_000), recordType: 'service_incident', recordId: id, ruleKey: 'incident_instruction', dedupeKey: `incident:${id}:instruction:${entryId}`, createdById: actor.userId }, ctx);
  });
  return getIncident(deps, ctx, id);
}

/** 批示: only the executive asked, once per request. */
export async function answerInstruction(deps: Deps, ctx: RequestContext, id: number, body: z.infer<typeof answerInstructionBody>): Promise<Incident> {
  const actor = requirePermission(ctx.actor, 'service:read');
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const row = await visibleIncident(tx, actor, id, true);
    const [entry] = await tx.select().from(serviceIncidentLog).where(and(eq(serviceIncidentLog.id, body.entryId), eq(serviceIncidentLog.incidentId, id), eq(serviceIncidentLog.kind, 'instruction')));
    if (!entry) throw fieldError('entryId', '请示不存在');
    if (entry.executiveId !== actor.userId) throw new AppError('FORBIDDEN', '只有被请示的领导可以批示', { reason: 'incident.not_executive' });
    if (entry.answeredAt) throw new AppError('CONFLICT', '该请示已批示', { reason: 'incident.answered' });
    await tx.update(serviceIncidentLog).set({ answer: body.answer, answeredAt: now }).where(eq(serviceIncidentLog.id, entry.id));
    await recordAudit(tx, deps.clock, ctx, { action: 'update', entityType: 'service_incident', entityId: id, summary: `重大故障 ${row.number}：领导批示` });
    await completeRuleTasks(tx, deps, { ruleKey: 'incident_instruction', dedupeKey: `incident:${id}:instruction:${entry.id}` }, ctx);
    if (entry.byId) await notify(tx, deps.clock, { userId: entry.byId, kind: INCIDENT_KIND, title: `重大故障 ${row.number} 已批示`, body: body.answer, link: `/service/incidents/${id}` });
  });
  return getIncident(deps, ctx, id);
}

/** 故障分析报告 (.docx) to send to the customers. */
export async function reportDocument(deps: Deps, ctx: RequestContext, id: number): Promise<{ buffer: Buffer; fileName: string }> {
  const incident = await getIncident(deps, ctx, id);
  if (!incident.report) throw new AppError('CONFLICT', '尚未填写故障分析报告', { reason: 'incident.no_report' });
  const buffer = renderDocx(['故障分析报告', '编号：{编号}', '故障：{名称}', '发生时间：{发生时间}', '修复时间：{修复时间}', '受影响客户：{客户}', '一、影响范围', '{影响}', '二、故障原因', '{原因}', '三、纠正措施', '{纠正}', '四、预防措施', '{预防}'], {
    编号: incident.number,
    名称: incident.title,
    发生时间: shanghaiMinute(new Date(incident.occurredAt)),
    修复时间: incident.fixedAt ? shanghaiMinute(new Date(incident.fixedAt)) : '尚未修复',
    客户: incident.customers.map((c) => c.name).join('、'),
    影响: incident.report.impact,
    原因: incident.report.cause,
    纠正: incident.report.corrective,
    预防: incident.report.preventive,
  });
  return { buffer, fileName: `故障分析报告-${incident.number}.docx` };
}

/** Open incidents past their expected fix time: the manager is asked to tell the customers why (once per expected time). */
export async function flagLateIncidents(deps: Deps, ctx: RequestContext = {}) {
  const now = deps.clock.now();
  const late = await deps.db.select().from(serviceIncidents).where(and(eq(serviceIncidents.status, 'open'), lt(serviceIncidents.expectedFixAt, now)));
  let flagged = 0;
  for (const row of late) {
    await deps.db.transaction(async (tx) => {
      const { created } = await createTask(tx, deps, { title: `重大故障 ${row.number} 已超过预计修复时间`, description: `原定 ${shanghaiMinute(row.expectedFixAt)} 修复：请告知受影响客户延误原因并登记新的预计修复时间`, assigneeId: row.managerId, dueAt: new Date(now.getTime() + 2 * 3_600_000), recordType: 'service_incident', recordId: row.id, ruleKey: 'incident_late', dedupeKey: `incident:${row.id}:late:${row.expectedFixAt.getTime()}`, createdById: null }, ctx);
      if (created) flagged++;
    });
  }
  return { checked: late.length, flagged };
}

export const incidentLateJob = singleStepJob(
  {
    key: 'service_incident_late',
    name: '重大故障修复时限',
    nameEn: 'Major failure fix times',
    description: '每 15 分钟检查未修复的重大故障：超过预计修复时间的，派任务给责任部门负责人，告知客户延误原因并登记延期',
    descriptionEn: 'Asks the responsible manager to tell the customers why a major failure fix is late',
    defaultCron: '*/15 * * * *',
  },
  (deps, audit) => flagLateIncidents(deps, audit),
);
