import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { contentDisposition } from '../../../platform/files/file-types';
import { idParams } from '../../../platform/http/pagination';
import { problemResponses } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { commentsBody, generateReportBody, listReportsQuery, reportSchema, reportSummarySchema } from './reports.schema';
import { generateReport, getReport, listReports, reportWorkbook, saveComments } from './reports.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** 服务周报与月度督查报告 (R-SVC-06): for service supervisors and unit managers. */
export function serviceReportsRoutes(app: AppInstance, deps: Deps) {
  const tags = ['服务报告'];
  const read = { permission: 'service:read' };
  const one = { 200: reportSchema, ...problemResponses };
  app.get('/api/v1/service-reports', { config: read, schema: { tags, summary: '服务周报与月度督查报告', querystring: listReportsQuery, response: { 200: z.array(reportSummarySchema), ...problemResponses } } }, async (request) =>
    listReports(deps, contextOf(request), request.query.kind),
  );
  app.post('/api/v1/service-reports', { config: read, schema: { tags, summary: '生成或刷新某期报告', body: generateReportBody, response: one } }, async (request) => generateReport(deps, contextOf(request), request.body));
  app.get('/api/v1/service-reports/:id', { config: read, schema: { tags, summary: '报告详情', params: idParams(), response: one } }, async (request) => getReport(deps, contextOf(request), request.params.id));
  app.put('/api/v1/service-reports/:id/comments', { config: read, schema: { tags, summary: '填写督查意见', params: idParams(), body: commentsBody, response: one } }, async (request) =>
    saveComments(deps, contextOf(request), request.params.id, request.body.comments),
  );
  app.get(
    '/api/v1/service-reports/:id/xlsx',
    { config: read, schema: { tags, summary: '导出报告（.xlsx）', params: idParams(), response: { 200: { description: '.xlsx', content: { [XLSX]: { schema: z.string().meta({ format: 'binary' }) } } }, ...problemResponses } } },
    async (request, reply) => {
      const file = await reportWorkbook(deps, contextOf(request), request.params.id);
      return reply.header('Content-Type', XLSX).header('Content-Disposition', contentDisposition('attachment', file.fileName)).header('Cache-Control', 'private, no-store').send(file.buffer as unknown as string);
    },
  );
}
