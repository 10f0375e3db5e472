import type { Deps } from '../../../platform/deps';
import { idParams, pageOf } from '../../../platform/http/pagination';
import { problemResponses } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import {
  boardQuery,
  boardSchema,
  createOpportunityBody,
  customerIntentSchema,
  followUpsDueQuery,
  followUpsDueSchema,
  funnelQuery,
  funnelSchema,
  intentLevelBody,
  listOpportunitiesQuery,
  moveStageBody,
  opportunityDetailSchema,
  opportunitySchema,
  updateOpportunityBody,
} from './opportunities.schema';
import { createOpportunity, getOpportunity, listOpportunities, updateOpportunity } from './opportunities.service';
import { getCustomerIntent, listFollowUpsDue, setCustomerIntent } from './opportunity-follow-up.service';
import { getOpportunityBoard, getOpportunityFunnel } from './opportunity-pipeline.service';
import { moveOpportunityStage } from './opportunity-stage.service';

// The stale-opportunity job and the departure hand-over step register when the services load.

const params = idParams();

export function opportunitiesRoutes(app: AppInstance, deps: Deps) {
  const tags = ['商机'];
  const read = { permission: 'development:read' };
  const write = { permission: 'development:write' };
  const base = '/api/v1/development/opportunities';

  app.post(
    base,
    {
      config: write,
      schema: {
        tags,
        summary: '新建商机',
        description:
          '客户须在本人客户范围内；他人报备的独家开发期内或客户在黑名单上时拒绝（409）。编号按「商机编号」规则生成，初始阶段为第一个配置的阶段，负责人默认本人（经理可指定范围内人员）。',
        body: createOpportunityBody,
        response: { 201: opportunitySchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await createOpportunity(deps, contextOf(request), request.body)),
  );
  app.get(
    base,
    {
      config: read,
      schema: {
        tags,
        summary: '商机列表（筛选、排序、分页）',
        querystring: listOpportunitiesQuery,
        response: { 200: pageOf(opportunitySchema), ...problemResponses },
      },
    },
    async (request) => listOpportunities(deps, contextOf(request), request.query),
  );
  app.get(
    `${base}/:id`,
    {
      config: read,
      schema: { tags, summary: '商机详情（含阶段历史）', params, response: { 200: opportunityDetailSchema, ...problemResponses } },
    },
    async (request) => getOpportunity(deps, contextOf(request), request.params.id),
  );
  app.patch(
    `${base}/:id`,
    {
      config: write,
      schema: {
        tags,
        summary: '修改商机',
        description: '带上 `version` 做乐观锁，版本已变化时返回 409。已关闭的商机只能修改备注。阶段请用 /stage 推进。',
        params,
        body: updateOpportunityBody,
        response: { 200: opportunitySchema, ...problemResponses },
      },
    },
    async (request) => updateOpportunity(deps, contextOf(request), request.params.id, request.body),
  );
  app.post(
    `${base}/:id/stage`,
    {
      config: write,
      schema: {
        tags,
        summary: '推进或回退商机阶段',
        description: '进行中的商机可移到任一已配置阶段；输单须填写输单原因；赢单/输单后商机关闭，不能再变更阶段。未指定成交概率时按阶段默认值。',
        params,
        body: moveStageBody,
        response: { 200: opportunitySchema, ...problemResponses },
      },
    },
    async (request) => moveOpportunityStage(deps, contextOf(request), request.params.id, request.body),
  );
  app.get(
    '/api/v1/development/opportunity-board',
    {
      config: read,
      schema: {
        tags,
        summary: '商机看板：按阶段分列，含数量、金额合计与前 N 张卡片',
        querystring: boardQuery,
        response: { 200: boardSchema, ...problemResponses },
      },
    },
    async (request) => getOpportunityBoard(deps, contextOf(request), request.query),
  );
  app.get(
    '/api/v1/development/opportunity-funnel',
    {
      config: read,
      schema: {
        tags,
        summary: '销售漏斗：期间内新建商机到达各阶段的数量与转化率（可按负责人或部门分组）',
        querystring: funnelQuery,
        response: { 200: funnelSchema, ...problemResponses },
      },
    },
    async (request) => getOpportunityFunnel(deps, contextOf(request), request.query),
  );
  app.get(
    '/api/v1/development/follow-ups-due',
    {
      config: read,
      schema: {
        tags,
        summary: '我的待跟进：按意向级别到期（或即将到期）的客户与商机',
        querystring: followUpsDueQuery,
        response: { 200: followUpsDueSchema, ...problemResponses },
      },
    },
    async (request) => listFollowUpsDue(deps, contextOf(request), request.query.days),
  );
  app.get(
    '/api/v1/development/customers/:id/intent-level',
    {
      config: read,
      schema: { tags, summary: '客户意向级别与下次跟进日期', params, response: { 200: customerIntentSchema, ...problemResponses } },
    },
    async (request) => getCustomerIntent(deps, contextOf(request), request.params.id),
  );
  app.put(
    '/api/v1/development/customers/:id/intent-level',
    {
      config: write,
      schema: {
        tags,
        summary: '设置客户意向级别（A 每周、B 每两周、C 每月、D 每季度跟进）',
        params,
        body: intentLevelBody,
        response: { 200: customerIntentSchema, ...problemResponses },
      },
    },
    async (request) => setCustomerIntent(deps, contextOf(request), request.params.id, request.body.level),
  );
}
