import { z } from 'zod';
import type { Deps } from '../deps';
import { idParam, pageOf } from '../http/pagination';
import { problemResponses } from '../http/problem';
import { contextOf, type AppInstance } from '../http/types';
import {
  assignableUserSchema,
  assignableUsersQuery,
  createTaskBody,
  listTasksQuery,
  reassignTaskBody,
  taskSchema,
  taskSummarySchema,
} from './tasks.schema';
import { cancelTask, completeTask, createManualTask, getMyTask, getTaskSummary, listAssignableUsers, listMyTasks, reassignTask } from './tasks.service';
// The escalation job registers itself on import.

export function tasksRoutes(app: AppInstance, deps: Deps) {
  const tags = ['待办'];
  // Every signed-in user has their own tasks; the service limits each user to the tasks
  // assigned to, escalated to, or created by them.
  const config = { auth: 'session' as const };

  app.get(
    '/api/v1/tasks',
    {
      config,
      schema: {
        tags,
        summary: '我的待办（分配给我、升级给我、我创建的），按截止时间排序',
        description: '逾期（已过截止时间且未完成）的待办带 `overdue: true`。',
        querystring: listTasksQuery,
        response: { 200: pageOf(taskSchema), ...problemResponses },
      },
    },
    async (request) => listMyTasks(deps, contextOf(request), request.query),
  );
  app.get(
    '/api/v1/tasks/summary',
    {
      config,
      schema: { tags, summary: '待办计数：未完成、逾期、升级给我的', response: { 200: taskSummarySchema, ...problemResponses } },
    },
    async (request) => getTaskSummary(deps, contextOf(request)),
  );
  app.get(
    '/api/v1/tasks/assignable-users',
    {
      config,
      schema: {
        tags,
        summary: '我可以分配待办的同事（自己、本人负责的部门及下级、用户管理范围内）',
        querystring: assignableUsersQuery,
        response: { 200: z.object({ items: z.array(assignableUserSchema) }), ...problemResponses },
      },
    },
    async (request) => listAssignableUsers(deps, contextOf(request), request.query.q),
  );
  app.get(
    '/api/v1/tasks/:id',
    {
      config,
      schema: { tags, summary: '待办详情', params: idParam, response: { 200: taskSchema, ...problemResponses } },
    },
    async (request) => getMyTask(deps, contextOf(request), request.params.id),
  );
  app.post(
    '/api/v1/tasks',
    {
      config,
      schema: {
        tags,
        summary: '新建待办（给自己；有用户管理权限或作为部门负责人时可给范围内的同事）',
        body: createTaskBody,
        response: { 201: taskSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await createManualTask(deps, contextOf(request), request.body)),
  );
  for (const [action, summary, run] of [
    ['complete', '完成待办', completeTask],
    ['cancel', '取消待办', cancelTask],
  ] as const) {
    app.post(
      `/api/v1/tasks/:id/${action}`,
      {
        config,
        schema: { tags, summary, params: idParam, response: { 200: taskSchema, ...problemResponses } },
      },
      async (request) => run(deps, contextOf(request), request.params.id),
    );
  }
  app.post(
    '/api/v1/tasks/:id/reassign',
    {
      config,
      schema: {
        tags,
        summary: '转办：改派执行人，可同时调整截止时间',
        params: idParam,
        body: reassignTaskBody,
        response: { 200: taskSchema, ...problemResponses },
      },
    },
    async (request) => reassignTask(deps, contextOf(request), request.params.id, request.body),
  );
}
