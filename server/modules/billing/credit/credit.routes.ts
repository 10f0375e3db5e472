import type { Deps } from '../../../platform/deps';
import { idParams } from '../../../platform/http/pagination';
import { problemResponses } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { creditFile, creditSchema, investigationBody, profileBody, recordInvestigation, savePaymentProfile } from './credit.service';

/** 客户信用 (R-CRD-03, 06): read within the billing scope; investigations and profile by credit:manage. */
export function creditRoutes(app: AppInstance, deps: Deps) {
  const tags = ['信用'];
  const read = { permission: 'billing:read' };
  app.get('/api/v1/customers/:id/credit', { config: read, schema: { tags, summary: '客户信用档案：近 12 个月付款表现、付款画像与资信调查', params: idParams(), response: { 200: creditSchema, ...problemResponses } } }, async (request) =>
    creditFile(deps, contextOf(request), request.params.id),
  );
  app.post('/api/v1/customers/:id/credit-investigations', { config: read, schema: { tags, summary: '登记资信调查（需 credit:manage）', params: idParams(), body: investigationBody, response: { 201: creditSchema, ...problemResponses } } }, async (request, reply) =>
    reply.status(201).send(await recordInvestigation(deps, contextOf(request), request.params.id, request.body)),
  );
  app.put('/api/v1/customers/:id/payment-profile', { config: read, schema: { tags, summary: '保存付款画像（需 credit:manage）', params: idParams(), body: profileBody, response: { 200: creditSchema, ...problemResponses } } }, async (request) =>
    savePaymentProfile(deps, contextOf(request), request.params.id, request.body),
  );
}
