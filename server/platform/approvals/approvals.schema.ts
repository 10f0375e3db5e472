import { z } from 'zod';
import { pageQuery } from '../http/pagination';
import { conditionError, MAX_CONDITION_LENGTH } from './approval-conditions';

const trimmed = (max: number) => z.string().trim().min(1, '不能为空').max(max, `不能超过 ${max} 个字符`);
const comment = z.string().trim().max(1000, '意见不能超过 1000 个字符');

// ── 审批流程定义 (R-PLT-21) ──────────────────────────────────────────────────────

/** Who decides a step: a role, a named user, or an approver relative to the applicant. */
export const approverTypes = ['role', 'user', 'unit_manager', 'parent_unit_manager', 'finance', 'legal', 'gm'] as const;
export type ApproverType = (typeof approverTypes)[number];

export const approverTypeNames: Record<ApproverType, string> = {
  role: '指定角色',
  user: '指定人员',
  unit_manager: '申请人部门负责人',
  parent_unit_manager: '上级部门负责人',
  finance: '财务',
  legal: '法务',
  gm: '总经理/分管领导',
};

export const approvalStatuses = ['pending', 'approved', 'rejected', 'returned', 'withdrawn'] as const;
export type ApprovalStatus = (typeof approvalStatuses)[number];

export const approvalActionKinds = ['submit', 'approve', 'reject', 'return', 'withdraw', 'resubmit', 'auto_approve'] as const;
export type ApprovalActionKind = (typeof approvalActionKinds)[number];

const businessTypeCode = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,39}$/, '业务类型编码以小写字母开头，2–40 位小写字母、数字或下划线');

export const flowStepInput = z
  .object({
    name: trimmed(40),
    approverType: z.enum(approverTypes, `审批人类型应为 ${approverTypes.join('/')} 之一`),
    roleCode: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_]{1,39}$/, '角色编码格式不正确')
      .optional(),
    userId: z.number().int().min(1).max(2_147_483_647).optional(),
    condition: z.string().trim().max(MAX_CONDITION_LENGTH, `条件不能超过 ${MAX_CONDITION_LENGTH} 个字符`).optional(),
  })
  .superRefine((step, context) => {
    if (step.approverType === 'role' && !step.roleCode) {
      context.addIssue({ code: 'custom', path: ['roleCode'], message: '审批人类型为「指定角色」时请选择角色' });
    }
    if (step.approverType === 'user' && !step.userId) {
      context.addIssue({ code: 'custom', path: ['userId'], message: '审批人类型为「指定人员」时请选择审批人' });
    }
    if (step.condition) {
      const error = conditionError(step.condition);
      if (error) context.addIssue({ code: 'custom', path: ['condition'], message: `条件无效：${error}` });
    }
  });
export type FlowStepInput = z.infer<typeof flowStepInput>;

const flowSteps = z.array(flowStepInput).min(1, '至少需要一个审批步骤').max(20, '审批步骤不能超过 20 个');

export const createFlowBody = z.object({
  businessType: businessTypeCode,
  name: trimmed(60),
  description: z.string().trim().max(500, '说明不能超过 500 个字符').optional(),
  steps: flowSteps,
  enabled: z.boolean().optional(),
});
export type CreateFlowBody = z.infer<typeof createFlowBody>;

export const updateFlowBody = createFlowBody.omit({ businessType: true }).partial();
export type UpdateFlowBody = z.infer<typeof updateFlowBody>;

export const flowStepSchema = z.object({
  name: z.string(),
  approverType: z.enum(approverTypes),
  roleCode: z.string().optional(),
  userId: z.number().int().optional(),
  condition: z.string().optional(),
  /** The condition in words, e.g. 「预算合计 > 100,000 元」. */
  conditionText: z.string().optional(),
});

