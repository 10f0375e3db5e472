import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../app';
import { scopedResources, type DataScope } from '../platform/access/permissions';
import { hashPassword } from '../platform/auth/password';
import { createTestClock, type TestClock } from '../platform/clock';
import { loadConfig, type AppConfig } from '../platform/config';
import { openDatabase, type Database } from '../platform/db/client';
import { migrateDatabase } from '../platform/db/migrate';
import type { AppInstance } from '../platform/http/types';
import { orgUnits, roles, userRoles, users } from '../platform/org/org.table';
import { appModules, ensureAppReferenceData } from '../modules';
import { ensureReferenceData } from '../platform/manifests/install';
import type { ModuleManifest } from '../platform/manifests/manifest';

export { ensureAppReferenceData };

// One migrated embedded database per test worker, copied for every test database: opening a
// copy takes under a second, a new database plus all migrations several.
// The same for an empty database (initdb alone takes seconds).
let template: Promise<Uint8Array> | undefined;
let emptyTemplate: Promise<Uint8Array> | undefined;
function dumpOf(migrate: boolean): Promise<Uint8Array> {
  return (async () => {
    const database = await openDatabase({ dataDir: 'memory' });
    try {
      if (migrate) await migrateDatabase(database);
      return await database.pglite!.dumpDataDir();
    } finally {
      await database.close();
    }
  })();
}
function migratedTemplate(): Promise<Uint8Array> {
  template ??= dumpOf(true);
  return template;
}

/** A new, empty in-memory embedded database (no migrations), as a copy of one made once. */
export async function openEmptyEmbeddedDatabase(): Promise<Database> {
  emptyTemplate ??= dumpOf(false);
  return openDatabase({ dataDir: 'memory', loadDataDir: await emptyTemplate });
}

/**
 * A freshly migrated database for one test file: in-memory PGlite, or — when TEST_DATABASE_URL
 * is set — a new database on that PostgreSQL server, dropped again on close.
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<{ database: Database; drop: () => Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  const migrate = options.migrate ?? true;
  if (!serverUrl) {
    const database = migrate
      ? await openDatabase({ dataDir: 'memory', loadDataDir: await migratedTemplate() })
      : await openEmptyEmbeddedDatabase();
    return { database, drop: () => database.close() };
  }
  const name = `zs_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 12 });
  if (migrate) await migrateDatabase(database);
  return {
    database,
    drop: async () => {
      await database.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

export interface InjectResponse {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
  json: <T = any>() => T;
}

/** A signed-in HTTP client: carries the session cookie and echoes the CSRF token. */
export interface Agent {
  userId: number;
  cookies: Record<string, string>;
  get(url: string): Promise<InjectResponse>;
  post(url: string, body?: unknown): Promise<InjectResponse>;
  patch(url: string, body?: unknown): Promise<InjectResponse>;
  put(url: string, body?: unknown): Promise<InjectResponse>;
  delete(url: string): Promise<InjectResponse>;
}

export interface TestUser {
  id: number;
  username: string;
  password: string;
  unitId: number;
}

/** The agent's session cookie and CSRF header, for `app.inject` calls that need the raw payload. */
export const headersOf = (agent: Agent) => ({
  cookie: Object.entries(agent.cookies)
    .map(([k, v]) => `${k}=${v}`)
    .join('; '),
  'x-csrf-token': agent.cookies.zs_csrf ?? '',
});

/** A signed-in test user: the user and an HTTP agent acting as them. */
export interface Person {
  user: TestUser;
  agent: Agent;
}

export async function person(t: TestApp, options: Parameters<TestApp['createUser']>[0]): Promise<Person> {
  const user = await t.createUser(options);
  return { user, agent: await t.login(user) };
}

export interface TestApp {
  app: AppInstance;
  database: Database;
  clock: TestClock;
  config: AppConfig;
  rootUnitId: number;
  /** A unit under `parentId` (default: the root). */
  createUnit(name?: string, parentId?: number): Promise<{ id: number; path: string; code: string }>;
  /** A user holding a built-in role by code, or a custom role made of the given grants. */
  createUser(options: {
    unitId?: number;
    role?: string;
    permissions?: string[];
    scope?: DataScope;
    mobile?: string;
    password?: string;
  }): Promise<TestUser>;
  login(user: { username: string; password: string }): Promise<Agent>;
  /** An admin agent with scope `all`. */
  admin(): Promise<Agent>;
  close(): Promise<void>;
}

