import type { Deps } from '../../../platform/deps';
import { idParams } from '../../../platform/http/pagination';
import { problemResponses } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { getSchedule, scheduleSchema } from './schedule.service';

/** 账单计划 (R-BIL-02) of a contract: stored when it takes effect, a preview before. */
export function scheduleRoutes(app: AppInstance, deps: Deps) {
  app.get(
    '/api/v1/billing/contracts/:id/schedule',
    {
      config: { permission: 'contract:read' },
      schema: {
        tags: ['账单计划'],
        summary: '合同的账单计划（每期每个收费项目一行，说明计算方法）',
        description: '合同生效时生成并保存；生效前返回按当前条款计算的预览（preview = true）。合同须在本人合同范围内，否则 404。',
        params: idParams(),
        response: { 200: scheduleSchema, ...problemResponses },
      },
    },
    async (request) => getSchedule(deps, contextOf(request), request.params.id),
  );
}
