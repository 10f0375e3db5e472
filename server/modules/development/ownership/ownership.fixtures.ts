import { eq } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { insertCustomer, type FactoryCustomer } from '../../../test/customers';
import { unique, type TestApp, type TestUser } from '../../../test/harness';
import { customerOwnershipChanges } from '../../customers';

// Test fixtures of the ownership tests: pool and owned customers and their ownership history
// (the people come from server/test/world).

/** A customer in the pool (no owner) of `unitId`. */
export function poolCustomer(t: TestApp, unitId: number, overrides: Partial<FactoryCustomer> = {}) {
  return insertCustomer(t.database.db, { name: `${unique('公海')}${randomBytes(2).toString('hex')}科技有限公司`, unitId, ownerId: null, ...overrides });
}

/** A customer owned by `owner` since now (as a claim would leave it). */
export function ownedCustomer(t: TestApp, owner: TestUser, overrides: Partial<FactoryCustomer> = {}) {
  return insertCustomer(t.database.db, {
    name: `${unique('私海')}${randomBytes(2).toString('hex')}贸易有限公司`,
    unitId: owner.unitId,
    ownerId: owner.id,
    ownedSince: t.clock.now(),
    ...overrides,
  });
}

export async function ownershipChanges(t: TestApp, customerId: number) {
  return t.database.db.select().from(customerOwnershipChanges).where(eq(customerOwnershipChanges.customerId, customerId));
}
