import { and, asc, count, eq, gt, gte, inArray, sql, type SQL } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { requirePermission, type Actor, type RequestContext } from '../../../platform/access/access';
import { canViewSensitive, maskFields, type MaskKind } from '../../../platform/access/masking';
import { customerSensitiveFields } from '../sensitive';
import { recordAuditNow } from '../../../platform/audit/audit.service';
import { shanghaiMinute } from '../../../platform/dates';
import type { Deps } from '../../../platform/deps';
import { dictionaryCodes } from '../../../platform/dictionaries/defaults';
import { dictionaryLabels } from '../../../platform/dictionaries/dictionaries.service';
import { AppError } from '../../../platform/errors';
import { contentDisposition } from '../../../platform/files/file-types';
import type { JobContext } from '../../../platform/jobs/jobs.registry';
import { claimJobRun, executeJobRun } from '../../../platform/jobs/jobs.service';
import { jobRuns } from '../../../platform/jobs/jobs.table';
import { orgUnits, users } from '../../../platform/org/org.table';
import { customers } from '../customers.table';
import { gradeNames, loadTiers } from '../grading/grading.queries';
import { customerListCondition } from '../search/list.service';
import { refreshCustomerStatistics } from './import.queries';
import type { CustomerExport, ExportColumnKey, ExportFilters, StartExportBody } from './import.schema';

// 客户导出 (R-CUS-31, R-SEC-06): any list view to .xlsx with its visible columns, as a background
// job (R-QLT-06) that streams rows in keyset batches into exceljs' streaming writer. Data scope
// and masking apply; every export is an `export` access event; row count and starts are capped.

export const EXPORT_MAX_ROWS = 200_000;
export const EXPORTS_PER_HOUR = 20;
const EXPORT_JOB_KEY = 'customer_export';
const BATCH = 250;
const YIELD_EVERY = 100;
const KEEP_FILES_HOURS = 24;

type RunRow = typeof jobRuns.$inferSelect;

interface ColumnSpec {
  header: string;
  width: number;
  mask?: MaskKind;
  dictionary?: string;
  labels?: Record<string, string>;
}

const exportColumns: Record<ExportColumnKey, ColumnSpec> = {
  code: { header: '客户编号', width: 16 },
  name: { header: '客户名称', width: 30 },
  shortName: { header: '简称', width: 14 },
  uscc: { header: '统一社会信用代码', width: 22 },
  natureCode: { header: '企业性质', width: 10, dictionary: dictionaryCodes.customerNature },
  industryCode: { header: '行业', width: 24, dictionary: dictionaryCodes.industry },
  sourceCode: { header: '客户来源', width: 12, dictionary: dictionaryCodes.customerSource },
  province: { header: '省', width: 10 },
  city: { header: '市', width: 10 },
  district: { header: '区县', width: 10 },
  street: { header: '详细地址', width: 30 },
  phone: { header: '电话', width: 16, mask: customerSensitiveFields.customer.phone },
  email: { header: '邮箱', width: 22, mask: customerSensitiveFields.customer.email },
  website: { header: '网站', width: 20 },
  legalRepresentative: { header: '法定代表人', width: 10 },
  registeredCapital: { header: '注册资本（元）', width: 16 },
  employees: { header: '员工人数', width: 10 },
  ownerName: { header: '负责人', width: 10 },
  unitName: { header: '所属单位', width: 16 },
  serviceMode: { header: '服务模式', width: 10, labels: { account_manager: '客户经理制', resident: '派驻制' } },
  valueCode: { header: '价值分类', width: 10, dictionary: dictionaryCodes.customerValue },
  strategicCode: { header: '战略分类', width: 10, dictionary: dictionaryCodes.strategicWeight },
  lifecycleCode: { header: '生命周期', width: 10, dictionary: dictionaryCodes.lifecycleStatus },
  grade: { header: '等级', width: 8 },
  admissionStatus: { header: '准入状态', width: 10, labels: { none: '未提交', pending: '审核中', admitted: '合格', rejected: '不合格' } },
  blacklistLevel: { header: '黑名单', width: 10, labels: { unit: '单位黑名单', company: '公司黑名单' } },
  tags: { header: '标签', width: 18 },
  contactName: { header: '联系人', width: 10 },
  contactMobile: { header: '联系人手机', width: 14, mask: customerSensitiveFields.customer_contact.mobile },
  contactTitle: { header: '联系人职务', width: 12 },
  contactEmail: { header: '联系人邮箱', width: 22, mask: customerSensitiveFields.customer_contact.email },
  verifiedAt: { header: '最近核实', width: 17 },
  createdAt: { header: '建档时间', width: 17 },
  updatedAt: { header: '更新时间', width: 17 },
};

const exportsDir = (deps: Pick<Deps, 'config'>) => path.join(deps.config.dataDir, 'exports');
const exportFile = (deps: Pick<Deps, 'config'>, runId: number) => path.join(exportsDir(deps), `${runId}.xlsx`);

