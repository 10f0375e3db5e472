import { randomBytes } from 'node:crypto';
import type { DbOrTx } from '../../platform/db/client';
import { customerSearchKeys } from './customer-keys';
import { customerContacts, customers } from './customers.table';

// Test factory: customers inserted directly (bypassing the service), with the derived search
// keys, a unique code, unit and owner filled in. Other customer tests may reuse it.

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
