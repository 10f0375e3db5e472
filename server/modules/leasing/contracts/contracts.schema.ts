import { z } from 'zod';
import { isValidIsoDate } from '../../../platform/dates';
import { pageQuery } from '../../../platform/http/pagination';
import { moneyOutput } from '../../../platform/money';
import { chargeBases, contractTermsInput } from './contract-terms';

export const contractTypes = ['lease', 'storage', 'service'] as const;
export type ContractType = (typeof contractTypes)[number];
export const contractTypeNames: Record<ContractType, string> = { lease: '租赁合同', storage: '仓储服务合同', service: '综合服务合同' };

/** R-LEA-10 states. */
export const contractStatuses = ['draft', 'reviewing', 'to_sign', 'effective', 'changing', 'expired', 'terminated_early', 'terminated'] as const;
export type ContractStatus = (typeof contractStatuses)[number];
export const contractStatusNames: Record<ContractStatus, string> = {
  draft: '草稿',
  reviewing: '审批中',
  to_sign: '待签署',
  effective: '已生效',
  changing: '变更中',
  expired: '已到期',
  terminated_early: '提前解除',
  terminated: '已终止',
};

/** The longest term a contract may have (years). */
export const MAX_TERM_YEARS = 20;

const isoDate = (label: string) => z.string().refine(isValidIsoDate, `${label}应为有效日期，格式 YYYY-MM-DD`);
const text = (label: string, max: number) => z.string().trim().max(max, `${label}不超过 ${max} 个字`);

/** A let area: positive, at most two decimals ("120.50"). */
export const areaInput = z
  .union([z.string(), z.number()], '面积应为正数，最多 2 位小数')
  .transform((value, ctx) => {
    const raw = String(value).trim();
    if (!/^\d{1,8}(\.\d{1,2})?$/.test(raw) || Number(raw) <= 0) {
      ctx.addIssue({ code: 'custom', message: '计租面积应为大于 0 的数，最多 2 位小数，如 "120.50"' });
      return z.NEVER;
    }
    return Number(raw).toFixed(2);
  });

export const contractUnitInput = z.object({
  spaceId: z.number('请选择单元').int().positive('请选择单元'),
  /** 计租面积; defaults to the unit's gross area. */
  area: areaInput.optional(),
});

const draftFields = {
  contractType: z.enum(contractTypes, '合同类型应为 lease/storage/service（租赁/仓储服务/综合服务）之一'),
  title: text('合同名称', 100).min(1, '请填写合同名称').optional(),
  startDate: isoDate('合同开始日'),
  endDate: isoDate('合同结束日'),
  units: z.array(contractUnitInput).min(1, '至少选择一个单元').max(200, '一份合同不超过 200 个单元'),
  terms: contractTermsInput,
  signingParty: text('签约主体', 100).min(1, '请填写我方签约主体'),
  ourSignatory: text('我方签约人', 50).optional(),
  customerSignatory: text('客户签约人', 50).optional(),
  safetyAgreement: z.boolean().default(true),
  specialTerms: text('特别约定', 4000).optional(),
  /** null = the contract's text is not from a template (extra approval step, R-LEA-12). */
  templateId: z.number().int().positive().nullable(),
};

export const createContractBody = z.object({ customerId: z.number('请选择客户').int().positive('请选择客户'), ...draftFields });
export type CreateContractBody = z.infer<typeof createContractBody>;

export const updateContractBody = z.object({ ...draftFields, note: text('修改说明', 500).optional() });
export type UpdateContractBody = z.infer<typeof updateContractBody>;

export const submitContractBody = z.object({ note: text('提交说明', 500).optional() });
export const signContractBody = z.object({
  signedDate: isoDate('签署日期'),
  effectiveDate: isoDate('生效日期'),
  /** An attachment of this contract: the signed scan (PDF or image). */
  signedScanId: z.number('请先上传签署扫描件').int().positive('请先上传签署扫描件'),
});
export type SignContractBody = z.infer<typeof signContractBody>;
export const terminateContractBody = z.object({ reason: text('终止原因', 500).min(2, '请填写终止原因') });

export const contractListQuery = pageQuery.extend({
  q: z.string().trim().max(50).optional().describe('合同编号、名称、客户或单元编码'),
  status: z.enum(contractStatuses).optional(),
  contractType: z.enum(contractTypes).optional(),
  customerId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  ownerId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  /** Contracts in force ending on or before this day (到期提醒). */
  endingBy: isoDate('到期日').optional(),
});
export type ContractListQuery = z.infer<typeof contractListQuery>;

