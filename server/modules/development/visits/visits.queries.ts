import { and, eq, inArray, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/client';
import { unitChain } from '../../../platform/approvals/approvals.queries';
import { orgUnits, users } from '../../../platform/org/org.table';
import { customerContacts, customers } from '../../customers';
import { opportunities } from '../opportunities/opportunities.table';

// SQL helpers of the visits area; the services hold the rules.

const distinct = (ids: (number | null | undefined)[]) => [...new Set(ids.filter((id): id is number => typeof id === 'number'))];

async function nameMap(db: DbOrTx, table: 'users' | 'units' | 'customers' | 'contacts' | 'opportunities', ids: (number | null | undefined)[]) {
  const wanted = distinct(ids);
  if (!wanted.length) return new Map<number, string>();
  const rows =
    table === 'users'
      ? await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, wanted))
      : table === 'units'
        ? await db.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits).where(inArray(orgUnits.id, wanted))
        : table === 'customers'
          ? await db.select({ id: customers.id, name: customers.name }).from(customers).where(inArray(customers.id, wanted))
          : table === 'contacts'
            ? await db.select({ id: customerContacts.id, name: customerContacts.name }).from(customerContacts).where(inArray(customerContacts.id, wanted))
            : await db.select({ id: opportunities.id, name: opportunities.name }).from(opportunities).where(inArray(opportunities.id, wanted));
  return new Map(rows.map((row) => [row.id, row.name]));
}

export const userNames = (db: DbOrTx, ids: (number | null | undefined)[]) => nameMap(db, 'users', ids);
export const unitNames = (db: DbOrTx, ids: (number | null | undefined)[]) => nameMap(db, 'units', ids);
export const customerNames = (db: DbOrTx, ids: (number | null | undefined)[]) => nameMap(db, 'customers', ids);
export const contactNames = (db: DbOrTx, ids: (number | null | undefined)[]) => nameMap(db, 'contacts', ids);
export const opportunityNames = (db: DbOrTx, ids: (number | null | undefined)[]) => nameMap(db, 'opportunities', ids);

/** `column` is the unit or one of its sub-units. */
export function inUnitTree(column: AnyColumn | SQL, unitId: number): SQL {
  return sql`${column} IN (SELECT id FROM org_units WHERE path LIKE (SELECT path FROM org_units WHERE id = ${unitId}) || '%')`;
}

/** The nearest active manager above `userId` in the unit chain (their own unit first), or undefined. */
export async function managerFor(db: DbOrTx, unitId: number, userId: number): Promise<number | undefined> {
  const chain = await unitChain(db, unitId);
  return chain.find((unit) => unit.managerId !== null && unit.managerActive && unit.managerId !== userId)?.managerId ?? undefined;
}

/** The actor manages `unitId` or a unit above it. */
export async function managesUnit(db: DbOrTx, actorId: number, unitId: number): Promise<boolean> {
  const chain = await unitChain(db, unitId);
  return chain.some((unit) => unit.managerId === actorId);
}

export async function activeUser(db: DbOrTx, id: number) {
  const [row] = await db
    .select({ id: users.id, name: users.displayName, unitId: users.unitId, status: users.status })
    .from(users)
    .where(and(eq(users.id, id)));
  return row && row.status === 'active' ? row : undefined;
}
