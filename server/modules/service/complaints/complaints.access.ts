import { and, eq, sql, type SQL } from 'drizzle-orm';
import { hasPermission, type Actor } from '../../../platform/access/access';
import { unitChain } from '../../../platform/approvals/approvals.queries';
import { queryRows, type DbOrTx } from '../../../platform/db/client';
import { AppError, fieldError } from '../../../platform/errors';
import { activeServiceHandler } from '../service-staff';
import { serviceComplaints, serviceSettings } from './complaints.table';

// Need-to-know and 回避 for complaints (R-SVC-13), in SQL so that every list, detail, export,
// count and attachment check applies the same rule:
// - nobody in the complaint's avoid list (the person complained about and, by default, their direct
//   manager) sees it, whatever else they hold;
// - otherwise its taker, handler and investigator, the managers of the handler's unit and the
//   units above it, and service supervisors (complaint:supervise).

export function complaintVisibility(actor: Actor): SQL {
  const avoided = sql`${actor.userId} = ANY(${serviceComplaints.avoidUserIds})`;
  if (hasPermission(actor, 'complaint:supervise')) return sql`NOT (${avoided})`;
  return sql`NOT (${avoided}) AND (
    ${serviceComplaints.takenById} = ${actor.userId} OR ${serviceComplaints.handlerId} = ${actor.userId} OR ${serviceComplaints.investigatorId} IS NOT DISTINCT FROM ${actor.userId}
    OR EXISTS (SELECT 1 FROM users hu JOIN org_units hunit ON hunit.id = hu.unit_id JOIN org_units mu ON hunit.path LIKE mu.path || '%'
               WHERE hu.id = ${serviceComplaints.handlerId} AND mu.manager_id = ${actor.userId}))`;
}

/** The complaint if the caller may see it; otherwise 404 like a missing one. */
export async function visibleComplaint(db: DbOrTx, actor: Actor, id: number, options: { forUpdate?: boolean } = {}) {
  const query = db.select().from(serviceComplaints).where(and(eq(serviceComplaints.id, id), complaintVisibility(actor)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw new AppError('NOT_FOUND', '投诉不存在或无权查看');
  return row;
}

export async function avoidManagerChain(db: DbOrTx): Promise<boolean> {
  const [row] = await db.select({ on: serviceSettings.avoidManagerChain }).from(serviceSettings).where(eq(serviceSettings.id, 1));
  return row?.on ?? true;
}

/** The person complained about and, if the company says so, their direct manager (the nearest one above them). */
export async function avoidListFor(db: DbOrTx, targetUserId: number | null | undefined): Promise<number[]> {
  if (!targetUserId) return [];
  const [target] = await queryRows<{ unit_id: number }>(db, sql`SELECT unit_id FROM users WHERE id = ${targetUserId}`);
  if (!target) throw fieldError('targetUserId', '被投诉人不存在');
  const ids = [targetUserId];
  if (await avoidManagerChain(db)) {
    // Only the nearest manager: going further up would shut out the executives who supervise complaints.
    const manager = (await unitChain(db, target.unit_id)).find((unit) => unit.managerId !== null && unit.managerId !== targetUserId)?.managerId;
    if (manager) ids.push(manager);
  }
  return ids;
}

/** An active user who handles service (service:write) and is not to be avoided. */
export async function assertAssignable(db: DbOrTx, userId: number, avoid: number[], field: string, role: string) {
  if (avoid.includes(userId)) throw fieldError(field, `${role}是被投诉人${avoid[0] === userId ? '' : '的上级'}，须回避，请另选他人`);
  const row = await activeServiceHandler(db, userId);
  if (!row) throw fieldError(field, `${role}不存在、已停用或没有处理投诉的权限`);
  return row;
}

/** Managers above the handler and supervisors manage a complaint: assign, hand over, decide meetings. */
export async function managesComplaint(db: DbOrTx, actor: Actor, handlerId: number): Promise<boolean> {
  if (hasPermission(actor, 'complaint:supervise')) return true;
  const [row] = await queryRows<{ ok: boolean }>(
    db,
    sql`SELECT EXISTS (SELECT 1 FROM users hu JOIN org_units hunit ON hunit.id = hu.unit_id JOIN org_units mu ON hunit.path LIKE mu.path || '%'
                        WHERE hu.id = ${handlerId} AND mu.manager_id = ${actor.userId}) AS ok`,
  );
  return row?.ok ?? false;
}

/** Manages some org unit (a department head may keep the roster and write the analysis). */
export async function isUnitManager(db: DbOrTx, userId: number): Promise<boolean> {
  const [row] = await queryRows<{ ok: boolean }>(db, sql`SELECT EXISTS (SELECT 1 FROM org_units WHERE manager_id = ${userId}) AS ok`);
  return row?.ok ?? false;
}
