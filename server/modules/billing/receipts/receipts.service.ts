import { and, desc, eq, gte, ilike, lte, or, sql, type SQL } from 'drizzle-orm';
import { requirePermission, type Actor, type RequestContext } from '../../../platform/access/access';
import { recordAudit } from '../../../platform/audit/audit.service';
import { shanghaiDate } from '../../../platform/dates';
import type { DbOrTx, Tx } from '../../../platform/db/client';
import { mapPage, selectPage } from '../../../platform/db/paging';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { likePattern, orderByFrom } from '../../../platform/http/pagination';
import { notify } from '../../../platform/notifications/notifications.service';
import { parseYuan, sumFen, yuanText } from '../../../platform/money';
import { nextNumber } from '../../../platform/numbering/numbering.service';
import { users } from '../../../platform/org/org.table';
import { addTimelineEvent, customers } from '../../customers';
import { billingCustomer, billingScope } from '../billing-scope';
import { allocationsOf, openBillsOf, openOf } from '../bills/bills.service';
import { bills } from '../bills/bills.table';
import { depositHeldOf } from './account.service';
import { lockCustomerLedger } from './ledger-lock';
import { receiptMethodNames, type ReceiptDetail, type Receipt, type ReceiptListQuery, type ReceiptMethod, type RecordReceiptBody } from './receipts.schema';
import { receiptAllocations, receipts } from './receipts.table';

// 收款 (R-BIL-05, 06, 09): only finance records receipts (billing:write — sales roles never hold
// it); each is applied to the customer's open bills oldest due first, or to the bills finance
// chooses, and what is left is the customer's credit balance. A returned cheque or transfer
// reverses its receipt and reopens the bills it paid. Every change locks the customer's ledger.

type ReceiptRow = typeof receipts.$inferSelect;
const selectReceipts = (db: DbOrTx) =>
  db.select({ receipt: receipts, customerName: customers.name, createdByName: users.displayName }).from(receipts).innerJoin(customers, eq(customers.id, receipts.customerId)).leftJoin(users, eq(users.id, receipts.createdById)).$dynamic();

function toReceipt(row: { receipt: ReceiptRow; customerName: string; createdByName: string | null }): Receipt {
  const r = row.receipt;
  const method = r.method as ReceiptMethod;
  return {
    id: r.id,
    number: r.number,
    customerId: r.customerId,
    customerName: row.customerName,
    method,
    methodName: receiptMethodNames[method],
    amount: r.amount,
    allocated: r.allocated,
    refunded: r.refunded,
    unallocated: r.status === 'reversed' ? '0.00' : yuanText(parseYuan(r.amount) - parseYuan(r.allocated) - parseYuan(r.refunded)),
    receivedOn: r.receivedOn,
    reference: r.reference,
    note: r.note,
    status: r.status as Receipt['status'],
    reversedOn: r.reversedOn,
    reverseReason: r.reverseReason,
    handoverId: r.handoverId,
    createdByName: row.createdByName,
    createdAt: r.createdAt.toISOString(),
  };
}

function receiptWhere(actor: Actor, query: Partial<ReceiptListQuery>): SQL | undefined {
  return and(
    billingScope(actor),
    query.customerId ? eq(receipts.customerId, query.customerId) : undefined,
    query.method ? eq(receipts.method, query.method) : undefined,
    query.status ? eq(receipts.status, query.status) : undefined,
    query.from ? gte(receipts.receivedOn, query.from) : undefined,
    query.to ? lte(receipts.receivedOn, query.to) : undefined,
    query.q ? or(ilike(receipts.number, likePattern(query.q)), ilike(receipts.reference, likePattern(query.q)), ilike(customers.name, likePattern(query.q))) : undefined,
  );
}

