import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { contentDisposition } from '../../../platform/files/file-types';
import { idParams } from '../../../platform/http/pagination';
import { problemResponses } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { disputeBody, getStatement, listStatements, respondBody, respondToStatement, sendStatement, sentStatementSchema, statementQuery, statementSchema, statementWorkbook } from './statements.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** 对账单 (R-BIL-08): read within the billing scope; sending and recording answers is finance's. */
export function statementsRoutes(app: AppInstance, deps: Deps) {
  const tags = ['收款'];
  const read = { permission: 'billing:read' };
  app.get('/api/v1/customers/:id/statement', { config: read, schema: { tags, summary: '对账单：期初余额、期间往来明细与期末余额', params: idParams(), querystring: statementQuery, response: { 200: statementSchema, ...problemResponses } } }, async (request) =>
    getStatement(deps, contextOf(request), request.params.id, request.query),
  );
  app.get(
    '/api/v1/customers/:id/statement/export',
    { config: read, schema: { tags, summary: '导出对账单（.xlsx，含客户确认栏）', params: idParams(), querystring: statementQuery, response: { 200: { description: '.xlsx', content: { [XLSX]: { schema: z.string().meta({ format: 'binary' }) } } }, ...problemResponses } } },
    async (request, reply) => {
      const file = await statementWorkbook(deps, contextOf(request), request.params.id, request.query);
      return reply.header('Content-Type', XLSX).header('Content-Disposition', contentDisposition('attachment', file.fileName)).header('Cache-Control', 'private, no-store').send(file.buffer as unknown as string);
    },
  );
  app.get('/api/v1/customers/:id/statements', { config: read, schema: { tags, summary: '已发送的对账单与客户答复', params: idParams(), response: { 200: z.array(sentStatementSchema), ...problemResponses } } }, async (request) =>
    listStatements(deps, contextOf(request), request.params.id),
  );
  app.post('/api/v1/customers/:id/statements', { config: read, schema: { tags, summary: '发送对账单（财务，保存当时的期初与期末余额）', params: idParams(), body: statementQuery, response: { 201: sentStatementSchema, ...problemResponses } } }, async (request, reply) =>
    reply.status(201).send(await sendStatement(deps, contextOf(request), request.params.id, request.body)),
  );
  app.post('/api/v1/account-statements/:id/confirm', { config: read, schema: { tags, summary: '记录客户确认对账单（财务）', params: idParams(), body: respondBody, response: { 200: sentStatementSchema, ...problemResponses } } }, async (request) =>
    respondToStatement(deps, contextOf(request), request.params.id, 'confirmed', request.body.response),
  );
  app.post('/api/v1/account-statements/:id/dispute', { config: read, schema: { tags, summary: '记录客户对对账单的异议（财务）', params: idParams(), body: disputeBody, response: { 200: sentStatementSchema, ...problemResponses } } }, async (request) =>
    respondToStatement(deps, contextOf(request), request.params.id, 'disputed', request.body.response),
  );
}
