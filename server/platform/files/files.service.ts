import { and, eq, isNull, sql } from 'drizzle-orm';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { requireActor, type Actor, type RequestContext } from '../access/access';
import { recordAudit, recordAuditNow } from '../audit/audit.service';
import type { DbOrTx } from '../db/client';
import { selectPage } from '../db/paging';
import type { Deps } from '../deps';
import { AppError, fieldError } from '../errors';
import type { UploadPart } from '../http/multipart';
import { orderByFrom } from '../http/pagination';
import { users } from '../org/org.table';
import { acceptedTypesText, contentDisposition, fileKinds, fileNameForKind, sanitizeFileName, sniffFileType, withFileSource } from './file-types';
import type { Attachment, ListAttachmentsQuery, UploadAttachmentFields } from './files.schema';
import { uploadAttachmentFields } from './files.schema';
import { attachments } from './files.table';
import { recordAccessOf, registeredRecordTypes, type RecordAccess } from './record-access';

type AttachmentRow = typeof attachments.$inferSelect;

const MIB = 1024 * 1024;

// ── Content-addressed store: <dataDir>/files/<aa>/<bb>/<sha256> ─────────────────

export function filesRoot(deps: Pick<Deps, 'config'>): string {
  return path.join(deps.config.dataDir, 'files');
}

export function blobPath(deps: Pick<Deps, 'config'>, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
  return path.join(filesRoot(deps), sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

export function uploadLimitBytes(deps: Pick<Deps, 'config'>): number {
  return deps.config.uploadMaxMb * MIB;
}

export const tooLargeError = (deps: Pick<Deps, 'config'>) =>
  new AppError('PAYLOAD_TOO_LARGE', `文件超过 ${deps.config.uploadMaxMb} MB 的上限，请压缩或拆分后再上传`);

interface StagedFile {
  tempPath: string;
  sha256: string;
  size: number;
}

/** Streams an upload to a temp file, hashing and counting as it goes; nothing is kept on failure. */
async function stageFile(deps: Deps, stream: Readable & { truncated?: boolean }): Promise<StagedFile> {
  const tmpDir = path.join(filesRoot(deps), 'tmp');
  await fs.mkdir(tmpDir, { recursive: true });
  const tempPath = path.join(tmpDir, `${randomUUID()}.part`);
  const limit = uploadLimitBytes(deps);
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > limit) return callback(tooLargeError(deps));
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(stream, meter, createWriteStream(tempPath, { flags: 'wx', mode: 0o600 }));
    // The multipart parser stops at the limit and marks the part truncated.
    if (stream.truncated) throw tooLargeError(deps);
  } catch (error) {
    await fs.rm(tempPath, { force: true });
    throw error;
  }
  return { tempPath, sha256: hash.digest('hex'), size };
}

/** Moves a staged file to its content address; identical content is stored once. */
async function commitBlob(deps: Deps, staged: StagedFile): Promise<void> {
  const target = blobPath(deps, staged.sha256);
  const existing = await fs.stat(target).catch(() => null);
  if (existing?.isFile() && existing.size === staged.size) {
    await fs.rm(staged.tempPath, { force: true });
    return;
  }
  await fs.mkdir(path.dirname(target), { recursive: true });
  // Same filesystem (both under <dataDir>/files), so the rename is atomic.
  await fs.rename(staged.tempPath, target);
}

// ── Records and access ─────────────────────────────────────────────────────────

function accessFor(recordType: string): RecordAccess {
  const access = recordAccessOf(recordType);
  if (!access) {
    throw fieldError('recordType', `不支持为「${recordType}」类记录上传附件，可选：${registeredRecordTypes().join('、')}`);
  }
  return access;
}

interface Target extends UploadAttachmentFields {
  access: RecordAccess;
}

/** Resolves the record an upload or delete is for; unreadable records look missing (no IDOR). */
async function writableTarget(deps: Deps, actor: Actor, recordType: string, recordId: string): Promise<Target> {
  const access = accessFor(recordType);
  if (!(await access.canRead(deps, actor, recordId))) throw new AppError('NOT_FOUND', `${access.label}不存在或无权查看`);
  if (!(await access.canWrite(deps, actor, recordId))) {
    throw new AppError('FORBIDDEN', `没有权限修改该${access.label}的附件，请联系有编辑权限的同事`, { reason: 'attachment.no_write_access' });
  }
  return { recordType, recordId, access };
}

function parseFields(raw: Record<string, string>): UploadAttachmentFields {
  const parsed = uploadAttachmentFields.safeParse(raw);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((issue) => ({ field: String(issue.path[0] ?? 'body'), message: issue.message }));
  throw new AppError('VALIDATION_FAILED', `提交的数据有误 — ${fields.map((f) => `${f.field}：${f.message}`).join('；')}`, fields);
}

