import { z } from 'zod';
import { moneyInput, moneyOutput } from '../../../platform/money';
import { pageQuery } from '../../../platform/http/pagination';

export const channels = ['phone', 'visit', 'letter', 'email', 'im'] as const;
export const channelNames: Record<(typeof channels)[number], string> = { phone: '电话', visit: '来访', letter: '信函', email: '邮件', im: '即时通讯' };
export const priorities = ['normal', 'high', 'urgent'] as const;
export const priorityNames: Record<(typeof priorities)[number], string> = { normal: '一般', high: '紧急', urgent: '特急' };
export const ticketStatuses = ['open', 'resolved', 'closed'] as const;
export const ticketStatusNames: Record<(typeof ticketStatuses)[number], string> = { open: '处理中', resolved: '已解决', closed: '已关闭' };

export const createTicketBody = z.object({
  customerId: z.number('请选择客户').int().positive('请选择客户').max(2_147_483_647, '编号超出范围'),
  contactName: z.string().trim().min(1, '请填写联系人').max(50, '联系人不超过 50 个字'),
  contactPhone: z.string().trim().max(30, '电话不超过 30 个字符').nullish(),
  channel: z.enum(channels, '受理渠道应为 phone、visit、letter、email 或 im'),
  category: z.string().trim().min(1, '请选择请求类别').max(50),
  description: z.string().trim().min(4, '请描述客户的请求（至少 4 个字）').max(4000, '描述不超过 4000 个字'),
  priority: z.enum(priorities, '优先级应为 normal、high 或 urgent').default('normal'),
});
export type CreateTicketBody = z.infer<typeof createTicketBody>;

export const listTicketsQuery = pageQuery.extend({
  status: z.enum(ticketStatuses).optional(),
  customerId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  mine: z.enum(['true', 'false']).optional().describe('只看我负责的'),
  overdue: z.enum(['true', 'false']).optional().describe('只看已超时未解决的'),
  q: z.string().trim().max(50).optional().describe('工单编号、客户名称或描述'),
});

export const transferBody = z.object({
  toUserId: z.number('请选择接手人').int().positive('请选择接手人').max(2_147_483_647, '编号超出范围'),
  reason: z.string().trim().min(4, '请写明转办原因（至少 4 个字）').max(500),
});
export const resolveBody = z.object({ resolution: z.string().trim().min(4, '请写明处理结果（至少 4 个字）').max(4000) });

export const dispatchBody = z.object({
  unitId: z.number('请选择责任部门').int().positive('请选择责任部门').max(2_147_483_647, '编号超出范围'),
  assigneeId: z.number().int().positive().max(2_147_483_647, '编号超出范围').nullish(),
  instructions: z.string().trim().min(4, '请写明派工要求（至少 4 个字）').max(2000),
  dueAt: z.string().datetime({ offset: true, message: '完成时限应为带时区的时间，如 2026-12-08T18:00:00+08:00' }).nullish(),
});
export const completeWorkOrderBody = z
  .object({
    result: z.string().trim().min(4, '请写明处理结果（至少 4 个字）').max(2000),
    cost: moneyInput({ label: '费用' }).default('0.00'),
    chargeable: z.boolean().default(false),
    chargeItem: z.string().trim().max(50).nullish(),
  })
  .superRefine((body, ctx) => {
    if (body.chargeable && Number(body.cost) <= 0) ctx.addIssue({ code: 'custom', path: ['cost'], message: '向客户收费的派工须填写大于 0 的费用' });
    if (body.chargeable && !body.chargeItem) ctx.addIssue({ code: 'custom', path: ['chargeItem'], message: '向客户收费的派工须选择收费项目' });
  });
export const confirmWorkOrderBody = z.object({
  confirmedBy: z.string().trim().min(1, '请填写确认的客户人员').max(50),
  satisfied: z.boolean(),
  note: z.string().trim().max(1000).nullish(),
});

export const categoryRuleBody = z
  .object({
    unitId: z.number().int().positive().max(2_147_483_647, '编号超出范围').nullable(),
    deadlineHours: z.number('请填写时限（小时）').int().min(1, '时限至少 1 小时').max(24 * 90, '时限不超过 90 天'),
    keyAccountDeadlineHours: z.number('请填写重点客户时限（小时）').int().min(1, '时限至少 1 小时').max(24 * 90),
  })
  .refine((body) => body.keyAccountDeadlineHours <= body.deadlineHours, { path: ['keyAccountDeadlineHours'], message: '重点客户的时限不能长于一般客户' });

export const workOrderSchema = z.object({
  id: z.number().int(),
  unitId: z.number().int(),
  unitName: z.string(),
  assigneeId: z.number().int().nullable(),
  assigneeName: z.string().nullable(),
  instructions: z.string(),
  dueAt: z.string(),
  status: z.enum(['open', 'done', 'confirmed', 'cancelled']),
  result: z.string().nullable(),
  cost: moneyOutput.nullable(),
  chargeable: z.boolean(),
  chargeItem: z.string().nullable(),
  doneAt: z.string().nullable(),
  confirmedBy: z.string().nullable(),
  satisfied: z.boolean().nullable(),
  confirmedAt: z.string().nullable(),
  charged: z.boolean().describe('已转为客户下期账单的收费'),
});

export const ticketSummarySchema = z.object({
  id: z.number().int(),
  number: z.string(),
  customerId: z.number().int(),
  customerName: z.string(),
  contactName: z.string(),
  channel: z.enum(channels),
  category: z.string(),
  categoryName: z.string(),
  priority: z.enum(priorities),
  status: z.enum(ticketStatuses),
  ownerId: z.number().int(),
  ownerName: z.string(),
  dueAt: z.string(),
  overdue: z.boolean(),
  keyAccount: z.boolean(),
  repeatOfId: z.number().int().nullable(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
});
export const ticketDetailSchema = ticketSummarySchema.extend({
  contactPhone: z.string().nullable(),
  description: z.string(),
  takenById: z.number().int(),
  takenByName: z.string(),
  resolution: z.string().nullable(),
  firstContactResolved: z.boolean().nullable(),
  transfers: z.array(z.object({ id: z.number().int(), fromName: z.string(), toName: z.string(), reason: z.string(), byName: z.string(), createdAt: z.string() })),
  workOrders: z.array(workOrderSchema),
  canHandle: z.boolean().describe('当前用户是负责人（可转办、派工、办结）'),
  responsibleUnitId: z.number().int().nullable().describe('派单矩阵中该类别的责任部门（派工时默认）'),
});
export type TicketSummary = z.infer<typeof ticketSummarySchema>;
export type TicketDetail = z.infer<typeof ticketDetailSchema>;

export const categoryRuleSchema = z.object({ category: z.string(), categoryName: z.string(), unitId: z.number().int().nullable(), unitName: z.string().nullable(), deadlineHours: z.number().int(), keyAccountDeadlineHours: z.number().int() });

