import { and, desc, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { requirePermission, type RequestContext } from '../../../platform/access/access';
import { recordAudit } from '../../../platform/audit/audit.service';
import { addDays, isValidIsoDate, shanghaiDate } from '../../../platform/dates';
import { queryRows, type DbOrTx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { moneyOutput, parseYuan, sumFen, yuanText } from '../../../platform/money';
import { addTimelineEvent, customers } from '../../customers';
import { billingCustomer, billingScope } from '../billing-scope';
import { accountStatements } from './statements.table';

// 对账单 (R-BIL-08): a customer's account over a period as the customer sees it — the balance
// owed at the start, every bill, receipt, returned payment, write-off and refund in date order
// with the running balance, and the balance at the end — exported, sent, and answered.

const isoDate = (label: string) => z.string().refine(isValidIsoDate, `${label}应为有效日期，格式 YYYY-MM-DD`);
export const statementQuery = z.object({ from: isoDate('开始日期'), to: isoDate('结束日期') });
export const respondBody = z.object({ response: z.string().trim().max(1000, '说明不超过 1000 个字').optional() });
export const disputeBody = z.object({ response: z.string().trim().min(4, '请写明客户对哪些款项有异议（至少 4 个字）').max(1000, '说明不超过 1000 个字') });

const entrySchema = z.object({
  date: z.string(),
  kind: z.enum(['bill', 'void', 'receipt', 'reversal', 'write_off', 'refund']),
  kindName: z.string(),
  reference: z.string(),
  debit: moneyOutput.describe('增加应收'),
  credit: moneyOutput.describe('减少应收'),
  balance: moneyOutput,
});
export const statementSchema = z.object({
  customerId: z.number().int(),
  customerName: z.string(),
  from: z.string(),
  to: z.string(),
  opening: moneyOutput.describe('期初应收余额（负数为预收）'),
  entries: z.array(entrySchema),
  debits: moneyOutput,
  credits: moneyOutput,
  closing: moneyOutput,
});
export type Statement = z.infer<typeof statementSchema>;
export const sentStatementSchema = z.object({
  id: z.number().int(),
  customerId: z.number().int(),
  from: z.string(),
  to: z.string(),
  opening: moneyOutput,
  closing: moneyOutput,
  status: z.enum(['sent', 'confirmed', 'disputed']),
  response: z.string().nullable(),
  createdAt: z.string(),
  respondedAt: z.string().nullable(),
});
export type SentStatement = z.infer<typeof sentStatementSchema>;

const kindNames = { bill: '账单', void: '账单作废', receipt: '收款', reversal: '退票', write_off: '坏账核销', refund: '退还预收' } as const;
type Kind = keyof typeof kindNames;

/** Every movement of the customer's receivable up to `to`, dated: + raises it, − lowers it. */
async function movements(db: DbOrTx, customerId: number, to: string): Promise<{ date: string; kind: Kind; reference: string; amount: bigint }[]> {
  const rows = await queryRows<{ date: string; kind: Kind; reference: string; amount: string }>(
    db,
    sql`SELECT issue_date::text AS date, 'bill' AS kind, number AS reference, total AS amount FROM bills WHERE customer_id = ${customerId} AND issue_date <= ${to}
        UNION ALL SELECT voided_on::text, 'void', number, -total FROM bills WHERE customer_id = ${customerId} AND status = 'void' AND voided_on <= ${to}
        UNION ALL SELECT received_on::text, 'receipt', number || coalesce('（' || reference || '）', ''), -amount FROM receipts WHERE customer_id = ${customerId} AND received_on <= ${to}
        UNION ALL SELECT reversed_on::text, 'reversal', number, amount FROM receipts WHERE customer_id = ${customerId} AND status = 'reversed' AND reversed_on <= ${to}
        UNION ALL SELECT w.decided_on::text, 'write_off', b.number, -w.amount FROM bill_write_offs w JOIN bills b ON b.id = w.bill_id WHERE w.customer_id = ${customerId} AND w.status = 'approved' AND w.decided_on <= ${to}
        UNION ALL SELECT decided_on::text, 'refund', '#' || id, amount FROM credit_refunds WHERE customer_id = ${customerId} AND status = 'approved' AND decided_on <= ${to}
        ORDER BY 1, 2, 3`,
  );
  return rows.map((row) => ({ ...row, amount: parseYuan(row.amount) }));
}

export async function buildStatement(db: DbOrTx, customer: { id: number; name: string }, from: string, to: string): Promise<Statement> {
  if (to < from) throw fieldError('to', '结束日期不能早于开始日期');
  if (to > addDays(from, 366 * 3)) throw fieldError('to', '对账期间不超过 3 年');
  const all = await movements(db, customer.id, to);
  const opening = sumFen(all.filter((m) => m.date < from).map((m) => m.amount));
  let balance = opening;
  const entries = all
    .filter((m) => m.date >= from)
    .map((m) => {
      balance += m.amount;
      return { date: m.date, kind: m.kind, kindName: kindNames[m.kind], reference: m.reference, debit: yuanText(m.amount > 0n ? m.amount : 0n), credit: yuanText(m.amount < 0n ? -m.amount : 0n), balance: yuanText(balance) };
    });
  return {
    customerId: customer.id,
    customerName: customer.name,
    from,
    to,
    opening: yuanText(opening),
    entries,
    debits: yuanText(sumFen(entries.map((e) => parseYuan(e.debit)))),
    credits: yuanText(sumFen(entries.map((e) => parseYuan(e.credit)))),
    closing: yuanText(balance),
  };
}

export async function getStatement(deps: Deps, ctx: RequestContext, customerId: number, query: z.infer<typeof statementQuery>): Promise<Statement> {
  const actor = requirePermission(ctx.actor, 'billing:read');
  const customer = await billingCustomer(deps.db, actor, customerId);
  return buildStatement(deps.db, customer, query.from, query.to);
}

export async function statementWorkbook(deps: Deps, ctx: RequestContext, customerId: number, query: z.infer<typeof statementQuery>): Promise<{ buffer: Buffer; fileName: string }> {
  const statement = await getStatement(deps, ctx, customerId, query);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('对账单');
  sheet.columns = [{ width: 12 }, { width: 12 }, { width: 30 }, { width: 14 }, { width: 14 }, { width: 14 }];
  sheet.addRow([`对账单：${statement.customerName}`]).font = { bold: true, size: 14 };
  sheet.addRow(['期间', `${statement.from} 至 ${statement.to}`]);
  sheet.addRow(['期初应收余额', '', '', '', '', Number(statement.opening)]);
  sheet.addRow(['日期', '类型', '单据', '应收增加（元）', '应收减少（元）', '余额（元）']).font = { bold: true };
  for (const e of statement.entries) sheet.addRow([e.date, e.kindName, e.reference, Number(e.debit), Number(e.credit), Number(e.balance)]);
  sheet.addRow(['本期合计', '', '', Number(statement.debits), Number(statement.credits)]).font = { bold: true };
  sheet.addRow(['期末应收余额', '', '', '', '', Number(statement.closing)]).font = { bold: true };
  sheet.addRow([]);
  sheet.addRow(['客户确认：以上往来与贵单位账目一致 / 有异议（请注明）', '', '', '签章：', '', '日期：']);
  for (const column of [4, 5, 6]) sheet.getColumn(column).numFmt = '#,##0.00';
  await deps.db.transaction((tx) => recordAudit(tx, deps.clock, ctx, { action: 'export', entityType: 'customer', entityId: customerId, customerId, summary: `导出对账单 ${query.from} 至 ${query.to}` }));
  return { buffer: Buffer.from(await workbook.xlsx.writeBuffer()), fileName: `对账单-${statement.customerName}-${query.to}.xlsx` };
}

function toSent(row: typeof accountStatements.$inferSelect): SentStatement {
  return { id: row.id, customerId: row.customerId, from: row.fromDate, to: row.toDate, opening: row.opening, closing: row.closing, status: row.status as SentStatement['status'], response: row.response, createdAt: row.createdAt.toISOString(), respondedAt: row.respondedAt?.toISOString() ?? null };
}

/** 发送对账单 (finance): the balances as of now are kept with it; the customer's answer comes later. */
export async function sendStatement(deps: Deps, ctx: RequestContext, customerId: number, query: z.infer<typeof statementQuery>): Promise<SentStatement> {
  const actor = requirePermission(ctx.actor, 'billing:read');
  if (query.to > shanghaiDate(deps.clock.now())) throw fieldError('to', '对账单的结束日期不能晚于今天');
  const row = await deps.db.transaction(async (tx) => {
    const customer = await billingCustomer(tx, actor, customerId);
    requirePermission(actor, 'billing:write');
    const statement = await buildStatement(tx, customer, query.from, query.to);
    const [created] = await tx.insert(accountStatements).values({ customerId, fromDate: query.from, toDate: query.to, opening: statement.opening, closing: statement.closing, status: 'sent', createdById: actor.userId, createdAt: deps.clock.now() }).returning();
    await recordAudit(tx, deps.clock, ctx, { action: 'statement_send', entityType: 'customer', entityId: customerId, customerId, summary: `发送对账单 ${query.from} 至 ${query.to}：期初 ${statement.opening} 元，期末 ${statement.closing} 元` });
    await addTimelineEvent(tx, deps.clock, { customerId, type: 'statement', title: `发送对账单（${query.from} 至 ${query.to}），期末应收 ${statement.closing} 元`, actorId: actor.userId, sourceType: 'account_statement', sourceId: created!.id });
    return created!;
  });
  return toSent(row);
}

export async function listStatements(deps: Deps, ctx: RequestContext, customerId: number): Promise<SentStatement[]> {
  const actor = requirePermission(ctx.actor, 'billing:read');
  await billingCustomer(deps.db, actor, customerId);
  const rows = await deps.db.select().from(accountStatements).where(eq(accountStatements.customerId, customerId)).orderBy(desc(accountStatements.id)).limit(100);
  return rows.map(toSent);
}

/** 客户确认 / 客户有异议 (finance records the customer's answer). */
export async function respondToStatement(deps: Deps, ctx: RequestContext, id: number, answer: 'confirmed' | 'disputed', response?: string): Promise<SentStatement> {
  const actor = requirePermission(ctx.actor, 'billing:read');
  const row = await deps.db.transaction(async (tx) => {
    const [found] = await tx
      .select({ statement: accountStatements })
      .from(accountStatements)
      .innerJoin(customers, eq(customers.id, accountStatements.customerId))
      .where(and(eq(accountStatements.id, id), billingScope(actor)))
      .for('update', { of: accountStatements });
    if (!found) throw new AppError('NOT_FOUND', '对账单不存在或无权查看');
    requirePermission(actor, 'billing:write');
    if (found.statement.status !== 'sent') throw new AppError('CONFLICT', '该对账单已记录客户答复', { reason: 'statement.answered' });
    const [updated] = await tx.update(accountStatements).set({ status: answer, response: response || null, respondedAt: deps.clock.now() }).where(eq(accountStatements.id, id)).returning();
    const word = answer === 'confirmed' ? '客户确认' : '客户有异议';
    await recordAudit(tx, deps.clock, ctx, { action: `statement_${answer}`, entityType: 'customer', entityId: found.statement.customerId, customerId: found.statement.customerId, summary: `对账单（${found.statement.fromDate} 至 ${found.statement.toDate}）${word}${response ? `：${response}` : ''}` });
    await addTimelineEvent(tx, deps.clock, { customerId: found.statement.customerId, type: 'statement', title: `对账单 ${found.statement.toDate} ${word}`, actorId: actor.userId, sourceType: 'account_statement', sourceId: id });
    return updated!;
  });
  return toSent(row);
}
