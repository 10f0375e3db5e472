import { localized } from '../../../platform/http/request-language';
import { desc, eq, inArray } from 'drizzle-orm';
import { requireActor, type RequestContext } from '../../../platform/access/access';
import type { Deps } from '../../../platform/deps';
import { orgUnits } from '../../../platform/org/org.table';
import { getVisibleCustomer, customerOwnershipChanges } from '../../customers';
import { userNamesOf } from '../../../platform/org/org.queries';

const kindNames: Record<string, [zh: string, en: string]> = {
  created: ['建档', 'Filed'],
  claim: ['认领', 'Claimed'],
  registration: ['报备', 'Registered'],
  release: ['退回公海', 'Released to pool'],
  transfer: ['转移', 'Transferred'],
  departure: ['离职交接', 'Departure hand-over'],
  assign: ['分配', 'Assigned'],
  reassign: ['改派', 'Reassigned'],
  rejected: ['报备未通过', 'Registration refused'],
};

/** 归属历史 (R-DEV-14): every owner change of a customer in the caller's scope, newest first. */
export async function listOwnershipHistory(deps: Deps, ctx: RequestContext, customerId: number) {
  const customer = await getVisibleCustomer(deps.db, requireActor(ctx), customerId);
  const rows = await deps.db
    .select()
    .from(customerOwnershipChanges)
    .where(eq(customerOwnershipChanges.customerId, customer.id))
    .orderBy(desc(customerOwnershipChanges.at), desc(customerOwnershipChanges.id))
    .limit(500);
  const names = await userNamesOf(
    deps.db,
    rows.flatMap((row) => [row.fromUserId, row.toUserId, row.actorId]),
  );
  const unitIds = [...new Set(rows.flatMap((row) => [row.fromUnitId, row.toUnitId]).filter((id): id is number => id !== null))];
  const units = unitIds.length ? await deps.db.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits).where(inArray(orgUnits.id, unitIds)) : [];
  const unitName = new Map(units.map((unit) => [unit.id, unit.name]));
  const nameOf = (id: number | null) => (id === null ? null : (names.get(id) ?? null));
  return {
    items: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      kindName: kindNames[row.kind] ? localized(...kindNames[row.kind]!) : row.kind,
      fromUserId: row.fromUserId,
      fromUserName: nameOf(row.fromUserId),
      toUserId: row.toUserId,
      toUserName: nameOf(row.toUserId),
      fromUnitName: row.fromUnitId === null ? null : (unitName.get(row.fromUnitId) ?? null),
      toUnitName: row.toUnitId === null ? null : (unitName.get(row.toUnitId) ?? null),
      reason: row.reason,
      actorName: row.actorId === null ? '系统规则' : nameOf(row.actorId),
      at: row.at.toISOString(),
    })),
  };
}
