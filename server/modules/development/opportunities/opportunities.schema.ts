import { z } from 'zod';
import { optionalMoneyInput } from '../../../platform/money';
import { pageQuery } from '../../../platform/http/pagination';

// Request and response shapes of 商机 (R-DEV-20…23): CRUD, stage moves, board, funnel and the
// intent-level driven follow-up rule.

const MAX_INT = 2_147_483_647;
const code = z.string().trim().max(40);
const isoDate = z.iso.date('日期格式应为 YYYY-MM-DD');
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `不能超过 ${max} 个字符`)
    .nullish()
    .transform((value) => (value ? value : null));

/** Decimal strings over HTTP (R-PLT-60); JSON numbers are accepted and normalised. */
const decimal = (integerDigits: number, message: string) =>
  z
    .union([z.number(), z.string().trim()])
    .nullish()
    .transform((value, ctx) => {
      if (value === null || value === undefined || value === '') return null;
      const normalized = String(value).replace(/,/g, '');
      if (!new RegExp(`^\\d{1,${integerDigits}}(\\.\\d{1,2})?$`).test(normalized)) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return normalized;
    });
const money = optionalMoneyInput();
const area = decimal(10, '面积应为不超过 10 位整数、最多 2 位小数的非负数（平方米）');

export const intentLevels = ['A', 'B', 'C', 'D'] as const;
export type IntentLevel = (typeof intentLevels)[number];
export const intentLevel = z.enum(intentLevels, '意向级别应为 A、B、C 或 D');
export const opportunityStatuses = ['open', 'won', 'lost'] as const;

const probability = z.number('成交概率应为 0–100 的整数').int('成交概率应为整数').min(0, '成交概率不能小于 0').max(100, '成交概率不能大于 100');

const editableFields = {
  name: z.string().trim().min(2, '商机名称至少 2 个字').max(100, '商机名称不能超过 100 个字'),
  spaceTypeCode: code.nullish(),
  area,
  budget: money,
  amount: money,
  probability: probability.optional(),
  expectedSignDate: isoDate.nullish(),
  intentLevel: intentLevel.optional(),
  note: optionalText(2000),
};

export const createOpportunityBody = z.object({
  customerId: z.number('请选择客户').int().min(1).max(Number.MAX_SAFE_INTEGER),
  ...editableFields,
  spaceTypeCode: code.min(1, '请选择需求空间类型'),
  /** Defaults to the actor; a manager may name another user within their scope. */
  ownerId: z.number().int().min(1).max(MAX_INT).nullish(),
});
export type CreateOpportunityBody = z.infer<typeof createOpportunityBody>;

export const updateOpportunityBody = z
  .object(editableFields)
  .partial()
  .extend({ version: z.number().int().min(1).optional().describe('上次读取时的版本号（乐观锁）') });
export type UpdateOpportunityBody = z.infer<typeof updateOpportunityBody>;

export const moveStageBody = z.object({
  stageCode: code.min(1, '请选择阶段'),
  lostReasonCode: code.nullish(),
  lostNote: optionalText(500),
  /** Overrides the stage's default probability. */
  probability: probability.optional(),
  version: z.number().int().min(1).optional(),
});
export type MoveStageBody = z.infer<typeof moveStageBody>;

const boolText = z.enum(['true', 'false']).optional();

/** The filters shared by the list and the board. */
export const opportunityFilters = {
  q: z.string().trim().max(50).optional().describe('关键词：商机名称、编号或客户名称'),
  stageCode: code.optional(),
  status: z.enum(opportunityStatuses).optional(),
  ownerId: z.coerce.number().int().min(1).max(MAX_INT).optional(),
  unitId: z.coerce.number().int().min(1).max(MAX_INT).optional().describe('所属部门（含下级）'),
  intentLevel: intentLevel.optional(),
  stale: boolText.describe('true = 只看超期未跟进的商机'),
  customerId: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
};
export const opportunitySortFields = ['createdAt', 'updatedAt', 'amount', 'expectedSignDate', 'probability', 'stageChangedAt', 'number'] as const;
export const listOpportunitiesQuery = pageQuery.extend(opportunityFilters);
export type ListOpportunitiesQuery = z.infer<typeof listOpportunitiesQuery>;
export type OpportunityFilters = Partial<Pick<ListOpportunitiesQuery, keyof typeof opportunityFilters>>;

export const boardQuery = z.object({
  ...opportunityFilters,
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('每列最多返回的卡片数'),
});
export type BoardQuery = z.infer<typeof boardQuery>;

export const funnelGroupings = ['stage', 'owner', 'unit'] as const;
export const funnelQuery = z.object({
  from: isoDate.optional().describe('创建日期起（含），默认本年 1 月 1 日'),
  to: isoDate.optional().describe('创建日期止（含），默认今天'),
  groupBy: z.enum(funnelGroupings).default('stage'),
  ownerId: z.coerce.number().int().min(1).max(MAX_INT).optional(),
  unitId: z.coerce.number().int().min(1).max(MAX_INT).optional(),
});
export type FunnelQuery = z.infer<typeof funnelQuery>;

