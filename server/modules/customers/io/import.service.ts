import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { requirePermission, type Actor, type RequestContext } from '../../../platform/access/access';
import { recordAudit, type AuditInput } from '../../../platform/audit/audit.service';
import { selectPage, type Page } from '../../../platform/db/paging';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { contentDisposition, extensionOf, sanitizeFileName, sniffFileType, withFileSource } from '../../../platform/files/file-types';
import { detectCsvEncoding } from './import-csv';
import type { UploadPart } from '../../../platform/http/multipart';
import { claimJobRun, executeJobRun } from '../../../platform/jobs/jobs.service';
import { jobRuns } from '../../../platform/jobs/jobs.table';
import { customerImports } from '../customers.table';
import type { ValidImportRow } from './import-row';
import { importColumns } from './import-template';
import { HeapPacer, readLines, validateImportFile, writeRejectedWorkbook, type ImportFormat, type RejectedLine } from './import-validation';
import {
  activeUserIds,
  findExistingDuplicates,
  insertImportBatch,
  refreshCustomerStatistics,
  reserveNumbers,
  sqlStateOf,
  unitCodeOf,
} from './import.queries';
import type { CustomerImport } from './import.schema';

// 客户导入 (R-CUS-30, R-QLT-06): upload → background validation (streamed, spilled to NDJSON) →
// preview → commit of the valid rows in one transaction → rejected rows as .xlsx.

export const IMPORT_MAX_MB = 50;
export const IMPORT_MAX_BYTES = IMPORT_MAX_MB * 1024 * 1024;
const IMPORT_JOB_KEY = 'customer_import';
const COMMIT_BATCH = 1_000;
/** Upload, spill and result files older than this are removed when a new file is uploaded. */
const KEEP_FILES_DAYS = 30;
const MAX_RUNNING_PER_USER = 2;

type ImportRow = typeof customerImports.$inferSelect;

export const importsDir = (deps: Pick<Deps, 'config'>) => path.join(deps.config.dataDir, 'imports');
export const importFile = (deps: Pick<Deps, 'config'>, id: number, suffix: 'xlsx' | 'csv' | 'valid.ndjson' | 'rejected.ndjson') =>
  path.join(importsDir(deps), `${id}.${suffix}`);

/** Commit progress lives in memory: the commit's own transaction cannot publish it. */
const commitProgress = new Map<number, number>();

export function toImport(row: ImportRow): CustomerImport {
  const progress = row.status === 'committing' ? (commitProgress.get(row.id) ?? row.progress) : row.progress;
  return {
    id: row.id,
    fileName: row.fileName,
    status: row.status as CustomerImport['status'],
    totalRows: row.totalRows,
    validRows: row.validRows,
    invalidRows: row.invalidRows,
    duplicateRows: row.duplicateRows,
    importedRows: row.importedRows,
    progress,
    message: row.message,
    preview: row.preview as CustomerImport['preview'],
    canCommit: row.status === 'validated' && row.validRows > 0,
    hasRejected: (row.status === 'validated' || row.status === 'committed') && row.invalidRows + row.duplicateRows > 0,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** The actor's own import, or 404 — other users' imports look missing. */
async function ownImport(deps: Deps, actor: Actor, id: number): Promise<ImportRow> {
  const [row] = await deps.db
    .select()
    .from(customerImports)
    .where(and(eq(customerImports.id, id), eq(customerImports.userId, actor.userId)));
  if (!row) throw new AppError('NOT_FOUND', '导入记录不存在或不是您发起的');
  return row;
}

const setImport = (deps: Deps, id: number, values: Partial<typeof customerImports.$inferInsert>) =>
  deps.db.update(customerImports).set(values).where(eq(customerImports.id, id));

/** Runs `work` as a recorded job (job_runs: progress, heartbeat, outcome; settled on shutdown). */
async function startImportJob(deps: Deps, ctx: RequestContext, periodKey: string, name: string, work: () => Promise<Record<string, unknown>>) {
  const run = await claimJobRun(deps.db, deps.clock.now(), IMPORT_JOB_KEY, periodKey, { triggeredById: ctx.actor?.userId ?? null });
  if (!run) throw new AppError('CONFLICT', '该导入任务已在运行，请稍候', { reason: 'import.already_running' });
  void executeJobRun(deps, { key: IMPORT_JOB_KEY, name, description: name, defaultCron: '0 0 1 1 *', run: work }, run, ctx);
}

async function removeOldFiles(deps: Deps): Promise<void> {
  const cutoff = deps.clock.now().getTime() - KEEP_FILES_DAYS * 86_400_000;
  const names = await fs.readdir(importsDir(deps)).catch(() => [] as string[]);
  for (const name of names) {
    const file = path.join(importsDir(deps), name);
    const stat = await fs.stat(file).catch(() => null);
    if (stat?.isFile() && stat.mtimeMs < cutoff) await fs.rm(file, { force: true });
  }
}

/** Streams the upload to disk with a size cap; nothing is kept on failure. */
async function stageUpload(deps: Deps, stream: Readable & { truncated?: boolean }): Promise<string> {
  await fs.mkdir(importsDir(deps), { recursive: true });
  const temp = path.join(importsDir(deps), `upload-${randomUUID()}.part`);
  let size = 0;
  const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', `文件超过 ${IMPORT_MAX_MB} MB 的上限，请拆分为多个文件分别导入`);
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      callback(size > IMPORT_MAX_BYTES ? tooLarge() : null, chunk);
    },
  });
  try {
    await pipeline(stream, meter, createWriteStream(temp, { flags: 'wx', mode: 0o600 }));
    if (stream.truncated) throw tooLarge();
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  return temp;
}

