import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { auditEvents } from '../../platform/audit/audit.table';
import { attachments } from '../../platform/files/files.table';
import { orgUnits } from '../../platform/org/org.table';
import { person, unique, type Agent, type Person, type TestApp, type TestUser } from '../../test/harness';
import { ensureCustomerComplianceData } from './customer-admission.service';
import { qualificationDocTypes, type QualificationDocType } from './customer-compliance.schema';
import { insertCustomer } from './customer-factory';
import { customers, customerTimeline } from './customers.table';

export { type Person };

// Test fixtures of the compliance tests: an org with the people the approval flows need,
// customers inserted directly, and attachments linked to them.

export interface ComplianceWorld {
  unitA: { id: number; path: string; code: string };
  subUnitA: { id: number; path: string; code: string };
  unitB: { id: number; path: string; code: string };
  managerA: Person;
  specialistA: Person;
  specialistB: Person;
  finance: Person;
  legal: Person;
  gm: Person;
  admin: Agent;
}

/** Unit A (with a manager, a specialist and a sub-unit), unit B with a specialist, finance, legal, GM. */
export async function createComplianceWorld(t: TestApp): Promise<ComplianceWorld> {
  await ensureCustomerComplianceData(t.database.db, t.clock);
  await ensureCustomerComplianceData(t.database.db, t.clock); // idempotent
  const unitA = await t.createUnit(unique('甲部门'));
  const subUnitA = await t.createUnit(unique('甲下级'), unitA.id);
  const unitB = await t.createUnit(unique('乙部门'));
  const managerA = await person(t, { unitId: unitA.id, role: 'manager' });
  await t.database.db.update(orgUnits).set({ managerId: managerA.user.id }).where(eq(orgUnits.id, unitA.id));
  const managerB = await t.createUser({ unitId: unitB.id, role: 'manager' });
  await t.database.db.update(orgUnits).set({ managerId: managerB.id }).where(eq(orgUnits.id, unitB.id));
  return {
    unitA,
    subUnitA,
    unitB,
    managerA,
    specialistA: await person(t, { unitId: unitA.id, role: 'specialist' }),
    specialistB: await person(t, { unitId: unitB.id, role: 'specialist' }),
    finance: await person(t, { role: 'finance' }),
    legal: await person(t, { role: 'legal' }),
    gm: await person(t, { role: 'executive' }),
    admin: await t.admin(),
  };
}

/** A customer owned by `owner` in `unitId`, inserted directly with its search keys. */
export function createCustomer(t: TestApp, owner: TestUser, overrides: Partial<Parameters<typeof insertCustomer>[1]> = {}) {
  return insertCustomer(t.database.db, {
    name: `${unique('合规测试')}${randomBytes(2).toString('hex')}物流有限公司`,
    unitId: owner.unitId,
    ownerId: owner.id,
    ...overrides,
  });
}

/** An attachment row linked to a record (the upload itself is the files module's business). */
export async function createAttachment(t: TestApp, customerId: number, uploadedById: number, recordType = 'customer') {
  const [row] = await t.database.db
    .insert(attachments)
    .values({
      sha256: randomBytes(32).toString('hex'),
      fileName: `${unique('扫描件')}.pdf`,
      mimeType: 'application/pdf',
      size: 1024,
      recordType,
      recordId: String(customerId),
      uploadedById,
    })
    .returning();
  return row!;
}

/** Adds one document per type over HTTP, each with its own attachment. */
export async function addDocuments(
  t: TestApp,
  agent: Agent,
  customerId: number,
  options: { docTypes?: readonly QualificationDocType[]; validUntil?: string | null } = {},
) {
  const ids: Record<string, number> = {};
  for (const docType of options.docTypes ?? qualificationDocTypes) {
    const attachment = await createAttachment(t, customerId, agent.userId);
    const response = await agent.post(`/api/v1/customers/${customerId}/qualifications`, {
      docType,
      number: unique('NO'),
      validFrom: '2025-01-01',
      validUntil: options.validUntil === undefined ? '2030-12-31' : options.validUntil,
      attachmentId: attachment.id,
    });
    expect(response.statusCode, response.body).toBe(201);
    ids[docType] = response.json().id;
  }
  return ids;
}

export async function customerRow(t: TestApp, id: number) {
  const [row] = await t.database.db.select().from(customers).where(eq(customers.id, id));
  return row!;
}

export async function timelineTypes(t: TestApp, customerId: number): Promise<string[]> {
  const rows = await t.database.db.select({ type: customerTimeline.type }).from(customerTimeline).where(eq(customerTimeline.customerId, customerId));
  return rows.map((row) => row.type);
}

export async function auditOf(t: TestApp, entityType: string, entityId: number | string) {
  return t.database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, entityType), eq(auditEvents.entityId, String(entityId))));
}

async function currentStep(agent: Agent, approvalId: number): Promise<number> {
  const response = await agent.get(`/api/v1/approvals/${approvalId}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().currentStep;
}

/** Approves the current step as `agent` through the approvals HTTP API. */
export async function approve(agent: Agent, approvalId: number) {
  const stepIndex = await currentStep(agent, approvalId);
  const response = await agent.post(`/api/v1/approvals/${approvalId}/approve`, { comment: '同意', stepIndex });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

export async function reject(agent: Agent, approvalId: number, comment = '资料不全') {
  const stepIndex = await currentStep(agent, approvalId);
  const response = await agent.post(`/api/v1/approvals/${approvalId}/reject`, { comment, stepIndex });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}
