import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { requirePermission, type Actor, type RequestContext } from '../../../platform/access/access';
import { recordAudit } from '../../../platform/audit/audit.service';
import { isValidIsoDate, shanghaiDate } from '../../../platform/dates';
import { queryRows, type DbOrTx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { moneyOutput, parseYuan, splitTax, sumFen, yuanText } from '../../../platform/money';
import { addTimelineEvent, customers } from '../../customers';
import { billingCustomer, billingScope } from '../billing-scope';
import { bills } from '../bills/bills.table';
import { invoiceBills, invoiceProfiles, invoices } from './invoices.table';

// 发票 (R-BIL-07): the customer's invoicing details, requests for 增值税专用/普通 invoices over its
// bills, and finance's register — number, date, amount and tax — with the pick-up signature.
// A 专票 needs complete details; a bill is invoiced at most once; deposits are not invoiced.

export const kindNames = { special: '增值税专用发票', normal: '增值税普通发票' } as const;
const text = (label: string, max: number) => z.string().trim().max(max, `${label}不超过 ${max} 个字`);
export const profileBody = z.object({
  title: text('发票抬头', 100).min(2, '请填写发票抬头'),
  taxNumber: text('税号', 30).regex(/^[0-9A-Z]{15,20}$/, '税号应为 15–20 位数字或大写字母').nullish(),
  bankName: text('开户银行', 100).nullish(),
  bankAccount: text('银行账号', 40).regex(/^[0-9 -]{6,40}$/, '银行账号应为数字').nullish(),
  address: text('地址', 200).nullish(),
  phone: text('电话', 30).nullish(),
});
export const profileSchema = profileBody.extend({ customerId: z.number().int(), taxNumber: z.string().nullable(), bankName: z.string().nullable(), bankAccount: z.string().nullable(), address: z.string().nullable(), phone: z.string().nullable() });
export const requestBody = z.object({
  customerId: z.number('请选择客户').int().positive('请选择客户'),
  kind: z.enum(['special', 'normal'], '发票种类应为 special（增值税专用发票）或 normal（增值税普通发票）'),
  billIds: z.array(z.number().int().positive()).min(1, '请选择要开票的账单').max(100, '一次最多 100 张账单'),
});
export const issueBody = z.object({
  invoiceNumber: z.string().trim().regex(/^[0-9A-Za-z-]{8,30}$/, '发票号码应为 8–30 位数字或字母'),
  invoiceDate: z.string().refine(isValidIsoDate, '开票日期应为有效日期，格式 YYYY-MM-DD'),
});
export const pickUpBody = z.object({ pickedUpBy: z.string().trim().min(2, '请填写领取人姓名').max(50) });
export const cancelBody = z.object({ reason: z.string().trim().min(2, '请填写作废原因').max(500) });
export const invoiceSchema = z.object({
  id: z.number().int(),
  customerId: z.number().int(),
  customerName: z.string(),
  kind: z.enum(['special', 'normal']),
  kindName: z.string(),
  title: z.string(),
  taxNumber: z.string().nullable(),
  amount: moneyOutput.describe('价税合计'),
  tax: moneyOutput,
  status: z.enum(['requested', 'issued', 'cancelled']),
  invoiceNumber: z.string().nullable(),
  invoiceDate: z.string().nullable(),
  pickedUpBy: z.string().nullable(),
  pickedUpAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  bills: z.array(z.object({ billId: z.number().int(), number: z.string(), amount: moneyOutput })),
  createdAt: z.string(),
});
export type Invoice = z.infer<typeof invoiceSchema>;

export async function getProfile(deps: Deps, ctx: RequestContext, customerId: number) {
  const actor = requirePermission(ctx.actor, 'billing:read');
  const customer = await billingCustomer(deps.db, actor, customerId);
  const [row] = await deps.db.select().from(invoiceProfiles).where(eq(invoiceProfiles.customerId, customerId));
  return row ? { ...row, updatedAt: undefined } : { customerId, title: customer.name, taxNumber: null, bankName: null, bankAccount: null, address: null, phone: null };
}

export async function saveProfile(deps: Deps, ctx: RequestContext, customerId: number, body: z.infer<typeof profileBody>) {
  const actor = requirePermission(ctx.actor, 'billing:read');
  await deps.db.transaction(async (tx) => {
    await billingCustomer(tx, actor, customerId);
    const values = { title: body.title, taxNumber: body.taxNumber || null, bankName: body.bankName || null, bankAccount: body.bankAccount || null, address: body.address || null, phone: body.phone || null, updatedAt: deps.clock.now() };
    await tx.insert(invoiceProfiles).values({ customerId, ...values }).onConflictDoUpdate({ target: invoiceProfiles.customerId, set: values });
    await recordAudit(tx, deps.clock, ctx, { action: 'update', entityType: 'invoice_profile', entityId: customerId, customerId, summary: `更新开票信息：${body.title}${body.taxNumber ? `，税号 ${body.taxNumber}` : ''}` });
  });
  return getProfile(deps, ctx, customerId);
}

async function invoicesWhere(db: DbOrTx, where: ReturnType<typeof and>): Promise<Invoice[]> {
  const rows = await db.select({ invoice: invoices, customerName: customers.name }).from(invoices).innerJoin(customers, eq(customers.id, invoices.customerId)).where(where).orderBy(desc(invoices.id)).limit(500);
  const covered = rows.length
    ? await db
        .select({ invoiceId: invoiceBills.invoiceId, billId: invoiceBills.billId, amount: invoiceBills.amount, number: bills.number })
        .from(invoiceBills)
        .innerJoin(bills, eq(bills.id, invoiceBills.billId))
        .where(inArray(invoiceBills.invoiceId, rows.map((row) => row.invoice.id)))
    : [];
  return rows.map(({ invoice: i, customerName }) => ({
    ...i,
    customerName,
    kind: i.kind as Invoice['kind'],
    kindName: kindNames[i.kind as Invoice['kind']],
    status: i.status as Invoice['status'],
    pickedUpAt: i.pickedUpAt?.toISOString() ?? null,
    bills: covered.filter((c) => c.invoiceId === i.id).map((c) => ({ billId: c.billId, number: c.number, amount: c.amount })),
    createdAt: i.createdAt.toISOString(),
  }));
}

export async function listInvoices(deps: Deps, ctx: RequestContext, query: { customerId?: number; status?: Invoice['status'] }): Promise<Invoice[]> {
  const actor = requirePermission(ctx.actor, 'billing:read');
  return invoicesWhere(deps.db, and(billingScope(actor), query.customerId ? eq(invoices.customerId, query.customerId) : undefined, query.status ? eq(invoices.status, query.status) : undefined));
}

async function visibleInvoice(db: DbOrTx, actor: Actor, id: number): Promise<Invoice> {
  const [invoice] = await invoicesWhere(db, and(eq(invoices.id, id), billingScope(actor)));
  if (!invoice) throw new AppError('NOT_FOUND', '发票记录不存在或无权查看');
  return invoice;
}

/** 开票申请 (anyone who sees the customer's bills): the bills' revenue lines with their VAT. */
export async function requestInvoice(deps: Deps, ctx: RequestContext, body: z.infer<typeof requestBody>): Promise<Invoice> {
  const actor = requirePermission(ctx.actor, 'billing:read');
  const id = await deps.db.transaction(async (tx) => {
    const customer = await billingCustomer(tx, actor, body.customerId);
    const [profile] = await tx.select().from(invoiceProfiles).where(eq(invoiceProfiles.customerId, customer.id));
    if (body.kind === 'special') {
      const missing = [['taxNumber', '税号'], ['bankName', '开户银行'], ['bankAccount', '银行账号'], ['address', '地址'], ['phone', '电话']].filter(([key]) => !profile?.[key as keyof typeof profile]).map(([, label]) => label);
      if (missing.length) throw fieldError('kind', `开具增值税专用发票须先完善开票信息：缺少${missing.join('、')}`, 'invoice.profile_incomplete');
    }
    const wanted = [...new Set(body.billIds)];
    const found = await tx.select().from(bills).where(and(inArray(bills.id, wanted), eq(bills.customerId, customer.id), eq(bills.status, 'issued'))).for('update');
    if (found.length !== wanted.length) throw fieldError('billIds', '所选账单不存在、已作废或不属于该客户');
    const lines = await queryRows<{ bill_id: string | number; amount: string; tax_rate: string | null; revenue: boolean | null }>(
      tx,
      sql`SELECT l.bill_id, l.amount, s.tax_rate, s.revenue FROM bill_lines l LEFT JOIN billing_charge_settings s ON s.item = l.item WHERE l.bill_id IN ${sql.raw(`(${wanted.map(Number).join(',')})`)} AND l.active = 1`,
    );
    const perBill = new Map<number, bigint>();
    let tax = 0n;
    for (const line of lines.filter((l) => l.revenue !== false)) {
      const gross = parseYuan(line.amount);
      perBill.set(Number(line.bill_id), (perBill.get(Number(line.bill_id)) ?? 0n) + gross);
      tax += splitTax(gross, line.tax_rate ?? '0').tax;
    }
    const amount = sumFen(perBill.values());
    if (amount <= 0n) throw fieldError('billIds', '所选账单没有可开票的金额（保证金不开具发票）');
    const [created] = await tx
      .insert(invoices)
      .values({ customerId: customer.id, kind: body.kind, title: profile?.title ?? customer.name, taxNumber: profile?.taxNumber ?? null, amount: yuanText(amount), tax: yuanText(tax), status: 'requested', requestedById: actor.userId, createdAt: deps.clock.now() })
      .returning({ id: invoices.id });
    const covered = await tx
      .insert(invoiceBills)
      .values(wanted.map((billId) => ({ invoiceId: created!.id, billId, amount: yuanText(perBill.get(billId) ?? 0n) })))
      .onConflictDoNothing()
      .returning({ billId: invoiceBills.billId });
    if (covered.length !== wanted.length) {
      const taken = found.filter((bill) => !covered.some((row) => row.billId === bill.id)).map((bill) => bill.number);
      throw new AppError('CONFLICT', `账单 ${taken.join('、')} 已申请或开具发票，不能重复开票`, { reason: 'invoice.bill_invoiced' });
    }
    await recordAudit(tx, deps.clock, ctx, { action: 'invoice_request', entityType: 'invoice', entityId: created!.id, customerId: customer.id, summary: `申请开具${kindNames[body.kind]}：${found.map((bill) => bill.number).join('、')}，价税合计 ${yuanText(amount)} 元（税额 ${yuanText(tax)} 元）` });
    return created!.id;
  });
  return visibleInvoice(deps.db, actor, id);
}

async function transition(deps: Deps, ctx: RequestContext, id: number, from: Invoice['status'][], change: (tx: DbOrTx, invoice: Invoice, actor: Actor) => Promise<string>): Promise<Invoice> {
  const actor = requirePermission(ctx.actor, 'billing:read');
  await deps.db.transaction(async (tx) => {
    const invoice = await visibleInvoice(tx, actor, id);
    requirePermission(actor, 'billing:write');
    await tx.select({ id: invoices.id }).from(invoices).where(eq(invoices.id, id)).for('update');
    const [current] = await tx.select({ status: invoices.status }).from(invoices).where(eq(invoices.id, id));
    if (!from.includes(current!.status as Invoice['status'])) throw new AppError('CONFLICT', `发票当前状态为「${{ requested: '待开具', issued: '已开具', cancelled: '已作废' }[current!.status as Invoice['status']]}」，不能执行此操作`, { reason: 'invoice.wrong_status' });
    const summary = await change(tx, invoice, actor);
    await recordAudit(tx, deps.clock, ctx, { action: 'invoice_update', entityType: 'invoice', entityId: id, customerId: invoice.customerId, summary });
    await addTimelineEvent(tx, deps.clock, { customerId: invoice.customerId, type: 'invoice', title: summary, actorId: actor.userId, sourceType: 'invoice', sourceId: id });
  });
  return visibleInvoice(deps.db, requirePermission(ctx.actor, 'billing:read'), id);
}

/** 开具 (finance): the invoice's number and date go into the register. */
export const issueInvoice = (deps: Deps, ctx: RequestContext, id: number, body: z.infer<typeof issueBody>) =>
  transition(deps, ctx, id, ['requested'], async (tx, invoice, actor) => {
    if (body.invoiceDate > shanghaiDate(deps.clock.now())) throw fieldError('invoiceDate', '开票日期不能晚于今天');
    const [clash] = await tx.select({ id: invoices.id }).from(invoices).where(eq(invoices.invoiceNumber, body.invoiceNumber));
    if (clash) throw fieldError('invoiceNumber', `发票号码 ${body.invoiceNumber} 已登记`);
    await tx.update(invoices).set({ status: 'issued', invoiceNumber: body.invoiceNumber, invoiceDate: body.invoiceDate, issuedById: actor.userId }).where(eq(invoices.id, id));
    return `开具${invoice.kindName} ${body.invoiceNumber}（${body.invoiceDate}），价税合计 ${invoice.amount} 元`;
  });

/** 领取签收 (finance records who collected it). */
export const pickUpInvoice = (deps: Deps, ctx: RequestContext, id: number, body: z.infer<typeof pickUpBody>) =>
  transition(deps, ctx, id, ['issued'], async (tx, invoice) => {
    if (invoice.pickedUpAt) throw new AppError('CONFLICT', `发票已由 ${invoice.pickedUpBy} 领取`, { reason: 'invoice.picked_up' });
    await tx.update(invoices).set({ pickedUpBy: body.pickedUpBy, pickedUpAt: deps.clock.now() }).where(eq(invoices.id, id));
    return `发票 ${invoice.invoiceNumber} 由 ${body.pickedUpBy} 领取签收`;
  });

/** 作废 (finance): the bills can be invoiced again. */
export const cancelInvoice = (deps: Deps, ctx: RequestContext, id: number, body: z.infer<typeof cancelBody>) =>
  transition(deps, ctx, id, ['requested', 'issued'], async (tx, invoice) => {
    await tx.update(invoices).set({ status: 'cancelled', cancelReason: body.reason }).where(eq(invoices.id, id));
    await tx.update(invoiceBills).set({ active: 0 }).where(eq(invoiceBills.invoiceId, id));
    return `作废${invoice.invoiceNumber ? `发票 ${invoice.invoiceNumber}` : '开票申请'}：${body.reason}`;
  });
