import { eq, inArray } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { requirePermission, type RequestContext } from '../../../platform/access/access';
import { recordAudit } from '../../../platform/audit/audit.service';
import type { Deps } from '../../../platform/deps';
import { AppError } from '../../../platform/errors';
import { orgUnits, users } from '../../../platform/org/org.table';
import { customers } from '../../customers';
import { complaintClocksOf } from './clocks.service';
import { isUnitManager } from './complaints.access';
import { criteria, familyNames, severityNames, validityNames, type Criterion } from './complaints.schema';
import { listWhere, subtypeName } from './complaints.service';
import { serviceComplaintAnalyses, serviceComplaints } from './complaints.table';

// 月度投诉分析 (R-SVC-14): formal complaints received in the month, counted by type, validity,
// severity and department, with handling time, clock compliance and repeat complainants, and the
// manager's causes and improvement actions. Counted over the complaints the reader may see, so a
// manager's analysis covers their own units and 回避 holds here too.

const count = z.object({ key: z.string(), name: z.string(), count: z.number().int() });
export const analysisSchema = z.object({
  month: z.string(),
  total: z.number().int(),
  grievances: z.number().int(),
  byType: z.array(count),
  byValidity: z.array(count),
  byDepartment: z.array(count),
  unclassified: z.number().int(),
  replied: z.number().int(),
  averageHandlingHours: z.number().nullable().describe('受理到首次答复的平均小时数（日历时间）'),
  planOnTimeRate: z.number().nullable().describe('30 分钟内制定方案的比例（%）'),
  resolveOnTimeRate: z.number().nullable().describe('3 天内办结的比例（%）'),
  repeatComplainants: z.array(z.object({ customerId: z.number().int(), customerName: z.string(), count: z.number().int() })),
  causes: z.string().nullable(),
  actions: z.string().nullable(),
  canWrite: z.boolean(),
});
export type ComplaintAnalysis = z.infer<typeof analysisSchema>;

function counted(keys: string[], name: (key: string) => string) {
  const map = new Map<string, number>();
  for (const key of keys) map.set(key, (map.get(key) ?? 0) + 1);
  return [...map].map(([key, n]) => ({ key, name: name(key), count: n })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

const percent = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : null);

async function canWriteAnalysis(deps: Deps, ctx: RequestContext) {
  const actor = ctx.actor!;
  return actor.permissions.has('complaint:supervise') || (await isUnitManager(deps.db, actor.userId));
}

export async function complaintAnalysis(deps: Deps, ctx: RequestContext, month: string): Promise<ComplaintAnalysis> {
  const actor = requirePermission(ctx.actor, 'service:read');
  const rows = await deps.db
    .select({ c: serviceComplaints, customerName: customers.name })
    .from(serviceComplaints)
    .innerJoin(customers, eq(customers.id, serviceComplaints.customerId))
    .where(listWhere(actor, { month, page: 1, pageSize: 20 }));
  const formal = rows.filter((row) => row.c.kind === 'complaint').map((row) => row.c);
  const clocks = await complaintClocksOf(deps.db, formal, deps.clock.now());
  const unitIds = [...new Set(formal.map((c) => c.targetUnitId).filter((v): v is number => v !== null))];
  const targetIds = [...new Set(formal.map((c) => c.targetUserId).filter((v): v is number => v !== null))];
  const targetUnits = new Map(targetIds.length ? (await deps.db.select({ id: users.id, unitId: users.unitId }).from(users).where(inArray(users.id, targetIds))).map((u) => [u.id, u.unitId]) : []);
  for (const id of targetUnits.values()) if (!unitIds.includes(id)) unitIds.push(id);
  const unitNames = new Map(unitIds.length ? (await deps.db.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits).where(inArray(orgUnits.id, unitIds))).map((u) => [String(u.id), u.name]) : []);
  const replied = formal.filter((c) => c.repliedAt);
  const handlingHours = replied.map((c) => (c.repliedAt!.getTime() - c.receivedAt.getTime()) / 3_600_000);
  const planned = formal.filter((c) => c.planAt || clocks.get(c.id)!.plan.breached);
  const resolved = formal.filter((c) => c.repliedAt || clocks.get(c.id)!.resolve.breached);
  const byCustomer = counted(
    formal.map((c) => String(c.customerId)),
    (key) => rows.find((row) => String(row.c.customerId) === key)!.customerName,
  );
  const [notes] = await deps.db.select().from(serviceComplaintAnalyses).where(eq(serviceComplaintAnalyses.month, month));
  return {
    month,
    total: formal.length,
    grievances: rows.length - formal.length,
    byType: counted(
      formal.map((c) => `${c.family}.${c.subtype}`),
      (key) => `${familyNames[key.split('.')[0] as keyof typeof familyNames]}·${subtypeName(key.split('.')[0]!, key.split('.')[1]!)}`,
    ),
    byValidity: counted(
      formal.filter((c) => c.validity).map((c) => `${c.validity}.${c.severity}`),
      (key) => `${validityNames[key.split('.')[0] as 'valid']}·${severityNames[key.split('.')[1] as 'general']}`,
    ),
    byDepartment: counted(
      formal.map((c) => String(c.targetUnitId ?? (c.targetUserId ? targetUnits.get(c.targetUserId) : '') ?? '')).filter(Boolean),
      (key) => unitNames.get(key) ?? key,
    ),
    unclassified: formal.filter((c) => !c.validity).length,
    replied: replied.length,
    averageHandlingHours: handlingHours.length ? Math.round((handlingHours.reduce((a, b) => a + b, 0) / handlingHours.length) * 10) / 10 : null,
    // Over the clocks that have run out or been met: a complaint still within its time counts in neither.
    planOnTimeRate: percent(planned.filter((c) => !clocks.get(c.id)!.plan.breached).length, planned.length),
    resolveOnTimeRate: percent(resolved.filter((c) => !clocks.get(c.id)!.resolve.breached).length, resolved.length),
    repeatComplainants: byCustomer.filter((entry) => entry.count >= 2).map((entry) => ({ customerId: Number(entry.key), customerName: entry.name, count: entry.count })),
    causes: notes?.causes ?? null,
    actions: notes?.actions ?? null,
    canWrite: await canWriteAnalysis(deps, ctx),
  };
}

