import { and, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { requirePermission, type Actor, type RequestContext } from '../../../platform/access/access';
import { recordAudit } from '../../../platform/audit/audit.service';
import { daysBetween, shanghaiDate } from '../../../platform/dates';
import { queryRows, type DbOrTx } from '../../../platform/db/client';
import { selectPage, mapPage } from '../../../platform/db/paging';
import type { Deps } from '../../../platform/deps';
import { AppError } from '../../../platform/errors';
import { likePattern, orderByFrom } from '../../../platform/http/pagination';
import { parseYuan, yuanText } from '../../../platform/money';
import { addTimelineEvent, customers } from '../../customers';
import { contractNumbersOf } from '../../leasing';
import { billingScope } from '../billing-scope';
import { chargeItemNames } from '../charge-items';
import { recordBilledRevenue } from '../charges/charge-settings.service';
import { receiptAllocations, receipts } from '../receipts/receipts.table';
import { usageCharges } from '../usage/usage.table';
import { billSettlementNames, type Allocation, type Bill, type BillDetail, type BillListQuery, type BillSettlement } from './bills.schema';
import { billLines, bills, lateFeeAccruals } from './bills.table';

// 账单 (R-BIL-04): lists within the billing scope with their sums, the detail with lines that say
// how each amount was computed and the receipts applied to it, export, and void with a reason.

type BillRow = typeof bills.$inferSelect;
const selectBills = (db: DbOrTx) => db.select({ bill: bills, customerName: customers.name }).from(bills).innerJoin(customers, eq(customers.id, bills.customerId)).$dynamic();

export function openOf(bill: Pick<BillRow, 'total' | 'paid' | 'writtenOff' | 'status'>): bigint {
  if (bill.status === 'void') return 0n;
  const open = parseYuan(bill.total) - parseYuan(bill.paid) - parseYuan(bill.writtenOff);
  return open > 0n ? open : 0n;
}

function settlementOf(bill: BillRow): BillSettlement {
  if (bill.status === 'void') return 'void';
  if (openOf(bill) === 0n) return 'paid';
  return parseYuan(bill.paid) + parseYuan(bill.writtenOff) > 0n ? 'partial' : 'unpaid';
}

export function toBill(row: { bill: BillRow; customerName: string }, today: string): Bill {
  const b = row.bill;
  const settlement = settlementOf(b);
  const open = openOf(b);
  return {
    id: b.id,
    number: b.number,
    customerId: b.customerId,
    customerName: row.customerName,
    period: b.period,
    issueDate: b.issueDate,
    dueDate: b.dueDate,
    total: b.total,
    paid: b.paid,
    writtenOff: b.writtenOff,
    open: yuanText(open),
    settlement,
    settlementName: billSettlementNames[settlement],
    daysOverdue: open > 0n ? Math.max(0, daysBetween(b.dueDate, today)) : 0,
    voidReason: b.voidReason,
    voidedOn: b.voidedOn,
    createdAt: b.createdAt.toISOString(),
  };
}

const openCondition = sql`${bills.status} = 'issued' AND ${bills.paid} + ${bills.writtenOff} < ${bills.total}`;

function billWhere(actor: Actor, query: Partial<BillListQuery>, today: string): SQL | undefined {
  const settlement: Record<string, SQL> = {
    open: openCondition,
    unpaid: sql`${bills.status} = 'issued' AND ${bills.paid} + ${bills.writtenOff} = 0 AND ${bills.total} > 0`,
    partial: sql`${openCondition} AND ${bills.paid} + ${bills.writtenOff} > 0`,
    paid: sql`${bills.status} = 'issued' AND ${bills.paid} + ${bills.writtenOff} >= ${bills.total}`,
    void: sql`${bills.status} = 'void'`,
  };
  return and(
    billingScope(actor),
    query.customerId ? eq(bills.customerId, query.customerId) : undefined,
    query.period ? eq(bills.period, query.period) : undefined,
    query.settlement ? settlement[query.settlement] : undefined,
    query.overdue === 'true' ? sql`${openCondition} AND ${bills.dueDate} < ${today}` : undefined,
    query.q ? or(ilike(bills.number, likePattern(query.q)), ilike(customers.name, likePattern(query.q))) : undefined,
  );
}

export async function listBills(deps: Deps, ctx: RequestContext, query: BillListQuery) {
  const actor = requirePermission(ctx.actor, 'billing:read');
  const today = shanghaiDate(deps.clock.now());
  const where = billWhere(actor, query, today);
  const order = orderByFrom(query.sort, { dueDate: bills.dueDate, issueDate: bills.issueDate, total: bills.total, number: bills.number, period: bills.period }, desc(bills.id));
  const page = await selectPage(deps.db, query, {
    rows: (limit, offset) => selectBills(deps.db).where(where).orderBy(...order).limit(limit).offset(offset),
    matching: deps.db.select({ id: bills.id }).from(bills).innerJoin(customers, eq(customers.id, bills.customerId)).where(where).$dynamic(),
  });
  const [sums] = await deps.db
    .select({ total: sql<string>`coalesce(sum(${bills.total}) FILTER (WHERE ${bills.status} = 'issued'), 0)`, paid: sql<string>`coalesce(sum(${bills.paid}), 0)`, open: sql<string>`coalesce(sum(greatest(${bills.total} - ${bills.paid} - ${bills.writtenOff}, 0)) FILTER (WHERE ${bills.status} = 'issued'), 0)` })
    .from(bills)
    .innerJoin(customers, eq(customers.id, bills.customerId))
    .where(where);
  const result = await mapPage(page, (rows) => rows.map((row) => toBill(row, today)));
  return { ...result, sums: { total: yuanText(parseYuan(sums!.total)), paid: yuanText(parseYuan(sums!.paid)), open: yuanText(parseYuan(sums!.open)) } };
}

/** A bill in the caller's billing scope, or 404 — other units' ids look exactly like missing ones. */
export async function findVisibleBill(db: DbOrTx, actor: Actor, id: number, options: { forUpdate?: boolean } = {}) {
  const query = selectBills(db).where(and(eq(bills.id, id), billingScope(actor)));
  const [row] = options.forUpdate ? await query.for('update', { of: bills }) : await query;
  if (!row) throw new AppError('NOT_FOUND', '账单不存在或无权查看');
  return row;
}

export async function allocationsOf(db: DbOrTx, where: SQL): Promise<Allocation[]> {
  const rows = await db
    .select({ allocation: receiptAllocations, receiptNumber: receipts.number, method: receipts.method, billNumber: bills.number })
    .from(receiptAllocations)
    .innerJoin(receipts, eq(receipts.id, receiptAllocations.receiptId))
    .innerJoin(bills, eq(bills.id, receiptAllocations.billId))
    .where(where)
    .orderBy(receiptAllocations.id);
  return rows.map(({ allocation: a, receiptNumber, method, billNumber }) => ({ id: a.id, receiptId: a.receiptId, receiptNumber, billId: a.billId, billNumber, method, amount: a.amount, allocatedOn: a.allocatedOn, reversedOn: a.reversedOn }));
}

export async function getBill(deps: Deps, ctx: RequestContext, id: number): Promise<BillDetail> {
  const actor = requirePermission(ctx.actor, 'billing:read');
  const row = await findVisibleBill(deps.db, actor, id);
  const lines = await deps.db.select().from(billLines).where(eq(billLines.billId, id)).orderBy(billLines.id);
  const nameOf = await chargeItemNames(deps.db);
  const contractIds = [...new Set(lines.map((line) => line.contractId).filter((value): value is number => value !== null))];
  const numbers = await contractNumbersOf(deps.db, contractIds);
  const bill = toBill(row, shanghaiDate(deps.clock.now()));
  return {
    ...bill,
    lines: lines.map((line) => ({
      id: line.id,
      contractId: line.contractId,
      contractNumber: line.contractId ? (numbers.get(line.contractId) ?? null) : null,
      period: line.period,
      item: line.item,
      itemName: nameOf(line.item),
      kind: line.kind as 'schedule' | 'adjustment' | 'usage' | 'late_fee' | 'rebate',
      lineStart: line.lineStart,
      lineEnd: line.lineEnd,
      dueDate: line.dueDate,
      amount: line.amount,
      explanation: line.explanation,
    })),
    allocations: await allocationsOf(deps.db, eq(receiptAllocations.billId, id)),
    invoice: (await queryRows<{ id: string | number; status: string; invoice_number: string | null }>(deps.db, sql`SELECT i.id, i.status, i.invoice_number FROM invoice_bills ib JOIN invoices i ON i.id = ib.invoice_id WHERE ib.bill_id = ${id} AND ib.active = 1 LIMIT 1`)).map((row) => ({ id: Number(row.id), status: row.status, invoiceNumber: row.invoice_number }))[0] ?? null,
    canVoid: actor.permissions.has('billing:write') && row.bill.status === 'issued' && parseYuan(row.bill.paid) === 0n && parseYuan(row.bill.writtenOff) === 0n,
  };
}

/**
 * 作废 (finance): with a reason, never deleted; its lines are billable again by the next run. A
 * bill with receipts applied must first have them reversed — money is never silently moved.
 */
export async function voidBill(deps: Deps, ctx: RequestContext, id: number, reason: string): Promise<BillDetail> {
  const actor = requirePermission(ctx.actor, 'billing:read');
  await deps.db.transaction(async (tx) => {
    const row = await findVisibleBill(tx, actor, id, { forUpdate: true });
    requirePermission(actor, 'billing:write');
    const bill = row.bill;
    if (bill.status === 'void') throw new AppError('CONFLICT', '该账单已作废', { reason: 'bill.already_void' });
    if (parseYuan(bill.paid) > 0n || parseYuan(bill.writtenOff) > 0n) {
      throw new AppError('CONFLICT', `该账单已收款 ${bill.paid} 元、核销 ${bill.writtenOff} 元，不能作废；请先冲销相关收款`, { reason: 'bill.has_receipts' });
    }
    const [invoiced] = await queryRows<{ id: string | number }>(tx, sql`SELECT invoice_id AS id FROM invoice_bills WHERE bill_id = ${id} AND active = 1 LIMIT 1`);
    if (invoiced) throw new AppError('CONFLICT', '该账单已申请或开具发票，请先作废发票再作废账单', { reason: 'bill.invoiced' });
    const today = shanghaiDate(deps.clock.now());
    await tx.update(bills).set({ status: 'void', voidReason: reason, voidedOn: today, voidedById: actor.userId }).where(eq(bills.id, id));
    await tx.update(billLines).set({ active: 0 }).where(eq(billLines.billId, id));
    // its usage entries wait for the next bill again
    await tx.update(usageCharges).set({ status: 'pending', billId: null }).where(eq(usageCharges.billId, id));
    // and the late days it charged can be charged again
    await tx.update(lateFeeAccruals).set({ active: 0 }).where(eq(lateFeeAccruals.billId, id));
    await recordBilledRevenue(tx, deps.clock, bill.customerId, bill.period, `作废账单 ${bill.number}`);
    await recordAudit(tx, deps.clock, ctx, { action: 'bill_void', entityType: 'bill', entityId: id, customerId: bill.customerId, summary: `作废账单 ${bill.number}（${bill.total} 元）：${reason}` });
    await addTimelineEvent(tx, deps.clock, { customerId: bill.customerId, type: 'bill', title: `账单 ${bill.number} 作废：${reason}`, actorId: actor.userId, link: `/billing/bills/${id}`, sourceType: 'bill', sourceId: id });
  });
  return getBill(deps, ctx, id);
}

/** Open bills of a customer, oldest due first: what allocation pays in order (R-BIL-05). */
export async function openBillsOf(tx: DbOrTx, customerId: number, ids?: number[]) {
  return tx
    .select()
    .from(bills)
    .where(and(eq(bills.customerId, customerId), openCondition, ids ? inArray(bills.id, ids) : undefined))
    .orderBy(bills.dueDate, bills.id)
    .for('update');
}

const exportHeaders: [keyof Bill, string, number][] = [
  ['number', '账单编号', 20],
  ['customerName', '客户', 30],
  ['period', '账期', 10],
  ['issueDate', '出账日期', 12],
  ['dueDate', '到期日', 12],
  ['total', '金额（元）', 14],
  ['paid', '已收（元）', 14],
  ['writtenOff', '核销（元）', 12],
  ['open', '未收（元）', 14],
  ['settlementName', '状态', 10],
  ['daysOverdue', '逾期天数', 10],
];

/** 导出账单 (.xlsx): the filtered list (up to 50,000 bills) with a totals row; audited. */
export async function exportBills(deps: Deps, ctx: RequestContext, query: Partial<BillListQuery>): Promise<{ buffer: Buffer; fileName: string }> {
  const actor = requirePermission(ctx.actor, 'billing:read');
  const today = shanghaiDate(deps.clock.now());
  const rows = await selectBills(deps.db).where(billWhere(actor, query, today)).orderBy(desc(bills.id)).limit(50_001);
  if (rows.length > 50_000) throw new AppError('CONFLICT', '符合条件的账单超过 50,000 张，请按账期或客户缩小范围后再导出', { reason: 'bill.export_too_large' });
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('账单');
  sheet.columns = exportHeaders.map(([key, header, width]) => ({ key, header, width }));
  sheet.getRow(1).font = { bold: true };
  const list = rows.map((row) => toBill(row, today));
  for (const bill of list) sheet.addRow({ ...bill, total: Number(bill.total), paid: Number(bill.paid), writtenOff: Number(bill.writtenOff), open: Number(bill.open) });
  const sum = (key: 'total' | 'paid' | 'open') => yuanText(list.filter((bill) => bill.settlement !== 'void').reduce((acc, bill) => acc + parseYuan(bill[key]), 0n));
  const totals = sheet.addRow({ number: '合计', total: Number(sum('total')), paid: Number(sum('paid')), open: Number(sum('open')) });
  totals.font = { bold: true };
  for (const key of ['total', 'paid', 'writtenOff', 'open']) sheet.getColumn(key).numFmt = '#,##0.00';
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  await deps.db.transaction((tx) => recordAudit(tx, deps.clock, ctx, { action: 'export', entityType: 'bill', summary: `导出账单 ${list.length} 张` }));
  return { buffer, fileName: `账单-${today}.xlsx` };
}

/** One bill as a printable .xlsx notice (账单通知): header, lines with their explanations, receipts. */
export async function billNotice(deps: Deps, ctx: RequestContext, id: number): Promise<{ buffer: Buffer; fileName: string }> {
  const bill = await getBill(deps, ctx, id);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('账单');
  sheet.columns = [{ width: 16 }, { width: 12 }, { width: 24 }, { width: 14 }, { width: 70 }];
  sheet.addRow([`账单 ${bill.number}`]).font = { bold: true, size: 14 };
  sheet.addRow(['客户', bill.customerName]);
  sheet.addRow(['账期', bill.period, '出账日期', bill.issueDate]);
  sheet.addRow(['到期日', bill.dueDate, '状态', bill.settlementName]);
  sheet.addRow([]);
  sheet.addRow(['合同', '期次', '收费项目', '金额（元）', '计算说明']).font = { bold: true };
  for (const line of bill.lines) sheet.addRow([line.contractNumber ?? '', line.period ?? '', `${line.itemName}${line.kind === 'adjustment' ? '（调整）' : ''}`, Number(line.amount), line.explanation]);
  sheet.addRow(['合计', '', '', Number(bill.total)]).font = { bold: true };
  sheet.addRow(['已收', '', '', Number(bill.paid)]);
  sheet.addRow(['未收', '', '', Number(bill.open)]).font = { bold: true };
  sheet.getColumn(4).numFmt = '#,##0.00';
  sheet.getColumn(5).alignment = { wrapText: true, vertical: 'top' };
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  return { buffer, fileName: `账单-${bill.number}.xlsx` };
}
