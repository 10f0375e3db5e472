import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { isoDate } from '../../../platform/calendar/calendar.schema';
import { idParams } from '../../../platform/http/pagination';
import { problemResponses } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { answerBody, invitationSchema, inviteBody, publicSurveySchema, resultsSchema, surveyBody, surveySchema } from './surveys.schema';
import {
  answerForCustomer,
  createSurvey,
  getSurvey,
  inviteCustomers,
  listInvitations,
  listSurveys,
  publicAnswer,
  publicSurvey,
  setSurveyStatus,
  surveyResults,
  updateSurvey,
} from './surveys.service';

const tokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, '链接无效') });

/** 满意度调查 (R-SVC-22): design, sending, answering (staff or one-time link) and results. */
export function surveysRoutes(app: AppInstance, deps: Deps) {
  const tags = ['满意度调查'];
  const read = { permission: 'service:read' };
  const write = { permission: 'service:write' };
  app.get('/api/v1/surveys', { config: read, schema: { tags, summary: '问卷列表', response: { 200: z.array(surveySchema), ...problemResponses } } }, async (request) => listSurveys(deps, contextOf(request)));
  app.post('/api/v1/surveys', { config: read, schema: { tags, summary: '新建问卷（客服主管或管理员）', body: surveyBody, response: { 201: surveySchema, ...problemResponses } } }, async (request, reply) =>
    reply.status(201).send(await createSurvey(deps, contextOf(request), request.body)),
  );
  app.get('/api/v1/surveys/:id', { config: read, schema: { tags, summary: '问卷', params: idParams(), response: { 200: surveySchema, ...problemResponses } } }, async (request) => getSurvey(deps, contextOf(request), request.params.id));
  app.put('/api/v1/surveys/:id', { config: read, schema: { tags, summary: '修改草稿问卷', params: idParams(), body: surveyBody, response: { 200: surveySchema, ...problemResponses } } }, async (request) =>
    updateSurvey(deps, contextOf(request), request.params.id, request.body),
  );
  app.post('/api/v1/surveys/:id/activate', { config: read, schema: { tags, summary: '发布问卷', params: idParams(), response: { 200: surveySchema, ...problemResponses } } }, async (request) =>
    setSurveyStatus(deps, contextOf(request), request.params.id, 'active'),
  );
  app.post('/api/v1/surveys/:id/close', { config: read, schema: { tags, summary: '结束问卷（链接随之失效）', params: idParams(), response: { 200: surveySchema, ...problemResponses } } }, async (request) =>
    setSurveyStatus(deps, contextOf(request), request.params.id, 'closed'),
  );
  app.post('/api/v1/surveys/:id/invitations', { config: write, schema: { tags, summary: '发送给所选客户：每个客户一个一次性链接（只在此返回一次）', params: idParams(), body: inviteBody, response: { 201: z.array(invitationSchema), ...problemResponses } } }, async (request, reply) =>
    reply.status(201).send(await inviteCustomers(deps, contextOf(request), request.params.id, request.body)),
  );
  app.get('/api/v1/surveys/:id/invitations', { config: read, schema: { tags, summary: '发送记录（本人发送的与服务数据范围内客户的）', params: idParams(), response: { 200: z.array(invitationSchema), ...problemResponses } } }, async (request) =>
    listInvitations(deps, contextOf(request), request.params.id),
  );
  app.get('/api/v1/surveys/:id/results', { config: read, schema: { tags, summary: '调查结果：每题统计与按部门汇总（按发送日期）', params: idParams(), querystring: z.object({ from: isoDate.optional(), to: isoDate.optional() }), response: { 200: resultsSchema, ...problemResponses } } }, async (request) =>
    surveyResults(deps, contextOf(request), request.params.id, request.query),
  );
  app.post('/api/v1/survey-invitations/:id/answer', { config: write, schema: { tags, summary: '代客户填写', params: idParams(), body: answerBody, response: { 204: z.null(), ...problemResponses } } }, async (request, reply) => {
    await answerForCustomer(deps, contextOf(request), request.params.id, request.body);
    return reply.status(204).send(null);
  });

  // The one-time link: no account; the token is the only credential and reaches only this questionnaire.
  const limit = { max: 20, timeWindow: 60_000 };
  app.get('/api/v1/public/surveys/:token', { config: { auth: 'public', rateLimit: limit }, schema: { tags, summary: '一次性链接：读取问卷（无需登录）', params: tokenParams, response: { 200: publicSurveySchema, ...problemResponses } } }, async (request, reply) => {
    reply.header('Cache-Control', 'no-store');
    return publicSurvey(deps, request.params.token);
  });
  app.post('/api/v1/public/surveys/:token', { config: { auth: 'public', rateLimit: limit }, schema: { tags, summary: '一次性链接：提交答卷（只能提交一次）', params: tokenParams, body: answerBody, response: { 204: z.null(), ...problemResponses } } }, async (request, reply) => {
    await publicAnswer(deps, contextOf(request), request.params.token, request.body.answers);
    return reply.status(204).send(null);
  });
}
