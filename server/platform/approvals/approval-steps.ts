import type { DbOrTx } from '../db/client';
import { AppError } from '../errors';
import { evaluateCondition } from './approval-conditions';
import {
  activeUserIdsWithRole,
  unitChain,
  usersByIds
} from './approvals.queries';
import {
  approverTypeNames,
  type ApproverType
} from './approvals.schema';
import { type FlowStepDef, type ResolvedStep } from './approvals.table';

// Step resolution: who approves each step of a flow for one request (R-PLT-21).

const builtInApproverRole: Partial<Record<ApproverType, string>> = { finance: 'finance', legal: 'legal', gm: 'executive' };

interface Applicant {
  userId: number;
  unitId: number;
}

async function managerAbove(db: DbOrTx, applicant: Applicant, levels: 1 | 2): Promise<number | undefined> {
  const chain = await unitChain(db, applicant.unitId);
  let found = 0;
  for (const unit of chain) {
    // Walk up past units without a (working) manager and past the applicant's own unit if they lead it.
    if (unit.managerId === null || !unit.managerActive || unit.managerId === applicant.userId) continue;
    found++;
    if (found === levels) return unit.managerId;
  }
  return undefined;
}

async function approversOf(db: DbOrTx, definition: FlowStepDef, applicant: Applicant): Promise<number[]> {
  switch (definition.approverType as ApproverType) {
    case 'role':
      return definition.roleCode ? activeUserIdsWithRole(db, definition.roleCode) : [];
    case 'user': {
      if (!definition.userId) return [];
      const found = (await usersByIds(db, [definition.userId])).get(definition.userId);
      return found?.status === 'active' ? [found.id] : [];
    }
    case 'unit_manager': {
      const id = await managerAbove(db, applicant, 1);
      return id === undefined ? [] : [id];
    }
    case 'parent_unit_manager': {
      const id = await managerAbove(db, applicant, 2);
      return id === undefined ? [] : [id];
    }
    case 'finance':
    case 'legal':
    case 'gm':
      return activeUserIdsWithRole(db, builtInApproverRole[definition.approverType as ApproverType]!);
    default:
      return [];
  }
}

function approverDescription(definition: FlowStepDef): string {
  const typeName = approverTypeNames[definition.approverType as ApproverType] ?? definition.approverType;
  if (definition.approverType === 'role') return `${typeName} ${definition.roleCode ?? ''}`.trim();
  return typeName;
}

/**
 * Resolves the flow for one request at submit time: conditional steps are kept only when their
 * condition holds; every kept step must have at least one approver other than the applicant.
 */
export async function resolveSteps(
  db: DbOrTx,
  definitions: FlowStepDef[],
  applicant: Applicant,
  data: Record<string, unknown>,
): Promise<ResolvedStep[]> {
  const resolved: ResolvedStep[] = [];
  for (const [index, definition] of definitions.entries()) {
    if (!evaluateCondition(definition.condition, data)) continue;
    const approverIds = (await approversOf(db, definition, applicant)).filter((id) => id !== applicant.userId);
    if (approverIds.length === 0) {
      throw new AppError(
        'CONFLICT',
        `未找到审批人：第 ${index + 1} 步「${definition.name}」（${approverDescription(definition)}）没有可用的审批人。请联系系统管理员设置部门负责人、分配角色或调整审批流程。`,
      );
    }
    resolved.push({
      name: definition.name,
      approverType: definition.approverType,
      approverIds,
      ...(definition.condition ? { condition: definition.condition } : {}),
    });
  }
  return resolved;
}
