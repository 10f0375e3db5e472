import { and, asc, desc, eq, ilike, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import { requirePermission, scopeCondition, type Actor, type RequestContext } from '../../../platform/access/access';
import { recordAudit } from '../../../platform/audit/audit.service';
import { queryRows, type DbOrTx } from '../../../platform/db/client';
import { mapPage, selectPage } from '../../../platform/db/paging';
import type { Deps } from '../../../platform/deps';
import { assertDictionaryItem, dictionaryLabels } from '../../../platform/dictionaries/dictionaries.service';
import { AppError, fieldError } from '../../../platform/errors';
import { likePattern, orderByFrom } from '../../../platform/http/pagination';
import { notify } from '../../../platform/notifications/notifications.service';
import { nextNumber } from '../../../platform/numbering/numbering.service';
import { users } from '../../../platform/org/org.table';
import { completeRuleTasks, createTask } from '../../../platform/tasks/tasks.service';
import { addTimelineEvent, customers, customerScope, customerSearchKeys } from '../../customers';
import { activeServiceHandler } from '../service-staff';
import { deadlineFor, isKeyAccount, responsibleUnit } from './category-rules.service';
import type { createTicketBody, listTicketsQuery, TicketDetail, TicketSummary } from './tickets.schema';
import { serviceTickets, serviceTicketTransfers } from './tickets.table';
import { workOrdersOf } from './work-orders.service';

// 服务工单 (R-SVC-01…04). 首问负责制: whoever takes the request owns it until it is resolved or
// formally transferred; the owner is one column, changed only by a transfer that names the owner
// it replaces (a second, racing transfer finds the owner changed and is refused). The ticket's
// scope follows its owner's unit; the taker, the owner and the customer's account manager always see it. Each owner carries a task
// due at the ticket's deadline, so an overdue ticket escalates like any task (R-PLT-30).

export const TICKET_RULE = 'service_ticket';
export const TICKET_KIND = 'service_ticket';
const REPEAT_DAYS = 30;

/** Needs `customers` joined: with the `self` scope, the customer's account manager sees its tickets too. */
export function ticketScope(actor: Actor): SQL | undefined {
  return scopeCondition(actor, 'service', { unitColumn: serviceTickets.unitId, ownerColumns: [serviceTickets.ownerId, serviceTickets.takenById, customers.ownerId] });
}

const owner = alias(users, 'owner');
const summaryColumns = { ticket: serviceTickets, customerName: customers.name, ownerName: owner.displayName };
const selectSummary = (db: DbOrTx) => db.select(summaryColumns).from(serviceTickets).innerJoin(customers, eq(customers.id, serviceTickets.customerId)).innerJoin(owner, eq(owner.id, serviceTickets.ownerId));

function toSummary(row: { ticket: typeof serviceTickets.$inferSelect; customerName: string; ownerName: string }, categoryName: (code: string) => string, now: Date): TicketSummary {
  const t = row.ticket;
  return {
    id: t.id,
    number: t.number,
    customerId: t.customerId,
    customerName: row.customerName,
    contactName: t.contactName,
    channel: t.channel as TicketSummary['channel'],
    category: t.category,
    categoryName: categoryName(t.category),
    priority: t.priority as TicketSummary['priority'],
    status: t.status as TicketSummary['status'],
    ownerId: t.ownerId,
    ownerName: row.ownerName,
    dueAt: t.dueAt.toISOString(),
    overdue: t.status === 'open' && t.dueAt < now,
    keyAccount: t.keyAccount,
    repeatOfId: t.repeatOfId,
    createdAt: t.createdAt.toISOString(),
    resolvedAt: t.resolvedAt?.toISOString() ?? null,
  };
}

async function categoryNames(db: DbOrTx) {
  const labels = await dictionaryLabels(db, 'ticket_category');
  return (code: string) => labels.get(code) ?? code;
}

/** The ticket if the caller may see it; otherwise 404 like a missing one. */
export async function visibleTicket(db: DbOrTx, actor: Actor, id: number, options: { forUpdate?: boolean } = {}) {
  const query = db.select({ ticket: serviceTickets }).from(serviceTickets).innerJoin(customers, eq(customers.id, serviceTickets.customerId)).where(and(eq(serviceTickets.id, id), ticketScope(actor)));
  const [row] = options.forUpdate ? await query.for('update', { of: serviceTickets }) : await query;
  if (!row) throw new AppError('NOT_FOUND', '工单不存在或无权查看');
  return row.ticket;
}

export function assertOwner(actor: Actor, ticket: { ownerId: number; status: string }, what: string) {
  if (ticket.ownerId !== actor.userId) throw new AppError('FORBIDDEN', `只有工单当前负责人可以${what}（首问负责制）`, { reason: 'ticket.not_owner' });
  if (ticket.status !== 'open') throw new AppError('CONFLICT', `工单已${ticket.status === 'resolved' ? '解决' : '关闭'}，不能${what}`, { reason: 'ticket.not_open' });
}

/** 受理 (service:write): the taker becomes the owner; the deadline comes from the matrix and grade. */
export async function createTicket(deps: Deps, ctx: RequestContext, body: z.infer<typeof createTicketBody>): Promise<TicketDetail> {
  requirePermission(ctx.actor, 'service:write');
  const id = await deps.db.transaction((tx) => takeTicket(tx, deps, ctx, body));
  return getTicket(deps, ctx, id);
}

/** Takes a request inside the caller's transaction (a return visit's follow-up becomes a ticket this way). */
export async function takeTicket(tx: DbOrTx, deps: Deps, ctx: RequestContext, body: z.infer<typeof createTicketBody>): Promise<number> {
  const actor = requirePermission(ctx.actor, 'service:write');
  const now = deps.clock.now();
  // The desk serves every customer of the park: the caller is identified by name (R-SVC-01),
  // without the archive being opened to the desk's customer scope.
  const [customer] = await tx
    .select({ id: customers.id, name: customers.name, grade: customers.grade, natureCode: customers.natureCode })
    .from(customers)
    .where(and(eq(customers.id, body.customerId), isNull(customers.mergedIntoId)));
  if (!customer) throw fieldError('customerId', '客户不存在或已合并，请重新选择');
  await assertDictionaryItem(tx, 'ticket_category', body.category, 'category');
  const keyAccount = isKeyAccount(customer);
  const dueAt = await deadlineFor(tx, body.category, keyAccount, now);
  // 重复来电: an open ticket of the same customer and category from the last 30 days.
  const [repeat] = await tx
    .select({ id: serviceTickets.id, number: serviceTickets.number })
    .from(serviceTickets)
    .where(and(eq(serviceTickets.customerId, customer.id), eq(serviceTickets.category, body.category), eq(serviceTickets.status, 'open'), sql`${serviceTickets.createdAt} > ${new Date(now.getTime() - REPEAT_DAYS * 86_400_000)}`))
    .orderBy(desc(serviceTickets.id))
    .limit(1);
  const number = await nextNumber(tx, deps, { docType: 'ticket' });
  const priority = keyAccount && body.priority === 'normal' ? 'high' : body.priority;
  const [row] = await tx
    .insert(serviceTickets)
    .values({ number, customerId: customer.id, contactName: body.contactName, contactPhone: body.contactPhone || null, channel: body.channel, category: body.category, description: body.description, priority, status: 'open', ownerId: actor.userId, unitId: actor.unitId, takenById: actor.userId, dueAt, keyAccount, repeatOfId: repeat?.id ?? null, createdAt: now, updatedAt: now })
    .returning();
  const ticket = row!;
  await createTask(tx, deps, { title: `处理工单 ${number}：${customer.name}`, description: body.description.slice(0, 200), assigneeId: actor.userId, dueAt, recordType: 'service_ticket', recordId: ticket.id, ruleKey: TICKET_RULE, dedupeKey: `ticket:${ticket.id}:${actor.userId}`, createdById: actor.userId }, ctx);
  await recordAudit(tx, deps.clock, ctx, { action: 'create', entityType: 'service_ticket', entityId: ticket.id, customerId: customer.id, summary: `受理工单 ${number}（${body.channel}）${repeat ? `，与未办结的 ${repeat.number} 为重复来电` : ''}` });
  await addTimelineEvent(tx, deps.clock, { customerId: customer.id, type: 'service', title: `服务请求 ${number}：${body.description.slice(0, 60)}`, actorId: actor.userId, link: `/service/tickets/${ticket.id}`, sourceType: 'service_ticket', sourceId: ticket.id });
  return ticket.id;
}

export async function listTickets(deps: Deps, ctx: RequestContext, query: z.infer<typeof listTicketsQuery>) {
  const actor = requirePermission(ctx.actor, 'service:read');
  const now = deps.clock.now();
  const nameOf = await categoryNames(deps.db);
  const pattern = query.q ? likePattern(query.q) : undefined;
  const where = and(
    ticketScope(actor),
    query.status ? eq(serviceTickets.status, query.status) : undefined,
    query.customerId ? eq(serviceTickets.customerId, query.customerId) : undefined,
    query.mine === 'true' ? eq(serviceTickets.ownerId, actor.userId) : undefined,
    query.overdue === 'true' ? and(eq(serviceTickets.status, 'open'), lt(serviceTickets.dueAt, now)) : undefined,
    pattern ? or(ilike(serviceTickets.number, pattern), ilike(customers.name, pattern), ilike(serviceTickets.description, pattern)) : undefined,
  );
  const order = orderByFrom(query.sort, { createdAt: serviceTickets.createdAt, dueAt: serviceTickets.dueAt, number: serviceTickets.number }, desc(serviceTickets.id));
  const page = await selectPage(deps.db, query, {
    rows: (limit, offset) => selectSummary(deps.db).where(where).orderBy(...order).limit(limit).offset(offset),
    matching: deps.db.select({ id: serviceTickets.id }).from(serviceTickets).innerJoin(customers, eq(customers.id, serviceTickets.customerId)).where(where).$dynamic(),
  });
  return mapPage(page, (rows) => rows.map((row) => toSummary(row, nameOf, now)));
}

export async function getTicket(deps: Deps, ctx: RequestContext, id: number): Promise<TicketDetail> {
  const actor = requirePermission(ctx.actor, 'service:read');
  const ticket = await visibleTicket(deps.db, actor, id);
  const [row] = await selectSummary(deps.db).where(eq(serviceTickets.id, ticket.id));
  const nameOf = await categoryNames(deps.db);
  const from = alias(users, 'from_user');
  const to = alias(users, 'to_user');
  const by = alias(users, 'by_user');
  const transfers = await deps.db
    .select({ id: serviceTicketTransfers.id, fromName: from.displayName, toName: to.displayName, reason: serviceTicketTransfers.reason, byName: by.displayName, createdAt: serviceTicketTransfers.createdAt })
    .from(serviceTicketTransfers)
    .innerJoin(from, eq(from.id, serviceTicketTransfers.fromId))
    .innerJoin(to, eq(to.id, serviceTicketTransfers.toId))
    .innerJoin(by, eq(by.id, serviceTicketTransfers.byId))
    .where(eq(serviceTicketTransfers.ticketId, id))
    .orderBy(serviceTicketTransfers.id);
  const [taker] = await deps.db.select({ name: users.displayName }).from(users).where(eq(users.id, ticket.takenById));
  return {
    ...toSummary(row!, nameOf, deps.clock.now()),
    contactPhone: ticket.contactPhone,
    description: ticket.description,
    takenById: ticket.takenById,
    takenByName: taker?.name ?? '',
    resolution: ticket.resolution,
    firstContactResolved: ticket.firstContactResolved,
    transfers: transfers.map((transfer) => ({ ...transfer, createdAt: transfer.createdAt.toISOString() })),
    workOrders: await workOrdersOf(deps.db, id),
    canHandle: ticket.ownerId === actor.userId && ticket.status === 'open' && actor.permissions.has('service:write'),
    responsibleUnitId: await responsibleUnit(deps.db, ticket.category),
  };
}

/**
 * 转办 (R-SVC-02): the owner hands the ticket to a colleague who handles service; the change is
 * conditional on the owner still being the caller, so two racing transfers give one new owner.
 */
export async function transferTicket(deps: Deps, ctx: RequestContext, id: number, body: { toUserId: number; reason: string }): Promise<TicketDetail> {
  const actor = requirePermission(ctx.actor, 'service:write');
  await deps.db.transaction(async (tx) => {
    const ticket = await visibleTicket(tx, actor, id, { forUpdate: true });
    assertOwner(actor, ticket, '转办');
    if (body.toUserId === actor.userId) throw fieldError('toUserId', '不能转给自己');
    const target = await activeServiceHandler(tx, body.toUserId);
    if (!target) throw fieldError('toUserId', '接手人不存在、已停用或没有处理工单的权限');
    const now = deps.clock.now();
    const moved = await tx
      .update(serviceTickets)
      .set({ ownerId: target.id, unitId: target.unit_id, updatedAt: now })
      .where(and(eq(serviceTickets.id, id), eq(serviceTickets.ownerId, actor.userId)))
      .returning({ id: serviceTickets.id });
    if (moved.length === 0) throw new AppError('CONFLICT', '工单负责人已变更，请刷新后再试', { reason: 'ticket.owner_changed' });
    await tx.insert(serviceTicketTransfers).values({ ticketId: id, fromId: actor.userId, toId: target.id, reason: body.reason, byId: actor.userId, createdAt: now });
    await completeRuleTasks(tx, deps, { ruleKey: TICKET_RULE, recordType: 'service_ticket', recordId: id }, ctx);
    await createTask(tx, deps, { title: `处理工单 ${ticket.number}（转办）`, description: body.reason, assigneeId: target.id, dueAt: ticket.dueAt, recordType: 'service_ticket', recordId: id, ruleKey: TICKET_RULE, dedupeKey: `ticket:${id}:${target.id}:${now.getTime()}`, createdById: actor.userId }, ctx);
    await notify(tx, deps.clock, { userId: target.id, kind: TICKET_KIND, title: `工单 ${ticket.number} 已转给您`, body: body.reason, link: `/service/tickets/${id}` });
    await recordAudit(tx, deps.clock, ctx, { action: 'transfer', entityType: 'service_ticket', entityId: id, customerId: ticket.customerId, summary: `工单 ${ticket.number} 由 ${actor.displayName} 转给 ${target.display_name}：${body.reason}` });
  });
  return getTicket(deps, ctx, id);
}

/** 办结 (owner): every work order done or cancelled; 一次办结 when no transfer and no work order. */
export async function resolveTicket(deps: Deps, ctx: RequestContext, id: number, resolution: string): Promise<TicketDetail> {
  const actor = requirePermission(ctx.actor, 'service:write');
  await deps.db.transaction(async (tx) => {
    const ticket = await visibleTicket(tx, actor, id, { forUpdate: true });
    assertOwner(actor, ticket, '办结');
    const [counts] = await queryRows<{ open: number; orders: number; transfers: number }>(
      tx,
      sql`SELECT (SELECT count(*)::int FROM service_work_orders WHERE ticket_id = ${id} AND status = 'open') AS open,
                 (SELECT count(*)::int FROM service_work_orders WHERE ticket_id = ${id}) AS orders,
                 (SELECT count(*)::int FROM service_ticket_transfers WHERE ticket_id = ${id}) AS transfers`,
    );
    if (counts!.open > 0) throw new AppError('CONFLICT', `还有 ${counts!.open} 张派工单未完成，完成后才能办结`, { reason: 'ticket.work_orders_open' });
    const now = deps.clock.now();
    const firstContact = counts!.orders === 0 && counts!.transfers === 0 && ticket.takenById === actor.userId;
    await tx.update(serviceTickets).set({ status: 'resolved', resolution, resolvedAt: now, firstContactResolved: firstContact, updatedAt: now }).where(eq(serviceTickets.id, id));
    await completeRuleTasks(tx, deps, { ruleKey: TICKET_RULE, recordType: 'service_ticket', recordId: id }, ctx);
    await recordAudit(tx, deps.clock, ctx, { action: 'resolve', entityType: 'service_ticket', entityId: id, customerId: ticket.customerId, summary: `办结工单 ${ticket.number}${firstContact ? '（一次办结）' : ''}：${resolution.slice(0, 100)}` });
    await addTimelineEvent(tx, deps.clock, { customerId: ticket.customerId, type: 'service', title: `工单 ${ticket.number} 已解决`, actorId: actor.userId, link: `/service/tickets/${id}`, sourceType: 'service_ticket', sourceId: id });
  });
  return getTicket(deps, ctx, id);
}

/**
 * 来电客户查找 (service:write): customers in the desk's own customer scope by 2 or more characters of
 * the name or code; any other customer only by its exact full name or customer code, as the
 * caller states it — id, name and code, never a list to browse (need-to-know, R-PLT-03).
 */
export async function lookupTicketCustomers(deps: Deps, ctx: RequestContext, q: string) {
  const actor = requirePermission(ctx.actor, 'service:write');
  const text = q.trim();
  if (text.length < 2) return [];
  const pattern = likePattern(text);
  const exact = or(eq(customers.code, text), eq(customers.normalizedName, customerSearchKeys(text).normalizedName));
  const inScope = customerScope(actor);
  return deps.db
    .select({ id: customers.id, name: customers.name, code: customers.code })
    .from(customers)
    .where(and(isNull(customers.mergedIntoId), or(exact, and(inScope ?? sql`true`, or(ilike(customers.name, pattern), ilike(customers.code, pattern))))))
    .orderBy(asc(customers.name))
    .limit(10);
}
