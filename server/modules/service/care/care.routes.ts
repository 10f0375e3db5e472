import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { idParams } from '../../../platform/http/pagination';
import { problemResponses } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { careActionSchema, doneBody, giftRequestBody, listCareQuery, newBusinessBody, skipBody } from './care.schema';
import { completeCare, getCare, listCare, recordNewBusinessNotice, requestGift, skipCare } from './care.service';

/** 关怀日历 (R-SVC-23): key-account birthdays, festivals and the December round; gifts on an approved budget. */
export function careRoutes(app: AppInstance, deps: Deps) {
  const tags = ['客户关怀'];
  const read = { permission: 'customer:read' };
  const write = { permission: 'service:write' };
  const one = { 200: careActionSchema, ...problemResponses };
  app.get('/api/v1/care-actions', { config: read, schema: { tags, summary: '关怀日历（按日期范围，最多三个月）', querystring: listCareQuery, response: { 200: z.array(careActionSchema), ...problemResponses } } }, async (request) =>
    listCare(deps, contextOf(request), request.query),
  );
  app.post('/api/v1/care-actions/new-business', { config: write, schema: { tags, summary: '记录新业务优先告知（重点客户）', body: newBusinessBody, response: { 201: careActionSchema, ...problemResponses } } }, async (request, reply) =>
    reply.status(201).send(await recordNewBusinessNotice(deps, contextOf(request), request.body)),
  );
  app.get('/api/v1/care-actions/:id', { config: read, schema: { tags, summary: '关怀事项详情', params: idParams(), response: one } }, async (request) => getCare(deps, contextOf(request), request.params.id));
  app.post('/api/v1/care-actions/:id/gift', { config: write, schema: { tags, summary: '申请礼品预算（审批）', params: idParams(), body: giftRequestBody, response: one } }, async (request) =>
    requestGift(deps, contextOf(request), request.params.id, request.body),
  );
  app.post('/api/v1/care-actions/:id/done', { config: write, schema: { tags, summary: '办结关怀（送礼须在批准的预算内；年末关怀须记录明年需求）', params: idParams(), body: doneBody, response: one } }, async (request) =>
    completeCare(deps, contextOf(request), request.params.id, request.body),
  );
  app.post('/api/v1/care-actions/:id/skip', { config: write, schema: { tags, summary: '不执行（写明原因）', params: idParams(), body: skipBody, response: one } }, async (request) =>
    skipCare(deps, contextOf(request), request.params.id, request.body.reason),
  );
}
