import { z } from 'zod';
import { isValidIsoDate } from '../../../platform/dates';
import { moneyOutput, optionalMoneyInput } from '../../../platform/money';
import { contractTermsInput } from './contract-terms';
import { contractUnitInput } from './contracts.schema';

// 变更/补充协议 (R-LEA-30): the application says what the contract becomes from a date; what is
// left out stays as it is. The kinds (面积调整, 增加/减少单元, 换房, 换名, 价格, 期限) follow
// from the differences, so an application cannot claim one change and make another.

export const amendmentKinds = ['area', 'units_add', 'units_remove', 'swap', 'rename', 'price', 'term'] as const;
export type AmendmentKind = (typeof amendmentKinds)[number];
export const amendmentKindNames: Record<AmendmentKind, string> = {
  area: '面积调整',
  units_add: '增加单元',
  units_remove: '减少单元',
  swap: '换房',
  rename: '换名/过户',
  price: '价格条款变更',
  term: '期限变更',
};

export const amendmentStatuses = ['pending', 'approved', 'effective', 'rejected', 'withdrawn'] as const;
export type AmendmentStatus = (typeof amendmentStatuses)[number];
export const amendmentStatusNames: Record<AmendmentStatus, string> = {
  pending: '审批中',
  approved: '待签补充协议',
  effective: '已生效',
  rejected: '未通过',
  withdrawn: '已撤回',
};

const isoDate = (label: string) => z.string().refine(isValidIsoDate, `${label}应为有效日期，格式 YYYY-MM-DD`);

export const amendmentBody = z.object({
  requestedOn: isoDate('申请日期'),
  effectiveDate: isoDate('变更生效日'),
  reason: z.string().trim().min(2, '请填写变更事由（客户书面申请的内容）').max(2000, '变更事由不超过 2000 个字'),
  /** The units and let areas from the effective date (all of them); omitted = unchanged. */
  units: z.array(contractUnitInput).min(1, '至少保留一个单元').max(200, '一份合同不超过 200 个单元').optional(),
  /** The new end date; omitted = unchanged. */
  endDate: isoDate('合同结束日').optional(),
  /** The price terms from the effective date (all of them); omitted = unchanged. */
  terms: contractTermsInput.optional(),
  /** 换名/过户: the customer who takes the contract over. */
  customerId: z.number().int().positive('请选择承接合同的客户').optional(),
  /** 过户费 for a change of tenant name. */
  transferFee: optionalMoneyInput({ label: '过户费' }),
});
export type AmendmentBody = z.infer<typeof amendmentBody>;

export const signAmendmentBody = z.object({
  signedDate: isoDate('签署日期'),
  /** An attachment of the contract: the signed annex (补充协议扫描件, PDF or image). */
  annexScanId: z.number('请先上传签署后的补充协议扫描件').int().positive('请先上传签署后的补充协议扫描件'),
});
export type SignAmendmentBody = z.infer<typeof signAmendmentBody>;

const stateSchema = z.object({
  customerId: z.number().int(),
  customerName: z.string(),
  endDate: z.string(),
  units: z.array(z.object({ spaceId: z.number().int(), fullCode: z.string(), area: z.string() })),
  totalArea: z.string(),
});

export const amendmentSchema = z.object({
  id: z.number().int(),
  contractId: z.number().int(),
  seq: z.number().int(),
  kinds: z.array(z.enum(amendmentKinds)),
  kindNames: z.array(z.string()),
  requestedOn: z.string(),
  effectiveDate: z.string(),
  reason: z.string(),
  summary: z.string(),
  /** Field-by-field: 单元, 计租面积, 期限, 收费条款… before and after. */
  changes: z.array(z.object({ field: z.string(), before: z.string(), after: z.string() })),
  before: stateSchema,
  after: stateSchema,
  transferFee: moneyOutput.nullable(),
  status: z.enum(amendmentStatuses),
  statusName: z.string(),
  approvalId: z.number().int().nullable(),
  annexScanId: z.number().int().nullable(),
  signedDate: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  appliedAt: z.string().nullable(),
  actions: z.array(z.enum(['sign'])),
});
export type Amendment = z.infer<typeof amendmentSchema>;
