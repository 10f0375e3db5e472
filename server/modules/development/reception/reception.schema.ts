import { z } from 'zod';
import { sensitiveString } from '../../../platform/access/sensitive-schema';
import { pageQuery } from '../../../platform/http/pagination';
import { MOBILE_PATTERN, normalizeMobile, normalizePhone, PHONE_PATTERN, uscc } from '../../customers';
// Request and response shapes of the reception log (R-DEV-40), rotation (R-DEV-41) and
// statistics (R-DEV-42). Field errors are Chinese and name the field.

const userId = z.number().int().min(1).max(2_147_483_647);
const text = (max: number) => z.string().trim().max(max, `不能超过 ${max} 个字符`);
const optionalText = (max: number) =>
  text(max)
    .nullish()
    .transform((value) => (value ? value : null));
const dictionaryCode = z.string().trim().max(40);
const isoDate = z.iso.date('日期格式应为 YYYY-MM-DD');

export const receptionKinds = ['visit', 'call'] as const;
export const assignmentReasons = ['named', 'previous', 'rotation', 'manual'] as const;
export type AssignmentReason = (typeof assignmentReasons)[number];

/** 11-digit mobile or a landline; spaces are dropped so the same number always matches. */
export const contactPhone = z
  .string()
  // 138 0000 1119, １３８…, +86 138… are the same mobile (R-CUS-30); else a landline.
  .transform((value) => (MOBILE_PATTERN.test(normalizeMobile(value)) ? normalizeMobile(value) : normalizePhone(value)))
  .refine((value) => MOBILE_PATTERN.test(value) || PHONE_PATTERN.test(value), '联系电话应为 11 位手机号或如 021-12345678 的固定电话');

/** Area in m² as a decimal string ("120.5"); numbers are accepted too. */
const area = z
  .union([z.number(), z.string().trim()])
  .nullish()
  .transform((value, ctx) => {
    if (value === null || value === undefined || value === '') return null;
    const normalized = String(value);
    if (!/^\d{1,10}(\.\d{1,2})?$/.test(normalized)) {
      ctx.addIssue({ code: 'custom', message: '面积应为不超过 10 位整数、最多 2 位小数的非负数（平方米）' });
      return z.NEVER;
    }
    return normalized;
  });

const instant = (label: string) => z.iso.datetime({ offset: true, message: `${label}格式应为 ISO 时间，如 2026-03-02T10:00:00+08:00` });

export const createReceptionBody = z.object({
  kind: z.enum(receptionKinds, '类型应为 来访(visit) 或 来电(call)'),
  /** Defaults to now. */
  timeIn: instant('到访/来电时间').optional(),
  timeOut: instant('离开时间').nullish(),
  /** The desk's unit; defaults to the actor's unit. */
  unitId: userId.optional(),
  /** An existing customer; otherwise the prospect fields below. */
  customerId: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).nullish(),
  prospectName: optionalText(100),
  contactName: optionalText(40),
  contactPhone: contactPhone.nullish(),
  companions: z.number().int('同行人数应为整数').min(0, '同行人数不能为负数').max(999, '同行人数不能超过 999').default(0),
  spaceTypeCode: dictionaryCode.nullish(),
  area,
  sourceCode: dictionaryCode.nullish(),
  summary: optionalText(2000),
  siteTour: z.boolean().default(false),
  namedSpecialistId: userId.nullish(),
  /** A manual choice of receiver; without it the rotation assigns one (R-DEV-41). */
  receiverId: userId.nullish(),
});
export type CreateReceptionBody = z.infer<typeof createReceptionBody>;

export const updateReceptionBody = z.object({
  timeOut: instant('离开时间').nullish(),
  summary: optionalText(2000).optional(),
  siteTour: z.boolean().optional(),
});
export type UpdateReceptionBody = z.infer<typeof updateReceptionBody>;

export const convertReceptionBody = z.object({
  kind: z.enum(['organization', 'individual']).default('organization'),
  /** Defaults to the prospect's name. */
  name: optionalText(100),
  shortName: optionalText(40),
  uscc: uscc.nullish(),
  industryCode: dictionaryCode.nullish(),
  natureCode: dictionaryCode.nullish(),
});
export type ConvertReceptionBody = z.infer<typeof convertReceptionBody>;

const booleanText = z.enum(['true', 'false']);

export const listReceptionQuery = pageQuery.extend({
  from: isoDate.optional().describe('到访日期起（含），YYYY-MM-DD，北京时间'),
  to: isoDate.optional().describe('到访日期止（含）'),
  kind: z.enum(receptionKinds).optional(),
  receiverId: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
  unitId: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
  converted: booleanText.optional().describe('true = 已转为客户'),
  keyword: z.string().trim().max(60).optional().describe('名称、联系人、电话或摘要'),
});
export type ListReceptionQuery = z.infer<typeof listReceptionQuery>;

