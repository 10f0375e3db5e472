import { z } from 'zod';
import { hasPermission } from '../../../platform/access/access';
import type { Deps } from '../../../platform/deps';
import { contentDisposition } from '../../../platform/files/file-types';
import { numericRecordId, type RecordTypeRegistration } from '../../../platform/files/record-access';
import { idParams, pageOf } from '../../../platform/http/pagination';
import { problemResponses } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { analysisSchema, analysisWorkbook, complaintAnalysis, criterionOptions, saveAnalysisNotes } from './analysis.service';
import {
  accountabilityBody,
  analysisBody,
  assignBody,
  classifyBody,
  complaintDetailSchema,
  complaintSummarySchema,
  createComplaintBody,
  dutyEntrySchema,
  dutyRosterBody,
  dutyRosterQuery,
  findingsBody,
  handOverBody,
  listComplaintsQuery,
  meetingBody,
  pauseBody,
  planBody,
  replyBody,
  satisfactionBody,
  serviceSettingsSchema,
} from './complaints.schema';
import { visibleComplaint } from './complaints.access';
import {
  assignComplaint,
  classifyComplaint,
  handOverComplaint,
  pauseComplaint,
  recordAccountability,
  recordFindings,
  recordMeeting,
  recordPlan,
  recordSatisfaction,
  replyComplaint,
  resumeComplaint,
} from './complaint-handling.service';
import { createComplaint, getComplaint, listComplaints } from './complaints.service';
import { addDutyEntry, getServiceSettings, listDutyRoster, removeDutyEntry, saveServiceSettings } from './duty-roster.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const monthParams = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式为 YYYY-MM') });

/** Evidence on a complaint (R-PLT-52): the same need-to-know and 回避 as the complaint itself. */
export const complaintRecordType: RecordTypeRegistration = {
  type: 'service_complaint',
  access: {
    label: '投诉',
    canRead: async (deps, actor, recordId) => {
      const id = numericRecordId(recordId, Number.MAX_SAFE_INTEGER);
      if (id === null || !hasPermission(actor, 'service:read')) return false;
      return visibleComplaint(deps.db, actor, id).then(() => true, () => false);
    },
    canWrite: async (deps, actor, recordId) => {
      const id = numericRecordId(recordId, Number.MAX_SAFE_INTEGER);
      if (id === null || !hasPermission(actor, 'service:write')) return false;
      const c = await visibleComplaint(deps.db, actor, id).catch(() => null);
      return c !== null && c.status !== 'closed' && (c.handlerId === actor.userId || c.investigatorId === actor.userId || c.takenById === actor.userId);
    },
    // Not on the customer's record: the customer's files are read more widely than the complaint.
    customerIdOf: async () => null,
  },
};

