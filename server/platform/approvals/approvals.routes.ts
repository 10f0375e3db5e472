import { z } from 'zod';
import type { Deps } from '../deps';
import { idParam, pageOf } from '../http/pagination';
import { problemResponses } from '../http/problem';
import { contextOf, type AppInstance } from '../http/types';
import {
  approvalDetailSchema,
  approvalFlowListSchema,
  approvalFlowSchema,
  approvalSummarySchema,
  approveBody,
  businessHistoryQuery,
  createFlowBody,
  inboxQuery,
  myApplicationsQuery,
  rejectBody,
  resubmitBody,
  returnBody,
  updateFlowBody,
  withdrawBody,
} from './approvals.schema';
import { approveStep, rejectStep, resubmitApproval, returnForRevision, withdrawApproval } from './approval-decisions';
import { getApproval, listBusinessApprovals, listInbox, listMyApplications } from './approval-views';
import { createFlow, deleteFlow, getFlow, listFlows, updateFlow } from './approval-flows.service';

const noContent = { 204: z.null(), ...problemResponses };
const detail = { 200: approvalDetailSchema, ...problemResponses };

/**
 * 审批 (R-PLT-20…23). Who may see or decide an instance is decided per instance (applicant,
 * the approvers its steps name, administrators), so these routes need a session, not a
 * permission; flow definitions need `system:manage`.
 */
export function approvalsRoutes(app: AppInstance, deps: Deps) {
  const tags = ['审批'];
  const session = { auth: 'session' as const };

  app.get(
    '/api/v1/approvals/inbox',
    {
      config: session,
      schema: {
        tags,
        summary: '待我审批',
        description: '当前步骤的审批人包含我的、审批中的申请。',
        querystring: inboxQuery,
        response: { 200: pageOf(approvalSummarySchema), ...problemResponses },
      },
    },
    async (request) => listInbox(deps, contextOf(request), request.query),
  );
  app.get(
    '/api/v1/approvals/mine',
    {
      config: session,
      schema: {
        tags,
        summary: '我的申请',
        querystring: myApplicationsQuery,
        response: { 200: pageOf(approvalSummarySchema), ...problemResponses },
      },
    },
    async (request) => listMyApplications(deps, contextOf(request), request.query),
  );
  app.get(
    '/api/v1/approvals',
    {
      config: session,
      schema: {
        tags,
        summary: '业务记录的审批历史',
        description: '某条业务记录（businessType + businessId）的全部审批及其处理记录，新的在前；只返回调用者可查看的。',
        querystring: businessHistoryQuery,
        response: { 200: z.object({ items: z.array(approvalDetailSchema) }), ...problemResponses },
      },
    },
    async (request) => listBusinessApprovals(deps, contextOf(request), request.query),
  );
  app.get(
    '/api/v1/approvals/:id',
    {
      config: session,
      schema: { tags, summary: '审批详情（步骤与处理记录）', params: idParam, response: detail },
    },
    async (request) => getApproval(deps, contextOf(request), request.params.id),
  );
  app.post(
    '/api/v1/approvals/:id/approve',
    {
      config: session,
      schema: {
        tags,
        summary: '同意（当前步骤的审批人）',
        description: '`stepIndex` 传入处理时看到的步骤序号；若该步骤已被他人处理则返回 409。',
        params: idParam,
        body: approveBody,
        response: detail,
      },
    },
    async (request) => approveStep(deps, contextOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/v1/approvals/:id/reject',
    {
      config: session,
      schema: { tags, summary: '驳回（须填写理由）', params: idParam, body: rejectBody, response: detail },
    },
    async (request) => rejectStep(deps, contextOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/v1/approvals/:id/return',
    {
      config: session,
      schema: { tags, summary: '退回修改（须填写意见）', params: idParam, body: returnBody, response: detail },
    },
    async (request) => returnForRevision(deps, contextOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/v1/approvals/:id/withdraw',
    {
      config: session,
      schema: {
        tags,
        summary: '撤回（申请人，首个审批决定之前）',
        params: idParam,
        body: withdrawBody,
        response: detail,
      },
    },
    async (request) => withdrawApproval(deps, contextOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/v1/approvals/:id/resubmit',
    {
      config: session,
      schema: {
        tags,
        summary: '重新提交（被退回修改后，可修改申请数据）',
        params: idParam,
        body: resubmitBody,
        response: detail,
      },
    },
    async (request) => resubmitApproval(deps, contextOf(request), request.params.id, request.body),
  );

  // ── 审批流程定义 ────────────────────────────────────────────────────────────
  const flowTags = ['审批流程'];
  const manage = { permission: 'system:manage' };
  app.get(
    '/api/v1/approval-flows',
    {
      config: manage,
      schema: { tags: flowTags, summary: '审批流程列表（含业务类型与审批人类型）', response: { 200: approvalFlowListSchema, ...problemResponses } },
    },
    async (request) => listFlows(deps, contextOf(request)),
  );
  app.get(
    '/api/v1/approval-flows/:id',
    {
      config: manage,
      schema: { tags: flowTags, summary: '审批流程详情', params: idParam, response: { 200: approvalFlowSchema, ...problemResponses } },
    },
    async (request) => getFlow(deps, contextOf(request), request.params.id),
  );
  app.post(
    '/api/v1/approval-flows',
    {
      config: manage,
      schema: {
        tags: flowTags,
        summary: '新建审批流程',
        description: '每个业务类型一个流程。步骤条件语法：`字段 比较符 值`，用 and / or 连接，如 `amount > 500000 and kind == "shop"`。',
        body: createFlowBody,
        response: { 201: approvalFlowSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await createFlow(deps, contextOf(request), request.body)),
  );
  app.patch(
    '/api/v1/approval-flows/:id',
    {
      config: manage,
      schema: {
        tags: flowTags,
        summary: '修改审批流程',
        description: '修改只影响之后提交的申请；进行中的审批保持提交时解析出的步骤。',
        params: idParam,
        body: updateFlowBody,
        response: { 200: approvalFlowSchema, ...problemResponses },
      },
    },
    async (request) => updateFlow(deps, contextOf(request), request.params.id, request.body),
  );
  app.delete(
    '/api/v1/approval-flows/:id',
    {
      config: manage,
      schema: { tags: flowTags, summary: '删除审批流程（尚无审批记录时）', params: idParam, response: noContent },
    },
    async (request, reply) => {
      await deleteFlow(deps, contextOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
