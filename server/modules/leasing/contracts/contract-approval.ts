import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../../../platform/access/access';
import { flowStep, numericBusinessId, type ApprovalCallbackDeps, type ApprovalTypeDefinition } from '../../../platform/approvals/approval-types';
import { actionsOf, type ApprovalInstanceRow } from '../../../platform/approvals/approvals.queries';
import { diffChanges, recordAudit } from '../../../platform/audit/audit.service';
import type { DbOrTx, Tx } from '../../../platform/db/client';
import { contractAuditFields, contractLink, contractTimeline } from './contracts.service';
import { CONTRACT_REVIEW_TYPE, contractScope, lockContract } from './contracts.queries';
import { contracts } from './contracts.table';

// 合同草案审核 (R-LEA-13, R-PLT-20…22): 部门经理 → 法务 → 财务 → 分管领导/总经理, the last step
// only above the amount or discount thresholds, plus 非范本合同审批 when the text is not from a
// template (R-LEA-12). The callbacks move the contract inside the decision's transaction.

export const contractApprovalData = z.object({
  /** 合同总额（估算）in yuan. */
  amount: z.number(),
  /** Discount of the rent against list rent (0.15 = 15 %). */
  discountRate: z.number(),
  /** The text is not from a template. */
  nonTemplate: z.boolean(),
  /** Rent-free months beyond the project's standard incentive package (R-LEA-35); 0 within it. */
  rentFreeBeyondPackage: z.number().default(0),
  /** The package the contract takes, if any. */
  incentivePackage: z.string().nullish(),
  number: z.string(),
  customerId: z.number().int(),
  customerName: z.string(),
  units: z.string(),
  term: z.string(),
});

type Outcome = { from: string[]; status: string; title: string; keepComment?: boolean };

async function latestComment(tx: DbOrTx, instanceId: number): Promise<string | null> {
  const actions = await actionsOf(tx, instanceId);
  const last = actions.filter((a) => a.action === 'reject' || a.action === 'return').pop();
  return last?.comment || null;
}

async function moveContract(tx: Tx, instance: ApprovalInstanceRow, deps: ApprovalCallbackDeps, outcome: Outcome) {
  const id = numericBusinessId(instance);
  const before = id === null ? undefined : await lockContract(tx, id);
  if (!before || !outcome.from.includes(before.status)) return;
  const comment = outcome.keepComment ? await latestComment(tx, instance.id) : null;
  const [after] = await tx
    .update(contracts)
    .set({ status: outcome.status, approvalId: instance.id, reviewComment: comment, updatedAt: deps.clock.now() })
    .where(eq(contracts.id, before.id))
    .returning();
  await recordAudit(tx, deps.clock, deps.ctx, {
    action: `contract_${outcome.status}`,
    entityType: 'contract',
    entityId: before.id,
    customerId: before.customerId,
    summary: `合同 ${before.number} ${outcome.title}（审批 #${instance.id}）${comment ? `：${comment}` : ''}`,
    changes: diffChanges(before, after!, contractAuditFields),
  });
  await contractTimeline(tx, deps, deps.ctx.actor ?? null, after!, `合同${outcome.title}`, outcome.status);
}

async function canViewContract(db: DbOrTx, actor: Actor, businessId: string): Promise<boolean> {
  if (!/^[1-9]\d{0,15}$/.test(businessId)) return false;
  const [row] = await db
    .select({ id: contracts.id })
    .from(contracts)
    .where(and(eq(contracts.id, Number(businessId)), contractScope(actor)));
  return Boolean(row);
}

export const contractApprovalType: ApprovalTypeDefinition = {
  type: CONTRACT_REVIEW_TYPE,
  name: '合同草案审核',
  nameEn: 'Contract review',
  defaultFlow: {
    name: '合同草案审核',
    description: '部门经理初审，法务审核合法性，财务审核经济条款；非范本文本加审，金额或折扣超过阈值、或免租超出项目标准优惠政策时由分管领导/总经理审批。',
    steps: [
      flowStep('部门经理审核', 'unit_manager'),
      flowStep('法务审核（合法性）', 'legal'),
      flowStep('非范本合同法务加审', 'legal', 'nonTemplate == true'),
      flowStep('财务审核（经济条款）', 'finance'),
      flowStep('分管领导/总经理审批', 'gm', 'amount > 1000000 or discountRate > 10% or rentFreeBeyondPackage > 0'),
    ],
  },
  conditionFields: [
    { key: 'amount', label: '合同总额（估算）', labelEn: 'Contract amount (estimate)', format: 'yuan' },
    { key: 'discountRate', label: '租金折扣率', labelEn: 'Rent discount', format: 'rate' },
    { key: 'nonTemplate', label: '非范本合同', labelEn: 'Non-template text', format: 'boolean' },
    { key: 'rentFreeBeyondPackage', label: '超出标准优惠的免租月数', labelEn: 'Rent-free months beyond the package', format: 'number' },
  ],
  dataSchema: contractApprovalData,
  onApproved: (tx, instance, deps) => moveContract(tx, instance, deps, { from: ['reviewing'], status: 'to_sign', title: '审核通过，待签署' }),
  onRejected: (tx, instance, deps) => moveContract(tx, instance, deps, { from: ['reviewing'], status: 'draft', title: '审核未通过，退回草稿', keepComment: true }),
  onWithdrawn: (tx, instance, deps) => moveContract(tx, instance, deps, { from: ['reviewing', 'draft'], status: 'draft', title: '撤回审核' }),
  onReturned: (tx, instance, deps) => moveContract(tx, instance, deps, { from: ['reviewing'], status: 'draft', title: '被退回修改', keepComment: true }),
  onResubmitted: (tx, instance, deps) => moveContract(tx, instance, deps, { from: ['draft'], status: 'reviewing', title: '重新提交审核' }),
  describe: (instance) => ({
    summary:
      typeof instance.data.customerName === 'string'
        ? `合同 ${String(instance.data.number)}；客户：${instance.data.customerName}；单元：${String(instance.data.units)}；期限 ${String(instance.data.term)}；总额估算 ${Number(instance.data.amount).toFixed(2)} 元${instance.data.nonTemplate ? '；非范本文本' : ''}`
        : undefined,
    link: instance.businessId ? contractLink(Number(instance.businessId)) : undefined,
  }),
  canView: canViewContract,
};
