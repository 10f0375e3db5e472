import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { scopeOf, type Actor } from '../../platform/access/access';
import type { DbOrTx } from '../../platform/db/client';
import { AppError } from '../../platform/errors';
import { customers } from './customers.table';

/**
 * The customer data scope (R-PLT-03) as one SQL condition: `self` = owner or collaborator,
 * `unit` = owning unit, `unit_tree` = owning unit and below, `all` = everything. Merged records
 * are never listed. Every list, search, count, export and by-id read of customers adds it.
 */
export function customerScope(actor: Actor): SQL {
  const notMerged = isNull(customers.mergedIntoId);
  switch (scopeOf(actor, 'customer')) {
    case 'all':
      return notMerged;
    case 'unit_tree':
      return and(notMerged, sql`${customers.unitId} IN (SELECT id FROM org_units WHERE path LIKE ${actor.unitPath + '%'})`)!;
    case 'unit':
      return and(notMerged, eq(customers.unitId, actor.unitId))!;
    case 'self':
      return and(
        notMerged,
        sql`(${customers.ownerId} = ${actor.userId} OR ${customers.collaboratorIds} @> ${JSON.stringify([actor.userId])}::jsonb)`,
      )!;
  }
}

export type CustomerRow = typeof customers.$inferSelect;

/** A customer the actor may see, or 404 — out-of-scope ids look exactly like missing ones. */
export async function getVisibleCustomer(db: DbOrTx, actor: Actor, id: number, options: { forUpdate?: boolean } = {}): Promise<CustomerRow> {
  const query = db.select().from(customers).where(and(eq(customers.id, id), customerScope(actor)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw new AppError('NOT_FOUND', '客户不存在或无权查看');
  return row;
}

export async function canReadCustomer(db: DbOrTx, actor: Actor, id: number): Promise<boolean> {
  const [row] = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.id, id), customerScope(actor)));
  return Boolean(row);
}
