import { z } from 'zod';
import { pageQuery } from '../http/pagination';

export const jobRunStatuses = ['running', 'succeeded', 'failed'] as const;
export type JobRunStatus = (typeof jobRunStatuses)[number];

export const jobKeyParam = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_.-]{1,63}$/, '任务标识格式不正确'),
});

export const jobRunSchema = z
  .object({
    id: z.number().int(),
    jobKey: z.string(),
    jobName: z.string(),
    /** ISO minute of the scheduled tick, or `manual:<uuid>`. */
    periodKey: z.string(),
    manual: z.boolean(),
    status: z.enum(jobRunStatuses),
    progress: z.number().int(),
    total: z.number().int().nullable(),
    /** Progress text while running, the error when failed. */
    message: z.string(),
    output: z.record(z.string(), z.unknown()).nullable(),
    triggeredById: z.number().int().nullable(),
    triggeredByName: z.string().nullable(),
    instanceId: z.string().nullable(),
    startedAt: z.string(),
    heartbeatAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'JobRun' });
export type JobRun = z.infer<typeof jobRunSchema>;

export const jobSchema = z
  .object({
    key: z.string(),
    name: z.string(),
    description: z.string(),
    defaultCron: z.string(),
    cron: z.string(),
    enabled: z.boolean(),
    nextRunAt: z.string().nullable(),
    lastRun: jobRunSchema.nullable(),
  })
  .meta({ id: 'Job' });
export type Job = z.infer<typeof jobSchema>;

export const updateJobBody = z.object({
  cron: z
    .string()
    .trim()
    .min(1, '请填写定时表达式')
    .max(100, '定时表达式不能超过 100 个字符')
    .optional()
    .describe('5 段 cron（分 时 日 月 周，Asia/Shanghai），如 0 2 * * *'),
  enabled: z.boolean().optional(),
});
export type UpdateJobBody = z.infer<typeof updateJobBody>;

export const listJobRunsQuery = pageQuery.extend({
  jobKey: z
    .string()
    .max(64, '任务标识不能超过 64 个字符')
    .refine((value) => !value.includes('\u0000'), '任务标识不能包含空字符')
    .optional(),
  status: z.enum(jobRunStatuses, '状态应为 running/succeeded/failed 之一').optional(),
});
export type ListJobRunsQuery = z.infer<typeof listJobRunsQuery>;
