import { and, asc, count, desc, eq, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { requireActor, type Actor, type RequestContext } from '../../../platform/access/access';
import { diffChanges, recordAudit } from '../../../platform/audit/audit.service';
import type { Clock } from '../../../platform/clock';
import { quarterStart } from '../../../platform/dates';
import type { DbOrTx } from '../../../platform/db/client';
import { selectPage } from '../../../platform/db/paging';
import type { Deps } from '../../../platform/deps';
import { dictionaryCodes } from '../../../platform/dictionaries/defaults';
import { assertDictionaryItem } from '../../../platform/dictionaries/dictionaries.service';
import { AppError, fieldError } from '../../../platform/errors';
import { orderByFrom } from '../../../platform/http/pagination';
import { orgUnits, users } from '../../../platform/org/org.table';
import { customerScope, getVisibleCustomer, type CustomerRow } from '../access';
import type {
  CustomerComplianceState,
  MarkLostBody,
  ReactivateBody,
  UnverifiedList,
  UnverifiedQuery,
  VerifyBody,
} from '../compliance/compliance.schema';
import { customers } from '../customers.table';
import { addTimelineEvent } from '../timeline';

// 流失 (R-CUS-50) and 每季度核实 (R-CUS-33), plus the helpers the other compliance services share.

export const LOST_LIFECYCLE = 'lost';

export function toComplianceState(row: CustomerRow, approvalId: number | null = null): CustomerComplianceState {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    admissionStatus: row.admissionStatus,
    admittedAt: row.admittedAt?.toISOString() ?? null,
    blacklistLevel: row.blacklistLevel,
    blacklistUnitId: row.blacklistUnitId,
    lifecycleCode: row.lifecycleCode,
    lostReasonCode: row.lostReasonCode,
    lostCompetitor: row.lostCompetitor,
    lostNote: row.lostNote,
    lostAt: row.lostAt?.toISOString() ?? null,
    verifiedAt: row.verifiedAt?.toISOString() ?? null,
    verifiedById: row.verifiedById,
    mergedIntoId: row.mergedIntoId,
    version: row.version,
    approvalId,
  };
}

/** Optimistic concurrency: a stale version means someone else changed the customer meanwhile. */
export function assertVersion(customer: CustomerRow, expected: number | undefined): void {
  if (expected !== undefined && expected !== customer.version) {
    throw new AppError('CONFLICT', `客户「${customer.name}」已被他人修改，请刷新页面后重试`, { reason: 'customer.version_conflict' });
  }
}

/** Updates a customer row (bumping version and updatedAt) and returns the new row. */
export async function updateCustomerRow(tx: DbOrTx, clock: Clock, customerId: number, values: Partial<typeof customers.$inferInsert>): Promise<CustomerRow> {
  const [row] = await tx
    .update(customers)
    .set({ ...values, updatedAt: clock.now(), version: sql`${customers.version} + 1` })
    .where(eq(customers.id, customerId))
    .returning();
  return row!;
}

/** The customer row locked for update, without scope (for approval callbacks). */
export async function lockCustomer(tx: DbOrTx, customerId: number): Promise<CustomerRow | undefined> {
  const [row] = await tx.select().from(customers).where(eq(customers.id, customerId)).for('update');
  return row;
}

const lostFields: (keyof CustomerRow)[] = ['lifecycleCode', 'lostReasonCode', 'lostCompetitor', 'lostNote', 'lostAt'];

/** 标记流失: reason from the dictionary, optional competitor, required note (R-CUS-50). */
export async function markCustomerLost(deps: Deps, ctx: RequestContext, customerId: number, body: MarkLostBody): Promise<CustomerComplianceState> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const before = await getVisibleCustomer(tx, actor, customerId, { forUpdate: true });
    assertVersion(before, body.version);
    if (before.lifecycleCode === LOST_LIFECYCLE) throw new AppError('CONFLICT', `客户「${before.name}」已标记为流失，如需修改请先重新激活`, { reason: 'customer.already_lost' });
    const reason = await assertDictionaryItem(tx, dictionaryCodes.lostReason, body.reasonCode, 'reasonCode');
    const after = await updateCustomerRow(tx, deps.clock, before.id, {
      lifecycleCode: LOST_LIFECYCLE,
      lostReasonCode: body.reasonCode,
      lostCompetitor: body.competitor,
      lostNote: body.note,
      lostAt: deps.clock.now(),
    });
    await recordAudit(tx, deps.clock, ctx, {
      action: 'mark_lost',
      entityType: 'customer',
      entityId: before.id,
      customerId: before.id,
      summary: `标记客户「${before.name}」流失：${reason.label}${body.competitor ? `，去向 ${body.competitor}` : ''}`,
      changes: diffChanges(before, after, lostFields),
    });
    await addTimelineEvent(tx, deps.clock, {
      customerId: before.id,
      type: 'lost',
      title: `标记流失：${reason.label}`,
      detail: { reasonCode: body.reasonCode, reason: reason.label, competitor: body.competitor, note: body.note },
      actorId: actor.userId,
    });
    return toComplianceState(after);
  });
}