export const opportunitySchema = z
  .object({
    id: z.number().int(),
    number: z.string(),
    customerId: z.number().int(),
    customerName: z.string(),
    name: z.string(),
    ownerId: z.number().int(),
    ownerName: z.string(),
    unitId: z.number().int(),
    unitName: z.string(),
    spaceTypeCode: z.string().nullable(),
    area: z.string().nullable(),
    budget: z.string().nullable(),
    amount: z.string().nullable(),
    probability: z.number().int(),
    expectedSignDate: z.string().nullable(),
    stageCode: z.string(),
    stageLabel: z.string(),
    status: z.enum(opportunityStatuses),
    intentLevel: z.enum(intentLevels),
    lostReasonCode: z.string().nullable(),
    lostNote: z.string().nullable(),
    lastFollowUpAt: z.string().nullable(),
    stageChangedAt: z.string(),
    stale: z.boolean(),
    /** Day the next follow-up is due (open opportunities only, R-DEV-22/23). */
    followUpDueDate: z.string().nullable(),
    closedAt: z.string().nullable(),
    note: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: 'Opportunity' });
export type Opportunity = z.infer<typeof opportunitySchema>;

export const stageChangeSchema = z
  .object({
    id: z.number().int(),
    fromStage: z.string().nullable(),
    fromLabel: z.string().nullable(),
    toStage: z.string(),
    toLabel: z.string(),
    forward: z.boolean(),
    actorName: z.string().nullable(),
    at: z.string(),
  })
  .meta({ id: 'OpportunityStageChange' });
export type StageChange = z.infer<typeof stageChangeSchema>;

export const opportunityDetailSchema = opportunitySchema.extend({ stageHistory: z.array(stageChangeSchema) }).meta({ id: 'OpportunityDetail' });
export type OpportunityDetail = z.infer<typeof opportunityDetailSchema>;

export const stageSchema = z.object({ code: z.string(), label: z.string(), order: z.number().int(), terminal: z.boolean(), probability: z.number().int() });

export const boardSchema = z
  .object({
    columns: z.array(
      stageSchema.extend({
        count: z.number().int(),
        amountSum: z.string(),
        items: z.array(opportunitySchema),
      }),
    ),
  })
  .meta({ id: 'OpportunityBoard' });
export type Board = z.infer<typeof boardSchema>;
export type BoardColumn = Board['columns'][number];

const funnelStage = z.object({
  code: z.string(),
  label: z.string(),
  /** Opportunities that reached at least this stage. */
  reached: z.number().int(),
  /** reached / reached of the previous stage; null when the previous had none. */
  conversionRate: z.number().nullable(),
});
const funnelGroup = z.object({
  key: z.string(),
  id: z.number().int().nullable(),
  name: z.string(),
  total: z.number().int(),
  open: z.number().int(),
  won: z.number().int(),
  lost: z.number().int(),
  winRate: z.number().nullable(),
  stages: z.array(funnelStage),
});
export type FunnelGroup = z.infer<typeof funnelGroup>;
export type FunnelStage = z.infer<typeof funnelStage>;
export const funnelSchema = z
  .object({ from: z.string(), to: z.string(), groupBy: z.enum(funnelGroupings), overall: funnelGroup, groups: z.array(funnelGroup) })
  .meta({ id: 'OpportunityFunnel' });
export type Funnel = z.infer<typeof funnelSchema>;

export const intentLevelBody = z.object({ level: intentLevel });
export const customerIntentSchema = z
  .object({
    customerId: z.number().int(),
    intentLevel: z.enum(intentLevels).nullable(),
    followUpDays: z.number().int().nullable(),
    lastFollowUpAt: z.string().nullable(),
    followUpDueDate: z.string().nullable(),
  })
  .meta({ id: 'CustomerIntentLevel' });
export type CustomerIntent = z.infer<typeof customerIntentSchema>;

export const followUpsDueQuery = z.object({
  days: z.coerce.number().int().min(0).max(90).default(3).describe('包含今后几天内到期的跟进，默认 3 天'),
});
const dueItem = z.object({
  customerId: z.number().int(),
  customerName: z.string(),
  intentLevel: z.string(),
  followUpDays: z.number().int(),
  lastFollowUpAt: z.string().nullable(),
  dueDate: z.string(),
  overdue: z.boolean(),
});
export const followUpsDueSchema = z
  .object({
    customers: z.array(dueItem),
    opportunities: z.array(dueItem.extend({ opportunityId: z.number().int(), number: z.string(), name: z.string(), stageLabel: z.string(), stale: z.boolean() })),
  })
  .meta({ id: 'FollowUpsDue' });
export type FollowUpsDue = z.infer<typeof followUpsDueSchema>;

export type OpportunityStatus = (typeof opportunityStatuses)[number];
/** What a client sends (before defaults and normalisation). */
export type CreateOpportunityInput = z.input<typeof createOpportunityBody>;
export type UpdateOpportunityInput = z.input<typeof updateOpportunityBody>;
export type MoveStageInput = z.input<typeof moveStageBody>;
