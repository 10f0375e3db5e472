import { and, asc, eq, ilike, inArray, isNull } from 'drizzle-orm';
import { hasPermission, isInScope, requireActor, requirePermission, type RequestContext } from '../../../platform/access/access';
import type { DbOrTx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { likePattern } from '../../../platform/http/pagination';
import { activeUserOf } from '../../../platform/org/org.queries';
import { orgUnits } from '../../../platform/org/org.table';
import { assertNotBlacklisted, changeCustomerOwner, customerNamesOf, customers, getVisibleCustomer, type CustomerRow } from '../../customers';
import { assertNoExclusiveRight, exclusiveRightOf } from '../registrations/exclusive-right';
import { addDaysTo, developmentRulesFor, ownerLimitOf } from '../settings/development-settings.service';
import { cancelReleaseWarnings, handOverCustomerTasks, notifyOwnership } from './ownership-effects';
import { iso, ownershipDates, rulesCache } from './ownership-rules';
import type { AssignBody, CustomerOwnership, MyCustomer, MyCustomersQuery, OwnershipState, ReleaseBody } from './ownership.schema';
import { customerTransfers } from './transfers.table';

// 私海 / 我的客户 (R-DEV-11): the actor's owned customers with their protection and release
// countdown; giving a customer back (退回公海) and direct assignment by the managing unit.

/** More owned customers than this is far beyond any owner limit; the list stays bounded. */
const MY_CUSTOMERS_CAP = 5000;

function stateOf(row: CustomerRow, dates: ReturnType<typeof ownershipDates>, names: { ownerName: string | null; unitName: string }): OwnershipState {
  return {
    ownerId: row.ownerId,
    ownerName: names.ownerName,
    unitId: row.unitId,
    unitName: names.unitName,
    ownedSince: iso(dates.ownedSince),
    protectedUntil: iso(dates.protectedUntil),
    lastFollowUpAt: iso(row.lastFollowUpAt),
    releaseDueAt: iso(dates.releaseDueAt),
    daysLeft: dates.daysLeft,
    dueSoon: dates.dueSoon,
    releasedAt: iso(row.releasedAt),
  };
}

/** 我的客户: sorted by release date (soonest first) unless asked otherwise. */
export async function listMyCustomers(deps: Deps, ctx: RequestContext, query: MyCustomersQuery) {
  const actor = requireActor(ctx);
  const rows = await deps.db
    .select()
    .from(customers)
    .where(and(eq(customers.ownerId, actor.userId), isNull(customers.mergedIntoId), query.q ? ilike(customers.name, likePattern(query.q)) : undefined))
    .orderBy(asc(customers.id))
    .limit(MY_CUSTOMERS_CAP);
  const rulesOf = rulesCache(deps.db);
  const now = deps.clock.now();
  const unitIds = [...new Set(rows.map((row) => row.unitId))];
  const units = unitIds.length ? await deps.db.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits).where(inArray(orgUnits.id, unitIds)) : [];
  const unitName = new Map(units.map((unit) => [unit.id, unit.name]));
  let items: MyCustomer[] = [];
  for (const row of rows) {
    const dates = ownershipDates(row, await rulesOf(row.unitId), now);
    items.push({
      id: row.id,
      code: row.code,
      name: row.name,
      grade: row.grade,
      intentLevel: row.intentLevel,
      ...stateOf(row, dates, { ownerName: actor.displayName, unitName: unitName.get(row.unitId) ?? '' }),
    });
  }
  const dueSoonCount = items.filter((item) => item.dueSoon).length;
  if (query.dueSoon) items = items.filter((item) => item.dueSoon);
  const [field, direction] = (query.sort ?? 'releaseDueAt:asc').split(':') as [string, string | undefined];
  const sortKeys: Record<string, (item: MyCustomer) => string> = {
    releaseDueAt: (item) => item.releaseDueAt ?? '',
    ownedSince: (item) => item.ownedSince ?? '',
    lastFollowUpAt: (item) => item.lastFollowUpAt ?? '',
    name: (item) => item.name,
  };
  const key = sortKeys[field];
  if (!key) throw fieldError('sort', `不支持按 ${field} 排序，可选：${Object.keys(sortKeys).join('、')}`);
  items.sort((a, b) => key(a).localeCompare(key(b), 'zh-CN') * (direction === 'desc' ? -1 : 1) || a.id - b.id);
  const rules = await developmentRulesFor(deps.db, actor.unitId);
  const start = (query.page - 1) * query.pageSize;
  return {
    items: items.slice(start, start + query.pageSize),
    total: items.length,
    page: query.page,
    pageSize: query.pageSize,
    ownedCount: rows.length,
    ownerLimit: ownerLimitOf(rules, actor.roleCodes),
    dueSoonCount,
  };
}

export async function pendingTransferOf(db: DbOrTx, customerId: number) {
  const [row] = await db
    .select({ id: customerTransfers.id })
    .from(customerTransfers)
    .where(and(eq(customerTransfers.customerId, customerId), eq(customerTransfers.status, 'pending')));
  return row?.id ?? null;
}

