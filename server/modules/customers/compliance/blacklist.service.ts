import { and, desc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { requireActor, type Actor, type RequestContext } from '../../../platform/access/access';
import { submitApproval } from '../../../platform/approvals/approval-submit';
import { flowStep, numericBusinessId, type ApprovalCallbackDeps, type ApprovalTypeDefinition } from '../../../platform/approvals/approval-types';
import type { ConditionField } from '../../../platform/approvals/approval-conditions';
import { type ApprovalInstanceRow } from '../../../platform/approvals/approvals.queries';
import { approvalInstances } from '../../../platform/approvals/approvals.table';
import { diffChanges, recordAudit } from '../../../platform/audit/audit.service';
import type { DbOrTx, Tx } from '../../../platform/db/client';
import { selectPage } from '../../../platform/db/paging';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { likePattern, orderByFrom } from '../../../platform/http/pagination';
import { orgUnits, users } from '../../../platform/org/org.table';
import { canReadCustomer, customerScope, getVisibleCustomer, type CustomerRow } from '../access';
import { customerBlacklistEntries, customers } from '../customers.table';
import { lockCustomer, updateCustomerRow } from '../lifecycle/lifecycle.service';
import { addTimelineEvent } from '../timeline';
import { BLACKLIST_REMOVAL_TYPE, BLACKLIST_TYPE } from './admission.service';
import type { BlacklistEntry, BlacklistQuery, RequestBlacklistBody, RequestBlacklistRemovalBody } from './compliance.schema';

// 黑名单 (R-CUS-40): unit or company level, entering and leaving through approval.

type EntryRow = typeof customerBlacklistEntries.$inferSelect;

/** Entries that block business: active, and active ones whose removal is still being approved. */
const BLOCKING = ['active', 'removal_pending'];

const levelName = (level: string) => (level === 'company' ? '全公司' : '本单位');
const entryFields: (keyof EntryRow)[] = ['status', 'activatedAt', 'removedAt', 'removalReason'];

/**
 * Sets the customer's blacklistLevel/blacklistUnitId from its blocking entries: company wins over
 * unit; without any the customer is off the blacklist.
 */
export async function refreshBlacklistColumns(tx: DbOrTx, deps: Pick<ApprovalCallbackDeps, 'clock'>, customer: CustomerRow): Promise<CustomerRow> {
  const entries = await tx
    .select()
    .from(customerBlacklistEntries)
    .where(and(eq(customerBlacklistEntries.customerId, customer.id), inArray(customerBlacklistEntries.status, BLOCKING)))
    .orderBy(desc(customerBlacklistEntries.id));
  const company = entries.find((entry) => entry.level === 'company');
  const level = company ? 'company' : entries.length ? 'unit' : null;
  const unitId = company ? null : (entries[0]?.unitId ?? null);
  if (customer.blacklistLevel === level && customer.blacklistUnitId === unitId) return customer;
  return updateCustomerRow(tx, deps.clock, customer.id, { blacklistLevel: level, blacklistUnitId: unitId });
}

async function entryOfApproval(tx: Tx, instance: ApprovalInstanceRow): Promise<EntryRow | undefined> {
  const id = numericBusinessId(instance);
  if (id === null) return undefined;
  const [row] = await tx.select().from(customerBlacklistEntries).where(eq(customerBlacklistEntries.id, id)).for('update');
  return row;
}

type Transition = { status: string; title: string; activate?: boolean; remove?: boolean };

async function applyTransition(tx: Tx, instance: ApprovalInstanceRow, deps: ApprovalCallbackDeps, transition: Transition) {
  const before = await entryOfApproval(tx, instance);
  if (!before) return;
  const now = deps.clock.now();
  const [after] = await tx
    .update(customerBlacklistEntries)
    .set({
      status: transition.status,
      ...(transition.activate ? { activatedAt: now } : {}),
      ...(transition.remove ? { removedAt: now } : {}),
    })
    .where(eq(customerBlacklistEntries.id, before.id))
    .returning();
  const customer = await lockCustomer(tx, before.customerId);
  if (!customer) return;
  const updated = await refreshBlacklistColumns(tx, deps, customer);
  await recordAudit(tx, deps.clock, deps.ctx, {
    action: `blacklist_${transition.status}`,
    entityType: 'customer_blacklist',
    entityId: before.id,
    customerId: customer.id,
    summary: `客户「${customer.name}」${transition.title}（${levelName(before.level)}黑名单，审批 #${instance.id}）`,
    changes: { ...diffChanges(before, after!, entryFields), ...diffChanges(customer, updated, ['blacklistLevel', 'blacklistUnitId']) },
  });
  await addTimelineEvent(tx, deps.clock, {
    customerId: customer.id,
    type: 'blacklist',
    title: `${transition.title}（${levelName(before.level)}）`,
    detail: { entryId: before.id, level: before.level, unitId: before.unitId, status: transition.status, approvalId: instance.id },
    actorId: deps.ctx.actor?.userId ?? null,
    link: `/approvals/mine?id=${instance.id}`,
    sourceType: 'approval',
    sourceId: instance.id,
  });
}

async function canViewEntry(db: DbOrTx, actor: Actor, entryId: string): Promise<boolean> {
  if (!/^[1-9]\d{0,15}$/.test(entryId)) return false;
  const [row] = await db
    .select({ customerId: customerBlacklistEntries.customerId })
    .from(customerBlacklistEntries)
    .where(eq(customerBlacklistEntries.id, Number(entryId)));
  return row ? canReadCustomer(db, actor, row.customerId) : false;
}

const blacklistConditionFields: ConditionField[] = [
  { key: 'level', label: '黑名单范围', labelEn: 'Blacklist scope', format: 'text', options: [{ value: 'company', label: '全公司', labelEn: 'company-wide' }, { value: 'unit', label: '本单位', labelEn: 'own unit' }] },
];

const entryData = z.object({
  customerId: z.number().int(),
  customerName: z.string(),
  level: z.string(),
  unitId: z.number().int().nullable(),
  reason: z.string(),
});
const describeEntry = (instance: ApprovalInstanceRow) => ({
  summary: typeof instance.data.customerName === 'string' ? `客户：${instance.data.customerName}；理由：${String(instance.data.reason ?? '')}` : undefined,
  link: typeof instance.data.customerId === 'number' ? `/customers/${instance.data.customerId}` : undefined,
});

export const blacklistApprovalType: ApprovalTypeDefinition = {
  type: BLACKLIST_TYPE,
  name: '列入黑名单',
  nameEn: 'Blacklisting',
  defaultFlow: { name: '列入黑名单审批', description: '部门负责人 → 法务 → 总经理。', steps: [flowStep('部门负责人审批', 'unit_manager'), flowStep('法务审核', 'legal'), flowStep('总经理审批', 'gm')] },
  conditionFields: blacklistConditionFields,
  dataSchema: entryData,
  onApproved: (tx, instance, deps) => applyTransition(tx, instance, deps, { status: 'active', title: '列入黑名单', activate: true }),
  onRejected: (tx, instance, deps) => applyTransition(tx, instance, deps, { status: 'rejected', title: '列入黑名单申请未通过' }),
  onWithdrawn: (tx, instance, deps) => applyTransition(tx, instance, deps, { status: 'rejected', title: '列入黑名单申请已撤回' }),
  onReturned: async () => {},
  describe: describeEntry,
  canView: canViewEntry,
};

export const blacklistRemovalApprovalType: ApprovalTypeDefinition = {
  type: BLACKLIST_REMOVAL_TYPE,
  name: '移出黑名单',
  nameEn: 'Blacklist removal',
  defaultFlow: { name: '移出黑名单审批', description: '部门负责人 → 法务 → 总经理，通过后客户移出黑名单。', steps: [flowStep('部门负责人审批', 'unit_manager'), flowStep('法务审核', 'legal'), flowStep('总经理审批', 'gm')] },
  conditionFields: blacklistConditionFields,
  dataSchema: entryData,
  onApproved: (tx, instance, deps) => applyTransition(tx, instance, deps, { status: 'removed', title: '移出黑名单', remove: true }),
  onRejected: (tx, instance, deps) => applyTransition(tx, instance, deps, { status: 'active', title: '移出黑名单申请未通过' }),
  onWithdrawn: (tx, instance, deps) => applyTransition(tx, instance, deps, { status: 'active', title: '移出黑名单申请已撤回' }),
  onReturned: async () => {},
  describe: describeEntry,
  canView: canViewEntry,
};

async function toEntries(db: DbOrTx, rows: EntryRow[]): Promise<BlacklistEntry[]> {
  if (!rows.length) return [];
  const customerIds = [...new Set(rows.map((row) => row.customerId))];
  const unitIds = [...new Set(rows.flatMap((row) => (row.unitId === null ? [] : [row.unitId])))];
  const userIds = [...new Set(rows.map((row) => row.requestedById))];
  const entryIds = rows.map((row) => String(row.id));
  const [customerRows, unitRows, userRows, approvals] = await Promise.all([
    db.select({ id: customers.id, code: customers.code, name: customers.name }).from(customers).where(inArray(customers.id, customerIds)),
    unitIds.length ? db.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits).where(inArray(orgUnits.id, unitIds)) : [],
    db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, userIds)),
    db
      .select({ id: approvalInstances.id, businessId: approvalInstances.businessId })
      .from(approvalInstances)
      .where(and(inArray(approvalInstances.businessType, [BLACKLIST_TYPE, BLACKLIST_REMOVAL_TYPE]), inArray(approvalInstances.businessId, entryIds)))
      .orderBy(approvalInstances.id),
  ]);
  const customerById = new Map(customerRows.map((row) => [row.id, row]));
  const unitName = new Map(unitRows.map((row) => [row.id, row.name]));
  const userName = new Map(userRows.map((row) => [row.id, row.name]));
  const latestApproval = new Map(approvals.map((row) => [row.businessId, row.id]));
  return rows.map((row) => ({
    id: row.id,
    customerId: row.customerId,
    customerCode: customerById.get(row.customerId)?.code ?? '',
    customerName: customerById.get(row.customerId)?.name ?? '',
    level: row.level as BlacklistEntry['level'],
    unitId: row.unitId,
    unitName: row.unitId === null ? null : (unitName.get(row.unitId) ?? null),
    reason: row.reason,
    evidence: row.evidence,
    status: row.status as BlacklistEntry['status'],
    requestedById: row.requestedById,
    requestedByName: userName.get(row.requestedById) ?? null,
    createdAt: row.createdAt.toISOString(),
    activatedAt: row.activatedAt?.toISOString() ?? null,
    removedAt: row.removedAt?.toISOString() ?? null,
    removalReason: row.removalReason,
    approvalId: latestApproval.get(String(row.id)) ?? null,
  }));
}

