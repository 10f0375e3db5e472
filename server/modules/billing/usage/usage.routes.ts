import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { AppError } from '../../../platform/errors';
import { contentDisposition } from '../../../platform/files/file-types';
import { multipartBody, translating, uploadParts, uploadScope, type UploadLimits } from '../../../platform/http/multipart';
import { idParams } from '../../../platform/http/pagination';
import { problemResponses, problemSchema } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { moneyOutput } from '../../../platform/money';
import { buildUsageImportTemplate, importUsage, USAGE_IMPORT_MAX_BYTES, USAGE_IMPORT_MAX_ROWS } from './usage-import';
import { createUsageBody, usageListQuery, usagePageSchema, usageSchema, voidUsageBody } from './usage.schema';
import { createUsage, listUsage, voidUsage } from './usage.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const importLimits: UploadLimits = {
  maxBytes: USAGE_IMPORT_MAX_BYTES,
  fields: 0,
  expects: '一个文件字段 file',
  tooLarge: () => new AppError('PAYLOAD_TOO_LARGE', `文件超过 ${USAGE_IMPORT_MAX_BYTES / 1024 / 1024} MB 的上限，请拆分后导入`, { reason: 'upload.too_large' }),
};
const importProblem = problemSchema.extend({ rows: z.array(z.object({ row: z.number().int(), column: z.string(), message: z.string() })).optional() }).meta({ id: 'UsageImportProblem' });

/** 用量计费 (R-BIL-03): entered and imported by finance, listed within the billing scope. */
export function usageRoutes(app: AppInstance, deps: Deps) {
  const tags = ['账单'];
  const read = { permission: 'billing:read' };
  app.get('/api/v1/usage-charges', { config: read, schema: { tags, summary: '用量登记（水电抄表、仓储吨数、装卸次数）', querystring: usageListQuery, response: { 200: usagePageSchema, ...problemResponses } } }, async (request) =>
    listUsage(deps, contextOf(request), request.query),
  );
  app.post(
    '/api/v1/usage-charges',
    {
      config: { permission: 'billing:write' },
      schema: { tags, summary: '登记用量（财务）', description: '抄表：表号与本期读数（上期读数默认取上月），读数不能倒退；否则填写数量。金额 = 用量 × 单价，四舍五入到分一次；随客户下一张账单出账。', body: createUsageBody, response: { 201: usageSchema, ...problemResponses } },
    },
    async (request, reply) => reply.status(201).send(await createUsage(deps, contextOf(request), request.body)),
  );
  app.post('/api/v1/usage-charges/:id/void', { config: read, schema: { tags, summary: '作废未出账的用量（财务）', params: idParams(), body: voidUsageBody, response: { 200: usageSchema, ...problemResponses } } }, async (request) =>
    voidUsage(deps, contextOf(request), request.params.id, request.body.reason),
  );
  app.get('/api/v1/usage-charges/import-template', { config: read, schema: { tags, summary: '用量导入模板（.xlsx）', response: { 200: { description: '.xlsx', content: { [XLSX]: { schema: z.string().meta({ format: 'binary' }) } } }, ...problemResponses } } }, async (_request, reply) =>
    reply
      .header('Content-Type', XLSX)
      .header('Content-Disposition', contentDisposition('attachment', '用量导入模板.xlsx'))
      .header('Cache-Control', 'private, no-cache')
      .send((await buildUsageImportTemplate()) as unknown as string),
  );
  uploadScope(app, importLimits, (scope) => {
    scope.post(
      '/api/v1/usage-charges/import',
      {
        config: { permission: 'billing:write' },
        ...multipartBody,
        schema: {
          tags,
          summary: '从 .xlsx 导入用量（财务）',
          description: `multipart/form-data：file（按模板填写的 .xlsx，不超过 ${USAGE_IMPORT_MAX_BYTES / 1024 / 1024} MB、${USAGE_IMPORT_MAX_ROWS.toLocaleString('en-US')} 行）。任一行有错误时不导入任何用量，问题文档的 rows 列出每行每列的错误。`,
          consumes: ['multipart/form-data'],
          body: z.object({ file: z.string().meta({ format: 'binary' }) }),
          response: { 201: z.object({ rows: z.number().int(), amount: moneyOutput }), 413: problemSchema, 415: problemSchema, ...problemResponses, 400: importProblem },
        },
      },
      async (request, reply) => reply.status(201).send(await translating(importLimits, () => importUsage(deps, contextOf(request), uploadParts(request, importLimits)))),
    );
  });
}