/** 投诉 (R-SVC-10…14): need-to-know and 回避 on every route; handling by the handler. */
export function complaintsRoutes(app: AppInstance, deps: Deps) {
  const tags = ['投诉'];
  const read = { permission: 'service:read' };
  const write = { permission: 'service:write' };
  const detail = { 200: complaintDetailSchema, ...problemResponses };
  app.get('/api/v1/complaints', { config: read, schema: { tags, summary: '投诉列表（仅经办人与其上级可见；被投诉人回避）', querystring: listComplaintsQuery, response: { 200: pageOf(complaintSummarySchema), ...problemResponses } } }, async (request) =>
    listComplaints(deps, contextOf(request), request.query),
  );
  app.post('/api/v1/complaints', { config: write, schema: { tags, summary: '受理投诉或记录抱怨', body: createComplaintBody, response: { 201: complaintDetailSchema, ...problemResponses } } }, async (request, reply) =>
    reply.status(201).send(await createComplaint(deps, contextOf(request), request.body)),
  );
  app.get('/api/v1/complaints/criteria', { config: read, schema: { tags, summary: '定性依据（R-SVC-11）', response: { 200: z.array(z.object({ code: z.string(), validity: z.string(), severity: z.string(), name: z.string() })), ...problemResponses } } }, async () => criterionOptions);
  app.get('/api/v1/complaints/:id', { config: read, schema: { tags, summary: '投诉详情：时限、调查、定性、答复与处理记录', params: idParams(), response: detail } }, async (request) => getComplaint(deps, contextOf(request), request.params.id));

  const post = <B extends z.ZodType>(path: string, summary: string, body: B | null, handler: (id: number, body: z.infer<B>, request: Parameters<typeof contextOf>[0]) => Promise<z.infer<typeof complaintDetailSchema>>, config = write) =>
    app.post(`/api/v1/complaints/:id/${path}`, { config, schema: { tags, summary, params: idParams(), ...(body ? { body } : {}), response: detail } }, async (request) =>
      handler(request.params.id, request.body as z.infer<B>, request),
    );
  post('assign', '指派处理人或调查人（处理人或其上级；被投诉人及须回避者不可指派）', assignBody, (id, body, r) => assignComplaint(deps, contextOf(r), id, body));
  post('plan', '制定处理方案（30 分钟时限）', planBody, (id, body, r) => recordPlan(deps, contextOf(r), id, body.plan));
  post('pause', '暂停计时：等待客户', pauseBody, (id, body, r) => pauseComplaint(deps, contextOf(r), id, body.reason));
  post('resume', '恢复计时', null, (id, _body, r) => resumeComplaint(deps, contextOf(r), id));
  post('findings', '记录调查结果（调查人或处理人）', findingsBody, (id, body, r) => recordFindings(deps, contextOf(r), id, body.findings));
  post('classify', '定性：有效（一般/恶性）或无效（一般/恶意），须选定性依据', classifyBody, (id, body, r) => classifyComplaint(deps, contextOf(r), id, body.criterion, body.note));
  post('meeting', '会议决定（恶性投诉；是否报告主管部门；处理人的上级或督办人）', meetingBody, (id, body, r) => recordMeeting(deps, contextOf(r), id, body), read);
  post('reply', '答复投诉人（定性之后；恶性投诉须先有会议决定）', replyBody, (id, body, r) => replyComplaint(deps, contextOf(r), id, body.reply));
  post('satisfaction', '记录投诉人满意度：满意结案，不满意重新处理', satisfactionBody, (id, body, r) => recordSatisfaction(deps, contextOf(r), id, body.satisfied, body.note));
  post('accountability', '责任追究（有效投诉；处理人、其上级或督办人）', accountabilityBody, (id, body, r) => recordAccountability(deps, contextOf(r), id, body), read);
  app.post(
    '/api/v1/complaints/:id/hand-over',
    { config: read, schema: { tags, summary: '移交客户服务给其他部门人员（超过 3 天未办结；处理人的上级或督办人）', params: idParams(), body: handOverBody, response: { 200: z.object({ id: z.number().int(), handlerId: z.number().int(), handedOverToName: z.string() }), ...problemResponses } } },
    async (request) => handOverComplaint(deps, contextOf(request), request.params.id, request.body),
  );

  app.get('/api/v1/complaint-analysis/:month', { config: read, schema: { tags, summary: '月度投诉分析（按可见范围统计）', params: monthParams, response: { 200: analysisSchema, ...problemResponses } } }, async (request) =>
    complaintAnalysis(deps, contextOf(request), request.params.month),
  );
  app.put('/api/v1/complaint-analysis/:month', { config: read, schema: { tags, summary: '填写原因分析与改进措施（部门经理或督办人）', params: monthParams, body: analysisBody, response: { 200: analysisSchema, ...problemResponses } } }, async (request) =>
    saveAnalysisNotes(deps, contextOf(request), request.params.month, request.body),
  );
  app.get(
    '/api/v1/complaint-analysis/:month/export',
    { config: read, schema: { tags, summary: '导出月度投诉分析（.xlsx）', params: monthParams, response: { 200: { description: '.xlsx', content: { [XLSX]: { schema: z.string().meta({ format: 'binary' }) } } }, ...problemResponses } } },
    async (request, reply) => {
      const file = await analysisWorkbook(deps, contextOf(request), request.params.month);
      return reply.header('Content-Type', XLSX).header('Content-Disposition', contentDisposition('attachment', file.fileName)).header('Cache-Control', 'private, no-store').send(file.buffer as unknown as string);
    },
  );

  const dutyTags = ['值班'];
  app.get('/api/v1/service/duty-roster', { config: read, schema: { tags: dutyTags, summary: '节假日值班表', querystring: dutyRosterQuery, response: { 200: z.array(dutyEntrySchema), ...problemResponses } } }, async (request) =>
    listDutyRoster(deps, contextOf(request), request.query.from, request.query.to),
  );
  app.post('/api/v1/service/duty-roster', { config: read, schema: { tags: dutyTags, summary: '排班（部门经理、督办人或管理员）', body: dutyRosterBody, response: { 201: z.object({ id: z.number().int() }), ...problemResponses } } }, async (request, reply) =>
    reply.status(201).send({ id: await addDutyEntry(deps, contextOf(request), request.body) }),
  );
  app.delete('/api/v1/service/duty-roster/:id', { config: read, schema: { tags: dutyTags, summary: '取消排班', params: idParams(), response: { 204: z.null(), ...problemResponses } } }, async (request, reply) => {
    await removeDutyEntry(deps, contextOf(request), request.params.id);
    return reply.status(204).send(null);
  });
  app.get('/api/v1/service/settings', { config: read, schema: { tags: dutyTags, summary: '客户服务设置：投诉回避范围', response: { 200: serviceSettingsSchema, ...problemResponses } } }, async (request) => getServiceSettings(deps, contextOf(request)));
  app.put('/api/v1/service/settings', { config: read, schema: { tags: dutyTags, summary: '修改投诉回避范围（需 system:manage）', body: serviceSettingsSchema, response: { 200: serviceSettingsSchema, ...problemResponses } } }, async (request) =>
    saveServiceSettings(deps, contextOf(request), request.body),
  );
}