export async function saveAnalysisNotes(deps: Deps, ctx: RequestContext, month: string, body: { causes: string; actions: string }) {
  const actor = requirePermission(ctx.actor, 'service:read');
  if (!(await canWriteAnalysis(deps, ctx))) throw new AppError('FORBIDDEN', '只有部门经理或投诉督办人可以填写原因分析与改进措施', { reason: 'analysis.not_manager' });
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await tx
      .insert(serviceComplaintAnalyses)
      .values({ month, causes: body.causes, actions: body.actions, updatedById: actor.userId, updatedAt: now })
      .onConflictDoUpdate({ target: serviceComplaintAnalyses.month, set: { causes: body.causes, actions: body.actions, updatedById: actor.userId, updatedAt: now } });
    await recordAudit(tx, deps.clock, ctx, { action: 'update', entityType: 'complaint_analysis', entityId: month, summary: `填写 ${month} 投诉分析的原因与改进措施` });
  });
  return complaintAnalysis(deps, ctx, month);
}

export async function analysisWorkbook(deps: Deps, ctx: RequestContext, month: string) {
  const a = await complaintAnalysis(deps, ctx, month);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('投诉分析');
  sheet.columns = [{ width: 36 }, { width: 14 }];
  sheet.addRow([`${month} 月度投诉分析`]).font = { bold: true, size: 14 };
  const rows: [string, string | number][] = [
    ['正式投诉（件）', a.total],
    ['抱怨（件）', a.grievances],
    ['未定性（件）', a.unclassified],
    ['已答复（件）', a.replied],
    ['平均处理时长（小时）', a.averageHandlingHours ?? '—'],
    ['30 分钟内制定方案（%）', a.planOnTimeRate ?? '—'],
    ['3 天内办结（%）', a.resolveOnTimeRate ?? '—'],
  ];
  for (const row of rows) sheet.addRow(row);
  const section = (title: string, items: { name: string; count: number }[]) => {
    sheet.addRow([]);
    sheet.addRow([title, '件数']).font = { bold: true };
    for (const item of items) sheet.addRow([item.name, item.count]);
  };
  section('按类型', a.byType);
  section('按定性', a.byValidity);
  section('按被投诉部门', a.byDepartment);
  section('重复投诉客户', a.repeatComplainants.map((r) => ({ name: r.customerName, count: r.count })));
  sheet.addRow([]);
  sheet.addRow(['原因分析', a.causes ?? '']).alignment = { wrapText: true, vertical: 'top' };
  sheet.addRow(['改进措施', a.actions ?? '']).alignment = { wrapText: true, vertical: 'top' };
  await deps.db.transaction((tx) => recordAudit(tx, deps.clock, ctx, { action: 'export', entityType: 'complaint_analysis', entityId: month, summary: `导出 ${month} 投诉分析` }));
  return { buffer: Buffer.from(await workbook.xlsx.writeBuffer()), fileName: `投诉分析-${month}.xlsx` };
}

export const criterionOptions = Object.entries(criteria).map(([code, rule]) => ({ code: code as Criterion, ...rule }));
