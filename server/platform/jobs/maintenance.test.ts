import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../../test/harness';
import { settleJobRuns } from './jobs.service';

let t: TestApp;
let admin: Agent;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
});
afterAll(async () => t?.close());

describe('maintenance jobs', () => {
  it('R-PLT-32 the statistics job is listed and runs on demand', async () => {
    const jobs = (await admin.get('/api/v1/jobs')).json().items as { key: string }[];
    expect(jobs.map((j) => j.key)).toEqual(expect.arrayContaining(['db_analyze', 'session_purge', 'task_escalation']));
    const started = await admin.post('/api/v1/jobs/db_analyze/run');
    expect(started.statusCode).toBe(202);
    await settleJobRuns();
    const run = (await admin.get(`/api/v1/jobs/runs/${started.json().id}`)).json();
    expect(run.status).toBe('succeeded');
    expect(run.output.durationMs).toEqual(expect.any(Number));
  });
});