/** 申请列入黑名单: the entry waits as `pending` until the `blacklist` flow approves it. */
export async function requestBlacklist(deps: Deps, ctx: RequestContext, customerId: number, body: RequestBlacklistBody): Promise<BlacklistEntry> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const customer = await getVisibleCustomer(tx, actor, customerId, { forUpdate: true });
    const unitId = body.level === 'company' ? null : (body.unitId ?? customer.unitId);
    if (unitId !== null) {
      const [unit] = await tx.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.id, unitId));
      if (!unit) throw fieldError('unitId', '所选单位不存在');
    }
    const open = await tx
      .select()
      .from(customerBlacklistEntries)
      .where(and(eq(customerBlacklistEntries.customerId, customer.id), inArray(customerBlacklistEntries.status, ['pending', ...BLOCKING])));
    const clash = open.find((entry) => entry.level === 'company' || (body.level === 'unit' && entry.unitId === unitId));
    if (clash) {
      const state = clash.status === 'pending' ? '已有待审批的黑名单申请' : `已在${levelName(clash.level)}黑名单中`;
      throw new AppError('CONFLICT', `客户「${customer.name}」${state}，无需重复申请`, { reason: 'blacklist.already_listed' });
    }
    const [entry] = await tx
      .insert(customerBlacklistEntries)
      .values({
        customerId: customer.id,
        level: body.level,
        unitId,
        reason: body.reason,
        evidence: body.evidence,
        status: 'pending',
        requestedById: actor.userId,
        createdAt: deps.clock.now(),
      })
      .returning();
    const instance = await submitApproval(tx, deps, ctx, {
      type: BLACKLIST_TYPE,
      businessId: String(entry!.id),
      title: `列入${levelName(body.level)}黑名单：${customer.name}`,
      data: { customerId: customer.id, customerName: customer.name, level: body.level, unitId, reason: body.reason },
    });
    await recordAudit(tx, deps.clock, ctx, {
      action: 'create',
      entityType: 'customer_blacklist',
      entityId: entry!.id,
      customerId: customer.id,
      summary: `申请将客户「${customer.name}」列入${levelName(body.level)}黑名单（审批 #${instance.id}）：${body.reason}`,
      changes: diffChanges(null, entry!, ['level', 'unitId', 'reason', 'evidence', 'status']),
    });
    await addTimelineEvent(tx, deps.clock, {
      customerId: customer.id,
      type: 'blacklist',
      title: `申请列入${levelName(body.level)}黑名单`,
      detail: { entryId: entry!.id, level: body.level, unitId, reason: body.reason, approvalId: instance.id },
      actorId: actor.userId,
      link: `/approvals/mine?id=${instance.id}`,
      sourceType: 'approval',
      sourceId: instance.id,
    });
    return (await toEntries(tx, [entry!]))[0]!;
  });
}

