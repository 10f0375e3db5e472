import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import type { AppInstance } from '../http/types';
import { resolveSession } from './auth.service';

export const SESSION_COOKIE = 'zs_session';
export const CSRF_COOKIE = 'zs_csrf';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function tokenFrom(request: FastifyRequest): { token?: string; viaCookie: boolean } {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return { token: header.slice(7).trim(), viaCookie: false };
  return { token: request.cookies[SESSION_COOKIE], viaCookie: true };
}

/**
 * Every /api route declares who may call it; a route without `auth` or `permission` config
 * fails at start-up, so no endpoint can ship unprotected by accident (R-SEC-04).
 */
export function registerAuthHooks(app: AppInstance, deps: Deps) {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1')) return;
    const config = route.config as { auth?: string; permission?: string } | undefined;
    if (!config?.auth && !config?.permission) {
      throw new Error(`Route ${route.method} ${route.url} declares neither config.auth nor config.permission`);
    }
  });

  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    if (!request.url.startsWith('/api/v1')) return;
    const config = request.routeOptions.config;
    if (config.auth === 'public') return;
    const { token, viaCookie } = tokenFrom(request);
    if (!token) throw new AppError('AUTH_REQUIRED');
    if (token.length > 200) throw new AppError('AUTH_REQUIRED');
    const session = await resolveSession(deps, token);
    request.actor = session.actor;
    request.csrfToken = session.csrfToken;
    // R-SEC-05: a cookie alone never authorises a state change.
    if (viaCookie && UNSAFE.has(request.method) && request.headers['x-csrf-token'] !== session.csrfToken) {
      throw new AppError('CSRF_FAILED');
    }
    if (session.actor.mustChangePassword && !config.allowDuringPasswordChange) {
      throw new AppError('AUTH_PASSWORD_CHANGE_REQUIRED', '管理员为您设置了临时密码，请先修改密码');
    }
    if (config.permission && !session.actor.permissions.has(config.permission)) {
      throw new AppError('FORBIDDEN', `没有权限执行此操作（需要权限 ${config.permission}）`, { reason: 'access.missing_permission' });
    }
  });
}
