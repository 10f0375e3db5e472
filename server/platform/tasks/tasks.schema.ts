import { z } from 'zod';
import { pageQuery } from '../http/pagination';

export const taskStatuses = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

/** Free text: at most `max` characters and no NUL (PostgreSQL text cannot store it). */
const text = (max: number) =>
  z
    .string()
    .max(max, `不能超过 ${max} 个字符`)
    .refine((value) => !value.includes('\u0000'), '不能包含空字符（\\u0000）');
const requiredText = (max: number) => text(max).refine((value) => value.trim().length > 0, '不能为空');

const instant = z.iso.datetime({ offset: true, message: '时间格式应为 ISO 8601，如 2026-03-20T18:00:00+08:00' });
const day = z.iso.date('日期格式应为 YYYY-MM-DD');
const userId = z.number().int().min(1).max(2_147_483_647);

export const taskSchema = z
  .object({
    id: z.number().int(),
    title: z.string(),
    description: z.string(),
    status: z.enum(taskStatuses),
    dueAt: z.string(),
    /** Open and past its due time (逾期). */
    overdue: z.boolean(),
    assigneeId: z.number().int(),
    assigneeName: z.string().nullable(),
    unitId: z.number().int(),
    recordType: z.string().nullable(),
    recordId: z.string().nullable(),
    ruleKey: z.string().nullable(),
    escalatedAt: z.string().nullable(),
    escalatedToId: z.number().int().nullable(),
    escalatedToName: z.string().nullable(),
    createdById: z.number().int().nullable(),
    createdByName: z.string().nullable(),
    createdAt: z.string(),
    completedAt: z.string().nullable(),
  })
  .meta({ id: 'Task' });
export type Task = z.infer<typeof taskSchema>;

export const createTaskBody = z.object({
  title: requiredText(200),
  description: text(2000).optional(),
  /** Defaults to the caller. Someone else needs `user:manage` or being their unit's manager. */
  assigneeId: userId.optional(),
  dueAt: instant,
  recordType: text(40).optional(),
  recordId: text(64).optional(),
});
export type CreateTaskBody = z.infer<typeof createTaskBody>;

export const reassignTaskBody = z.object({
  assigneeId: userId,
  dueAt: instant.optional(),
});
export type ReassignTaskBody = z.infer<typeof reassignTaskBody>;

export const taskRelations = ['assigned', 'escalated', 'created'] as const;

export const listTasksQuery = pageQuery.extend({
  status: z.enum([...taskStatuses, 'all'], '状态应为 open/done/cancelled/all 之一').default('open'),
  overdue: z.enum(['true', 'false'], 'overdue 应为 true 或 false').optional().describe('true：只看逾期'),
  relation: z.enum(taskRelations, 'relation 应为 assigned/escalated/created 之一').optional().describe('分配给我 / 升级给我 / 我创建的；不填为全部'),
  dueFrom: day.optional().describe('截止日期起（含），YYYY-MM-DD'),
  dueTo: day.optional().describe('截止日期止（含），YYYY-MM-DD'),
  recordType: text(40).optional().describe('业务类型，如 contract'),
});
export type ListTasksQuery = z.infer<typeof listTasksQuery>;

export const taskSummarySchema = z.object({ open: z.number().int(), overdue: z.number().int(), escalatedToMe: z.number().int() });
export type TaskSummary = z.infer<typeof taskSummarySchema>;

export const assignableUsersQuery = z.object({
  q: z
    .string()
    .max(40, '不能超过 40 个字符')
    .refine((value) => !value.includes('\u0000'), '不能包含空字符')
    .optional(),
});
export const assignableUserSchema = z.object({ id: z.number().int(), displayName: z.string(), unitName: z.string() });
