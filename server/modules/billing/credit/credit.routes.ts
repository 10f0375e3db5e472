import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { idParams } from '../../../platform/http/pagination';
import { problemResponses } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { creditFile, creditSchema, investigationBody, profileBody, recordInvestigation, savePaymentProfile } from './credit.service';
import { applyForMeasure, measureBody, measureSchema } from './measures.service';
import { rateBody, rateCustomer, ratingOverviewSchema, ratingsOverview } from './ratings.service';
import { scorecardInput } from './scorecard';
import { listScorecards, proposeScorecard, scorecardSchema } from './scorecard.service';

/** 客户信用 (R-CRD-01…06): read within the billing scope; ratings, investigations, profile and scorecards by credit:manage. */
export function creditRoutes(app: AppInstance, deps: Deps) {
  const tags = ['信用'];
  const read = { permission: 'billing:read' };
  app.get('/api/v1/customers/:id/credit', { config: read, schema: { tags, summary: '客户信用档案：评级与额度、付款表现、信用措施、付款画像与资信调查', params: idParams(), response: { 200: creditSchema, ...problemResponses } } }, async (request) =>
    creditFile(deps, contextOf(request), request.params.id),
  );
  app.post('/api/v1/customers/:id/credit-investigations', { config: read, schema: { tags, summary: '登记资信调查（需 credit:manage）', params: idParams(), body: investigationBody, response: { 201: creditSchema, ...problemResponses } } }, async (request, reply) =>
    reply.status(201).send(await recordInvestigation(deps, contextOf(request), request.params.id, request.body)),
  );
  app.put('/api/v1/customers/:id/payment-profile', { config: read, schema: { tags, summary: '保存付款画像（需 credit:manage）', params: idParams(), body: profileBody, response: { 200: creditSchema, ...problemResponses } } }, async (request) =>
    savePaymentProfile(deps, contextOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/v1/customers/:id/credit-ratings',
    { config: read, schema: { tags, summary: '信用评级（需 credit:manage）：评企业素质、经济实力、偿债能力；信息完整度与履约表现由系统计算', params: idParams(), body: rateBody, response: { 201: creditSchema, ...problemResponses } } },
    async (request, reply) => {
      await rateCustomer(deps, contextOf(request), request.params.id, request.body);
      return reply.status(201).send(await creditFile(deps, contextOf(request), request.params.id));
    },
  );
  app.post(
    '/api/v1/customers/:id/credit-measures',
    { config: read, schema: { tags, summary: '申请信用措施或超额度例外（需 credit:manage 或 contract:write；上级审批）', params: idParams(), body: measureBody, response: { 201: measureSchema, ...problemResponses } } },
    async (request, reply) => reply.status(201).send(await applyForMeasure(deps, contextOf(request), request.params.id, request.body)),
  );
  app.get(
    '/api/v1/credit/ratings',
    { config: read, schema: { tags, summary: '信用评级一览（每个客户的最新评级与复评日期）', querystring: z.object({ rating: z.enum(['A', 'B', 'C', 'D']).optional(), reviewDue: z.enum(['true', 'false']).optional() }), response: { 200: z.array(ratingOverviewSchema), ...problemResponses } } },
    async (request) => ratingsOverview(deps, contextOf(request), { rating: request.query.rating, reviewDue: request.query.reviewDue === 'true' }),
  );
  app.get('/api/v1/credit/scorecards', { config: read, schema: { tags, summary: '信用评分卡各版本（权重、分数线、评级政策）', response: { 200: z.array(scorecardSchema), ...problemResponses } } }, async (request) => listScorecards(deps, contextOf(request)));
  app.post(
    '/api/v1/credit/scorecards',
    { config: read, schema: { tags, summary: '提交评分卡新版本（需 credit:manage；分管领导/总经理批准后生效）', body: scorecardInput, response: { 201: scorecardSchema, ...problemResponses } } },
    async (request, reply) => reply.status(201).send(await proposeScorecard(deps, contextOf(request), request.body)),
  );
}
