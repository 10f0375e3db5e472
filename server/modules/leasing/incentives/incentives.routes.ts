import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { idParams } from '../../../platform/http/pagination';
import { problemResponses } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { createPackageBody, packageSchema, updatePackageBody } from './incentives.schema';
import { createPackage, listPackages, updatePackage } from './incentives.service';

/** 标准优惠政策 (R-LEA-35): read with the contracts, kept by space managers. */
export function incentivesRoutes(app: AppInstance, deps: Deps) {
  const tags = ['优惠政策'];
  app.get(
    '/api/v1/incentive-packages',
    { config: { permission: 'contract:read' }, schema: { tags, summary: '各项目的标准优惠政策', querystring: z.object({ projectId: z.coerce.number().int().positive().max(2_147_483_647).optional() }), response: { 200: z.array(packageSchema), ...problemResponses } } },
    async (request) => listPackages(deps, contextOf(request), request.query.projectId),
  );
  app.post('/api/v1/incentive-packages', { config: { permission: 'space:manage' }, schema: { tags, summary: '新建优惠政策（项目、免租月数、有效期）', body: createPackageBody, response: { 201: packageSchema, ...problemResponses } } }, async (request, reply) =>
    reply.status(201).send(await createPackage(deps, contextOf(request), request.body)),
  );
  app.patch('/api/v1/incentive-packages/:id', { config: { permission: 'space:manage' }, schema: { tags, summary: '修改或停用优惠政策', params: idParams(), body: updatePackageBody, response: { 200: packageSchema, ...problemResponses } } }, async (request) =>
    updatePackage(deps, contextOf(request), request.params.id, request.body),
  );
}