export const approvalFlowSchema = z
  .object({
    id: z.number().int(),
    businessType: z.string(),
    businessTypeName: z.string(),
    name: z.string(),
    description: z.string(),
    steps: z.array(flowStepSchema),
    enabled: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ApprovalFlow' });
export type ApprovalFlow = z.infer<typeof approvalFlowSchema>;

export const approvalFlowListSchema = z.object({
  items: z.array(approvalFlowSchema),
  /** Business types the engine knows (for the editor's picker). */
  businessTypes: z.array(
    z.object({
      type: z.string(),
      name: z.string(),
      registered: z.boolean(),
      /** Fields that step conditions of this type may use. */
      conditionFields: z.array(z.object({ key: z.string(), label: z.string(), format: z.enum(['yuan', 'rate', 'number', 'boolean', 'text']) })),
    }),
  ),
  approverTypes: z.array(z.object({ code: z.enum(approverTypes), name: z.string() })),
});

// ── 审批实例 ────────────────────────────────────────────────────────────────────

const person = z.object({ id: z.number().int(), name: z.string() });

export const approvalSummarySchema = z
  .object({
    id: z.number().int(),
    businessType: z.string(),
    businessTypeName: z.string(),
    businessId: z.string(),
    title: z.string(),
    status: z.enum(approvalStatuses),
    applicant: person,
    applicantUnitName: z.string(),
    currentStep: z.number().int(),
    currentStepName: z.string().nullable(),
    currentApprovers: z.array(person),
    stepCount: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    completedAt: z.string().nullable(),
  })
  .meta({ id: 'ApprovalSummary' });
export type ApprovalSummary = z.infer<typeof approvalSummarySchema>;

export const approvalStepStates = ['approved', 'current', 'waiting', 'rejected', 'returned'] as const;

export const approvalDetailSchema = approvalSummarySchema
  .extend({
    data: z.record(z.string(), z.unknown()),
    link: z.string().nullable(),
    steps: z.array(
      z.object({
        index: z.number().int(),
        name: z.string(),
        approverType: z.string(),
        condition: z.string().nullable(),
        conditionText: z.string().nullable(),
        approvers: z.array(person),
        state: z.enum(approvalStepStates),
      }),
    ),
    actions: z.array(
      z.object({
        id: z.number().int(),
        stepIndex: z.number().int(),
        stepName: z.string().nullable(),
        action: z.enum(approvalActionKinds),
        actor: person,
        comment: z.string(),
        at: z.string(),
      }),
    ),
    /** What the viewer may do now. */
    can: z.object({ decide: z.boolean(), withdraw: z.boolean(), resubmit: z.boolean() }),
  })
  .meta({ id: 'ApprovalDetail' });
export type ApprovalDetail = z.infer<typeof approvalDetailSchema>;

export const inboxQuery = pageQuery.extend({
  businessType: businessTypeCode.optional(),
});
export type InboxQuery = z.infer<typeof inboxQuery>;

export const myApplicationsQuery = pageQuery.extend({
  status: z.enum(approvalStatuses, `状态应为 ${approvalStatuses.join('/')} 之一`).optional(),
  businessType: businessTypeCode.optional(),
});
export type MyApplicationsQuery = z.infer<typeof myApplicationsQuery>;

export const businessHistoryQuery = z.object({
  businessType: businessTypeCode,
  businessId: z.string().trim().min(1, '不能为空').max(64, '业务记录编号不能超过 64 个字符'),
});
export type BusinessHistoryQuery = z.infer<typeof businessHistoryQuery>;

/** `stepIndex`: the step the decider saw; a different current step means someone was faster. */
const expectedStep = z.number('请传入处理时看到的步骤序号 stepIndex（从 0 开始）').int().min(0).max(100);

export const approveBody = z.object({ comment: comment.optional(), stepIndex: expectedStep });
export type ApproveBody = z.infer<typeof approveBody>;
export const rejectBody = z.object({ comment: comment.min(1, '请填写驳回理由'), stepIndex: expectedStep });
export type RejectBody = z.infer<typeof rejectBody>;
export const returnBody = z.object({ comment: comment.min(1, '请填写退回修改意见'), stepIndex: expectedStep });
export type ReturnBody = z.infer<typeof returnBody>;
export const withdrawBody = z.object({ comment: comment.optional() });
export type WithdrawBody = z.infer<typeof withdrawBody>;

export const resubmitBody = z.object({
  title: trimmed(100).optional(),
  /** Changed request data; validated by the business type. Omit to resubmit unchanged. */
  data: z.record(z.string().max(64), z.unknown()).optional(),
  comment: comment.optional(),
});
export type ResubmitBody = z.infer<typeof resubmitBody>;
