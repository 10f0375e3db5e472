import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { idParams } from '../../../platform/http/pagination';
import { problemResponses, problemSchema } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { optionalMoneyInput } from '../../../platform/money';
import {
  contactBody,
  contactSchema,
  createCustomerBody,
  customerKinds,
  customerSchema,
  keyPersonBody,
  keyPersonSchema,
  updateCustomerBody,
} from './archive.schema';
import { createCustomer, getCustomer, updateCustomer } from './archive.service';
import {
  createContact,
  createKeyPerson,
  deleteContact,
  deleteKeyPerson,
  listContacts,
  listKeyPersons,
  updateContact,
  updateKeyPerson,
} from './contacts.service';
import { timelinePageSchema } from './dto';
import { getCustomerTimeline, timelineCursorPattern } from './timeline.service';

const customerParams = idParams();
const contactParams = idParams('id', 'contactId');
const keyPersonParams = idParams('id', 'keyPersonId');

/**
 * Money over HTTP is a decimal string ("1200.50"), never a JSON number: the archive's API says so,
 * while the import (whose cells may be numbers) validates with the plain create body.
 */
const moneyFields = {
  registeredCapital: optionalMoneyInput({ label: '注册资本', numbers: false }),
  annualOutput: optionalMoneyInput({ label: '年产值', numbers: false }),
};
const postCustomerBody = createCustomerBody.safeExtend(moneyFields);
/** A PATCH changes only what it names: no default `kind` slipping in from the create shape. */
const patchCustomerBody = updateCustomerBody.extend({
  kind: z.enum(customerKinds).optional(),
  ...moneyFields,
});

/** R-CUS-05: the duplicate refusal points to the existing record (id/code/unit only within scope). */
const duplicateProblemSchema = problemSchema
  .extend({
    existing: z
      .object({
        id: z.number().int().optional(),
        code: z.string().optional(),
        unitName: z.string().optional(),
        name: z.string(),
        ownerName: z.string().nullable(),
        status: z.string(),
        statusLabel: z.string(),
      })
      .optional(),
  })
  .meta({ id: 'CustomerDuplicateProblem' });
const writeResponses = { ...problemResponses, 409: duplicateProblemSchema };

const timelineQuery = z.object({
  before: z.string().max(40).regex(timelineCursorPattern, '分页游标无效').optional().describe('上一页返回的 nextCursor'),
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('每页条数，最多 100'),
});

export function customersRoutes(app: AppInstance, deps: Deps) {
  const tags = ['客户档案'];
  const read = { permission: 'customer:read' };
  const update = { permission: 'customer:update' };

  app.post(
    '/api/v1/customers',
    {
      config: { permission: 'customer:create' },
      schema: {
        tags,
        summary: '新建客户档案（可同时录入联系人）',
        description:
          '客户经理默认为本人，所属单位默认为客户经理所在单位；客户编号按编号规则生成且不再改变。同名（规范化后）或同一统一社会信用代码的客户已存在时返回 409 DUPLICATE，`existing` 指向已有档案（范围外只含名称、负责人与状态）。',
        body: postCustomerBody,
        response: { 201: customerSchema, ...writeResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await createCustomer(deps, contextOf(request), request.body)),
  );
  app.get(
    '/api/v1/customers/:id',
    {
      config: read,
      schema: {
        tags,
        summary: '客户档案详情（含联系人、关键人）',
        description: '每次查阅记入访问日志；无 sensitive:view 权限时手机号、证件号与关键人信息脱敏。',
        params: customerParams,
        response: { 200: customerSchema, ...problemResponses },
      },
    },
    async (request) => getCustomer(deps, contextOf(request), request.params.id),
  );
  app.patch(
    '/api/v1/customers/:id',
    {
      config: update,
      schema: {
        tags,
        summary: '修改客户档案',
        description: '带上 `version` 做乐观锁：版本已变化时返回 409 CONFLICT。客户编号不可修改。',
        params: customerParams,
        body: patchCustomerBody,
        response: { 200: customerSchema, ...writeResponses },
      },
    },
    async (request) => updateCustomer(deps, contextOf(request), request.params.id, request.body),
  );
  app.get(
    '/api/v1/customers/:id/timeline',
    {
      config: read,
      schema: {
        tags,
        summary: '客户时间线（新到旧，游标分页）',
        params: customerParams,
        querystring: timelineQuery,
        response: { 200: timelinePageSchema, ...problemResponses },
      },
    },
    async (request) => getCustomerTimeline(deps, contextOf(request), request.params.id, request.query),
  );

  // 联系人
  app.get(
    '/api/v1/customers/:id/contacts',
    {
      config: read,
      schema: { tags, summary: '客户的联系人', params: customerParams, response: { 200: z.object({ items: z.array(contactSchema) }), ...problemResponses } },
    },
    async (request) => listContacts(deps, contextOf(request), request.params.id),
  );
  app.post(
    '/api/v1/customers/:id/contacts',
    {
      config: update,
      schema: { tags, summary: '新增联系人', params: customerParams, body: contactBody, response: { 201: contactSchema, ...problemResponses } },
    },
    async (request, reply) => reply.status(201).send(await createContact(deps, contextOf(request), request.params.id, request.body)),
  );
  app.patch(
    '/api/v1/customers/:id/contacts/:contactId',
    {
      config: update,
      schema: {
        tags,
        summary: '修改联系人（设为首要联系人时其他联系人自动取消）',
        params: contactParams,
        body: contactBody.partial(),
        response: { 200: contactSchema, ...problemResponses },
      },
    },
    async (request) => updateContact(deps, contextOf(request), request.params.id, request.params.contactId, request.body),
  );
  app.delete(
    '/api/v1/customers/:id/contacts/:contactId',
    {
      config: update,
      schema: { tags, summary: '删除联系人', params: contactParams, response: { 204: z.null(), ...problemResponses } },
    },
    async (request, reply) => {
      await deleteContact(deps, contextOf(request), request.params.id, request.params.contactId);
      return reply.status(204).send(null);
    },
  );

  // 关键人
  app.get(
    '/api/v1/customers/:id/key-persons',
    {
      config: read,
      schema: {
        tags,
        summary: '客户的关键人（无 sensitive:view 权限时私人信息脱敏）',
        params: customerParams,
        response: { 200: z.object({ items: z.array(keyPersonSchema) }), ...problemResponses },
      },
    },
    async (request) => listKeyPersons(deps, contextOf(request), request.params.id),
  );
  app.post(
    '/api/v1/customers/:id/key-persons',
    {
      config: update,
      schema: { tags, summary: '新增关键人', params: customerParams, body: keyPersonBody, response: { 201: keyPersonSchema, ...problemResponses } },
    },
    async (request, reply) => reply.status(201).send(await createKeyPerson(deps, contextOf(request), request.params.id, request.body)),
  );
  app.patch(
    '/api/v1/customers/:id/key-persons/:keyPersonId',
    {
      config: update,
      schema: { tags, summary: '修改关键人', params: keyPersonParams, body: keyPersonBody.partial(), response: { 200: keyPersonSchema, ...problemResponses } },
    },
    async (request) => updateKeyPerson(deps, contextOf(request), request.params.id, request.params.keyPersonId, request.body),
  );
  app.delete(
    '/api/v1/customers/:id/key-persons/:keyPersonId',
    {
      config: update,
      schema: { tags, summary: '删除关键人', params: keyPersonParams, response: { 204: z.null(), ...problemResponses } },
    },
    async (request, reply) => {
      await deleteKeyPerson(deps, contextOf(request), request.params.id, request.params.keyPersonId);
      return reply.status(204).send(null);
    },
  );
}
