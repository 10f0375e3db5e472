import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { requireActor, type RequestContext } from '../../../platform/access/access';
import { diffChanges, recordAudit } from '../../../platform/audit/audit.service';
import type { Clock } from '../../../platform/clock';
import type { DbOrTx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { attachments } from '../../../platform/files/files.table';
import { getVisibleCustomer, type CustomerRow } from '../access';
import {
  baseRequiredDocTypes,
  EXPIRY_NOTICE_DAYS,
  firstTimeDocTypes,
  qualificationDocLabels,
  qualificationDocTypes,
  type CreateQualificationBody,
  type Qualification,
  type QualificationDocType,
  type QualificationList,
  type QualificationStatus,
  type UpdateQualificationBody,
} from './compliance.schema';
import { addTimelineEvent } from '../timeline';
import { customerQualifications } from '../customers.table';
import { addDays, shanghaiDate } from '../../../platform/dates';

// 资质文件 (R-CUS-10): documents with number, validity and a file attached to the customer.

type QualificationRow = typeof customerQualifications.$inferSelect;

const auditedFields: (keyof QualificationRow)[] = ['docType', 'number', 'validFrom', 'validUntil', 'attachmentId', 'note'];

export const docTypeName = (docType: string) => qualificationDocLabels[docType as QualificationDocType] ?? docType;

/** 有效 / 即将到期（30 天内）/ 已过期, as of `today` (YYYY-MM-DD, Asia/Shanghai). */
export function qualificationStatus(validUntil: string | null, today: string): Exclude<QualificationStatus, 'missing'> {
  if (validUntil === null) return 'valid';
  if (validUntil < today) return 'expired';
  if (validUntil <= addDays(today, EXPIRY_NOTICE_DAYS)) return 'expiring';
  return 'valid';
}

/** A first-time customer has never been admitted; it must also show 公司章程、资信证明、财务报表. */
export const isFirstTimeCustomer = (customer: Pick<CustomerRow, 'admittedAt'>) => customer.admittedAt === null;

export function requiredDocTypes(customer: Pick<CustomerRow, 'admittedAt'>): QualificationDocType[] {
  return isFirstTimeCustomer(customer) ? [...baseRequiredDocTypes, ...firstTimeDocTypes] : [...baseRequiredDocTypes];
}

/** The best document of each type: a live file attached, the latest validity (open-ended wins). */
function bestByType(rows: QualificationRow[], liveAttachments: Map<number, string>): Map<string, QualificationRow> {
  const best = new Map<string, QualificationRow>();
  for (const row of rows) {
    if (row.attachmentId === null || !liveAttachments.has(row.attachmentId)) continue;
    const current = best.get(row.docType);
    const later = !current || current.validUntil === null ? false : row.validUntil === null || row.validUntil > current.validUntil;
    if (!current || later) best.set(row.docType, row);
  }
  return best;
}

export interface MissingDocument {
  docType: QualificationDocType;
  message: string;
}

/**
 * The required documents that are absent or expired today (R-CUS-11); an empty list means the
 * customer may be submitted for admission.
 */
export async function missingQualifications(db: DbOrTx, clock: Clock, customer: CustomerRow): Promise<MissingDocument[]> {
  const rows = await db.select().from(customerQualifications).where(eq(customerQualifications.customerId, customer.id));
  const best = bestByType(rows, await attachmentNames(db, attachmentIdsOf(rows)));
  const today = shanghaiDate(clock.now());
  const missing: MissingDocument[] = [];
  for (const docType of requiredDocTypes(customer)) {
    const row = best.get(docType);
    if (!row) missing.push({ docType, message: `${docTypeName(docType)}（缺失）` });
    else if (qualificationStatus(row.validUntil, today) === 'expired') {
      missing.push({ docType, message: `${docTypeName(docType)}（已于 ${row.validUntil} 过期）` });
    }
  }
  return missing;
}

const attachmentIdsOf = (rows: QualificationRow[]) => rows.flatMap((row) => (row.attachmentId === null ? [] : [row.attachmentId]));

async function attachmentNames(db: DbOrTx, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await db
    .select({ id: attachments.id, fileName: attachments.fileName })
    .from(attachments)
    .where(and(inArray(attachments.id, ids), isNull(attachments.deletedAt)));
  return new Map(rows.map((row) => [row.id, row.fileName]));
}

function toQualification(row: QualificationRow, today: string, names: Map<number, string>): Qualification {
  return {
    id: row.id,
    customerId: row.customerId,
    docType: row.docType as QualificationDocType,
    docTypeName: docTypeName(row.docType),
    number: row.number,
    validFrom: row.validFrom,
    validUntil: row.validUntil,
    attachmentId: row.attachmentId,
    attachmentName: row.attachmentId === null ? null : (names.get(row.attachmentId) ?? null),
    note: row.note,
    status: row.attachmentId === null || !names.has(row.attachmentId) ? 'missing' : qualificationStatus(row.validUntil, today),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function presentOne(db: DbOrTx, clock: Clock, row: QualificationRow): Promise<Qualification> {
  const names = await attachmentNames(db, row.attachmentId === null ? [] : [row.attachmentId]);
  return toQualification(row, shanghaiDate(clock.now()), names);
}

/** 资质文件列表 with the requirement checklist (缺失 / 有效 / 即将到期 / 已过期). */
export async function listQualifications(deps: Deps, ctx: RequestContext, customerId: number): Promise<QualificationList> {
  const actor = requireActor(ctx);
  const customer = await getVisibleCustomer(deps.db, actor, customerId);
  const rows = await deps.db
    .select()
    .from(customerQualifications)
    .where(eq(customerQualifications.customerId, customerId))
    .orderBy(asc(customerQualifications.docType), asc(customerQualifications.id));
  const today = shanghaiDate(deps.clock.now());
  const names = await attachmentNames(deps.db, attachmentIdsOf(rows));
  const best = bestByType(rows, names);
  const required = new Set(requiredDocTypes(customer));
  const requirements = qualificationDocTypes.map((docType) => {
    const row = best.get(docType);
    return {
      docType,
      docTypeName: docTypeName(docType),
      required: required.has(docType),
      status: row ? qualificationStatus(row.validUntil, today) : ('missing' as const),
      qualificationId: row?.id ?? null,
      validUntil: row?.validUntil ?? null,
    };
  });
  const missing = requirements.filter((r) => r.required && (r.status === 'missing' || r.status === 'expired')).map((r) => r.docTypeName);
  return {
    items: rows.map((row) => toQualification(row, today, names)),
    requirements,
    firstTime: isFirstTimeCustomer(customer),
    admissionStatus: customer.admissionStatus,
    missing,
  };
}

/** The attachment must be a live file linked to this very customer (record type `customer`). */
async function assertCustomerAttachment(db: DbOrTx, customerId: number, attachmentId: number): Promise<void> {
  const [row] = await db
    .select({ id: attachments.id })
    .from(attachments)
    .where(
      and(
        eq(attachments.id, attachmentId),
        eq(attachments.recordType, 'customer'),
        eq(attachments.recordId, String(customerId)),
        isNull(attachments.deletedAt),
      ),
    );
  if (!row) throw fieldError('attachmentId', '附件不存在或不属于该客户，请先在本客户的附件中上传文件');
}

function assertValidity(validFrom: string | null, validUntil: string | null): void {
  if (validFrom && validUntil && validFrom > validUntil) throw fieldError('validUntil', '有效期至不能早于有效期起');
}

async function lockQualification(tx: DbOrTx, customerId: number, qualificationId: number): Promise<QualificationRow> {
  const [row] = await tx
    .select()
    .from(customerQualifications)
    .where(and(eq(customerQualifications.id, qualificationId), eq(customerQualifications.customerId, customerId)))
    .for('update');
  if (!row) throw new AppError('NOT_FOUND', '资质文件不存在或已删除');
  return row;
}

export async function addQualification(deps: Deps, ctx: RequestContext, customerId: number, body: CreateQualificationBody): Promise<Qualification> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const customer = await getVisibleCustomer(tx, actor, customerId, { forUpdate: true });
    assertValidity(body.validFrom, body.validUntil);
    await assertCustomerAttachment(tx, customer.id, body.attachmentId);
    const now = deps.clock.now();
    const [row] = await tx
      .insert(customerQualifications)
      .values({ customerId: customer.id, ...body, createdById: actor.userId, createdAt: now, updatedAt: now })
      .returning();
    const label = docTypeName(row!.docType);
    await recordAudit(tx, deps.clock, ctx, {
      action: 'create',
      entityType: 'customer_qualification',
      entityId: row!.id,
      customerId: customer.id,
      summary: `为客户「${customer.name}」添加资质文件：${label}（${row!.number}）`,
      changes: diffChanges(null, row!, auditedFields),
    });
    await addTimelineEvent(tx, deps.clock, {
      customerId: customer.id,
      type: 'qualification_added',
      title: `添加资质文件：${label}`,
      detail: { docType: row!.docType, number: row!.number, validUntil: row!.validUntil },
      actorId: actor.userId,
      sourceType: 'customer_qualification',
      sourceId: row!.id,
    });
    return presentOne(tx, deps.clock, row!);
  });
}

