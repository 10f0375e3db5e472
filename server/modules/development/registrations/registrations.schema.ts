import { z } from 'zod';
import { pageQuery } from '../../../platform/http/pagination';
import { mobile, uscc } from '../../customers';

// Request and response shapes of 开发预案报备 (R-DEV-01…03, 13).

const MAX_INT = 2_147_483_647;
const text = (max: number) => z.string().trim().max(max, `不能超过 ${max} 个字符`);
const dictionaryCode = z.string().trim().max(40);
const id = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

export const registrationStatuses = ['pending', 'active', 'rejected', 'withdrawn', 'lapsed', 'completed', 'reassigned'] as const;
export type RegistrationStatus = (typeof registrationStatuses)[number];

export const registrationStatusLabels: Record<RegistrationStatus, string> = {
  pending: '审批中',
  active: '独家开发中',
  rejected: '未通过',
  withdrawn: '已撤回',
  lapsed: '已失效',
  completed: '已完成',
  reassigned: '已改派',
};

const expectedValue = z
  .union([z.number(), z.string().trim()])
  .nullish()
  .transform((value, ctx) => {
    if (value === null || value === undefined || value === '') return null;
    const normalized = String(value).replace(/,/g, '');
    if (!/^\d{1,14}(\.\d{1,2})?$/.test(normalized)) {
      ctx.addIssue({ code: 'custom', message: '预计价值应为不小于 0 的金额（最多 14 位整数、2 位小数）' });
      return z.NEVER;
    }
    return normalized;
  })
  .describe('预计价值（元），可不填');

export const newProspectBody = z.object({
  name: text(100).min(2, '客户名称至少 2 个字'),
  uscc: uscc.nullish(),
  industryCode: dictionaryCode.nullish(),
  sourceCode: dictionaryCode.nullish(),
  contact: z
    .object({
      name: text(40).min(1, '请填写联系人姓名'),
      mobile: mobile.nullish(),
    })
    .nullish(),
});

export const createRegistrationBody = z
  .object({
    customerId: id.optional().describe('报备已有客户（本人可见的客户或公海客户）'),
    newCustomer: newProspectBody.optional().describe('报备新客户：同时建档（查重）'),
    intendedBusiness: text(200).min(1, '请填写意向业务'),
    plan: text(2000).min(1, '请填写开发计划'),
    expectedValue,
  })
  .superRefine((body, ctx) => {
    if (body.customerId === undefined && !body.newCustomer) {
      ctx.addIssue({ code: 'custom', path: ['customerId'], message: '请选择已有客户，或填写新客户信息' });
    }
    if (body.customerId !== undefined && body.newCustomer) {
      ctx.addIssue({ code: 'custom', path: ['newCustomer'], message: '已选择已有客户时不能同时填写新客户' });
    }
  });
export type CreateRegistrationBody = z.infer<typeof createRegistrationBody>;

export const extendRegistrationBody = z.object({
  reason: text(500).min(1, '请填写延期理由'),
});
export type ExtendRegistrationBody = z.infer<typeof extendRegistrationBody>;

export const reassignRegistrationBody = z.object({
  toUserId: z.number().int().min(1, '请选择新的开发人').max(MAX_INT),
  reason: text(500).min(1, '请填写改派理由'),
});
export type ReassignRegistrationBody = z.infer<typeof reassignRegistrationBody>;

export const registrationQuery = pageQuery.extend({
  status: z.enum(registrationStatuses, '状态不正确').optional(),
  keyword: text(100).optional().describe('客户名称、客户编号或报备单号'),
  holderId: z.coerce.number().int().min(1).max(MAX_INT).optional(),
  unitId: z.coerce.number().int().min(1).max(MAX_INT).optional(),
  customerId: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
});
export type RegistrationQuery = z.infer<typeof registrationQuery>;

export const registrationSchema = z
  .object({
    id: z.number().int(),
    number: z.string(),
    customerId: z.number().int(),
    customerName: z.string(),
    customerCode: z.string(),
    holderId: z.number().int(),
    holderName: z.string(),
    unitId: z.number().int(),
    unitName: z.string(),
    intendedBusiness: z.string(),
    plan: z.string(),
    expectedValue: z.string().nullable(),
    status: z.enum(registrationStatuses),
    statusLabel: z.string(),
    approvalId: z.number().int().nullable(),
    submittedAt: z.string(),
    approvedAt: z.string().nullable(),
    exclusiveUntil: z.string().nullable(),
    /** Seconds left of the exclusive period (0 once over); null without a period. */
    remainingSeconds: z.number().int().nullable(),
    extendedAt: z.string().nullable(),
    extendedByName: z.string().nullable(),
    endedAt: z.string().nullable(),
    endReason: z.string().nullable(),
    createdCustomer: z.boolean(),
    tookOwnership: z.boolean(),
    /** The caller manages the registration's unit: may extend (once) or reassign. */
    canExtend: z.boolean(),
    canReassign: z.boolean(),
  })
  .meta({ id: 'DevelopmentRegistration' });
export type Registration = z.infer<typeof registrationSchema>;

export const exclusiveRightSchema = z
  .object({
    right: z
      .object({
        registrationId: z.number().int(),
        number: z.string(),
        status: z.enum(['pending', 'active']),
        holderId: z.number().int(),
        holderName: z.string(),
        unitId: z.number().int(),
        unitName: z.string(),
        until: z.string().nullable(),
        remainingSeconds: z.number().int().nullable(),
      })
      .nullable(),
  })
  .meta({ id: 'ExclusiveRight' });
export type ExclusiveRightDto = z.infer<typeof exclusiveRightSchema>;

