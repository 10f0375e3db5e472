import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { requirePermission, type Actor, type RequestContext } from '../../../platform/access/access';
import { submitApproval } from '../../../platform/approvals/approval-submit';
import { flowStep, numericBusinessId, type ApprovalCallbackDeps, type ApprovalTypeDefinition } from '../../../platform/approvals/approval-types';
import type { ApprovalInstanceRow } from '../../../platform/approvals/approvals.queries';
import { recordAudit } from '../../../platform/audit/audit.service';
import { shanghaiDate } from '../../../platform/dates';
import { queryRows, type DbOrTx, type Tx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { moneyInput, moneyOutput, parseYuan, sumFen, yuanText } from '../../../platform/money';
import { addTimelineEvent, customers } from '../../customers';
import { billingCustomer, billingScope } from '../billing-scope';
import { findVisibleBill, openOf } from '../bills/bills.service';
import { bills } from '../bills/bills.table';
import { lockCustomerLedger } from '../receipts/ledger-lock';
import { receipts } from '../receipts/receipts.table';
import { billWriteOffs, creditRefunds } from './adjustments.table';

// 坏账核销与预收退款 (R-BIL-05): both move money off the ledger, so both go through the approval
// engine — applied for by finance, decided by leadership — and take effect only when approved,
// in the approval's transaction, under the customer's ledger lock.

export const WRITE_OFF_TYPE = 'bill_write_off';
export const REFUND_TYPE = 'credit_refund';

export const writeOffBody = z.object({ amount: moneyInput({ label: '核销金额', positive: true }), reason: z.string().trim().min(4, '请写明核销原因（至少 4 个字）').max(500) });
export const refundBody = z.object({
  amount: moneyInput({ label: '退款金额', positive: true }),
  reason: z.string().trim().min(4, '请写明退款原因（至少 4 个字）').max(500),
  payee: z.string().trim().min(2, '请填写收款账户（户名、开户行与账号）').max(200),
});
export const adjustmentSchema = z.object({
  id: z.number().int(),
  kind: z.enum(['write_off', 'refund']),
  customerId: z.number().int(),
  customerName: z.string(),
  billId: z.number().int().nullable(),
  billNumber: z.string().nullable(),
  amount: moneyOutput,
  reason: z.string(),
  payee: z.string().nullable(),
  status: z.enum(['pending', 'approved', 'rejected', 'withdrawn']),
  approvalId: z.number().int().nullable(),
  createdAt: z.string(),
  decidedOn: z.string().nullable(),
});
export type Adjustment = z.infer<typeof adjustmentSchema>;

async function pendingWriteOffs(tx: DbOrTx, billId: number): Promise<bigint> {
  const rows = await tx.select({ amount: billWriteOffs.amount }).from(billWriteOffs).where(and(eq(billWriteOffs.billId, billId), eq(billWriteOffs.status, 'pending')));
  return sumFen(rows.map((row) => parseYuan(row.amount)));
}

/** Unallocated, unrefunded receipt money of a customer, less refunds waiting for approval. */
async function refundableOf(tx: DbOrTx, customerId: number): Promise<bigint> {
  const [credit] = await queryRows<{ credit: string | null }>(tx, sql`SELECT sum(amount - allocated - refunded) AS credit FROM receipts WHERE customer_id = ${customerId} AND status = 'recorded'`);
  const [pending] = await queryRows<{ amount: string | null }>(tx, sql`SELECT sum(amount) AS amount FROM credit_refunds WHERE customer_id = ${customerId} AND status = 'pending'`);
  return parseYuan(credit?.credit ?? '0') - parseYuan(pending?.amount ?? '0');
}

/** 申请核销 (finance): at most the bill's open amount less other pending write-offs. */
export async function applyWriteOff(deps: Deps, ctx: RequestContext, billId: number, body: z.infer<typeof writeOffBody>): Promise<Adjustment> {
  const actor = requirePermission(ctx.actor, 'billing:read');
  const id = await deps.db.transaction(async (tx) => {
    const row = await findVisibleBill(tx, actor, billId, { forUpdate: true });
    requirePermission(actor, 'billing:write');
    await lockCustomerLedger(tx, row.bill.customerId);
    if (row.bill.status !== 'issued') throw new AppError('CONFLICT', '已作废的账单不能核销', { reason: 'bill.already_void' });
    const available = openOf(row.bill) - (await pendingWriteOffs(tx, billId));
    if (parseYuan(body.amount) > available) throw fieldError('amount', `核销金额 ${body.amount} 元超过该账单可核销的 ${yuanText(available > 0n ? available : 0n)} 元（未收金额减去审批中的核销）`);
    const [created] = await tx.insert(billWriteOffs).values({ billId, customerId: row.bill.customerId, amount: body.amount, reason: body.reason, status: 'pending', createdById: actor.userId, createdAt: deps.clock.now() }).returning();
    const instance = await submitApproval(tx, deps, ctx, {
      type: WRITE_OFF_TYPE,
      businessId: String(created!.id),
      title: `坏账核销：${row.customerName} 账单 ${row.bill.number} ${body.amount} 元`,
      data: { billNumber: row.bill.number, billId, customerName: row.customerName, amount: Number(body.amount), reason: body.reason },
    });
    await tx.update(billWriteOffs).set({ approvalId: instance.id }).where(eq(billWriteOffs.id, created!.id));
    await recordAudit(tx, deps.clock, ctx, { action: 'write_off_apply', entityType: 'bill', entityId: billId, customerId: row.bill.customerId, summary: `申请核销账单 ${row.bill.number} ${body.amount} 元：${body.reason}` });
    return created!.id;
  });
  return (await listAdjustments(deps, ctx, { billId })).find((item) => item.kind === 'write_off' && item.id === id)!;
}

/** 申请退款 (finance): at most the customer's credit balance less refunds under approval. */
export async function applyRefund(deps: Deps, ctx: RequestContext, customerId: number, body: z.infer<typeof refundBody>): Promise<Adjustment> {
  const actor = requirePermission(ctx.actor, 'billing:read');
  const id = await deps.db.transaction(async (tx) => {
    const customer = await billingCustomer(tx, actor, customerId);
    requirePermission(actor, 'billing:write');
    await lockCustomerLedger(tx, customer.id);
    const refundable = await refundableOf(tx, customer.id);
    if (parseYuan(body.amount) > refundable) throw fieldError('amount', `退款金额 ${body.amount} 元超过可退的预收余额 ${yuanText(refundable > 0n ? refundable : 0n)} 元`, 'refund.exceeds_credit');
    const [created] = await tx.insert(creditRefunds).values({ customerId: customer.id, amount: body.amount, reason: body.reason, payee: body.payee, status: 'pending', createdById: actor.userId, createdAt: deps.clock.now() }).returning();
    const instance = await submitApproval(tx, deps, ctx, {
      type: REFUND_TYPE,
      businessId: String(created!.id),
      title: `预收退款：${customer.name} ${body.amount} 元`,
      data: { customerId: customer.id, customerName: customer.name, amount: Number(body.amount), reason: body.reason },
    });
    await tx.update(creditRefunds).set({ approvalId: instance.id }).where(eq(creditRefunds.id, created!.id));
    await recordAudit(tx, deps.clock, ctx, { action: 'refund_apply', entityType: 'customer', entityId: customer.id, customerId: customer.id, summary: `申请退还预收 ${body.amount} 元至 ${body.payee}：${body.reason}` });
    return created!.id;
  });
  return (await listAdjustments(deps, ctx, { customerId })).find((item) => item.kind === 'refund' && item.id === id)!;
}

export async function listAdjustments(deps: Deps, ctx: RequestContext, query: { customerId?: number; billId?: number }): Promise<Adjustment[]> {
  const actor = requirePermission(ctx.actor, 'billing:read');
  const scope = billingScope(actor);
  const writeOffs = await deps.db
    .select({ w: billWriteOffs, customerName: customers.name, billNumber: bills.number })
    .from(billWriteOffs)
    .innerJoin(customers, eq(customers.id, billWriteOffs.customerId))
    .innerJoin(bills, eq(bills.id, billWriteOffs.billId))
    .where(and(scope, query.customerId ? eq(billWriteOffs.customerId, query.customerId) : undefined, query.billId ? eq(billWriteOffs.billId, query.billId) : undefined))
    .orderBy(desc(billWriteOffs.id))
    .limit(200);
  const refunds = query.billId
    ? []
    : await deps.db
        .select({ r: creditRefunds, customerName: customers.name })
        .from(creditRefunds)
        .innerJoin(customers, eq(customers.id, creditRefunds.customerId))
        .where(and(scope, query.customerId ? eq(creditRefunds.customerId, query.customerId) : undefined))
        .orderBy(desc(creditRefunds.id))
        .limit(200);
  const status = (value: string) => value as Adjustment['status'];
  return [
    ...writeOffs.map(({ w, customerName, billNumber }) => ({ id: w.id, kind: 'write_off' as const, customerId: w.customerId, customerName, billId: w.billId, billNumber, amount: w.amount, reason: w.reason, payee: null, status: status(w.status), approvalId: w.approvalId, createdAt: w.createdAt.toISOString(), decidedOn: w.decidedOn })),
    ...refunds.map(({ r, customerName }) => ({ id: r.id, kind: 'refund' as const, customerId: r.customerId, customerName, billId: null, billNumber: null, amount: r.amount, reason: r.reason, payee: r.payee, status: status(r.status), approvalId: r.approvalId, createdAt: r.createdAt.toISOString(), decidedOn: r.decidedOn })),
  ].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

// ── approval callbacks ────────────────────────────────────────────────────────

async function decideWriteOff(tx: Tx, instance: ApprovalInstanceRow, deps: ApprovalCallbackDeps, status: 'approved' | 'rejected' | 'withdrawn') {
  const id = numericBusinessId(instance);
  if (id === null) return;
  const [writeOff] = await tx.select().from(billWriteOffs).where(eq(billWriteOffs.id, id)).for('update');
  if (!writeOff || writeOff.status !== 'pending') return;
  await lockCustomerLedger(tx, writeOff.customerId);
  const [bill] = await tx.select().from(bills).where(eq(bills.id, writeOff.billId)).for('update');
  const today = shanghaiDate(deps.clock.now());
  if (status === 'approved') {
    if (!bill || bill.status !== 'issued' || openOf(bill) < parseYuan(writeOff.amount)) {
      throw new AppError('CONFLICT', `账单 ${bill?.number ?? ''} 的未收金额已不足 ${writeOff.amount} 元（其间已收款或作废），请驳回后按实际金额重新申请`, { reason: 'write_off.exceeds_open' });
    }
    await tx
      .update(bills)
      .set({ writtenOff: sql`${bills.writtenOff} + ${writeOff.amount}` })
      .where(eq(bills.id, bill.id));
  }
  await tx.update(billWriteOffs).set({ status, decidedOn: today }).where(eq(billWriteOffs.id, id));
  const outcome = { approved: '已核销', rejected: '未通过审批', withdrawn: '已撤回' }[status];
  await recordAudit(tx, deps.clock, deps.ctx, { action: `write_off_${status}`, entityType: 'bill', entityId: writeOff.billId, customerId: writeOff.customerId, summary: `账单 ${bill?.number ?? ''} 坏账核销 ${writeOff.amount} 元${outcome}（审批 #${instance.id}）` });
  if (status === 'approved') await addTimelineEvent(tx, deps.clock, { customerId: writeOff.customerId, type: 'bill', title: `账单 ${bill!.number} 核销坏账 ${writeOff.amount} 元`, link: `/billing/bills/${bill!.id}`, sourceType: 'bill', sourceId: bill!.id });
}

async function decideRefund(tx: Tx, instance: ApprovalInstanceRow, deps: ApprovalCallbackDeps, status: 'approved' | 'rejected' | 'withdrawn') {
  const id = numericBusinessId(instance);
  if (id === null) return;
  const [refund] = await tx.select().from(creditRefunds).where(eq(creditRefunds.id, id)).for('update');
  if (!refund || refund.status !== 'pending') return;
  await lockCustomerLedger(tx, refund.customerId);
  if (status === 'approved') {
    // Taken from the receipts' unallocated money, oldest first.
    const sources = await tx
      .select()
      .from(receipts)
      .where(and(eq(receipts.customerId, refund.customerId), eq(receipts.status, 'recorded'), sql`${receipts.amount} > ${receipts.allocated} + ${receipts.refunded}`))
      .orderBy(receipts.receivedOn, receipts.id)
      .for('update');
    let left = parseYuan(refund.amount);
    for (const receipt of sources) {
      if (left === 0n) break;
      const free = parseYuan(receipt.amount) - parseYuan(receipt.allocated) - parseYuan(receipt.refunded);
      const take = free < left ? free : left;
      await tx
        .update(receipts)
        .set({ refunded: sql`${receipts.refunded} + ${yuanText(take)}` })
        .where(eq(receipts.id, receipt.id));
      left -= take;
    }
    if (left > 0n) throw new AppError('CONFLICT', `客户的预收余额已不足 ${refund.amount} 元（其间已核销到账单），请驳回后按实际金额重新申请`, { reason: 'refund.exceeds_credit' });
  }
  await tx.update(creditRefunds).set({ status, decidedOn: shanghaiDate(deps.clock.now()) }).where(eq(creditRefunds.id, id));
  const outcome = { approved: '已批准，按批准金额退款', rejected: '未通过审批', withdrawn: '已撤回' }[status];
  await recordAudit(tx, deps.clock, deps.ctx, { action: `refund_${status}`, entityType: 'customer', entityId: refund.customerId, customerId: refund.customerId, summary: `退还预收 ${refund.amount} 元${outcome}（审批 #${instance.id}）` });
  if (status === 'approved') await addTimelineEvent(tx, deps.clock, { customerId: refund.customerId, type: 'receipt', title: `退还预收 ${refund.amount} 元`, sourceType: 'credit_refund', sourceId: refund.id });
}

async function canView(db: DbOrTx, actor: Actor, table: typeof billWriteOffs | typeof creditRefunds, businessId: string): Promise<boolean> {
  if (!/^[1-9]\d{0,15}$/.test(businessId)) return false;
  const [row] = await db
    .select({ id: table.id })
    .from(table)
    .innerJoin(customers, eq(customers.id, table.customerId))
    .where(and(eq(table.id, Number(businessId)), billingScope(actor)));
  return Boolean(row);
}

export const writeOffApprovalType: ApprovalTypeDefinition = {
  type: WRITE_OFF_TYPE,
  name: '坏账核销',
  nameEn: 'Bad-debt write-off',
  defaultFlow: { name: '坏账核销审批', description: '财务申请，分管领导/总经理审批；批准后计入账单的核销金额。', steps: [flowStep('分管领导/总经理审批', 'gm')] },
  conditionFields: [{ key: 'amount', label: '核销金额', labelEn: 'Amount', format: 'yuan' }],
  dataSchema: z.object({ billNumber: z.string(), billId: z.number().int(), customerName: z.string(), amount: z.number(), reason: z.string() }),
  onApproved: (tx, instance, deps) => decideWriteOff(tx, instance, deps, 'approved'),
  onRejected: (tx, instance, deps) => decideWriteOff(tx, instance, deps, 'rejected'),
  onWithdrawn: (tx, instance, deps) => decideWriteOff(tx, instance, deps, 'withdrawn'),
  describe: (instance) => ({ summary: `${String(instance.data.customerName)} 账单 ${String(instance.data.billNumber)} 核销 ${String(instance.data.amount)} 元：${String(instance.data.reason)}`, link: `/billing/bills/${String(instance.data.billId)}` }),
  canView: (db, actor, businessId) => canView(db, actor, billWriteOffs, businessId),
};

export const refundApprovalType: ApprovalTypeDefinition = {
  type: REFUND_TYPE,
  name: '预收退款',
  nameEn: 'Credit refund',
  defaultFlow: { name: '预收退款审批', description: '财务申请，分管领导/总经理审批；批准后从客户未核销的收款中扣减。', steps: [flowStep('分管领导/总经理审批', 'gm')] },
  conditionFields: [{ key: 'amount', label: '退款金额', labelEn: 'Amount', format: 'yuan' }],
  dataSchema: z.object({ customerId: z.number().int(), customerName: z.string(), amount: z.number(), reason: z.string() }),
  onApproved: (tx, instance, deps) => decideRefund(tx, instance, deps, 'approved'),
  onRejected: (tx, instance, deps) => decideRefund(tx, instance, deps, 'rejected'),
  onWithdrawn: (tx, instance, deps) => decideRefund(tx, instance, deps, 'withdrawn'),
  describe: (instance) => ({ summary: `退还 ${String(instance.data.customerName)} 预收 ${String(instance.data.amount)} 元：${String(instance.data.reason)}`, link: `/customers/${String(instance.data.customerId)}` }),
  canView: (db, actor, businessId) => canView(db, actor, creditRefunds, businessId),
};
