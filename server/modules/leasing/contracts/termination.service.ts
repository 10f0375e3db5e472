import { and, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { requirePermission, type Actor, type RequestContext } from '../../../platform/access/access';
import { flowStep, numericBusinessId, type ApprovalCallbackDeps, type ApprovalTypeDefinition } from '../../../platform/approvals/approval-types';
import { submitApproval } from '../../../platform/approvals/approval-submit';
import type { ApprovalInstanceRow } from '../../../platform/approvals/approvals.queries';
import { diffChanges, recordAudit } from '../../../platform/audit/audit.service';
import { isValidIsoDate, shanghaiDate } from '../../../platform/dates';
import type { DbOrTx, Tx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { moneyInput } from '../../../platform/money';
import { releaseContractHolds } from './contract-draft';
import { contractEndedHandlers } from './contract-lifecycle.service';
import { assertStatus, contractAuditFields, contractLink, contractTimeline, mayEdit } from './contracts.service';
import { contractScope, findVisibleContract, lockContract } from './contracts.queries';
import { contracts } from './contracts.table';
import { contractTerminations } from './breaches.table';
import { contractAmendments } from './amendments.table';

// 提前解除 (R-LEA-32): the customer's written application with the negotiated settlement goes
// through 部门经理 → 法务 → 分管领导/总经理; once approved the contract is 提前解除 and its units
// are free from the day after the termination date. Billing reads the settlement figures.

export const TERMINATION_TYPE = 'contract_termination';

export const terminationBody = z.object({
  requestedOn: z.string().refine(isValidIsoDate, '申请日期应为有效日期，格式 YYYY-MM-DD'),
  terminationDate: z.string().refine(isValidIsoDate, '解除日期应为有效日期，格式 YYYY-MM-DD'),
  reason: z.string().trim().min(2, '请填写解除原因').max(1000),
  negotiationResult: z.string().trim().min(2, '请填写协商结果').max(2000),
  rentDue: moneyInput({ label: '应结租金' }),
  penalty: moneyInput({ label: '违约金' }),
  depositRefund: moneyInput({ label: '退还保证金' }),
});
export type TerminationBody = z.infer<typeof terminationBody>;

export const terminationSchema = z.object({
  id: z.number().int(),
  contractId: z.number().int(),
  requestedOn: z.string(),
  terminationDate: z.string(),
  reason: z.string(),
  negotiationResult: z.string(),
  rentDue: z.string(),
  penalty: z.string(),
  depositRefund: z.string(),
  status: z.enum(['pending', 'approved', 'rejected', 'withdrawn']),
  approvalId: z.number().int().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type Termination = z.infer<typeof terminationSchema>;
type TerminationRow = typeof contractTerminations.$inferSelect;

const toTermination = (row: TerminationRow): Termination => ({
  id: row.id,
  contractId: row.contractId,
  requestedOn: row.requestedOn,
  terminationDate: row.terminationDate,
  reason: row.reason,
  negotiationResult: row.negotiationResult,
  rentDue: row.rentDue,
  penalty: row.penalty,
  depositRefund: row.depositRefund,
  status: row.status as Termination['status'],
  approvalId: row.approvalId,
  createdAt: row.createdAt.toISOString(),
  decidedAt: row.decidedAt?.toISOString() ?? null,
});

export async function pendingTermination(db: DbOrTx, contractId: number) {
  const [row] = await db.select().from(contractTerminations).where(and(eq(contractTerminations.contractId, contractId), eq(contractTerminations.status, 'pending')));
  return row;
}

/** 申请提前解除: an effective contract, a termination date inside its term, the settlement figures. */
export async function applyForTermination(deps: Deps, ctx: RequestContext, contractId: number, body: TerminationBody): Promise<Termination> {
  const actor = requirePermission(ctx.actor, 'contract:write');
  const today = shanghaiDate(deps.clock.now());
  if (body.requestedOn > today) throw fieldError('requestedOn', '申请日期不能晚于今天');
  return deps.db.transaction(async (tx) => {
    const contract = await findVisibleContract(tx, actor, contractId, { forUpdate: true });
    if (!mayEdit(actor, contract)) throw new AppError('FORBIDDEN', '只有合同经办人或审核人可以申请提前解除', { reason: 'contract.not_owner' });
    assertStatus(contract, ['effective'], '申请提前解除');
    if (await pendingTermination(tx, contractId)) throw new AppError('CONFLICT', `合同 ${contract.number} 已有待审批的提前解除申请`, { reason: 'contract.termination_pending' });
    const [openAmendment] = await tx.select({ seq: contractAmendments.seq }).from(contractAmendments).where(and(eq(contractAmendments.contractId, contractId), inArray(contractAmendments.status, ['pending', 'approved'])));
    if (openAmendment) throw new AppError('CONFLICT', `合同 ${contract.number} 的第 ${openAmendment.seq} 号变更尚未办结，请办结后再申请提前解除`, { reason: 'contract.amendment_open' });
    if (body.terminationDate < contract.startDate || body.terminationDate >= contract.endDate) {
      throw fieldError('terminationDate', `解除日期应在合同期限 ${contract.startDate} 至 ${contract.endDate} 之内且早于结束日`);
    }
    const [row] = await tx.insert(contractTerminations).values({ contractId, ...body, status: 'pending', createdById: actor.userId, createdAt: deps.clock.now() }).returning();
    const instance = await submitApproval(tx, deps, ctx, {
      type: TERMINATION_TYPE,
      businessId: String(row!.id),
      title: `提前解除：${contract.number} ${contract.title}`,
      data: { number: contract.number, contractId, terminationDate: body.terminationDate, penalty: Number(body.penalty), depositRefund: Number(body.depositRefund), rentDue: Number(body.rentDue) },
    });
    const [saved] = await tx.update(contractTerminations).set({ approvalId: instance.id }).where(eq(contractTerminations.id, row!.id)).returning();
    await recordAudit(tx, deps.clock, ctx, {
      action: 'termination_apply',
      entityType: 'contract',
      entityId: contractId,
      customerId: contract.customerId,
      summary: `申请提前解除合同 ${contract.number}，解除日 ${body.terminationDate}；应结租金 ${body.rentDue} 元，违约金 ${body.penalty} 元，退还保证金 ${body.depositRefund} 元`,
    });
    await contractTimeline(tx, deps, actor, contract, '申请提前解除合同', 'termination_applied');
    return toTermination(saved!);
  });
}

export async function listTerminations(deps: Deps, ctx: RequestContext, contractId: number): Promise<Termination[]> {
  const actor = requirePermission(ctx.actor, 'contract:read');
  await findVisibleContract(deps.db, actor, contractId);
  const rows = await deps.db.select().from(contractTerminations).where(eq(contractTerminations.contractId, contractId)).orderBy(desc(contractTerminations.id));
  return rows.map(toTermination);
}

async function decide(tx: Tx, instance: ApprovalInstanceRow, deps: ApprovalCallbackDeps, status: 'approved' | 'rejected' | 'withdrawn') {
  const id = numericBusinessId(instance);
  if (id === null) return;
  const [termination] = await tx.select().from(contractTerminations).where(eq(contractTerminations.id, id)).for('update');
  if (!termination || termination.status !== 'pending') return;
  await tx.update(contractTerminations).set({ status, decidedAt: deps.clock.now() }).where(eq(contractTerminations.id, id));
  if (status !== 'approved') return;
  const before = await lockContract(tx, termination.contractId);
  if (!before || before.status !== 'effective') return;
  await releaseContractHolds(tx, deps.clock, before.id, deps.ctx.actor?.userId ?? null, 'terminated', termination.terminationDate);
  const [after] = await tx
    .update(contracts)
    .set({ status: 'terminated_early', endedAt: deps.clock.now(), endReason: `提前解除（${termination.terminationDate}）：${termination.reason}`, updatedAt: deps.clock.now() })
    .where(eq(contracts.id, before.id))
    .returning();
  for (const handler of contractEndedHandlers.items()) await handler(tx, { contract: after!, lastDay: termination.terminationDate }, deps);
  await recordAudit(tx, deps.clock, deps.ctx, {
    action: 'terminate_early',
    entityType: 'contract',
    entityId: before.id,
    customerId: before.customerId,
    summary: `合同 ${before.number} 提前解除，解除日 ${termination.terminationDate}，单元自次日起释放（审批 #${instance.id}）`,
    changes: diffChanges(before, after!, contractAuditFields),
  });
  await contractTimeline(tx, deps, deps.ctx.actor ?? null, after!, '合同提前解除', 'terminated_early');
}

async function canViewTermination(db: DbOrTx, actor: Actor, businessId: string): Promise<boolean> {
  if (!/^[1-9]\d{0,15}$/.test(businessId)) return false;
  const [row] = await db
    .select({ id: contractTerminations.id })
    .from(contractTerminations)
    .innerJoin(contracts, eq(contracts.id, contractTerminations.contractId))
    .where(and(eq(contractTerminations.id, Number(businessId)), contractScope(actor)));
  return Boolean(row);
}

export const terminationApprovalType: ApprovalTypeDefinition = {
  type: TERMINATION_TYPE,
  name: '合同提前解除',
  nameEn: 'Early termination',
  defaultFlow: {
    name: '合同提前解除审批',
    description: '部门经理确认协商结果，法务审核，分管领导/总经理批准。',
    steps: [flowStep('部门经理确认', 'unit_manager'), flowStep('法务审核', 'legal'), flowStep('分管领导/总经理审批', 'gm')],
  },
  conditionFields: [
    { key: 'penalty', label: '违约金', labelEn: 'Penalty', format: 'yuan' },
    { key: 'depositRefund', label: '退还保证金', labelEn: 'Deposit refund', format: 'yuan' },
  ],
  dataSchema: z.object({ number: z.string(), contractId: z.number().int(), terminationDate: z.string(), penalty: z.number(), depositRefund: z.number(), rentDue: z.number() }),
  onApproved: (tx, instance, deps) => decide(tx, instance, deps, 'approved'),
  onRejected: (tx, instance, deps) => decide(tx, instance, deps, 'rejected'),
  onWithdrawn: (tx, instance, deps) => decide(tx, instance, deps, 'withdrawn'),
  describe: (instance) => ({
    summary: `合同 ${String(instance.data.number)} 提前解除，解除日 ${String(instance.data.terminationDate)}；违约金 ${Number(instance.data.penalty).toFixed(2)} 元，退还保证金 ${Number(instance.data.depositRefund).toFixed(2)} 元`,
    link: typeof instance.data.contractId === 'number' ? contractLink(instance.data.contractId) : undefined,
  }),
  canView: canViewTermination,
};
