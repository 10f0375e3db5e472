import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import { recordAudit } from '../../../platform/audit/audit.service';
import { registerHandOverStep } from '../../../platform/org/hand-over';
import { changeCustomerOwner } from '../../customers/customer-ownership';
import { customers } from '../../customers/customers.table';
import { cancelReleaseWarnings } from './ownership-effects';

// 离职交接 of customers (R-PLT-05): every owned customer goes to the successor (no customer is
// left without an owner) and the departed user is replaced among the collaborators.

const owned = (userId: number) => and(eq(customers.ownerId, userId), isNull(customers.mergedIntoId))!;

registerHandOverStep({
  key: 'customers',
  label: '客户',
  order: 10,
  async run(tx, clock, ctx, fromUserId, toUserId) {
    const rows = await tx.select({ id: customers.id }).from(customers).where(owned(fromUserId)).orderBy(asc(customers.id));
    for (const row of rows) {
      await changeCustomerOwner(tx, clock, ctx, {
        customerId: row.id,
        toUserId,
        kind: 'departure',
        expectOwnerId: fromUserId,
        reason: '原客户经理离职，客户移交给接替人',
      });
      await cancelReleaseWarnings(tx, clock, ctx, row.id);
    }
    const collaborating = await tx
      .update(customers)
      .set({
        collaboratorIds: sql`(SELECT COALESCE(jsonb_agg(DISTINCT x), '[]'::jsonb) FROM (
          SELECT CASE WHEN v = to_jsonb(${fromUserId}::int) THEN to_jsonb(${toUserId}::int) ELSE v END AS x
          FROM jsonb_array_elements(${customers.collaboratorIds}) AS v
        ) AS replaced WHERE to_jsonb(${customers.ownerId}) IS DISTINCT FROM x)`,
      })
      .where(and(sql`${customers.collaboratorIds} @> ${JSON.stringify([fromUserId])}::jsonb`, isNull(customers.mergedIntoId)))
      .returning({ id: customers.id, name: customers.name });
    for (const row of collaborating) {
      await recordAudit(tx, clock, ctx, {
        action: 'update',
        entityType: 'customer',
        entityId: row.id,
        customerId: row.id,
        summary: `离职交接：客户「${row.name}」的协作人由用户 #${fromUserId} 改为用户 #${toUserId}`,
        changes: { collaboratorIds: { before: fromUserId, after: toUserId } },
      });
    }
    return rows.length;
  },
  async count(db, fromUserId) {
    const [row] = await db.select({ n: count() }).from(customers).where(owned(fromUserId));
    return Number(row?.n ?? 0);
  },
});