/** 上传导入文件: checks it is really an .xlsx (by content), stores it and starts validation. */
export async function uploadCustomerImport(deps: Deps, ctx: RequestContext, parts: AsyncIterable<UploadPart>): Promise<CustomerImport> {
  const actor = requirePermission(ctx.actor, 'customer:import');
  const [running] = await deps.db
    .select({ n: sql<number>`count(*)::int` })
    .from(customerImports)
    .where(and(eq(customerImports.userId, actor.userId), inArray(customerImports.status, ['validating', 'committing'])));
  if ((running?.n ?? 0) >= MAX_RUNNING_PER_USER) {
    throw new AppError('RATE_LIMITED', '您已有导入正在校验或导入中，请等待完成后再上传新文件');
  }
  let temp: string | undefined;
  let fileName = '';
  try {
    for await (const part of parts) {
      if (part.type !== 'file') continue;
      if (part.name !== 'file' || temp) {
        part.stream.resume();
        throw new AppError('VALIDATION_FAILED', '请只上传一个文件，字段名为 file', [{ field: 'file', message: '请只上传一个文件' }]);
      }
      fileName = sanitizeFileName(part.fileName);
      temp = await stageUpload(deps, part.stream);
    }
    if (!temp) throw fieldError('file', '请选择要导入的 Excel 文件');
    const format = await importFormatOf(temp, fileName);
    const [row] = await deps.db
      .insert(customerImports)
      .values({ userId: actor.userId, unitId: actor.unitId, fileName, status: 'validating', message: '正在校验', createdAt: deps.clock.now() })
      .returning();
    await fs.rename(temp, importFile(deps, row!.id, format.kind));
    temp = undefined;
    await startImportJob(deps, ctx, `import:${row!.id}:validate`, '客户导入校验', () => runValidation(deps, actor, row!, format));
    void removeOldFiles(deps).catch((error: unknown) => deps.log.warn({ err: error }, 'import file cleanup failed'));
    return toImport(row!);
  } finally {
    if (temp) await fs.rm(temp, { force: true });
  }
}

/** .xlsx by content; .csv/.tsv by name when the content is UTF-8 or GBK text (R-CUS-30). */
async function importFormatOf(file: string, fileName: string): Promise<ImportFormat> {
  const sniffed = await withFileSource(file, (source) => sniffFileType(source, fileName));
  if (sniffed.ok && sniffed.kind.kind === 'xlsx') return { kind: 'xlsx' };
  const extension = extensionOf(fileName);
  if (extension === 'csv' || extension === 'tsv') {
    const encoding = await detectCsvEncoding(file);
    if (encoding) return { kind: 'csv', encoding };
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', '文件扩展名是 .csv，但内容不是 UTF-8 或 GBK 编码的文本。请在 Excel 中另存为「CSV UTF-8」或 .xlsx 后重新上传');
  }
  const reason = sniffed.ok ? `文件内容是${sniffed.kind.label}` : sniffed.reason;
  throw new AppError('UNSUPPORTED_MEDIA_TYPE', `${reason}。请上传 Excel 2007 及以上格式（.xlsx）或 CSV（UTF-8 或 GBK 编码）的文件，可先下载导入模板`);
}

