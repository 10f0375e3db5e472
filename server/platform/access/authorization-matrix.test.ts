import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { queryRows } from '../db/client';
import { permissionCatalog } from './permissions';
import { createTestApp, unique, type Agent, type InjectResponse, type TestApp } from '../../test/harness';

/**
 * R-SEC-04: a matrix generated from the OpenAPI document tries every /api/v1 operation
 *  (a) as a signed-in user without any permission (operations that name a permission), and as one holding every permission but the
 *      one the operation needs → 403 FORBIDDEN, no data;
 *  (b) without a session → 401, no data;
 *  (c) with the right permission but `unit` data scope in another unit → 404 for objects of
 *      unit A addressed by id, and lists that never show unit A's rows;
 * and R-SEC-05: a cookie without (or with a wrong) X-CSRF-Token changes nothing → 403 CSRF_FAILED.
 */

type Json = any;
interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  op: Json;
}

/**
 * Each route's `config` (auth / permission) as registered, captured by wrapping the Fastify
 * factory: operations with `config.auth = 'session'` are open to every signed-in user and the
 * service checks the record itself; `public` needs no session; all others name a permission.
 */
const routeConfigs = vi.hoisted(() => new Map<string, { auth?: string; permission?: string }>());
vi.mock('fastify', async (importOriginal) => {
  const actual = (await importOriginal()) as { default: (...args: unknown[]) => any };
  const factory = actual.default;
  const wrapped = (...args: unknown[]) => {
    const app = factory(...args);
    app.addHook('onRoute', (route: { method: string | string[]; url: string; config?: { auth?: string; permission?: string } }) => {
      for (const method of [route.method].flat()) {
        routeConfigs.set(`${method} ${route.url.replace(/:(\w+)/g, '{$1}')}`, { auth: route.config?.auth, permission: route.config?.permission });
      }
    });
    return app;
  };
  return { ...actual, default: Object.assign(wrapped, factory) };
});
const accessOf = (key: string): 'public' | 'session' | 'permission' => {
  const config = routeConfigs.get(key);
  if (config?.permission) return 'permission';
  return config?.auth === 'public' ? 'public' : 'session';
};
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const PROBLEM_KEYS = new Set(['reason', 'type', 'title', 'status', 'code', 'detail', 'instance', 'requestId', 'errors']);

const headerOf = (res: InjectResponse, name: string) => String(res.headers[name] ?? '');

