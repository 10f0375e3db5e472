import { scopeOf, type Actor } from '../../../platform/access/access';
import { shanghaiTime } from '../../../platform/dates';
import type { DbOrTx } from '../../../platform/db/client';
import { AppError, fieldError } from '../../../platform/errors';
import { unitOf } from '../../../platform/org/org.queries';

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
