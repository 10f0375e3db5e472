import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../../test/harness';
import { auditEvents } from '../audit/audit.table';
import { openDatabase, type Database } from '../db/client';
import type { Deps } from '../deps';
import { registerJob } from './jobs.registry';
import { settleJobRuns } from './jobs.service';
import { jobRuns } from './jobs.table';
import { runDueJobs } from './scheduler';

let t: TestApp;
let admin: Agent;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
});
afterAll(async () => {
  await settleJobRuns();
  await t?.close();
});

/** Waits for background work (a run started over HTTP) to reach a state; no clock involved. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not reached');
}

const runsOf = (key: string) => t.database.db.select().from(jobRuns).where(eq(jobRuns.jobKey, key)).orderBy(jobRuns.id);

describe('scheduled jobs', () => {
  it('R-PLT-32 with two app instances on one PostgreSQL each job runs exactly once per period', async () => {
    const key = 'test_counting';
    const executions = new Map<string, string[]>();
    registerJob({
      key,
      name: '计数任务',
      description: '测试：记录每个周期被执行的次数',
      defaultCron: '*/5 * * * *',
      async run({ periodKey, deps }) {
        executions.set(periodKey, [...(executions.get(periodKey) ?? []), String(deps.database.mode)]);
        // Give the other instance time to race for the same period.
        await new Promise((resolve) => setTimeout(resolve, 5));
        return { periodKey };
      },
    });

    // Instance A is the test app; instance B has its own connection pool on the same database
    // (on PGlite both share the one embedded database).
    let second: Database | undefined;
    const instanceA: Deps = t.app.deps;
    let instanceB: Deps = { ...t.app.deps };
    if (t.database.mode === 'postgres') {
      second = await openDatabase({ databaseUrl: t.database.pool!.options.connectionString!, poolSize: 4 });
      instanceB = { ...t.app.deps, db: second.db, database: second };
      expect(second.pool).not.toBe(t.database.pool);
    }
    try {
      const first = new Date('2026-03-02T02:00:00Z');
      const periods = 6;
      for (let i = 0; i < periods; i++) {
        const tick = new Date(first.getTime() + i * 5 * 60_000);
        // Both instances tick at the same instant …
        const won = await Promise.all([
          runDueJobs(instanceA, new Date(tick.getTime() + 200), { only: [key], instanceId: 'instance-a' }),
          runDueJobs(instanceB, new Date(tick.getTime() + 200), { only: [key], instanceId: 'instance-b' }),
        ]);
        expect(won.flat()).toHaveLength(1);
        // … and again a little later within the same period: nothing more runs.
        const late = await Promise.all([
          runDueJobs(instanceB, new Date(tick.getTime() + 45_000), { only: [key], instanceId: 'instance-b' }),
          runDueJobs(instanceA, new Date(tick.getTime() + 61_000), { only: [key], instanceId: 'instance-a' }),
        ]);
        expect(late.flat()).toHaveLength(0);
      }
      const expected = Array.from({ length: periods }, (_, i) => `${new Date(first.getTime() + i * 5 * 60_000).toISOString().slice(0, 16)}Z`);
      expect([...executions.keys()].sort()).toEqual(expected);
      for (const period of expected) expect(executions.get(period), period).toHaveLength(1);
      const runs = await runsOf(key);
      expect(runs.map((r) => r.periodKey)).toEqual(expected);
      expect(runs.every((r) => r.status === 'succeeded' && r.finishedAt !== null)).toBe(true);
      expect(runs.map((r) => r.output)).toEqual(expected.map((periodKey) => ({ periodKey })));
    } finally {
      await second?.close();
    }
  });

  it('R-PLT-32 an admin triggers a job now; the run is recorded with its output and audited', async () => {
    registerJob({
      key: 'test_manual',
      name: '手动任务',
      description: '测试',
      defaultCron: '0 3 * * *',
      run: async ({ runId, triggeredById }) => ({ greeting: '你好', runId, triggeredById }),
    });
    const started = await admin.post('/api/v1/jobs/test_manual/run');
    expect(started.statusCode).toBe(202);
    const run = started.json();
    expect(run).toMatchObject({ jobKey: 'test_manual', jobName: '手动任务', manual: true, triggeredById: admin.userId });
    expect(run.periodKey).toMatch(/^manual:[0-9a-f-]{36}$/);
    await settleJobRuns();

    const read = (await admin.get(`/api/v1/jobs/runs/${run.id}`)).json();
    expect(read).toMatchObject({ status: 'succeeded', output: { greeting: '你好', runId: run.id, triggeredById: admin.userId } });
    expect(read.finishedAt).not.toBeNull();
    expect(read.triggeredByName).toEqual(expect.any(String));

    const history = (await admin.get('/api/v1/jobs/runs?jobKey=test_manual')).json();
    expect(history.items.map((r: { id: number }) => r.id)).toContain(run.id);
    const jobs = (await admin.get('/api/v1/jobs')).json().items;
    const job = jobs.find((j: { key: string }) => j.key === 'test_manual');
    expect(job).toMatchObject({ cron: '0 3 * * *', enabled: true, lastRun: { id: run.id, status: 'succeeded' } });
    // The platform's own jobs are registered.
    expect(jobs.map((j: { key: string }) => j.key)).toEqual(expect.arrayContaining(['session_purge', 'task_escalation', 'notification_email']));

    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'job'), eq(auditEvents.entityId, 'test_manual')));
    expect(audit).toMatchObject({ action: 'run', actorId: admin.userId });

    // Only system:manage may see or run jobs.
    const clerk = await t.login(await t.createUser({ role: 'specialist' }));
    expect((await clerk.post('/api/v1/jobs/test_manual/run')).statusCode).toBe(403);
    expect((await clerk.get('/api/v1/jobs/runs')).statusCode).toBe(403);
    expect((await admin.post('/api/v1/jobs/no_such_job/run')).statusCode).toBe(404);
  });

  it('R-PLT-32 a failing job is recorded as failed with its message', async () => {
    registerJob({
      key: 'test_failing',
      name: '失败任务',
      description: '测试',
      defaultCron: '0 * * * *',
      run: async () => {
        throw new Error('上游接口超时');
      },
    });
    const [started] = await runDueJobs(t.app.deps, new Date('2026-03-02T05:00:30Z'), { only: ['test_failing'] });
    expect(started?.periodKey).toBe('2026-03-02T05:00Z');
    const run = (await admin.get(`/api/v1/jobs/runs/${started!.runId}`)).json();
    expect(run).toMatchObject({ status: 'failed', message: '上游接口超时', manual: false });
    expect(run.finishedAt).not.toBeNull();
    const failed = (await admin.get('/api/v1/jobs/runs?status=failed&jobKey=test_failing')).json();
    expect(failed.total).toBe(1);
  });

  it('R-QLT-06 progress is persisted while a job runs and readable over HTTP', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    registerJob({
      key: 'test_progress',
      name: '长任务',
      description: '测试',
      defaultCron: '0 4 * * *',
      async run({ progress }) {
        await progress(3, 10, '已处理 3/10');
        await gate;
        await progress(10, 10, '已处理 10/10');
        return { processed: 10 };
      },
    });
    const run = (await admin.post('/api/v1/jobs/test_progress/run')).json();
    // A page reload reads the run again: the progress comes from the database.
    const during = await until(
      async () => (await admin.get(`/api/v1/jobs/runs/${run.id}`)).json(),
      (r) => r.progress === 3,
    );
    expect(during).toMatchObject({ status: 'running', progress: 3, total: 10, message: '已处理 3/10' });
    // Running twice at once is refused, so a retry cannot duplicate work.
    const again = await admin.post('/api/v1/jobs/test_progress/run');
    expect(again.statusCode).toBe(409);
    expect(again.json().reason).toBe('job.already_running');
    release();
    await settleJobRuns();
    const after = (await admin.get(`/api/v1/jobs/runs/${run.id}`)).json();
    expect(after).toMatchObject({ status: 'succeeded', progress: 10, total: 10, output: { processed: 10 } });
  });

  it('R-PLT-32 admins edit the schedule (cron validated) and switch a job off', async () => {
    let count = 0;
    registerJob({ key: 'test_schedule', name: '计划任务', description: '测试', defaultCron: '0 2 * * *', run: async () => ({ n: ++count }) });
    const bad = await admin.patch('/api/v1/jobs/test_schedule', { cron: '每天两点' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('cron');
    expect(bad.json().detail).toMatch(/5 段/);
    const invalid = await admin.patch('/api/v1/jobs/test_schedule', { cron: '61 * * * *' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().detail).toMatch(/定时表达式无效/);

    const edited = await admin.patch('/api/v1/jobs/test_schedule', { cron: '30 9 * * 1-5' });
    expect(edited.statusCode).toBe(200);
    // 09:30 Asia/Shanghai on the next working weekday after 2026-03-02 10:00 (a Monday).
    expect(edited.json()).toMatchObject({ cron: '30 9 * * 1-5', enabled: true, nextRunAt: '2026-03-03T01:30:00.000Z' });

    // Due at 09:30 Shanghai = 01:30Z.
    expect(await runDueJobs(t.app.deps, new Date('2026-03-03T01:30:05Z'), { only: ['test_schedule'] })).toHaveLength(1);
    expect((await admin.patch('/api/v1/jobs/test_schedule', { enabled: false })).json()).toMatchObject({ enabled: false, nextRunAt: null });
    expect(await runDueJobs(t.app.deps, new Date('2026-03-04T01:30:05Z'), { only: ['test_schedule'] })).toHaveLength(0);
    expect(count).toBe(1);
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'job_schedule'), eq(auditEvents.entityId, 'test_schedule'), sql`${auditEvents.changes} ? 'enabled'`));
    expect(audit?.changes).toEqual({ enabled: { before: true, after: false } });
  });

  it('R-PLT-32 a run left running by a crashed instance is marked failed (实例中断) by the next tick', async () => {
    registerJob({ key: 'test_crash', name: '中断任务', description: '测试', defaultCron: '0 5 * * *', run: async () => ({}) });
    const startedAt = new Date('2026-03-02T06:00:00Z');
    const [orphan] = await t.database.db
      .insert(jobRuns)
      .values({ jobKey: 'test_crash', periodKey: '2026-03-02T06:00Z', status: 'running', instanceId: 'crashed', startedAt, heartbeatAt: startedAt })
      .returning();
    // Five minutes later it still counts as alive …
    await runDueJobs(t.app.deps, new Date('2026-03-02T06:05:00Z'), { only: ['test_crash'] });
    expect((await admin.get(`/api/v1/jobs/runs/${orphan!.id}`)).json().status).toBe('running');
    // … after ten minutes without a heartbeat the next tick fails it.
    await runDueJobs(t.app.deps, new Date('2026-03-02T06:11:00Z'), { only: ['test_crash'] });
    const run = (await admin.get(`/api/v1/jobs/runs/${orphan!.id}`)).json();
    expect(run.status).toBe('failed');
    expect(run.message).toContain('实例中断');
    expect(run.finishedAt).not.toBeNull();
  });
});
