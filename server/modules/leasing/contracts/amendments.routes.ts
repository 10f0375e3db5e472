import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { idParams } from '../../../platform/http/pagination';
import { problemResponses } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { occupiedProblemSchema } from '../spaces/spaces.schema';
import { amendmentBody, amendmentSchema, signAmendmentBody } from './amendments.schema';
import { applyForAmendment, listAmendments, signAmendment } from './amendments.service';

/** 变更/补充协议 (R-LEA-30) of a contract in the caller's contract scope. */
export function amendmentsRoutes(app: AppInstance, deps: Deps) {
  const tags = ['招商合同'];
  const base = '/api/v1/contracts/:id/amendments';
  app.get(
    base,
    { config: { permission: 'contract:read' }, schema: { tags, summary: '合同变更（补充协议）列表', params: idParams(), response: { 200: z.array(amendmentSchema), ...problemResponses } } },
    async (request) => listAmendments(deps, contextOf(request), request.params.id),
  );
  app.post(
    base,
    {
      config: { permission: 'contract:write' },
      schema: {
        tags,
        summary: '申请合同变更',
        description:
          '写明自变更生效日起合同的单元与计租面积、结束日、收费条款或承接客户（换名须填过户费）；未填写的保持不变。变更类型（面积调整、增加/减少单元、换房、换名、价格、期限）由差异得出。新增的单元与延长的期限自申请起锁定；部门经理 → 法务 → 财务审批（合同总额增加超过 100 万元时加分管领导/总经理），通过后签署补充协议即生效，账单计划自生效日起重新计算。',
        params: idParams(),
        body: amendmentBody,
        response: { 201: amendmentSchema, ...problemResponses, 409: occupiedProblemSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await applyForAmendment(deps, contextOf(request), request.params.id, request.body)),
  );
  app.post(
    `${base}/:amendmentId/sign`,
    {
      config: { permission: 'contract:write' },
      schema: {
        tags,
        summary: '签署补充协议（变更生效）',
        description: '须先在合同附件中上传签署后的补充协议扫描件（PDF 或图片）。',
        params: idParams('id', 'amendmentId'),
        body: signAmendmentBody,
        response: { 200: amendmentSchema, ...problemResponses },
      },
    },
    async (request) => signAmendment(deps, contextOf(request), request.params.id, request.params.amendmentId, request.body),
  );
}
