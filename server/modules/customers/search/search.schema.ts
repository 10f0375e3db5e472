import { z } from 'zod';
import { pageQuery } from '../../../platform/http/pagination';

// Request and response shapes of the customer list, search, 查重 lookup, saved views and bulk
// actions (R-CUS-06, R-CUS-32, R-PLT-62).

const MAX_INT = 2_147_483_647;
const code = z.string().trim().max(40);
const isoDate = z.iso.date('日期格式应为 YYYY-MM-DD');
const userIdOrNone = z.union([z.literal('none'), z.coerce.number().int().min(1).max(MAX_INT)]);

/** Searches per user and minute (R-SEC-06); the header box debounces, so people stay far below. */
export const SEARCH_RATE_LIMIT_PER_MINUTE = 120;
/** Most ids one bulk action may name. */
export const BULK_MAX_IDS = 500;
/** Saved views a user may keep. */

export const listSortFields = ['name', 'code', 'createdAt', 'updatedAt', 'grade'] as const;
export const admissionStatuses = ['none', 'pending', 'admitted', 'rejected'] as const;

/** The filters of the customer list, as a saved view stores them (JSON, not a query string). */
export const customerFiltersSchema = z.object({
  q: z.string().trim().max(50).optional(),
  industryCode: code.optional().describe('行业代码；门类字母（如 G）表示其下所有大类'),
  natureCode: code.optional(),
  sourceCode: code.optional(),
  usageCode: code.optional().describe('用途分类；上级分类（如 specialized）包含其下级'),
  valueCode: code.optional(),
  strategicCode: code.optional(),
  lifecycleCode: code.optional(),
  ownerId: z.union([z.literal('none'), z.number().int().min(1).max(MAX_INT)]).optional(),
  unitId: z.number().int().min(1).max(MAX_INT).optional(),
  grade: code.optional(),
  admissionStatus: z.enum(admissionStatuses).optional(),
  blacklisted: z.boolean().optional(),
  tags: z.array(z.string().trim().min(1).max(20)).max(30).optional(),
  notVerifiedSince: isoDate.optional(),
  createdFrom: isoDate.optional(),
  createdTo: isoDate.optional(),
});
export type CustomerFilters = z.infer<typeof customerFiltersSchema>;

export const listCustomersQuery = pageQuery.extend({
  q: z.string().trim().max(50).optional().describe('关键词：名称片段（至少 2 个字）、拼音或首字母、信用代码、客户编号、联系人姓名或电话'),
  industryCode: customerFiltersSchema.shape.industryCode,
  natureCode: code.optional(),
  sourceCode: code.optional(),
  usageCode: customerFiltersSchema.shape.usageCode,
  valueCode: code.optional(),
  strategicCode: code.optional(),
  lifecycleCode: code.optional(),
  ownerId: userIdOrNone.optional().describe('客户经理；none = 公海客户'),
  unitId: z.coerce.number().int().min(1).max(MAX_INT).optional().describe('所属部门（含下级）'),
  grade: code.optional(),
  admissionStatus: z.enum(admissionStatuses).optional(),
  blacklisted: z.enum(['true', 'false']).optional(),
  tags: z.string().max(400).optional().describe('标签，逗号分隔，命中任一即可'),
  notVerifiedSince: isoDate.optional().describe('自该日起未核实（R-CUS-33）'),
  createdFrom: isoDate.optional(),
  createdTo: isoDate.optional(),
});
export type ListCustomersQuery = z.infer<typeof listCustomersQuery>;

export const searchCustomersQuery = z.object({
  q: z.string().trim().min(1, '请输入关键词').max(50).describe('至少 2 个字符'),
  limit: z.coerce.number().int().min(1).max(20).default(10),
});
export type SearchCustomersQuery = z.infer<typeof searchCustomersQuery>;

export const searchMatchKinds = ['name_exact', 'code', 'uscc', 'name_prefix', 'name', 'pinyin', 'contact', 'phone'] as const;
export type SearchMatchKind = (typeof searchMatchKinds)[number];

export const customerSearchHitSchema = z
  .object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    shortName: z.string().nullable(),
    uscc: z.string().nullable(),
    ownerId: z.number().int().nullable(),
    ownerName: z.string().nullable(),
    unitName: z.string(),
    lifecycleCode: z.string(),
    grade: z.string().nullable(),
    matchedBy: z.enum(searchMatchKinds),
    /** What matched when it is not the name, e.g. `联系人 张伟 138****5678`; masked like everywhere. */
    matchedText: z.string().nullable(),
  })
  .meta({ id: 'CustomerSearchHit' });
export type CustomerSearchHit = z.infer<typeof customerSearchHitSchema>;

export const duplicateCheckQuery = z.object({
  name: z.string().trim().max(100).optional(),
  phone: z.string().trim().max(30).optional(),
  uscc: z.string().trim().max(30).optional(),
});
export type DuplicateCheckQuery = z.infer<typeof duplicateCheckQuery>;

/**
 * One record found by 查重. Outside the caller's scope (R-CUS-05/06) `id`, `code` and `unitName`
 * are absent; an exact hit shows name, owner and status, a similar one a partly masked name and
 * no owner.
 */
export const duplicateHitSchema = z
  .object({
    inScope: z.boolean(),
    id: z.number().int().optional(),
    code: z.string().optional(),
    unitName: z.string().optional(),
    name: z.string(),
    ownerName: z.string().nullable(),
    lifecycleCode: z.string(),
    matchedBy: z.array(z.enum(['name', 'uscc', 'phone'])).optional(),
    /** pg_trgm similarity of the normalised names, 0–1 (similar names only). */
    similarity: z.number().optional(),
  })
  .meta({ id: 'CustomerDuplicateHit' });
export type DuplicateHit = z.infer<typeof duplicateHitSchema>;

export const duplicateCheckResultSchema = z.object({
  exact: z.array(duplicateHitSchema),
  similar: z.array(duplicateHitSchema),
});
export type DuplicateCheckResult = z.infer<typeof duplicateCheckResultSchema>;


const tag = z
  .string()
  .trim()
  .min(1, '标签不能为空')
  .max(20, '标签不能超过 20 个字符')
  .regex(/^[^\p{Cc}]+$/u, '标签不能包含控制字符');

export const bulkTagsBody = z
  .object({
    ids: z.array(z.number().int().min(1).max(Number.MAX_SAFE_INTEGER)).min(1, '请至少选择一个客户').max(BULK_MAX_IDS, `一次最多 ${BULK_MAX_IDS} 个客户`),
    add: z.array(tag).max(30).default([]),
    remove: z.array(tag).max(30).default([]),
  })
  .refine((body) => body.add.length + body.remove.length > 0, { message: '请指定要添加或移除的标签', path: ['add'] });
export type BulkTagsBody = z.infer<typeof bulkTagsBody>;

export const bulkResultSchema = z.object({
  /** Customers whose tags changed. */
  changed: z.number().int(),
  /** In scope but already as requested. */
  unchanged: z.number().int(),
  /** Not found or outside the caller's scope — left alone. */
  skipped: z.number().int(),
});
export type BulkResult = z.infer<typeof bulkResultSchema>;
