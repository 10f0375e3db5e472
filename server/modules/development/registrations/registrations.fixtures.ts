import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { auditEvents } from '../../../platform/audit/audit.table';
import { notifications } from '../../../platform/notifications/notifications.table';
import { orgUnits } from '../../../platform/org/org.table';
import { person, unique, type Agent, type Person, type TestApp, type TestUser } from '../../../test/harness';
import { insertCustomer } from '../../customers/customer-factory';
import { customers, customerTimeline } from '../../customers/customers.table';
import { developmentRegistrations } from './registrations.table';

export { type Person };

// Fixtures of the registration tests: a branch with two departments (A with a manager and two
// specialists, A2 with a specialist), a department B elsewhere; customers inserted directly.

export interface RegistrationWorld {
  branch: { id: number; path: string };
  unitA: { id: number; path: string };
  unitA2: { id: number; path: string };
  unitB: { id: number; path: string };
  managerA: Person;
  specialistA: Person;
  specialistA2: Person;
  colleagueA2: Person;
  managerB: Person;
  specialistB: Person;
}

export async function createRegistrationWorld(t: TestApp): Promise<RegistrationWorld> {
  const branch = await t.createUnit(unique('华东分公司'));
  const unitA = await t.createUnit(unique('甲部门'), branch.id);
  const unitA2 = await t.createUnit(unique('甲二部'), branch.id);
  const unitB = await t.createUnit(unique('乙部门'));
  const managerA = await person(t, { unitId: unitA.id, role: 'manager' });
  const managerB = await person(t, { unitId: unitB.id, role: 'manager' });
  await t.database.db.update(orgUnits).set({ managerId: managerA.user.id }).where(eq(orgUnits.id, unitA.id));
  await t.database.db.update(orgUnits).set({ managerId: managerB.user.id }).where(eq(orgUnits.id, unitB.id));
  return {
    branch,
    unitA,
    unitA2,
    unitB,
    managerA,
    managerB,
    specialistA: await person(t, { unitId: unitA.id, role: 'specialist' }),
    specialistA2: await person(t, { unitId: unitA.id, role: 'specialist' }),
    colleagueA2: await person(t, { unitId: unitA2.id, role: 'specialist' }),
    specialistB: await person(t, { unitId: unitB.id, role: 'specialist' }),
  };
}

export const companyName = () => `${unique('报备测试')}${randomBytes(2).toString('hex')}物流有限公司`;

/** A customer owned by `owner`, or in the pool (`owner` null) of `unitId`. */
export function createCustomer(t: TestApp, owner: TestUser | null, unitId?: number) {
  return insertCustomer(t.database.db, { name: companyName(), unitId: owner?.unitId ?? unitId ?? t.rootUnitId, ownerId: owner?.id ?? null });
}

export const registrationBody = (extra: Record<string, unknown>) => ({
  intendedBusiness: '仓储租赁 5000㎡',
  plan: '两周内上门拜访，月底前报价',
  expectedValue: 1_200_000,
  ...extra,
});

export async function register(agent: Agent, extra: Record<string, unknown>) {
  const response = await agent.post('/api/v1/development/registrations', registrationBody(extra));
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function currentStep(agent: Agent, approvalId: number): Promise<number> {
  const response = await agent.get(`/api/v1/approvals/${approvalId}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().currentStep;
}

export async function decide(agent: Agent, approvalId: number, decision: 'approve' | 'reject', comment = '同意') {
  const stepIndex = await currentStep(agent, approvalId);
  const response = await agent.post(`/api/v1/approvals/${approvalId}/${decision}`, { comment, stepIndex });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

export async function customerRow(t: TestApp, id: number) {
  const [row] = await t.database.db.select().from(customers).where(eq(customers.id, id));
  return row!;
}

export async function registrationsOf(t: TestApp, customerId: number) {
  return t.database.db.select().from(developmentRegistrations).where(eq(developmentRegistrations.customerId, customerId));
}

export async function notificationsOf(t: TestApp, userId: number, kind: string) {
  return t.database.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)));
}

export async function auditOf(t: TestApp, entityType: string, entityId: number | string) {
  return t.database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, entityType), eq(auditEvents.entityId, String(entityId))));
}

export async function timelineOf(t: TestApp, customerId: number) {
  return t.database.db.select().from(customerTimeline).where(eq(customerTimeline.customerId, customerId));
}

/** Moves the test clock and signs everyone in again (sessions expire while time jumps). */
export async function advanceDays(t: TestApp, w: RegistrationWorld, days: number) {
  t.clock.advance(days * 86_400_000);
  for (const key of ['managerA', 'specialistA', 'specialistA2', 'colleagueA2', 'managerB', 'specialistB'] as const) {
    w[key].agent = await t.login(w[key].user);
  }
}