/** 重新激活 a lost customer: the lost fields are cleared and the lifecycle set again. */
export async function reactivateCustomer(deps: Deps, ctx: RequestContext, customerId: number, body: ReactivateBody): Promise<CustomerComplianceState> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const before = await getVisibleCustomer(tx, actor, customerId, { forUpdate: true });
    assertVersion(before, body.version);
    if (before.lifecycleCode !== LOST_LIFECYCLE) throw new AppError('CONFLICT', `客户「${before.name}」未标记流失，无需重新激活`, { reason: 'customer.not_lost' });
    if (body.lifecycleCode === LOST_LIFECYCLE) throw fieldError('lifecycleCode', '请选择流失以外的生命周期状态');
    const lifecycle = await assertDictionaryItem(tx, dictionaryCodes.lifecycleStatus, body.lifecycleCode, 'lifecycleCode');
    const after = await updateCustomerRow(tx, deps.clock, before.id, {
      lifecycleCode: body.lifecycleCode,
      lostReasonCode: null,
      lostCompetitor: null,
      lostNote: null,
      lostAt: null,
    });
    await recordAudit(tx, deps.clock, ctx, {
      action: 'reactivate',
      entityType: 'customer',
      entityId: before.id,
      customerId: before.id,
      summary: `重新激活流失客户「${before.name}」（${lifecycle.label}）${body.note ? `：${body.note}` : ''}`,
      changes: diffChanges(before, after, lostFields),
    });
    await addTimelineEvent(tx, deps.clock, {
      customerId: before.id,
      type: 'reactivated',
      title: `重新激活（${lifecycle.label}）`,
      detail: { lifecycleCode: body.lifecycleCode, note: body.note, previousReasonCode: before.lostReasonCode },
      actorId: actor.userId,
    });
    return toComplianceState(after);
  });
}

/** 确认核实 (R-CUS-33): the owner confirms the customer's data is current. */
export async function verifyCustomer(deps: Deps, ctx: RequestContext, customerId: number, body: VerifyBody): Promise<CustomerComplianceState> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const before = await getVisibleCustomer(tx, actor, customerId, { forUpdate: true });
    assertVersion(before, body.version);
    const after = await updateCustomerRow(tx, deps.clock, before.id, { verifiedAt: deps.clock.now(), verifiedById: actor.userId });
    await recordAudit(tx, deps.clock, ctx, {
      action: 'verify',
      entityType: 'customer',
      entityId: before.id,
      customerId: before.id,
      summary: `确认核实客户「${before.name}」的资料${body.note ? `：${body.note}` : ''}`,
      changes: diffChanges(before, after, ['verifiedAt', 'verifiedById']),
    });
    await addTimelineEvent(tx, deps.clock, {
      customerId: before.id,
      type: 'verified',
      title: '确认核实客户资料',
      detail: body.note ? { note: body.note } : undefined,
      actorId: actor.userId,
    });
    return toComplianceState(after);
  });
}

/** Start of the quarter containing `instant`, in Asia/Shanghai (UTC+8, no daylight saving). */
export const quarterStartOf = quarterStart;

/** A unit and every unit below it. */
const inUnitTree = (unitId: number): SQL =>
  sql`${customers.unitId} IN (SELECT id FROM org_units WHERE path LIKE (SELECT path FROM org_units WHERE id = ${unitId}) || '%')`;

/**
 * 待核实客户: customers in the caller's scope not verified since the start of the current
 * quarter, with counts per owner (R-CUS-33).
 */
export async function listUnverifiedCustomers(deps: Deps, ctx: RequestContext, query: UnverifiedQuery): Promise<UnverifiedList> {
  const actor: Actor = requireActor(ctx);
  const quarterStart = quarterStartOf(deps.clock.now());
  const base = and(customerScope(actor), or(isNull(customers.verifiedAt), lt(customers.verifiedAt, quarterStart)));
  const filtered = and(
    base,
    query.ownerId !== undefined ? eq(customers.ownerId, query.ownerId) : undefined,
    query.unitId !== undefined ? inUnitTree(query.unitId) : undefined,
  );
  const owners = sql`${users.displayName}`;
  const orderBy = orderByFrom(
    query.sort,
    { name: customers.name, code: customers.code, verifiedAt: customers.verifiedAt },
    sql`${customers.verifiedAt} ASC NULLS FIRST, ${customers.id} ASC`,
  );
  const [{ rows, ...counted }, groups] = await Promise.all([
    selectPage(deps.db, query, {
      rows: (limit, offset) =>
        deps.db
      .select({
        id: customers.id,
        code: customers.code,
        name: customers.name,
        ownerId: customers.ownerId,
        ownerName: users.displayName,
        unitId: customers.unitId,
        unitName: orgUnits.name,
        lifecycleCode: customers.lifecycleCode,
        verifiedAt: customers.verifiedAt,
      })
      .from(customers)
      .leftJoin(users, eq(users.id, customers.ownerId))
      .innerJoin(orgUnits, eq(orgUnits.id, customers.unitId))
      .where(filtered)
      .orderBy(...orderBy)
      .limit(limit)
      .offset(offset),
      matching: deps.db.select({ one: sql`1` }).from(customers).where(filtered).$dynamic(),
    }),
    deps.db
      .select({ ownerId: customers.ownerId, ownerName: owners, n: count() })
      .from(customers)
      .leftJoin(users, eq(users.id, customers.ownerId))
      .where(filtered)
      .groupBy(customers.ownerId, users.displayName)
      .orderBy(desc(count()), asc(customers.ownerId)),
  ]);
  return {
    items: rows.map((row) => ({ ...row, verifiedAt: row.verifiedAt?.toISOString() ?? null })),
    ...counted,
    quarterStart: quarterStart.toISOString(),
    byOwner: groups.map((group) => ({ ownerId: group.ownerId, ownerName: (group.ownerName as string | null) ?? null, count: Number(group.n) })),
  };
}
