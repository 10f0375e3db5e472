import { eq } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { insertCustomer } from '../../../test/customers';
import { unique, type Agent, type TestApp, type TestUser } from '../../../test/harness';
import { developmentRegistrations } from './registrations.table';

// Fixtures of the registration tests: customers inserted directly and registrations filed over
// HTTP (the people come from server/test/world).

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

export async function registrationsOf(t: TestApp, customerId: number) {
  return t.database.db.select().from(developmentRegistrations).where(eq(developmentRegistrations.customerId, customerId));
}
