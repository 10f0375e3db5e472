import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, parseSetCookies, type TestApp } from '../../test/harness';
import { auditEvents } from '../audit/audit.table';
import { users } from '../org/org.table';
import { sessions } from './auth.table';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const login = (username: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });

describe('sign-in and sessions', () => {
  it('R-SEC-01 signs in with the right password and gets an HttpOnly SameSite=Lax session cookie', async () => {
    const user = await t.createUser({ role: 'specialist' });
    const response = await login(user.username, user.password);
    expect(response.statusCode).toBe(200);
    expect(response.json().user.username).toBe(user.username);
    const setCookie = ([] as string[]).concat(response.headers['set-cookie'] as string[]);
    const session = setCookie.find((c) => c.startsWith('zs_session='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    const token = parseSetCookies(setCookie).zs_session!;
    // 256-bit random token; only its hash is stored.
    expect(Buffer.from(token, 'base64url').length).toBe(32);
    const stored = await t.database.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.id).not.toBe(token);
    const events = await t.database.db.select().from(auditEvents).where(eq(auditEvents.entityId, String(user.id)));
    expect(events.map((e) => e.action)).toContain('login');
  });

  it('R-SEC-01 wrong password and unknown user give the same 401 without revealing which', async () => {
    const user = await t.createUser({ role: 'specialist' });
    const wrong = await login(user.username, 'not-the-password');
    const unknown = await login('nobody-here', 'whatever-password');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(wrong.json().code).toBe('AUTH_INVALID_CREDENTIALS');
    expect(unknown.json().code).toBe('AUTH_INVALID_CREDENTIALS');
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('R-SEC-03 locks the account for 15 minutes after 5 failures, even for the right password', async () => {
    const user = await t.createUser({ role: 'specialist' });
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) codes.push((await login(user.username, `wrong-${i}-password`)).json().code);
    expect(codes.slice(0, 4)).toEqual(Array(4).fill('AUTH_INVALID_CREDENTIALS'));
    expect(codes[4]).toBe('AUTH_LOCKED');
    const locked = await login(user.username, user.password);
    expect(locked.statusCode).toBe(423);
    expect(locked.json().detail).toMatch(/锁定/);
    const failures = await t.database.db.select().from(auditEvents).where(eq(auditEvents.entityId, String(user.id)));
    expect(failures.filter((e) => e.action === 'login_failed').length).toBeGreaterThanOrEqual(6);
    t.clock.advance(15 * 60_000 + 1000);
    expect((await login(user.username, user.password)).statusCode).toBe(200);
  });

  it('R-SEC-03 an unknown user name gets exactly the answers of a real one, lock included', async () => {
    const user = await t.createUser({ role: 'specialist' });
    const ghost = `ghost_${user.username}`;
    const shape = (r: Awaited<ReturnType<typeof login>>) => {
      const body = r.json();
      return { status: r.statusCode, code: body.code, reason: body.reason, detail: body.detail, title: body.title, errors: body.errors };
    };
    for (let i = 0; i < 6; i++) {
      const real = shape(await login(user.username, `wrong-${i}-password`));
      const unknown = shape(await login(ghost, `wrong-${i}-password`));
      expect(unknown, `attempt ${i + 1}`).toEqual(real);
      expect(real.status).toBe(i < 4 ? 401 : 423);
    }
    // Case does not make a new name, and the lock ends after 15 minutes for both.
    expect(shape(await login(ghost.toUpperCase(), 'x-password'))).toEqual(shape(await login(user.username.toUpperCase(), 'x-password')));
    t.clock.advance(15 * 60_000 + 1000);
    const real = shape(await login(user.username, 'wrong-again-password'));
    expect(real.status).toBe(401);
    expect(shape(await login(ghost, 'wrong-again-password'))).toEqual(real);
  });

  it('R-SEC-02 a session expires after 30 idle minutes', async () => {
    const user = await t.createUser({ role: 'specialist' });
    const agent = await t.login(user);
    expect((await agent.get('/api/v1/auth/me')).statusCode).toBe(200);
    t.clock.advance(29 * 60_000);
    expect((await agent.get('/api/v1/auth/me')).statusCode).toBe(200);
    t.clock.advance(31 * 60_000);
    const expired = await agent.get('/api/v1/auth/me');
    expect(expired.statusCode).toBe(401);
    expect(expired.json().code).toBe('AUTH_SESSION_EXPIRED');
  });

  it('R-SEC-02 a session ends after 12 hours however active it is', async () => {
    const user = await t.createUser({ role: 'specialist' });
    const agent = await t.login(user);
    // Active every 20 minutes for 11 h 40 min: never idle, still valid.
    for (let step = 0; step < 35; step++) {
      t.clock.advance(20 * 60_000);
      expect((await agent.get('/api/v1/auth/me')).statusCode).toBe(200);
    }
    t.clock.advance(21 * 60_000);
    expect((await agent.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('R-SEC-02 logout invalidates the session token', async () => {
    const user = await t.createUser({ role: 'specialist' });
    const agent = await t.login(user);
    expect((await agent.post('/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await agent.get('/api/v1/auth/me')).statusCode).toBe(401);
    // A bearer replay of the same token is refused too.
    const replay = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${agent.cookies.zs_session}` } });
    expect(replay.statusCode).toBe(401);
  });

  it('R-SEC-02 disabling a user ends their sessions at once', async () => {
    const admin = await t.admin();
    const user = await t.createUser({ role: 'specialist' });
    const agent = await t.login(user);
    expect((await agent.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await admin.post(`/api/v1/users/${user.id}/disable`)).statusCode).toBe(200);
    expect((await agent.get('/api/v1/auth/me')).statusCode).toBe(401);
    const relogin = await login(user.username, user.password);
    expect(relogin.statusCode).toBe(401);
    expect(relogin.json().detail).toMatch(/停用/);
  });

  it('R-SEC-01 password policy: length 8–128 and common passwords are refused with a field error', async () => {
    const user = await t.createUser({ role: 'specialist' });
    const agent = await t.login(user);
    for (const bad of ['short1', '12345678', 'password123', 'x'.repeat(129)]) {
      const response = await agent.post('/api/v1/auth/change-password', { currentPassword: user.password, newPassword: bad });
      expect(response.statusCode, bad).toBe(400);
      expect(response.json().errors?.[0]?.field).toBe('newPassword');
    }
    const ok = await agent.post('/api/v1/auth/change-password', { currentPassword: user.password, newPassword: '绿色仓库 2026 春天' });
    expect(ok.statusCode).toBe(204);
    expect((await login(user.username, '绿色仓库 2026 春天')).statusCode).toBe(200);
    const [row] = await t.database.db.select().from(users).where(eq(users.id, user.id));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('R-SEC-01 an admin reset forces the user to change the password at next sign-in', async () => {
    const admin = await t.admin();
    const user = await t.createUser({ role: 'specialist' });
    const reset = await admin.post(`/api/v1/users/${user.id}/reset-password`);
    expect(reset.statusCode).toBe(200);
    const temporaryPassword = reset.json().temporaryPassword as string;
    const agent = await t.login({ username: user.username, password: temporaryPassword });
    expect((await agent.get('/api/v1/auth/me')).json().mustChangePassword).toBe(true);
    const blocked = await agent.get('/api/v1/org-units');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');
    expect((await agent.post('/api/v1/auth/change-password', { currentPassword: temporaryPassword, newPassword: '新的仓储密码-8848' })).statusCode).toBe(204);
    expect((await agent.get('/api/v1/org-units')).statusCode).toBe(200);
  });

  it('R-SEC-05 a state change with the session cookie but without the CSRF header is refused', async () => {
    const admin = await t.admin();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/org-units',
      headers: { cookie: `zs_session=${admin.cookies.zs_session}` },
      payload: { name: '无令牌', code: 'NOCSRF', parentId: t.rootUnitId, kind: 'department' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('CSRF_FAILED');
    const list = await admin.get('/api/v1/org-units');
    expect(list.json().items.some((u: { code: string }) => u.code === 'NOCSRF')).toBe(false);
  });

  it('R-SEC-03 sign-in is throttled per IP', async () => {
    const throttled = await createTestApp({ config: { loginRateLimitPerMinute: 3 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const response = await throttled.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: 'someone', password: 'bad-password' },
        });
        statuses.push(response.statusCode);
      }
      expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
      expect(statuses[4]).toBe(429);
    } finally {
      await throttled.close();
    }
  });
});
