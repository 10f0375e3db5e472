import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import type { RequestContext } from '../../platform/access/access';
import { recordAudit } from '../../platform/audit/audit.service';
import type { Clock } from '../../platform/clock';
import type { DbOrTx } from '../../platform/db/client';
import { AppError, fieldError } from '../../platform/errors';
import { activeUserOf, unitOf } from '../../platform/org/org.queries';
import type { CustomerRow } from './access';
import { customerOwnershipChanges, customers } from './customers.table';
import { addTimelineEvent } from './timeline';

/**
 * What moved the customer: created 建档 · claim 认领 · registration 报备 · release 退回公海 ·
 * transfer 转移 · departure 离职交接 · assign 分配 · reassign 改派 · rejected 报备未通过.
 */
export type OwnershipChangeKind =
  | 'created'
  | 'claim'
  | 'registration'
  | 'release'
  | 'transfer'
  | 'departure'
  | 'assign'
  | 'reassign'
  | 'rejected';

const kindLabels: Record<OwnershipChangeKind, string> = {
  created: '建档',
  claim: '认领公海客户',
  registration: '报备取得客户',
  release: '退回公海',
  transfer: '客户转移',
  departure: '离职交接',
  assign: '分配客户',
  reassign: '改派客户',
  rejected: '报备未通过，退回公海',
};

export interface OwnerChangeInput {
  customerId: number;
  /** The new owner; null puts the customer back in the pool (公海). */
  toUserId: number | null;
  /** The new owning unit; defaults to the new owner's unit, unchanged on release. */
  toUnitId?: number;
  kind: OwnershipChangeKind;
  reason?: string | null;
  /**
   * Only change when the current owner is this user (null = only when in the pool). When the
   * customer has moved meanwhile the call changes nothing and returns null — the caller decides
   * what to tell the user. This is what makes 50 simultaneous claims give exactly one owner.
   */
  expectOwnerId?: number | null;
  /** End of the protection period the new owner gets (R-DEV-11); null = the unit's default. */
  protectedUntil?: Date | null;
  sourceType?: string;
  sourceId?: string | number;
}

export interface OwnerChangeResult {
  before: CustomerRow;
  after: CustomerRow;
}

/**
 * The one way to change a customer's owner or owning unit (R-DEV-10, 14): locks the row, writes
 * the ownership history, the audit record and the timeline entry in the caller's transaction.
 */
export async function changeCustomerOwner(tx: DbOrTx, clock: Clock, ctx: RequestContext, input: OwnerChangeInput): Promise<OwnerChangeResult | null> {
  const [before] = await tx
    .select()
    .from(customers)
    .where(and(eq(customers.id, input.customerId), isNull(customers.mergedIntoId)))
    .for('update');
  if (!before) throw new AppError('NOT_FOUND', '客户不存在或已被合并');
  if (input.expectOwnerId !== undefined && before.ownerId !== input.expectOwnerId) return null;

  const now = clock.now();
  let toUnitId = input.toUnitId ?? before.unitId;
  let ownerName: string | null = null;
  if (input.toUserId !== null) {
    const owner = await activeUserOf(tx, input.toUserId);
    if (!owner) throw fieldError('toUserId', '新的客户经理不存在或已停用');
    ownerName = owner.name;
    toUnitId = input.toUnitId ?? owner.unitId;
  }
  const unit = await unitOf(tx, toUnitId);
  if (!unit) throw fieldError('toUnitId', '所属单位不存在');

  const released = input.toUserId === null;
  const [after] = await tx
    .update(customers)
    .set({
      ownerId: input.toUserId,
      unitId: toUnitId,
      ownedSince: released ? null : now,
      protectedUntil: released ? null : (input.protectedUntil ?? null),
      releasedAt: released ? now : before.releasedAt,
      previousOwnerId: before.ownerId ?? before.previousOwnerId,
      updatedAt: now,
      version: sql`${customers.version} + 1`,
    })
    .where(eq(customers.id, before.id))
    .returning();

  const label = kindLabels[input.kind];
  await tx.insert(customerOwnershipChanges).values({
    customerId: before.id,
    kind: input.kind,
    fromUserId: before.ownerId,
    toUserId: input.toUserId,
    fromUnitId: before.unitId,
    toUnitId,
    reason: input.reason ?? null,
    actorId: ctx.actor?.userId ?? null,
    sourceType: input.sourceType ?? null,
    sourceId: input.sourceId === undefined ? null : String(input.sourceId),
    at: now,
  });
  const title = released ? `${label}${input.reason ? `：${input.reason}` : ''}` : `${label}：客户经理 ${ownerName}${unit.id !== before.unitId ? `（${unit.name}）` : ''}`;
  await recordAudit(tx, clock, ctx, {
    action: 'update',
    entityType: 'customer',
    entityId: before.id,
    customerId: before.id,
    summary: `「${before.name}」${title}`,
    changes: {
      ownerId: { before: before.ownerId, after: input.toUserId },
      ...(toUnitId !== before.unitId ? { unitId: { before: before.unitId, after: toUnitId } } : {}),
    },
    ...(ctx.actor ? {} : { actorName: '系统规则' }),
  });
  await addTimelineEvent(tx, clock, {
    customerId: before.id,
    type: released ? 'released' : 'assigned',
    title,
    detail: { kind: input.kind, fromUserId: before.ownerId, toUserId: input.toUserId, reason: input.reason ?? null },
    actorId: ctx.actor?.userId ?? null,
    sourceType: input.sourceType,
    sourceId: input.sourceId,
  });
  return { before, after: after! };
}

