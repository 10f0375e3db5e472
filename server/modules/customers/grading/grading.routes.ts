import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { problemResponses, problemSchema } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { startRegrade } from './grading.jobs';
import { getCustomerGrading, gradingDistribution, listGradeChanges, topCustomers } from './grading.queries';
import {
  changeGradeBody,
  createTierBody,
  customerGradingSchema,
  customerIdParam,
  distributionQuery,
  distributionSchema,
  gradeChangeSchema,
  gradeChangesQuery,
  gradeTierSchema,
  recordRevenueBody,
  regradeBody,
  regradeRunSchema,
  revenueParams,
  revenueSchema,
  tierCodeParam,
  topCustomersSchema,
  topQuery,
  unitGradingSettingSchema,
  unitIdParam,
  updateTierBody,
  updateUnitSettingBody,
} from './grading.schema';
import {
  changeCustomerGrade,
  createTier,
  deleteTier,
  deleteUnitSetting,
  getUnitSetting,
  listTiers,
  recordRevenueByHand,
  updateTier,
  updateUnitSetting,
} from './grading.service';
import { pageOf } from '../../../platform/http/pagination';

const tags = ['客户分类分级'];
/** A refused grade change also says how full the quota is (R-CUS-22). */
const quotaProblemSchema = problemSchema.extend({
  quota: z
    .object({ grade: z.string(), total: z.number().int(), limit: z.number().int(), current: z.number().int() })
    .optional()
    .describe('配额已满时：单位客户总数、名额上限（向下取整）与已占用数'),
});
// Operations open to several permissions check them in the service (config.auth = session).
const session = { auth: 'session' as const };