async function runValidation(deps: Deps, actor: Actor, row: ImportRow, format: ImportFormat): Promise<Record<string, unknown>> {
  try {
    await refreshCustomerStatistics(deps.db);
    const result = await validateImportFile(deps, actor, {
      source: importFile(deps, row.id, format.kind),
      format,
      validPath: importFile(deps, row.id, 'valid.ndjson'),
      rejectedPath: importFile(deps, row.id, 'rejected.ndjson'),
      onProgress: (counts, progress) => setImport(deps, row.id, { ...counts, progress }),
    });
    const { total, valid, invalid, duplicate } = result;
    await setImport(deps, row.id, {
      status: 'validated',
      totalRows: total,
      validRows: valid,
      invalidRows: invalid,
      duplicateRows: duplicate,
      progress: 100,
      preview: result.preview,
      message: total ? `校验完成：共 ${total} 行，可导入 ${valid} 行，有错误 ${invalid} 行，重复 ${duplicate} 行` : '文件中没有数据行，请在模板第二行起填写客户',
    });
    return { total, valid, invalid, duplicate };
  } catch (error) {
    const message = error instanceof AppError ? error.detail : '文件无法读取：不是有效的 .xlsx 文件或已损坏，请用 Excel 另存为 .xlsx 后重新上传';
    if (!(error instanceof AppError)) deps.log.warn({ err: error, importId: row.id }, 'import validation failed');
    await setImport(deps, row.id, { status: 'failed', message, finishedAt: deps.clock.now() });
    throw new AppError('BAD_REQUEST', message);
  }
}

/** A stale validating/committing state whose job died with its instance is reported as such. */
async function reconcile(deps: Deps, row: ImportRow): Promise<ImportRow> {
  if (row.status !== 'validating' && row.status !== 'committing') return row;
  const [run] = await deps.db
    .select({ status: jobRuns.status })
    .from(jobRuns)
    .where(and(eq(jobRuns.jobKey, IMPORT_JOB_KEY), sql`${jobRuns.periodKey} LIKE ${`import:${row.id}:%`}`))
    .orderBy(desc(jobRuns.id))
    .limit(1);
  if (run?.status !== 'failed') return row;
  const values =
    row.status === 'validating'
      ? { status: 'failed', message: '校验被中断（服务重启），请重新上传文件' }
      : { status: 'validated', message: '导入被中断（服务重启），未导入任何数据，可重新导入' };
  const [updated] = await deps.db
    .update(customerImports)
    .set(values)
    .where(and(eq(customerImports.id, row.id), eq(customerImports.status, row.status)))
    .returning();
  return updated ?? row;
}

export async function getCustomerImport(deps: Deps, ctx: RequestContext, id: number): Promise<CustomerImport> {
  const actor = requirePermission(ctx.actor, 'customer:import');
  return toImport(await reconcile(deps, await ownImport(deps, actor, id)));
}

export async function listMyCustomerImports(
  deps: Deps,
  ctx: RequestContext,
  query: { page: number; pageSize: number },
): Promise<Page<CustomerImport>> {
  const actor = requirePermission(ctx.actor, 'customer:import');
  const mine = eq(customerImports.userId, actor.userId);
  const { rows, ...counted } = await selectPage(deps.db, query, {
    rows: (limit, offset) => deps.db.select().from(customerImports).where(mine).orderBy(desc(customerImports.id)).limit(limit).offset(offset),
    matching: deps.db.select({ one: sql`1` }).from(customerImports).where(mine).$dynamic(),
  });
  const items = [];
  for (const row of rows) items.push(toImport(await reconcile(deps, row)));
  return { items, ...counted };
}

const refusals: Record<string, string> = {
  uploaded: '文件尚未校验，请稍候',
  validating: '文件还在校验中，请等校验完成后再导入',
  committing: '该批次正在导入，请勿重复提交',
  committed: '该批次已经导入，不能重复导入；如需补充请上传新文件',
  failed: '该文件校验失败，不能导入，请修正后重新上传',
};

/**
 * 确认导入: imports ONLY the valid rows, in ONE transaction (all or nothing). A second commit of
 * the same import is refused (409); after a failure the import is `validated` again and may be
 * retried. Duplicates are checked again inside the transaction: rows that became duplicates since
 * validation are skipped and reported; a clash the database's unique indexes catch (a colleague
 * registering the same company in the same instant) rolls the whole import back.
 */
