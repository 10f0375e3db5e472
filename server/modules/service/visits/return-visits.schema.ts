import { z } from 'zod';
import { isoDate } from '../../../platform/calendar/calendar.schema';
import { moneyInput } from '../../../platform/money';

// 回访 (R-SVC-20, 21).

export const visitKinds = ['contract', 'key_account', 'complaint', 'renewal'] as const;
export const visitStatuses = ['planned', 'recorded', 'reviewed', 'cancelled'] as const;
export const visitMethods = ['visit', 'phone', 'video', 'other'] as const;
/** The aspects the customer scores 1–5. */
export const aspects = ['service', 'facilities', 'billing', 'security', 'overall'] as const;
/** Expenses of one visit above this need no approval flow here: they are refused (R-SVC-21 "within a limit"). */
export const EXPENSE_LIMIT = '2000.00';

export const listVisitsQuery = z.object({
  from: isoDate,
  to: isoDate,
  status: z.enum(visitStatuses).optional(),
  mine: z.enum(['true', 'false']).optional(),
});
export const assignVisitBody = z.object({
  visitorId: z.number('请选择回访人').int().positive('请选择回访人').max(2_147_483_647, '编号超出范围'),
  allowOwner: z.boolean().default(false).describe('确需由客户的客户经理本人回访时勾选'),
});
const score = z.number('请为每一项打分（1–5）').int('评分为 1–5 的整数').min(1, '评分为 1–5').max(5, '评分为 1–5');
export const recordVisitBody = z.object({
  visitedOn: isoDate,
  method: z.enum(visitMethods, '回访方式应为 visit、phone、video 或 other'),
  people: z.string().trim().min(1, '请填写客户方接待人').max(200),
  businessSituation: z.string().trim().max(2000).nullish(),
  scores: z.object(Object.fromEntries(aspects.map((a) => [a, score])) as Record<(typeof aspects)[number], typeof score>),
  opinions: z.string().trim().max(4000).nullish(),
  expenses: moneyInput({ label: '回访费用' }).default('0.00'),
  followUps: z
    .array(
      z.object({
        action: z.string().trim().min(4, '请写明跟进事项（至少 4 个字）').max(500),
        as: z.enum(['task', 'ticket'], '跟进方式应为 task（待办）或 ticket（服务工单）'),
        assigneeId: z.number().int().positive().max(2_147_483_647, '编号超出范围').nullish().describe('待办的执行人；不填为回访人'),
        dueDate: isoDate.nullish(),
      }),
    )
    .max(10, '一次最多 10 项跟进')
    .default([]),
});
export const reviewVisitBody = z.object({ note: z.string().trim().max(1000).nullish() });

export const visitSchema = z.object({
  id: z.number().int(),
  customerId: z.number().int(),
  customerName: z.string(),
  contractId: z.number().int().nullable(),
  contractNumber: z.string().nullable(),
  kind: z.enum(visitKinds),
  purpose: z.string(),
  dueDate: z.string(),
  status: z.enum(visitStatuses),
  visitorId: z.number().int().nullable(),
  visitorName: z.string().nullable(),
  ownerId: z.number().int().nullable().describe('客户的客户经理'),
  visitedOn: z.string().nullable(),
  method: z.enum(visitMethods).nullable(),
  people: z.string().nullable(),
  businessSituation: z.string().nullable(),
  scores: z.record(z.string(), z.number()).nullable(),
  opinions: z.string().nullable(),
  expenses: z.string().nullable(),
  followUps: z.array(z.object({ action: z.string(), as: z.enum(['task', 'ticket']), ref: z.number().int() })).nullable(),
  reportDueOn: z.string().nullable(),
  recordedLate: z.boolean(),
  reviewedByName: z.string().nullable(),
  reviewNote: z.string().nullable(),
  canRecord: z.boolean(),
  canReview: z.boolean(),
});
export type ReturnVisit = z.infer<typeof visitSchema>;