/** The list's own condition (filters + data scope), optionally narrowed to ticked customers. */
export function exportConditions(actor: Actor, filters: ExportFilters = {}, ids?: number[]): SQL {
  const list = customerListCondition(actor, filters);
  return ids?.length ? and(list, inArray(customers.id, ids))! : list;
}

/** `2026-03-02 10:00` in Asia/Shanghai. */
const shanghai = (at: Date | null) => (at ? shanghaiMinute(at) : null);

function toExport(run: RunRow): CustomerExport {
  const output = (run.output ?? {}) as { rowCount?: number; fileName?: string };
  return {
    id: run.id,
    status: run.status as CustomerExport['status'],
    progress: run.progress,
    total: run.total,
    rowCount: run.status === 'succeeded' ? (output.rowCount ?? run.progress) : null,
    fileName: run.status === 'succeeded' ? (output.fileName ?? null) : null,
    message: run.message,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

async function removeOldFiles(deps: Deps): Promise<void> {
  const cutoff = deps.clock.now().getTime() - KEEP_FILES_HOURS * 3_600_000;
  const names = await fs.readdir(exportsDir(deps)).catch(() => [] as string[]);
  for (const name of names) {
    const file = path.join(exportsDir(deps), name);
    const stat = await fs.stat(file).catch(() => null);
    if (stat?.isFile() && stat.mtimeMs < cutoff) await fs.rm(file, { force: true });
  }
}

/**
 * 导出 (R-CUS-31): counts the rows first (refused above 200,000 — narrow the filter), then runs
 * the export in the background. At most one running export per user and 20 per hour (R-SEC-06).
 */
export async function startCustomerExport(deps: Deps, ctx: RequestContext, body: StartExportBody): Promise<CustomerExport> {
  const actor = requirePermission(ctx.actor, 'customer:export');
  const now = deps.clock.now();
  const recent = await deps.db
    .select({ status: jobRuns.status })
    .from(jobRuns)
    .where(and(eq(jobRuns.jobKey, EXPORT_JOB_KEY), eq(jobRuns.triggeredById, actor.userId), gte(jobRuns.startedAt, new Date(now.getTime() - 3_600_000))));
  if (recent.some((r) => r.status === 'running')) throw new AppError('RATE_LIMITED', '您有一个导出正在进行，请等它完成后再导出');
  if (recent.length >= EXPORTS_PER_HOUR) throw new AppError('RATE_LIMITED', `每小时最多导出 ${EXPORTS_PER_HOUR} 次，请稍后再试`);
  const where = exportConditions(actor, body.filters, body.ids);
  await refreshCustomerStatistics(deps.db);
  const [counted] = await deps.db.select({ n: count() }).from(customers).where(where);
  const total = Number(counted?.n ?? 0);
  if (total > EXPORT_MAX_ROWS) {
    throw new AppError(
      'VALIDATION_FAILED',
      `符合条件的客户有 ${total.toLocaleString('en-US')} 个，超过单次导出上限 ${EXPORT_MAX_ROWS.toLocaleString('en-US')} 个，请缩小筛选范围后分批导出`,
      [{ field: 'filters', message: '导出行数超过上限' }],
    );
  }
  const run = await claimJobRun(deps.db, now, EXPORT_JOB_KEY, `export:${randomUUID()}`, { triggeredById: actor.userId });
  const [started] = await deps.db.update(jobRuns).set({ total, message: '正在导出' }).where(eq(jobRuns.id, run!.id)).returning();
  void executeJobRun(
    deps,
    { key: EXPORT_JOB_KEY, name: '客户导出', description: '客户列表导出为 Excel', defaultCron: '0 0 1 1 *', run: (job) => runExport(job, actor, body, where, total) },
    started!,
    ctx,
  );
  void removeOldFiles(deps).catch((error: unknown) => deps.log.warn({ err: error }, 'export file cleanup failed'));
  return toExport(started!);
}

async function runExport(job: JobContext, actor: Actor, body: StartExportBody, where: SQL, total: number): Promise<Record<string, unknown>> {
  const { deps } = job;
  const columns = [...new Set(body.columns)];
  const labels = new Map<string, Map<string, string>>();
  for (const key of columns) {
    const dictionary = exportColumns[key].dictionary;
    if (dictionary && !labels.has(dictionary)) labels.set(dictionary, await dictionaryLabels(deps.db, dictionary));
  }
  // Grades by the company's names (收入档次, VIP/优选/合格), as the list shows them.
  const grades = columns.includes('grade') ? gradeNames(await loadTiers(deps.db)) : new Map<string, string>();
  const wantsContact = columns.some((c) => c.startsWith('contact'));
  const masks = Object.fromEntries(columns.flatMap((c) => (exportColumns[c].mask ? [[c, exportColumns[c].mask]] : []))) as Record<string, MaskKind>;
  await fs.mkdir(exportsDir(deps), { recursive: true });
  const temp = path.join(exportsDir(deps), `${job.runId}-${randomUUID()}.part`);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: temp, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet('客户', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((key) => ({ header: exportColumns[key].header, key, width: exportColumns[key].width }));
  sheet.getRow(1).commit();
  const contact = sql<{ name: string; mobile: string | null; title: string | null; email: string | null } | null>`(
    SELECT json_build_object('name', cc.name, 'mobile', cc.mobile, 'title', cc.title, 'email', cc.email)
    FROM customer_contacts cc WHERE cc.customer_id = ${customers.id} ORDER BY cc.is_primary DESC, cc.id LIMIT 1)`;
  let lastId = 0;
  let written = 0;
  try {
    for (;;) {
      const rows = await deps.db
        .select({ customer: customers, ownerName: users.displayName, unitName: orgUnits.name, contact: wantsContact ? contact : sql<null>`NULL` })
        .from(customers)
        .leftJoin(users, eq(users.id, customers.ownerId))
        .leftJoin(orgUnits, eq(orgUnits.id, customers.unitId))
        .where(and(where, gt(customers.id, lastId)))
        .orderBy(asc(customers.id))
        .limit(Math.min(BATCH, EXPORT_MAX_ROWS - written));
      if (!rows.length) break;
      for (const [index, { customer: c, ownerName, unitName, contact: person }] of rows.entries()) {
        // Writing rows is the request thread's work: let other users' requests in between.
        if (index > 0 && index % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
        const record: Record<string, unknown> = {
          ...c,
          ownerName,
          unitName,
          registeredCapital: c.registeredCapital === null ? null : Number(c.registeredCapital),
          tags: c.tags.join('、'),
          contactName: person?.name ?? null,
          contactMobile: person?.mobile ?? null,
          contactTitle: person?.title ?? null,
          contactEmail: person?.email ?? null,
          verifiedAt: shanghai(c.verifiedAt),
          createdAt: shanghai(c.createdAt),
          updatedAt: shanghai(c.updatedAt),
        };
        const masked = maskFields(actor, record, masks);
        sheet
          .addRow(
            columns.map((key) => {
              const value = masked[key];
              const spec = exportColumns[key];
              if (value === null || value === undefined) return null;
              if (spec.dictionary) return labels.get(spec.dictionary)?.get(String(value)) ?? value;
              if (spec.labels) return spec.labels[String(value)] ?? value;
              if (key === 'grade') return grades.get(String(value)) ?? value;
              return value;
            }),
          )
          .commit();
      }
      written += rows.length;
      lastId = rows[rows.length - 1]!.customer.id;
      await job.progress(written, Math.max(total, written), `已导出 ${written} 行`);
      if (written >= EXPORT_MAX_ROWS) break;
    }
    sheet.commit();
    await workbook.commit();
    await fs.rename(temp, exportFile(deps, job.runId));
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  const sensitive = canViewSensitive(actor) && Object.keys(masks).length > 0;
  await recordAuditNow(deps.db, deps.clock, job.audit, {
    action: 'export',
    entityType: 'customer',
    entityId: `export-${job.runId}`,
    summary: `导出客户列表 ${written} 行到 Excel（${sensitive ? '含敏感字段明文' : '敏感字段已脱敏'}）`,
    changes: {
      filters: { before: null, after: body.filters ?? {} },
      ids: { before: null, after: body.ids ? `${body.ids.length} 个勾选客户` : null },
      columns: { before: null, after: columns },
      rowCount: { before: null, after: written },
    },
  });
  return { rowCount: written, fileName: `客户导出-${shanghai(deps.clock.now())!.replace(/[-: ]/g, '')}.xlsx` };
}

/** The requester's own export run, or 404 — other users' exports look missing. */
async function ownExport(deps: Deps, actor: Actor, id: number): Promise<RunRow> {
  const [run] = await deps.db
    .select()
    .from(jobRuns)
    .where(and(eq(jobRuns.id, id), eq(jobRuns.jobKey, EXPORT_JOB_KEY), eq(jobRuns.triggeredById, actor.userId)));
  if (!run) throw new AppError('NOT_FOUND', '导出记录不存在或不是您发起的');
  return run;
}

export async function getCustomerExport(deps: Deps, ctx: RequestContext, id: number): Promise<CustomerExport> {
  const actor = requirePermission(ctx.actor, 'customer:export');
  return toExport(await ownExport(deps, actor, id));
}

export async function downloadCustomerExport(deps: Deps, ctx: RequestContext, id: number): Promise<{ stream: Readable; contentDisposition: string; size: number }> {
  const actor = requirePermission(ctx.actor, 'customer:export');
  const run = await ownExport(deps, actor, id);
  if (run.status !== 'succeeded') throw new AppError('CONFLICT', run.status === 'running' ? '导出尚未完成，请稍候' : `导出失败：${run.message}`, { reason: 'export.not_ready' });
  const file = exportFile(deps, id);
  const stat = await fs.stat(file).catch(() => null);
  if (!stat) throw new AppError('NOT_FOUND', `导出文件已过期（保留 ${KEEP_FILES_HOURS} 小时），请重新导出`);
  const exported = toExport(run);
  return { stream: createReadStream(file), size: stat.size, contentDisposition: contentDisposition('attachment', exported.fileName ?? '客户导出.xlsx') };
}
