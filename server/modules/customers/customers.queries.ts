import { and, asc, desc, eq, inArray, isNull, or, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client';
import { orgUnits, users } from '../../platform/org/org.table';
import type { CustomerRow } from './customer-access';
import type { CustomerDetailParts, CustomerNames } from './customer-dto';
import { customerContacts, customerKeyPersons, customers } from './customers.table';

// SQL of the customer archive; the service holds the rules.

export async function userNamesOf(db: DbOrTx, ids: (number | null | undefined)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id): id is number => typeof id === 'number'))];
  if (wanted.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, wanted));
  return new Map(rows.map((row) => [row.id, row.name]));
}

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

/** An active user with their unit, e.g. a customer's new owner. */
export async function activeUserOf(db: DbOrTx, id: number) {
  const [row] = await db
    .select({ id: users.id, name: users.displayName, status: users.status, unitId: users.unitId, unitPath: orgUnits.path, unitCode: orgUnits.code })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.unitId))
    .where(eq(users.id, id));
  return row && row.status === 'active' ? row : undefined;
}

export async function unitOf(db: DbOrTx, id: number) {
  const [row] = await db.select({ id: orgUnits.id, code: orgUnits.code, path: orgUnits.path, name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.id, id));
  return row;
}

export async function countActiveUsers(db: DbOrTx, ids: number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, ids), eq(users.status, 'active')));
  return rows.length;
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

/** Which unique index a failed insert/update hit, if it was a unique violation (23505). */
export function uniqueViolationOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const candidate = current as { code?: unknown; constraint?: unknown; message?: unknown; cause?: unknown };
    if (candidate.code === '23505') {
      if (typeof candidate.constraint === 'string') return candidate.constraint;
      const named = /"([a-z0-9_]+)"/.exec(String(candidate.message ?? ''));
      return named?.[1] ?? 'unknown';
    }
    current = candidate.cause;
  }
  return undefined;
}
