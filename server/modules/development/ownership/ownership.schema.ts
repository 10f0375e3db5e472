import { z } from 'zod';
import { idParams, pageQuery } from '../../../platform/http/pagination';

// Request and response shapes of 公海 / 私海 / 转移 (R-DEV-10…14).

const recordId = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const userId = z.number({ error: '请选择人员' }).int().min(1, '请选择人员').max(2_147_483_647);
const reasonText = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(2, `请填写${label}（至少 2 个字）`)
    .max(500, `${label}不能超过 500 个字符`);
const timestamp = z.string().describe('ISO 8601 时间');

export const customerIdParam = idParams();

// ── 公海 ─────────────────────────────────────────────────────────────────────────

export const poolQuery = pageQuery.extend({
  q: z.string().trim().max(100, '关键字不能超过 100 个字符').optional().describe('客户名称（或拼音首字母）包含的文字'),
});
export type PoolQuery = z.infer<typeof poolQuery>;

/** The limited fields anyone may see of a pool customer (R-DEV-10). */
export const poolCustomerSchema = z.object({
  id: recordId,
  name: z.string(),
  industryCode: z.string().nullable(),
  industryName: z.string().nullable(),
  city: z.string().nullable(),
  district: z.string().nullable(),
  sourceCode: z.string().nullable(),
  sourceName: z.string().nullable(),
  grade: z.string().nullable(),
  intentLevel: z.string().nullable(),
  releasedAt: timestamp.nullable(),
  timesReleased: z.number().int(),
});
export type PoolCustomer = z.infer<typeof poolCustomerSchema>;

export const claimResultSchema = z.object({
  customerId: recordId,
  ownerId: z.number().int(),
  ownedSince: timestamp,
  protectedUntil: timestamp,
  ownedCount: z.number().int(),
  ownerLimit: z.number().int(),
});

// ── 我的客户 ─────────────────────────────────────────────────────────────────────

export const myCustomersQuery = pageQuery.extend({
  q: z.string().trim().max(100, '关键字不能超过 100 个字符').optional(),
  dueSoon: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true')
    .describe('只看即将释放的客户'),
});
export type MyCustomersQuery = z.infer<typeof myCustomersQuery>;

export const ownershipStateSchema = z.object({
  ownerId: z.number().int().nullable(),
  ownerName: z.string().nullable(),
  unitId: z.number().int(),
  unitName: z.string(),
  ownedSince: timestamp.nullable(),
  /** Stored protection end, else owned since + the unit's protection days. */
  protectedUntil: timestamp.nullable(),
  lastFollowUpAt: timestamp.nullable(),
  /** When the customer goes back to the pool without a valid follow-up. */
  releaseDueAt: timestamp.nullable(),
  daysLeft: z.number().int().nullable(),
  /** Within the warning period before the release. */
  dueSoon: z.boolean(),
  releasedAt: timestamp.nullable(),
});
export type OwnershipState = z.infer<typeof ownershipStateSchema>;

export const myCustomerSchema = ownershipStateSchema.extend({
  id: recordId,
  code: z.string(),
  name: z.string(),
  grade: z.string().nullable(),
  intentLevel: z.string().nullable(),
});
export type MyCustomer = z.infer<typeof myCustomerSchema>;

export const myCustomersPageSchema = z.object({
  items: z.array(myCustomerSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  ownedCount: z.number().int(),
  ownerLimit: z.number().int(),
  dueSoonCount: z.number().int(),
});

export const releaseBody = z.object({ reason: reasonText('退回原因') });
export type ReleaseBody = z.infer<typeof releaseBody>;

export const assignBody = z.object({ toUserId: userId, reason: reasonText('分配原因') });
export type AssignBody = z.infer<typeof assignBody>;

export const customerOwnershipSchema = ownershipStateSchema.extend({
  customerId: recordId,
  customerName: z.string(),
  pendingTransferId: z.number().int().nullable(),
  exclusiveRight: z
    .object({ holderName: z.string(), unitName: z.string(), number: z.string(), until: timestamp.nullable(), status: z.string() })
    .nullable(),
  canRelease: z.boolean(),
  canAssign: z.boolean(),
  canTransfer: z.boolean(),
});
export type CustomerOwnership = z.infer<typeof customerOwnershipSchema>;

export const ownershipChangeSchema = z.object({
  id: recordId,
  kind: z.string(),
  kindName: z.string(),
  fromUserId: z.number().int().nullable(),
  fromUserName: z.string().nullable(),
  toUserId: z.number().int().nullable(),
  toUserName: z.string().nullable(),
  fromUnitName: z.string().nullable(),
  toUnitName: z.string().nullable(),
  reason: z.string().nullable(),
  actorName: z.string().nullable(),
  at: timestamp,
});

// ── 客户转移 ─────────────────────────────────────────────────────────────────────

export const transferKinds = ['transfer', 'relocation'] as const;
export const transferStatuses = ['pending', 'done', 'rejected', 'withdrawn'] as const;

export const createTransferBody = z.object({
  customerId: recordId,
  toUserId: userId,
  kind: z.enum(transferKinds, '请选择转移类型（转移或搬迁）').default('transfer'),
  reason: reasonText('转移原因'),
});
export type CreateTransferBody = z.infer<typeof createTransferBody>;

export const transfersQuery = pageQuery.extend({
  status: z.enum(transferStatuses, '状态不正确').optional(),
  customerId: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
});
export type TransfersQuery = z.infer<typeof transfersQuery>;

export const transferSchema = z.object({
  id: recordId,
  customerId: recordId,
  customerName: z.string(),
  kind: z.string(),
  fromUserId: z.number().int().nullable(),
  fromUserName: z.string().nullable(),
  toUserId: z.number().int(),
  toUserName: z.string(),
  fromUnitName: z.string(),
  toUnitName: z.string(),
  reason: z.string(),
  status: z.enum(transferStatuses),
  direct: z.boolean(),
  approvalId: z.number().int().nullable(),
  requestedById: z.number().int(),
  requestedByName: z.string(),
  requestedAt: timestamp,
  decidedAt: timestamp.nullable(),
});
export type Transfer = z.infer<typeof transferSchema>;

export const candidatesQuery = z.object({ q: z.string().trim().max(50).optional() });
/** A person who can receive a customer; `username` only for callers with user:read. */
export const candidateSchema = z.object({ id: z.number().int(), name: z.string(), username: z.string().optional(), unitName: z.string() });