export function customerGradingRoutes(app: AppInstance, deps: Deps) {
  // ── tiers (R-CUS-21) ──
  app.get(
    '/api/v1/customer-grading/tiers',
    { config: { permission: 'customer:read' }, schema: { tags, summary: '收入分级档次（未乘单位系数）', response: { 200: z.object({ items: z.array(gradeTierSchema) }), ...problemResponses } } },
    async (request) => ({ items: await listTiers(deps, contextOf(request)) }),
  );
  app.post(
    '/api/v1/customer-grading/tiers',
    { config: { permission: 'system:manage' }, schema: { tags, summary: '新增分级档次', body: createTierBody, response: { 201: gradeTierSchema, ...problemResponses } } },
    async (request, reply) => reply.status(201).send(await createTier(deps, contextOf(request), request.body)),
  );
  app.patch(
    '/api/v1/customer-grading/tiers/:code',
    {
      config: { permission: 'system:manage' },
      schema: { tags, summary: '修改分级档次（下次重新分级时生效）', params: tierCodeParam, body: updateTierBody, response: { 200: gradeTierSchema, ...problemResponses } },
    },
    async (request) => updateTier(deps, contextOf(request), request.params.code, request.body),
  );
  app.delete(
    '/api/v1/customer-grading/tiers/:code',
    { config: { permission: 'system:manage' }, schema: { tags, summary: '删除分级档次', params: tierCodeParam, response: { 204: z.null(), ...problemResponses } } },
    async (request, reply) => {
      await deleteTier(deps, contextOf(request), request.params.code);
      return reply.status(204).send(null);
    },
  );

  // ── unit settings (R-CUS-21/22) ──
  app.get(
    '/api/v1/customer-grading/settings/:unitId',
    {
      config: { permission: 'customer:read' },
      schema: { tags, summary: '单位的分级方式、系数与重点客户数（未单独设置时沿用上级）', params: unitIdParam, response: { 200: unitGradingSettingSchema, ...problemResponses } },
    },
    async (request) => getUnitSetting(deps, contextOf(request), request.params.unitId),
  );
  app.put(
    '/api/v1/customer-grading/settings/:unitId',
    {
      config: session,
      schema: {
        tags,
        summary: '设置单位的分级方式（按收入 × 系数，或按配额）',
        description: '需要 system:manage，或 development:assign 且数据范围覆盖该单位。下级单位未单独设置时沿用。',
        params: unitIdParam,
        body: updateUnitSettingBody,
        response: { 200: unitGradingSettingSchema, ...problemResponses },
      },
    },
    async (request) => updateUnitSetting(deps, contextOf(request), request.params.unitId, request.body),
  );
  app.delete(
    '/api/v1/customer-grading/settings/:unitId',
    {
      config: session,
      schema: { tags, summary: '取消单位的单独设置，恢复沿用上级', params: unitIdParam, response: { 200: unitGradingSettingSchema, ...problemResponses } },
    },
    async (request) => deleteUnitSetting(deps, contextOf(request), request.params.unitId),
  );

  // ── regrading (R-CUS-23) ──
  app.post(
    '/api/v1/customer-grading/regrade',
    {
      config: { permission: 'system:manage' },
      schema: {
        tags,
        summary: '立即重新分级（后台运行，返回运行记录编号；进度见定时任务运行记录）',
        body: regradeBody,
        response: { 202: regradeRunSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(202).send(await startRegrade(deps, contextOf(request), request.body)),
  );

  // ── monitor and distribution ──
  app.get(
    '/api/v1/customer-grading/top',
    {
      config: session,
      schema: {
        tags,
        summary: '重点客户监控：单位（含下级）按近 12 个月收入排名前 N',
        description: '需要 report:read 或 development:assign；只含本人数据范围内的客户。',
        querystring: topQuery,
        response: { 200: topCustomersSchema, ...problemResponses },
      },
    },
    async (request) => topCustomers(deps, contextOf(request), request.query),
  );
  app.get(
    '/api/v1/customer-grading/distribution',
    {
      config: { permission: 'customer:read' },
      schema: { tags, summary: '客户按等级与各分类维度的分布（数据范围内）', querystring: distributionQuery, response: { 200: distributionSchema, ...problemResponses } },
    },
    async (request) => gradingDistribution(deps, contextOf(request), request.query),
  );

  // ── per customer ──
  app.get(
    '/api/v1/customers/:id/grading',
    {
      config: { permission: 'customer:read' },
      schema: { tags, summary: '客户的等级、近 12 个月收入与可选等级', params: customerIdParam, response: { 200: customerGradingSchema, ...problemResponses } },
    },
    async (request) => getCustomerGrading(deps, contextOf(request), request.params.id),
  );
  app.post(
    '/api/v1/customers/:id/grade',
    {
      config: session,
      schema: {
        tags,
        summary: '手动调整客户等级（须填写原因）',
        description:
          '需要 development:assign 或 system:manage，且客户在数据范围内。按配额分级的单位不能超过 VIP 15% / 优选 30%（向下取整）。严重问题降级须填写评估日期，且须在评估后 5 天内执行，逾期返回 409。',
        params: customerIdParam,
        body: changeGradeBody,
        response: { 200: customerGradingSchema, ...problemResponses, 400: quotaProblemSchema },
      },
    },
    async (request) => changeCustomerGrade(deps, contextOf(request), request.params.id, request.body),
  );
  app.get(
    '/api/v1/customers/:id/grade-changes',
    {
      config: { permission: 'customer:read' },
      schema: { tags, summary: '客户等级变更记录（最新在前）', params: customerIdParam, querystring: gradeChangesQuery, response: { 200: pageOf(gradeChangeSchema), ...problemResponses } },
    },
    async (request) => listGradeChanges(deps, contextOf(request), request.params.id, request.query),
  );
  app.put(
    '/api/v1/customers/:id/revenue/:month',
    {
      config: { permission: 'billing:write' },
      schema: {
        tags,
        summary: '登记客户某月收入（账务模块上线前手工登记；账务上线后由账务写入）',
        params: revenueParams,
        body: recordRevenueBody,
        response: { 200: revenueSchema, ...problemResponses },
      },
    },
    async (request) => recordRevenueByHand(deps, contextOf(request), request.params.id, request.params.month, request.body.amount),
  );
}
