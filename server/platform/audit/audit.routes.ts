import { z } from 'zod';
import type { Deps } from '../deps';
import { idParam, pageOf, pageQuery } from '../http/pagination';
import { problemResponses } from '../http/problem';
import { contextOf, type AppInstance } from '../http/types';
import { requireActor } from '../access/access';
import { auditVerificationSchema, getAuditVerification, startAuditVerification } from './audit-verification';
import { searchAuditEvents } from './audit.service';

const auditEventSchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actorId: z.number().int().nullable(),
    actorName: z.string().nullable(),
    ip: z.string().nullable(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    customerId: z.number().int().nullable(),
    summary: z.string(),
    changes: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })).nullable(),
    requestId: z.string().nullable(),
  })
  .meta({ id: 'AuditEvent' });

export function auditRoutes(app: AppInstance, deps: Deps) {
  app.get(
    '/api/v1/audit-events',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['审计日志'],
        summary: '查询审计日志',
        description: '按操作人、动作、对象类型、对象编号、客户、时间和关键字筛选，按时间倒序。匹配超过 10,000 条时 total 为 10000 且 totalCapped 为 true。',
        querystring: pageQuery.omit({ sort: true }).extend({
          actorId: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
          action: z.string().max(40).optional(),
          entityType: z.string().max(40).optional(),
          entityId: z.string().max(40).optional(),
          customerId: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
          from: z.iso.datetime({ offset: true }).optional(),
          to: z.iso.datetime({ offset: true }).optional(),
          q: z.string().trim().max(100).optional(),
        }),
        response: { 200: pageOf(auditEventSchema), ...problemResponses },
      },
    },
    async (request) => {
      const q = request.query;
      return searchAuditEvents(
        deps.db,
        { ...q, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined },
        requireActor(contextOf(request)),
      );
    },
  );

  app.post(
    '/api/v1/audit-events/verifications',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['审计日志'],
        summary: '发起审计日志全量校验',
        description:
          '在后台从第一条起重新计算哈希链，并与数据目录中的链头检查点比对（定时任务「审计日志全量校验」）。已有校验在运行时返回该次校验。用 GET /api/v1/audit-events/verifications/{id} 读取进度和结论：第一条被改动的记录，或记录被删除。',
        response: { 202: auditVerificationSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      reply.code(202);
      return startAuditVerification(deps, contextOf(request));
    },
  );

  app.get(
    '/api/v1/audit-events/verifications/:id',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['审计日志'],
        summary: '审计日志校验的进度和结论',
        params: idParam,
        response: { 200: auditVerificationSchema, ...problemResponses },
      },
    },
    async (request) => getAuditVerification(deps, contextOf(request), request.params.id),
  );
}
