import { z } from 'zod';
import { isoDate } from '../../../platform/calendar/calendar.schema';
import { pageQuery } from '../../../platform/http/pagination';

// Request and response shapes of qualifications & admission (R-CUS-10/11), blacklist (R-CUS-40),
// lost customers (R-CUS-50), quarterly verification (R-CUS-33) and merge (R-CUS-07).

const MAX_INT = 2_147_483_647;
const recordId = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const text = (max: number) => z.string().trim().max(max, `不能超过 ${max} 个字符`);
const optionalText = (max: number) =>
  text(max)
    .nullish()
    .transform((value) => (value ? value : null));
const version = z.number().int().min(1).max(MAX_INT).optional().describe('客户的版本号；传入时与当前版本不一致则返回 409');

// ── 资质文件 ────────────────────────────────────────────────────────────────────

/** 资质文件类型 (R-CUS-10): five for every customer, three more for first-time customers. */
export const qualificationDocTypes = [
  'business_licence',
  'org_code',
  'tax_registration',
  'legal_rep_id',
  'bank_permit',
  'articles',
  'credit_proof',
  'financial_statements',
] as const;
export type QualificationDocType = (typeof qualificationDocTypes)[number];

export const qualificationDocLabels: Record<QualificationDocType, string> = {
  business_licence: '营业执照',
  org_code: '组织机构代码证',
  tax_registration: '税务登记证',
  legal_rep_id: '法定代表人身份证',
  bank_permit: '银行开户许可证',
  articles: '公司章程',
  credit_proof: '资信证明',
  financial_statements: '财务报表',
};

/** Required of every customer. */
export const baseRequiredDocTypes: QualificationDocType[] = ['business_licence', 'org_code', 'tax_registration', 'legal_rep_id', 'bank_permit'];
/** Additionally required of first-time customers (never admitted before). */
export const firstTimeDocTypes: QualificationDocType[] = ['articles', 'credit_proof', 'financial_statements'];

/** Days before `validUntil` from which a document counts as expiring and a reminder task is created. */
export const EXPIRY_NOTICE_DAYS = 30;

const qualificationFields = {
  docType: z.enum(qualificationDocTypes, '请选择资质文件类型'),
  number: text(64).min(1, '请填写证件编号'),
  validFrom: isoDate.nullish().transform((value) => value ?? null),
  validUntil: isoDate
    .nullish()
    .transform((value) => value ?? null)
    .describe('有效期至；留空表示长期有效'),
  attachmentId: recordId.describe('已上传到该客户下的附件 id'),
  note: optionalText(500),
};

export const createQualificationBody = z.object(qualificationFields);
export type CreateQualificationBody = z.infer<typeof createQualificationBody>;
export const updateQualificationBody = z.object(qualificationFields).partial();
export type UpdateQualificationBody = z.infer<typeof updateQualificationBody>;

export const qualificationParams = z.object({
  id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  qualificationId: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
});

export const qualificationStatuses = ['missing', 'valid', 'expiring', 'expired'] as const;
export type QualificationStatus = (typeof qualificationStatuses)[number];

export const qualificationSchema = z
  .object({
    id: z.number().int(),
    customerId: z.number().int(),
    docType: z.enum(qualificationDocTypes),
    docTypeName: z.string(),
    number: z.string().nullable(),
    validFrom: z.string().nullable(),
    validUntil: z.string().nullable(),
    attachmentId: z.number().int().nullable(),
    attachmentName: z.string().nullable(),
    note: z.string().nullable(),
    status: z.enum(qualificationStatuses),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'CustomerQualification' });
export type Qualification = z.infer<typeof qualificationSchema>;

export const qualificationRequirementSchema = z.object({
  docType: z.enum(qualificationDocTypes),
  docTypeName: z.string(),
  required: z.boolean(),
  status: z.enum(qualificationStatuses),
  qualificationId: z.number().int().nullable(),
  validUntil: z.string().nullable(),
});

export const qualificationListSchema = z
  .object({
    items: z.array(qualificationSchema),
    requirements: z.array(qualificationRequirementSchema),
    firstTime: z.boolean(),
    admissionStatus: z.string(),
    /** Documents that still stop an admission review. */
    missing: z.array(z.string()),
  })
  .meta({ id: 'CustomerQualificationList' });
export type QualificationList = z.infer<typeof qualificationListSchema>;

export const admissionBody = z.object({ note: optionalText(500) });
export type AdmissionBody = z.infer<typeof admissionBody>;

// ── 客户状态（合规操作的返回） ─────────────────────────────────────────────────────

