import type { Deps } from '../../../platform/deps';
import { idParam, pageOf } from '../../../platform/http/pagination';
import { problemResponses } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { visitCalendar } from './visit-calendar.service';
import { createVisitPlan, getVisitPlan, listVisitPlans, submitVisitPlan, updateVisitPlan } from './visit-plans.service';
import { decideRemovalProposal, listRemovalProposals } from './visit-removal.service';
import {
  calendarQuery,
  calendarSchema,
  createdVisitSchema,
  createVisitBody,
  createVisitPlanBody,
  decideProposalBody,
  proposalQuery,
  proposalSchema,
  reviewVisitBody,
  updateVisitBody,
  updateVisitPlanBody,
  visitOptionsQuery,
  visitOptionsSchema,
  visitPlanDetailSchema,
  visitPlanQuery,
  visitPlanSchema,
  visitQuery,
  visitSchema,
} from './visits.schema';
import { createVisit, getVisit, listVisits, reviewVisit, updateVisit, visitOptions } from './visits.service';
// The missed-visit job and the departure hand-over step register themselves on import.

/**
 * 拜访计划 (R-DEV-30), 拜访记录 (R-DEV-31, 33), 移出拜访计划建议 (R-DEV-32). Every record is read
 * within the caller's `development` scope: others are 404.
 */
export function visitsRoutes(app: AppInstance, deps: Deps) {
  const tags = ['拜访与跟进'];
  const read = { permission: 'development:read' };
  const write = { permission: 'development:write' };
  const base = '/api/v1/development';

  // ── 拜访计划 ──────────────────────────────────────────────────────────────────────
  app.get(
    `${base}/visit-plans`,
    { config: read, schema: { tags, summary: '拜访计划列表（本人；经理为本部门）', querystring: visitPlanQuery, response: { 200: pageOf(visitPlanSchema), ...problemResponses } } },
    async (request) => listVisitPlans(deps, contextOf(request), request.query),
  );
  app.post(
    `${base}/visit-plans`,
    {
      config: write,
      schema: {
        tags,
        summary: '新建月度拜访计划（草稿）',
        description: '每人每月一份；客户须在本人客户范围内，计划日期须在该月内；已确认移出拜访计划的客户不能列入。',
        body: createVisitPlanBody,
        response: { 201: visitPlanDetailSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await createVisitPlan(deps, contextOf(request), request.body)),
  );
  app.get(
    `${base}/visit-plans/:id`,
    { config: read, schema: { tags, summary: '拜访计划详情', params: idParam, response: { 200: visitPlanDetailSchema, ...problemResponses } } },
    async (request) => getVisitPlan(deps, contextOf(request), request.params.id),
  );
  app.patch(
    `${base}/visit-plans/:id`,
    {
      config: write,
      schema: {
        tags,
        summary: '修改拜访计划（草稿、被退回或被驳回时）',
        params: idParam,
        body: updateVisitPlanBody,
        response: { 200: visitPlanDetailSchema, ...problemResponses },
      },
    },
    async (request) => updateVisitPlan(deps, contextOf(request), request.params.id, request.body),
  );
  app.post(
    `${base}/visit-plans/:id/submit`,
    {
      config: write,
      schema: {
        tags,
        summary: '提交拜访计划审批',
        description: '发起「月度拜访计划」审批（默认部门负责人）；在计划月份开始后首次提交的标记为逾期提交。被退回的计划重新提交。',
        params: idParam,
        response: { 200: visitPlanDetailSchema, ...problemResponses },
      },
    },
    async (request) => submitVisitPlan(deps, contextOf(request), request.params.id),
  );

  // ── 拜访记录 ──────────────────────────────────────────────────────────────────────
  app.get(
    `${base}/visits`,
    { config: read, schema: { tags, summary: '拜访记录列表', querystring: visitQuery, response: { 200: pageOf(visitSchema), ...problemResponses } } },
    async (request) => listVisits(deps, contextOf(request), request.query),
  );
  app.post(
    `${base}/visits`,
    {
      config: write,
      schema: {
        tags,
        summary: '记录拜访',
        description: '客户须在本人客户范围内，联系人与商机须属于该客户。报告期限为拜访日期后 N 天（单位规则，可按工作日），逾期提交标记为迟报。',
        body: createVisitBody,
        response: { 201: createdVisitSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await createVisit(deps, contextOf(request), request.body)),
  );
  app.get(
    `${base}/visits/calendar`,
    { config: read, schema: { tags, summary: '拜访日历（按日的计划拜访与拜访记录）', querystring: calendarQuery, response: { 200: calendarSchema, ...problemResponses } } },
    async (request) => visitCalendar(deps, contextOf(request), request.query),
  );
  app.get(
    `${base}/visits/options`,
    {
      config: read,
      schema: { tags, summary: '记录拜访时可选的联系人、商机与本人计划拜访', querystring: visitOptionsQuery, response: { 200: visitOptionsSchema, ...problemResponses } },
    },
    async (request) => visitOptions(deps, contextOf(request), request.query.customerId),
  );
  app.get(
    `${base}/visits/:id`,
    { config: read, schema: { tags, summary: '拜访记录详情', params: idParam, response: { 200: visitSchema, ...problemResponses } } },
    async (request) => getVisit(deps, contextOf(request), request.params.id),
  );
  app.patch(
    `${base}/visits/:id`,
    {
      config: write,
      schema: { tags, summary: '修改拜访记录（本人，提交后 24 小时内且未审阅）', params: idParam, body: updateVisitBody, response: { 200: visitSchema, ...problemResponses } },
    },
    async (request) => updateVisit(deps, contextOf(request), request.params.id, request.body),
  );
  app.post(
    `${base}/visits/:id/review`,
    {
      config: read,
      schema: { tags, summary: '经理审阅拜访记录', params: idParam, body: reviewVisitBody, response: { 200: visitSchema, ...problemResponses } },
    },
    async (request) => reviewVisit(deps, contextOf(request), request.params.id, request.body),
  );

  // ── 移出拜访计划建议 ─────────────────────────────────────────────────────────────────
  app.get(
    `${base}/visit-removal-proposals`,
    { config: read, schema: { tags, summary: '移出拜访计划建议（R-DEV-32）', querystring: proposalQuery, response: { 200: pageOf(proposalSchema), ...problemResponses } } },
    async (request) => listRemovalProposals(deps, contextOf(request), request.query),
  );
  for (const [action, decision, summary] of [
    ['confirm', 'confirmed', '确认移出拜访计划'],
    ['dismiss', 'dismissed', '驳回移出建议'],
  ] as const) {
    app.post(
      `${base}/visit-removal-proposals/:id/${action}`,
      {
        config: { permission: 'development:assign' },
        schema: { tags, summary, params: idParam, body: decideProposalBody, response: { 200: proposalSchema, ...problemResponses } },
      },
      async (request) => decideRemovalProposal(deps, contextOf(request), request.params.id, decision, request.body),
    );
  }
}
