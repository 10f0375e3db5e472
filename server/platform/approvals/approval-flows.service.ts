import { eq } from 'drizzle-orm';
import { requirePermission, type RequestContext } from '../access/access';
import { diffChanges, recordAudit } from '../audit/audit.service';
import type { DbOrTx } from '../db/client';
import type { Deps } from '../deps';
import { AppError, fieldError } from '../errors';
import {
  countInstancesOfFlow,
  findFlow,
  findFlowByType,
  findRoleByCode,
  listFlowRows,
  usersByIds,
  type ApprovalFlowRow
} from './approvals.queries';
import {
  approverTypeNames,
  approverTypes,
  type ApprovalFlow,
  type ApproverType,
  type CreateFlowBody,
  type FlowStepInput,
  type UpdateFlowBody
} from './approvals.schema';
import { approvalFlows, type FlowStepDef } from './approvals.table';

import { businessTypeName, conditionText, knownBusinessTypes, unknownConditionFields } from './approval-types';

// Flow definitions, edited by administrators (R-PLT-21).

function toFlow(row: ApprovalFlowRow): ApprovalFlow {
  return {
    id: row.id,
    businessType: row.businessType,
    businessTypeName: businessTypeName(row.businessType),
    name: row.name,
    description: row.description,
    steps: row.steps.map((s) => ({
      name: s.name,
      approverType: s.approverType as ApproverType,
      ...(s.roleCode ? { roleCode: s.roleCode } : {}),
      ...(s.userId ? { userId: s.userId } : {}),
      ...(s.condition ? { condition: s.condition, conditionText: conditionText(row.businessType, s.condition) } : {}),
    })),
    enabled: row.enabled,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listFlows(deps: Deps, ctx: RequestContext) {
  requirePermission(ctx.actor, 'system:manage');
  const rows = await listFlowRows(deps.db);
  return {
    items: rows.map(toFlow),
    businessTypes: knownBusinessTypes(),
    approverTypes: approverTypes.map((code) => ({ code, name: approverTypeNames[code] })),
  };
}

export async function getFlow(deps: Deps, ctx: RequestContext, id: number): Promise<ApprovalFlow> {
  requirePermission(ctx.actor, 'system:manage');
  const row = await findFlow(deps.db, id);
  if (!row) throw new AppError('NOT_FOUND', '审批流程不存在');
  return toFlow(row);
}

/** Roles and users named by steps must exist (conditions were checked by the schema). */
async function checkSteps(db: DbOrTx, businessType: string, steps: FlowStepInput[]): Promise<FlowStepDef[]> {
  const result: FlowStepDef[] = [];
  for (const [index, input] of steps.entries()) {
    const definition: FlowStepDef = { name: input.name, approverType: input.approverType };
    if (input.approverType === 'role') {
      const role = await findRoleByCode(db, input.roleCode!);
      if (!role) {
        const message = `第 ${index + 1} 步：角色 ${input.roleCode} 不存在`;
        throw fieldError(`steps.${index}.roleCode`, message);
      }
      definition.roleCode = input.roleCode;
    }
    if (input.approverType === 'user') {
      const user = (await usersByIds(db, [input.userId!])).get(input.userId!);
      if (!user || user.status !== 'active') {
        const message = `第 ${index + 1} 步：所选审批人不存在或已停用`;
        throw fieldError(`steps.${index}.userId`, message);
      }
      definition.userId = input.userId;
    }
    if (input.condition) {
      const { unknown, offered } = unknownConditionFields(businessType, input.condition);
      if (unknown.length) {
        const fields = offered.map((field) => `${field.key}（${field.label}）`).join('、');
        throw fieldError(`steps.${index}.condition`, `第 ${index + 1} 步：条件中的字段 ${unknown.join('、')} 不可用；「${businessTypeName(businessType)}」可用的字段：${fields}`);
      }
      definition.condition = input.condition;
    }
    result.push(definition);
  }
  return result;
}

const flowAuditFields: (keyof ApprovalFlowRow)[] = ['businessType', 'name', 'description', 'steps', 'enabled'];

export async function createFlow(deps: Deps, ctx: RequestContext, body: CreateFlowBody): Promise<ApprovalFlow> {
  requirePermission(ctx.actor, 'system:manage');
  if (!knownBusinessTypes().some((t) => t.type === body.businessType)) {
    const message = `未知的业务类型 ${body.businessType}`;
    throw fieldError('businessType', message);
  }
  return deps.db.transaction(async (tx) => {
    const existing = await findFlowByType(tx, body.businessType);
    if (existing) {
      const message = `「${businessTypeName(body.businessType)}」已有审批流程「${existing.name}」，请直接修改它`;
      throw new AppError('DUPLICATE', message, { reason: 'approval.flow_exists', fields: [{ field: 'businessType', message }] });
    }
    const steps = await checkSteps(tx, body.businessType, body.steps);
    const now = deps.clock.now();
    const [created] = await tx
      .insert(approvalFlows)
      .values({
        businessType: body.businessType,
        name: body.name,
        description: body.description ?? '',
        steps,
        enabled: body.enabled ?? true,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordAudit(tx, deps.clock, ctx, {
      action: 'create',
      entityType: 'approval_flow',
      entityId: created!.id,
      summary: `新建审批流程「${body.name}」（${businessTypeName(body.businessType)}）`,
      changes: diffChanges(null, created!, flowAuditFields),
    });
    return toFlow(created!);
  });
}

/** Edits apply to requests submitted afterwards; running instances keep their resolved steps. */
export async function updateFlow(deps: Deps, ctx: RequestContext, id: number, body: UpdateFlowBody): Promise<ApprovalFlow> {
  requirePermission(ctx.actor, 'system:manage');
  return deps.db.transaction(async (tx) => {
    const before = await findFlow(tx, id);
    if (!before) throw new AppError('NOT_FOUND', '审批流程不存在');
    const steps = body.steps ? await checkSteps(tx, before.businessType, body.steps) : undefined;
    const [after] = await tx
      .update(approvalFlows)
      .set({ name: body.name, description: body.description, steps, enabled: body.enabled, updatedAt: deps.clock.now() })
      .where(eq(approvalFlows.id, id))
      .returning();
    await recordAudit(tx, deps.clock, ctx, {
      action: 'update',
      entityType: 'approval_flow',
      entityId: id,
      summary: `修改审批流程「${after!.name}」`,
      changes: diffChanges(before, after!, flowAuditFields),
    });
    return toFlow(after!);
  });
}

export async function deleteFlow(deps: Deps, ctx: RequestContext, id: number): Promise<void> {
  requirePermission(ctx.actor, 'system:manage');
  await deps.db.transaction(async (tx) => {
    const before = await findFlow(tx, id);
    if (!before) throw new AppError('NOT_FOUND', '审批流程不存在');
    const used = await countInstancesOfFlow(tx, id);
    if (used > 0) throw new AppError('CONFLICT', `审批流程「${before.name}」已有 ${used} 条审批记录，不能删除；不再使用时请停用`, { reason: 'approval.flow_in_use' });
    await tx.delete(approvalFlows).where(eq(approvalFlows.id, id));
    await recordAudit(tx, deps.clock, ctx, {
      action: 'delete',
      entityType: 'approval_flow',
      entityId: id,
      summary: `删除审批流程「${before.name}」`,
      changes: diffChanges(before, null, flowAuditFields),
    });
  });
}