export async function listReceipts(deps: Deps, ctx: RequestContext, query: ReceiptListQuery) {
  const actor = requirePermission(ctx.actor, 'billing:read');
  const where = receiptWhere(actor, query);
  const order = orderByFrom(query.sort, { receivedOn: receipts.receivedOn, amount: receipts.amount, number: receipts.number }, desc(receipts.id));
  const page = await selectPage(deps.db, query, {
    rows: (limit, offset) => selectReceipts(deps.db).where(where).orderBy(...order).limit(limit).offset(offset),
    matching: deps.db.select({ id: receipts.id }).from(receipts).innerJoin(customers, eq(customers.id, receipts.customerId)).where(where).$dynamic(),
  });
  const [sums] = await deps.db
    .select({
      amount: sql<string>`coalesce(sum(${receipts.amount}) FILTER (WHERE ${receipts.status} = 'recorded'), 0)`,
      unallocated: sql<string>`coalesce(sum(${receipts.amount} - ${receipts.allocated} - ${receipts.refunded}) FILTER (WHERE ${receipts.status} = 'recorded'), 0)`,
    })
    .from(receipts)
    .innerJoin(customers, eq(customers.id, receipts.customerId))
    .where(where);
  const result = await mapPage(page, (rows) => rows.map(toReceipt));
  return { ...result, sums: { amount: yuanText(parseYuan(sums!.amount)), unallocated: yuanText(parseYuan(sums!.unallocated)) } };
}

async function findVisibleReceipt(db: DbOrTx, actor: Actor, id: number) {
  const [row] = await selectReceipts(db).where(and(eq(receipts.id, id), billingScope(actor)));
  if (!row) throw new AppError('NOT_FOUND', '收款记录不存在或无权查看');
  return row;
}

export async function getReceipt(deps: Deps, ctx: RequestContext, id: number): Promise<ReceiptDetail> {
  const actor = requirePermission(ctx.actor, 'billing:read');
  const row = await findVisibleReceipt(deps.db, actor, id);
  const receipt = toReceipt(row);
  const mayWrite = actor.permissions.has('billing:write') && receipt.status === 'recorded';
  return {
    ...receipt,
    allocations: await allocationsOf(deps.db, eq(receiptAllocations.receiptId, id)),
    canReverse: mayWrite && (receipt.method === 'cheque' || receipt.method === 'transfer'),
    canAllocate: mayWrite && parseYuan(receipt.unallocated) > 0n,
  };
}

type Requested = { billId: number; amount: string }[] | undefined;

/**
 * Applies what is left of a receipt to the customer's open bills (locked): the chosen ones with
 * the chosen amounts, or oldest due first. Amounts above a bill's open amount, or together above
 * the receipt, are refused naming the field; nothing is saved then.
 */
async function applyReceipt(tx: Tx, deps: Deps, actor: Actor, receipt: ReceiptRow, requested: Requested, on: string, field: string): Promise<bigint> {
  let left = parseYuan(receipt.amount) - parseYuan(receipt.allocated) - parseYuan(receipt.refunded);
  const ids = requested?.map((entry) => entry.billId);
  if (ids && new Set(ids).size !== ids.length) throw fieldError(field, '同一张账单只能核销一次');
  const open = await openBillsOf(tx, receipt.customerId, ids);
  const plan: { bill: (typeof open)[number]; amount: bigint }[] = [];
  if (requested) {
    for (const [index, entry] of requested.entries()) {
      const bill = open.find((candidate) => candidate.id === entry.billId);
      if (!bill) throw fieldError(`${field}.${index}.billId`, '账单不存在、已结清、已作废或不属于该客户');
      const amount = parseYuan(entry.amount);
      if (amount > openOf(bill)) throw fieldError(`${field}.${index}.amount`, `超过账单 ${bill.number} 的未收金额 ${yuanText(openOf(bill))} 元`);
      plan.push({ bill, amount });
    }
    const total = sumFen(plan.map((entry) => entry.amount));
    if (total > left) throw fieldError(field, `核销合计 ${yuanText(total)} 元超过可核销的 ${yuanText(left)} 元`);
  } else {
    for (const bill of open) {
      if (left === 0n) break;
      const amount = openOf(bill) < left ? openOf(bill) : left;
      if (amount > 0n) plan.push({ bill, amount });
      left -= amount;
    }
  }
  for (const { bill, amount } of plan) {
    await tx.insert(receiptAllocations).values({ receiptId: receipt.id, billId: bill.id, customerId: receipt.customerId, amount: yuanText(amount), allocatedOn: on, createdById: actor.userId, createdAt: deps.clock.now() });
    await tx
      .update(bills)
      .set({ paid: sql`${bills.paid} + ${yuanText(amount)}` })
      .where(eq(bills.id, bill.id));
  }
  const applied = sumFen(plan.map((entry) => entry.amount));
  if (applied > 0n) {
    await tx
      .update(receipts)
      .set({ allocated: sql`${receipts.allocated} + ${yuanText(applied)}` })
      .where(eq(receipts.id, receipt.id));
  }
  return applied;
}

