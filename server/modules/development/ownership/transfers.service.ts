import { and, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { hasPermission, isInScope, requireActor, scopeOf, type Actor, type RequestContext } from '../../../platform/access/access';
import { submitApproval } from '../../../platform/approvals/approval-submit';
import { flowStep, type ApprovalCallbackDeps, type ApprovalTypeDefinition } from '../../../platform/approvals/approval-types';
import { type ApprovalInstanceRow } from '../../../platform/approvals/approvals.queries';
import { recordAudit } from '../../../platform/audit/audit.service';
import type { DbOrTx, Tx } from '../../../platform/db/client';
import { selectPage } from '../../../platform/db/paging';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { orderByFrom } from '../../../platform/http/pagination';
import { activeUserOf, unitOf } from '../../../platform/org/org.queries';
import { orgUnits, users } from '../../../platform/org/org.table';
import { addTimelineEvent, assertNotBlacklisted, canReadCustomer, changeCustomerOwner, customers, customerScope, getVisibleCustomer } from '../../customers';
import { addDaysTo, developmentRulesFor } from '../settings/development-settings.service';
import { pendingTransferOf } from './my-customers.service';
import { cancelReleaseWarnings, handOverCustomerTasks, notifyOwnership } from './ownership-effects';
import type { CreateTransferBody, Transfer, TransfersQuery } from './ownership.schema';
import { customerTransfers } from './transfers.table';

// 客户转移 / 搬迁 (R-DEV-14): directly by the managing unit, otherwise through the
// `customer_transfer` approval; the whole history stays and open tasks go with the customer.

export const TRANSFER_TYPE = 'customer_transfer';
type TransferRow = typeof customerTransfers.$inferSelect;

const kindNames: Record<string, string> = { transfer: '客户转移', relocation: '客户搬迁', departure: '离职交接' };

/** Moves the customer to the transfer's target, in the caller's transaction. */
async function executeTransfer(tx: Tx, deps: Pick<Deps, 'clock'>, ctx: RequestContext, transfer: TransferRow, status: 'done') {
  const rules = await developmentRulesFor(tx, transfer.toUnitId);
  const changed = await changeCustomerOwner(tx, deps.clock, ctx, {
    customerId: transfer.customerId,
    toUserId: transfer.toUserId,
    toUnitId: transfer.toUnitId,
    kind: 'transfer',
    reason: `${kindNames[transfer.kind] ?? '客户转移'}：${transfer.reason}`,
    protectedUntil: addDaysTo(deps.clock.now(), rules.protectionDays),
    sourceType: TRANSFER_TYPE,
    sourceId: transfer.id,
  });
  const previousOwner = changed!.before.ownerId;
  await cancelReleaseWarnings(tx, deps.clock, ctx, transfer.customerId);
  await handOverCustomerTasks(tx, deps.clock, ctx, {
    customerId: transfer.customerId,
    fromUserId: previousOwner,
    toUserId: transfer.toUserId,
    customerName: changed!.before.name,
  });
  await tx.update(customerTransfers).set({ status, decidedAt: deps.clock.now() }).where(eq(customerTransfers.id, transfer.id));
  const name = changed!.before.name;
  await notifyOwnership(tx, deps.clock, ctx, { userId: transfer.toUserId, customerId: transfer.customerId, title: `转入您名下的客户：${name}`, body: transfer.reason });
  await notifyOwnership(tx, deps.clock, ctx, { userId: previousOwner, customerId: transfer.customerId, title: `客户已转出：${name}`, body: transfer.reason });
}

async function transferOfApproval(tx: Tx, instance: ApprovalInstanceRow): Promise<TransferRow | undefined> {
  if (!/^\d{1,15}$/.test(instance.businessId)) return undefined;
  const [row] = await tx.select().from(customerTransfers).where(eq(customerTransfers.id, Number(instance.businessId))).for('update');
  return row?.status === 'pending' ? row : undefined;
}

async function closeTransfer(tx: Tx, instance: ApprovalInstanceRow, deps: ApprovalCallbackDeps, status: 'rejected' | 'withdrawn') {
  const transfer = await transferOfApproval(tx, instance);
  if (!transfer) return;
  await tx.update(customerTransfers).set({ status, decidedAt: deps.clock.now() }).where(eq(customerTransfers.id, transfer.id));
  const label = status === 'rejected' ? '未通过' : '已撤回';
  await recordAudit(tx, deps.clock, deps.ctx, {
    action: 'update',
    entityType: 'customer_transfer',
    entityId: transfer.id,
    customerId: transfer.customerId,
    summary: `客户转移申请 #${transfer.id} ${label}（审批 #${instance.id}）`,
    changes: { status: { before: 'pending', after: status } },
  });
  await addTimelineEvent(tx, deps.clock, {
    customerId: transfer.customerId,
    type: 'transfer',
    title: `${kindNames[transfer.kind] ?? '客户转移'}申请${label}`,
    detail: { transferId: transfer.id, status },
    actorId: deps.ctx.actor?.userId ?? null,
    sourceType: 'approval',
    sourceId: instance.id,
  });
}

export const transferApprovalType: ApprovalTypeDefinition = {
  type: TRANSFER_TYPE,
  name: '客户转移',
  nameEn: 'Customer transfer',
  defaultFlow: { name: '客户转移审批', description: '部门负责人审批；跨部门转移还需上级部门负责人审批。', steps: [flowStep('部门负责人审批', 'unit_manager'), flowStep('上级部门负责人审批', 'parent_unit_manager', 'crossUnit == true')] },
  conditionFields: [{ key: 'crossUnit', label: '跨部门转移', labelEn: 'cross-unit transfer', format: 'boolean' }],
  dataSchema: z.object({
    crossUnit: z.boolean(),
    customerId: z.number().int(),
    customerName: z.string(),
    toUserName: z.string(),
    reason: z.string(),
  }),
  onApproved: async (tx, instance, deps) => {
    const transfer = await transferOfApproval(tx, instance);
    if (transfer) await executeTransfer(tx, deps, deps.ctx, transfer, 'done');
  },
  onRejected: (tx, instance, deps) => closeTransfer(tx, instance, deps, 'rejected'),
  onWithdrawn: (tx, instance, deps) => closeTransfer(tx, instance, deps, 'withdrawn'),
  onReturned: async () => {},
  describe: (instance) => ({
    summary: `客户：${String(instance.data.customerName ?? '')} → ${String(instance.data.toUserName ?? '')}；原因：${String(instance.data.reason ?? '')}`,
    link: typeof instance.data.customerId === 'number' ? `/customers/${instance.data.customerId}` : undefined,
  }),
  canView: async (db, actor, businessId) => {
    if (!/^\d{1,15}$/.test(businessId)) return false;
    const [row] = await db.select({ customerId: customerTransfers.customerId }).from(customerTransfers).where(eq(customerTransfers.id, Number(businessId)));
    return row ? canReadCustomer(db, actor, row.customerId) : false;
  },
};

/** The managing unit does it itself: development:assign and both units within its scope. */
function isDirect(actor: Actor, customerUnit: { path: string; id: number }, target: { unitPath: string; unitId: number }): boolean {
  if (!hasPermission(actor, 'development:assign') || scopeOf(actor, 'development') === 'self') return false;
  return (
    isInScope(actor, 'development', { unitPath: customerUnit.path, unitId: customerUnit.id }) &&
    isInScope(actor, 'development', { unitPath: target.unitPath, unitId: target.unitId })
  );
}

/** 申请转移 / 搬迁: done at once by the managing unit, else submitted for approval. */
export async function requestTransfer(deps: Deps, ctx: RequestContext, body: CreateTransferBody): Promise<Transfer> {
  const actor = requireActor(ctx);
  const id = await deps.db.transaction(async (tx) => {
    const customer = await getVisibleCustomer(tx, actor, body.customerId, { forUpdate: true });
    if (customer.ownerId !== actor.userId && !hasPermission(actor, 'development:assign')) {
      throw new AppError('FORBIDDEN', '只有客户经理本人或有分配权限的管理人员可以申请转移该客户', { reason: 'ownership.not_owner' });
    }
    const target = await activeUserOf(tx, body.toUserId);
    if (!target) throw fieldError('toUserId', '接收人不存在或已停用');
    if (target.id === customer.ownerId) throw fieldError('toUserId', `该客户已由 ${target.name} 负责，无需转移`);
    const pending = await pendingTransferOf(tx, customer.id);
    if (pending) throw new AppError('CONFLICT', `该客户已有待审批的转移申请（#${pending}），请等待审批结束或撤回后再申请`, { reason: 'transfer.pending' });
    await assertNotBlacklisted(tx, customer.id, target.unitId);
    const unit = (await unitOf(tx, customer.unitId))!;
    const direct = isDirect(actor, unit, target);
    const now = deps.clock.now();
    const [transfer] = await tx
      .insert(customerTransfers)
      .values({
        customerId: customer.id,
        fromUserId: customer.ownerId,
        toUserId: target.id,
        fromUnitId: customer.unitId,
        toUnitId: target.unitId,
        kind: body.kind,
        reason: body.reason,
        status: 'pending',
        direct,
        requestedById: actor.userId,
        requestedAt: now,
      })
      .returning();
    await recordAudit(tx, deps.clock, ctx, {
      action: 'create',
      entityType: 'customer_transfer',
      entityId: transfer!.id,
      customerId: customer.id,
      summary: `${direct ? '直接' : '申请'}${kindNames[body.kind]}客户「${customer.name}」给 ${target.name}：${body.reason}`,
      changes: { toUserId: { before: customer.ownerId, after: target.id }, kind: { before: null, after: body.kind } },
    });
    if (direct) {
      await executeTransfer(tx, deps, ctx, transfer!, 'done');
      return transfer!.id;
    }
    const instance = await submitApproval(tx, deps, ctx, {
      type: TRANSFER_TYPE,
      businessId: String(transfer!.id),
      title: `${kindNames[body.kind]}：${customer.name} → ${target.name}`,
      data: { crossUnit: target.unitId !== customer.unitId, customerId: customer.id, customerName: customer.name, toUserName: target.name, reason: body.reason },
    });
    await tx.update(customerTransfers).set({ approvalId: instance.id }).where(eq(customerTransfers.id, transfer!.id));
    await addTimelineEvent(tx, deps.clock, {
      customerId: customer.id,
      type: 'transfer',
      title: `申请${kindNames[body.kind]}给 ${target.name}`,
      detail: { transferId: transfer!.id, toUserId: target.id, reason: body.reason, approvalId: instance.id },
      actorId: actor.userId,
      link: `/approvals/mine?id=${instance.id}`,
      sourceType: 'approval',
      sourceId: instance.id,
    });
    return transfer!.id;
  });
  const [row] = await deps.db.select().from(customerTransfers).where(eq(customerTransfers.id, id));
  return (await toTransfers(deps.db, [row!]))[0]!;
}

async function toTransfers(db: DbOrTx, rows: TransferRow[]): Promise<Transfer[]> {
  if (!rows.length) return [];
  const userIds = [...new Set(rows.flatMap((row) => [row.fromUserId, row.toUserId, row.requestedById]).filter((id): id is number => id !== null))];
  const unitIds = [...new Set(rows.flatMap((row) => [row.fromUnitId, row.toUnitId]))];
  const customerIds = [...new Set(rows.map((row) => row.customerId))];
  const [userRows, unitRows, customerRows] = await Promise.all([
    db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, userIds)),
    db.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits).where(inArray(orgUnits.id, unitIds)),
    db.select({ id: customers.id, name: customers.name }).from(customers).where(inArray(customers.id, customerIds)),
  ]);
  const userName = new Map(userRows.map((row) => [row.id, row.name]));
  const unitName = new Map(unitRows.map((row) => [row.id, row.name]));
  const customerName = new Map(customerRows.map((row) => [row.id, row.name]));
  return rows.map((row) => ({
    id: row.id,
    customerId: row.customerId,
    customerName: customerName.get(row.customerId) ?? '',
    kind: row.kind,
    fromUserId: row.fromUserId,
    fromUserName: row.fromUserId === null ? null : (userName.get(row.fromUserId) ?? null),
    toUserId: row.toUserId,
    toUserName: userName.get(row.toUserId) ?? '',
    fromUnitName: unitName.get(row.fromUnitId) ?? '',
    toUnitName: unitName.get(row.toUnitId) ?? '',
    reason: row.reason,
    status: row.status as Transfer['status'],
    direct: row.direct,
    approvalId: row.approvalId,
    requestedById: row.requestedById,
    requestedByName: userName.get(row.requestedById) ?? '',
    requestedAt: row.requestedAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
  }));
}

