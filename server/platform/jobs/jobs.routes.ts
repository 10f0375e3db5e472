import { z } from 'zod';
import type { Deps } from '../deps';
import { idParam, pageOf } from '../http/pagination';
import { problemResponses } from '../http/problem';
import { contextOf, type AppInstance } from '../http/types';
import { jobKeyParam, jobRunSchema, jobSchema, listJobRunsQuery, updateJobBody } from './jobs.schema';
import { getJob, getJobRun, listJobRuns, listJobs, triggerJob, updateJobSchedule } from './jobs.service';
// The platform's own jobs register themselves on import.

export function jobsRoutes(app: AppInstance, deps: Deps) {
  const tags = ['定时任务'];
  const config = { permission: 'system:manage' };

  app.get(
    '/api/v1/jobs',
    {
      config,
      schema: {
        tags,
        summary: '定时任务列表：计划、启用状态、下次运行与最近一次运行',
        response: { 200: z.object({ items: z.array(jobSchema) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await listJobs(deps, contextOf(request)) }),
  );
  app.get(
    '/api/v1/jobs/runs',
    {
      config,
      schema: {
        tags,
        summary: '运行记录（状态、进度、输出），最新在前',
        querystring: listJobRunsQuery,
        response: { 200: pageOf(jobRunSchema), ...problemResponses },
      },
    },
    async (request) => listJobRuns(deps, contextOf(request), request.query),
  );
  app.get(
    '/api/v1/jobs/runs/:id',
    {
      config,
      schema: { tags, summary: '一次运行的状态与进度（刷新页面后仍可查看）', params: idParam, response: { 200: jobRunSchema, ...problemResponses } },
    },
    async (request) => getJobRun(deps, contextOf(request), request.params.id),
  );
  app.get(
    '/api/v1/jobs/:key',
    {
      config,
      schema: { tags, summary: '定时任务详情', params: jobKeyParam, response: { 200: jobSchema, ...problemResponses } },
    },
    async (request) => getJob(deps, contextOf(request), request.params.key),
  );
  app.patch(
    '/api/v1/jobs/:key',
    {
      config,
      schema: {
        tags,
        summary: '修改计划（cron）或启用/停用',
        description: 'cron 为 5 段（分 时 日 月 周），按 Asia/Shanghai 时区执行。',
        params: jobKeyParam,
        body: updateJobBody,
        response: { 200: jobSchema, ...problemResponses },
      },
    },
    async (request) => updateJobSchedule(deps, contextOf(request), request.params.key, request.body),
  );
  app.post(
    '/api/v1/jobs/:key/run',
    {
      config,
      schema: {
        tags,
        summary: '立即执行（后台运行，返回运行记录）',
        description: '同一任务正在运行时拒绝（409），避免重复执行。',
        params: jobKeyParam,
        response: { 202: jobRunSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(202).send(await triggerJob(deps, contextOf(request), request.params.key)),
  );
}
