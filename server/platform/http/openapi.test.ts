import SwaggerParser from '@apidevtools/swagger-parser';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, unique, type Agent, type InjectResponse, type TestApp } from '../../test/harness';
import { verifyChainOverHttp } from '../../test/audit';
import { queryRows } from '../db/client';

/**
 * R-PLT-61: the OpenAPI document describes every /api/v1 route.
 * R-QLT-05: every operation in that document is walked with hostile input; the answer is always
 * a 4xx problem+json with a stable code and a Chinese detail, or — for input that is actually
 * valid (a harmless string in a free-text field) — a 2xx that stores the value unchanged.
 * A refused request must change nothing in the business tables, and after the whole walk the
 * audit chain still verifies (R-SEC-08): nothing stored differs from what was hashed.
 */

type Json = any;
interface Operation {
  method: string;
  /** OpenAPI path, e.g. /api/v1/users/{id} */
  path: string;
  op: Json;
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;
const CHINESE = /[\u4e00-\u9fff]/;
const DEEP = 10_000;
const MIB = 1024 * 1024;

/** Routes Fastify knows, parsed from `printRoutes()` (the tree printer is the only public listing). */
function registeredRoutes(tree: string): { method: string; path: string }[] {
  const routes: { method: string; path: string }[] = [];
  const stack: { depth: number; path: string }[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:│ {3}| {4})*)(?:├── |└── )(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    while (stack.length && stack[stack.length - 1]!.depth >= depth) stack.pop();
    const full = (stack[stack.length - 1]?.path ?? '') + match[2]!;
    stack.push({ depth, path: full });
    for (const method of (match[3] ?? '').split(', ').filter(Boolean)) routes.push({ method, path: full });
  }
  return routes;
}

function operationsOf(doc: Json): Operation[] {
  const list: Operation[] = [];
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    for (const method of METHODS) if (item[method]) list.push({ method: method.toUpperCase(), path, op: item[method] });
  }
  return list;
}

function resolve(doc: Json, schema: Json): Json {
  let current = schema;
  for (let i = 0; current?.$ref && i < 20; i++) {
    current = current.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce((node: Json, key: string) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  }
  return current;
}

/** The non-null branch of `anyOf: [X, {type: null}]` and its nullability. */
function unwrap(doc: Json, schema: Json): { schema: Json; nullable: boolean } {
  const s = resolve(doc, schema) ?? {};
  const branches: Json[] | undefined = s.anyOf ?? s.oneOf;
  if (branches) {
    const nonNull = branches.map((b) => resolve(doc, b)).filter((b) => b?.type !== 'null');
    return { schema: nonNull[0] ?? {}, nullable: nonNull.length < branches.length };
  }
  if (Array.isArray(s.type)) {
    const types = s.type.filter((t: string) => t !== 'null');
    return { schema: { ...s, type: types[0] }, nullable: types.length < s.type.length };
  }
  return { schema: s, nullable: false };
}

function collectRefs(node: Json, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => collectRefs(n, out));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') out.push(value);
      else collectRefs(value, out);
    }
  }
  return out;
}

const headerOf = (res: InjectResponse, name: string) => String(res.headers[name] ?? '');