export async function updateQualification(
  deps: Deps,
  ctx: RequestContext,
  customerId: number,
  qualificationId: number,
  body: UpdateQualificationBody,
): Promise<Qualification> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const customer = await getVisibleCustomer(tx, actor, customerId, { forUpdate: true });
    const before = await lockQualification(tx, customer.id, qualificationId);
    const next = { ...before, ...Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)) } as QualificationRow;
    assertValidity(next.validFrom, next.validUntil);
    if (body.attachmentId !== undefined && body.attachmentId !== before.attachmentId) {
      await assertCustomerAttachment(tx, customer.id, body.attachmentId);
    }
    const changes = diffChanges(before, next, auditedFields);
    if (!Object.keys(changes).length) return presentOne(tx, deps.clock, before);
    const [after] = await tx
      .update(customerQualifications)
      .set({
        docType: next.docType,
        number: next.number,
        validFrom: next.validFrom,
        validUntil: next.validUntil,
        attachmentId: next.attachmentId,
        note: next.note,
        updatedAt: deps.clock.now(),
      })
      .where(eq(customerQualifications.id, before.id))
      .returning();
    const label = docTypeName(after!.docType);
    await recordAudit(tx, deps.clock, ctx, {
      action: 'update',
      entityType: 'customer_qualification',
      entityId: before.id,
      customerId: customer.id,
      summary: `修改客户「${customer.name}」的资质文件：${label}`,
      changes,
    });
    await addTimelineEvent(tx, deps.clock, {
      customerId: customer.id,
      type: 'qualification_updated',
      title: `修改资质文件：${label}`,
      detail: { docType: after!.docType, fields: Object.keys(changes) },
      actorId: actor.userId,
      sourceType: 'customer_qualification',
      sourceId: before.id,
    });
    return presentOne(tx, deps.clock, after!);
  });
}

export async function removeQualification(deps: Deps, ctx: RequestContext, customerId: number, qualificationId: number): Promise<void> {
  const actor = requireActor(ctx);
  await deps.db.transaction(async (tx) => {
    const customer = await getVisibleCustomer(tx, actor, customerId, { forUpdate: true });
    const before = await lockQualification(tx, customer.id, qualificationId);
    await tx.delete(customerQualifications).where(eq(customerQualifications.id, before.id));
    const label = docTypeName(before.docType);
    await recordAudit(tx, deps.clock, ctx, {
      action: 'delete',
      entityType: 'customer_qualification',
      entityId: before.id,
      customerId: customer.id,
      summary: `删除客户「${customer.name}」的资质文件：${label}（${before.number ?? ''}）`,
      changes: diffChanges(before, null, auditedFields),
    });
    await addTimelineEvent(tx, deps.clock, {
      customerId: customer.id,
      type: 'qualification_removed',
      title: `删除资质文件：${label}`,
      detail: { docType: before.docType, number: before.number },
      actorId: actor.userId,
      sourceType: 'customer_qualification',
      sourceId: before.id,
    });
  });
}
