import { z } from 'zod';
import { isoDate } from '../../../platform/calendar/calendar.schema';
import { pageQuery } from '../../../platform/http/pagination';

// Request and response shapes of visit plans (R-DEV-30), visit records (R-DEV-31, 33) and
// removal proposals (R-DEV-32).

const recordId = z.number().int('应为整数').min(1, '请选择').max(Number.MAX_SAFE_INTEGER);
const queryId = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
/** Users and org units have integer ids. */
const queryIntId = z.coerce.number().int().min(1).max(2_147_483_647);
const noControl = (value: string) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value);
const text = (max: number) => z.string().trim().max(max, `不能超过 ${max} 个字符`).refine(noControl, '不能包含控制字符');
const optionalText = (max: number) =>
  text(max)
    .nullish()
    .transform((value) => (value ? value : null));
const flag = z.enum(['true', 'false'], '应为 true 或 false').optional();

export const monthString = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');

// ── 拜访计划 ──────────────────────────────────────────────────────────────────────

export const visitPlanStatuses = ['draft', 'pending', 'approved', 'rejected', 'returned'] as const;
export const planItemStatuses = ['planned', 'done', 'missed', 'removed'] as const;

export const planItemBody = z.object({
  customerId: recordId.describe('客户 id（须在本人客户范围内）'),
  plannedDate: isoDate.describe('计划拜访日期，须在计划月份内'),
  purpose: text(200).min(1, '请填写拜访目的'),
});
export type PlanItemBody = z.infer<typeof planItemBody>;

export const createVisitPlanBody = z.object({
  month: monthString.describe('计划月份 YYYY-MM'),
  note: optionalText(500),
  items: z.array(planItemBody).max(300, '一个月最多计划 300 次拜访').default([]),
});
export type CreateVisitPlanBody = z.infer<typeof createVisitPlanBody>;

export const updateVisitPlanBody = z.object({
  note: optionalText(500),
  items: z.array(planItemBody).max(300, '一个月最多计划 300 次拜访'),
});
export type UpdateVisitPlanBody = z.infer<typeof updateVisitPlanBody>;

export const visitPlanQuery = pageQuery.extend({
  month: monthString.optional(),
  userId: queryIntId.optional(),
  status: z.enum(visitPlanStatuses, '状态不正确').optional(),
  mine: flag.describe('true = 只看我自己的计划'),
});
export type VisitPlanQuery = z.infer<typeof visitPlanQuery>;

export const visitPlanItemSchema = z.object({
  id: z.number().int(),
  customerId: z.number().int(),
  customerName: z.string(),
  plannedDate: z.string(),
  purpose: z.string(),
  status: z.enum(planItemStatuses),
  visitId: z.number().int().nullable(),
});
export type VisitPlanItem = z.infer<typeof visitPlanItemSchema>;

