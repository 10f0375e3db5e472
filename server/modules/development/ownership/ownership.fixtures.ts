import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../../../platform/audit/audit.table';
import { orgUnits } from '../../../platform/org/org.table';
import { person, unique, type Agent, type Person, type TestApp, type TestUser } from '../../../test/harness';
import { insertCustomer, type FactoryCustomer } from '../../customers/customer-factory';
import { customerOwnershipChanges, customers } from '../../customers/customers.table';

export { person, type Person };

// Test fixtures of the ownership tests: two units with a manager and specialists each.

export interface OwnershipWorld {
  unitA: { id: number; path: string };
  unitB: { id: number; path: string };
  managerA: Person;
  specialistA: Person;
  specialistA2: Person;
  managerB: Person;
  specialistB: Person;
  admin: Agent;
}

export async function createOwnershipWorld(t: TestApp): Promise<OwnershipWorld> {
  const unitA = await t.createUnit(unique('甲部'));
  const unitB = await t.createUnit(unique('乙部'));
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
    specialistA2: await person(t, { unitId: unitA.id, role: 'specialist' }),
    specialistB: await person(t, { unitId: unitB.id, role: 'specialist' }),
    admin: await t.admin(),
  };
}

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

export async function customerRow(t: TestApp, id: number) {
  const [row] = await t.database.db.select().from(customers).where(eq(customers.id, id));
  return row!;
}

export async function ownershipChanges(t: TestApp, customerId: number) {
  return t.database.db.select().from(customerOwnershipChanges).where(eq(customerOwnershipChanges.customerId, customerId));
}

export async function auditOf(t: TestApp, entityType: string, entityId: number | string) {
  return t.database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, entityType), eq(auditEvents.entityId, String(entityId))));
}
