import type { Deps } from '../../../platform/deps';
import { idParam, idParams, pageOf } from '../../../platform/http/pagination';
import { problemResponses } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { createRegistration } from './registration-filing.service';
import { extendRegistration, reassignRegistration } from './registration-management.service';
import { getExclusiveRight, getRegistration, listRegistrations } from './registrations.queries';
import {
  createRegistrationBody,
  exclusiveRightSchema,
  extendRegistrationBody,
  reassignRegistrationBody,
  registrationQuery,
  registrationSchema,
} from './registrations.schema';
// The lapse job registers itself on import.

const customerIdParam = idParams();

/** 开发预案报备 (R-DEV-01…03, 13): file, list, extend, reassign; the customer's exclusive right. */
export function registrationsRoutes(app: AppInstance, deps: Deps) {
  const tags = ['开发报备'];
  const read = { permission: 'development:read' };
  const write = { permission: 'development:write' };
  const assign = { permission: 'development:assign' };
  const one = { 200: registrationSchema, ...problemResponses };

  app.get(
    '/api/v1/development/registrations',
    {
      config: read,
      schema: {
        tags,
        summary: '报备列表（按客户开发数据范围：专员只看本人报备）',
        querystring: registrationQuery,
        response: { 200: pageOf(registrationSchema), ...problemResponses },
      },
    },
    async (request) => listRegistrations(deps, contextOf(request), request.query),
  );
  app.post(
    '/api/v1/development/registrations',
    {
      config: write,
      schema: {
        tags,
        summary: '提交开发报备（已有客户或新客户），提交后进入审批',
        description:
          '先报备者优先（R-DEV-13）：他人负责的客户、他人报备中或独家开发期内的客户都会被拒绝，并说明由谁持有、到何时。公海客户报备即取得；新客户同时建档并查重。',
        body: createRegistrationBody,
        response: { 201: registrationSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await createRegistration(deps, contextOf(request), request.body)),
  );
  app.get(
    '/api/v1/development/registrations/:id',
    { config: read, schema: { tags, summary: '报备详情', params: idParam, response: one } },
    async (request) => getRegistration(deps, contextOf(request), request.params.id),
  );
  app.post(
    '/api/v1/development/registrations/:id/extend',
    {
      config: assign,
      schema: {
        tags,
        summary: '延期独家开发期（每份报备仅一次；独家开发中或失效 30 天内）',
        params: idParam,
        body: extendRegistrationBody,
        response: one,
      },
    },
    async (request) => extendRegistration(deps, contextOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/v1/development/registrations/:id/reassign',
    {
      config: assign,
      schema: {
        tags,
        summary: '改派：客户与独家开发权转给新的开发人（无需再审批）',
        params: idParam,
        body: reassignRegistrationBody,
        response: one,
      },
    },
    async (request) => reassignRegistration(deps, contextOf(request), request.params.id, request.body),
  );
  app.get(
    '/api/v1/development/customers/:id/exclusive-right',
    {
      config: read,
      schema: {
        tags,
        summary: '客户当前的独家开发权（报备审批中或独家开发期内）',
        params: customerIdParam,
        response: { 200: exclusiveRightSchema, ...problemResponses },
      },
    },
    async (request) => getExclusiveRight(deps, contextOf(request), request.params.id),
  );
}
