import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { idParams } from '../../../platform/http/pagination';
import { problemResponses } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { contractDetailSchema } from './contracts.schema';
import { closeDispute, closeDisputeBody, disputeSchema, listDisputes, openDispute, openDisputeBody, updateDispute, updateDisputeBody } from './disputes.service';
import { decideRenewal, renewalDecisionBody } from './renewal-decision';

/** 纠纷 (R-LEA-22) and the executive's renewal decision for disputed customers (R-LEA-31). */
export function disputesRoutes(app: AppInstance, deps: Deps) {
  const tags = ['招商合同'];
  const read = { permission: 'contract:read' };
  const base = '/api/v1/contracts/:id/disputes';
  app.get(base, { config: read, schema: { tags, summary: '合同纠纷记录', params: idParams(), response: { 200: z.array(disputeSchema), ...problemResponses } } }, async (request) =>
    listDisputes(deps, contextOf(request), request.params.id),
  );
  app.post(
    base,
    {
      config: read,
      schema: {
        tags,
        summary: '登记合同纠纷',
        description: '合同经办人、法务或审核人登记当事人、争议请求、金额、法律意见与措施；登记后报告法务与分管领导，客户标记为「有争议」直至全部纠纷结案。',
        params: idParams(),
        body: openDisputeBody,
        response: { 201: disputeSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await openDispute(deps, contextOf(request), request.params.id, request.body)),
  );
  app.patch(
    `${base}/:disputeId`,
    { config: read, schema: { tags, summary: '更新纠纷的法律意见与处理措施', params: idParams('id', 'disputeId'), body: updateDisputeBody, response: { 200: disputeSchema, ...problemResponses } } },
    async (request) => updateDispute(deps, contextOf(request), request.params.id, request.params.disputeId, request.body),
  );
  app.post(
    `${base}/:disputeId/close`,
    { config: read, schema: { tags, summary: '纠纷结案（处理结果）', params: idParams('id', 'disputeId'), body: closeDisputeBody, response: { 200: disputeSchema, ...problemResponses } } },
    async (request) => closeDispute(deps, contextOf(request), request.params.id, request.params.disputeId, request.body),
  );
  app.post(
    '/api/v1/contracts/:id/renewal-decision',
    {
      config: read,
      schema: {
        tags,
        summary: '有争议客户的续签决定（分管领导/总经理）',
        description: '客户有未结纠纷时，合同须由分管领导/总经理在到期前 30 个工作日前决定续签或不续签；决定「续签」前不能办理续签。',
        params: idParams(),
        body: renewalDecisionBody,
        response: { 200: contractDetailSchema, ...problemResponses },
      },
    },
    async (request) => decideRenewal(deps, contextOf(request), request.params.id, request.body),
  );
}