/** Records a receipt and applies it, in one transaction with its audit record. */
export async function insertReceipt(tx: Tx, deps: Deps, ctx: RequestContext, actor: Actor, body: RecordReceiptBody & { handoverId?: number }): Promise<number> {
  const customer = await billingCustomer(tx, actor, body.customerId);
  await lockCustomerLedger(tx, customer.id);
  if (body.method === 'deposit_offset') {
    // Deposit applies to arrears only (R-CRD-05): never more than is held, nor than is owed.
    const { held, open } = await depositHeldOf(tx, customer.id);
    if (parseYuan(body.amount) > held) throw fieldError('amount', `保证金抵扣 ${body.amount} 元超过已收保证金余额 ${yuanText(held)} 元`, 'receipt.deposit_insufficient');
    if (parseYuan(body.amount) > open) throw fieldError('amount', `保证金抵扣 ${body.amount} 元超过该客户未结清账单合计 ${yuanText(open)} 元`, 'receipt.deposit_exceeds_arrears');
  }
  const number = await nextNumber(tx, deps, { docType: 'receipt' });
  const [receipt] = await tx
    .insert(receipts)
    .values({ number, customerId: customer.id, method: body.method, amount: body.amount, receivedOn: body.receivedOn, reference: body.reference || null, note: body.note || null, status: 'recorded', handoverId: body.handoverId ?? null, createdById: actor.userId, createdAt: deps.clock.now() })
    .returning();
  const applied = await applyReceipt(tx, deps, actor, receipt!, body.allocations, body.receivedOn, 'allocations');
  const credit = parseYuan(body.amount) - applied;
  if (body.method === 'deposit_offset' && credit > 0n) throw fieldError('allocations', `保证金抵扣须全部核销到账单，尚有 ${yuanText(credit)} 元未核销`, 'receipt.deposit_unallocated');
  const method = receiptMethodNames[body.method];
  await recordAudit(tx, deps.clock, ctx, {
    action: 'receipt_record',
    entityType: 'receipt',
    entityId: receipt!.id,
    customerId: customer.id,
    summary: `收款 ${number}：${customer.name} ${method} ${body.amount} 元（${body.receivedOn}），核销账单 ${yuanText(applied)} 元${credit > 0n ? `，转预收 ${yuanText(credit)} 元` : ''}`,
  });
  await addTimelineEvent(tx, deps.clock, { customerId: customer.id, type: 'receipt', title: `收款 ${body.amount} 元（${method}）`, actorId: actor.userId, link: `/billing/receipts/${receipt!.id}`, sourceType: 'receipt', sourceId: receipt!.id });
  return receipt!.id;
}

/** 登记收款 (finance only). */
export async function recordReceipt(deps: Deps, ctx: RequestContext, body: RecordReceiptBody): Promise<ReceiptDetail> {
  const actor = requirePermission(ctx.actor, 'billing:write');
  if (body.receivedOn > shanghaiDate(deps.clock.now())) throw fieldError('receivedOn', '收款日期不能晚于今天');
  const id = await deps.db.transaction((tx) => insertReceipt(tx, deps, ctx, actor, body));
  return getReceipt(deps, ctx, id);
}

/** 核销预收: applies a receipt's unallocated part to open bills (chosen, or oldest first), today. */
export async function allocateReceipt(deps: Deps, ctx: RequestContext, id: number, requested: Requested): Promise<ReceiptDetail> {
  const actor = requirePermission(ctx.actor, 'billing:read');
  await deps.db.transaction(async (tx) => {
    const row = await findVisibleReceipt(tx, actor, id);
    requirePermission(actor, 'billing:write');
    await lockCustomerLedger(tx, row.receipt.customerId);
    const [receipt] = await tx.select().from(receipts).where(eq(receipts.id, id));
    if (receipt!.status !== 'recorded') throw new AppError('CONFLICT', '该收款已退票冲销，不能再核销', { reason: 'receipt.reversed' });
    if (parseYuan(receipt!.amount) === parseYuan(receipt!.allocated) + parseYuan(receipt!.refunded)) throw new AppError('CONFLICT', '该收款已全部核销或退还', { reason: 'receipt.fully_allocated' });
    const applied = await applyReceipt(tx, deps, actor, receipt!, requested, shanghaiDate(deps.clock.now()), 'allocations');
    if (applied === 0n) throw new AppError('CONFLICT', '该客户没有未结清的账单可以核销', { reason: 'receipt.nothing_to_allocate' });
    await recordAudit(tx, deps.clock, ctx, { action: 'receipt_allocate', entityType: 'receipt', entityId: id, customerId: receipt!.customerId, summary: `收款 ${receipt!.number} 的预收核销账单 ${yuanText(applied)} 元` });
  });
  return getReceipt(deps, ctx, id);
}

