import { and, desc, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import { requirePermission, type Actor, type RequestContext } from '../../../platform/access/access';
import { activeUserIdsWithRole } from '../../../platform/approvals/approvals.queries';
import { recordAudit } from '../../../platform/audit/audit.service';
import { addDays, dayOfWeek, monthEnd, monthStart, shanghaiDate, shanghaiTime, type IsoDate } from '../../../platform/dates';
import { queryRows, type DbOrTx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { singleStepJob } from '../../../platform/jobs/jobs.registry';
import { notify } from '../../../platform/notifications/notifications.service';
import { users } from '../../../platform/org/org.table';
import { isUnitManager } from '../complaints/complaints.access';
import { reportKindNames, type generateReportBody, type ServiceReport } from './reports.schema';
import { serviceReports, type ReportSection } from './reports.table';

// 服务周报与月度督查报告 (R-SVC-06). Read by service supervisors (complaint:supervise, the GM by
// default) and unit managers with service access; figures are company-wide counts.

export const REPORT_KIND = 'service_report';
type Kind = keyof typeof reportKindNames;

/** The week Saturday–Friday or the calendar month that contains `date`. */
export function reportPeriod(kind: Kind, date: IsoDate): { start: IsoDate; end: IsoDate } {
  if (kind === 'monthly') return { start: monthStart(date), end: monthEnd(date) };
  const start = addDays(date, -((dayOfWeek(date) + 1) % 7));
  return { start, end: addDays(start, 6) };
}

const pct = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 1000) / 10}%` : '—');
type Counts = Record<string, number | null>;

/** The figures of one period, [from, to) in instants. */
async function figures(db: DbOrTx, from: Date, to: Date, fromDate: IsoDate, toDate: IsoDate): Promise<ReportSection[]> {
  const one = async (query: ReturnType<typeof sql>) => (await queryRows<Counts>(db, query))[0]!;
  const n = (v: unknown) => Number(v ?? 0);
  const t = await one(sql`SELECT
      count(*) FILTER (WHERE created_at >= ${from} AND created_at < ${to}) AS received,
      count(*) FILTER (WHERE resolved_at >= ${from} AND resolved_at < ${to}) AS resolved,
      count(*) FILTER (WHERE resolved_at >= ${from} AND resolved_at < ${to} AND resolved_at > due_at) AS resolved_late,
      count(*) FILTER (WHERE resolved_at >= ${from} AND resolved_at < ${to} AND first_contact_resolved) AS first_contact,
      count(*) FILTER (WHERE created_at >= ${from} AND created_at < ${to} AND repeat_of_id IS NOT NULL) AS repeats,
      count(*) FILTER (WHERE created_at >= ${from} AND created_at < ${to} AND key_account) AS key_accounts,
      count(*) FILTER (WHERE created_at < ${to} AND (resolved_at IS NULL OR resolved_at >= ${to})) AS open_at_end,
      count(*) FILTER (WHERE created_at < ${to} AND (resolved_at IS NULL OR resolved_at >= ${to}) AND due_at < ${to}) AS overdue_at_end
    FROM service_tickets`);
  const c = await one(sql`SELECT
      count(*) FILTER (WHERE kind = 'complaint' AND received_at >= ${from} AND received_at < ${to}) AS received,
      count(*) FILTER (WHERE kind = 'grievance' AND received_at >= ${from} AND received_at < ${to}) AS grievances,
      count(*) FILTER (WHERE kind = 'complaint' AND source <> 'customer' AND received_at >= ${from} AND received_at < ${to}) AS forwarded,
      count(*) FILTER (WHERE kind = 'complaint' AND family = 'service' AND received_at >= ${from} AND received_at < ${to}) AS service_family,
      count(*) FILTER (WHERE kind = 'complaint' AND family = 'business' AND received_at >= ${from} AND received_at < ${to}) AS business_family,
      count(*) FILTER (WHERE classified_at >= ${from} AND classified_at < ${to} AND validity = 'valid') AS valid,
      count(*) FILTER (WHERE classified_at >= ${from} AND classified_at < ${to} AND validity = 'invalid') AS invalid,
      count(*) FILTER (WHERE classified_at >= ${from} AND classified_at < ${to} AND severity = 'serious') AS serious,
      count(*) FILTER (WHERE kind = 'complaint' AND closed_at >= ${from} AND closed_at < ${to}) AS closed,
      count(*) FILTER (WHERE plan_escalated_at >= ${from} AND plan_escalated_at < ${to}) AS plan_breached,
      count(*) FILTER (WHERE resolve_escalated_at >= ${from} AND resolve_escalated_at < ${to}) AS resolve_breached,
      count(*) FILTER (WHERE kind = 'complaint' AND received_at < ${to} AND (closed_at IS NULL OR closed_at >= ${to})) AS open_at_end
    FROM service_complaints`);
  const v = await one(sql`SELECT
      count(*) FILTER (WHERE due_date BETWEEN ${fromDate} AND ${toDate}) AS due,
      count(*) FILTER (WHERE recorded_at >= ${from} AND recorded_at < ${to}) AS recorded,
      count(*) FILTER (WHERE recorded_at >= ${from} AND recorded_at < ${to} AND recorded_late = 1) AS late,
      round(avg((scores->>'overall')::numeric) FILTER (WHERE recorded_at >= ${from} AND recorded_at < ${to}), 2)::float AS overall
    FROM service_return_visits`);
  const i = await one(sql`SELECT
      count(*) FILTER (WHERE created_at >= ${from} AND created_at < ${to}) AS recorded,
      count(*) FILTER (WHERE fixed_at >= ${from} AND fixed_at < ${to}) AS fixed,
      count(*) FILTER (WHERE report_sent_at >= ${from} AND report_sent_at < ${to}) AS reported,
      count(*) FILTER (WHERE created_at < ${to} AND (report_sent_at IS NULL OR report_sent_at >= ${to})) AS open_at_end
    FROM service_incidents`);
  return [
    {
      title: '服务工单',
      rows: [
        { label: '新受理（件）', value: n(t.received) },
        { label: '其中重点客户（件）', value: n(t.key_accounts) },
        { label: '重复来电（件）', value: n(t.repeats) },
        { label: '已解决（件）', value: n(t.resolved) },
        { label: '超时解决（件）', value: n(t.resolved_late) },
        { label: '一次办结率', value: pct(n(t.first_contact), n(t.resolved)) },
        { label: '期末未解决（件）', value: n(t.open_at_end) },
        { label: '期末已超时未解决（件）', value: n(t.overdue_at_end) },
      ],
    },
    {
      title: '投诉',
      rows: [
        { label: '正式投诉（件）', value: n(c.received) },
        { label: '其中服务投诉 / 业务投诉', value: `${n(c.service_family)} / ${n(c.business_family)}` },
        { label: '监管部门或协会转来（件）', value: n(c.forwarded) },
        { label: '抱怨（件）', value: n(c.grievances) },
        { label: '定性为有效 / 无效（件）', value: `${n(c.valid)} / ${n(c.invalid)}` },
        { label: '恶性投诉（件）', value: n(c.serious) },
        { label: '30 分钟方案超时（件）', value: n(c.plan_breached) },
        { label: '3 天办结超时（件）', value: n(c.resolve_breached) },
        { label: '结案（件）', value: n(c.closed) },
        { label: '期末未结案（件）', value: n(c.open_at_end) },
      ],
    },
    {
      title: '回访',
      rows: [
        { label: '计划回访（次）', value: n(v.due) },
        { label: '完成记录（次）', value: n(v.recorded) },
        { label: '报告逾期（次）', value: n(v.late) },
        { label: '总体满意度（1–5）', value: v.overall === null ? '—' : Number(v.overall) },
      ],
    },
    {
      title: '重大故障',
      rows: [
        { label: '发生（起）', value: n(i.recorded) },
        { label: '修复（起）', value: n(i.fixed) },
        { label: '已发送分析报告（起）', value: n(i.reported) },
        { label: '期末未结束（起）', value: n(i.open_at_end) },
      ],
    },
  ];
}

/** Writes (or refreshes) the report of the period; returns its id and whether it is new. */
async function writeReport(tx: DbOrTx, deps: Deps, kind: Kind, date: IsoDate, byId: number | null): Promise<{ id: number; created: boolean }> {
  const { start, end } = reportPeriod(kind, date);
  const now = deps.clock.now();
  const to = new Date(Math.min(shanghaiTime(addDays(end, 1)).getTime(), now.getTime()));
  const sections = await figures(tx, shanghaiTime(start), to, start, end);
  const [existing] = await tx.select({ id: serviceReports.id }).from(serviceReports).where(and(eq(serviceReports.kind, kind), eq(serviceReports.periodStart, start))).for('update');
  if (existing) {
    await tx.update(serviceReports).set({ sections, generatedAt: now, generatedById: byId }).where(eq(serviceReports.id, existing.id));
    return { id: existing.id, created: false };
  }
  const [row] = await tx.insert(serviceReports).values({ kind, periodStart: start, periodEnd: end, sections, generatedAt: now, generatedById: byId }).returning({ id: serviceReports.id });
  for (const userId of await activeUserIdsWithRole(tx, 'executive')) {
    await notify(tx, deps.clock, { userId, kind: REPORT_KIND, title: `${reportKindNames[kind]} ${start} 至 ${end}`, body: '工单、投诉、回访和重大故障的本期情况', link: `/service/reports/${row!.id}` });
  }
  return { id: row!.id, created: true };
}

/** The job: on Fridays the week's report, and any missing report of the last finished week and month. */
export async function writeDueReports(deps: Deps, ctx: RequestContext = {}) {
  const today = shanghaiDate(deps.clock.now());
  const lastFriday = addDays(today, -((dayOfWeek(today) + 2) % 7));
  const due: [Kind, IsoDate][] = [
    ['weekly', lastFriday],
    ['monthly', addDays(monthStart(today), -1)],
  ];
  let written = 0;
  for (const [kind, date] of due) {
    const { start } = reportPeriod(kind, date);
    const [exists] = await deps.db.select({ id: serviceReports.id }).from(serviceReports).where(and(eq(serviceReports.kind, kind), eq(serviceReports.periodStart, start)));
    if (exists) continue;
    await deps.db.transaction(async (tx) => {
      const { id, created } = await writeReport(tx, deps, kind, date, null);
      if (created) written++;
      await recordAudit(tx, deps.clock, ctx, { action: 'create', entityType: 'service_report', entityId: id, summary: `生成${reportKindNames[kind]}（${start} 起）` });
    });
  }
  return { written };
}

export const serviceReportJob = singleStepJob(
  {
    key: 'service_reports',
    name: '服务周报与月报',
    nameEn: 'Service reports',
    description: '每周五 17:00 生成本周（周六至周五）服务周报，每月 1 日生成上月服务督查报告，发送给总经理；错过的补生成',
    descriptionEn: 'Writes the weekly service report on Fridays and the monthly supervision report on the 1st, for the GM',
    defaultCron: '0 17 * * *',
  },
  (deps, audit) => writeDueReports(deps, audit),
);

async function readerOf(deps: Deps, ctx: RequestContext): Promise<Actor> {
  const actor = requirePermission(ctx.actor, 'service:read');
  if (actor.permissions.has('complaint:supervise') || (await isUnitManager(deps.db, actor.userId))) return actor;
  throw new AppError('FORBIDDEN', '服务报告仅供公司领导和部门负责人查看', { reason: 'service_report.forbidden' });
}

const columns = { r: serviceReports, byName: users.displayName };
const toReport = ({ r, byName }: { r: typeof serviceReports.$inferSelect; byName: string | null }): ServiceReport => ({
  id: r.id,
  kind: r.kind as Kind,
  kindName: reportKindNames[r.kind as Kind],
  periodStart: r.periodStart,
  periodEnd: r.periodEnd,
  sections: r.sections,
  comments: r.comments,
  generatedAt: r.generatedAt.toISOString(),
  generatedByName: byName,
});

export async function listReports(deps: Deps, ctx: RequestContext, kind: Kind | undefined) {
  await readerOf(deps, ctx);
  const rows = await deps.db.select(columns).from(serviceReports).leftJoin(users, eq(users.id, serviceReports.generatedById)).where(kind ? eq(serviceReports.kind, kind) : undefined).orderBy(desc(serviceReports.periodStart), desc(serviceReports.id)).limit(200);
  return rows.map((row) => {
    const { sections: _s, comments: _c, ...summary } = toReport(row);
    return summary;
  });
}

export async function getReport(deps: Deps, ctx: RequestContext, id: number): Promise<ServiceReport> {
  await readerOf(deps, ctx);
  const [row] = await deps.db.select(columns).from(serviceReports).leftJoin(users, eq(users.id, serviceReports.generatedById)).where(eq(serviceReports.id, id));
  if (!row) throw new AppError('NOT_FOUND', '服务报告不存在');
  return toReport(row);
}

/** 生成 / 刷新 a report on demand (supervisors and managers); the period must have begun. */
export async function generateReport(deps: Deps, ctx: RequestContext, body: z.infer<typeof generateReportBody>): Promise<ServiceReport> {
  const actor = await readerOf(deps, ctx);
  if (body.date > shanghaiDate(deps.clock.now())) throw fieldError('date', '不能为尚未开始的期间生成报告');
  const id = await deps.db.transaction(async (tx) => {
    const { id, created } = await writeReport(tx, deps, body.kind, body.date, actor.userId);
    await recordAudit(tx, deps.clock, ctx, { action: created ? 'create' : 'update', entityType: 'service_report', entityId: id, summary: `${created ? '生成' : '刷新'}${reportKindNames[body.kind]}（${reportPeriod(body.kind, body.date).start} 起）` });
    return id;
  });
  return getReport(deps, ctx, id);
}

export async function saveComments(deps: Deps, ctx: RequestContext, id: number, comments: string): Promise<ServiceReport> {
  await getReport(deps, ctx, id);
  await deps.db.transaction(async (tx) => {
    await tx.update(serviceReports).set({ comments }).where(eq(serviceReports.id, id));
    await recordAudit(tx, deps.clock, ctx, { action: 'update', entityType: 'service_report', entityId: id, summary: '填写督查意见' });
  });
  return getReport(deps, ctx, id);
}

export async function reportWorkbook(deps: Deps, ctx: RequestContext, id: number) {
  const report = await getReport(deps, ctx, id);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(report.kindName);
  sheet.columns = [{ width: 36 }, { width: 16 }];
  sheet.addRow([`${report.kindName} ${report.periodStart} 至 ${report.periodEnd}`]).font = { bold: true, size: 14 };
  for (const section of report.sections) {
    sheet.addRow([]);
    sheet.addRow([section.title]).font = { bold: true };
    for (const row of section.rows) sheet.addRow([row.label, row.value ?? '—']);
  }
  sheet.addRow([]);
  sheet.addRow(['督查意见', report.comments ?? '']).alignment = { wrapText: true, vertical: 'top' };
  await deps.db.transaction((tx) => recordAudit(tx, deps.clock, ctx, { action: 'export', entityType: 'service_report', entityId: id, summary: `导出${report.kindName}（${report.periodStart} 起）` }));
  return { buffer: Buffer.from(await workbook.xlsx.writeBuffer()), fileName: `${report.kindName}-${report.periodStart}.xlsx` };
}