const attachmentColumns = { attachment: attachments, uploadedByName: users.displayName };

function toAttachment(row: AttachmentRow, uploadedByName: string | null): Attachment {
  const kind = Object.values(fileKinds).find((k) => k.mimeType === row.mimeType);
  return {
    id: row.id,
    recordType: row.recordType,
    recordId: row.recordId,
    fileName: row.fileName,
    mimeType: row.mimeType,
    size: row.size,
    sha256: row.sha256,
    previewable: kind?.inline ?? false,
    isImage: row.mimeType.startsWith('image/'),
    uploadedById: row.uploadedById,
    uploadedByName,
    createdAt: row.createdAt.toISOString(),
  };
}

async function loadAttachment(db: DbOrTx, id: number): Promise<{ row: AttachmentRow; uploadedByName: string | null } | undefined> {
  const [found] = await db
    .select(attachmentColumns)
    .from(attachments)
    .leftJoin(users, eq(users.id, attachments.uploadedById))
    .where(and(eq(attachments.id, id), isNull(attachments.deletedAt)));
  return found ? { row: found.attachment, uploadedByName: found.uploadedByName } : undefined;
}

/** A live attachment whose record the actor may read, or 404. */
async function readableAttachment(deps: Deps, actor: Actor, id: number) {
  const found = await loadAttachment(deps.db, id);
  const access = found && recordAccessOf(found.row.recordType);
  if (!found || !access || !(await access.canRead(deps, actor, found.row.recordId))) {
    throw new AppError('NOT_FOUND', '附件不存在或无权查看');
  }
  return { ...found, access };
}

const recordLabel = (target: { recordType: string; recordId: string }, access: RecordAccess) =>
  `${access.label} ${target.recordType}#${target.recordId}`;

// ── Use cases ──────────────────────────────────────────────────────────────────

/** One part of a multipart upload, as the HTTP layer hands it over. */

/**
 * 上传附件 (R-PLT-52): fields `recordType`, `recordId` and one `file`. When the fields come
 * first (as browsers send them) access is checked before a byte of the file is stored.
 */
export async function uploadAttachment(deps: Deps, ctx: RequestContext, parts: AsyncIterable<UploadPart>): Promise<Attachment> {
  const actor = requireActor(ctx);
  const raw: Record<string, string> = {};
  let staged: StagedFile | undefined;
  let rawFileName: string | undefined;
  let target: Target | undefined;
  try {
    for await (const part of parts) {
      if (part.type === 'field') {
        if (part.name === 'recordType' || part.name === 'recordId') {
          if (part.name in raw) throw fieldError(part.name, `字段 ${part.name} 只能提交一次`);
          raw[part.name] = part.value;
        }
        continue;
      }
      try {
        if (part.name !== 'file') throw fieldError('file', `文件应放在名为 file 的字段中（收到 ${part.name.slice(0, 40)}）`);
        if (staged) throw fieldError('file', '一次只能上传一个文件');
        if ('recordType' in raw && 'recordId' in raw) {
          const fields = parseFields(raw);
          target = await writableTarget(deps, actor, fields.recordType, fields.recordId);
        }
      } catch (error) {
        // Let the parser run to the end of the request so the client gets the answer.
        part.stream.resume();
        throw error;
      }
      rawFileName = part.fileName;
      staged = await stageFile(deps, part.stream);
    }
    const fields = parseFields(raw);
    if (!staged) throw fieldError('file', '请选择要上传的文件');
    target ??= await writableTarget(deps, actor, fields.recordType, fields.recordId);

    const cleanName = sanitizeFileName(rawFileName);
    const sniffed = await withFileSource(staged.tempPath, (source) => sniffFileType(source, cleanName));
    if (!sniffed.ok) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', `${sniffed.reason}。可上传：${acceptedTypesText}`, [{ field: 'file', message: sniffed.reason }]);
    }
    const named = fileNameForKind(cleanName, sniffed.kind);
    if (!named.ok) throw new AppError('UNSUPPORTED_MEDIA_TYPE', named.reason, [{ field: 'file', message: named.reason }]);

    await commitBlob(deps, staged);
    const file = staged;
    const access = target.access;
    const customerId = access.customerIdOf ? await access.customerIdOf(deps, target.recordId) : null;
    const { recordType, recordId } = target;
    return await deps.db.transaction(async (tx) => {
      const [created] = await tx
        .insert(attachments)
        .values({
          sha256: file.sha256,
          fileName: named.fileName,
          mimeType: sniffed.kind.mimeType,
          size: file.size,
          recordType,
          recordId,
          uploadedById: actor.userId,
          createdAt: deps.clock.now(),
        })
        .returning();
      await recordAudit(tx, deps.clock, ctx, {
        action: 'create',
        entityType: 'attachment',
        entityId: created!.id,
        customerId,
        summary: `上传附件「${named.fileName}」到${recordLabel(target!, access)}`,
        changes: {
          fileName: { before: null, after: named.fileName },
          mimeType: { before: null, after: sniffed.kind.mimeType },
          size: { before: null, after: file.size },
          sha256: { before: null, after: file.sha256 },
          record: { before: null, after: `${recordType}#${recordId}` },
        },
      });
      return toAttachment(created!, actor.displayName);
    });
  } finally {
    // After a successful commit the temp file has been moved away; otherwise it goes now.
    if (staged) await fs.rm(staged.tempPath, { force: true });
  }
}

