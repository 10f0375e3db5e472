import type { FastifyBaseLogger, FastifyInstance, FastifyRequest, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Actor, RequestContext } from '../access/access';

export type AppInstance = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
    /** Set for session-cookie requests; unsafe methods must echo it in X-CSRF-Token. */
    csrfToken?: string;
  }
  interface FastifyContextConfig {
    /** `public` routes need no session; every other /api route does. */
    auth?: 'public' | 'session';
    /** Permission code the caller's roles must grant (R-PLT-02). */
    permission?: string;
    /** Reachable while the user must still change their password. */
    allowDuringPasswordChange?: boolean;
  }
}

export function contextOf(request: FastifyRequest): RequestContext {
  return {
    actor: request.actor,
    ip: request.ip,
    requestId: String(request.id),
    userAgent: request.headers['user-agent'],
  };
}
