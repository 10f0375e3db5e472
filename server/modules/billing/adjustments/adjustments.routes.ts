import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { idParams } from '../../../platform/http/pagination';
import { problemResponses } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { adjustmentSchema, applyRefund, applyWriteOff, listAdjustments, refundBody, writeOffBody } from './adjustments.service';

/** 坏账核销与预收退款 (R-BIL-05): applied for by finance, decided through the approval engine. */
export function adjustmentsRoutes(app: AppInstance, deps: Deps) {
  const tags = ['收款'];
  const read = { permission: 'billing:read' };
  app.get(
    '/api/v1/billing/adjustments',
    { config: read, schema: { tags, summary: '坏账核销与预收退款申请', querystring: z.object({ customerId: z.coerce.number().int().positive().optional(), billId: z.coerce.number().int().positive().optional() }), response: { 200: z.array(adjustmentSchema), ...problemResponses } } },
    async (request) => listAdjustments(deps, contextOf(request), request.query),
  );
  app.post(
    '/api/v1/bills/:id/write-offs',
    { config: read, schema: { tags, summary: '申请坏账核销（财务，经分管领导/总经理审批）', description: '金额不能超过账单未收金额减去审批中的核销。批准后计入账单核销金额。', params: idParams(), body: writeOffBody, response: { 201: adjustmentSchema, ...problemResponses } } },
    async (request, reply) => reply.status(201).send(await applyWriteOff(deps, contextOf(request), request.params.id, request.body)),
  );
  app.post(
    '/api/v1/customers/:id/refunds',
    { config: read, schema: { tags, summary: '申请退还预收（财务，经分管领导/总经理审批）', description: '金额不能超过客户未核销、未退还的收款减去审批中的退款（422 refund.exceeds_credit）。', params: idParams(), body: refundBody, response: { 201: adjustmentSchema, ...problemResponses } } },
    async (request, reply) => reply.status(201).send(await applyRefund(deps, contextOf(request), request.params.id, request.body)),
  );
}
