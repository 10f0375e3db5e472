import { and, asc, eq, like, or } from 'drizzle-orm';
import { scopeOf, type Actor } from '../../../platform/access/access';
import { shanghaiTime } from '../../../platform/dates';
import type { DbOrTx } from '../../../platform/db/client';
import { AppError, fieldError } from '../../../platform/errors';
import { unitOf } from '../../../platform/org/org.queries';
import { orgUnits, users } from '../../../platform/org/org.table';

export type UnitRow = NonNullable<Awaited<ReturnType<typeof unitOf>>>;

/** Is a unit inside the actor's development scope? `self` and `unit` mean the actor's own unit. */
export function unitInDevelopmentScope(actor: Actor, unit: { id: number; path: string }): boolean {
  switch (scopeOf(actor, 'development')) {
    case 'all':
      return true;
    case 'unit_tree':
      return unit.path.startsWith(actor.unitPath);
    case 'unit':
    case 'self':
      return unit.id === actor.unitId;
  }
}

/**
 * The desk's unit: the actor's own, or a unit within their development scope. An unknown or
 * out-of-scope unit is a field error on `unitId` (with `notFound` it is a 404 instead).
 */
export async function resolveDeskUnit(db: DbOrTx, actor: Actor, unitId: number | undefined, options: { notFound?: boolean } = {}): Promise<UnitRow> {
  const unit = await unitOf(db, unitId ?? actor.unitId);
  if (!unit || !unitInDevelopmentScope(actor, unit)) {
    if (options.notFound) throw new AppError('NOT_FOUND', '单位不存在或不在您的管理范围内');
    const message = '所选单位不存在或不在您的管理范围内';
    throw fieldError('unitId', message);
  }
  return unit;
}

/** Midnight (Asia/Shanghai) of an ISO date as an instant. */
export const shanghaiMidnight = (date: string): Date => shanghaiTime(date);

/**
 * Who may receive a visitor at a unit's desk (R-DEV-40/41): any active member of the unit (and
 * of units below it) or the person at the desk — so a desk works before any rotation is set up,
 * and never offers people of other units.
 */
export async function receiverCandidates(db: DbOrTx, actor: Actor, unit: UnitRow) {
  return db
    .select({ userId: users.id, name: users.displayName, unitName: orgUnits.name })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.unitId))
    .where(and(eq(users.status, 'active'), or(like(orgUnits.path, `${unit.path.replace(/[\\%_]/g, '\\$&')}%`), eq(users.id, actor.userId))))
    .orderBy(asc(users.displayName), asc(users.id))
    .limit(500);
}

/** A manually chosen receiver must be one of the desk's candidates. */
export async function assertReceiver(db: DbOrTx, actor: Actor, unit: UnitRow, receiverId: number): Promise<void> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.unitId))
    .where(and(eq(users.id, receiverId), eq(users.status, 'active'), or(like(orgUnits.path, `${unit.path.replace(/[\\%_]/g, '\\$&')}%`), eq(users.id, actor.userId))));
  if (!row) throw fieldError('receiverId', '接待人须为本单位在职人员或您本人，请从列表中选择');
}
