import { eq } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { insertCustomer } from '../../../test/customers';
import { unique, type Agent, type TestApp, type TestUser } from '../../../test/harness';
import { customerContacts } from '../../customers';
import { opportunities, opportunityStageChanges } from '../opportunities/opportunities.table';
import { defaultDevelopmentRules } from '../settings/development-settings.service';
import { developmentSettings } from '../settings/development-settings.table';

// Test fixtures of the visits area: customers with contacts, opportunities, unit rules and visit
// records over HTTP (the people come from server/test/world).

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

export async function approve(agent: Agent, approvalId: number, action: 'approve' | 'reject' | 'return' = 'approve') {
  const detail = await agent.get(`/api/v1/approvals/${approvalId}`);
  expect(detail.statusCode, detail.body).toBe(200);
  const response = await agent.post(`/api/v1/approvals/${approvalId}/${action}`, { comment: action === 'approve' ? '同意' : '请补充拜访目的', stepIndex: detail.json().currentStep });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}
