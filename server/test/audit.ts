import { expect } from 'vitest';
import { settleJobRuns } from '../platform/jobs/jobs.service';
import type { Agent } from './harness';

/**
 * 校验哈希链 as the audit page does it: starts the full verification, lets the run finish and
 * returns its finding ({ ok, checked, brokenAtId, problem, message }).
 */
export async function verifyChainOverHttp(agent: Agent) {
  const started = await agent.post('/api/v1/audit-events/verifications');
  expect(started.statusCode, started.body).toBe(202);
  await settleJobRuns();
  const done = await agent.get(`/api/v1/audit-events/verifications/${started.json().id}`);
  expect(done.statusCode, done.body).toBe(200);
  expect(done.json().status).not.toBe('running');
  return done.json().result;
}