export async function commitCustomerImport(deps: Deps, ctx: RequestContext, id: number): Promise<CustomerImport> {
  const actor = requirePermission(ctx.actor, 'customer:import');
  const row = await reconcile(deps, await ownImport(deps, actor, id));
  const [claimed] = await deps.db
    .update(customerImports)
    .set({ status: 'committing', progress: 0, message: '正在导入' })
    .where(and(eq(customerImports.id, id), eq(customerImports.status, 'validated'), sql`${customerImports.validRows} > 0`))
    .returning();
  if (!claimed) {
    if (row.status === 'validated') throw new AppError('CONFLICT', '没有可导入的有效行，请修正文件后重新上传', { reason: 'import.no_valid_rows' });
    throw new AppError('CONFLICT', refusals[row.status] ?? '当前状态不能导入', { reason: 'import.wrong_status' });
  }
  commitProgress.set(id, 0);
  try {
    await startImportJob(deps, ctx, `import:${id}:commit:${randomUUID()}`, '客户导入', () => runCommit(deps, ctx, actor, claimed));
  } catch (error) {
    commitProgress.delete(id);
    await setImport(deps, id, { status: 'validated', message: '导入未能启动，请重试' });
    throw error;
  }
  return toImport(claimed);
}

async function* batches<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

async function runCommit(deps: Deps, ctx: RequestContext, actor: Actor, row: ImportRow): Promise<Record<string, unknown>> {
  const skipped: RejectedLine[] = [];
  try {
    const result = await deps.db.transaction(async (tx) => {
      skipped.length = 0;
      // Every statement below is a key lookup or an insert; the table grows inside this
      // transaction while its statistics stay as they were, so never let the planner scan it.
      await tx.execute(sql`SET LOCAL enable_seqscan = off`);
      const now = deps.clock.now();
      const unitCode = await unitCodeOf(tx, row.unitId);
      const context = { unitId: row.unitId, importerId: actor.userId, importId: row.id, now, fileName: row.fileName };
      let imported = 0;
      let done = 0;
      let ownersChecked: Set<number> | undefined;
      const batchEvents: AuditInput[] = [];
      const pacer = new HeapPacer();
      for await (const batch of batches(readLines<ValidImportRow>(importFile(deps, row.id, 'valid.ndjson')), COMMIT_BATCH)) {
        const existing = await findExistingDuplicates(
          tx,
          batch.map((r) => r.keys.normalizedName),
          batch.flatMap((r) => (r.customer.uscc ? [r.customer.uscc] : [])),
        );
        const byName = new Map(existing.map((e) => [e.normalizedName, e]));
        const byUscc = new Map(existing.filter((e) => e.uscc).map((e) => [e.uscc!, e]));
        if (!ownersChecked) {
          const ownerIds = [...new Set(batch.flatMap((r) => (r.ownerId ? [r.ownerId] : [])))];
          ownersChecked = await activeUserIds(tx, ownerIds);
        }
        const keep: ValidImportRow[] = [];
        for (const r of batch) {
          const clash = (r.customer.uscc && byUscc.get(r.customer.uscc)) || byName.get(r.keys.normalizedName);
          if (clash) {
            skipped.push({ r: r.row, v: cellsOf(r), e: `导入时发现已有客户「${clash.name}」（负责人 ${clash.ownerName ?? '无'}，${clash.status}），未导入`, d: true });
          } else if (r.ownerId && !ownersChecked.has(r.ownerId)) {
            const more = await activeUserIds(tx, [r.ownerId]);
            if (more.size) {
              ownersChecked.add(r.ownerId);
              keep.push(r);
            } else skipped.push({ r: r.row, v: cellsOf(r), e: `负责人账号 ${r.ownerUsername ?? ''} 已停用，未导入`, d: false });
          } else keep.push(r);
        }
        const codes = await reserveNumbers(tx, deps.clock, { docType: 'customer', unitCode, count: keep.length });
        const ids = await insertImportBatch(tx, keep, codes, context);
        if (ids.length) {
          batchEvents.push({
            action: 'import',
            entityType: 'customer',
            entityId: `${ids[0]}-${ids[ids.length - 1]}`,
            summary: `Excel 导入新建客户 ${ids.length} 个（导入批次 #${row.id}，客户 ID ${ids[0]}–${ids[ids.length - 1]}，编号 ${codes[0]}–${codes[codes.length - 1]}）`,
          });
        }
        imported += ids.length;
        done += batch.length;
        commitProgress.set(row.id, Math.min(99, Math.floor((done / Math.max(1, row.validRows)) * 100)));
        pacer.check();
      }
      // Audit events last: appending takes the audit chain's lock until this transaction ends,
      // so taking it at the start would hold up every audited change for the whole import.
      for (const event of batchEvents) await recordAudit(tx, deps.clock, ctx, event);
      const skippedDuplicates = skipped.filter((s) => s.d).length;
      const message = `导入完成：新建客户 ${imported} 个${skipped.length ? `；${skipped.length} 行在导入时发现重复或负责人已停用，已跳过（见被拒行文件）` : ''}`;
      await recordAudit(tx, deps.clock, ctx, {
        action: 'import',
        entityType: 'customer_import',
        entityId: row.id,
        summary: `客户导入「${row.fileName}」：共 ${row.totalRows} 行，导入 ${imported} 行，拒绝 ${row.invalidRows + row.duplicateRows + skipped.length} 行`,
      });
      await tx
        .update(customerImports)
        .set({
          status: 'committed',
          importedRows: imported,
          validRows: imported,
          duplicateRows: row.duplicateRows + skippedDuplicates,
          invalidRows: row.invalidRows + skipped.length - skippedDuplicates,
          progress: 100,
          message,
          finishedAt: deps.clock.now(),
        })
        .where(eq(customerImports.id, row.id));
      return { imported, skipped: skipped.length };
    });
    // Rows skipped at commit join the rejected-rows file (only after the commit succeeded).
    if (skipped.length) await fs.appendFile(importFile(deps, row.id, 'rejected.ndjson'), skipped.map((s) => `${JSON.stringify(s)}\n`).join(''));
    await fs.rm(importFile(deps, row.id, 'valid.ndjson'), { force: true });
    await refreshCustomerStatistics(deps.db, true).catch((error: unknown) => deps.log.warn({ err: error }, 'ANALYZE after import failed'));
    return result;
  } catch (error) {
    const state = sqlStateOf(error);
    const detail =
      state === '23505'
        ? '导入过程中有同事刚刚登记了相同的客户（名称或统一社会信用代码重复），本次导入已整体撤销，未导入任何数据。请重新点击导入，系统会跳过重复的行'
        : state === '40P01' || state === '40001'
          ? '导入时与同事同时进行的操作冲突，本次导入已整体撤销，未导入任何数据。请重新点击导入'
          : `导入失败，已整体撤销，未导入任何数据：${error instanceof AppError ? error.detail : '服务器内部错误'}。可稍后重试`;
    if (!state && !(error instanceof AppError)) deps.log.error({ err: error, importId: row.id }, 'import commit failed');
    await setImport(deps, row.id, { status: 'validated', progress: 100, message: detail });
    throw new AppError('CONFLICT', detail, { reason: 'import.wrong_status' });
  } finally {
    commitProgress.delete(row.id);
  }
}

