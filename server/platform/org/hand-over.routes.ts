import { z } from 'zod';
import type { Deps } from '../deps';
import { idParam } from '../http/pagination';
import { problemResponses } from '../http/problem';
import { contextOf, type AppInstance } from '../http/types';
import { handOverUser, previewHandOver } from './hand-over.service';

const stepCount = z.object({ key: z.string(), label: z.string(), count: z.number().int().nullable() });

/** 离职交接 (R-PLT-05): preview the counts, then hand everything over in one operation. */
export function handOverRoutes(app: AppInstance, deps: Deps) {
  const tags = ['用户'];
  app.get(
    '/api/v1/users/:id/hand-over-preview',
    {
      config: { permission: 'user:manage' },
      schema: {
        tags,
        summary: '离职交接预览：将移交的客户、待办、审批等数量',
        params: idParam,
        response: {
          200: z.object({ userId: z.number().int(), userName: z.string(), status: z.string(), steps: z.array(stepCount) }),
          ...problemResponses,
        },
      },
    },
    async (request) => previewHandOver(deps, contextOf(request), request.params.id),
  );
  app.post(
    '/api/v1/users/:id/hand-over',
    {
      config: { permission: 'user:manage' },
      schema: {
        tags,
        summary: '离职交接：停用用户并把客户、待办、审批等移交给接替人',
        description: '在一个事务中完成：停用账号并注销其会话，执行所有已注册的交接步骤，写入一条汇总审计记录。',
        params: idParam,
        body: z.object({ successorId: z.number({ error: '请选择接替人' }).int().min(1, '请选择接替人').max(2_147_483_647, '接替人不存在') }),
        response: {
          200: z.object({ userId: z.number().int(), successorId: z.number().int(), successorName: z.string(), steps: z.array(stepCount) }),
          ...problemResponses,
        },
      },
    },
    async (request) => handOverUser(deps, contextOf(request), request.params.id, request.body.successorId),
  );
}
