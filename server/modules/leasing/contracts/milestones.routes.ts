import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { idParams } from '../../../platform/http/pagination';
import { problemResponses } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { addMilestone, completeMilestone, executionReport, executionReportQuery, executionReportSchema, listMilestones, milestoneBody, milestoneDoneBody, milestoneSchema } from './milestones.service';

/** 履约节点与执行情况 (R-LEA-24) of a contract in the caller's contract scope. */
export function milestonesRoutes(app: AppInstance, deps: Deps) {
  const tags = ['招商合同'];
  const read = { permission: 'contract:read' };
  const base = '/api/v1/contracts/:id';
  const list = { 200: z.array(milestoneSchema), ...problemResponses };
  app.get(`${base}/milestones`, { config: read, schema: { tags, summary: '履约节点', params: idParams(), response: list } }, async (request) => listMilestones(deps, contextOf(request), request.params.id));
  app.post(
    `${base}/milestones`,
    { config: read, schema: { tags, summary: '设置履约节点（付款、交付、安全检查等），到期前提醒负责人', params: idParams(), body: milestoneBody, response: list } },
    async (request) => addMilestone(deps, contextOf(request), request.params.id, request.body),
  );
  app.post(
    `${base}/milestones/:milestoneId/done`,
    { config: read, schema: { tags, summary: '确认履约节点完成', params: idParams('id', 'milestoneId'), body: milestoneDoneBody, response: list } },
    async (request) => completeMilestone(deps, contextOf(request), request.params.id, request.params.milestoneId, request.body),
  );
  app.get(
    `${base}/execution-report`,
    {
      config: read,
      schema: { tags, summary: '合同执行情况报告（截至某日：应收与已收、违约、纠纷、变更、履约节点、入驻）', params: idParams(), querystring: executionReportQuery, response: { 200: executionReportSchema, ...problemResponses } },
    },
    async (request) => executionReport(deps, contextOf(request), request.params.id, request.query),
  );
}
