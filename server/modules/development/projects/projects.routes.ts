import type { Deps } from '../../../platform/deps';
import { idParam, pageOf } from '../../../platform/http/pagination';
import { problemResponses } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { addExpense, addProgress, closeProject, reviewProject, submitReport } from './project-activity.service';
import {
  addExpenseBody,
  addProgressBody,
  closeProjectBody,
  createProjectBody,
  projectDetailSchema,
  projectListQuery,
  projectSummarySchema,
  reportBody,
  reviewBody,
  updateProjectBody,
} from './projects.schema';
import { createProject, getProject, listProjects, submitProject, updateProject } from './projects.service';
// The approval type and the daily review job register themselves on import.

/**
 * 新客户开发立项 (R-DEV-50): application → approval (unit manager → 评审小组) → expenses within
 * the budget rules, progress at least every 30 days → close as won or terminated. Every project is
 * addressed within the caller's `development` scope: others are 404.
 */
export function projectsRoutes(app: AppInstance, deps: Deps) {
  const tags = ['开发立项'];
  const read = { permission: 'development:read' };
  const write = { permission: 'development:write' };
  const assign = { permission: 'development:assign' };
  const detail = { 200: projectDetailSchema, ...problemResponses };
  const created = { 201: projectDetailSchema, ...problemResponses };
  const base = '/api/v1/development/projects';

  app.get(
    base,
    {
      config: read,
      schema: {
        tags,
        summary: '开发立项列表（含预算与已用金额、时限标记）',
        querystring: projectListQuery,
        response: { 200: pageOf(projectSummarySchema), ...problemResponses },
      },
    },
    async (request) => listProjects(deps, contextOf(request), request.query),
  );
  app.post(
    base,
    {
      config: write,
      schema: {
        tags,
        summary: '申请立项（草稿）',
        description: '客户须在本人客户范围内；他人持有独家开发权、客户在黑名单中或已有未结束的立项时拒绝。',
        body: createProjectBody,
        response: created,
      },
    },
    async (request, reply) => reply.status(201).send(await createProject(deps, contextOf(request), request.body)),
  );
  app.get(
    `${base}/:id`,
    { config: read, schema: { tags, summary: '开发立项详情（预算科目、费用、进展、审批）', params: idParam, response: detail } },
    async (request) => getProject(deps, contextOf(request), request.params.id),
  );
  app.patch(
    `${base}/:id`,
    {
      config: write,
      schema: { tags, summary: '修改立项申请（草稿或被退回时）', description: '给出 budgetItems 时整体替换预算明细。', params: idParam, body: updateProjectBody, response: detail },
    },
    async (request) => updateProject(deps, contextOf(request), request.params.id, request.body),
  );
  app.post(
    `${base}/:id/submit`,
    {
      config: write,
      schema: { tags, summary: '提交立项审批（部门负责人 → 评审小组）', params: idParam, response: detail },
    },
    async (request) => submitProject(deps, contextOf(request), request.params.id),
  );
  app.post(
    `${base}/:id/expenses`,
    {
      config: write,
      schema: {
        tags,
        summary: '记录费用',
        description: '单个预算科目最多超出预算 5%（按单位设置）；突破前费用合计不得超过突破前上限（默认 30,000 元）。',
        params: idParam,
        body: addExpenseBody,
        response: created,
      },
    },
    async (request, reply) => reply.status(201).send(await addExpense(deps, contextOf(request), request.params.id, request.body)),
  );
  app.post(
    `${base}/:id/progress`,
    {
      config: write,
      schema: {
        tags,
        summary: '汇报进展（可标记取得突破）',
        description: '至少每 30 天汇报一次；breakthrough=true 记录突破，此后不再受突破前费用上限限制。',
        params: idParam,
        body: addProgressBody,
        response: created,
      },
    },
    async (request, reply) => reply.status(201).send(await addProgress(deps, contextOf(request), request.params.id, request.body)),
  );
  app.post(
    `${base}/:id/report`,
    {
      config: write,
      schema: { tags, summary: '提交满 12 个月书面报告（负责人）', params: idParam, body: reportBody, response: detail },
    },
    async (request) => submitReport(deps, contextOf(request), request.params.id, request.body),
  );
  app.post(
    `${base}/:id/review`,
    {
      config: assign,
      schema: { tags, summary: '记录 6 个月无进展评审意见（继续开发）', params: idParam, body: reviewBody, response: detail },
    },
    async (request) => reviewProject(deps, contextOf(request), request.params.id, request.body),
  );
  app.post(
    `${base}/:id/close`,
    {
      config: assign,
      schema: { tags, summary: '结项：赢单或终止', params: idParam, body: closeProjectBody, response: detail },
    },
    async (request) => closeProject(deps, contextOf(request), request.params.id, request.body),
  );
}
