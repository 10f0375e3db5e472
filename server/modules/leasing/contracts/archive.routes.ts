import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { idParams } from '../../../platform/http/pagination';
import { problemResponses } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import {
  acknowledgeCopy,
  archiveBody,
  archiveContract,
  archiveSchema,
  copyBody,
  getArchive,
  handOutCopy,
  recordSealUse,
  sealRegister,
  sealRegisterQuery,
  sealRegisterRowSchema,
  sealUseBody,
} from './archive.service';

/** 归档与用印 (R-LEA-23): the original's archive, copies handed out, the contract seal register. */
export function archiveRoutes(app: AppInstance, deps: Deps) {
  const tags = ['招商合同'];
  const read = { permission: 'contract:read' };
  const base = '/api/v1/contracts/:id';
  const response = { 200: archiveSchema, ...problemResponses };
  app.get(`${base}/archive`, { config: read, schema: { tags, summary: '原件归档、副本发放与用印记录', params: idParams(), response } }, async (request) => getArchive(deps, contextOf(request), request.params.id));
  app.put(
    `${base}/archive`,
    { config: read, schema: { tags, summary: '登记原件档案编号与存放位置（法务/档案，需 contract:approve）', params: idParams(), body: archiveBody, response } },
    async (request) => archiveContract(deps, contextOf(request), request.params.id, request.body),
  );
  app.post(
    `${base}/copies`,
    { config: read, schema: { tags, summary: '发放合同副本（接收人收到签收通知）', params: idParams(), body: copyBody, response } },
    async (request) => handOutCopy(deps, contextOf(request), request.params.id, request.body),
  );
  app.post(
    `${base}/copies/:copyId/acknowledge`,
    { config: read, schema: { tags, summary: '接收人签收副本', params: idParams('id', 'copyId'), response: { 200: z.object({ acknowledgedAt: z.string() }), ...problemResponses } } },
    async (request) => acknowledgeCopy(deps, contextOf(request), request.params.id, request.params.copyId),
  );
  app.post(
    `${base}/seal-uses`,
    { config: read, schema: { tags, summary: '登记合同专用章用印', params: idParams(), body: sealUseBody, response } },
    async (request) => recordSealUse(deps, contextOf(request), request.params.id, request.body),
  );
  app.get(
    '/api/v1/contract-seal-register',
    { config: read, schema: { tags, summary: '合同专用章用印登记簿（按合同范围）', querystring: sealRegisterQuery, response: { 200: z.array(sealRegisterRowSchema), ...problemResponses } } },
    async (request) => sealRegister(deps, contextOf(request), request.query),
  );
}
