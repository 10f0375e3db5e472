import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { idParams, pageOf } from '../../../platform/http/pagination';
import { problemResponses, problemSchema } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { convertReception } from './reception-convert.service';
import { getRotation, putRotation, setMemberAvailability } from './reception-rotation.service';
import { receptionStats } from './reception-stats.service';
import {
  convertReceptionBody,
  createReceptionBody,
  listReceptionQuery,
  lookupQuery,
  lookupResultSchema,
  patchMemberBody,
  putRotationBody,
  receptionRecordSchema,
  receiverCandidateSchema,
  rotationQuery,
  rotationSchema,
  statsQuery,
  statsSchema,
  updateReceptionBody,
} from './reception.schema';
import { createReception, getReception, listReceptions, listReceivers, lookupVisitor, updateReception } from './reception.service';

const recordParams = idParams();
const memberParams = z.object({ userId: z.coerce.number().int().min(1).max(2_147_483_647) });

/** R-CUS-05: a duplicate refusal names the existing customer and its owner. */
const duplicateProblemSchema = problemSchema.extend({
  existing: z
    .object({
      id: z.number().int().optional(),
      code: z.string().optional(),
      unitName: z.string().optional(),
      name: z.string(),
      ownerName: z.string().nullable(),
      status: z.string(),
      statusLabel: z.string(),
    })
    .optional(),
});

export function receptionRoutes(app: AppInstance, deps: Deps) {
  const tags = ['来访来电登记'];
  const base = '/api/v1/development';
  const read = { permission: 'development:read' };
  const write = { permission: 'reception:write' };

  app.post(
    `${base}/reception-records`,
    {
      config: write,
      schema: {
        tags,
        summary: '登记来访/来电（自动分配接待人）',
        description:
          '未手动指定接待人时按规则分配（R-DEV-41）：访客指定的专员 → 保护期内接待过该电话/客户的人或客户经理 → 本单位轮流接待（跳过的轮次记欠轮，回来后补上）。`assignment` 说明分配原因。',
        body: createReceptionBody,
        response: { 201: receptionRecordSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await createReception(deps, contextOf(request), request.body)),
  );
  app.get(
    `${base}/reception-records`,
    {
      config: read,
      schema: { tags, summary: '来访来电登记列表', querystring: listReceptionQuery, response: { 200: pageOf(receptionRecordSchema), ...problemResponses } },
    },
    async (request) => listReceptions(deps, contextOf(request), request.query),
  );
  app.get(
    `${base}/reception-records/:id`,
    { config: read, schema: { tags, summary: '登记详情', params: recordParams, response: { 200: receptionRecordSchema, ...problemResponses } } },
    async (request) => getReception(deps, contextOf(request), request.params.id),
  );
  app.patch(
    `${base}/reception-records/:id`,
    {
      config: write,
      schema: { tags, summary: '补录离开时间、摘要或带看', params: recordParams, body: updateReceptionBody, response: { 200: receptionRecordSchema, ...problemResponses } },
    },
    async (request) => updateReception(deps, contextOf(request), request.params.id, request.body),
  );
  app.post(
    `${base}/reception-records/:id/convert`,
    {
      config: write,
      schema: {
        tags,
        summary: '新访客一键转为客户（含查重）',
        description: '客户经理为接待人，联系人取自登记；同名或同一统一社会信用代码已存在时返回 409 DUPLICATE（含已有客户及其负责人）。',
        params: recordParams,
        body: convertReceptionBody,
        response: { 201: receptionRecordSchema.extend({ convertedCustomerName: z.string() }), ...problemResponses, 409: duplicateProblemSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await convertReception(deps, contextOf(request), request.params.id, request.body)),
  );
  app.get(
    `${base}/reception-lookup`,
    {
      config: write,
      schema: { tags, summary: '按电话/客户查询是否来过、由谁接待', querystring: lookupQuery, response: { 200: lookupResultSchema, ...problemResponses } },
    },
    async (request) => lookupVisitor(deps, contextOf(request), request.query),
  );

  app.get(
    `${base}/reception-receivers`,
    {
      config: write,
      schema: {
        tags,
        summary: '可选的接待人：本单位（含下级）在职人员及本人',
        querystring: rotationQuery,
        response: { 200: z.object({ items: z.array(receiverCandidateSchema) }), ...problemResponses },
      },
    },
    async (request) => listReceivers(deps, contextOf(request), request.query.unitId),
  );

  // 轮流接待 (R-DEV-41)
  app.get(
    `${base}/reception-rotation`,
    {
      config: read,
      schema: { tags, summary: '单位的轮流接待顺序与下一位', querystring: rotationQuery, response: { 200: rotationSchema, ...problemResponses } },
    },
    async (request) => getRotation(deps, contextOf(request), request.query.unitId),
  );
  app.put(
    `${base}/reception-rotation`,
    {
      config: { permission: 'development:assign' },
      schema: {
        tags,
        summary: '设置轮流接待成员与顺序',
        description: '按数组顺序排位；保留成员的欠轮数，移出的成员欠轮作废。',
        querystring: rotationQuery,
        body: putRotationBody,
        response: { 200: rotationSchema, ...problemResponses },
      },
    },
    async (request) => putRotation(deps, contextOf(request), request.query.unitId, request.body),
  );
  app.patch(
    `${base}/reception-rotation/members/:userId`,
    {
      config: read,
      schema: {
        tags,
        summary: '设置成员是否可接待（本人或部门经理）',
        params: memberParams,
        body: patchMemberBody,
        response: { 200: rotationSchema, ...problemResponses },
      },
    },
    async (request) => setMemberAvailability(deps, contextOf(request), request.params.userId, request.body),
  );

  // 来人来电统计 (R-DEV-42)
  app.get(
    `${base}/reception-stats`,
    {
      config: read,
      schema: { tags, summary: '来人来电统计与成交分析（日/周/月）', querystring: statsQuery, response: { 200: statsSchema, ...problemResponses } },
    },
    async (request) => receptionStats(deps, contextOf(request), request.query),
  );
}