/**
 * 退票 (R-BIL-09): a cheque or transfer returned unpaid. The receipt is reversed on that day (kept,
 * never deleted), its allocations end, the bills it paid are open again; the owner and finance
 * are told.
 */
export async function reverseReceipt(deps: Deps, ctx: RequestContext, id: number, body: { reason: string; reversedOn: string }): Promise<ReceiptDetail> {
  const actor = requirePermission(ctx.actor, 'billing:read');
  await deps.db.transaction(async (tx) => {
    const row = await findVisibleReceipt(tx, actor, id);
    requirePermission(actor, 'billing:write');
    await lockCustomerLedger(tx, row.receipt.customerId);
    const [receipt] = await tx.select().from(receipts).where(eq(receipts.id, id));
    if (receipt!.status === 'reversed') throw new AppError('CONFLICT', '该收款已退票冲销', { reason: 'receipt.reversed' });
    if (receipt!.method !== 'cheque' && receipt!.method !== 'transfer') throw new AppError('CONFLICT', `${receiptMethodNames[receipt!.method as ReceiptMethod]}收款不会退票，只有支票和转账可以退票冲销`, { reason: 'receipt.not_reversible' });
    if (parseYuan(receipt!.refunded) > 0n) throw new AppError('CONFLICT', `该收款已有 ${receipt!.refunded} 元退还给客户，不能退票冲销`, { reason: 'receipt.refunded' });
    if (body.reversedOn < receipt!.receivedOn || body.reversedOn > shanghaiDate(deps.clock.now())) throw fieldError('reversedOn', `退票日期应在收款日期 ${receipt!.receivedOn} 与今天之间`);
    const live = await tx
      .update(receiptAllocations)
      .set({ reversedOn: body.reversedOn })
      .where(and(eq(receiptAllocations.receiptId, id), sql`${receiptAllocations.reversedOn} IS NULL`))
      .returning();
    for (const allocation of live) {
      await tx
        .update(bills)
        .set({ paid: sql`${bills.paid} - ${allocation.amount}` })
        .where(eq(bills.id, allocation.billId));
    }
    await tx.update(receipts).set({ status: 'reversed', allocated: '0', reversedOn: body.reversedOn, reverseReason: body.reason }).where(eq(receipts.id, id));
    const reopened = sumFen(live.map((allocation) => parseYuan(allocation.amount)));
    const summary = `收款 ${receipt!.number}（${row.customerName}，${receipt!.amount} 元）退票冲销：${body.reason}；${live.length} 张账单重新打开，共 ${yuanText(reopened)} 元`;
    await recordAudit(tx, deps.clock, ctx, { action: 'receipt_reverse', entityType: 'receipt', entityId: id, customerId: receipt!.customerId, summary });
    await addTimelineEvent(tx, deps.clock, { customerId: receipt!.customerId, type: 'receipt', title: `收款 ${receipt!.amount} 元退票：${body.reason}`, actorId: actor.userId, link: `/billing/receipts/${id}`, sourceType: 'receipt', sourceId: id });
    const [customer] = await tx.select({ ownerId: customers.ownerId }).from(customers).where(eq(customers.id, receipt!.customerId));
    const told = new Set([customer?.ownerId, receipt!.createdById].filter((value): value is number => typeof value === 'number' && value !== actor.userId));
    for (const userId of told) await notify(tx, deps.clock, { userId, kind: 'receipt_reversed', title: `退票：${row.customerName} 的收款 ${receipt!.amount} 元`, body: summary, link: `/billing/receipts/${id}` });
  });
  return getReceipt(deps, ctx, id);
}
