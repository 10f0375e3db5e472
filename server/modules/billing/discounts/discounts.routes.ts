import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { problemResponses } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { applyForDiscount, discountBody, discountSchema, executedDiscounts, executedDiscountSchema, listDiscounts } from './discounts.service';

/** 资费优惠 (R-BIL-20): requests within the billing scope (rates masked without sensitive:view) and the executed-discount report. */
export function discountsRoutes(app: AppInstance, deps: Deps) {
  const tags = ['优惠'];
  const read = { permission: 'billing:read' };
  app.get(
    '/api/v1/discounts',
    { config: read, schema: { tags, summary: '资费优惠申请（优惠比例为敏感字段）', querystring: z.object({ customerId: z.coerce.number().int().positive().optional(), status: z.enum(['pending', 'approved', 'rejected', 'withdrawn']).optional() }), response: { 200: z.array(discountSchema), ...problemResponses } } },
    async (request) => listDiscounts(deps, contextOf(request), request.query),
  );
  app.post(
    '/api/v1/discounts',
    { config: read, schema: { tags, summary: '申请资费优惠（需 contract:write；按比例或金额分级审批）', body: discountBody, response: { 201: discountSchema, ...problemResponses } } },
    async (request, reply) => reply.status(201).send(await applyForDiscount(deps, contextOf(request), request.body)),
  );
  app.get('/api/v1/discounts/executed', { config: read, schema: { tags, summary: '优惠执行情况：低于挂牌价的合同租金与已批准的优惠比例（需 report:read）', response: { 200: z.array(executedDiscountSchema), ...problemResponses } } }, async (request) =>
    executedDiscounts(deps, contextOf(request)),
  );
}
