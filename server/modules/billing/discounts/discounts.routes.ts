import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { problemResponses } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { ceilingBody, ceilingSchema, listCeilings, saveCeiling } from './ceilings.service';
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
  app.get('/api/v1/discount-ceilings', { config: read, schema: { tags, summary: '优惠权限：按客户等级的部门与上级审批上限', response: { 200: z.array(ceilingSchema), ...problemResponses } } }, async (request) => listCeilings(deps, contextOf(request)));
  app.put(
    '/api/v1/discount-ceilings/:grade',
    { config: read, schema: { tags, summary: '设置某客户等级的优惠权限（需 system:manage；* 为其他等级）', params: z.object({ grade: z.string().regex(/^(\*|[a-z][a-z0-9_]{0,29})$/, '客户等级代码') }), body: ceilingBody, response: { 200: z.array(ceilingSchema), ...problemResponses } } },
    async (request) => saveCeiling(deps, contextOf(request), request.params.grade, request.body),
  );
}