/** The template columns of a valid row, for the rejected-rows file. */
function cellsOf(r: ValidImportRow): string[] {
  const source: Record<string, unknown> = {
    ...r.customer,
    tags: r.customer.tags.join('、'),
    contactName: r.contact?.name,
    contactMobile: r.contact?.mobile,
    contactTitle: r.contact?.title,
    contactEmail: r.contact?.email,
    ownerUsername: r.ownerUsername,
  };
  return importColumns.map((c) => (source[c.key] === null || source[c.key] === undefined ? '' : String(source[c.key])));
}

/** 被拒行 .xlsx: every rejected row with its original cells and a 错误原因 column, streamed to a temp file. */
export async function rejectedRowsFile(deps: Deps, ctx: RequestContext, id: number): Promise<{ stream: Readable; contentDisposition: string }> {
  const actor = requirePermission(ctx.actor, 'customer:import');
  const row = await ownImport(deps, actor, id);
  if (row.status !== 'validated' && row.status !== 'committed') throw new AppError('CONFLICT', refusals[row.status] ?? '当前状态没有被拒行文件', { reason: 'import.wrong_status' });
  const temp = path.join(importsDir(deps), `rejected-${randomUUID()}.xlsx`);
  await writeRejectedWorkbook(importFile(deps, id, 'rejected.ndjson'), temp);
  const stream = createReadStream(temp);
  stream.on('close', () => void fs.rm(temp, { force: true }));
  const base = row.fileName.replace(/\.xlsx$/i, '');
  return { stream, contentDisposition: contentDisposition('attachment', `${base}-被拒行.xlsx`) };
}
