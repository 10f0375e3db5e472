import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { customerContacts, customers, customerSearchKeys, customerTimeline } from '../modules/customers';
import type { DbOrTx } from '../platform/db/client';
import { unique, type TestApp, type TestUser } from './harness';

// Test factory: customers inserted directly (bypassing the service), with the derived search
// keys, a unique code, unit and owner filled in; shared by every module's tests.

type CustomerInsert = typeof customers.$inferInsert;
type ContactInsert = Omit<typeof customerContacts.$inferInsert, 'customerId'>;

export interface FactoryCustomer extends Partial<Omit<CustomerInsert, 'name' | 'unitId'>> {
  name: string;
  unitId: number;
  contacts?: ContactInsert[];
}

let sequence = 0;

/** A unique customer code, e.g. `T2026k3f9a1c2`. */
export function uniqueCustomerCode(): string {
  sequence += 1;
  return `T${Date.now().toString(36).toUpperCase()}${sequence.toString(36).toUpperCase()}${randomBytes(2).toString('hex').toUpperCase()}`;
}

export async function insertCustomer(db: DbOrTx, input: FactoryCustomer): Promise<typeof customers.$inferSelect> {
  const { contacts, ...fields } = input;
  const [row] = await db
    .insert(customers)
    .values({
      code: uniqueCustomerCode(),
      ...fields,
      ...customerSearchKeys(input.name, input.shortName),
    })
    .returning();
  if (contacts?.length) {
    await db.insert(customerContacts).values(contacts.map((contact) => ({ ...contact, customerId: row!.id })));
  }
  return row!;
}

export async function insertCustomers(db: DbOrTx, inputs: FactoryCustomer[]): Promise<(typeof customers.$inferSelect)[]> {
  const rows = [];
  for (const input of inputs) rows.push(await insertCustomer(db, input));
  return rows;
}

/** A customer owned by `owner` (in the owner's unit), or in the pool of `unitId` when `owner` is null. */
export function createCustomer(t: TestApp, owner: TestUser | null, overrides: Partial<FactoryCustomer> = {}) {
  return insertCustomer(t.database.db, {
    name: `${unique('测试客户')}${randomBytes(2).toString('hex')}物流有限公司`,
    unitId: owner?.unitId ?? t.rootUnitId,
    ownerId: owner?.id ?? null,
    ...overrides,
  });
}

export async function customerRow(t: TestApp, id: number) {
  const [row] = await t.database.db.select().from(customers).where(eq(customers.id, id));
  return row!;
}

export async function timelineOf(t: TestApp, customerId: number) {
  return t.database.db.select().from(customerTimeline).where(eq(customerTimeline.customerId, customerId));
}

export async function timelineTypes(t: TestApp, customerId: number): Promise<string[]> {
  return (await timelineOf(t, customerId)).map((row) => row.type);
}