/** The ownership panel of a customer: owner, protection, release countdown, allowed actions. */
export async function getCustomerOwnership(deps: Deps, ctx: RequestContext, customerId: number): Promise<CustomerOwnership> {
  const actor = requireActor(ctx);
  const row = await getVisibleCustomer(deps.db, actor, customerId);
  const [names, rules, pendingTransferId, right] = await Promise.all([
    customerNamesOf(deps.db, row),
    developmentRulesFor(deps.db, row.unitId),
    pendingTransferOf(deps.db, row.id),
    exclusiveRightOf(deps.db, deps.clock, row.id),
  ]);
  const dates = ownershipDates(row, rules, deps.clock.now());
  const canAssign = hasPermission(actor, 'development:assign');
  const isOwner = row.ownerId === actor.userId;
  return {
    customerId: row.id,
    customerName: row.name,
    ...stateOf(row, dates, names),
    pendingTransferId,
    exclusiveRight: right
      ? { holderName: right.holderName, unitName: right.unitName, number: right.number, until: iso(right.until), status: right.status }
      : null,
    canRelease: row.ownerId !== null && (isOwner || canAssign) && hasPermission(actor, 'development:write'),
    canAssign,
    canTransfer: pendingTransferId === null && hasPermission(actor, 'development:write') && (isOwner || canAssign),
  };
}

/** 退回公海: by the owner, or by a manager with development:assign over the customer. */
export async function releaseCustomer(deps: Deps, ctx: RequestContext, customerId: number, body: ReleaseBody) {
  const actor = requireActor(ctx);
  await deps.db.transaction(async (tx) => {
    const row = await getVisibleCustomer(tx, actor, customerId);
    if (row.ownerId === null) throw new AppError('CONFLICT', '该客户已在公海中，无需退回', { reason: 'pool.already_in_pool' });
    if (row.ownerId !== actor.userId && !hasPermission(actor, 'development:assign')) {
      throw new AppError('FORBIDDEN', '只有客户经理本人或有分配权限的管理人员可以将客户退回公海', { reason: 'ownership.not_owner' });
    }
    const changed = await changeCustomerOwner(tx, deps.clock, ctx, {
      customerId,
      toUserId: null,
      kind: 'release',
      expectOwnerId: row.ownerId,
      reason: body.reason,
    });
    if (!changed) throw new AppError('CONFLICT', '该客户的归属刚刚发生了变化，请刷新后重试', { reason: 'ownership.changed_meanwhile' });
    await cancelReleaseWarnings(tx, deps.clock, ctx, customerId);
    await notifyOwnership(tx, deps.clock, ctx, {
      userId: row.ownerId,
      customerId,
      title: `客户已退回公海：${row.name}`,
      body: `${actor.displayName} 将客户「${row.name}」退回公海：${body.reason}`,
    });
  });
  return getCustomerOwnership(deps, ctx, customerId).catch(() => null);
}

/**
 * 分配 / 改派 by the managing unit (R-DEV-11, 14): the customer and the new owner must both be
 * within the actor's scope; no approval is needed. Open tasks of the old owner go along.
 */
export async function assignCustomer(deps: Deps, ctx: RequestContext, customerId: number, body: AssignBody) {
  const actor = requirePermission(ctx.actor, 'development:assign');
  await deps.db.transaction(async (tx) => {
    const row = await getVisibleCustomer(tx, actor, customerId);
    const target = await activeUserOf(tx, body.toUserId);
    if (!target || !isInScope(actor, 'development', { unitPath: target.unitPath, unitId: target.unitId, ownerIds: [target.id] })) {
      throw fieldError('toUserId', '所选人员不存在、已停用或不在您的管理范围内');
    }
    if (row.ownerId === target.id) throw fieldError('toUserId', `该客户已由 ${target.name} 负责`);
    const pending = await pendingTransferOf(tx, row.id);
    if (pending) throw new AppError('CONFLICT', `该客户有待审批的转移申请（#${pending}），请先处理该申请`, { reason: 'transfer.pending' });
    await assertNotBlacklisted(tx, row.id, target.unitId);
    await assertNoExclusiveRight(tx, deps.clock, target.id, row.id, `分配给 ${target.name}`);
    const rules = await developmentRulesFor(tx, target.unitId);
    const changed = await changeCustomerOwner(tx, deps.clock, ctx, {
      customerId,
      toUserId: target.id,
      kind: row.ownerId === null ? 'assign' : 'reassign',
      expectOwnerId: row.ownerId,
      protectedUntil: addDaysTo(deps.clock.now(), rules.protectionDays),
      reason: body.reason,
    });
    if (!changed) throw new AppError('CONFLICT', '该客户的归属刚刚发生了变化，请刷新后重试', { reason: 'ownership.changed_meanwhile' });
    await cancelReleaseWarnings(tx, deps.clock, ctx, customerId);
    await handOverCustomerTasks(tx, deps.clock, ctx, { customerId, fromUserId: row.ownerId, toUserId: target.id, customerName: row.name });
    await notifyOwnership(tx, deps.clock, ctx, {
      userId: target.id,
      customerId,
      title: `分配给您的客户：${row.name}`,
      body: `${actor.displayName} 将客户「${row.name}」分配给您：${body.reason}`,
    });
    await notifyOwnership(tx, deps.clock, ctx, {
      userId: row.ownerId,
      customerId,
      title: `客户已改派：${row.name}`,
      body: `${actor.displayName} 将客户「${row.name}」改派给 ${target.name}：${body.reason}`,
    });
  });
  return getCustomerOwnership(deps, ctx, customerId);
}