let counter = 0;
export const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}${randomBytes(2).toString('hex')}`;

export function parseSetCookies(header: string | string[] | number | undefined): Record<string, string> {
  const list = Array.isArray(header) ? header : header ? [String(header)] : [];
  const cookies: Record<string, string> = {};
  for (const line of list) {
    const [pair] = line.split(';');
    const index = pair!.indexOf('=');
    cookies[pair!.slice(0, index)] = pair!.slice(index + 1);
  }
  return cookies;
}

export async function createTestApp(
  options: { config?: Partial<AppConfig>; clock?: TestClock; extraModules?: readonly ModuleManifest[]; logger?: Record<string, unknown> } = {},
): Promise<TestApp> {
  const { database, drop } = await createTestDatabase();
  const clock = options.clock ?? createTestClock('2026-03-02T02:00:00Z');
  const config: AppConfig = {
    // A data directory per app: files, backups and the audit checkpoint of one database each.
    ...loadConfig({ DATA_DIR: path.join(os.tmpdir(), `zhaoshang-test-${process.pid}-${randomBytes(4).toString('hex')}`) } as NodeJS.ProcessEnv),
    loginRateLimitPerMinute: 10_000,
    ...options.config,
  };
  const modules = [...appModules, ...(options.extraModules ?? [])];
  const app = await buildApp({ database, config, clock, logger: options.logger ?? false, modules });
  await app.ready();
  const db = database.db;
  await ensureReferenceData(modules, db, clock);
  const [root] = await db.insert(orgUnits).values({ name: '测试集团', code: unique('R'), kind: 'company' }).returning();
  await db.update(orgUnits).set({ path: `/${root!.id}/` }).where(eq(orgUnits.id, root!.id));

  const passwordCache = new Map<string, string>();
  async function cachedHash(password: string) {
    let hash = passwordCache.get(password);
    if (!hash) {
      hash = await hashPassword(password);
      passwordCache.set(password, hash);
    }
    return hash;
  }

  const testApp: TestApp = {
    app,
    database,
    clock,
    config,
    rootUnitId: root!.id,
    async createUnit(name = unique('部门'), parentId = root!.id) {
      const [parent] = await db.select().from(orgUnits).where(eq(orgUnits.id, parentId));
      const code = unique('U').slice(0, 20);
      const [unit] = await db.insert(orgUnits).values({ name, code, kind: 'department', parentId }).returning();
      const path = `${parent!.path}${unit!.id}/`;
      await db.update(orgUnits).set({ path }).where(eq(orgUnits.id, unit!.id));
      return { id: unit!.id, path, code };
    },
    async createUser(spec) {
      const password = spec.password ?? 'Test-Passw0rd-原创';
      const username = unique('u');
      let roleId: number;
      if (spec.role) {
        const [role] = await db.select().from(roles).where(eq(roles.code, spec.role));
        if (!role) throw new Error(`no built-in role ${spec.role}`);
        roleId = role.id;
      } else {
        const scope = spec.scope ?? 'all';
        const [role] = await db
          .insert(roles)
          .values({
            code: unique('r'),
            name: unique('角色'),
            permissions: spec.permissions ?? [],
            dataScopes: Object.fromEntries(scopedResources.map((r) => [r.code, scope])),
          })
          .returning();
        roleId = role!.id;
      }
      const [user] = await db
        .insert(users)
        .values({
          username,
          displayName: `测试${username.slice(-4)}`,
          unitId: spec.unitId ?? root!.id,
          mobile: spec.mobile ?? null,
          passwordHash: await cachedHash(password),
        })
        .returning();
      await db.insert(userRoles).values({ userId: user!.id, roleId });
      return { id: user!.id, username, password, unitId: user!.unitId };
    },
    async login(user) {
      const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: user });
      if (response.statusCode !== 200) throw new Error(`login failed ${response.statusCode}: ${response.body}`);
      const cookies = parseSetCookies(response.headers['set-cookie']);
      const userId = (response.json() as { user: { id: number } }).user.id;
      const cookieHeader = () =>
        Object.entries(cookies)
          .map(([k, v]) => `${k}=${v}`)
          .join('; ');
      const send = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown) =>
        app.inject({
          method,
          url,
          headers: { cookie: cookieHeader(), 'x-csrf-token': cookies.zs_csrf ?? '' },
          ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
        }) as unknown as Promise<InjectResponse>;
      return {
        userId,
        cookies,
        get: (url) => send('GET', url),
        post: (url, body) => send('POST', url, body ?? {}),
        patch: (url, body) => send('PATCH', url, body ?? {}),
        put: (url, body) => send('PUT', url, body ?? {}),
        delete: (url) => send('DELETE', url),
      };
    },
    async admin() {
      const user = await testApp.createUser({ role: 'admin' });
      return testApp.login(user);
    },
    async close() {
      await app.close();
      await drop();
      if (!options.config?.dataDir) fs.rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
  return testApp;
}
