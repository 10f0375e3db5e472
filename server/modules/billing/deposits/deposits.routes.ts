import { z } from 'zod';
import { isValidIsoDate } from '../../../platform/dates';
import type { Deps } from '../../../platform/deps';
import { idParams } from '../../../platform/http/pagination';
import { problemResponses } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { applyForDepositRefund, depositLedger, depositLedgerSchema, depositRefundBody, payDepositStage } from './deposits.service';

/** 保证金台账与退还 (R-CRD-05): read within the billing scope; refunds and payments by finance. */
export function depositsRoutes(app: AppInstance, deps: Deps) {
  const tags = ['保证金'];
  const read = { permission: 'billing:read' };
  app.get('/api/v1/customers/:id/deposits', { config: read, schema: { tags, summary: '保证金台账：各合同的应收、已收、抵扣、退还与结存，及退还计划', params: idParams(), response: { 200: depositLedgerSchema, ...problemResponses } } }, async (request) =>
    depositLedger(deps, contextOf(request), request.params.id),
  );
  app.post(
    '/api/v1/contracts/:id/deposit-refunds',
    { config: read, schema: { tags, summary: '申请退还保证金（需 billing:write；合同结束且结清后，可分期，报分管领导/总经理审批）', params: idParams(), body: depositRefundBody, response: { 201: depositLedgerSchema, ...problemResponses } } },
    async (request, reply) => reply.status(201).send(await applyForDepositRefund(deps, contextOf(request), request.params.id, request.body)),
  );
  app.post(
    '/api/v1/deposit-refund-stages/:id/pay',
    {
      config: read,
      schema: {
        tags,
        summary: '支付一期保证金退还（需 billing:write；不早于约定日期）',
        params: idParams(),
        body: z.object({ paidOn: z.string().refine(isValidIsoDate, '支付日期应为有效日期，格式 YYYY-MM-DD'), reference: z.string().trim().min(2, '请填写付款凭证号或银行流水号').max(100) }),
        response: { 200: depositLedgerSchema, ...problemResponses },
      },
    },
    async (request) => payDepositStage(deps, contextOf(request), request.params.id, request.body),
  );
}