export const receptionRecordSchema = z
  .object({
    id: z.number().int(),
    unitId: z.number().int(),
    unitName: z.string(),
    kind: z.enum(receptionKinds),
    timeIn: z.string(),
    timeOut: z.string().nullable(),
    customerId: z.number().int().nullable(),
    customerName: z.string().nullable(),
    prospectName: z.string().nullable(),
    contactName: z.string().nullable(),
    contactPhone: sensitiveString('mobile'),
    companions: z.number().int(),
    spaceTypeCode: z.string().nullable(),
    spaceTypeLabel: z.string().nullable(),
    area: z.string().nullable(),
    sourceCode: z.string().nullable(),
    sourceLabel: z.string().nullable(),
    summary: z.string().nullable(),
    siteTour: z.boolean(),
    receiverId: z.number().int(),
    receiverName: z.string(),
    assignment: z.enum(assignmentReasons),
    assignmentLabel: z.string(),
    namedSpecialistId: z.number().int().nullable(),
    convertedCustomerId: z.number().int().nullable(),
    createdById: z.number().int().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'ReceptionRecord' });
export type ReceptionRecord = z.infer<typeof receptionRecordSchema>;

export const lookupQuery = z.object({
  phone: contactPhone.optional(),
  customerId: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  unitId: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
});
export type LookupQuery = z.infer<typeof lookupQuery>;

export const lookupResultSchema = z.object({
  /** The last reception of this phone/customer within the protection period. */
  previous: z
    .object({ recordId: z.number().int(), at: z.string(), receiverId: z.number().int(), receiverName: z.string(), receiverActive: z.boolean() })
    .nullable(),
  /** Customers visible to the caller whose contact has this phone, or the given customer. */
  customers: z.array(z.object({ id: z.number().int(), name: z.string(), ownerId: z.number().int().nullable(), ownerName: z.string().nullable() })),
  protectionDays: z.number().int(),
});

/** A person who can receive a visitor at the desk. */
export const receiverCandidateSchema = z.object({ userId: z.number().int(), name: z.string(), unitName: z.string() }).meta({ id: 'ReceiverCandidate' });

// ── rotation (R-DEV-41) ───────────────────────────────────────────────────────

export const rotationQuery = z.object({ unitId: z.coerce.number().int().min(1).max(2_147_483_647).optional() });

export const rotationSchema = z
  .object({
    unitId: z.number().int(),
    unitName: z.string(),
    lastPosition: z.number().int(),
    /** Who the rotation would give the next walk-in to; null when nobody is available. */
    nextUserId: z.number().int().nullable(),
    members: z.array(
      z.object({
        userId: z.number().int(),
        name: z.string(),
        position: z.number().int(),
        available: z.boolean(),
        active: z.boolean(),
        owedTurns: z.number().int(),
        lastAssignedAt: z.string().nullable(),
        todayReceptions: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'ReceptionRotation' });
export type Rotation = z.infer<typeof rotationSchema>;

export const putRotationBody = z.object({
  members: z
    .array(z.object({ userId, available: z.boolean().optional() }))
    .max(100, '轮流接待最多 100 人')
    .refine((list) => new Set(list.map((member) => member.userId)).size === list.length, '同一人不能重复加入轮流接待'),
});
export type PutRotationBody = z.infer<typeof putRotationBody>;

export const patchMemberBody = z.object({ unitId: userId.optional(), available: z.boolean() });
export type PatchMemberBody = z.infer<typeof patchMemberBody>;

// ── statistics (R-DEV-42) ─────────────────────────────────────────────────────

export const statsQuery = z.object({
  period: z.enum(['day', 'week', 'month'], '统计周期应为 day、week 或 month').default('day'),
  from: isoDate.optional(),
  to: isoDate.optional(),
  unitId: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
});
export type StatsQuery = z.infer<typeof statsQuery>;

const measures = {
  visits: z.number().int(),
  calls: z.number().int(),
  newProspects: z.number().int(),
  siteTours: z.number().int(),
  convertedCustomers: z.number().int(),
  convertedDeals: z.number().int(),
  /** convertedCustomers / newProspects (0–1), null without prospects. */
  customerRate: z.number().nullable(),
  /** convertedDeals / (visits + calls) (0–1), null without receptions. */
  dealRate: z.number().nullable(),
};
const measuresSchema = z.object(measures);
export type StatsMeasures = z.infer<typeof measuresSchema>;

export const statsSchema = z
  .object({
    period: z.enum(['day', 'week', 'month']),
    from: z.string(),
    to: z.string(),
    buckets: z.array(z.object({ start: z.string(), label: z.string(), ...measures })),
    byReceiver: z.array(z.object({ receiverId: z.number().int(), receiverName: z.string(), ...measures })),
    bySource: z.array(z.object({ sourceCode: z.string().nullable(), sourceLabel: z.string(), ...measures })),
    totals: measuresSchema,
  })
  .meta({ id: 'ReceptionStats' });
export type ReceptionStats = z.infer<typeof statsSchema>;