/** A valid follow-up keeps the customer owned (R-DEV-11); never moves the date backwards. */
export async function touchCustomerFollowUp(tx: DbOrTx, customerId: number, at: Date): Promise<void> {
  await tx
    .update(customers)
    .set({ lastFollowUpAt: sql`GREATEST(COALESCE(${customers.lastFollowUpAt}, ${at}), ${at})` })
    .where(eq(customers.id, customerId));
}

/** Sets the intent level (R-DEV-23) from a development record without a full customer edit. */
export async function setCustomerIntentLevel(tx: DbOrTx, customerId: number, level: string): Promise<void> {
  await tx.update(customers).set({ intentLevel: level }).where(eq(customers.id, customerId));
}

/** A registration (re)starts the protection period (R-DEV-11); never shortens a longer one. */
export async function extendCustomerProtection(tx: DbOrTx, customerId: number, until: Date): Promise<void> {
  await tx
    .update(customers)
    .set({ protectedUntil: sql`GREATEST(COALESCE(${customers.protectedUntil}, ${until}), ${until})` })
    .where(eq(customers.id, customerId));
}

/** Live customers a user owns, oldest first (the departure hand-over moves them one by one). */
export async function customerIdsOwnedBy(db: DbOrTx, userId: number): Promise<number[]> {
  const rows = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.ownerId, userId), isNull(customers.mergedIntoId)))
    .orderBy(asc(customers.id));
  return rows.map((row) => row.id);
}

export async function countCustomersOwnedBy(db: DbOrTx, userId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(customers)
    .where(and(eq(customers.ownerId, userId), isNull(customers.mergedIntoId)));
  return Number(row?.n ?? 0);
}

/**
 * 离职交接 of collaborations (R-PLT-05): the departed user is replaced by the successor among the
 * collaborators of every live customer (never doubling the owner), audited per customer.
 */
export async function replaceCollaborator(tx: DbOrTx, clock: Clock, ctx: RequestContext, fromUserId: number, toUserId: number): Promise<number> {
  const changed = await tx
    .update(customers)
    .set({
      collaboratorIds: sql`(SELECT COALESCE(jsonb_agg(DISTINCT x), '[]'::jsonb) FROM (
        SELECT CASE WHEN v = to_jsonb(${fromUserId}::int) THEN to_jsonb(${toUserId}::int) ELSE v END AS x
        FROM jsonb_array_elements(${customers.collaboratorIds}) AS v
      ) AS replaced WHERE to_jsonb(${customers.ownerId}) IS DISTINCT FROM x)`,
    })
    .where(and(sql`${customers.collaboratorIds} @> ${JSON.stringify([fromUserId])}::jsonb`, isNull(customers.mergedIntoId)))
    .returning({ id: customers.id, name: customers.name });
  for (const row of changed) {
    await recordAudit(tx, clock, ctx, {
      action: 'update',
      entityType: 'customer',
      entityId: row.id,
      customerId: row.id,
      summary: `离职交接：客户「${row.name}」的协作人由用户 #${fromUserId} 改为用户 #${toUserId}`,
      changes: { collaboratorIds: { before: fromUserId, after: toUserId } },
    });
  }
  return changed.length;
}