/** 申请移出黑名单: the entry keeps blocking (`removal_pending`) until the removal is approved. */
export async function requestBlacklistRemoval(deps: Deps, ctx: RequestContext, entryId: number, body: RequestBlacklistRemovalBody): Promise<BlacklistEntry> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const [entry] = await tx.select().from(customerBlacklistEntries).where(eq(customerBlacklistEntries.id, entryId)).for('update');
    if (!entry) throw new AppError('NOT_FOUND', '黑名单记录不存在或无权查看');
    const customer = await getVisibleCustomer(tx, actor, entry.customerId, { forUpdate: true }).catch(() => {
      throw new AppError('NOT_FOUND', '黑名单记录不存在或无权查看');
    });
    if (entry.status !== 'active') {
      const state = entry.status === 'removal_pending' ? '已在申请移出中' : '当前未生效';
      throw new AppError('CONFLICT', `该黑名单记录${state}，不能申请移出`, { reason: 'blacklist.cannot_remove' });
    }
    const [after] = await tx
      .update(customerBlacklistEntries)
      .set({ status: 'removal_pending', removalReason: body.reason })
      .where(eq(customerBlacklistEntries.id, entry.id))
      .returning();
    const instance = await submitApproval(tx, deps, ctx, {
      type: BLACKLIST_REMOVAL_TYPE,
      businessId: String(entry.id),
      title: `移出${levelName(entry.level)}黑名单：${customer.name}`,
      data: { customerId: customer.id, customerName: customer.name, level: entry.level, unitId: entry.unitId, reason: body.reason },
    });
    await recordAudit(tx, deps.clock, ctx, {
      action: 'update',
      entityType: 'customer_blacklist',
      entityId: entry.id,
      customerId: customer.id,
      summary: `申请将客户「${customer.name}」移出${levelName(entry.level)}黑名单（审批 #${instance.id}）：${body.reason}`,
      changes: diffChanges(entry, after!, entryFields),
    });
    await addTimelineEvent(tx, deps.clock, {
      customerId: customer.id,
      type: 'blacklist',
      title: `申请移出${levelName(entry.level)}黑名单`,
      detail: { entryId: entry.id, reason: body.reason, approvalId: instance.id },
      actorId: actor.userId,
      link: `/approvals/mine?id=${instance.id}`,
      sourceType: 'approval',
      sourceId: instance.id,
    });
    return (await toEntries(tx, [after!]))[0]!;
  });
}

