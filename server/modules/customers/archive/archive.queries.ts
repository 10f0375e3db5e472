import { and, asc, desc, eq, inArray, isNotNull, isNull, or, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/client';
import { orgUnits } from '../../../platform/org/org.table';
import { userNamesOf } from '../../../platform/org/org.queries';
import type { CustomerRow } from '../access';
import type { CustomerDetailParts, CustomerNames } from './dto';
import { customerContacts, customerKeyPersons, customers } from '../customers.table';

// SQL of the customer archive; the service holds the rules.

export async function customerNamesOf(db: DbOrTx, row: Pick<CustomerRow, 'ownerId' | 'unitId'>): Promise<CustomerNames> {
  const [names, [unit]] = await Promise.all([
    userNamesOf(db, [row.ownerId]),
    db.select({ name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.id, row.unitId)),
  ]);
  return { ownerName: row.ownerId === null ? null : (names.get(row.ownerId) ?? null), unitName: unit?.name ?? '' };
}

export async function contactsOf(db: DbOrTx, customerId: number) {
  return db
    .select()
    .from(customerContacts)
    .where(eq(customerContacts.customerId, customerId))
    .orderBy(desc(customerContacts.isPrimary), asc(customerContacts.id));
}

export async function keyPersonsOf(db: DbOrTx, customerId: number) {
  return db.select().from(customerKeyPersons).where(eq(customerKeyPersons.customerId, customerId)).orderBy(asc(customerKeyPersons.id));
}

export async function detailPartsOf(db: DbOrTx, row: CustomerRow): Promise<CustomerDetailParts> {
  const [names, contacts, keyPersons] = await Promise.all([customerNamesOf(db, row), contactsOf(db, row.id), keyPersonsOf(db, row.id)]);
  return { ...names, contacts, keyPersons };
}

/**
 * The live record that a new name / USCC would collide with (R-CUS-05): same normalised name or
 * same USCC, merged records excluded — the same rule as the unique indexes.
 */
export async function findDuplicateCustomer(
  db: DbOrTx,
  keys: { normalizedName?: string; uscc?: string | null },
  excludeId?: number,
): Promise<{ row: CustomerRow; by: 'name' | 'uscc' } | undefined> {
  const matches: SQL[] = [];
  if (keys.normalizedName) matches.push(eq(customers.normalizedName, keys.normalizedName));
  if (keys.uscc) matches.push(eq(customers.uscc, keys.uscc));
  if (matches.length === 0) return undefined;
  const rows = await db
    .select()
    .from(customers)
    .where(and(isNull(customers.mergedIntoId), or(...matches)))
    .limit(3);
  const found = rows.find((row) => row.id !== excludeId);
  if (!found) return undefined;
  const by = keys.uscc && found.uscc === keys.uscc ? 'uscc' : 'name';
  return { row: found, by };
}


/** Key persons with a birthday recorded, of the given customers (for care reminders, R-SVC-23). */
export async function keyPersonBirthdaysOf(db: DbOrTx, customerIds: number[]): Promise<{ id: number; customerId: number; name: string; position: string | null; birthday: string }[]> {
  if (!customerIds.length) return [];
  const rows = await db
    .select({ id: customerKeyPersons.id, customerId: customerKeyPersons.customerId, name: customerKeyPersons.name, position: customerKeyPersons.position, birthday: customerKeyPersons.birthday })
    .from(customerKeyPersons)
    .where(and(inArray(customerKeyPersons.customerId, customerIds), isNotNull(customerKeyPersons.birthday)))
    .orderBy(asc(customerKeyPersons.id));
  return rows.map((row) => ({ ...row, birthday: row.birthday! }));
}
