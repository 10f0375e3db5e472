import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../../../platform/access/access';
import { flowStep, numericBusinessId, type ApprovalCallbackDeps, type ApprovalTypeDefinition } from '../../../platform/approvals/approval-types';
import type { ApprovalInstanceRow } from '../../../platform/approvals/approvals.queries';
import { recordAudit } from '../../../platform/audit/audit.service';
import type { DbOrTx, Tx } from '../../../platform/db/client';
import { spaceOccupancies } from '../spaces/spaces.table';
import { contractAmendments } from './amendments.table';
import { contractScope, lockContract } from './contracts.queries';
import { contractLink, contractTimeline } from './contracts.service';
import { contracts } from './contracts.table';

// 合同变更审批 (R-LEA-30): 部门经理 → 法务 → 财务, and 分管领导/总经理 when the contract's value
// grows by more than the threshold. Approval leaves the amendment waiting for its signed annex;
// a rejection or withdrawal releases the days it held.

export const AMENDMENT_TYPE = 'contract_amendment';

async function decide(tx: Tx, instance: ApprovalInstanceRow, deps: ApprovalCallbackDeps, status: 'approved' | 'rejected' | 'withdrawn') {
  const id = numericBusinessId(instance);
  if (id === null) return;
  const [amendment] = await tx.select().from(contractAmendments).where(eq(contractAmendments.id, id)).for('update');
  if (!amendment || amendment.status !== 'pending') return;
  const contract = await lockContract(tx, amendment.contractId);
  if (!contract) return;
  const now = deps.clock.now();
  await tx.update(contractAmendments).set({ status, decidedAt: now }).where(eq(contractAmendments.id, id));
  if (status !== 'approved') {
    await tx
      .update(spaceOccupancies)
      .set({ releasedAt: now, releasedById: deps.ctx.actor?.userId ?? null, releaseReason: 'void' })
      .where(and(eq(spaceOccupancies.amendmentId, id), isNull(spaceOccupancies.releasedAt)));
  }
  const outcome = { approved: '审批通过，待签署补充协议', rejected: '未通过审批', withdrawn: '已撤回' }[status];
  await recordAudit(tx, deps.clock, deps.ctx, {
    action: `amendment_${status}`,
    entityType: 'contract',
    entityId: contract.id,
    customerId: contract.customerId,
    summary: `合同 ${contract.number} 第 ${amendment.seq} 号变更${outcome}（审批 #${instance.id}）`,
  });
  await contractTimeline(tx, deps, deps.ctx.actor ?? null, contract, `合同变更${outcome}`, `amendment_${status}`);
}

async function canViewAmendment(db: DbOrTx, actor: Actor, businessId: string): Promise<boolean> {
  if (!/^[1-9]\d{0,15}$/.test(businessId)) return false;
  const [row] = await db
    .select({ id: contractAmendments.id })
    .from(contractAmendments)
    .innerJoin(contracts, eq(contracts.id, contractAmendments.contractId))
    .where(and(eq(contractAmendments.id, Number(businessId)), contractScope(actor)));
  return Boolean(row);
}

export const amendmentApprovalType: ApprovalTypeDefinition = {
  type: AMENDMENT_TYPE,
  name: '合同变更（补充协议）',
  nameEn: 'Contract amendment',
  defaultFlow: {
    name: '合同变更审批',
    description: '部门经理确认客户书面申请，法务审核补充协议，财务审核经济条款；合同总额增加超过 100 万元时由分管领导/总经理审批。',
    steps: [
      flowStep('部门经理确认', 'unit_manager'),
      flowStep('法务审核（补充协议）', 'legal'),
      flowStep('财务审核（经济条款）', 'finance'),
      flowStep('分管领导/总经理审批', 'gm', 'amountChange > 1000000'),
    ],
  },
  conditionFields: [
    { key: 'amountChange', label: '合同总额变化', labelEn: 'Change of contract amount', format: 'yuan' },
    { key: 'areaIncrease', label: '面积增加（㎡）', labelEn: 'Area increase (m²)', format: 'number' },
  ],
  dataSchema: z.object({ number: z.string(), contractId: z.number().int(), seq: z.number().int(), summary: z.string(), areaIncrease: z.number(), amountChange: z.number() }),
  onApproved: (tx, instance, deps) => decide(tx, instance, deps, 'approved'),
  onRejected: (tx, instance, deps) => decide(tx, instance, deps, 'rejected'),
  onWithdrawn: (tx, instance, deps) => decide(tx, instance, deps, 'withdrawn'),
  describe: (instance) => ({
    summary: `合同 ${String(instance.data.number)} 第 ${String(instance.data.seq)} 号变更：${String(instance.data.summary)}`,
    link: typeof instance.data.contractId === 'number' ? contractLink(instance.data.contractId) : undefined,
  }),
  canView: canViewAmendment,
};
