import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { idParams } from '../../../platform/http/pagination';
import { problemResponses } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { cancelBody, cancelInvoice, getProfile, invoiceSchema, issueBody, issueInvoice, listInvoices, pickUpBody, pickUpInvoice, profileBody, profileSchema, requestBody, requestInvoice, saveProfile } from './invoices.service';

/** 发票 (R-BIL-07): details and requests within the billing scope; issuing, pick-up and void by finance. */
export function invoicesRoutes(app: AppInstance, deps: Deps) {
  const tags = ['发票'];
  const read = { permission: 'billing:read' };
  app.get('/api/v1/customers/:id/invoice-profile', { config: read, schema: { tags, summary: '客户开票信息', params: idParams(), response: { 200: profileSchema, ...problemResponses } } }, async (request) => getProfile(deps, contextOf(request), request.params.id));
  app.put('/api/v1/customers/:id/invoice-profile', { config: read, schema: { tags, summary: '保存客户开票信息（抬头、税号、开户行与账号、地址电话）', params: idParams(), body: profileBody, response: { 200: profileSchema, ...problemResponses } } }, async (request) =>
    saveProfile(deps, contextOf(request), request.params.id, request.body),
  );
  app.get(
    '/api/v1/invoices',
    { config: read, schema: { tags, summary: '开票申请与发票登记簿', querystring: z.object({ customerId: z.coerce.number().int().positive().optional(), status: z.enum(['requested', 'issued', 'cancelled']).optional() }), response: { 200: z.array(invoiceSchema), ...problemResponses } } },
    async (request) => listInvoices(deps, contextOf(request), request.query),
  );
  app.post('/api/v1/invoices', { config: read, schema: { tags, summary: '申请开票（增值税专用发票须先完善开票信息；每张账单只能开票一次）', body: requestBody, response: { 201: invoiceSchema, ...problemResponses } } }, async (request, reply) =>
    reply.status(201).send(await requestInvoice(deps, contextOf(request), request.body)),
  );
  app.post('/api/v1/invoices/:id/issue', { config: read, schema: { tags, summary: '登记开具的发票号码与日期（财务）', params: idParams(), body: issueBody, response: { 200: invoiceSchema, ...problemResponses } } }, async (request) =>
    issueInvoice(deps, contextOf(request), request.params.id, request.body),
  );
  app.post('/api/v1/invoices/:id/pick-up', { config: read, schema: { tags, summary: '发票领取签收（财务登记领取人）', params: idParams(), body: pickUpBody, response: { 200: invoiceSchema, ...problemResponses } } }, async (request) =>
    pickUpInvoice(deps, contextOf(request), request.params.id, request.body),
  );
  app.post('/api/v1/invoices/:id/cancel', { config: read, schema: { tags, summary: '作废开票申请或发票（财务，须填原因）', params: idParams(), body: cancelBody, response: { 200: invoiceSchema, ...problemResponses } } }, async (request) =>
    cancelInvoice(deps, contextOf(request), request.params.id, request.body),
  );
}
