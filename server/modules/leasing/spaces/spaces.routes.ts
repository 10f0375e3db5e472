import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { idParams, pageOf } from '../../../platform/http/pagination';
import { problemResponses, problemSchema } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { occupancyAt, releaseReservation, reserveUnit } from './occupancy.service';
import {
  createSpaceBody,
  importProblemSchema,
  occupiedProblemSchema,
  occupancyQuery,
  occupancySchema,
  mergeBody,
  reserveBody,
  splitBody,
  spaceDetailSchema,
  spaceTreeSchema,
  unitListQuery,
  unitSummarySchema,
  updateSpaceBody,
} from './spaces.schema';
import { createSpace, getSpace, getTree, listUnits, updateSpace } from './spaces.service';
import { mergeUnits, splitUnit } from './split-merge.service';
import { buildUnitImportTemplate, importUnits, UNIT_IMPORT_MAX_BYTES, UNIT_IMPORT_MAX_ROWS } from './unit-import';
import { AppError } from '../../../platform/errors';
import { contentDisposition } from '../../../platform/files/file-types';
import { multipartBody, translating, uploadParts, uploadScope, type UploadLimits } from '../../../platform/http/multipart';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const unitImportLimits: UploadLimits = {
  maxBytes: UNIT_IMPORT_MAX_BYTES,
  fields: 1,
  expects: '园区字段 parkId 与一个文件字段 file',
  tooLarge: () => new AppError('PAYLOAD_TOO_LARGE', `文件超过 ${UNIT_IMPORT_MAX_BYTES / 1024 / 1024} MB 的上限，请拆分后导入`, { reason: 'upload.too_large' }),
};

/**
 * 房源 (R-LEA-01…03): the tree 园区 → 楼栋/库区 → 楼层 → 单元, units with their status on any
 * day, occupancy rates, and reservations. The inventory is shared; customers holding units are
 * named only within the caller's customer scope.
 */
