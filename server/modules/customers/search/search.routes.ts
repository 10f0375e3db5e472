import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { pageOf } from '../../../platform/http/pagination';
import { problemResponses } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { customerSummarySchema } from '../archive/archive.schema';
import { bulkTagCustomers, listCustomers } from './list.service';
import {
  bulkResultSchema,
  bulkTagsBody,
  customerSearchHitSchema,
  duplicateCheckQuery,
  duplicateCheckResultSchema,
  listCustomersQuery,
  SEARCH_RATE_LIMIT_PER_MINUTE,
  searchCustomersQuery,
} from './search.schema';
import { checkDuplicates, searchCustomers } from './search.service';
import { savedViewRoutes } from '../../../platform/views/saved-views';
import { customerViewList } from './views.service';

/** R-SEC-06: search is rate-limited per signed-in user (per address before sign-in is known). */
const perUserRateLimit = {
  max: SEARCH_RATE_LIMIT_PER_MINUTE,
  timeWindow: 60_000,
  keyGenerator: (request: FastifyRequest) => (request.actor ? `user:${request.actor.userId}` : `ip:${request.ip}`),
};

export function customerSearchRoutes(app: AppInstance, deps: Deps) {
  const tags = ['客户档案'];

  app.get(
    '/api/v1/customers',
    {
      config: { permission: 'customer:read' },
      schema: {
        tags,
        summary: '客户列表：按分类维度、客户经理、部门、等级、状态、标签与关键词筛选，分页排序（数据范围内）',
        description:
          '`industryCode` 为门类字母时包含其下所有大类；`ownerId=none` 为公海客户；`unitId` 包含下级部门；`sort` 可选 name、code、createdAt、updatedAt、grade。匹配超过 10,000 条时 total 为 10000 且 totalCapped 为 true（显示为「10,000+ 条」）。',
        querystring: listCustomersQuery,
        response: { 200: pageOf(customerSummarySchema), ...problemResponses },
      },
    },
    async (request) => listCustomers(deps, contextOf(request), request.query),
  );

  app.get(
    '/api/v1/customers/search',
    {
      config: { permission: 'customer:read', rateLimit: perUserRateLimit },
      schema: {
        tags,
        summary: '客户搜索（顶部搜索框）：名称片段、拼音/首字母、信用代码、编号、联系人姓名与电话，按匹配程度排序',
        description: '完全匹配（名称、编号、信用代码）在前，其次名称开头、名称包含，再次拼音、联系人与电话；同级按最近更新。至少 2 个字符。',
        querystring: searchCustomersQuery,
        response: { 200: z.object({ items: z.array(customerSearchHitSchema) }), ...problemResponses },
      },
    },
    async (request) => searchCustomers(deps, contextOf(request), request.query),
  );

  app.get(
    '/api/v1/customers/duplicate-check',
    {
      // customer:read or development:read — checked by the service.
      config: { auth: 'session', rateLimit: perUserRateLimit },
      schema: {
        tags,
        summary: '查重：按名称、电话或统一社会信用代码查找重复客户与相似名称（含相似度）',
        description: '在全部客户中查找。不在本人数据范围内的记录：完全相同（名称、电话或信用代码）时只显示名称、客户经理与状态；名称相似时只显示部分遮盖的名称与状态，不显示客户经理。需要 customer:read 或 development:read 权限。',
        querystring: duplicateCheckQuery,
        response: { 200: duplicateCheckResultSchema, ...problemResponses },
      },
    },
    async (request) => checkDuplicates(deps, contextOf(request), request.query),
  );

  app.post(
    '/api/v1/customers/bulk/tags',
    {
      config: { permission: 'customer:update' },
      schema: {
        tags,
        summary: '批量打标签：为所选客户添加/移除标签（仅处理数据范围内的客户）',
        body: bulkTagsBody,
        response: { 200: bulkResultSchema, ...problemResponses },
      },
    },
    async (request) => bulkTagCustomers(deps, contextOf(request), request.body),
  );

  savedViewRoutes(app, deps, '/api/v1/customer-views', customerViewList, '客户列表视图');
}
