import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type InjectResponse, type TestApp } from '../../test/harness';
import { auditEvents } from '../audit/audit.table';
import { createWorkdayCalendar } from './calendar.service';

let t: TestApp;
let admin: Agent;
let reader: Agent;

/** The harness agent has no PUT; send one with the agent's session and CSRF token. */
function put(agent: Agent, url: string, body: unknown): Promise<InjectResponse> {
  const cookie = Object.entries(agent.cookies)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
  return t.app.inject({
    method: 'PUT',
    url,
    headers: { cookie, 'x-csrf-token': agent.cookies.zs_csrf ?? '' },
    payload: body as Record<string, unknown>,
  }) as unknown as Promise<InjectResponse>;
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  reader = await t.login(await t.createUser({ role: 'specialist' }));
});
afterAll(async () => t?.close());

describe('working-day calendar over HTTP', () => {
  it('R-PLT-40 the 2025 year view shows the National Day holiday and its make-up workdays', async () => {
    const res = await reader.get('/api/v1/calendar/2025');
    expect(res.statusCode).toBe(200);
    const year = res.json();
    expect(year.hasOfficialData).toBe(true);
    expect(year.days).toHaveLength(365);
    const byDate = new Map<string, { kind: string; name: string | null; isWorkday: boolean }>(
      year.days.map((d: { date: string }) => [d.date, d]),
    );
    expect(byDate.get('2025-10-01')).toMatchObject({ kind: 'holiday', name: '国庆节', isWorkday: false });
    expect(byDate.get('2025-10-08')).toMatchObject({ kind: 'holiday', isWorkday: false });
    expect(byDate.get('2025-09-28')).toMatchObject({ kind: 'makeup_workday', isWorkday: true });
    expect(byDate.get('2025-10-11')).toMatchObject({ kind: 'makeup_workday', isWorkday: true });
    expect(byDate.get('2025-10-12')).toMatchObject({ kind: 'weekend', isWorkday: false });
    expect(byDate.get('2025-10-09')).toMatchObject({ kind: 'workday', isWorkday: true });
    // 2025: 248 official working days = 365 − 104 weekend days − 18 holiday weekdays (元旦 1, 春节 6,
    // 清明 1, 劳动节 3, 端午 1, 国庆中秋 6) + 5 make-up days (1-26, 2-8, 4-27, 9-28, 10-11).
    expect(year.workdayCount).toBe(248);
  });

  it('R-PLT-40 the compute endpoint answers N working days later', async () => {
    const one = await reader.get('/api/v1/calendar/add-workdays?from=2025-09-30&days=1');
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ from: '2025-09-30', days: 1, date: '2025-10-09', calendarDays: 9 });
    expect((await reader.get('/api/v1/calendar/add-workdays?from=2025-09-27&days=1')).json().date).toBe('2025-09-28');
    expect((await reader.get('/api/v1/calendar/add-workdays?from=2025-10-09&days=-1')).json().date).toBe('2025-09-30');
    const bad = await reader.get('/api/v1/calendar/add-workdays?from=2025-02-30&days=1');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('from');
  });

  it('R-PLT-40 an admin override changes the answers, is audited, and can be removed', async () => {
    const calendar = await createWorkdayCalendar(t.database.db);
    expect(calendar.addWorkdays('2025-09-30', 1)).toBe('2025-10-09');
    expect(calendar.workdaysBetween('2025-09-26', '2025-10-12')).toBe(6);

    const set = await put(admin, '/api/v1/calendar/overrides/2025-10-09', { kind: 'holiday', note: '园区停电检修' });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ date: '2025-10-09', kind: 'holiday', officialKind: 'workday', isWorkday: false, name: '园区停电检修' });

    const after = await createWorkdayCalendar(t.database.db);
    expect(after.addWorkdays('2025-09-30', 1)).toBe('2025-10-10');
    expect(after.workdaysBetween('2025-09-26', '2025-10-12')).toBe(5);
    expect((await reader.get('/api/v1/calendar/add-workdays?from=2025-09-30&days=1')).json().date).toBe('2025-10-10');
    const year = (await reader.get('/api/v1/calendar/2025')).json();
    expect(year.overrides).toEqual([expect.objectContaining({ day: '2025-10-09', kind: 'holiday', note: '园区停电检修' })]);
    expect(year.workdayCount).toBe(247);

    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'calendar_override'), eq(auditEvents.entityId, '2025-10-09')));
    expect(audit).toMatchObject({ action: 'create', actorId: admin.userId });
    expect(audit!.changes).toMatchObject({ kind: { before: null, after: 'holiday' } });

    expect((await admin.delete('/api/v1/calendar/overrides/2025-10-09')).statusCode).toBe(204);
    expect((await createWorkdayCalendar(t.database.db)).addWorkdays('2025-09-30', 1)).toBe('2025-10-09');
    expect((await admin.delete('/api/v1/calendar/overrides/2025-10-09')).statusCode).toBe(404);
  });

  it('R-PLT-40 a later year without package data uses weekends plus admin overrides', async () => {
    const year = (await reader.get('/api/v1/calendar/2030')).json();
    expect(year.hasOfficialData).toBe(false);
    const oct1 = year.days.find((d: { date: string }) => d.date === '2030-10-01');
    expect(oct1).toMatchObject({ kind: 'workday', isWorkday: true }); // a Tuesday, no notice yet
    // The admin enters the 2030 National Day holiday and a make-up Sunday.
    for (const day of ['2030-10-01', '2030-10-02', '2030-10-03', '2030-10-04', '2030-10-07']) {
      expect((await put(admin, `/api/v1/calendar/overrides/${day}`, { kind: 'holiday', note: '国庆节' })).statusCode).toBe(200);
    }
    const makeup = await put(admin, '/api/v1/calendar/overrides/2030-09-29', { kind: 'workday', note: '国庆节调休' });
    expect(makeup.json()).toMatchObject({ kind: 'makeup_workday', officialKind: 'weekend', isWorkday: true });
    const calendar = await createWorkdayCalendar(t.database.db);
    expect(calendar.addWorkdays('2030-09-27', 1)).toBe('2030-09-29');
    expect(calendar.addWorkdays('2030-09-30', 1)).toBe('2030-10-08');
    expect((await reader.get('/api/v1/calendar/add-workdays?from=2030-09-30&days=1')).json().date).toBe('2030-10-08');
  });

  it('R-PLT-40 only system:manage may change the calendar; every signed-in user may read it', async () => {
    const refused = await put(reader, '/api/v1/calendar/overrides/2025-12-01', { kind: 'holiday' });
    expect(refused.statusCode).toBe(403);
    expect((await reader.delete('/api/v1/calendar/overrides/2025-12-01')).statusCode).toBe(403);
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/calendar/2025' });
    expect(anonymous.statusCode).toBe(401);
    const badDay = await put(admin, '/api/v1/calendar/overrides/2025-02-29', { kind: 'holiday' });
    expect(badDay.statusCode).toBe(400);
    const badKind = await put(admin, '/api/v1/calendar/overrides/2025-12-01', { kind: 'weekend' });
    expect(badKind.statusCode).toBe(400);
    expect((await reader.get('/api/v1/calendar/1800')).statusCode).toBe(400);
  });
});
