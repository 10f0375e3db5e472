import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Actor } from '../access/access';
import type { Deps } from '../deps';
import { eq } from 'drizzle-orm';
import { problemResponses } from '../http/problem';
import { contextOf, type AppInstance } from '../http/types';
import { orgUnits, roles, userRoles, users } from '../org/org.table';
import { CSRF_COOKIE, SESSION_COOKIE } from './auth.hooks';
import { changeOwnPassword, login, logout } from './auth.service';

export const meSchema = z
  .object({
    id: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    unitId: z.number().int(),
    unitName: z.string(),
    roles: z.array(z.object({ id: z.number().int(), code: z.string(), name: z.string() })),
    permissions: z.array(z.string()),
    mustChangePassword: z.boolean(),
    locale: z.string(),
  })
  .meta({ id: 'Me' });

async function describeMe(deps: Deps, actor: Actor): Promise<z.infer<typeof meSchema>> {
  const [row] = await deps.db
    .select({ unitName: orgUnits.name, locale: users.locale, mustChangePassword: users.mustChangePassword })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.unitId))
    .where(eq(users.id, actor.userId));
  const roleRows = await deps.db
    .select({ id: roles.id, code: roles.code, name: roles.name })
    .from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(eq(userRoles.userId, actor.userId));
  return {
    id: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    unitId: actor.unitId,
    unitName: row?.unitName ?? '',
    roles: roleRows,
    permissions: [...actor.permissions].sort(),
    mustChangePassword: row?.mustChangePassword ?? actor.mustChangePassword,
    locale: row?.locale ?? 'zh-CN',
  };
}

export function authRoutes(app: AppInstance, deps: Deps) {
  const cookieOptions = { path: '/', sameSite: 'lax' as const, secure: deps.config.secureCookies };
  const clearCookies = (reply: FastifyReply) => {
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    reply.clearCookie(CSRF_COOKIE, { path: '/' });
  };

  app.post(
    '/api/v1/auth/login',
    {
      config: { auth: 'public', rateLimit: { max: deps.config.loginRateLimitPerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ['认证'],
        summary: '登录',
        description: '用户名与密码登录。成功后设置 HttpOnly 会话 Cookie `zs_session` 与 `zs_csrf`；之后的写操作须在 `X-CSRF-Token` 头中回传 `zs_csrf` 的值。连续 5 次密码错误锁定 15 分钟。',
        body: z.object({
          username: z.string().trim().min(1, '请输入用户名').max(64),
          password: z.string().min(1, '请输入密码').max(128),
        }),
        response: { 200: z.object({ user: meSchema }), ...problemResponses, 423: problemResponses[400], 429: problemResponses[400] },
      },
    },
    async (request, reply) => {
      const result = await login(deps, contextOf(request), request.body.username, request.body.password);
      reply.setCookie(SESSION_COOKIE, result.token, { ...cookieOptions, httpOnly: true });
      reply.setCookie(CSRF_COOKIE, result.csrfToken, { ...cookieOptions, httpOnly: false });
      return { user: await describeMe(deps, result.actor) };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { auth: 'session', allowDuringPasswordChange: true },
      schema: { tags: ['认证'], summary: '退出登录', response: { 204: z.null(), ...problemResponses } },
    },
    async (request, reply) => {
      await logout(deps, contextOf(request));
      clearCookies(reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      config: { auth: 'session', allowDuringPasswordChange: true },
      schema: { tags: ['认证'], summary: '当前用户、角色与权限', response: { 200: meSchema, ...problemResponses } },
    },
    async (request) => describeMe(deps, request.actor!),
  );

  app.post(
    '/api/v1/auth/change-password',
    {
      config: { auth: 'session', allowDuringPasswordChange: true },
      schema: {
        tags: ['认证'],
        summary: '修改本人密码',
        description: '新密码 8–128 个字符，不能是常见密码；修改后该用户的其他会话全部失效。',
        body: z.object({
          currentPassword: z.string().min(1, '请输入当前密码').max(128),
          newPassword: z.string().min(1, '请输入新密码').max(128, '密码最长 128 个字符'),
        }),
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await changeOwnPassword(deps, contextOf(request), request.body.currentPassword, request.body.newPassword);
      return reply.status(204).send(null);
    },
  );
}