export const visitPlanSchema = z.object({
  id: z.number().int(),
  userId: z.number().int(),
  userName: z.string(),
  unitId: z.number().int(),
  unitName: z.string(),
  month: z.string(),
  status: z.enum(visitPlanStatuses),
  submittedAt: z.string().nullable(),
  lateSubmission: z.boolean(),
  approvalId: z.number().int().nullable(),
  approvedAt: z.string().nullable(),
  note: z.string().nullable(),
  itemCount: z.number().int(),
  doneCount: z.number().int(),
  missedCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type VisitPlan = z.infer<typeof visitPlanSchema>;

export const visitPlanDetailSchema = visitPlanSchema.extend({ items: z.array(visitPlanItemSchema) });
export type VisitPlanDetail = z.infer<typeof visitPlanDetailSchema>;

// ── 拜访记录 ──────────────────────────────────────────────────────────────────────

export const visitMethods = ['onsite', 'phone', 'wechat', 'email', 'inbound'] as const;
export type VisitMethod = (typeof visitMethods)[number];
export const visitMethodLabels: Record<VisitMethod, string> = { onsite: '上门', phone: '电话', wechat: '微信', email: '邮件', inbound: '来访' };

const methodField = z.enum(visitMethods, '拜访方式应为 上门/电话/微信/邮件/来访 之一');
const participants = z.array(text(40).min(1, '参与人不能为空')).max(20, '参与人最多 20 个');

export const createVisitBody = z.object({
  customerId: recordId.describe('客户 id（须在本人客户范围内）'),
  contactId: recordId.nullish().describe('该客户的联系人'),
  opportunityId: recordId.nullish().describe('该客户的商机'),
  planItemId: recordId.nullish().describe('完成的计划拜访；不填时自动匹配本人已批准计划中该客户的计划'),
  visitDate: isoDate.describe('拜访日期（不晚于今天）'),
  method: methodField,
  participants: participants.default([]),
  content: text(4000).min(1, '请填写拜访内容'),
  feedback: optionalText(2000),
  nextStep: optionalText(500),
  nextDate: isoDate.nullish().transform((value) => value ?? null),
  valid: z.boolean().default(true).describe('有效跟进（保持客户归属，R-DEV-11）'),
  progress: z.boolean().default(false).describe('本次拜访取得进展'),
});
export type CreateVisitBody = z.infer<typeof createVisitBody>;

export const updateVisitBody = z.object({
  contactId: recordId.nullish(),
  method: methodField.optional(),
  participants: participants.optional(),
  content: text(4000).min(1, '请填写拜访内容').optional(),
  feedback: optionalText(2000),
  nextStep: optionalText(500),
  nextDate: isoDate.nullish(),
});
export type UpdateVisitBody = z.infer<typeof updateVisitBody>;

export const reviewVisitBody = z.object({ comment: text(1000).min(1, '请填写审阅意见') });
export type ReviewVisitBody = z.infer<typeof reviewVisitBody>;

export const visitQuery = pageQuery.extend({
  userId: queryIntId.optional(),
  unitId: queryIntId.optional().describe('单位及其下级'),
  customerId: queryId.optional(),
  opportunityId: queryId.optional(),
  dateFrom: isoDate.optional(),
  dateTo: isoDate.optional(),
  method: methodField.optional(),
  late: flag.describe('true = 只看迟报的'),
  unreviewed: flag.describe('true = 只看未审阅的'),
});
export type VisitQuery = z.infer<typeof visitQuery>;

export const visitSchema = z.object({
  id: z.number().int(),
  customerId: z.number().int(),
  customerName: z.string(),
  contactId: z.number().int().nullable(),
  contactName: z.string().nullable(),
  opportunityId: z.number().int().nullable(),
  opportunityName: z.string().nullable(),
  planItemId: z.number().int().nullable(),
  userId: z.number().int(),
  userName: z.string(),
  unitId: z.number().int(),
  unitName: z.string(),
  visitDate: z.string(),
  method: z.enum(visitMethods),
  participants: z.array(z.string()),
  content: z.string(),
  feedback: z.string().nullable(),
  nextStep: z.string().nullable(),
  nextDate: z.string().nullable(),
  valid: z.boolean(),
  progress: z.boolean(),
  reportedAt: z.string(),
  reportDueDate: z.string(),
  late: z.boolean(),
  reviewComment: z.string().nullable(),
  reviewedById: z.number().int().nullable(),
  reviewedByName: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Visit = z.infer<typeof visitSchema>;

export const createdVisitSchema = visitSchema.extend({
  removalProposalId: z.number().int().nullable().describe('本次记录触发的「移出拜访计划」建议（R-DEV-32）'),
});
export type CreatedVisit = z.infer<typeof createdVisitSchema>;

export const calendarQuery = z.object({ month: monthString, userId: queryIntId.optional() });
export type CalendarQuery = z.infer<typeof calendarQuery>;

export const calendarSchema = z.object({
  month: z.string(),
  days: z.array(
    z.object({
      date: z.string(),
      planned: z.array(
        z.object({
          itemId: z.number().int(),
          planId: z.number().int(),
          planStatus: z.enum(visitPlanStatuses),
          customerId: z.number().int(),
          customerName: z.string(),
          purpose: z.string(),
          status: z.enum(planItemStatuses),
          userId: z.number().int(),
          userName: z.string(),
        }),
      ),
      records: z.array(
        z.object({
          id: z.number().int(),
          customerId: z.number().int(),
          customerName: z.string(),
          method: z.enum(visitMethods),
          late: z.boolean(),
          reviewed: z.boolean(),
          userId: z.number().int(),
          userName: z.string(),
        }),
      ),
    }),
  ),
});
export type VisitCalendar = z.infer<typeof calendarSchema>;

export const visitOptionsQuery = z.object({ customerId: queryId });
export const visitOptionsSchema = z.object({
  contacts: z.array(z.object({ id: z.number().int(), name: z.string(), title: z.string().nullable() })),
  opportunities: z.array(z.object({ id: z.number().int(), number: z.string(), name: z.string(), stageCode: z.string(), status: z.string() })),
  planItems: z.array(z.object({ id: z.number().int(), plannedDate: z.string(), purpose: z.string(), status: z.enum(planItemStatuses) })),
});
export type VisitOptions = z.infer<typeof visitOptionsSchema>;

// ── 移出拜访计划建议 (R-DEV-32) ─────────────────────────────────────────────────────

export const proposalStatuses = ['proposed', 'confirmed', 'dismissed'] as const;

export const proposalQuery = pageQuery.extend({
  status: z.enum(proposalStatuses, '状态不正确').optional(),
  userId: queryIntId.optional(),
  customerId: queryId.optional(),
});
export type ProposalQuery = z.infer<typeof proposalQuery>;

export const decideProposalBody = z.object({ note: optionalText(500) });
export type DecideProposalBody = z.infer<typeof decideProposalBody>;

export const proposalSchema = z.object({
  id: z.number().int(),
  customerId: z.number().int(),
  customerName: z.string(),
  userId: z.number().int(),
  userName: z.string(),
  unitId: z.number().int(),
  unitName: z.string(),
  visitCount: z.number().int(),
  status: z.enum(proposalStatuses),
  decidedById: z.number().int().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type Proposal = z.infer<typeof proposalSchema>;
