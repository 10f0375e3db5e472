import { and, eq, type SQL } from 'drizzle-orm';
import { scopeCondition, type Actor } from '../../platform/access/access';
import type { DbOrTx } from '../../platform/db/client';
import { AppError } from '../../platform/errors';
import { customers } from '../customers';

/**
 * The billing data scope (R-PLT-03) over the customer a bill, receipt or hand-over belongs to:
 * a specialist (`self`) sees the money of the customers they own, a unit's staff their unit's.
 * Every list, detail, export and report of the billing module joins `customers` and adds it.
 */
export function billingScope(actor: Actor): SQL | undefined {
  return scopeCondition(actor, 'billing', { unitColumn: customers.unitId, ownerColumns: [customers.ownerId] });
}

/** The customer, if it is in the caller's billing scope; otherwise 404 like a missing one. */
export async function billingCustomer(db: DbOrTx, actor: Actor, customerId: number): Promise<{ id: number; name: string; ownerId: number | null; unitId: number }> {
  const [row] = await db
    .select({ id: customers.id, name: customers.name, ownerId: customers.ownerId, unitId: customers.unitId })
    .from(customers)
    .where(and(eq(customers.id, customerId), billingScope(actor)));
  if (!row) throw new AppError('NOT_FOUND', '客户不存在或无权查看');
  return row;
}
