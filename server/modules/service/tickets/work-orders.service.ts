import { and, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import { requirePermission, type Actor, type RequestContext } from '../../../platform/access/access';
import { recordAudit } from '../../../platform/audit/audit.service';
import { shanghaiDate } from '../../../platform/dates';
import type { DbOrTx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { assertDictionaryItem } from '../../../platform/dictionaries/dictionaries.service';
import { AppError, fieldError } from '../../../platform/errors';
import { notify } from '../../../platform/notifications/notifications.service';
import { orgUnits, users } from '../../../platform/org/org.table';
import { addServiceCharge } from '../../billing';
import { addTimelineEvent } from '../../customers';
import { assertOwner, TICKET_KIND, visibleTicket } from './tickets.service';
import type { completeWorkOrderBody, confirmWorkOrderBody, dispatchBody } from './tickets.schema';
import { serviceTickets, serviceWorkOrders } from './tickets.table';

// 派工 (R-SVC-03): the ticket's owner sends work to a department (and a technician, if known) with a
// due time — by default the ticket's deadline. Someone of that department (or the owner) records
// the result, the cost and whether the customer pays; the owner records the customer's
// confirmation, and a chargeable order then becomes a charge on the customer's next bill.

export async function workOrdersOf(db: DbOrTx, ticketId: number) {
  const assignee = alias(users, 'assignee');
  const rows = await db
    .select({ order: serviceWorkOrders, unitName: orgUnits.name, assigneeName: assignee.displayName })
    .from(serviceWorkOrders)
    .innerJoin(orgUnits, eq(orgUnits.id, serviceWorkOrders.unitId))
    .leftJoin(assignee, eq(assignee.id, serviceWorkOrders.assigneeId))
    .where(eq(serviceWorkOrders.ticketId, ticketId))
    .orderBy(serviceWorkOrders.id);
  return rows.map(({ order, unitName, assigneeName }) => ({
    id: order.id,
    unitId: order.unitId,
    unitName,
    assigneeId: order.assigneeId,
    assigneeName,
    instructions: order.instructions,
    dueAt: order.dueAt.toISOString(),
    status: order.status as 'open' | 'done' | 'confirmed' | 'cancelled',
    result: order.result,
    cost: order.cost,
    chargeable: order.chargeable,
    chargeItem: order.chargeItem,
    doneAt: order.doneAt?.toISOString() ?? null,
    confirmedBy: order.confirmedBy,
    satisfied: order.satisfied,
    confirmedAt: order.confirmedAt?.toISOString() ?? null,
    charged: order.chargeId !== null,
  }));
}

/** 派工 (owner). */
export async function dispatchWorkOrder(deps: Deps, ctx: RequestContext, ticketId: number, body: z.infer<typeof dispatchBody>) {
  const actor = requirePermission(ctx.actor, 'service:write');
  await deps.db.transaction(async (tx) => {
    const ticket = await visibleTicket(tx, actor, ticketId, { forUpdate: true });
    assertOwner(actor, ticket, '派工');
    const [unit] = await tx.select({ id: orgUnits.id, name: orgUnits.name, managerId: orgUnits.managerId }).from(orgUnits).where(eq(orgUnits.id, body.unitId));
    if (!unit) throw fieldError('unitId', '责任部门不存在');
    if (body.assigneeId) {
      const [member] = await tx.select({ id: users.id }).from(users).where(and(eq(users.id, body.assigneeId), eq(users.unitId, unit.id), eq(users.status, 'active')));
      if (!member) throw fieldError('assigneeId', '处理人不在该部门或已停用');
    }
    const dueAt = body.dueAt ? new Date(body.dueAt) : ticket.dueAt;
    if (dueAt <= deps.clock.now()) throw fieldError('dueAt', '完成时限应晚于现在');
    const [order] = await tx
      .insert(serviceWorkOrders)
      .values({ ticketId, customerId: ticket.customerId, unitId: unit.id, assigneeId: body.assigneeId ?? null, instructions: body.instructions, dueAt, status: 'open', createdById: actor.userId, createdAt: deps.clock.now() })
      .returning({ id: serviceWorkOrders.id });
    const recipient = body.assigneeId ?? unit.managerId;
    if (recipient) await notify(tx, deps.clock, { userId: recipient, kind: TICKET_KIND, title: `派工：工单 ${ticket.number}`, body: body.instructions, link: `/service/tickets/${ticketId}` });
    await recordAudit(tx, deps.clock, ctx, { action: 'dispatch', entityType: 'service_ticket', entityId: ticketId, customerId: ticket.customerId, summary: `工单 ${ticket.number} 派工给 ${unit.name}（派工单 #${order!.id}）：${body.instructions.slice(0, 80)}` });
  });
}

async function orderFor(db: DbOrTx, id: number, options: { forUpdate?: boolean } = {}) {
  const query = db.select().from(serviceWorkOrders).where(eq(serviceWorkOrders.id, id));
  const [order] = options.forUpdate ? await query.for('update') : await query;
  if (!order) throw new AppError('NOT_FOUND', '派工单不存在或无权查看');
  return order;
}

/** Who may record the result: the assignee, anyone of the department, or the ticket's owner. */
async function mayWork(db: DbOrTx, actor: Actor, order: typeof serviceWorkOrders.$inferSelect): Promise<boolean> {
  if (order.assigneeId === actor.userId || order.unitId === actor.unitId) return true;
  const [ticket] = await db.select({ ownerId: serviceTickets.ownerId }).from(serviceTickets).where(eq(serviceTickets.id, order.ticketId));
  return ticket?.ownerId === actor.userId;
}

/** 完工 (the department or the owner): result, cost, and whether the customer pays. */
export async function completeWorkOrder(deps: Deps, ctx: RequestContext, id: number, body: z.infer<typeof completeWorkOrderBody>) {
  const actor = requirePermission(ctx.actor, 'service:write');
  return deps.db.transaction(async (tx) => {
    const order = await orderFor(tx, id, { forUpdate: true });
    if (!(await mayWork(tx, actor, order))) throw new AppError('NOT_FOUND', '派工单不存在或无权查看');
    if (order.status !== 'open') throw new AppError('CONFLICT', '派工单已完工或已取消', { reason: 'work_order.not_open' });
    if (body.chargeable) await assertDictionaryItem(tx, 'charge_item', body.chargeItem!, 'chargeItem');
    await tx.update(serviceWorkOrders).set({ status: 'done', result: body.result, cost: body.cost, chargeable: body.chargeable, chargeItem: body.chargeable ? body.chargeItem! : null, doneAt: deps.clock.now(), doneById: actor.userId }).where(eq(serviceWorkOrders.id, id));
    await recordAudit(tx, deps.clock, ctx, { action: 'work_order_done', entityType: 'service_ticket', entityId: order.ticketId, customerId: order.customerId, summary: `派工单 #${id} 完工${body.chargeable ? `，向客户收费 ${body.cost} 元` : ''}：${body.result.slice(0, 80)}` });
    return order.ticketId;
  });
}

/** 客户确认 (owner): the customer's confirmation; a chargeable order goes on the next bill. */
export async function confirmWorkOrder(deps: Deps, ctx: RequestContext, id: number, body: z.infer<typeof confirmWorkOrderBody>) {
  const actor = requirePermission(ctx.actor, 'service:write');
  return deps.db.transaction(async (tx) => {
    const order = await orderFor(tx, id, { forUpdate: true });
    const ticket = await visibleTicket(tx, actor, order.ticketId).catch(() => {
      throw new AppError('NOT_FOUND', '派工单不存在或无权查看');
    });
    assertOwner(actor, ticket, '记录客户确认');
    if (order.status !== 'done') throw new AppError('CONFLICT', order.status === 'open' ? '派工单尚未完工' : '派工单已确认或已取消', { reason: 'work_order.not_done' });
    const now = deps.clock.now();
    let chargeId: number | null = null;
    if (order.chargeable && body.satisfied) {
      chargeId = await addServiceCharge(tx, deps.clock, {
        customerId: order.customerId,
        item: order.chargeItem!,
        period: shanghaiDate(now).slice(0, 7),
        amount: order.cost!,
        explanation: `工单 ${ticket.number} 派工单 #${id}：${order.result ?? ''}（${body.confirmedBy} 确认）`.slice(0, 500),
        createdById: actor.userId,
      });
    }
    await tx.update(serviceWorkOrders).set({ status: 'confirmed', confirmedBy: body.confirmedBy, satisfied: body.satisfied, confirmationNote: body.note || null, confirmedAt: now, chargeId }).where(eq(serviceWorkOrders.id, id));
    const summary = `派工单 #${id} 客户${body.satisfied ? '确认满意' : '确认但不满意'}（${body.confirmedBy}）${chargeId ? `，费用 ${order.cost} 元计入下期账单` : ''}`;
    await recordAudit(tx, deps.clock, ctx, { action: 'work_order_confirm', entityType: 'service_ticket', entityId: order.ticketId, customerId: order.customerId, summary });
    await addTimelineEvent(tx, deps.clock, { customerId: order.customerId, type: 'service', title: `工单 ${ticket.number}：${summary}`, actorId: actor.userId, link: `/service/tickets/${order.ticketId}`, sourceType: 'service_ticket', sourceId: order.ticketId });
    return order.ticketId;
  });
}
