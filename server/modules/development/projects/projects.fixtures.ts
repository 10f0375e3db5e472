import { and, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { tasks } from '../../../platform/tasks/tasks.table';
import { createCustomer } from '../../../test/customers';
import type { Agent, TestApp } from '../../../test/harness';
import { approve, type Person, type World } from '../../../test/world';

// Test fixtures of development projects: an application over HTTP, taken through both approval
// steps (unit manager → 评审小组 = GM).

export const projectBody = (customerId: number, overrides: Record<string, unknown> = {}) => ({
  customerId,
  name: '华东物流园区整体入驻开发',
  background: '客户计划三年内在华东新建区域分拨中心，需仓储 2 万平米。',
  expectedAnnualVolume: '3600000.00',
  target: '签订不少于 2 万平米的三年期租赁合同',
  budgetItems: [
    { category: '差旅', amount: '10000', note: '拜访总部' },
    { category: '招待', amount: '20000.00', note: null },
  ],
  ...overrides,
});

export async function applyForProject(t: TestApp, owner: Person, overrides: Record<string, unknown> = {}) {
  const customer = await createCustomer(t, owner.user);
  const response = await owner.agent.post('/api/v1/development/projects', projectBody(customer.id, overrides));
  expect(response.statusCode, response.body).toBe(201);
  return { customer, project: response.json() };
}

export async function submit(agent: Agent, projectId: number) {
  const response = await agent.post(`/api/v1/development/projects/${projectId}/submit`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

/** A project of `owner` (default: specialist A) approved by manager A and the GM. */
export async function activeProject(t: TestApp, w: World, overrides: Record<string, unknown> = {}, owner: Person = w.specialistA) {
  const { customer, project } = await applyForProject(t, owner, overrides);
  const submitted = await submit(owner.agent, project.id);
  const approvalId = submitted.approvals.at(-1).id;
  await approve(w.managerA.agent, approvalId);
  await approve(w.gm.agent, approvalId);
  const detail = (await owner.agent.get(`/api/v1/development/projects/${project.id}`)).json();
  expect(detail.status).toBe('active');
  return { customer, project: detail };
}

export async function projectTasks(t: TestApp, projectId: number, ruleKey: string) {
  return t.database.db
    .select()
    .from(tasks)
    .where(and(eq(tasks.recordType, 'development_project'), eq(tasks.recordId, String(projectId)), eq(tasks.ruleKey, ruleKey)));
}
