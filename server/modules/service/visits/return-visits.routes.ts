import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { idParams } from '../../../platform/http/pagination';
import { problemResponses } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { assignVisitBody, listVisitsQuery, recordVisitBody, reviewVisitBody, visitSchema } from './return-visits.schema';
import { assignReturnVisit, getReturnVisit, listReturnVisits, recordReturnVisit, reviewReturnVisit } from './return-visits.service';

/** 回访 (R-SVC-20, 21): the plan by date range, assignment, the visitor's record and the review. */
export function returnVisitsRoutes(app: AppInstance, deps: Deps) {
  const tags = ['回访'];
  const read = { permission: 'service:read' };
  const write = { permission: 'service:write' };
  const one = { 200: visitSchema, ...problemResponses };
  app.get('/api/v1/return-visits', { config: read, schema: { tags, summary: '回访计划（按日期范围，最多三个月）', querystring: listVisitsQuery, response: { 200: z.array(visitSchema), ...problemResponses } } }, async (request) =>
    listReturnVisits(deps, contextOf(request), request.query),
  );
  app.get('/api/v1/return-visits/:id', { config: read, schema: { tags, summary: '回访详情', params: idParams(), response: one } }, async (request) => getReturnVisit(deps, contextOf(request), request.params.id));
  app.post('/api/v1/return-visits/:id/assign', { config: write, schema: { tags, summary: '指派回访人（默认不能是客户的客户经理）', params: idParams(), body: assignVisitBody, response: one } }, async (request) =>
    assignReturnVisit(deps, contextOf(request), request.params.id, request.body),
  );
  app.post('/api/v1/return-visits/:id/record', { config: write, schema: { tags, summary: '填写回访记录（回访人；次一工作日内）；跟进事项生成待办或服务工单', params: idParams(), body: recordVisitBody, response: one } }, async (request) =>
    recordReturnVisit(deps, contextOf(request), request.params.id, request.body),
  );
  app.post('/api/v1/return-visits/:id/review', { config: read, schema: { tags, summary: '主管审阅回访记录', params: idParams(), body: reviewVisitBody, response: one } }, async (request) =>
    reviewReturnVisit(deps, contextOf(request), request.params.id, request.body.note),
  );
}
