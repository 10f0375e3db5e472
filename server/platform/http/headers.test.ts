import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, parseSetCookies, type Agent, type InjectResponse, type TestApp } from '../../test/harness';

/** R-SEC-05 security headers and cookies; R-SEC-06 page-size and body-size limits. */

const headerOf = (res: { headers: Record<string, unknown> }, name: string) => String(res.headers[name] ?? '');
const setCookieLines = (res: { headers: Record<string, unknown> }): string[] => {
  const raw = res.headers['set-cookie'];
  return Array.isArray(raw) ? raw.map(String) : raw ? [String(raw)] : [];
};
const cookieLine = (res: { headers: Record<string, unknown> }, name: string) =>
  setCookieLines(res).find((line) => line.startsWith(`${name}=`));

function expectSecurityHeaders(res: InjectResponse, where: string) {
  const csp = headerOf(res, 'content-security-policy');
  const directives = new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map((parts) => [parts[0]!.toLowerCase(), parts.slice(1)]),
  );
  expect(directives.get('object-src'), `${where}: CSP object-src`).toEqual(["'none'"]);
  expect(directives.get('frame-ancestors'), `${where}: CSP frame-ancestors`).toEqual(["'none'"]);
  expect(directives.get('default-src'), `${where}: CSP default-src`).toEqual(["'self'"]);
  expect(directives.get('script-src') ?? [], `${where}: no inline/eval script`).not.toEqual(
    expect.arrayContaining(["'unsafe-inline'"]),
  );
  expect(headerOf(res, 'x-content-type-options'), `${where}: nosniff`).toBe('nosniff');
}

