import { z } from 'zod';
import { moneyInput, moneyOutput } from '../../../platform/money';
import { isoDate } from '../../../platform/calendar/calendar.schema';
import { pageQuery } from '../../../platform/http/pagination';

// Request and response shapes of 新客户开发立项 (R-DEV-50). Money travels as decimal strings
// ("10500.00"); a plain JSON number is accepted on input for convenience.

const text = (max: number) => z.string().trim().max(max, `不能超过 ${max} 个字符`);
const recordId = z.number('应为记录编号').int().min(1).max(Number.MAX_SAFE_INTEGER);

/** A positive amount, at most 10 integer digits and 2 decimals; the output is the canonical decimal string. */
export const positiveAmount = (label: string) => moneyInput({ label, positive: true, integerDigits: 10 });

export const projectStatuses = ['draft', 'pending', 'active', 'rejected', 'won', 'terminated'] as const;
export type ProjectStatus = (typeof projectStatuses)[number];
export const projectFlags = ['no_progress_3m', 'review_6m', 'report_12m'] as const;

export const budgetItemBody = z.object({
  category: text(40).min(1, '请填写预算科目，如 差旅、招待、礼品'),
  amount: positiveAmount('预算金额'),
  note: text(200)
    .nullish()
    .transform((value) => value || null),
});

export const createProjectBody = z.object({
  customerId: recordId,
  name: text(100).min(2, '立项名称至少 2 个字'),
  background: text(4000).min(1, '请填写立项背景'),
  expectedAnnualVolume: positiveAmount('预计年业务量'),
  target: text(500).min(1, '请填写开发目标（达成即视为成功）'),
  budgetItems: z.array(budgetItemBody, '请填写预算明细').min(1, '至少填写一项预算').max(30, '预算明细最多 30 项'),
});
export type CreateProjectBody = z.infer<typeof createProjectBody>;

export const updateProjectBody = createProjectBody.omit({ customerId: true }).partial();
export type UpdateProjectBody = z.infer<typeof updateProjectBody>;

export const addExpenseBody = z.object({
  budgetItemId: recordId,
  amount: positiveAmount('费用金额'),
  spentOn: isoDate,
  note: text(500).min(1, '请填写费用说明'),
});
export type AddExpenseBody = z.infer<typeof addExpenseBody>;

export const addProgressBody = z.object({
  reportedOn: isoDate,
  content: text(4000).min(1, '请填写进展内容'),
  breakthrough: z.boolean().optional().default(false),
});
export type AddProgressBody = z.infer<typeof addProgressBody>;

export const reportBody = z.object({ text: text(8000).min(10, '书面报告至少 10 个字') });
export type ReportBody = z.infer<typeof reportBody>;

export const reviewBody = z.object({ comment: text(1000).min(1, '请填写评审意见') });
export type ReviewBody = z.infer<typeof reviewBody>;

export const closeProjectBody = z.object({
  result: z.enum(['won', 'terminated'], '结果应为 won（赢单）或 terminated（终止）'),
  reason: text(1000).min(1, '请填写结束原因'),
});
export type CloseProjectBody = z.infer<typeof closeProjectBody>;

export const projectListQuery = pageQuery.extend({
  status: z.enum(projectStatuses, '状态不正确').optional(),
  flag: z.enum(projectFlags, '标记不正确').optional(),
  ownerId: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
  unitId: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
  q: text(100).optional().describe('立项编号、名称或客户名称'),
});
export type ProjectListQuery = z.infer<typeof projectListQuery>;

const money = moneyOutput;

export const projectSummarySchema = z
  .object({
    id: z.number().int(),
    number: z.string(),
    customerId: z.number().int(),
    customerName: z.string(),
    name: z.string(),
    ownerId: z.number().int(),
    ownerName: z.string().nullable(),
    unitId: z.number().int(),
    unitName: z.string().nullable(),
    status: z.enum(projectStatuses),
    flag: z.enum(projectFlags).nullable(),
    reviewRequired: z.boolean(),
    reportRequired: z.boolean(),
    expectedAnnualVolume: money,
    target: z.string().nullable(),
    budgetTotal: money,
    spentTotal: money,
    preBreakthroughSpent: money,
    preBreakthroughCap: money,
    approvedAt: z.string().nullable(),
    lastProgressAt: z.string().nullable(),
    /** Date the next progress report is due (active projects). */
    nextProgressDue: z.string().nullable(),
    breakthroughAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'DevelopmentProjectSummary' });
export type ProjectSummary = z.infer<typeof projectSummarySchema>;

export const budgetItemSchema = z.object({
  id: z.number().int(),
  category: z.string(),
  amount: money,
  note: z.string().nullable(),
  spent: money,
  /** Budget plus the allowed overrun (5 %). */
  limit: money,
  remaining: money,
});

export const expenseSchema = z.object({
  id: z.number().int(),
  budgetItemId: z.number().int(),
  category: z.string(),
  amount: money,
  spentOn: z.string(),
  note: z.string(),
  preBreakthrough: z.boolean(),
  recordedById: z.number().int(),
  recordedByName: z.string().nullable(),
  createdAt: z.string(),
});
export type Expense = z.infer<typeof expenseSchema>;

export const progressSchema = z.object({
  id: z.number().int(),
  reportedOn: z.string(),
  content: z.string(),
  breakthrough: z.boolean(),
  recordedById: z.number().int(),
  recordedByName: z.string().nullable(),
  createdAt: z.string(),
});
export type Progress = z.infer<typeof progressSchema>;

export const projectDetailSchema = projectSummarySchema
  .extend({
    background: z.string(),
    overBudgetRate: z.number(),
    closeReason: z.string().nullable(),
    reportText: z.string().nullable(),
    reportSubmittedAt: z.string().nullable(),
    budgetItems: z.array(budgetItemSchema),
    expenses: z.array(expenseSchema),
    progress: z.array(progressSchema),
    approvals: z.array(
      z.object({ id: z.number().int(), status: z.string(), title: z.string(), createdAt: z.string(), completedAt: z.string().nullable() }),
    ),
    /** What the caller may do now (the server checks again). */
    can: z.object({
      edit: z.boolean(),
      submit: z.boolean(),
      record: z.boolean(),
      report: z.boolean(),
      review: z.boolean(),
      close: z.boolean(),
    }),
  })
  .meta({ id: 'DevelopmentProjectDetail' });
export type ProjectDetail = z.infer<typeof projectDetailSchema>;
