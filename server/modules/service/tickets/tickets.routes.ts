import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { hasPermission } from '../../../platform/access/access';
import type { Deps } from '../../../platform/deps';
import { numericRecordId, type RecordTypeRegistration } from '../../../platform/files/record-access';
import { idParams, pageOf } from '../../../platform/http/pagination';
import { problemResponses } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { listCategoryRules, saveCategoryRule } from './category-rules.service';
import {
  categoryRuleBody,
  categoryRuleSchema,
  completeWorkOrderBody,
  confirmWorkOrderBody,
  createTicketBody,
  dispatchBody,
  listTicketsQuery,
  resolveBody,
  ticketDetailSchema,
  ticketSummarySchema,
  transferBody,
} from './tickets.schema';
import { createTicket, getTicket, listTickets, lookupTicketCustomers, resolveTicket, transferTicket, visibleTicket } from './tickets.service';
import { serviceTickets } from './tickets.table';
import { completeWorkOrder, confirmWorkOrder, dispatchWorkOrder } from './work-orders.service';

/** Attachments on a ticket (R-PLT-52): readable in the ticket's scope, added by its owner. */
export const ticketRecordType: RecordTypeRegistration = {
  type: 'service_ticket',
  access: {
    label: '服务工单',
    canRead: async (deps, actor, recordId) => {
      const id = numericRecordId(recordId, Number.MAX_SAFE_INTEGER);
      if (id === null || !hasPermission(actor, 'service:read')) return false;
      return visibleTicket(deps.db, actor, id).then(() => true, () => false);
    },
    canWrite: async (deps, actor, recordId) => {
      const id = numericRecordId(recordId, Number.MAX_SAFE_INTEGER);
      if (id === null || !hasPermission(actor, 'service:write')) return false;
      const ticket = await visibleTicket(deps.db, actor, id).catch(() => null);
      return ticket !== null && ticket.status === 'open' && ticket.ownerId === actor.userId;
    },
    customerIdOf: async (deps, recordId) => {
      const id = numericRecordId(recordId, Number.MAX_SAFE_INTEGER);
      if (id === null) return null;
      const [row] = await deps.db.select({ customerId: serviceTickets.customerId }).from(serviceTickets).where(eq(serviceTickets.id, id));
      return row?.customerId ?? null;
    },
  },
};

/** 服务工单 (R-SVC-01…04): read in the service scope; handled by the current owner. */
export function ticketsRoutes(app: AppInstance, deps: Deps) {
  const tags = ['服务工单'];
  const read = { permission: 'service:read' };
  const write = { permission: 'service:write' };
  app.get('/api/v1/tickets', { config: read, schema: { tags, summary: '工单列表（按服务数据范围）', querystring: listTicketsQuery, response: { 200: pageOf(ticketSummarySchema), ...problemResponses } } }, async (request) =>
    listTickets(deps, contextOf(request), request.query),
  );
  app.post('/api/v1/tickets', { config: write, schema: { tags, summary: '受理服务请求（受理人成为负责人，首问负责制）', body: createTicketBody, response: { 201: ticketDetailSchema, ...problemResponses } } }, async (request, reply) =>
    reply.status(201).send(await createTicket(deps, contextOf(request), request.body)),
  );
  app.get(
    '/api/v1/tickets/customer-lookup',
    { config: write, schema: { tags, summary: '受理时查找来电客户：本人客户范围内按名称或编号片段（至少 2 个字），其他客户只按完整名称或客户编号；仅返回编号与名称', querystring: z.object({ q: z.string().trim().max(50).default('') }), response: { 200: z.array(z.object({ id: z.number().int(), name: z.string(), code: z.string() })), ...problemResponses } } },
    async (request) => lookupTicketCustomers(deps, contextOf(request), request.query.q),
  );
  app.get('/api/v1/tickets/:id', { config: read, schema: { tags, summary: '工单详情：转办记录与派工单', params: idParams(), response: { 200: ticketDetailSchema, ...problemResponses } } }, async (request) =>
    getTicket(deps, contextOf(request), request.params.id),
  );
  app.post('/api/v1/tickets/:id/transfer', { config: write, schema: { tags, summary: '转办（仅当前负责人；记录转办原因）', params: idParams(), body: transferBody, response: { 200: ticketDetailSchema, ...problemResponses } } }, async (request) =>
    transferTicket(deps, contextOf(request), request.params.id, request.body),
  );
  app.post('/api/v1/tickets/:id/resolve', { config: write, schema: { tags, summary: '办结（仅当前负责人；派工单须已完工）', params: idParams(), body: resolveBody, response: { 200: ticketDetailSchema, ...problemResponses } } }, async (request) =>
    resolveTicket(deps, contextOf(request), request.params.id, request.body.resolution),
  );
  app.post('/api/v1/tickets/:id/work-orders', { config: write, schema: { tags, summary: '派工给部门或处理人（仅当前负责人）', params: idParams(), body: dispatchBody, response: { 201: ticketDetailSchema, ...problemResponses } } }, async (request, reply) => {
    await dispatchWorkOrder(deps, contextOf(request), request.params.id, request.body);
    return reply.status(201).send(await getTicket(deps, contextOf(request), request.params.id));
  });
  app.post('/api/v1/work-orders/:id/complete', { config: write, schema: { tags, summary: '派工完工：结果、费用与是否向客户收费（处理部门或工单负责人）', params: idParams(), body: completeWorkOrderBody, response: { 200: z.object({ ticketId: z.number().int() }), ...problemResponses } } }, async (request) => ({
    ticketId: await completeWorkOrder(deps, contextOf(request), request.params.id, request.body),
  }));
  app.post('/api/v1/work-orders/:id/confirm', { config: write, schema: { tags, summary: '记录客户确认（工单负责人）；收费的派工计入客户下期账单', params: idParams(), body: confirmWorkOrderBody, response: { 200: ticketDetailSchema, ...problemResponses } } }, async (request) =>
    getTicket(deps, contextOf(request), await confirmWorkOrder(deps, contextOf(request), request.params.id, request.body)),
  );
  app.get('/api/v1/service/category-rules', { config: read, schema: { tags, summary: '派单矩阵：请求类别 → 责任部门 → 时限', response: { 200: z.array(categoryRuleSchema), ...problemResponses } } }, async (request) => listCategoryRules(deps, contextOf(request)));
  app.put(
    '/api/v1/service/category-rules/:category',
    { config: read, schema: { tags, summary: '设置派单矩阵的一行（需 system:manage）', params: z.object({ category: z.string().regex(/^[a-z][a-z0-9_]{0,49}$/, '类别代码') }), body: categoryRuleBody, response: { 200: z.array(categoryRuleSchema), ...problemResponses } } },
    async (request) => saveCategoryRule(deps, contextOf(request), request.params.category, request.body),
  );
}