/** The blacklist history of one customer, newest first. */
export async function listCustomerBlacklist(deps: Deps, ctx: RequestContext, customerId: number): Promise<{ items: BlacklistEntry[] }> {
  const customer = await getVisibleCustomer(deps.db, requireActor(ctx), customerId);
  const rows = await deps.db
    .select()
    .from(customerBlacklistEntries)
    .where(eq(customerBlacklistEntries.customerId, customer.id))
    .orderBy(desc(customerBlacklistEntries.id));
  return { items: await toEntries(deps.db, rows) };
}

/** 黑名单 list: entries of customers in the caller's scope (by default the blocking ones). */
export async function listBlacklist(deps: Deps, ctx: RequestContext, query: BlacklistQuery) {
  const actor = requireActor(ctx);
  const where = and(
    customerScope(actor),
    query.status ? eq(customerBlacklistEntries.status, query.status) : inArray(customerBlacklistEntries.status, [...BLOCKING, 'pending']),
    query.level ? eq(customerBlacklistEntries.level, query.level) : undefined,
    query.q ? or(ilike(customers.name, likePattern(query.q)), ilike(customers.code, likePattern(query.q))) : undefined,
  );
  const orderBy = orderByFrom(
    query.sort,
    { createdAt: customerBlacklistEntries.createdAt, activatedAt: customerBlacklistEntries.activatedAt },
    sql`${customerBlacklistEntries.id} desc`,
  );
  const { rows, ...counted } = await selectPage(deps.db, query, {
    rows: (limit, offset) =>
      deps.db
        .select({ entry: customerBlacklistEntries })
        .from(customerBlacklistEntries)
        .innerJoin(customers, eq(customers.id, customerBlacklistEntries.customerId))
        .where(where)
        .orderBy(...orderBy)
        .limit(limit)
        .offset(offset),
    matching: deps.db
      .select({ one: sql`1` })
      .from(customerBlacklistEntries)
      .innerJoin(customers, eq(customers.id, customerBlacklistEntries.customerId))
      .where(where)
      .$dynamic(),
  });
  return {
    items: await toEntries(
      deps.db,
      rows.map((row) => row.entry),
    ),
    ...counted,
  };
}

