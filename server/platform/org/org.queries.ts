import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { orgUnits, users } from './org.table';

// Look-ups of users and units that every module needs (names for lists, a new owner's unit…).

export async function userNamesOf(db: DbOrTx, ids: (number | null | undefined)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id): id is number => typeof id === 'number'))];
  if (wanted.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, wanted));
  return new Map(rows.map((row) => [row.id, row.name]));
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