/** 附件列表 of one record the actor can read. */
export async function listAttachments(deps: Deps, ctx: RequestContext, query: ListAttachmentsQuery) {
  const actor = requireActor(ctx);
  const access = accessFor(query.recordType);
  if (!(await access.canRead(deps, actor, query.recordId))) throw new AppError('NOT_FOUND', `${access.label}不存在或无权查看`);
  const where = and(eq(attachments.recordType, query.recordType), eq(attachments.recordId, query.recordId), isNull(attachments.deletedAt));
  const orderBy = orderByFrom(
    query.sort,
    { createdAt: attachments.createdAt, fileName: attachments.fileName, size: attachments.size },
    sql`${attachments.id} desc`,
  );
  const { rows, ...counted } = await selectPage(deps.db, query, {
    rows: (limit, offset) =>
      deps.db
        .select(attachmentColumns)
        .from(attachments)
        .leftJoin(users, eq(users.id, attachments.uploadedById))
        .where(where)
        .orderBy(...orderBy)
        .limit(limit)
        .offset(offset),
    matching: deps.db.select({ one: sql`1` }).from(attachments).where(where).$dynamic(),
  });
  return {
    items: rows.map((r) => toAttachment(r.attachment, r.uploadedByName)),
    ...counted,
  };
}

export interface AttachmentDownload {
  attachment: Attachment;
  stream: Readable;
  contentDisposition: string;
  contentType: string;
}

/** 下载附件: the stored bytes with the sniffed type; each download is an access event. */
export async function downloadAttachment(deps: Deps, ctx: RequestContext, id: number, inline: boolean): Promise<AttachmentDownload> {
  const actor = requireActor(ctx);
  const { row, uploadedByName, access } = await readableAttachment(deps, actor, id);
  const attachment = toAttachment(row, uploadedByName);
  const file = blobPath(deps, row.sha256);
  const handle = await fs.open(file, 'r').catch(() => null);
  if (!handle) {
    deps.log.error({ attachmentId: id, sha256: row.sha256 }, 'attachment content missing on disk');
    throw new AppError('NOT_FOUND', '附件文件已丢失，请联系管理员从备份恢复');
  }
  const asInline = inline && attachment.previewable;
  const customerId = access.customerIdOf ? await access.customerIdOf(deps, row.recordId) : null;
  try {
    await recordAuditNow(deps.db, deps.clock, ctx, {
      action: 'download',
      entityType: 'attachment',
      entityId: id,
      customerId,
      summary: `${asInline ? '预览' : '下载'}附件「${row.fileName}」（${recordLabel(row, access)}）`,
    });
  } catch (error) {
    await handle.close();
    throw error;
  }
  return {
    attachment,
    stream: handle.createReadStream(),
    contentDisposition: contentDisposition(asInline ? 'inline' : 'attachment', row.fileName),
    contentType: row.mimeType,
  };
}

/** 删除附件 — soft delete; the stored content stays (it may be shared and backups refer to it). */
export async function deleteAttachment(deps: Deps, ctx: RequestContext, id: number): Promise<void> {
  const actor = requireActor(ctx);
  const { row, access } = await readableAttachment(deps, actor, id);
  if (!(await access.canWrite(deps, actor, row.recordId))) {
    throw new AppError('FORBIDDEN', `没有权限删除该附件：需要对该${access.label}的编辑权限`, { reason: 'attachment.no_write_access' });
  }
  const customerId = access.customerIdOf ? await access.customerIdOf(deps, row.recordId) : null;
  await deps.db.transaction(async (tx) => {
    const [deleted] = await tx
      .update(attachments)
      .set({ deletedAt: deps.clock.now() })
      .where(and(eq(attachments.id, id), isNull(attachments.deletedAt)))
      .returning({ id: attachments.id });
    if (!deleted) throw new AppError('NOT_FOUND', '附件不存在或已被删除');
    await recordAudit(tx, deps.clock, ctx, {
      action: 'delete',
      entityType: 'attachment',
      entityId: id,
      customerId,
      summary: `删除附件「${row.fileName}」（${recordLabel(row, access)}）`,
      changes: { deletedAt: { before: null, after: deps.clock.now().toISOString() } },
    });
  });
}