export const customerComplianceStateSchema = z
  .object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    admissionStatus: z.string(),
    admittedAt: z.string().nullable(),
    blacklistLevel: z.string().nullable(),
    blacklistUnitId: z.number().int().nullable(),
    lifecycleCode: z.string(),
    lostReasonCode: z.string().nullable(),
    lostCompetitor: z.string().nullable(),
    lostNote: z.string().nullable(),
    lostAt: z.string().nullable(),
    verifiedAt: z.string().nullable(),
    verifiedById: z.number().int().nullable(),
    mergedIntoId: z.number().int().nullable(),
    version: z.number().int(),
    /** The approval just submitted, when the action started one. */
    approvalId: z.number().int().nullable(),
  })
  .meta({ id: 'CustomerComplianceState' });
export type CustomerComplianceState = z.infer<typeof customerComplianceStateSchema>;

// ── 流失 / 重新激活 / 核实 ────────────────────────────────────────────────────────

export const markLostBody = z.object({
  reasonCode: text(40).min(1, '请选择流失原因'),
  competitor: optionalText(120),
  note: text(1000).min(1, '请填写流失说明'),
  version,
});
export type MarkLostBody = z.infer<typeof markLostBody>;

export const reactivateBody = z.object({
  lifecycleCode: text(40).min(1).default('potential').describe('重新激活后的生命周期状态（不能是 lost）'),
  note: optionalText(1000),
  version,
});
export type ReactivateBody = z.infer<typeof reactivateBody>;

export const verifyBody = z.object({ note: optionalText(1000), version });
export type VerifyBody = z.infer<typeof verifyBody>;

export const unverifiedQuery = pageQuery.extend({
  ownerId: z.coerce.number().int().min(1).max(MAX_INT).optional(),
  unitId: z.coerce.number().int().min(1).max(MAX_INT).optional().describe('该部门及其下级部门'),
});
export type UnverifiedQuery = z.infer<typeof unverifiedQuery>;

export const unverifiedCustomerSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  ownerId: z.number().int().nullable(),
  ownerName: z.string().nullable(),
  unitId: z.number().int(),
  unitName: z.string(),
  lifecycleCode: z.string(),
  verifiedAt: z.string().nullable(),
});

export const unverifiedListSchema = z
  .object({
    items: z.array(unverifiedCustomerSchema),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    /** Start of the current quarter (Asia/Shanghai), ISO instant. */
    quarterStart: z.string(),
    byOwner: z.array(z.object({ ownerId: z.number().int().nullable(), ownerName: z.string().nullable(), count: z.number().int() })),
  })
  .meta({ id: 'UnverifiedCustomerList' });
export type UnverifiedList = z.infer<typeof unverifiedListSchema>;

// ── 黑名单 ───────────────────────────────────────────────────────────────────────

export const blacklistLevels = ['unit', 'company'] as const;
export const blacklistStatuses = ['pending', 'active', 'rejected', 'removal_pending', 'removed'] as const;

export const requestBlacklistBody = z.object({
  level: z.enum(blacklistLevels, '请选择黑名单级别（本单位 / 全公司）'),
  unitId: z.number().int().min(1).max(MAX_INT).optional().describe('单位级黑名单所属单位；默认客户的归属单位'),
  reason: text(500).min(1, '请填写列入黑名单的原因'),
  evidence: optionalText(2000),
});
export type RequestBlacklistBody = z.infer<typeof requestBlacklistBody>;

export const requestBlacklistRemovalBody = z.object({ reason: text(500).min(1, '请填写移出黑名单的理由') });
export type RequestBlacklistRemovalBody = z.infer<typeof requestBlacklistRemovalBody>;

export const blacklistEntrySchema = z
  .object({
    id: z.number().int(),
    customerId: z.number().int(),
    customerCode: z.string(),
    customerName: z.string(),
    level: z.enum(blacklistLevels),
    unitId: z.number().int().nullable(),
    unitName: z.string().nullable(),
    reason: z.string(),
    evidence: z.string().nullable(),
    status: z.enum(blacklistStatuses),
    requestedById: z.number().int(),
    requestedByName: z.string().nullable(),
    createdAt: z.string(),
    activatedAt: z.string().nullable(),
    removedAt: z.string().nullable(),
    removalReason: z.string().nullable(),
    approvalId: z.number().int().nullable(),
  })
  .meta({ id: 'CustomerBlacklistEntry' });
export type BlacklistEntry = z.infer<typeof blacklistEntrySchema>;

export const blacklistQuery = pageQuery.extend({
  status: z.enum(blacklistStatuses).optional(),
  level: z.enum(blacklistLevels).optional(),
  q: z.string().trim().max(100).optional().describe('客户名称或编码'),
});
export type BlacklistQuery = z.infer<typeof blacklistQuery>;

// ── 合并 ─────────────────────────────────────────────────────────────────────────

export const mergeBody = z.object({ intoId: recordId.describe('保留的客户 id') });
export type MergeBody = z.infer<typeof mergeBody>;

export const mergeResultSchema = z
  .object({
    keptId: z.number().int(),
    mergedId: z.number().int(),
    moved: z.record(z.string(), z.number().int()),
  })
  .meta({ id: 'CustomerMergeResult' });
export type MergeResult = z.infer<typeof mergeResultSchema>;
