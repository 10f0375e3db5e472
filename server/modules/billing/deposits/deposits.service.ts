import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { requirePermission, type RequestContext } from '../../../platform/access/access';
import { submitApproval } from '../../../platform/approvals/approval-submit';
import { flowStep, numericBusinessId, type ApprovalCallbackDeps, type ApprovalTypeDefinition } from '../../../platform/approvals/approval-types';
import type { ApprovalInstanceRow } from '../../../platform/approvals/approvals.queries';
import { recordAudit } from '../../../platform/audit/audit.service';
import { isValidIsoDate, shanghaiDate } from '../../../platform/dates';
import { queryRows, type DbOrTx, type Tx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { moneyInput, parseYuan, yuanText } from '../../../platform/money';
import { addTimelineEvent, customers } from '../../customers';
import { contractById, contractNumbersOf } from '../../leasing';
import { billingCustomer, billingScope } from '../billing-scope';
import { lockCustomerLedger } from '../receipts/ledger-lock';
import { depositRefunds, depositRefundStages } from './deposits.table';

// 保证金台账 (R-CRD-05), per contract: received (the deposit lines of its bills, paid first on each
// bill by money other than deposit offsets), applied to arrears (the customer's deposit offsets,
// taken from its contracts oldest first), refunded (stages paid), and what it still holds. At the
// contract's end, after the customer has settled, the rest is refunded — at once or in stages —
// through approval; part may be retained with a reason and is never refunded.

export const DEPOSIT_REFUND_TYPE = 'deposit_refund';
const ENDED = ['expired', 'terminated_early'];

export interface ContractDeposit {
  contractId: number;
  contractNumber: string;
  required: string;
  received: string;
  offset: string;
  refunded: string;
  /** Refund stages approved or awaiting approval and not paid yet, plus what those refunds retain (never refunded). */
  committed: string;
  held: string;
}

/** The deposit ledger of every contract of a customer that billed a deposit. */
export async function contractDeposits(db: DbOrTx, customerId: number): Promise<ContractDeposit[]> {
  const lines = await queryRows<{ bill_id: string | number; contract_id: string | number; deposit: string; paid: string; offset_paid: string; first_line: string | number }>(
    db,
    sql`SELECT bl.bill_id, bl.contract_id, sum(bl.amount) AS deposit, b.paid, coalesce(o.offset_paid, 0) AS offset_paid, min(bl.id) AS first_line
          FROM bill_lines bl
          JOIN bills b ON b.id = bl.bill_id AND b.status = 'issued'
          LEFT JOIN (SELECT a.bill_id, sum(a.amount) AS offset_paid FROM receipt_allocations a JOIN receipts rc ON rc.id = a.receipt_id
                      WHERE a.reversed_on IS NULL AND rc.method = 'deposit_offset' GROUP BY a.bill_id) o ON o.bill_id = bl.id
         WHERE bl.customer_id = ${customerId} AND bl.item = 'deposit' AND bl.active = 1 AND bl.contract_id IS NOT NULL
         GROUP BY bl.bill_id, bl.contract_id, b.paid, o.offset_paid
         ORDER BY bl.bill_id, min(bl.id)`,
  );
  const byContract = new Map<number, { required: bigint; received: bigint }>();
  const available = new Map<number, bigint>();
  for (const line of lines) {
    const billId = Number(line.bill_id);
    const contractId = Number(line.contract_id);
    const deposit = parseYuan(line.deposit);
    if (!available.has(billId)) {
      const paid = parseYuan(line.paid) - parseYuan(line.offset_paid);
      available.set(billId, paid > 0n ? paid : 0n);
    }
    const entry = byContract.get(contractId) ?? { required: 0n, received: 0n };
    entry.required += deposit;
    if (deposit > 0n) {
      const left = available.get(billId)!;
      const paid = left < deposit ? left : deposit;
      entry.received += paid;
      available.set(billId, left - paid);
    }
    byContract.set(contractId, entry);
  }
  if (byContract.size === 0) return [];
  const ids = [...byContract.keys()].sort((a, b) => a - b);
  const [offsets] = await queryRows<{ amount: string | null }>(db, sql`SELECT sum(amount) AS amount FROM receipts WHERE customer_id = ${customerId} AND status = 'recorded' AND method = 'deposit_offset'`);
  const stages = await db.select({ contractId: depositRefundStages.contractId, amount: depositRefundStages.amount, status: depositRefundStages.status }).from(depositRefundStages).where(and(eq(depositRefundStages.customerId, customerId), inArray(depositRefundStages.status, ['planned', 'scheduled', 'paid'])));
  const retainedRows = await db.select({ contractId: depositRefunds.contractId, retained: depositRefunds.retained }).from(depositRefunds).where(and(eq(depositRefunds.customerId, customerId), inArray(depositRefunds.status, ['pending', 'approved'])));
  const numbers = await contractNumbersOf(db, ids);
  let offsetLeft = parseYuan(offsets?.amount ?? '0');
  return ids.map((contractId) => {
    const { required, received } = byContract.get(contractId)!;
    const mine = stages.filter((stage) => stage.contractId === contractId);
    const refunded = mine.filter((stage) => stage.status === 'paid').reduce((sum, stage) => sum + parseYuan(stage.amount), 0n);
    const retained = retainedRows.filter((row) => row.contractId === contractId).reduce((sum, row) => sum + parseYuan(row.retained), 0n);
    const committed = mine.filter((stage) => stage.status !== 'paid').reduce((sum, stage) => sum + parseYuan(stage.amount), retained);
    // Offsets draw on the oldest contract's deposit first.
    const before = received - refunded;
    const offset = offsetLeft < before ? offsetLeft : before > 0n ? before : 0n;
    offsetLeft -= offset;
    return {
      contractId,
      contractNumber: numbers.get(contractId) ?? String(contractId),
      required: yuanText(required),
      received: yuanText(received),
      offset: yuanText(offset),
      refunded: yuanText(refunded),
      committed: yuanText(committed),
      held: yuanText(before - offset),
    };
  });
}

export const stageInput = z.object({
  amount: moneyInput({ label: '本期退还金额', positive: true }),
  dueOn: z.string().refine(isValidIsoDate, '退还日期应为有效日期，格式 YYYY-MM-DD'),
});
export const depositRefundBody = z
  .object({
    stages: z.array(stageInput).min(1, '至少一期退还').max(12, '分期不超过 12 期'),
    retained: moneyInput({ label: '不予退还金额' }).default('0.00'),
    retainedReason: z.string().trim().max(500).nullish(),
    payee: z.string().trim().min(2, '请填写收款账户（户名、开户行与账号）').max(300),
  })
  .superRefine((body, ctx) => {
    if (parseYuan(body.retained) > 0n && !body.retainedReason) ctx.addIssue({ code: 'custom', path: ['retainedReason'], message: '有不予退还的金额时须写明原因（如损坏赔偿、约定不退的费用）' });
    body.stages.forEach((stage, index) => {
      if (index > 0 && stage.dueOn < body.stages[index - 1]!.dueOn) ctx.addIssue({ code: 'custom', path: ['stages', index, 'dueOn'], message: '各期退还日期应从早到晚排列' });
    });
  });

export const depositLedgerSchema = z.object({
  contracts: z.array(z.object({ contractId: z.number().int(), contractNumber: z.string(), required: z.string(), received: z.string(), offset: z.string(), refunded: z.string(), committed: z.string(), held: z.string() })),
  refunds: z.array(
    z.object({
      id: z.number().int(),
      contractId: z.number().int(),
      contractNumber: z.string(),
      heldAtRequest: z.string(),
      retained: z.string(),
      retainedReason: z.string().nullable(),
      total: z.string(),
      payee: z.string(),
      status: z.enum(['pending', 'approved', 'rejected', 'withdrawn']),
      approvalId: z.number().int().nullable(),
      createdAt: z.string(),
      stages: z.array(z.object({ id: z.number().int(), seq: z.number().int(), amount: z.string(), dueOn: z.string(), status: z.enum(['planned', 'scheduled', 'paid', 'cancelled']), paidOn: z.string().nullable(), reference: z.string().nullable() })),
    }),
  ),
});
export type DepositLedger = z.infer<typeof depositLedgerSchema>;

/** 保证金台账 of a customer in the billing scope: each contract's deposit and its refunds. */
export async function depositLedger(deps: Deps, ctx: RequestContext, customerId: number): Promise<DepositLedger> {
  const actor = requirePermission(ctx.actor, 'billing:read');
  await billingCustomer(deps.db, actor, customerId);
  const contracts = await contractDeposits(deps.db, customerId);
  const refunds = await deps.db.select().from(depositRefunds).where(eq(depositRefunds.customerId, customerId)).orderBy(desc(depositRefunds.id));
  const stages = refunds.length ? await deps.db.select().from(depositRefundStages).where(inArray(depositRefundStages.refundId, refunds.map((r) => r.id))).orderBy(asc(depositRefundStages.seq)) : [];
  const numbers = await contractNumbersOf(deps.db, [...new Set(refunds.map((r) => r.contractId))]);
  return {
    contracts,
    refunds: refunds.map((refund) => ({
      ...refund,
      contractNumber: numbers.get(refund.contractId) ?? String(refund.contractId),
      status: refund.status as DepositLedger['refunds'][number]['status'],
      createdAt: refund.createdAt.toISOString(),
      stages: stages.filter((stage) => stage.refundId === refund.id).map((stage) => ({ id: stage.id, seq: stage.seq, amount: stage.amount, dueOn: stage.dueOn, status: stage.status as 'planned', paidOn: stage.paidOn, reference: stage.reference })),
    })),
  };
}

/**
 * 申请退还保证金 (finance): the contract has ended, the customer owes nothing, and the stages plus
 * what is retained fit in what the contract still holds (less refunds already committed).
 */
export async function applyForDepositRefund(deps: Deps, ctx: RequestContext, contractId: number, body: z.infer<typeof depositRefundBody>): Promise<DepositLedger> {
  const actor = requirePermission(ctx.actor, 'billing:write');
  const today = shanghaiDate(deps.clock.now());
  const contract = await contractById(deps.db, contractId);
  if (!contract) throw new AppError('NOT_FOUND', '合同不存在或无权查看');
  await deps.db.transaction(async (tx) => {
    const customer = await billingCustomer(tx, actor, contract.customerId);
    await lockCustomerLedger(tx, customer.id);
    if (!ENDED.includes(contract.status)) throw new AppError('CONFLICT', `合同 ${contract.number} 尚未到期或解除，合同结束并结清后才能退还保证金`, { reason: 'deposit.contract_not_ended' });
    const [open] = await queryRows<{ open: string | null }>(tx, sql`SELECT sum(total - paid - written_off) AS open FROM bills WHERE customer_id = ${customer.id} AND status = 'issued' AND total - paid - written_off > 0`);
    const owed = parseYuan(open?.open ?? '0');
    if (owed > 0n) throw new AppError('CONFLICT', `客户尚有未结清账单 ${yuanText(owed)} 元，请先结清（可用保证金抵扣）再退还保证金`, { reason: 'deposit.not_settled' });
    const ledger = (await contractDeposits(tx, customer.id)).find((row) => row.contractId === contractId);
    const free = ledger ? parseYuan(ledger.held) - parseYuan(ledger.committed) : 0n;
    const total = body.stages.reduce((sum, stage) => sum + parseYuan(stage.amount), 0n);
    const retained = parseYuan(body.retained);
    if (total + retained > free) throw fieldError('stages', `各期退还 ${yuanText(total)} 元加不予退还 ${yuanText(retained)} 元超过该合同可退的保证金 ${yuanText(free > 0n ? free : 0n)} 元`, 'deposit.exceeds_held');
    if (body.stages[0]!.dueOn < today) throw fieldError('stages.0.dueOn', '第一期退还日期不能早于今天');
    const [refund] = await tx
      .insert(depositRefunds)
      .values({ contractId, customerId: customer.id, heldAtRequest: yuanText(free), retained: yuanText(retained), retainedReason: body.retainedReason || null, total: yuanText(total), payee: body.payee, status: 'pending', createdById: actor.userId, createdAt: deps.clock.now() })
      .returning();
    await tx.insert(depositRefundStages).values(body.stages.map((stage, index) => ({ refundId: refund!.id, contractId, customerId: customer.id, seq: index + 1, amount: stage.amount, dueOn: stage.dueOn, status: 'planned' })));
    const plan = body.stages.map((stage) => `${stage.dueOn} 退 ${stage.amount} 元`).join('，');
    const instance = await submitApproval(tx, deps, ctx, {
      type: DEPOSIT_REFUND_TYPE,
      businessId: String(refund!.id),
      title: `保证金退还：${customer.name}（合同 ${contract.number}）`,
      data: { customerId: customer.id, customerName: customer.name, contractNumber: contract.number, amount: Number(yuanText(total)), stages: body.stages.length, plan },
    });
    await tx.update(depositRefunds).set({ approvalId: instance.id }).where(eq(depositRefunds.id, refund!.id));
    await recordAudit(tx, deps.clock, ctx, { action: 'deposit_refund_apply', entityType: 'deposit_refund', entityId: refund!.id, customerId: customer.id, summary: `申请退还合同 ${contract.number} 保证金 ${yuanText(total)} 元（${plan}）${retained ? `，不予退还 ${yuanText(retained)} 元：${body.retainedReason}` : ''}` });
  });
  return depositLedger(deps, ctx, contract.customerId);
}

/** 支付一期 (finance): on or after its date; the deposit goes back, the ledger stays balanced. */
export async function payDepositStage(deps: Deps, ctx: RequestContext, stageId: number, body: { paidOn: string; reference: string }): Promise<DepositLedger> {
  const actor = requirePermission(ctx.actor, 'billing:write');
  const today = shanghaiDate(deps.clock.now());
  const [found] = await deps.db.select({ customerId: depositRefundStages.customerId }).from(depositRefundStages).innerJoin(customers, eq(customers.id, depositRefundStages.customerId)).where(and(eq(depositRefundStages.id, stageId), billingScope(actor)));
  if (!found) throw new AppError('NOT_FOUND', '退还计划不存在或无权查看');
  if (body.paidOn > today) throw fieldError('paidOn', '支付日期不能晚于今天');
  await deps.db.transaction(async (tx) => {
    await lockCustomerLedger(tx, found.customerId);
    const [stage] = await tx.select().from(depositRefundStages).where(eq(depositRefundStages.id, stageId)).for('update');
    if (stage!.status !== 'scheduled') throw new AppError('CONFLICT', stage!.status === 'paid' ? '该期已支付' : '该期退还尚未批准或已取消', { reason: 'deposit.stage_not_payable' });
    if (body.paidOn < stage!.dueOn) throw fieldError('paidOn', `该期约定 ${stage!.dueOn} 起退还，不能提前支付`);
    const ledger = (await contractDeposits(tx, stage!.customerId)).find((row) => row.contractId === stage!.contractId);
    if (!ledger || parseYuan(ledger.held) < parseYuan(stage!.amount)) throw new AppError('CONFLICT', `该合同现存保证金 ${ledger?.held ?? '0.00'} 元，不足本期 ${stage!.amount} 元（其间可能已抵扣欠费）`, { reason: 'deposit.exceeds_held' });
    await tx.update(depositRefundStages).set({ status: 'paid', paidOn: body.paidOn, reference: body.reference, paidById: actor.userId }).where(eq(depositRefundStages.id, stageId));
    await recordAudit(tx, deps.clock, ctx, { action: 'deposit_refund_pay', entityType: 'deposit_refund', entityId: stage!.refundId, customerId: stage!.customerId, summary: `支付合同 ${ledger.contractNumber} 保证金退还第 ${stage!.seq} 期 ${stage!.amount} 元（${body.reference}）` });
    await addTimelineEvent(tx, deps.clock, { customerId: stage!.customerId, type: 'receipt', title: `退还保证金 ${stage!.amount} 元（合同 ${ledger.contractNumber} 第 ${stage!.seq} 期）`, actorId: actor.userId, sourceType: 'deposit_refund', sourceId: stage!.refundId });
  });
  return depositLedger(deps, ctx, found.customerId);
}

async function decide(tx: Tx, instance: ApprovalInstanceRow, deps: ApprovalCallbackDeps, status: 'approved' | 'rejected' | 'withdrawn') {
  const id = numericBusinessId(instance);
  if (id === null) return;
  const [refund] = await tx.select().from(depositRefunds).where(eq(depositRefunds.id, id)).for('update');
  if (!refund || refund.status !== 'pending') return;
  await tx.update(depositRefunds).set({ status, decidedOn: shanghaiDate(deps.clock.now()) }).where(eq(depositRefunds.id, id));
  await tx.update(depositRefundStages).set({ status: status === 'approved' ? 'scheduled' : 'cancelled' }).where(eq(depositRefundStages.refundId, id));
  const outcome = { approved: '已批准', rejected: '未通过审批', withdrawn: '已撤回' }[status];
  await recordAudit(tx, deps.clock, deps.ctx, { action: `deposit_refund_${status}`, entityType: 'deposit_refund', entityId: id, customerId: refund.customerId, summary: `保证金退还 ${refund.total} 元${outcome}（审批 #${instance.id}）` });
}

export const depositRefundApprovalType: ApprovalTypeDefinition = {
  type: DEPOSIT_REFUND_TYPE,
  name: '保证金退还',
  nameEn: 'Deposit refund',
  defaultFlow: { name: '保证金退还审批', description: '合同结束并结清后由财务申请退还保证金（可分期），分管领导/总经理批准。', steps: [flowStep('分管领导/总经理审批', 'gm')] },
  conditionFields: [{ key: 'amount', label: '退还金额', labelEn: 'Amount', format: 'yuan' }],
  dataSchema: z.object({ customerId: z.number().int(), customerName: z.string(), contractNumber: z.string(), amount: z.number(), stages: z.number().int(), plan: z.string() }),
  onApproved: (tx, instance, deps) => decide(tx, instance, deps, 'approved'),
  onRejected: (tx, instance, deps) => decide(tx, instance, deps, 'rejected'),
  onWithdrawn: (tx, instance, deps) => decide(tx, instance, deps, 'withdrawn'),
  describe: (instance) => ({ summary: `${String(instance.data.customerName)} 合同 ${String(instance.data.contractNumber)} 退还保证金 ${String(instance.data.amount)} 元：${String(instance.data.plan)}`, link: `/customers/${String(instance.data.customerId)}?tab=account` }),
  canView: async (db, actor, businessId) => {
    if (!/^[1-9]\d{0,15}$/.test(businessId)) return false;
    const [row] = await db.select({ id: depositRefunds.id }).from(depositRefunds).innerJoin(customers, eq(customers.id, depositRefunds.customerId)).where(and(eq(depositRefunds.id, Number(businessId)), billingScope(actor)));
    return Boolean(row);
  },
};