/** 转移记录: of customers in my scope, plus those I requested, gave or received. */
export async function listTransfers(deps: Deps, ctx: RequestContext, query: TransfersQuery) {
  const actor = requireActor(ctx);
  const mine: SQL = or(
    eq(customerTransfers.requestedById, actor.userId),
    eq(customerTransfers.toUserId, actor.userId),
    eq(customerTransfers.fromUserId, actor.userId),
    sql`${customerTransfers.customerId} IN (SELECT ${customers.id} FROM ${customers} WHERE ${customerScope(actor)})`,
  )!;
  const where = and(
    mine,
    query.status ? eq(customerTransfers.status, query.status) : undefined,
    query.customerId ? eq(customerTransfers.customerId, query.customerId) : undefined,
  );
  const orderBy = orderByFrom(query.sort, { requestedAt: customerTransfers.requestedAt }, desc(customerTransfers.id));
  const { rows, ...counted } = await selectPage(deps.db, query, {
    rows: (limit, offset) =>
      deps.db.select().from(customerTransfers).where(where).orderBy(...orderBy).limit(limit).offset(offset),
    matching: deps.db.select({ one: sql`1` }).from(customerTransfers).where(where).$dynamic(),
  });
  return { items: await toTransfers(deps.db, rows), ...counted };
}
