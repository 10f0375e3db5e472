import { z } from 'zod';
import { dataScopes, permissionCatalog, permissionGroupName, scopedResources } from '../access/permissions';
import type { Deps } from '../deps';
import { idParam, pageOf } from '../http/pagination';
import { problemResponses } from '../http/problem';
import { contextOf, type AppInstance } from '../http/types';
import {
  createOrgUnitBody,
  createRoleBody,
  createUserBody,
  listUsersQuery,
  orgUnitSchema,
  roleSchema,
  updateOrgUnitBody,
  updateRoleBody,
  updateUserBody,
  userSchema,
} from './org.schema';
import { createOrgUnit, deleteOrgUnit, listOrgUnits, updateOrgUnit } from './org-units.service';
import { createRole, deleteRole, listRoles, updateRole } from './roles.service';
import { createUser, getUser, listUsers, resetUserPassword, setUserStatus, updateUser } from './users.service';

const noContent = { 204: z.null(), ...problemResponses };

export function orgRoutes(app: AppInstance, deps: Deps) {
  // ── 组织机构 ────────────────────────────────────────────────────────────────
  const orgTags = ['组织机构'];
  app.get(
    '/api/v1/org-units',
    {
      config: { permission: 'org:read' },
      schema: {
        tags: orgTags,
        summary: '组织机构列表（平铺，按 parentId 组成树）',
        response: { 200: z.object({ items: z.array(orgUnitSchema) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await listOrgUnits(deps, request.actor!) }),
  );
  app.post(
    '/api/v1/org-units',
    {
      config: { permission: 'org:manage' },
      schema: { tags: orgTags, summary: '新建组织机构', body: createOrgUnitBody, response: { 201: orgUnitSchema, ...problemResponses } },
    },
    async (request, reply) => reply.status(201).send(await createOrgUnit(deps, contextOf(request), request.body)),
  );
  app.patch(
    '/api/v1/org-units/:id',
    {
      config: { permission: 'org:manage' },
      schema: {
        tags: orgTags,
        summary: '修改组织机构（可调整上级）',
        params: idParam,
        body: updateOrgUnitBody,
        response: { 200: orgUnitSchema, ...problemResponses },
      },
    },
    async (request) => updateOrgUnit(deps, contextOf(request), request.params.id, request.body),
  );
  app.delete(
    '/api/v1/org-units/:id',
    {
      config: { permission: 'org:manage' },
      schema: { tags: orgTags, summary: '删除组织机构（无下级、无用户时）', params: idParam, response: noContent },
    },
    async (request, reply) => {
      await deleteOrgUnit(deps, contextOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  // ── 用户 ──────────────────────────────────────────────────────────────────
  const userTags = ['用户'];
  app.get(
    '/api/v1/users',
    {
      config: { permission: 'user:read' },
      schema: {
        tags: userTags,
        summary: '用户列表',
        description: '按数据范围过滤；手机号与邮箱对没有 sensitive:view 权限的角色脱敏。',
        querystring: listUsersQuery,
        response: { 200: pageOf(userSchema), ...problemResponses },
      },
    },
    async (request) => listUsers(deps, contextOf(request), request.query),
  );
  app.get(
    '/api/v1/users/:id',
    {
      config: { permission: 'user:read' },
      schema: { tags: userTags, summary: '用户详情', params: idParam, response: { 200: userSchema, ...problemResponses } },
    },
    async (request) => getUser(deps, contextOf(request), request.params.id),
  );
  app.post(
    '/api/v1/users',
    {
      config: { permission: 'user:manage' },
      schema: {
        tags: userTags,
        summary: '新建用户',
        description: '初始密码由管理员设定，用户首次登录须修改。只能分配自己拥有全部权限的角色。',
        body: createUserBody,
        response: { 201: userSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await createUser(deps, contextOf(request), request.body)),
  );
  app.patch(
    '/api/v1/users/:id',
    {
      config: { permission: 'user:manage' },
      schema: { tags: userTags, summary: '修改用户', params: idParam, body: updateUserBody, response: { 200: userSchema, ...problemResponses } },
    },
    async (request) => updateUser(deps, contextOf(request), request.params.id, request.body),
  );
  for (const [action, status, summary] of [
    ['disable', 'disabled', '停用用户（立即结束其全部会话）'],
    ['enable', 'active', '启用用户'],
  ] as const) {
    app.post(
      `/api/v1/users/:id/${action}`,
      {
        config: { permission: 'user:manage' },
        schema: { tags: userTags, summary, params: idParam, response: { 200: userSchema, ...problemResponses } },
      },
      async (request) => setUserStatus(deps, contextOf(request), request.params.id, status),
    );
  }
  app.post(
    '/api/v1/users/:id/reset-password',
    {
      config: { permission: 'user:manage' },
      schema: {
        tags: userTags,
        summary: '重置密码',
        description: '生成临时密码（只返回这一次），用户下次登录必须修改；其现有会话全部失效。',
        params: idParam,
        response: { 200: z.object({ temporaryPassword: z.string() }), ...problemResponses },
      },
    },
    async (request) => resetUserPassword(deps, contextOf(request), request.params.id),
  );

  // ── 角色与权限 ──────────────────────────────────────────────────────────────
  const roleTags = ['角色权限'];
  app.get(
    '/api/v1/permissions',
    {
      config: { permission: 'role:read' },
      schema: {
        tags: roleTags,
        summary: '权限目录、数据范围资源与范围取值',
        response: {
          200: z.object({
            permissions: z.array(z.object({ code: z.string(), group: z.string(), name: z.string(), nameEn: z.string() })),
            resources: z.array(z.object({ code: z.string(), name: z.string(), nameEn: z.string() })),
            scopes: z.array(z.enum(dataScopes)),
          }),
          ...problemResponses,
        },
      },
    },
    async () => ({ permissions: permissionCatalog.map((p) => ({ ...p, group: permissionGroupName(p.group) })), resources: [...scopedResources], scopes: [...dataScopes] }),
  );
  app.get(
    '/api/v1/roles',
    {
      config: { permission: 'role:read' },
      schema: { tags: roleTags, summary: '角色列表', response: { 200: z.object({ items: z.array(roleSchema) }), ...problemResponses } },
    },
    async (request) => ({ items: await listRoles(deps, contextOf(request)) }),
  );
  app.post(
    '/api/v1/roles',
    {
      config: { permission: 'role:manage' },
      schema: { tags: roleTags, summary: '新建角色', body: createRoleBody, response: { 201: roleSchema, ...problemResponses } },
    },
    async (request, reply) => reply.status(201).send(await createRole(deps, contextOf(request), request.body)),
  );
  app.patch(
    '/api/v1/roles/:id',
    {
      config: { permission: 'role:manage' },
      schema: { tags: roleTags, summary: '修改角色的权限与数据范围', params: idParam, body: updateRoleBody, response: { 200: roleSchema, ...problemResponses } },
    },
    async (request) => updateRole(deps, contextOf(request), request.params.id, request.body),
  );
  app.delete(
    '/api/v1/roles/:id',
    {
      config: { permission: 'role:manage' },
      schema: { tags: roleTags, summary: '删除自定义角色（无用户使用时）', params: idParam, response: noContent },
    },
    async (request, reply) => {
      await deleteRole(deps, contextOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
