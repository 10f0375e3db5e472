import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { contentDisposition } from '../../../platform/files/file-types';
import { idParams, pageOf } from '../../../platform/http/pagination';
import { problemResponses } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { ledgerReportFile, ledgerReportSchema, listLedgerReports, produceLedgerReport, quarterInput } from './ledger-reports';
import { exportLedger, ledgerQuery, ledgerRowSchema, listLedger } from './ledger.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const xlsxResponse = { 200: { description: '.xlsx', content: { [XLSX]: { schema: z.string().meta({ format: 'binary' }) } } }, ...problemResponses };

/** 合同台账 (R-LEA-20, 21): the ledger within the caller's scope, its export, and the quarterly reports. */
export function ledgerRoutes(app: AppInstance, deps: Deps) {
  const tags = ['合同台账'];
  const read = { permission: 'contract:read' };
  app.get('/api/v1/contract-ledger', { config: read, schema: { tags, summary: '合同台账（已签署的合同）', querystring: ledgerQuery, response: { 200: pageOf(ledgerRowSchema), ...problemResponses } } }, async (request) =>
    listLedger(deps, contextOf(request), request.query),
  );
  app.get(
    '/api/v1/contract-ledger/export',
    { config: read, schema: { tags, summary: '导出合同台账（.xlsx）', querystring: ledgerQuery.pick({ status: true, from: true, to: true }), response: xlsxResponse } },
    async (request, reply) => {
      const file = await exportLedger(deps, contextOf(request), request.query);
      return reply.header('Content-Type', XLSX).header('Content-Disposition', contentDisposition('attachment', file.fileName)).header('Cache-Control', 'private, no-store').send(file.buffer as unknown as string);
    },
  );
  app.get(
    '/api/v1/contract-ledger/reports',
    { config: read, schema: { tags, summary: '季度合同台账（各季度各版本，全公司合同范围）', response: { 200: z.array(ledgerReportSchema), ...problemResponses } } },
    async (request) => listLedgerReports(deps, contextOf(request)),
  );
  app.post(
    '/api/v1/contract-ledger/reports',
    {
      config: read,
      schema: { tags, summary: '重新生成某季度合同台账（新版本，报送法务与分管领导）', body: z.object({ quarter: quarterInput }), response: { 201: ledgerReportSchema, ...problemResponses } },
    },
    async (request, reply) => reply.status(201).send(await produceLedgerReport(deps, contextOf(request), request.body.quarter)),
  );
  app.get('/api/v1/contract-ledger/reports/:id/file', { config: read, schema: { tags, summary: '下载季度合同台账', params: idParams(), response: xlsxResponse } }, async (request, reply) => {
    const file = await ledgerReportFile(deps, contextOf(request), request.params.id);
    return reply.header('Content-Type', XLSX).header('Content-Disposition', contentDisposition('attachment', file.fileName)).header('Cache-Control', 'private, no-store').send(file.body as unknown as string);
  });
}
