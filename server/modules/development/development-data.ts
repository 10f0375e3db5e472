import type { Clock } from '../../platform/clock';
import type { DbOrTx } from '../../platform/db/client';
import { approvalFlows } from '../../platform/approvals/approvals.table';

/** Approval flows of customer development beyond the platform's defaults (R-DEV-30, R-DEV-50). */
export const developmentFlows = [
  {
    businessType: 'visit_plan',
    name: '月度拜访计划审批',
    description: '拜访计划于上月月底前提交，由部门负责人审批（R-DEV-30）。',
    steps: [{ name: '部门负责人审批', approverType: 'unit_manager' }],
  },
  {
    businessType: 'development_project',
    name: '新客户开发立项审批',
    description: '部门负责人初审，评审小组（总经理）批准立项与预算（R-DEV-50）。',
    steps: [
      { name: '部门负责人初审', approverType: 'unit_manager' },
      { name: '评审小组审批', approverType: 'gm' },
    ],
  },
];

/** Idempotent: adds the missing flows, never overwrites an admin's edits. */
export async function ensureDevelopmentData(db: DbOrTx, clock: Clock): Promise<void> {
  const now = clock.now();
  await db
    .insert(approvalFlows)
    .values(developmentFlows.map((flow) => ({ ...flow, createdAt: now, updatedAt: now })))
    .onConflictDoNothing({ target: approvalFlows.businessType });
}