/**
 * For later modules (opportunities, contracts, credit): refuses new business with a customer on
 * the company blacklist, or on the blacklist of `unitId` or of a unit above it (R-CUS-40).
 */
export async function assertNotBlacklisted(db: DbOrTx, customerId: number, unitId: number): Promise<void> {
  const [hit] = await db
    .select({ level: customerBlacklistEntries.level, reason: customerBlacklistEntries.reason, name: customers.name, unitName: orgUnits.name })
    .from(customerBlacklistEntries)
    .innerJoin(customers, eq(customers.id, customerBlacklistEntries.customerId))
    .leftJoin(orgUnits, eq(orgUnits.id, customerBlacklistEntries.unitId))
    .where(
      and(
        eq(customerBlacklistEntries.customerId, customerId),
        inArray(customerBlacklistEntries.status, BLOCKING),
        or(
          eq(customerBlacklistEntries.level, 'company'),
          and(
            eq(customerBlacklistEntries.level, 'unit'),
            sql`(SELECT path FROM org_units WHERE id = ${unitId}) LIKE ${orgUnits.path} || '%'`,
          ),
        ),
      ),
    )
    .orderBy(sql`CASE WHEN ${customerBlacklistEntries.level} = 'company' THEN 0 ELSE 1 END`)
    .limit(1);
  if (!hit) return;
  const scope = hit.level === 'company' ? '全公司黑名单' : `「${hit.unitName ?? ''}」的黑名单`;
  throw new AppError('CONFLICT', `客户「${hit.name}」已列入${scope}（原因：${hit.reason}），不能新建商机、合同或授信；如有异议请申请移出黑名单`, { reason: 'customer.blacklisted' });
}
