import { and, desc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { requirePermission, type Actor, type RequestContext } from '../../../platform/access/access';
import { recordAudit } from '../../../platform/audit/audit.service';
import { shanghaiDate } from '../../../platform/dates';
import type { DbOrTx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { users } from '../../../platform/org/org.table';
import { addTimelineEvent, customers } from '../../customers';
import { billingCustomer, billingScope } from '../billing-scope';
import { insertReceipt } from './receipts.service';
import { receiptMethodNames, type Handover } from './receipts.schema';
import { receiptHandovers, receipts } from './receipts.table';

// 现场收款移交 (R-BIL-06): a specialist who was handed cash or a cheque records it as a pending
// hand-over; finance confirms it into a receipt (applied oldest due first) the same day, or
// sends it back with a reason. Pending hand-overs from an earlier day are flagged.

const collector = alias(users, 'collector');
const selectHandovers = (db: DbOrTx) =>
  db
    .select({ handover: receiptHandovers, customerName: customers.name, collectedByName: collector.displayName, receiptId: receipts.id })
    .from(receiptHandovers)
    .innerJoin(customers, eq(customers.id, receiptHandovers.customerId))
    .leftJoin(collector, eq(collector.id, receiptHandovers.collectedById))
    .leftJoin(receipts, eq(receipts.handoverId, receiptHandovers.id))
    .$dynamic();
type Row = Awaited<ReturnType<ReturnType<typeof selectHandovers>['execute']>>[number];

function toHandover(row: Row, actor: Actor, today: string): Handover {
  const h = row.handover;
  const method = h.method as Handover['method'];
  const status = h.status as Handover['status'];
  return {
    id: h.id,
    customerId: h.customerId,
    customerName: row.customerName,
    method,
    methodName: receiptMethodNames[method],
    amount: h.amount,
    collectedOn: h.collectedOn,
    reference: h.reference,
    note: h.note,
    status,
    collectedByName: row.collectedByName,
    decidedAt: h.decidedAt?.toISOString() ?? null,
    rejectReason: h.rejectReason,
    receiptId: row.receiptId,
    overdue: status === 'pending' && h.collectedOn < today,
    canDecide: status === 'pending' && actor.permissions.has('billing:write'),
    createdAt: h.createdAt.toISOString(),
  };
}

export async function listHandovers(deps: Deps, ctx: RequestContext, query: { status?: Handover['status'] }): Promise<Handover[]> {
  const actor = requirePermission(ctx.actor, 'billing:read');
  const today = shanghaiDate(deps.clock.now());
  const rows = await selectHandovers(deps.db)
    .where(and(billingScope(actor), query.status ? eq(receiptHandovers.status, query.status) : undefined))
    .orderBy(desc(receiptHandovers.id))
    .limit(500);
  return rows.map((row) => toHandover(row, actor, today));
}

async function visibleHandover(db: DbOrTx, actor: Actor, id: number, today: string): Promise<Handover> {
  const [row] = await selectHandovers(db).where(and(eq(receiptHandovers.id, id), billingScope(actor)));
  if (!row) throw new AppError('NOT_FOUND', '收款移交记录不存在或无权查看');
  return toHandover(row, actor, today);
}

/** 登记现场收款 (any role that sees the customer's bills): pending until finance confirms. */
export async function createHandover(deps: Deps, ctx: RequestContext, body: { customerId: number; method: Handover['method']; amount: string; collectedOn: string; reference?: string; note?: string }): Promise<Handover> {
  const actor = requirePermission(ctx.actor, 'billing:read');
  const today = shanghaiDate(deps.clock.now());
  if (body.collectedOn > today) throw fieldError('collectedOn', '收取日期不能晚于今天');
  const id = await deps.db.transaction(async (tx) => {
    const customer = await billingCustomer(tx, actor, body.customerId);
    const [row] = await tx
      .insert(receiptHandovers)
      .values({ customerId: customer.id, method: body.method, amount: body.amount, collectedOn: body.collectedOn, reference: body.reference || null, note: body.note || null, status: 'pending', collectedById: actor.userId, createdAt: deps.clock.now() })
      .returning({ id: receiptHandovers.id });
    await recordAudit(tx, deps.clock, ctx, { action: 'handover_create', entityType: 'receipt_handover', entityId: row!.id, customerId: customer.id, summary: `现场收取 ${customer.name} ${receiptMethodNames[body.method]} ${body.amount} 元，待财务确认` });
    await addTimelineEvent(tx, deps.clock, { customerId: customer.id, type: 'receipt', title: `现场收取 ${body.amount} 元（${receiptMethodNames[body.method]}），待财务确认`, actorId: actor.userId, sourceType: 'receipt_handover', sourceId: row!.id });
    return row!.id;
  });
  return visibleHandover(deps.db, actor, id, today);
}

async function pendingForDecision(tx: DbOrTx, actor: Actor, id: number) {
  const [row] = await selectHandovers(tx).where(and(eq(receiptHandovers.id, id), billingScope(actor)));
  if (!row) throw new AppError('NOT_FOUND', '收款移交记录不存在或无权查看');
  requirePermission(actor, 'billing:write');
  const [locked] = await tx.select().from(receiptHandovers).where(eq(receiptHandovers.id, id)).for('update');
  if (locked!.status !== 'pending') throw new AppError('CONFLICT', '该移交已处理', { reason: 'handover.decided' });
  return locked!;
}

/** 确认收款 (finance): the hand-over becomes a receipt applied oldest due first. */
export async function confirmHandover(deps: Deps, ctx: RequestContext, id: number): Promise<Handover> {
  const actor = requirePermission(ctx.actor, 'billing:read');
  await deps.db.transaction(async (tx) => {
    const handover = await pendingForDecision(tx, actor, id);
    await tx.update(receiptHandovers).set({ status: 'confirmed', decidedById: actor.userId, decidedAt: deps.clock.now() }).where(eq(receiptHandovers.id, id));
    await insertReceipt(tx, deps, ctx, actor, {
      customerId: handover.customerId,
      method: handover.method as Handover['method'],
      amount: handover.amount,
      receivedOn: handover.collectedOn,
      reference: handover.reference ?? undefined,
      note: `现场收款移交 #${id}${handover.note ? `：${handover.note}` : ''}`,
      handoverId: id,
    });
  });
  return visibleHandover(deps.db, actor, id, shanghaiDate(deps.clock.now()));
}

/** 退回 (finance): not received as stated; the collector sees the reason. */
export async function rejectHandover(deps: Deps, ctx: RequestContext, id: number, reason: string): Promise<Handover> {
  const actor = requirePermission(ctx.actor, 'billing:read');
  await deps.db.transaction(async (tx) => {
    const handover = await pendingForDecision(tx, actor, id);
    await tx.update(receiptHandovers).set({ status: 'rejected', rejectReason: reason, decidedById: actor.userId, decidedAt: deps.clock.now() }).where(eq(receiptHandovers.id, id));
    await recordAudit(tx, deps.clock, ctx, { action: 'handover_reject', entityType: 'receipt_handover', entityId: id, customerId: handover.customerId, summary: `退回现场收款移交 #${id}（${handover.amount} 元）：${reason}` });
  });
  return visibleHandover(deps.db, actor, id, shanghaiDate(deps.clock.now()));
}
