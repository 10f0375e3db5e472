import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { auditEvents } from '../../../platform/audit/audit.table';
import { orgUnits } from '../../../platform/org/org.table';
import { tasks } from '../../../platform/tasks/tasks.table';
import { person, unique, type Agent, type Person, type TestApp, type TestUser } from '../../../test/harness';
import { insertCustomer } from '../../customers/customer-factory';
import { customerContacts, customerTimeline } from '../../customers/customers.table';
import { opportunities, opportunityStageChanges } from '../opportunities/opportunities.table';
import { defaultDevelopmentRules } from '../settings/development-settings.service';
import { developmentSettings } from '../settings/development-settings.table';

export { type Person };

// Test fixtures of the visits area: two units with a manager and specialists each.

export interface VisitWorld {
  unitA: { id: number; path: string };
  unitB: { id: number; path: string };
  managerA: Person;
  managerB: Person;
  specialistA: Person;
  colleagueA: Person;
  specialistB: Person;
}

export async function createVisitWorld(t: TestApp): Promise<VisitWorld> {
  const unitA = await t.createUnit(unique('拜访甲部'));
  const unitB = await t.createUnit(unique('拜访乙部'));
  const managerA = await person(t, { unitId: unitA.id, role: 'manager' });
  const managerB = await person(t, { unitId: unitB.id, role: 'manager' });
  await t.database.db.update(orgUnits).set({ managerId: managerA.user.id }).where(eq(orgUnits.id, unitA.id));
  await t.database.db.update(orgUnits).set({ managerId: managerB.user.id }).where(eq(orgUnits.id, unitB.id));
  return {
    unitA,
    unitB,
    managerA,
    managerB,
    specialistA: await person(t, { unitId: unitA.id, role: 'specialist' }),
    colleagueA: await person(t, { unitId: unitA.id, role: 'specialist' }),
    specialistB: await person(t, { unitId: unitB.id, role: 'specialist' }),
  };
}

/** Moves the test clock and signs everyone in again (sessions expire when time jumps). */
export async function at(t: TestApp, w: VisitWorld, instant: string | number) {
  if (typeof instant === 'number') t.clock.advance(instant);
  else t.clock.set(instant);
  for (const person of [w.managerA, w.managerB, w.specialistA, w.colleagueA, w.specialistB]) person.agent = await t.login(person.user);
}

export async function createCustomer(t: TestApp, owner: TestUser, contacts: { name: string }[] = []) {
  return insertCustomer(t.database.db, {
    name: `${unique('拜访测试')}${randomBytes(2).toString('hex')}科技有限公司`,
    unitId: owner.unitId,
    ownerId: owner.id,
    contacts,
  });
}

export async function contactOf(t: TestApp, customerId: number) {
  const [row] = await t.database.db.select().from(customerContacts).where(eq(customerContacts.customerId, customerId)).orderBy(customerContacts.id);
  return row!;
}

export async function createOpportunity(t: TestApp, owner: TestUser, customerId: number, extra: Partial<typeof opportunities.$inferInsert> = {}) {
  const [row] = await t.database.db
    .insert(opportunities)
    .values({
      number: unique('SJ-T-'),
      customerId,
      name: unique('商机'),
      ownerId: owner.id,
      unitId: owner.unitId,
      stageCode: 'initial_contact',
      stageChangedAt: t.clock.now(),
      ...extra,
    })
    .returning();
  return row!;
}

export async function recordStageMove(t: TestApp, opportunityId: number, customerId: number, owner: TestUser, forward = true) {
  await t.database.db.insert(opportunityStageChanges).values({
    opportunityId,
    customerId,
    fromStage: 'initial_contact',
    toStage: 'requirement',
    forward,
    ownerId: owner.id,
    unitId: owner.unitId,
    at: t.clock.now(),
  });
}

export async function setUnitRules(t: TestApp, unitId: number, rules: Partial<{ visitReportDays: number; visitReportWorkdays: boolean; visitsWithoutProgress: number }>) {
  const d = defaultDevelopmentRules;
  const values = {
    unitId,
    exclusiveDays: d.exclusiveDays,
    protectionDays: d.protectionDays,
    releaseDays: d.releaseDays,
    releaseWarningDays: d.releaseWarningDays,
    defaultOwnerLimit: d.defaultOwnerLimit,
    opportunityFollowUpDays: d.opportunityFollowUpDays,
    visitReportDays: rules.visitReportDays ?? d.visitReportDays,
    visitReportWorkdays: rules.visitReportWorkdays ?? d.visitReportWorkdays,
    visitsWithoutProgress: rules.visitsWithoutProgress ?? d.visitsWithoutProgress,
    projectPreBreakthroughCap: String(d.projectPreBreakthroughCap),
    projectOverBudgetRate: String(d.projectOverBudgetRate),
  };
  await t.database.db.insert(developmentSettings).values(values).onConflictDoUpdate({ target: developmentSettings.unitId, set: values });
}

export const visitBody = (customerId: number, visitDate: string, extra: Record<string, unknown> = {}) => ({
  customerId,
  visitDate,
  method: 'onsite',
  participants: ['王经理'],
  content: '介绍园区 3 号楼空置办公室，客户关注租金与装修期',
  feedback: '希望月底前给出报价',
  nextStep: '发送报价单',
  ...extra,
});

export async function recordVisit(agent: Agent, customerId: number, visitDate: string, extra: Record<string, unknown> = {}) {
  const response = await agent.post('/api/v1/development/visits', visitBody(customerId, visitDate, extra));
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

export async function timelineOf(t: TestApp, customerId: number) {
  return t.database.db.select().from(customerTimeline).where(eq(customerTimeline.customerId, customerId));
}

export async function auditOf(t: TestApp, entityType: string, entityId: number | string) {
  return t.database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, entityType), eq(auditEvents.entityId, String(entityId))))
    .orderBy(auditEvents.id);
}

export async function tasksOf(t: TestApp, ruleKey: string, assigneeId: number) {
  return t.database.db
    .select()
    .from(tasks)
    .where(and(eq(tasks.ruleKey, ruleKey), eq(tasks.assigneeId, assigneeId)))
    .orderBy(tasks.id);
}

export async function approve(agent: Agent, approvalId: number, action: 'approve' | 'reject' | 'return' = 'approve') {
  const detail = await agent.get(`/api/v1/approvals/${approvalId}`);
  expect(detail.statusCode, detail.body).toBe(200);
  const response = await agent.post(`/api/v1/approvals/${approvalId}/${action}`, { comment: action === 'approve' ? '同意' : '请补充拜访目的', stepIndex: detail.json().currentStep });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}
