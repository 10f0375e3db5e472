import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { AppError } from '../../../platform/errors';
import { contentDisposition } from '../../../platform/files/file-types';
import { multipartBody, translating, uploadParts, uploadScope, type UploadLimits } from '../../../platform/http/multipart';
import { idParam, pageOf } from '../../../platform/http/pagination';
import { problemResponses, problemSchema } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { downloadCustomerExport, EXPORT_MAX_ROWS, EXPORTS_PER_HOUR, getCustomerExport, startCustomerExport } from './export.service';
import { buildImportTemplate } from './import-template';
import { MAX_IMPORT_ROWS } from './import-validation';
import { customerExportSchema, customerImportSchema, listImportsQuery, startExportBody } from './import.schema';
import {
  commitCustomerImport,
  getCustomerImport,
  IMPORT_MAX_BYTES,
  IMPORT_MAX_MB,
  listMyCustomerImports,
  rejectedRowsFile,
  uploadCustomerImport,
} from './import.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const fileResponse = (description: string) => ({
  200: { description, content: { [XLSX]: { schema: z.string().meta({ format: 'binary' }) } } },
  ...problemResponses,
});

const uploadLimits: UploadLimits = {
  maxBytes: IMPORT_MAX_BYTES,
  fields: 1,
  expects: '一个文件字段 file',
  tooLarge: () => new AppError('PAYLOAD_TOO_LARGE', `文件超过 ${IMPORT_MAX_MB} MB 的上限，请拆分为多个文件分别导入`, { reason: 'upload.too_large' }),
};

export function customerImportRoutes(app: AppInstance, deps: Deps) {
  const tags = ['客户导入导出'];

  app.get(
    '/api/v1/customer-imports/template',
    {
      config: { permission: 'customer:import' },
      schema: { tags, summary: '下载客户导入模板（.xlsx）', description: '表头为中文列名；「填写说明」工作表列出各列要求与字典可选值，字典列带下拉列表。', response: fileResponse('导入模板') },
    },
    async (_request, reply) => {
      const buffer = await buildImportTemplate(deps.db);
      return reply
        .header('Content-Type', XLSX)
        .header('Content-Disposition', contentDisposition('attachment', '客户导入模板.xlsx'))
        .header('Cache-Control', 'private, no-cache')
        .send(buffer as unknown as string);
    },
  );

  app.get(
    '/api/v1/customer-imports',
    {
      config: { permission: 'customer:import' },
      schema: { tags, summary: '我最近的客户导入', querystring: listImportsQuery, response: { 200: pageOf(customerImportSchema), ...problemResponses } },
    },
    async (request) => listMyCustomerImports(deps, contextOf(request), request.query),
  );

  uploadScope(app, uploadLimits, (scope) => {
    scope.post(
      '/api/v1/customer-imports',
      {
        config: { permission: 'customer:import' },
        ...multipartBody,
        schema: {
          tags,
          summary: '上传客户导入文件并开始校验',
          description:
            `multipart/form-data，一个文件字段 file（.xlsx 按内容识别；或 .csv/.tsv，UTF-8（可带 BOM）或 GBK 编码，不超过 ${IMPORT_MAX_MB} MB、${MAX_IMPORT_ROWS.toLocaleString('en-US')} 行）。` +
            '立即返回导入记录（status=validating），校验在后台逐行进行，进度与结果通过 GET /customer-imports/{id} 查询。',
          consumes: ['multipart/form-data'],
          body: z.object({ file: z.string().meta({ format: 'binary' }).describe('按模板填写的 .xlsx 文件，或表头相同的 .csv') }),
          response: { 201: customerImportSchema, 413: problemSchema, 415: problemSchema, 429: problemSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const created = await translating(uploadLimits, () => uploadCustomerImport(deps, contextOf(request), uploadParts(request, uploadLimits)));
        return reply.status(201).send(created);
      },
    );
  });

  app.get(
    '/api/v1/customer-imports/:id',
    {
      config: { permission: 'customer:import' },
      schema: { tags, summary: '导入进度与校验结果（只能查看自己的导入）', params: idParam, response: { 200: customerImportSchema, ...problemResponses } },
    },
    async (request) => getCustomerImport(deps, contextOf(request), request.params.id),
  );

  app.post(
    '/api/v1/customer-imports/:id/commit',
    {
      config: { permission: 'customer:import' },
      schema: {
        tags,
        summary: '确认导入校验通过的行',
        description: '只导入有效行，全部在一个事务内（全部成功或全部撤销）。已导入的批次再次提交返回 409；失败后可重试。',
        params: idParam,
        response: { 202: customerImportSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(202).send(await commitCustomerImport(deps, contextOf(request), request.params.id)),
  );

  app.get(
    '/api/v1/customer-imports/:id/rejected.xlsx',
    {
      config: { permission: 'customer:import' },
      schema: { tags, summary: '下载被拒行（含「错误原因」列）', params: idParam, response: fileResponse('被拒行') },
    },
    async (request, reply) => {
      const file = await rejectedRowsFile(deps, contextOf(request), request.params.id);
      return reply
        .header('Content-Type', XLSX)
        .header('Content-Disposition', file.contentDisposition)
        .header('Cache-Control', 'private, no-cache')
        .send(file.stream as unknown as string);
    },
  );

  app.post(
    '/api/v1/customer-exports',
    {
      config: { permission: 'customer:export' },
      schema: {
        tags,
        summary: '导出客户列表（后台任务）',
        description:
          `按列表的筛选条件与显示的列导出为 .xlsx，受数据范围限制，敏感字段按权限脱敏，记入审计日志。` +
          `单次最多 ${EXPORT_MAX_ROWS.toLocaleString('en-US')} 行；每人同时只能有一个导出，每小时最多 ${EXPORTS_PER_HOUR} 次。`,
        body: startExportBody,
        response: { 202: customerExportSchema, 429: problemSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(202).send(await startCustomerExport(deps, contextOf(request), request.body)),
  );

  app.get(
    '/api/v1/customer-exports/:id',
    {
      config: { permission: 'customer:export' },
      schema: { tags, summary: '导出进度（只能查看自己的导出）', params: idParam, response: { 200: customerExportSchema, ...problemResponses } },
    },
    async (request) => getCustomerExport(deps, contextOf(request), request.params.id),
  );

  app.get(
    '/api/v1/customer-exports/:id/download',
    {
      config: { permission: 'customer:export' },
      schema: { tags, summary: '下载导出文件（只有发起人可以下载）', params: idParam, response: fileResponse('导出的客户列表') },
    },
    async (request, reply) => {
      const file = await downloadCustomerExport(deps, contextOf(request), request.params.id);
      return reply
        .header('Content-Type', XLSX)
        .header('Content-Length', String(file.size))
        .header('Content-Disposition', file.contentDisposition)
        .header('Cache-Control', 'private, no-cache')
        .send(file.stream as unknown as string);
    },
  );
}
