import { enterRequestLanguage, languageOf } from './platform/http/request-language';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { registerAuthHooks } from './platform/auth/auth.hooks';
import { compressionOptions } from './platform/http/compression';
import { systemClock, type Clock } from './platform/clock';
import type { AppConfig } from './platform/config';
import type { Database } from './platform/db/client';
import { databaseSchemaVersion } from './platform/db/migrate';
import type { Deps } from './platform/deps';
import { AppError } from './platform/errors';
import { problemErrorHandler } from './platform/http/error-handler';
import { registerInputGuards } from './platform/http/input-guards';
import { registerSecurityHeaders } from './platform/http/security-headers';
import { loggedUrl, logSerializers } from './platform/http/logging';
import type { AppInstance } from './platform/http/types';
import { appModules } from './modules';
import { installModules } from './platform/manifests/install';
import type { ModuleManifest } from './platform/manifests/manifest';

z.config(z.locales.zhCN());

export interface BuildOptions {
  database: Database;
  config: AppConfig;
  clock?: Clock;
  /** A pino logger config or `false` to silence (tests). */
  logger?: boolean | Record<string, unknown>;
  /** On a terminal: no line per request, only failed ones (the console stays readable). */
  quietRequests?: boolean;
  /** The modules to run; the whole application by default (tests may add their own). */
  modules?: readonly ModuleManifest[];
}

export const BODY_LIMIT = 1024 * 1024;

/** Builds the whole application without listening; tests drive it with `app.inject`. */
export async function buildApp(options: BuildOptions): Promise<AppInstance> {
  const { database, config } = options;
  const clock = options.clock ?? systemClock;
  const modules = options.modules ?? appModules;
  installModules(modules);
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: config.logLevel,
            // R-SEC-07: secrets never reach the log.
            redact: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'],
            serializers: logSerializers,
            ...(typeof options.logger === 'object' ? options.logger : {}),
          },
    disableRequestLogging: options.quietRequests ?? false,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    bodyLimit: BODY_LIMIT,
    trustProxy: config.trustProxy,
    routerOptions: { maxParamLength: 200 },
    // Malformed URLs and over-long path parameters are answered as problem+json too (R-QLT-05).
    frameworkErrors: (error, request, reply) => {
      problemErrorHandler(error, request, reply);
    },
  }).withTypeProvider() as unknown as AppInstance;

  if (options.quietRequests) {
    app.addHook('onResponse', async (request, reply) => {
      if (reply.statusCode >= 400) request.log.info(`${request.method} ${loggedUrl(request.url)} → ${reply.statusCode} (${Math.round(reply.elapsedTime)} ms)`);
    });
  }
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(problemErrorHandler);
  registerInputGuards(app);

  const deps: Deps = { db: database.db, database, clock, config, log: app.log as FastifyBaseLogger };
  app.decorate('deps', deps);

  await app.register(fastifyCookie);
  registerSecurityHeaders(app, { hsts: config.secureCookies });
  await app.register(fastifyCompress, compressionOptions);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: '招商客户管理平台 API',
        version: '1.0.0',
        description:
          '所有接口位于 /api/v1，使用会话 Cookie 认证（或 `Authorization: Bearer <会话令牌>`）。写操作须带 `X-CSRF-Token` 头。错误以 application/problem+json 返回，含稳定的 `code`、中文 `detail` 与字段错误 `errors`。',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'zs_session', description: '登录后浏览器携带的会话 Cookie' },
          csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token', description: '以 Cookie 认证时，写操作须带登录时下发的 zs_csrf 值' },
          bearer: { type: 'http', scheme: 'bearer', description: '会话令牌（登录响应的 zs_session 值）；以此认证时无需 X-CSRF-Token' },
        },
      },
    },
    // Every operation gets an operationId (for generated clients) and its own security: none for
    // sign-in, the session cookie or a bearer token for reads, plus the CSRF header for cookie writes.
    transform: (input) => jsonSchemaTransform({ ...input, schema: withOperationDefaults(input.schema as Record<string, unknown>, input.route) as typeof input.schema }),
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  app.addHook('onRequest', async (request) => enterRequestLanguage(languageOf(request)));
  registerAuthHooks(app, deps);

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get(
    '/healthz',
    {
      schema: {
        tags: ['系统'],
        summary: '健康检查：数据库模式与结构版本',
        response: {
          200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']), schemaVersion: z.number().int() }),
        },
      },
    },
    async () => ({ status: 'ok' as const, database: database.mode, schemaVersion: await databaseSchemaVersion(database) }),
  );

  await app.register(async (scope) => {
    const api = scope as unknown as AppInstance;
    for (const manifest of modules) for (const register of manifest.routes) register(api, deps);
  });

  const indexHtml = path.join(config.webDist, 'index.html');
  const hasWeb = fs.existsSync(indexHtml);
  if (hasWeb) {
    // wildcard: files are looked up per request, so a rebuilt web app is served without a restart.
    await app.register(fastifyStatic, {
      root: config.webDist,
      wildcard: true,
      index: false,
      // The build writes .br and .gz beside each text asset; they are sent to clients that accept them.
      preCompressed: true,
      // Hashed assets never change; the page that names them must always be fetched again.
      setHeaders: (reply, filePath) => {
        reply.header('Cache-Control', /[\\/]assets[\\/]/.test(filePath) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    // R-PLT-61: the address the README and the console give opens the web app.
    app.get('/', { schema: { hide: true } }, (_request, reply) => reply.header('Cache-Control', 'no-cache').type('text/html; charset=utf-8').sendFile('index.html'));
  }
  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split('?')[0] ?? '';
    // Missing assets (anything with a file extension) are 404s, not the app's HTML.
    if (pathname.startsWith('/api') || request.method !== 'GET' || !hasWeb || /\.[A-Za-z0-9]+$/.test(pathname)) {
      return problemErrorHandler(new AppError('NOT_FOUND', '请求的资源不存在'), request, reply);
    }
    // Client-side routes of the single-page app.
    return reply.header('Cache-Control', 'no-cache').type('text/html; charset=utf-8').sendFile('index.html');
  });

  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: Deps;
  }
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** `GET /api/v1/customers/:id/contacts` → `getCustomersIdContacts`. */
export function operationIdOf(method: string, url: string): string {
  const words = url
    .replace(/^\/api\/v1\//, '')
    .split(/[/\-_:.{}]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1));
  return `${method.toLowerCase()}${words.join('')}`;
}

function withOperationDefaults(schema: Record<string, unknown> | undefined, route: { method: string | string[]; url: string; config?: unknown }) {
  if (!schema || schema.hide) return schema;
  const method = [route.method].flat()[0] ?? 'GET';
  const auth = (route.config as { auth?: string } | undefined)?.auth;
  const security = auth === 'public' ? [] : UNSAFE_METHODS.has(method) ? [{ session: [], csrf: [] }, { bearer: [] }] : [{ session: [] }, { bearer: [] }];
  return { ...schema, operationId: schema.operationId ?? operationIdOf(method, route.url), security: schema.security ?? security };
}
