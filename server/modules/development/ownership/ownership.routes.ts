import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { pageOf } from '../../../platform/http/pagination';
import { problemResponses } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { assignCustomer, getCustomerOwnership, listMyCustomers, releaseCustomer } from './my-customers.service';
import { listOwnershipHistory } from './ownership-history.service';
import {
  assignBody,
  candidateSchema,
  candidatesQuery,
  claimResultSchema,
  createTransferBody,
  customerIdParam,
  customerOwnershipSchema,
  myCustomersPageSchema,
  myCustomersQuery,
  ownershipChangeSchema,
  poolCustomerSchema,
  poolQuery,
  releaseBody,
  transferSchema,
  transfersQuery,
} from './ownership.schema';
import { claimFromPool, listOwnerCandidates, listPool } from './pool.service';
import { listTransfers, requestTransfer } from './transfers.service';
// The release job and the departure hand-over step register themselves on import.

/** 公海 / 私海 / 转移 (R-DEV-10…14). Customers out of the caller's scope answer 404. */
export function ownershipRoutes(app: AppInstance, deps: Deps) {
  const tags = ['客户归属'];
  const base = '/api/v1/development';
  const read = { permission: 'development:read' };
  const write = { permission: 'development:write' };

  app.get(
    `${base}/pool`,
    {
      config: read,
      schema: { tags, summary: '公海客户列表（仅基本信息，全公司可见）', querystring: poolQuery, response: { 200: pageOf(poolCustomerSchema), ...problemResponses } },
    },
    async (request) => listPool(deps, contextOf(request), request.query),
  );
  app.post(
    `${base}/pool/:id/claim`,
    {
      config: write,
      schema: {
        tags,
        summary: '认领公海客户',
        description: '黑名单客户、他人独家开发期内的客户、超过名下客户上限时拒绝；并发认领只有一人成功，其余返回 409「该客户已被 X 认领」。',
        params: customerIdParam,
        response: { 200: claimResultSchema, ...problemResponses },
      },
    },
    async (request) => claimFromPool(deps, contextOf(request), request.params.id),
  );
  app.get(
    `${base}/my-customers`,
    {
      config: read,
      schema: { tags, summary: '我的客户（私海）：保护期与释放倒计时', querystring: myCustomersQuery, response: { 200: myCustomersPageSchema, ...problemResponses } },
    },
    async (request) => listMyCustomers(deps, contextOf(request), request.query),
  );
  app.get(
    `${base}/owner-candidates`,
    {
      config: read,
      schema: { tags, summary: '可接收客户的人员（姓名与单位）', querystring: candidatesQuery, response: { 200: z.object({ items: z.array(candidateSchema) }), ...problemResponses } },
    },
    async (request) => listOwnerCandidates(deps, contextOf(request), request.query.q),
  );
  app.get(
    `${base}/customers/:id/ownership`,
    {
      config: read,
      schema: { tags, summary: '客户归属：客户经理、保护期、释放日期与可执行操作', params: customerIdParam, response: { 200: customerOwnershipSchema, ...problemResponses } },
    },
    async (request) => getCustomerOwnership(deps, contextOf(request), request.params.id),
  );
  app.get(
    `${base}/customers/:id/ownership-history`,
    {
      config: read,
      schema: { tags, summary: '客户归属变更历史', params: customerIdParam, response: { 200: z.object({ items: z.array(ownershipChangeSchema) }), ...problemResponses } },
    },
    async (request) => listOwnershipHistory(deps, contextOf(request), request.params.id),
  );
  app.post(
    `${base}/customers/:id/release`,
    {
      config: write,
      schema: {
        tags,
        summary: '退回公海（客户经理本人或管理人员）',
        params: customerIdParam,
        body: releaseBody,
        response: { 200: customerOwnershipSchema.nullable(), ...problemResponses },
      },
    },
    async (request) => releaseCustomer(deps, contextOf(request), request.params.id, request.body),
  );
  app.post(
    `${base}/customers/:id/assign`,
    {
      config: { permission: 'development:assign' },
      schema: {
        tags,
        summary: '分配 / 改派客户（管理单位直接办理）',
        params: customerIdParam,
        body: assignBody,
        response: { 200: customerOwnershipSchema, ...problemResponses },
      },
    },
    async (request) => assignCustomer(deps, contextOf(request), request.params.id, request.body),
  );
  app.get(
    `${base}/transfers`,
    {
      config: read,
      schema: { tags, summary: '客户转移记录', querystring: transfersQuery, response: { 200: pageOf(transferSchema), ...problemResponses } },
    },
    async (request) => listTransfers(deps, contextOf(request), request.query),
  );
  app.post(
    `${base}/transfers`,
    {
      config: write,
      schema: {
        tags,
        summary: '客户转移 / 搬迁',
        description: '有分配权限且客户与接收人都在本人管理范围内时直接完成；否则提交「客户转移」审批，审批通过后转移并移交未完成的待办。',
        body: createTransferBody,
        response: { 201: transferSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await requestTransfer(deps, contextOf(request), request.body)),
  );
}
