import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { contentDisposition } from '../../../platform/files/file-types';
import { idParams, pageOf } from '../../../platform/http/pagination';
import { problemResponses } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { answerInstructionBody, askInstructionBody, createIncidentBody, delayBody, fixBody, incidentSchema, incidentSummarySchema, listIncidentsQuery, reportBody, sendReportBody } from './incidents.schema';
import { answerInstruction, askInstruction, createIncident, delayIncident, fixIncident, getIncident, listIncidents, reportDocument, saveReport, sendReport } from './incidents.service';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** 重大故障 (R-SVC-05): record, delay told to the customers, fix, 故障分析报告, 请示与批示. */
export function incidentsRoutes(app: AppInstance, deps: Deps) {
  const tags = ['重大故障'];
  const read = { permission: 'service:read' };
  const write = { permission: 'service:write' };
  const one = { 200: incidentSchema, ...problemResponses };
  app.get('/api/v1/incidents', { config: read, schema: { tags, summary: '重大故障列表', querystring: listIncidentsQuery, response: { 200: pageOf(incidentSummarySchema), ...problemResponses } } }, async (request) =>
    listIncidents(deps, contextOf(request), request.query),
  );
  app.post('/api/v1/incidents', { config: write, schema: { tags, summary: '登记重大故障（通知签约专员、责任部门负责人和公司领导）', body: createIncidentBody, response: { 201: incidentSchema, ...problemResponses } } }, async (request, reply) =>
    reply.status(201).send(await createIncident(deps, contextOf(request), request.body)),
  );
  app.get('/api/v1/incidents/:id', { config: read, schema: { tags, summary: '重大故障详情', params: idParams(), response: one } }, async (request) => getIncident(deps, contextOf(request), request.params.id));
  app.post('/api/v1/incidents/:id/delay', { config: write, schema: { tags, summary: '登记延期（原因及告知客户的时间和方式）', params: idParams(), body: delayBody, response: one } }, async (request) =>
    delayIncident(deps, contextOf(request), request.params.id, request.body),
  );
  app.post('/api/v1/incidents/:id/fix', { config: write, schema: { tags, summary: '登记修复（晚于预计时间须先登记延期）', params: idParams(), body: fixBody, response: one } }, async (request) =>
    fixIncident(deps, contextOf(request), request.params.id, request.body),
  );
  app.put('/api/v1/incidents/:id/report', { config: write, schema: { tags, summary: '填写故障分析报告（影响、原因、纠正和预防措施）', params: idParams(), body: reportBody, response: one } }, async (request) =>
    saveReport(deps, contextOf(request), request.params.id, request.body),
  );
  app.post('/api/v1/incidents/:id/report/send', { config: write, schema: { tags, summary: '向受影响客户发送故障分析报告（修复后；结束该故障）', params: idParams(), body: sendReportBody, response: one } }, async (request) =>
    sendReport(deps, contextOf(request), request.params.id, request.body.channel),
  );
  app.get(
    '/api/v1/incidents/:id/report.docx',
    { config: read, schema: { tags, summary: '故障分析报告（.docx）', params: idParams(), response: { 200: { description: '.docx', content: { [DOCX]: { schema: z.string().meta({ format: 'binary' }) } } }, ...problemResponses } } },
    async (request, reply) => {
      const file = await reportDocument(deps, contextOf(request), request.params.id);
      return reply.header('Content-Type', DOCX).header('Content-Disposition', contentDisposition('attachment', file.fileName)).header('Cache-Control', 'private, no-store').send(file.buffer as unknown as string);
    },
  );
  app.post('/api/v1/incidents/:id/instructions', { config: write, schema: { tags, summary: '请示公司领导', params: idParams(), body: askInstructionBody, response: one } }, async (request) =>
    askInstruction(deps, contextOf(request), request.params.id, request.body),
  );
  app.post('/api/v1/incidents/:id/instructions/answer', { config: read, schema: { tags, summary: '领导批示（仅被请示的领导）', params: idParams(), body: answerInstructionBody, response: one } }, async (request) =>
    answerInstruction(deps, contextOf(request), request.params.id, request.body),
  );
}
