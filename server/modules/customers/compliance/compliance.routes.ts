import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { idParam, idParams, pageOf } from '../../../platform/http/pagination';
import { problemResponses } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { listUnverifiedCustomers, markCustomerLost, reactivateCustomer, verifyCustomer } from '../lifecycle/lifecycle.service';
import { mergeCustomers } from '../lifecycle/merge.service';
import { submitAdmission } from './admission.service';
import { listBlacklist, listCustomerBlacklist, requestBlacklist, requestBlacklistRemoval } from './blacklist.service';
import {
  admissionBody,
  blacklistEntrySchema,
  blacklistQuery,
  createQualificationBody,
  customerComplianceStateSchema,
  markLostBody,
  mergeBody,
  mergeResultSchema,
  qualificationListSchema,
  qualificationParams,
  qualificationSchema,
  reactivateBody,
  requestBlacklistBody,
  requestBlacklistRemovalBody,
  unverifiedListSchema,
  unverifiedQuery,
  updateQualificationBody,
  verifyBody,
} from './compliance.schema';
import { addQualification, listQualifications, removeQualification, updateQualification } from './qualifications.service';
// The expiry reminder job registers itself on import.

const state = { 200: customerComplianceStateSchema, ...problemResponses };

/**
 * 资质与准入 (R-CUS-10/11), 黑名单 (R-CUS-40), 流失 (R-CUS-50), 季度核实 (R-CUS-33), 合并 (R-CUS-07).
 * Every customer is addressed within the caller's customer scope: others are 404.
 */
export function customerComplianceRoutes(app: AppInstance, deps: Deps) {
  const tags = ['客户合规'];
  const read = { permission: 'customer:read' };
  const update = { permission: 'customer:update' };

  // ── 资质文件 ──────────────────────────────────────────────────────────────────
  app.get(
    '/api/v1/customers/:id/qualifications',
    {
      config: read,
      schema: {
        tags,
        summary: '资质文件与准入所需文件清单（缺失 / 有效 / 即将到期 / 已过期）',
        params: idParam,
        response: { 200: qualificationListSchema, ...problemResponses },
      },
    },
    async (request) => listQualifications(deps, contextOf(request), request.params.id),
  );
  app.post(
    '/api/v1/customers/:id/qualifications',
    {
      config: update,
      schema: {
        tags,
        summary: '添加资质文件',
        description: '`attachmentId` 须是已上传到该客户（recordType=customer）下的附件。',
        params: idParam,
        body: createQualificationBody,
        response: { 201: qualificationSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await addQualification(deps, contextOf(request), request.params.id, request.body)),
  );
  app.patch(
    '/api/v1/customers/:id/qualifications/:qualificationId',
    {
      config: update,
      schema: {
        tags,
        summary: '修改资质文件',
        params: qualificationParams,
        body: updateQualificationBody,
        response: { 200: qualificationSchema, ...problemResponses },
      },
    },
    async (request) => updateQualification(deps, contextOf(request), request.params.id, request.params.qualificationId, request.body),
  );
  app.delete(
    '/api/v1/customers/:id/qualifications/:qualificationId',
    {
      config: update,
      schema: { tags, summary: '删除资质文件', params: qualificationParams, response: { 204: z.null(), ...problemResponses } },
    },
    async (request, reply) => {
      await removeQualification(deps, contextOf(request), request.params.id, request.params.qualificationId);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/v1/customers/:id/admission',
    {
      config: update,
      schema: {
        tags,
        summary: '提交准入审核',
        description: '所需资质文件齐全且未过期时，发起「客户准入审核」（部门负责人 → 财务）；缺少的文件列在 400 错误中。',
        params: idParam,
        body: admissionBody,
        response: { 201: customerComplianceStateSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await submitAdmission(deps, contextOf(request), request.params.id, request.body)),
  );

  // ── 黑名单 ────────────────────────────────────────────────────────────────────
  app.get(
    '/api/v1/blacklist',
    {
      config: read,
      schema: {
        tags,
        summary: '黑名单（数据范围内客户的黑名单记录；默认生效中与审批中的）',
        querystring: blacklistQuery,
        response: { 200: pageOf(blacklistEntrySchema), ...problemResponses },
      },
    },
    async (request) => listBlacklist(deps, contextOf(request), request.query),
  );
  app.get(
    '/api/v1/customers/:id/blacklist',
    {
      config: read,
      schema: {
        tags,
        summary: '客户的黑名单记录',
        params: idParam,
        response: { 200: z.object({ items: z.array(blacklistEntrySchema) }), ...problemResponses },
      },
    },
    async (request) => listCustomerBlacklist(deps, contextOf(request), request.params.id),
  );
  app.post(
    '/api/v1/customers/:id/blacklist',
    {
      config: update,
      schema: {
        tags,
        summary: '申请列入黑名单（本单位 / 全公司），经审批后生效',
        params: idParam,
        body: requestBlacklistBody,
        response: { 201: blacklistEntrySchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await requestBlacklist(deps, contextOf(request), request.params.id, request.body)),
  );
  app.post(
    '/api/v1/blacklist/:id/removal',
    {
      config: update,
      schema: {
        tags,
        summary: '申请移出黑名单，经审批后生效',
        params: idParams(),
        body: requestBlacklistRemovalBody,
        response: { 201: blacklistEntrySchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await requestBlacklistRemoval(deps, contextOf(request), request.params.id, request.body)),
  );

  // ── 流失 / 核实 ───────────────────────────────────────────────────────────────
  app.post(
    '/api/v1/customers/:id/lost',
    {
      config: update,
      schema: { tags, summary: '标记流失（原因、竞争对手、说明）', params: idParam, body: markLostBody, response: state },
    },
    async (request) => markCustomerLost(deps, contextOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/v1/customers/:id/reactivate',
    {
      config: update,
      schema: { tags, summary: '重新激活流失客户', params: idParam, body: reactivateBody, response: state },
    },
    async (request) => reactivateCustomer(deps, contextOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/v1/customers/:id/verify',
    {
      config: update,
      schema: { tags, summary: '确认核实客户资料（每季度至少一次）', params: idParam, body: verifyBody, response: state },
    },
    async (request) => verifyCustomer(deps, contextOf(request), request.params.id, request.body),
  );
  app.get(
    '/api/v1/customers/unverified',
    {
      config: read,
      schema: {
        tags,
        summary: '待核实客户：本季度（北京时间）尚未核实的客户，含按负责人的统计',
        querystring: unverifiedQuery,
        response: { 200: unverifiedListSchema, ...problemResponses },
      },
    },
    async (request) => listUnverifiedCustomers(deps, contextOf(request), request.query),
  );

  // ── 合并 ─────────────────────────────────────────────────────────────────────
  app.post(
    '/api/v1/customers/:id/merge',
    {
      config: { permission: 'customer:merge' },
      schema: {
        tags,
        summary: '合并客户（管理员）：把本客户并入 intoId',
        description: '联系人、关键人、时间线、资质、附件、收入、分级记录与黑名单记录转到保留的客户；本客户标记为已合并并从列表中隐藏。',
        params: idParam,
        body: mergeBody,
        response: { 200: mergeResultSchema, ...problemResponses },
      },
    },
    async (request) => mergeCustomers(deps, contextOf(request), request.params.id, request.body),
  );
}
