import { and, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { auditEvents } from '../platform/audit/audit.table';
import { notifications } from '../platform/notifications/notifications.table';
import { orgUnits } from '../platform/org/org.table';
import { tasks } from '../platform/tasks/tasks.table';
import { person, unique, type Agent, type Person, type TestApp } from './harness';

export type { Person };

// The one test world of the business modules: a branch with two departments (A with a manager,
// two specialists and a sub-unit; A2 with a specialist), department B elsewhere with a manager
// and a specialist, and company-wide finance, legal, a general manager and an administrator.

export interface WorldUnit {
  id: number;
  path: string;
  code: string;
}

export interface World {
  branch: WorldUnit;
  unitA: WorldUnit;
  subUnitA: WorldUnit;
  unitA2: WorldUnit;
  unitB: WorldUnit;
  managerA: Person;
  specialistA: Person;
  /** A second specialist of unit A (a colleague). */
  specialistA2: Person;
  /** A specialist of unit A2, in the same branch as unit A. */
  colleagueA2: Person;
  managerB: Person;
  specialistB: Person;
  finance: Person;
  legal: Person;
  gm: Person;
  admin: Agent;
}

const signedIn: (keyof World)[] = ['managerA', 'specialistA', 'specialistA2', 'colleagueA2', 'managerB', 'specialistB', 'finance', 'legal', 'gm'];

export async function createWorld(t: TestApp): Promise<World> {
  const branch = await t.createUnit(unique('华东分公司'));
  const unitA = await t.createUnit(unique('甲部门'), branch.id);
  const subUnitA = await t.createUnit(unique('甲下级'), unitA.id);
  const unitA2 = await t.createUnit(unique('甲二部'), branch.id);
  const unitB = await t.createUnit(unique('乙部门'));
  const managerA = await person(t, { unitId: unitA.id, role: 'manager' });
  const managerB = await person(t, { unitId: unitB.id, role: 'manager' });
  await t.database.db.update(orgUnits).set({ managerId: managerA.user.id }).where(eq(orgUnits.id, unitA.id));
  await t.database.db.update(orgUnits).set({ managerId: managerB.user.id }).where(eq(orgUnits.id, unitB.id));
  return {
    branch,
    unitA,
    subUnitA,
    unitA2,
    unitB,
    managerA,
    managerB,
    specialistA: await person(t, { unitId: unitA.id, role: 'specialist' }),
    specialistA2: await person(t, { unitId: unitA.id, role: 'specialist' }),
    colleagueA2: await person(t, { unitId: unitA2.id, role: 'specialist' }),
    specialistB: await person(t, { unitId: unitB.id, role: 'specialist' }),
    finance: await person(t, { role: 'finance' }),
    legal: await person(t, { role: 'legal' }),
    gm: await person(t, { role: 'executive' }),
    admin: await t.admin(),
  };
}

/** Moves the test clock and signs everyone in again (sessions expire when time jumps). */
export async function moveClock(t: TestApp, w: World, to: string | number): Promise<void> {
  if (typeof to === 'number') t.clock.advance(to);
  else t.clock.set(to);
  for (const key of signedIn) {
    const member = w[key] as Person;
    member.agent = await t.login(member.user);
  }
  w.admin = await t.admin();
}

async function currentStep(agent: Agent, approvalId: number): Promise<number> {
  const response = await agent.get(`/api/v1/approvals/${approvalId}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().currentStep;
}

/** Decides the current step of an approval as `agent` through the approvals HTTP API. */
export async function decide(agent: Agent, approvalId: number, decision: 'approve' | 'reject' | 'return', comment?: string) {
  const stepIndex = await currentStep(agent, approvalId);
  const text = comment ?? { approve: '同意', reject: '资料不全', return: '请补充后重新提交' }[decision];
  const response = await agent.post(`/api/v1/approvals/${approvalId}/${decision}`, { comment: text, stepIndex });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

export const approve = (agent: Agent, approvalId: number, comment?: string) => decide(agent, approvalId, 'approve', comment);
export const reject = (agent: Agent, approvalId: number, comment?: string) => decide(agent, approvalId, 'reject', comment);

export async function auditOf(t: TestApp, entityType: string, entityId: number | string) {
  return t.database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, entityType), eq(auditEvents.entityId, String(entityId))))
    .orderBy(auditEvents.id);
}

export async function notificationsOf(t: TestApp, userId: number, kind: string) {
  return t.database.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)));
}

export async function tasksOf(t: TestApp, ruleKey: string, assigneeId: number) {
  return t.database.db
    .select()
    .from(tasks)
    .where(and(eq(tasks.ruleKey, ruleKey), eq(tasks.assigneeId, assigneeId)))
    .orderBy(tasks.id);
}

/** Moves the test clock `days` days on and signs everyone in again. */
export function advanceDays(t: TestApp, w: World, days: number): Promise<void> {
  return moveClock(t, w, days * 86_400_000);
}
