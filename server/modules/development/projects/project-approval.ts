import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../../../platform/access/access';
import { flowStep, numericBusinessId, type ApprovalCallbackDeps, type ApprovalTypeDefinition } from '../../../platform/approvals/approval-types';
import { diffChanges, recordAudit } from '../../../platform/audit/audit.service';
import type { DbOrTx, Tx } from '../../../platform/db/client';
import { canonicalYuan } from '../../../platform/money';
import { addTimelineEvent } from '../../customers';
import { developmentRulesFor } from '../settings/development-settings.service';

import { type ApprovalInstanceRow } from '../../../platform/approvals/approvals.queries';
import { PROJECT_APPROVAL_TYPE, lockProject, projectScope, type ProjectRow } from './projects.queries';
import { developmentProjects } from './projects.table';

// 立项审批 (R-DEV-50, R-PLT-20): unit manager → 评审小组 (GM). The callbacks move the project
// inside the decision's transaction.

export const projectAuditFields: (keyof ProjectRow)[] = [
  'status',
  'name',
  'background',
  'expectedAnnualVolume',
  'target',
  'ownerId',
  'unitId',
  'approvalId',
  'approvedAt',
  'preBreakthroughCap',
  'breakthroughAt',
  'lastProgressAt',
  'flag',
  'reviewRequired',
  'reportRequired',
  'reportSubmittedAt',
  'closedAt',
  'closeReason',
];

export const projectLink = (id: number) => `/development/projects/${id}`;

type Outcome = { from: string[]; status: string; title: string; activate?: boolean; copyCap?: boolean; timeline?: boolean };

async function moveProject(tx: Tx, instance: ApprovalInstanceRow, deps: ApprovalCallbackDeps, outcome: Outcome) {
  const id = numericBusinessId(instance);
  const before = id === null ? undefined : await lockProject(tx, id);
  if (!before || !outcome.from.includes(before.status)) return;
  const now = deps.clock.now();
  const cap = outcome.copyCap ? (await developmentRulesFor(tx, before.unitId)).projectPreBreakthroughCap : undefined;
  const [after] = await tx
    .update(developmentProjects)
    .set({
      status: outcome.status,
      approvalId: instance.id,
      updatedAt: now,
      ...(outcome.activate ? { approvedAt: now, lastProgressAt: now, flag: null } : {}),
      ...(cap !== undefined ? { preBreakthroughCap: canonicalYuan(String(cap)) } : {}),
    })
    .where(eq(developmentProjects.id, before.id))
    .returning();
  await recordAudit(tx, deps.clock, deps.ctx, {
    action: `project_${outcome.status}`,
    entityType: 'development_project',
    entityId: before.id,
    customerId: before.customerId,
    summary: `开发立项 ${before.number}「${before.name}」${outcome.title}（审批 #${instance.id}）`,
    changes: diffChanges(before, after!, projectAuditFields),
  });
  if (outcome.timeline) {
    await addTimelineEvent(tx, deps.clock, {
      customerId: before.customerId,
      type: 'development_project',
      title: `开发立项${outcome.title}：${before.name}`,
      detail: { projectId: before.id, number: before.number, event: outcome.status, approvalId: instance.id },
      actorId: deps.ctx.actor?.userId ?? null,
      link: projectLink(before.id),
      sourceType: 'development_project',
      sourceId: before.id,
    });
  }
}

async function canViewProject(db: DbOrTx, actor: Actor, businessId: string): Promise<boolean> {
  if (!/^[1-9]\d{0,15}$/.test(businessId)) return false;
  const [row] = await db
    .select({ id: developmentProjects.id })
    .from(developmentProjects)
    .where(and(eq(developmentProjects.id, Number(businessId)), projectScope(actor)));
  return Boolean(row);
}

export const projectApprovalData = z.object({
  /** Total budget in yuan — flow conditions may use it (e.g. amount > 100000). */
  amount: z.number(),
  customerId: z.number().int(),
  customerName: z.string(),
  projectName: z.string(),
  number: z.string(),
});

export const projectApprovalType: ApprovalTypeDefinition = {
  type: PROJECT_APPROVAL_TYPE,
  name: '新客户开发立项',
  nameEn: 'Development project',
  defaultFlow: { name: '新客户开发立项审批', description: '部门负责人初审，评审小组（总经理）批准立项与预算。', steps: [flowStep('部门负责人初审', 'unit_manager'), flowStep('评审小组审批', 'gm')] },
  conditionFields: [{ key: 'amount', label: '预算合计', labelEn: 'Total budget', format: 'yuan' }],
  dataSchema: projectApprovalData,
  onApproved: (tx, instance, deps) => moveProject(tx, instance, deps, { from: ['pending'], status: 'active', title: '已批准', activate: true, timeline: true }),
  onRejected: (tx, instance, deps) => moveProject(tx, instance, deps, { from: ['pending'], status: 'rejected', title: '未通过', timeline: true }),
  onWithdrawn: (tx, instance, deps) => moveProject(tx, instance, deps, { from: ['pending', 'draft'], status: 'draft', title: '申请已撤回' }),
  onReturned: (tx, instance, deps) => moveProject(tx, instance, deps, { from: ['pending'], status: 'draft', title: '被退回修改' }),
  onResubmitted: (tx, instance, deps) => moveProject(tx, instance, deps, { from: ['draft'], status: 'pending', title: '重新提交审批', copyCap: true }),
  describe: (instance) => ({
    summary:
      typeof instance.data.customerName === 'string'
        ? `客户：${instance.data.customerName}；立项：${String(instance.data.projectName ?? '')}；预算合计 ${String(instance.data.amount ?? '')} 元`
        : undefined,
    link: instance.businessId ? projectLink(Number(instance.businessId)) : undefined,
  }),
  canView: canViewProject,
};