describe('OpenAPI document and hostile input', () => {
  let t: TestApp;
  let admin: Agent;
  let doc: Json;
  let businessTables: string[];
  const targets: Record<string, number> = {};

  /**
   * Rows written per business table, counted by a row trigger into a side table. A refused
   * request rolls its transaction back, counter included, so any committed write shows up here;
   * one small read per request instead of hashing every table.
   */
  async function fingerprint(): Promise<Record<string, string>> {
    const rows = await queryRows<{ table_name: string; n: string }>(t.database.db, sql.raw('SELECT table_name, n::text AS n FROM fuzz_row_writes'));
    return Object.fromEntries(rows.map((r) => [r.table_name, r.n]));
  }

  async function countWrites(tables: string[]): Promise<void> {
    await t.database.db.execute(sql.raw('CREATE TABLE fuzz_row_writes (table_name text PRIMARY KEY, n bigint NOT NULL)'));
    await t.database.db.execute(sql.raw(`
      CREATE FUNCTION fuzz_count_write() RETURNS trigger LANGUAGE plpgsql AS $fz$
      BEGIN
        INSERT INTO fuzz_row_writes VALUES (TG_TABLE_NAME, 1)
          ON CONFLICT (table_name) DO UPDATE SET n = fuzz_row_writes.n + 1;
        RETURN NULL;
      END $fz$;`));
    for (const table of tables) {
      await t.database.db.execute(
        sql.raw(`CREATE TRIGGER fuzz_count_write AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION fuzz_count_write()`),
      );
    }
  }

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.admin();
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    doc = res.json();

    const unit = await t.createUnit('靶部门');
    targets['org-units'] = unit.id;
    targets.users = (await t.createUser({ unitId: unit.id, permissions: ['org:read'] })).id;
    const role = await admin.post('/api/v1/roles', {
      code: unique('target_').toLowerCase().slice(0, 30),
      name: unique('靶角色'),
      permissions: ['org:read'],
      dataScopes: { org: 'unit' },
    });
    expect(role.statusCode).toBe(201);
    targets.roles = role.json().id;

    const tables = await queryRows<{ table_name: string }>(
      t.database.db,
      sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    // Logs, sessions and sign-in failure counters legitimately grow while we walk.
    businessTables = tables
      .map((r) => r.table_name)
      .filter((name) => !/^(audit_events|sessions)$|audit|session|login_failures|migration|_log$|_logs$/.test(name))
      .sort();
    expect(businessTables).toEqual(expect.arrayContaining(['org_units', 'roles', 'user_roles', 'users']));
    await countWrites(businessTables);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('R-PLT-61 /api/openapi.json is a valid OpenAPI 3 document covering every route', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(headerOf(res, 'content-type')).toMatch(/^application\/json/);
    const document = res.json();

    // Structural checks of our own …
    expect(String(document.openapi)).toMatch(/^3\.\d+\.\d+$/);
    expect(document.info?.title).toEqual(expect.any(String));
    expect(document.info?.version).toEqual(expect.any(String));
    expect(Object.keys(document.paths ?? {}).length).toBeGreaterThan(0);
    const operations = operationsOf(document);
    for (const { method, path, op } of operations) {
      const where = `${method} ${path}`;
      expect(Object.keys(op.responses ?? {}), `${where} has responses`).not.toHaveLength(0);
      expect(op.summary, `${where} has a summary`).toEqual(expect.any(String));
      for (const name of [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) {
        expect(
          (op.parameters ?? []).some((p: Json) => p.in === 'path' && p.name === name && p.required === true),
          `${where} declares path parameter ${name}`,
        ).toBe(true);
      }
      if (path.startsWith('/api/v1/') && !['/api/v1/auth/login'].includes(path)) {
        // Every protected operation documents its failure answers.
        expect(Object.keys(op.responses), `${where} documents 401/403`).toEqual(expect.arrayContaining(['401', '403']));
      }
    }
    // Clients generate code from operationIds (unique), and the declared security is honest:
    // sign-in is open, reads need a session cookie or bearer token, cookie writes the CSRF header.
    expect(document.components.securitySchemes).toMatchObject({ bearer: { type: 'http', scheme: 'bearer' }, session: { in: 'cookie' }, csrf: { in: 'header' } });
    const ids = operations.map((o) => o.op.operationId);
    expect(ids.filter((id) => typeof id !== 'string' || !/^[a-z][A-Za-z0-9]+$/.test(id)), 'operations without a usable operationId').toEqual([]);
    expect(new Set(ids).size, 'operationIds are unique').toBe(ids.length);
    for (const { method, path, op } of operations.filter((o) => o.path.startsWith('/api/v1/'))) {
      const schemes = (op.security ?? document.security ?? []).map((requirement: Json) => Object.keys(requirement).sort().join('+'));
      // Open: sign-in, and the one-time survey links (their token is the credential).
      if (path === '/api/v1/auth/login' || path.startsWith('/api/v1/public/')) expect(schemes, `${method} ${path}`).toEqual([]);
      else if (method === 'GET') expect(schemes, `${method} ${path}`).toEqual(['session', 'bearer']);
      else expect(schemes, `${method} ${path}`).toEqual(['csrf+session', 'bearer']);
    }

    for (const ref of collectRefs(document)) {
      expect(ref, 'only local $refs').toMatch(/^#\//);
      expect(resolve(document, { $ref: ref }), `$ref ${ref} resolves`).toBeTruthy();
    }

    // … and a maintained validator (OpenAPI 3.0/3.1 schema + $ref resolution), offline.
    const validated = await SwaggerParser.validate(structuredClone(document));
    expect(String((validated as Json).openapi)).toMatch(/^3\./);

    // Every route Fastify serves under /api/v1 appears in the document with the same method.
    const documented = new Set(operations.map((o) => `${o.method} ${o.path}`));
    const served = registeredRoutes(t.app.printRoutes({ commonPrefix: false }))
      .filter((r) => r.path.startsWith('/api/v1/') && r.method !== 'HEAD' && r.method !== 'OPTIONS')
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(served.length).toBeGreaterThanOrEqual(20);
    expect(served.filter((route) => !documented.has(route)), 'routes missing from the OpenAPI document').toEqual([]);
    // … and nothing is documented that is not served.
    const servedSet = new Set(served);
    expect(
      [...documented].filter((o) => o.split(' ')[1]!.startsWith('/api/v1/') && !servedSet.has(o)),
      'documented operations that are not served',
    ).toEqual([]);

    // The interactive docs are served.
    const ui = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
  });

  it('R-QLT-05 bad input on every endpoint gives 4xx problem+json, never 5xx', { timeout: 900_000 }, async () => {
    interface Variant {
      label: string;
      method: string;
      url: string;
      /** Raw payload; `undefined` sends no body. */
      payload?: string | Buffer;
      contentType?: string;
      /** The variant is valid input and may be accepted (2xx) … */
      mayAccept?: boolean;
      /** … in which case the answer must carry this value unchanged. */
      roundTrip?: { field: string; value: unknown };
    }
    const failures: string[] = [];
    const operations = operationsOf(doc).filter((o) => o.path.startsWith('/api/v1/'));
    expect(operations.length).toBeGreaterThanOrEqual(20);

    const SQLI = "'; DROP TABLE users; --";
    const SQLI2 = "' OR 1=1 --";
    const XSS = '<script>alert(1)</script>';
    const CONTROL = 'ctl\u0000\u0007end';
    const ONE_MB = 'x'.repeat(MIB);
    const BIG = 'y'.repeat(64 * 1024);
    const deepArray = '['.repeat(DEEP) + ']'.repeat(DEEP);
    const deepObject = '{"a":'.repeat(DEEP) + '1' + '}'.repeat(DEEP);
    const MULTIPART = 'multipart/form-data; boundary=----fuzzboundary';
    const TRUNCATED_MULTIPART =
      '------fuzzboundary\r\nContent-Disposition: form-data; name="file"; filename="客户.xlsx"\r\n' +
      'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\nPK\u0003\u0004\u0014\u0000partial';
    const CONTROL_MULTIPART =
      '------fuzzboundary\r\nContent-Disposition: form-data; name="note"\r\n\r\nbell\u0007end\r\n' +
      '------fuzzboundary\r\nContent-Disposition: form-data; name="file"; filename="a\u0007.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n' +
      '------fuzzboundary--\r\n';

    const knownBodies: Record<string, () => Json> = {
      'POST /api/v1/auth/login': () => ({ username: 'nobody_fuzz', password: 'Wrong-Passw0rd-1' }),
      'POST /api/v1/auth/change-password': () => ({ currentPassword: 'Definitely-Wrong-9', newPassword: 'Another-Passw0rd-新的' }),
      'POST /api/v1/org-units': () => ({ name: unique('模糊部门'), code: unique('F').slice(0, 20), parentId: t.rootUnitId, kind: 'department' }),
      'PATCH /api/v1/org-units/{id}': () => ({ name: '靶部门' }),
      'POST /api/v1/users': () => ({
        username: unique('fz'),
        displayName: '模糊用户',
        unitId: targets['org-units'],
        roleIds: [],
        password: 'Fuzz-Passw0rd-原创',
      }),
      'PATCH /api/v1/users/{id}': () => ({ displayName: '靶用户' }),
      'POST /api/v1/roles': () => ({
        code: unique('fr').toLowerCase().slice(0, 30),
        name: unique('模糊角色'),
        permissions: ['org:read'],
        dataScopes: { org: 'unit' },
      }),
      'PATCH /api/v1/roles/{id}': () => ({ name: unique('靶角色') }),
    };

    /** A plausible value for a schema, for operations added later that have no known body. */
    function sample(schema: Json, depth = 0): Json {
      const { schema: s } = unwrap(doc, schema);
      if (s.enum) return s.enum[0];
      if (s.const !== undefined) return s.const;
      switch (s.type) {
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
          if (depth > 4) return {};
          const out: Json = {};
          for (const key of s.required ?? []) out[key] = sample(s.properties?.[key] ?? {}, depth + 1);
          return out;
        }
        default:
          return null;
      }
    }

    const pathFor = (o: Operation, overrides: Record<string, string> = {}) =>
      o.path.replace(/\{(\w+)\}/g, (_, name: string) => {
        if (name in overrides) return overrides[name]!;
        const resource = o.path.split('/')[3]!;
        return String(targets[resource] ?? 1);
      });

    const withRaw = (base: Json, field: string, raw: string) => {
      const marker = `__RAW_${Math.random().toString(36).slice(2)}__`;
      return JSON.stringify({ ...base, [field]: marker }).replace(`"${marker}"`, raw);
    };

    function bodyVariants(o: Operation): Variant[] {
      const key = `${o.method} ${o.path}`;
      const url = pathFor(o);
      const content = o.op.requestBody?.content?.['application/json'];
      const list: Variant[] = [];
      if (o.method !== 'GET') {
        // A multipart body cut off mid-file: 400 on upload routes, 415 everywhere else.
        list.push({ label: 'truncated multipart', method: o.method, url, payload: TRUNCATED_MULTIPART, contentType: MULTIPART });
        list.push({ label: 'multipart with control characters', method: o.method, url, payload: CONTROL_MULTIPART, contentType: MULTIPART });
      }
      if (!content) {
        if (o.method === 'GET' || o.method === 'DELETE') return list;
        list.push({ label: 'invalid JSON text', method: o.method, url, payload: '{"a":', contentType: 'application/json' });
        list.push({ label: 'application/xml', method: o.method, url, payload: '<a>1</a>', contentType: 'application/xml' });
        return list;
      }
      const schema = unwrap(doc, content.schema).schema;
      const base: () => Json = knownBodies[key] ?? (() => sample(schema));
      const requiredNone = !(schema.required?.length > 0);
      const json = 'application/json';
      const add = (v: Omit<Variant, 'method' | 'url'>) => list.push({ method: o.method, url, ...v });

      add({ label: 'no body', payload: undefined });
      add({ label: 'empty JSON body', payload: '', contentType: json });
      add({ label: 'null body', payload: 'null', contentType: json });
      add({ label: 'array body', payload: '[]', contentType: json });
      add({ label: 'array of object body', payload: JSON.stringify([base()]), contentType: json });
      add({ label: 'string body', payload: '"text"', contentType: json });
      add({ label: 'empty object', payload: '{}', contentType: json, mayAccept: requiredNone });
      add({ label: 'invalid JSON text', payload: '{"a":', contentType: json });
      add({ label: 'text/plain', payload: JSON.stringify(base()), contentType: 'text/plain' });
      add({ label: 'application/xml', payload: '<user><name>x</name></user>', contentType: 'application/xml' });
      add({ label: 'deep array body', payload: deepArray, contentType: json });
      add({ label: 'deep object under unknown key', payload: withRaw(base(), 'zzDeep', deepObject), contentType: json, mayAccept: true });
      add({ label: '__proto__ pollution', payload: JSON.stringify(base()).replace(/^\{/, '{"__proto__":{"isAdmin":true},'), contentType: json });
      add({ label: 'body over 1 MiB', payload: JSON.stringify({ ...base(), zzPad: ONE_MB }), contentType: json });

      const properties: Record<string, Json> = schema.properties ?? {};
      const firstString = Object.keys(properties).find((p) => unwrap(doc, properties[p]).schema.type === 'string');
      if (firstString) {
        const text = JSON.stringify({ ...base(), [firstString]: '@@BAD@@' });
        const [before, after] = text.split('@@BAD@@') as [string, string];
        const payload = Buffer.concat([Buffer.from(before), Buffer.from([0xc3, 0x28]), Buffer.from(after)]);
        add({ label: `invalid UTF-8 in ${firstString}`, payload, contentType: json });
      }

      for (const [name, raw] of Object.entries(properties)) {
        const { schema: ps, nullable } = unwrap(doc, raw);
        const type = ps.type as string | undefined;
        const isString = type === 'string';
        const isNumber = type === 'integer' || type === 'number';
        const value = (label: string, v: unknown, opts: Partial<Variant> = {}) =>
          add({ label: `${name}: ${label}`, payload: JSON.stringify({ ...base(), [name]: v }), contentType: json, ...opts });
        const rawValue = (label: string, text: string, opts: Partial<Variant> = {}) =>
          add({ label: `${name}: ${label}`, payload: withRaw(base(), name, text), contentType: json, ...opts });

        // Wrong types.
        value('wrong type', isString ? 12345 : 'abc');
        if (type !== 'object') value('object', { $gt: '' });
        if (type !== 'array') value('array', ['x']);
        value('null', null, { mayAccept: nullable, roundTrip: { field: name, value: null } });
        // Oversized (the whole-body 1 MiB case above covers the body limit).
        value('64 KiB string', BIG);
        rawValue('deeply nested array', deepArray);
        // Hostile text: fine to store in a free-text field, but then exactly as sent.
        for (const [label, text] of [
          ['SQL', SQLI],
          ['script', XSS],
          ['bidi override', 'abc\u202Eend'],
        ] as const) {
          value(label, text, { mayAccept: isString, roundTrip: { field: name, value: text } });
        }
        // Text that cannot be stored and hashed as sent: always refused (R-SEC-08).
        value('NUL character', CONTROL);
        value('control characters', 'bell\u0007\u001b[31mend');
        rawValue('lone high surrogate', '"审阅\\ud800意见"');
        rawValue('lone low surrogate', '"\\udfffx"');
        // Out-of-range numbers.
        if (isNumber) {
          for (const n of [-1, 2_147_483_648]) {
            value(`number ${n}`, n, { mayAccept: true, roundTrip: { field: name, value: n } });
          }
          value('fraction 1.5', 1.5, { mayAccept: type === 'number', roundTrip: { field: name, value: 1.5 } });
          rawValue('1e400', '1e400');
          rawValue('99999999999999999999', '99999999999999999999', { mayAccept: type === 'number' });
        }
        if (type === 'array') {
          const item = unwrap(doc, ps.items ?? {}).schema;
          value('array of wrong type', item.type === 'string' ? [1] : ['x']);
          value('array with 10,000 items', Array.from({ length: 10_000 }, () => sample(item)));
          if (item.type === 'integer' || item.type === 'number') {
            value('array of out-of-range ids', [2_147_483_648], { mayAccept: true });
            value('array of negative ids', [-1], { mayAccept: true });
          } else {
            value('array of hostile strings', [SQLI, XSS, CONTROL], { mayAccept: true });
          }
        }
        if (type === 'object') {
          value('object with hostile keys', { [SQLI]: XSS, '\u0000': 'x' }, { mayAccept: true });
        }
      }
      return list;
    }

    function pathVariants(o: Operation): Variant[] {
      const names = [...o.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      const content = o.op.requestBody?.content?.['application/json'];
      const key = `${o.method} ${o.path}`;
      const body = content ? JSON.stringify((knownBodies[key] ?? (() => sample(unwrap(doc, content.schema).schema)))()) : undefined;
      const list: Variant[] = [];
      for (const name of names) {
        for (const raw of [
          '0',
          '-1',
          'abc',
          '2147483648',
          '1e400',
          encodeURIComponent(SQLI2),
          '%00',
          '%C3%28',
          '%E0%A4%A',
          '9'.repeat(300),
        ]) {
          list.push({
            label: `path ${name}=${raw.slice(0, 24)}`,
            method: o.method,
            url: pathFor(o, { [name]: raw }),
            payload: body,
            contentType: body === undefined ? undefined : 'application/json',
          });
        }
      }
      return list;
    }

    function queryVariants(o: Operation): Variant[] {
      const params = (o.op.parameters ?? []).filter((p: Json) => p.in === 'query');
      const list: Variant[] = [];
      const base = pathFor(o);
      for (const p of params) {
        const { schema: s } = unwrap(doc, p.schema ?? {});
        const type = s.type as string | undefined;
        const freeText = type === 'string' && !s.enum && !s.pattern && !s.format;
        const isNumber = type === 'integer' || type === 'number';
        const q = (label: string, raw: string, opts: Partial<Variant> = {}) =>
          list.push({ label: `query ${p.name}: ${label}`, method: o.method, url: `${base}?${p.name}=${raw}`, ...opts });
        q('wrong type', 'abc', { mayAccept: freeText });
        q('8 KiB string', 'z'.repeat(8 * 1024));
        q('repeated parameter', `1&${p.name}=2`, { mayAccept: type === 'array' });
        q('NUL', '%00', { mayAccept: false });
        if (isNumber) {
          q('negative', '-1', { mayAccept: s.minimum === undefined || s.minimum <= -1 });
          q('over int4', '2147483648', { mayAccept: s.maximum === undefined || s.maximum >= 2_147_483_648 });
          q('huge', '99999999999999999999');
          q('1e400', '1e400');
          q('fraction', '1.5', { mayAccept: type === 'number' });
        } else {
          q('SQL', encodeURIComponent(SQLI), { mayAccept: freeText });
          q('script', encodeURIComponent(XSS), { mayAccept: freeText });
          q('LIKE wildcards', encodeURIComponent('%_\\'), { mayAccept: freeText });
          q('control characters', encodeURIComponent(CONTROL), { mayAccept: false });
          q('invalid UTF-8', '%C3%28', { mayAccept: freeText });
          q('broken escape', '%E0%A4%A', { mayAccept: freeText });
        }
        if (p.name === 'sort') {
          for (const bad of ['password:asc', 'passwordHash:desc', 'id;DROP TABLE users', 'createdAt:sideways', '1', ':asc', 'createdAt:asc:desc']) {
            q(`bad sort ${bad}`, encodeURIComponent(bad));
          }
        }
      }
      if (params.length) {
        list.push({ label: 'unknown query parameters', method: o.method, url: `${base}?zz=1&__proto__[x]=1&constructor[prototype][x]=1`, mayAccept: true });
      }
      return list;
    }

    async function send(v: Variant): Promise<InjectResponse> {
      const headers: Record<string, string> = {
        cookie: Object.entries(admin.cookies)
          .map(([k, value]) => `${k}=${value}`)
          .join('; '),
        'x-csrf-token': admin.cookies.zs_csrf ?? '',
      };
      if (v.contentType) headers['content-type'] = v.contentType;
      return (await t.app.inject({
        method: v.method as 'GET',
        url: v.url,
        headers,
        ...(v.payload === undefined ? {} : { payload: v.payload }),
      })) as unknown as InjectResponse;
    }

    let before = await fingerprint();
    let sent = 0;
    let accepted = 0;
    for (const o of operations) {
      if (o.path === '/api/v1/auth/logout') continue; // would end the admin's session
      const variants = [...pathVariants(o), ...queryVariants(o), ...bodyVariants(o)];
      const started = performance.now();
      for (const v of variants) {
        const where = `${v.method} ${o.path} [${v.label}]`;
        const res = await send(v);
        sent++;
        // GETs are read-only by construction; fingerprint only after a state-changing method.
        const after = v.method === 'GET' ? before : await fingerprint();
        const status = res.statusCode;
        if (status >= 500) {
          failures.push(`${where} → ${status} ${res.body.slice(0, 200)}`);
        } else if (status >= 400) {
          if (!headerOf(res, 'content-type').startsWith('application/problem+json')) {
            failures.push(`${where} → ${status} with content-type ${headerOf(res, 'content-type')}: ${res.body.slice(0, 120)}`);
          } else {
            const body = res.json();
            if (typeof body.code !== 'string' || !body.code) failures.push(`${where} → ${status} without code`);
            if (typeof body.reason !== 'string' || !/^[a-z_]+\.[a-z_]+$/.test(body.reason)) failures.push(`${where} → ${status} without a machine reason: ${body.reason}`);
            if (typeof body.detail !== 'string' || !CHINESE.test(body.detail)) failures.push(`${where} → ${status} detail not Chinese: ${body.detail}`);
            if (body.status !== status) failures.push(`${where} → problem status ${body.status} ≠ ${status}`);
          }
          const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
          if (changed.length) failures.push(`${where} → refused with ${status} but changed ${changed.join(', ')}`);
        } else if (status >= 200 && status < 300) {
          accepted++;
          if (!v.mayAccept) {
            failures.push(`${where} → accepted invalid input with ${status}: ${res.body.slice(0, 160)}`);
          } else if (v.roundTrip && res.body && headerOf(res, 'content-type').startsWith('application/json')) {
            const body = res.json();
            if (body && typeof body === 'object' && v.roundTrip.field in body) {
              if (JSON.stringify(body[v.roundTrip.field]) !== JSON.stringify(v.roundTrip.value)) {
                failures.push(`${where} → stored ${JSON.stringify(body[v.roundTrip.field])?.slice(0, 80)} instead of the value sent`);
              }
            }
          }
        } else {
          failures.push(`${where} → unexpected status ${status}`);
        }
        before = after;
      }
      if (process.env.FUZZ_TIMING) console.log(`${o.method} ${o.path}: ${variants.length} variants, ${Math.round(performance.now() - started)} ms`);
    }

    // The admin's session survived the walk and still works, and nothing broke the audit chain.
    expect((await admin.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect(await verifyChainOverHttp(admin)).toMatchObject({ ok: true });
    expect(sent).toBeGreaterThan(300);
    // The write counter saw the accepted requests' rows, so a refused one's would not go unseen.
    expect(Object.keys(await fingerprint())).toEqual(expect.arrayContaining(['org_units', 'users']));
    expect(accepted).toBeLessThan(sent);
    expect(failures).toEqual([]);
  });
});
