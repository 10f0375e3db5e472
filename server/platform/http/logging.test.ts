import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, unique, type Agent, type TestApp, type TestUser } from '../../test/harness';
import { loggedUrl, scrubLogText } from './logging';

/**
 * R-SEC-07: the log never holds a password, a session token, a CSRF token, a session id, an
 * unmasked mobile or ID number — and CR/LF in user input cannot forge a log line.
 */

const lines: string[] = [];
let t: TestApp;
let admin: Agent;
let user: TestUser;

const MOBILE = '13987654321';
const ID_NUMBER = '110101199003074518';
const EMAIL = 'private.person@example.com';

beforeAll(async () => {
  t = await createTestApp({
    logger: { level: 'debug', stream: { write: (line: string) => lines.push(line) } },
  });
  admin = await t.admin();
  user = await t.createUser({ role: 'specialist', password: `Log-Secret-${unique('pw')}-原创` });
});
afterAll(async () => t?.close());

describe('R-SEC-07 what reaches the log', () => {
  it('R-SEC-07 no password, token, session id, unmasked mobile or ID number in any log line', async () => {
    const start = lines.length;
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: user.username, password: user.password } });
    expect(login.statusCode).toBe(200);
    const setCookies = [login.headers['set-cookie']].flat().map(String);
    const secrets = setCookies.map((c) => c.split(';')[0]!.split('=')[1]!).filter((v) => v && v.length > 8);
    expect(secrets.length).toBeGreaterThanOrEqual(2);
    // Wrong passwords are not logged either.
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: user.username, password: 'Wrong-But-Secret-Passw0rd' } });
    // Personal data in the query string, the body and an error.
    await admin.get(`/api/v1/customers?q=${MOBILE}`);
    await admin.get(`/api/v1/customers/search?q=${ID_NUMBER}`);
    await admin.get(`/api/v1/customers/duplicate-check?phone=${MOBILE}&name=${encodeURIComponent(EMAIL)}`);
    await admin.post('/api/v1/customers', { name: `${unique('日志')}有限公司`, phone: MOBILE, email: EMAIL, idNumber: ID_NUMBER });
    await admin.get(`/api/v1/users/${MOBILE}`);
    // Bearer and CSRF headers.
    await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${secrets[0]}`, 'x-csrf-token': secrets[1]! } });

    const written = lines.slice(start).join('\n');
    expect(written.length).toBeGreaterThan(0);
    for (const secret of [user.password, 'Wrong-But-Secret-Passw0rd', ...secrets, MOBILE, ID_NUMBER, EMAIL]) {
      expect(written, `log holds ${secret.slice(0, 6)}…`).not.toContain(secret);
    }
    // The session id stored in the database is the token's hash: not in the log either.
    const { sessions } = await import('../auth/auth.table');
    for (const row of await t.database.db.select({ id: sessions.id }).from(sessions)) expect(written).not.toContain(row.id);
  });

  it('R-SEC-07 CR/LF in user input cannot forge a log line: every line is one JSON object', async () => {
    const start = lines.length;
    const forged = '{"level":30,"msg":"admin signed in"}';
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: `x\r\n${forged}`, password: `y\n${forged}` } });
    await t.app.inject({ method: 'GET', url: `/api/v1/customers?q=a%0d%0a${encodeURIComponent(forged)}`, headers: { 'user-agent': `ua\r\n${forged}` } });
    await admin.get(`/api/v1/customers/search?q=${encodeURIComponent(`ab\r\n${forged}`)}`);
    const written = lines.slice(start).join('');
    const records = written.split('\n').filter(Boolean);
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) {
      const parsed = JSON.parse(record);
      expect(parsed.msg).not.toBe('admin signed in');
    }
  });

  it('R-SEC-07 the request line keeps the path and hides query values; error texts are scrubbed', () => {
    expect(loggedUrl(`/api/v1/customers?q=${MOBILE}&page=2&sort=name:asc`)).toBe('/api/v1/customers?q=*&page=2&sort=name:asc');
    expect(loggedUrl(`/api/v1/customers?q=${encodeURIComponent('华通物流')}`)).toBe('/api/v1/customers?q=*');
    expect(scrubLogText(`Failed query: insert … params: ${MOBILE},${ID_NUMBER},${EMAIL}\r\nforged`)).toBe('Failed query: insert … params: [手机号],[身份证号],[邮箱]  forged');
  });
});