/** The filters a saved view of the contract list keeps (R-PLT-62). */
export const contractViewFilters = contractListQuery.pick({ q: true, status: true, contractType: true, customerId: true, ownerId: true, endingBy: true });
export const contractViewList = { key: 'contracts', permission: 'contract:read', filters: contractViewFilters, schemaId: 'ContractSavedView' };

const chargeOutput = z.object({
  item: z.string(),
  itemName: z.string(),
  basis: z.enum(chargeBases),
  unitPrice: z.string(),
  rentFree: z.boolean(),
  escalates: z.boolean(),
  note: z.string().optional(),
});

export const contractTermsOutput = z.object({
  billingCycle: z.enum(['monthly', 'quarterly', 'yearly']),
  paymentDay: z.number().int(),
  charges: z.array(chargeOutput),
  freePeriods: z.array(z.object({ startDate: z.string(), endDate: z.string(), note: z.string().optional() })),
  escalationRate: z.string(),
  deposit: z.string(),
  lateFeeRate: z.string(),
  lateFeeGraceDays: z.number().int(),
  penaltyRule: z.string(),
  guarantor: z.string(),
  agentCommissionRate: z.string(),
  incentivePackage: z.string(),
  incentivePackageId: z.number().nullish(),
  rebates: z.array(z.object({ window: z.enum(['period', 'contract_year']), items: z.array(z.string()), tiers: z.array(z.object({ threshold: z.string(), rate: z.string() })) })).optional(),
});

export const contractSummarySchema = z.object({
  id: z.number().int(),
  number: z.string(),
  title: z.string(),
  contractType: z.enum(contractTypes),
  status: z.enum(contractStatuses),
  statusName: z.string(),
  customerId: z.number().int(),
  customerName: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  totalArea: z.string(),
  estimatedAmount: moneyOutput,
  units: z.string().describe('具体经营位置：单元编码，顿号分隔'),
  ownerId: z.number().int(),
  ownerName: z.string().nullable(),
  effectiveDate: z.string().nullable(),
  financeDueDate: z.string().nullable(),
  handedToFinanceAt: z.string().nullable(),
  templateId: z.number().int().nullable(),
  createdAt: z.string(),
});
export type ContractSummary = z.infer<typeof contractSummarySchema>;

export const contractDetailSchema = contractSummarySchema.extend({
  terms: contractTermsOutput,
  termsInWords: z.record(z.string(), z.string()),
  unitLines: z.array(z.object({ spaceId: z.number().int(), fullCode: z.string(), area: z.string(), unitType: z.string().nullable() })),
  discountRate: z.string().nullable().describe('折扣率（敏感，需 sensitive:view）'),
  signingParty: z.string(),
  ourSignatory: z.string().nullable(),
  customerSignatory: z.string().nullable(),
  safetyAgreement: z.boolean(),
  specialTerms: z.string().nullable(),
  templateName: z.string().nullable(),
  templateVersion: z.number().int().nullable(),
  version: z.number().int(),
  approvalId: z.number().int().nullable(),
  reviewComment: z.string().nullable(),
  signedDate: z.string().nullable(),
  signedScanId: z.number().int().nullable(),
  endedAt: z.string().nullable(),
  endReason: z.string().nullable(),
  unitId: z.number().int(),
  renewalOfId: z.number().int().nullable().describe('续签自哪份合同'),
  renewalOfNumber: z.string().nullable(),
  renewedById: z.number().int().nullable().describe('续签合同'),
  renewedByNumber: z.string().nullable(),
  customerDisputed: z.boolean().describe('客户有未结纠纷（有争议）'),
  renewalDecisionDue: z.string().nullable().describe('有争议客户的续签决定期限（到期前 30 个工作日）'),
  renewalDecision: z
    .object({ decision: z.enum(['renew', 'not_renew']), note: z.string(), decidedAt: z.string(), decidedByName: z.string().nullable() })
    .nullable()
    .describe('分管领导/总经理的续签决定'),
  actions: z.array(z.enum(['edit', 'submit', 'sign', 'hand_to_finance', 'terminate', 'record_breach', 'record_dispute', 'decide_renewal', 'apply_termination', 'amend', 'renew'])).describe('当前用户可执行的操作'),
});
export type ContractDetail = z.infer<typeof contractDetailSchema>;

export const contractVersionSchema = z.object({
  version: z.number().int(),
  note: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  changes: z.array(z.object({ field: z.string(), before: z.string(), after: z.string() })).describe('与上一版本相比的变化'),
});
export type ContractVersion = z.infer<typeof contractVersionSchema>;