export function spacesRoutes(app: AppInstance, deps: Deps) {
  const tags = ['房源'];
  const read = { permission: 'space:read' };
  const manage = { permission: 'space:manage' };
  const detail = { 200: spaceDetailSchema, ...problemResponses };
  const dateQuery = z.object({ date: unitListQuery.shape.date });

  app.get(
    '/api/v1/spaces/tree',
    { config: read, schema: { tags, summary: '房源树（园区、楼栋/库区、楼层，含下属单元数）', response: { 200: spaceTreeSchema, ...problemResponses } } },
    async (request) => getTree(deps, contextOf(request)),
  );
  app.get(
    '/api/v1/spaces/units',
    {
      config: read,
      schema: {
        tags,
        summary: '单元列表（指定日期的状态、占用者与空置起始日）',
        description: '按 parentId 限定到某个园区/楼栋/楼层之下；date 默认今天，可查过去或将来的日期。status=vacant 即空置清单（含 vacantSince）。',
        querystring: unitListQuery,
        response: { 200: pageOf(unitSummarySchema), ...problemResponses },
      },
    },
    async (request) => listUnits(deps, contextOf(request), request.query),
  );
  app.get(
    '/api/v1/spaces/occupancy',
    {
      config: read,
      schema: {
        tags,
        summary: '出租率（按面积与按单元数，分楼栋与单元类型）',
        description: '面积为使用面积；维修、不可租的单元不计入可出租面积。date 可为任意日期（含过去）。',
        querystring: occupancyQuery,
        response: { 200: occupancySchema, ...problemResponses },
      },
    },
    async (request) => occupancyAt(deps, contextOf(request), request.query),
  );
  app.post(
    '/api/v1/spaces',
    { config: manage, schema: { tags, summary: '新建房源节点或单元', description: '无 parentId 为园区；园区之下为楼栋/库区，其下为楼层，楼层之下为单元。', body: createSpaceBody, response: { 201: spaceDetailSchema, ...problemResponses } } },
    async (request, reply) => reply.status(201).send(await createSpace(deps, contextOf(request), request.body)),
  );
  app.get(
    '/api/v1/spaces/:id',
    { config: read, schema: { tags, summary: '房源详情（含全部预留与租约历史）', params: idParams(), querystring: dateQuery, response: detail } },
    async (request) => getSpace(deps, contextOf(request), request.params.id, request.query.date),
  );
  app.patch(
    '/api/v1/spaces/:id',
    { config: manage, schema: { tags, summary: '修改房源（含设为维修/不可租）', params: idParams(), body: updateSpaceBody, response: detail } },
    async (request) => updateSpace(deps, contextOf(request), request.params.id, request.body),
  );
  app.get(
    '/api/v1/spaces/import-template',
    {
      config: manage,
      schema: {
        tags,
        summary: '下载单元导入模板（.xlsx）',
        response: { 200: { description: '单元导入模板', content: { [XLSX]: { schema: z.string().meta({ format: 'binary' }) } } }, ...problemResponses },
      },
    },
    async (_request, reply) =>
      reply
        .header('Content-Type', XLSX)
        .header('Content-Disposition', contentDisposition('attachment', '单元导入模板.xlsx'))
        .header('Cache-Control', 'private, no-cache')
        .send((await buildUnitImportTemplate()) as unknown as string),
  );
  uploadScope(app, unitImportLimits, (scope) => {
    scope.post(
      '/api/v1/spaces/import',
      {
        config: manage,
        ...multipartBody,
        schema: {
          tags,
          summary: '从 .xlsx 导入园区的楼栋、楼层与单元',
          description: `multipart/form-data：parkId（园区）与 file（按模板填写的 .xlsx，不超过 ${UNIT_IMPORT_MAX_BYTES / 1024 / 1024} MB、${UNIT_IMPORT_MAX_ROWS.toLocaleString('en-US')} 行）。楼栋与楼层按编码找到或新建；任一行有错误时不导入任何单元，问题文档的 rows 列出每行每列的错误。`,
          consumes: ['multipart/form-data'],
          body: z.object({ parkId: z.string(), file: z.string().meta({ format: 'binary' }) }),
          response: { 201: z.object({ buildings: z.number().int(), floors: z.number().int(), units: z.number().int() }), 413: problemSchema, 415: problemSchema, ...problemResponses, 400: importProblemSchema },
        },
      },
      async (request, reply) => reply.status(201).send(await translating(unitImportLimits, () => importUnits(deps, contextOf(request), uploadParts(request, unitImportLimits)))),
    );
  });
  app.post(
    '/api/v1/spaces/merge',
    {
      config: manage,
      schema: {
        tags,
        summary: '合并同一楼层、同一类型的单元',
        description: '原单元保留其预留与租约记录并标记为已合并；自今天起仍被预留或出租的单元不能合并。面积为原单元之和。',
        body: mergeBody,
        response: { 201: z.object({ id: z.number().int() }), ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await mergeUnits(deps, contextOf(request), request.body)),
  );
  app.post(
    '/api/v1/spaces/:id/split',
    {
      config: manage,
      schema: {
        tags,
        summary: '拆分单元',
        description: '新单元继承类型、租金、承重、净高与设施；原单元保留其预留与租约记录并标记为已拆分。使用面积合计不得超过原单元。',
        params: idParams(),
        body: splitBody,
        response: { 201: z.object({ ids: z.array(z.number().int()) }), ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await splitUnit(deps, contextOf(request), request.params.id, request.body)),
  );
  app.post(
    '/api/v1/spaces/:id/reservations',
    {
      config: { permission: 'development:write' },
      schema: {
        tags,
        summary: '预留单元给客户（至截止日）',
        description: '客户须在本人客户范围内且不在黑名单中；与该单元已有的预留或租约日期重叠时拒绝，并说明占用的合同或预留、客户与日期。',
        params: idParams(),
        body: reserveBody,
        response: { 201: z.object({ id: z.number().int() }), ...problemResponses, 409: occupiedProblemSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await reserveUnit(deps, contextOf(request), request.params.id, request.body)),
  );
  app.post(
    '/api/v1/space-reservations/:id/release',
    { config: read, schema: { tags, summary: '解除预留（预留人或房源管理员）', params: idParams(), response: { 204: z.null(), ...problemResponses } } },
    async (request, reply) => {
      await releaseReservation(deps, contextOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