describe('security headers, cookies and limits', () => {
  let t: TestApp;
  let admin: Agent;

  beforeAll(async () => {
    t = await createTestApp({ config: { secureCookies: false } });
    admin = await t.admin();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('R-SEC-05 responses carry CSP (object-src/frame-ancestors none) and nosniff, and no HSTS without HTTPS', async () => {
    const responses: [string, InjectResponse][] = [
      ['health', (await t.app.inject({ method: 'GET', url: '/healthz' })) as unknown as InjectResponse],
      ['OpenAPI', (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })) as unknown as InjectResponse],
      ['signed-in API', await admin.get('/api/v1/auth/me')],
      ['401 problem', (await t.app.inject({ method: 'GET', url: '/api/v1/users' })) as unknown as InjectResponse],
      ['404 problem', await admin.get('/api/v1/no-such-thing')],
      ['400 problem', await admin.get('/api/v1/users?pageSize=abc')],
      ['login', (await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody', password: 'x' } })) as unknown as InjectResponse],
    ];
    for (const [where, res] of responses) {
      expect(res.statusCode, where).toBeLessThan(500);
      expectSecurityHeaders(res, where);
      expect(headerOf(res, 'strict-transport-security'), `${where}: no HSTS over plain HTTP`).toBe('');
      expect(headerOf(res, 'x-powered-by'), `${where}: no X-Powered-By`).toBe('');
    }
    // API answers are never cached by shared caches with someone's data in them.
    const me = responses[2]![1];
    expect(headerOf(me, 'content-type')).toMatch(/^application\/json/);
  });

  it('R-SEC-05 the session cookie is HttpOnly and SameSite=Lax; the CSRF cookie is readable but SameSite=Lax', async () => {
    const user = await t.createUser({ permissions: [] });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: user.username, password: user.password } });
    expect(res.statusCode).toBe(200);
    const session = cookieLine(res, 'zs_session');
    const csrf = cookieLine(res, 'zs_csrf');
    expect(session).toBeDefined();
    expect(csrf).toBeDefined();
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(session).toMatch(/;\s*SameSite=Lax/i);
    expect(session).toMatch(/;\s*Path=\//i);
    expect(session).not.toMatch(/;\s*Secure/i);
    expect(csrf).not.toMatch(/HttpOnly/i);
    expect(csrf).toMatch(/;\s*SameSite=Lax/i);
    // 128-bit random token or more: at least 22 base64url characters.
    const token = parseSetCookies(res.headers['set-cookie']).zs_session!;
    expect(token.length).toBeGreaterThanOrEqual(22);
    // The token never appears in the response body.
    expect(res.body).not.toContain(token);
  });

  it('R-SEC-05 with HTTPS (secure cookies) responses carry HSTS and the cookies are Secure', async () => {
    const secure = await createTestApp({ config: { secureCookies: true } });
    try {
      const user = await secure.createUser({ permissions: [] });
      const res = await secure.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: user.username, password: user.password },
      });
      expect(res.statusCode).toBe(200);
      expect(headerOf(res, 'strict-transport-security')).toMatch(/max-age=(\d+)/);
      expect(Number(/max-age=(\d+)/.exec(headerOf(res, 'strict-transport-security'))![1])).toBeGreaterThanOrEqual(15_552_000);
      expect(cookieLine(res, 'zs_session')).toMatch(/;\s*Secure/i);
      expect(cookieLine(res, 'zs_session')).toMatch(/;\s*HttpOnly/i);
      expect(cookieLine(res, 'zs_csrf')).toMatch(/;\s*Secure/i);
      expectSecurityHeaders(res as unknown as InjectResponse, 'secure login');
    } finally {
      await secure.close();
    }
  });

  it('R-SEC-06 pageSize over 100 is refused with 400 on every list endpoint', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const lists: string[] = [];
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      const get = item.get;
      if (!path.startsWith('/api/v1/') || path.includes('{')) continue;
      if (!(get?.parameters ?? []).some((p: any) => p.in === 'query' && p.name === 'pageSize')) continue;
      if ((get.parameters ?? []).some((p: any) => p.in === 'query' && p.required)) continue;
      lists.push(path);
    }
    expect(lists).toEqual(expect.arrayContaining(['/api/v1/users', '/api/v1/audit-events']));
    for (const path of lists) {
      for (const size of ['101', '1000', '1000000', '99999999999999999999']) {
        const res = await admin.get(`${path}?pageSize=${size}`);
        expect(res.statusCode, `${path}?pageSize=${size}`).toBe(400);
        expect(headerOf(res, 'content-type')).toMatch(/^application\/problem\+json/);
        const body = res.json();
        expect(body.code).toBe('VALIDATION_FAILED');
        expect(body.errors?.map((e: { field: string }) => e.field)).toContain('pageSize');
        expect(body).not.toHaveProperty('items');
      }
      const max = await admin.get(`${path}?pageSize=100`);
      expect(max.statusCode, `${path}?pageSize=100`).toBe(200);
      expect(max.json().pageSize).toBe(100);
      expect(max.json().items.length).toBeLessThanOrEqual(100);
      // Without a pageSize the default applies (never "everything").
      const plain = await admin.get(path);
      expect(plain.statusCode).toBe(200);
      expect(plain.json().pageSize).toBeLessThanOrEqual(100);
    }
  });

  it('R-SEC-06 a request body over 1 MiB is refused with 413 problem+json', async () => {
    const MIB = 1024 * 1024;
    const big = JSON.stringify({ displayName: 'x'.repeat(MIB) });
    const cookie = Object.entries(admin.cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
    const headers = { cookie, 'x-csrf-token': admin.cookies.zs_csrf!, 'content-type': 'application/json' };
    for (const [method, url, auth] of [
      ['POST', '/api/v1/users', true],
      ['PATCH', `/api/v1/users/${admin.userId}`, true],
      ['POST', '/api/v1/auth/login', false],
    ] as const) {
      const res = await t.app.inject({ method, url, headers: auth ? headers : { 'content-type': 'application/json' }, payload: big });
      expect(res.statusCode, `${method} ${url}`).toBe(413);
      expect(headerOf(res, 'content-type')).toMatch(/^application\/problem\+json/);
      expect(res.json().code).toBe('PAYLOAD_TOO_LARGE');
      expect(res.json().detail).toMatch(/[\u4e00-\u9fff]/);
    }
    // Just under the limit the body is parsed and judged on its content (400, not 413).
    const under = JSON.stringify({ displayName: 'x'.repeat(MIB - 100) });
    expect(Buffer.byteLength(under)).toBeLessThan(MIB);
    const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${admin.userId}`, headers, payload: under });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    // A lying Content-Length does not get past the limit either.
    const chunked = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json', 'content-length': '10' },
      payload: big,
    });
    expect(chunked.statusCode).toBeGreaterThanOrEqual(400);
    expect(chunked.statusCode).toBeLessThan(500);
  });
});