describe('R-SEC-04 authorization matrix', () => {
  let t: TestApp;
  let admin: Agent;
  let doc: Json;
  let operations: Operation[];
  let businessTables: string[];
  let unitA: number;
  let unitB: number;
  let leafA: number;
  let userA: number;
  let userB: number;
  let roleId: number;
  let noPermission: Agent;
  let scopedB: Agent;

  const targets = (): Record<string, number> => ({ users: userA, 'org-units': leafA, roles: roleId });

  async function fingerprint(): Promise<Record<string, string>> {
    const columns = businessTables.map(
      (table) => `(SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM "${table}" x) AS "${table}"`,
    );
    const [row] = await queryRows<Record<string, string>>(t.database.db, sql.raw(`SELECT ${columns.join(', ')}`));
    return row!;
  }

  function resolve(schema: Json): Json {
    let current = schema;
    for (let i = 0; current?.$ref && i < 20; i++) {
      current = current.$ref
        .replace(/^#\//, '')
        .split('/')
        .reduce((node: Json, key: string) => node?.[key], doc);
    }
    return current ?? {};
  }

  /** A plausible value for a schema (for operations that have no hand-written body below). */
  function sample(schema: Json, depth = 0): Json {
    let s = resolve(schema);
    const branches: Json[] | undefined = s.anyOf ?? s.oneOf;
    if (branches) s = resolve(branches.find((b) => resolve(b).type !== 'null') ?? {});
    const type = Array.isArray(s.type) ? s.type.find((x: string) => x !== 'null') : s.type;
    if (s.enum) return s.enum[0];
    if (s.const !== undefined) return s.const;
    switch (type) {
      case 'string':
        return s.format === 'date' ? '2026-03-02' : s.format === 'date-time' ? '2026-03-02T00:00:00Z' : 'x'.repeat(Math.max(1, s.minLength ?? 1));
      case 'integer':
      case 'number':
        return Math.max(1, s.minimum ?? 1);
      case 'boolean':
        return false;
      case 'array':
        return [];
      case 'object': {
        const out: Json = {};
        if (depth < 5) for (const key of s.required ?? []) out[key] = sample(s.properties?.[key] ?? {}, depth + 1);
        return out;
      }
      default:
        return null;
    }
  }

  /** A body that would succeed for an authorised caller. */
  function bodyFor(o: Operation): Json {
    const key = `${o.method} ${o.path}`;
    const known: Record<string, () => Json> = {
      'POST /api/v1/org-units': () => ({ name: unique('矩阵部门'), code: unique('M').slice(0, 20), parentId: unitA, kind: 'department' }),
      'PATCH /api/v1/org-units/{id}': () => ({ name: unique('改名') }),
      'POST /api/v1/users': () => ({ username: unique('mx'), displayName: '矩阵用户', unitId: unitA, roleIds: [], password: 'Matrix-Passw0rd-原创' }),
      'PATCH /api/v1/users/{id}': () => ({ displayName: unique('改名') }),
      'POST /api/v1/roles': () => ({ code: unique('mr').toLowerCase().slice(0, 30), name: unique('矩阵角色'), permissions: ['org:read'], dataScopes: { org: 'unit' } }),
      'PATCH /api/v1/roles/{id}': () => ({ name: unique('改名') }),
      'POST /api/v1/auth/change-password': () => ({ currentPassword: 'Test-Passw0rd-原创', newPassword: 'Changed-Passw0rd-新的' }),
    };
    if (known[key]) return known[key]!();
    const schema = o.op.requestBody?.content?.['application/json']?.schema;
    return schema ? sample(schema) : undefined;
  }

  function urlFor(o: Operation, ids: Record<string, number> = targets()): string {
    const resource = o.path.split('/')[3]!;
    const path = o.path.replace(/\{(\w+)\}/g, () => String(ids[resource] ?? 1));
    const query = (o.op.parameters ?? []).filter((p: Json) => p.in === 'query' && p.required);
    return query.length ? `${path}?${query.map((p: Json) => `${p.name}=${encodeURIComponent(String(sample(p.schema ?? {})))}`).join('&')}` : path;
  }

  async function call(o: Operation, headers: Record<string, string>, ids?: Record<string, number>): Promise<InjectResponse> {
    const body = UNSAFE.has(o.method) ? bodyFor(o) : undefined;
    return (await t.app.inject({
      method: o.method,
      url: urlFor(o, ids),
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    })) as unknown as InjectResponse;
  }

  const cookieHeader = (agent: Agent) =>
    Object.entries(agent.cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
  const asAgent = (agent: Agent) => ({ cookie: cookieHeader(agent), 'x-csrf-token': agent.cookies.zs_csrf ?? '' });

  /** A problem+json answer with exactly this status/code and no business data in it. */
  function problemOnly(res: InjectResponse, status: number, code: string | RegExp): string | undefined {
    if (res.statusCode !== status) return `status ${res.statusCode} (want ${status}): ${res.body.slice(0, 160)}`;
    if (!headerOf(res, 'content-type').startsWith('application/problem+json')) return `content-type ${headerOf(res, 'content-type')}`;
    const body = res.json();
    if (typeof code === 'string' ? body.code !== code : !code.test(body.code)) return `code ${body.code} (want ${code})`;
    const extra = Object.keys(body).filter((k) => !PROBLEM_KEYS.has(k));
    if (extra.length) return `problem carries data: ${extra.join(', ')}`;
    return undefined;
  }

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.admin();
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    doc = res.json();
    operations = [];
    for (const [path, item] of Object.entries<Json>(doc.paths)) {
      if (!path.startsWith('/api/v1/')) continue;
      for (const method of ['get', 'put', 'post', 'patch', 'delete'] as const) {
        if (item[method]) operations.push({ method: method.toUpperCase() as Operation['method'], path, op: item[method] });
      }
    }

    unitA = (await t.createUnit('甲部门')).id;
    unitB = (await t.createUnit('乙部门')).id;
    leafA = (await t.createUnit('甲下级', unitA)).id;
    userA = (await t.createUser({ unitId: unitA, permissions: ['org:read'], mobile: '13800138000' })).id;
    userB = (await t.createUser({ unitId: unitB, permissions: ['org:read'] })).id;
    const role = await admin.post('/api/v1/roles', {
      code: unique('mxrole').toLowerCase().slice(0, 30),
      name: unique('矩阵靶角色'),
      permissions: ['org:read'],
      dataScopes: { org: 'unit' },
    });
    expect(role.statusCode).toBe(201);
    roleId = role.json().id;

    noPermission = await t.login(await t.createUser({ unitId: unitA, permissions: [] }));
    scopedB = await t.login(
      await t.createUser({ unitId: unitB, permissions: permissionCatalog.map((p) => p.code), scope: 'unit' }),
    );

    const tables = await queryRows<{ table_name: string }>(
      t.database.db,
      sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    businessTables = tables
      .map((r) => r.table_name)
      .filter((name) => !/^(audit_events|sessions)$|audit|session|migration|_log$|_logs$/.test(name))
      .sort();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('R-SEC-04 every protected operation refuses a signed-in user without its permission (403, no data)', async () => {
    const failures: string[] = [];
    expect(routeConfigs.size, 'route configs captured').toBeGreaterThan(20);
    expect(accessOf('POST /api/v1/auth/login')).toBe('public');
    expect(accessOf('GET /api/v1/auth/me')).toBe('session');
    expect(accessOf('GET /api/v1/users')).toBe('permission');
    const protectedOps = operations.filter((o) => accessOf(`${o.method} ${o.path}`) === 'permission');
    expect(protectedOps.length).toBeGreaterThanOrEqual(15);
    const needs = new Map<Operation, string>();
    let before = await fingerprint();
    for (const o of protectedOps) {
      const where = `${o.method} ${o.path}`;
      const res = await call(o, asAgent(noPermission));
      const problem = problemOnly(res, 403, 'FORBIDDEN');
      if (problem) {
        failures.push(`${where} as user without permissions → ${problem}`);
        continue;
      }
      const needed = /需要权限\s*([\w:.-]+)/.exec(res.json().detail)?.[1];
      // The lower-role check below needs the permission named in the 403 (auth.hooks does).
      if (needed) needs.set(o, needed);
    }
    // Session-only operations: never a 5xx; by id (the user owns nothing) always a 4xx, no data.
    for (const o of operations.filter((op) => accessOf(`${op.method} ${op.path}`) === 'session')) {
      const res = await call(o, asAgent(noPermission));
      const where = `${o.method} ${o.path} (session-only) as user without permissions`;
      if (res.statusCode >= 500) failures.push(`${where} → ${res.statusCode}`);
      else if (/\{\w+\}/.test(o.path) && !o.path.startsWith('/api/v1/auth/')) {
        const problem = res.statusCode >= 400 ? problemOnly(res, res.statusCode, /./) : `status ${res.statusCode}: ${res.body.slice(0, 120)}`;
        if (problem) failures.push(`${where} → ${problem}`);
      }
    }
    let after = await fingerprint();
    expect(Object.keys(after).filter((table) => after[table] !== before[table]), 'refused calls changed data').toEqual([]);

    // Lower role: every permission except the one the operation needs, data scope `all`.
    const lowerRoleAgents = new Map<string, Agent>();
    for (const needed of new Set(needs.values())) {
      const grants = permissionCatalog.map((p) => p.code).filter((code) => code !== needed);
      lowerRoleAgents.set(needed, await t.login(await t.createUser({ unitId: unitA, permissions: grants, scope: 'all' })));
    }
    before = await fingerprint();
    for (const [o, needed] of needs) {
      const res = await call(o, asAgent(lowerRoleAgents.get(needed)!));
      const problem = problemOnly(res, 403, 'FORBIDDEN');
      if (problem) failures.push(`${o.method} ${o.path} as role with every permission but ${needed} → ${problem}`);
    }
    after = await fingerprint();
    expect(Object.keys(after).filter((table) => after[table] !== before[table]), 'refused calls changed data').toEqual([]);
    expect(failures).toEqual([]);
  });

  it('R-SEC-04 every operation but login refuses an anonymous caller (401, no data)', async () => {
    const failures: string[] = [];
    const before = await fingerprint();
    for (const o of operations) {
      const key = `${o.method} ${o.path}`;
      if (accessOf(key) === 'public') continue;
      for (const [label, headers] of [
        ['no session', {}],
        ['unknown session cookie', { cookie: 'zs_session=AAAAAAAAAAAAAAAAAAAAAA; zs_csrf=x', 'x-csrf-token': 'x' }],
        ['unknown bearer token', { authorization: 'Bearer AAAAAAAAAAAAAAAAAAAAAA' }],
        ['over-long bearer token', { authorization: `Bearer ${'A'.repeat(5000)}` }],
      ] as const) {
        const res = await call(o, headers as Record<string, string>);
        const problem = problemOnly(res, 401, /^AUTH_/);
        if (problem) failures.push(`${key} with ${label} → ${problem}`);
      }
    }
    const after = await fingerprint();
    expect(Object.keys(after).filter((table) => after[table] !== before[table]), 'refused calls changed data').toEqual([]);
    expect(failures).toEqual([]);
  });

  it('R-SEC-04 a unit-scoped user of unit B gets 404 for unit A objects by id and never sees them in lists', async () => {
    const failures: string[] = [];
    // Objects of unit A, addressed by id, per resource; operations on other resources are covered
    // by their own modules' tests.
    const objectsOfA: Record<string, number> = { users: userA, 'org-units': leafA };
    const byId = operations.filter((o) => /\{\w+\}/.test(o.path) && o.path.split('/')[3]! in objectsOfA);
    expect(byId.map((o) => `${o.method} ${o.path}`)).toEqual(
      expect.arrayContaining([
        'GET /api/v1/users/{id}',
        'PATCH /api/v1/users/{id}',
        'POST /api/v1/users/{id}/disable',
        'POST /api/v1/users/{id}/enable',
        'POST /api/v1/users/{id}/reset-password',
        'PATCH /api/v1/org-units/{id}',
        'DELETE /api/v1/org-units/{id}',
      ]),
    );
    const before = await fingerprint();
    for (const o of byId) {
      for (const [label, ids] of [
        ['object of unit A', objectsOfA],
        ['unit A itself', { users: userA, 'org-units': unitA }],
      ] as const) {
        const res = await call(o, asAgent(scopedB), ids);
        const problem = problemOnly(res, 404, 'NOT_FOUND');
        if (problem) failures.push(`${o.method} ${o.path} (${label}) as unit-scoped user of B → ${problem}`);
      }
    }
    // Bodies that point at unit A are refused too (field error, nothing created or moved).
    const refusals: [string, Promise<InjectResponse>][] = [
      ['create user in unit A', scopedB.post('/api/v1/users', { username: unique('mx'), displayName: '越权', unitId: unitA, roleIds: [], password: 'Matrix-Passw0rd-原创' })],
      ['create unit under unit A', scopedB.post('/api/v1/org-units', { name: '越权部门', code: unique('X').slice(0, 20), parentId: unitA, kind: 'department' })],
      ['move own user to unit A', scopedB.patch(`/api/v1/users/${userB}`, { unitId: unitA })],
      ['filter users by unit A', scopedB.get(`/api/v1/users?unitId=${unitA}`)],
    ];
    for (const [label, pending] of refusals) {
      const res = await pending;
      if (res.statusCode < 400 || res.statusCode >= 500 || 'items' in res.json()) {
        failures.push(`${label} → ${res.statusCode}: ${res.body.slice(0, 160)}`);
      }
    }
    const after = await fingerprint();
    expect(Object.keys(after).filter((table) => after[table] !== before[table]), 'refused calls changed data').toEqual([]);

    // Lists show only unit B.
    const users = await scopedB.get('/api/v1/users?pageSize=100');
    expect(users.statusCode).toBe(200);
    expect(users.json().items.length).toBeGreaterThan(0);
    expect(users.json().items.filter((u: Json) => u.unitId !== unitB)).toEqual([]);
    expect(users.json().total).toBe(users.json().items.length);
    const units = await scopedB.get('/api/v1/org-units');
    expect(units.statusCode).toBe(200);
    expect(units.json().items.map((u: Json) => u.id)).toEqual([unitB]);
    const search = await scopedB.get(`/api/v1/users?q=${encodeURIComponent('测试')}&pageSize=100`);
    expect(search.json().items.filter((u: Json) => u.unitId !== unitB)).toEqual([]);

    // The admin still sees unit A's objects unchanged (they were not touched by the attempts above).
    const a = await admin.get(`/api/v1/users/${userA}`);
    expect(a.statusCode).toBe(200);
    expect(a.json().status).toBe('active');
    expect(failures).toEqual([]);
  });

  it('R-SEC-05 a session cookie without the right X-CSRF-Token changes nothing (403 CSRF_FAILED)', async () => {
    const failures: string[] = [];
    const unsafe = operations.filter((o) => UNSAFE.has(o.method) && accessOf(`${o.method} ${o.path}`) !== 'public');
    expect(unsafe.length).toBeGreaterThanOrEqual(10);
    const other = await t.login(await t.createUser({ role: 'admin' }));
    const cookie = cookieHeader(admin);
    const before = await fingerprint();
    for (const o of unsafe) {
      for (const [label, headers] of [
        ['no X-CSRF-Token', { cookie }],
        ['empty X-CSRF-Token', { cookie, 'x-csrf-token': '' }],
        ['wrong X-CSRF-Token', { cookie, 'x-csrf-token': 'not-the-token' }],
        ["another session's X-CSRF-Token", { cookie, 'x-csrf-token': other.cookies.zs_csrf! }],
        ['token only in the cookie', { cookie: `${cookie}; x-csrf-token=${admin.cookies.zs_csrf}` }],
      ] as const) {
        const res = await call(o, headers as Record<string, string>);
        const problem = problemOnly(res, 403, 'CSRF_FAILED');
        if (problem) failures.push(`${o.method} ${o.path} with ${label} → ${problem}`);
      }
    }
    const after = await fingerprint();
    expect(Object.keys(after).filter((table) => after[table] !== before[table]), 'refused calls changed data').toEqual([]);
    // Logout without the token did not end the session either.
    expect((await admin.get('/api/v1/auth/me')).statusCode).toBe(200);
    // Safe methods need no token; with the token the same state change goes through.
    const ok = await admin.patch(`/api/v1/users/${userA}`, { displayName: '已改名' });
    expect(ok.statusCode).toBe(200);
    expect(failures).toEqual([]);
  });
});
