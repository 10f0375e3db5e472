import { and, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { selectPage } from '../db/paging';
import { orgUnits, roles, userRoles, users } from '../org/org.table';
import { approvalActions, approvalFlows, approvalInstances } from './approvals.table';

export type ApprovalFlowRow = typeof approvalFlows.$inferSelect;
export type ApprovalInstanceRow = typeof approvalInstances.$inferSelect;
export type ApprovalActionRow = typeof approvalActions.$inferSelect;

export async function findFlowByType(db: DbOrTx, businessType: string): Promise<ApprovalFlowRow | undefined> {
  const [row] = await db.select().from(approvalFlows).where(eq(approvalFlows.businessType, businessType));
  return row;
}

export async function findFlow(db: DbOrTx, id: number): Promise<ApprovalFlowRow | undefined> {
  const [row] = await db.select().from(approvalFlows).where(eq(approvalFlows.id, id));
  return row;
}

export async function listFlowRows(db: DbOrTx): Promise<ApprovalFlowRow[]> {
  return db.select().from(approvalFlows).orderBy(approvalFlows.id);
}

export async function findInstance(db: DbOrTx, id: number): Promise<ApprovalInstanceRow | undefined> {
  const [row] = await db.select().from(approvalInstances).where(eq(approvalInstances.id, id));
  return row;
}

/** The instance row locked for this transaction: concurrent deciders queue here (R-PLT-22). */
export async function lockInstance(db: DbOrTx, id: number): Promise<ApprovalInstanceRow | undefined> {
  const [row] = await db.select().from(approvalInstances).where(eq(approvalInstances.id, id)).for('update');
  return row;
}

export async function actionsOf(db: DbOrTx, instanceId: number): Promise<ApprovalActionRow[]> {
  return db.select().from(approvalActions).where(eq(approvalActions.instanceId, instanceId)).orderBy(approvalActions.id);
}

/** Open (pending or returned) instances of one business record. */
export async function findOpenInstance(db: DbOrTx, businessType: string, businessId: string): Promise<ApprovalInstanceRow | undefined> {
  const [row] = await db
    .select()
    .from(approvalInstances)
    .where(
      and(
        eq(approvalInstances.businessType, businessType),
        eq(approvalInstances.businessId, businessId),
        inArray(approvalInstances.status, ['pending', 'returned']),
      ),
    )
    .limit(1);
  return row;
}

export async function countInstancesOfFlow(db: DbOrTx, flowId: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(approvalInstances).where(eq(approvalInstances.flowId, flowId));
  return Number(row?.n ?? 0);
}

export interface UserBrief {
  id: number;
  name: string;
  status: string;
  unitId: number;
}

export async function usersByIds(db: DbOrTx, ids: number[]): Promise<Map<number, UserBrief>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.displayName, status: users.status, unitId: users.unitId })
    .from(users)
    .where(inArray(users.id, unique));
  return new Map(rows.map((row) => [row.id, row]));
}

export async function unitNames(db: DbOrTx, ids: number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits).where(inArray(orgUnits.id, unique));
  return new Map(rows.map((row) => [row.id, row.name]));
}

export async function findRoleByCode(db: DbOrTx, code: string) {
  const [row] = await db.select().from(roles).where(eq(roles.code, code));
  return row;
}

/** Active users holding a role, by role code. */
export async function activeUserIdsWithRole(db: DbOrTx, roleCode: string): Promise<number[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(and(eq(roles.code, roleCode), eq(users.status, 'active')))
    .orderBy(users.id);
  return rows.map((row) => row.id);
}

export interface UnitChainEntry {
  id: number;
  name: string;
  managerId: number | null;
  managerActive: boolean;
}

/** The applicant's unit and its ancestors, nearest first, with their managers. */
export async function unitChain(db: DbOrTx, unitId: number): Promise<UnitChainEntry[]> {
  const [unit] = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, unitId));
  if (!unit) return [];
  const ids = unit.path
    .split('/')
    .filter(Boolean)
    .map(Number)
    .filter((id) => Number.isInteger(id));
  if (!ids.includes(unitId)) ids.push(unitId);
  const rows = await db
    .select({ id: orgUnits.id, name: orgUnits.name, managerId: orgUnits.managerId, managerStatus: users.status })
    .from(orgUnits)
    .leftJoin(users, eq(users.id, orgUnits.managerId))
    .where(inArray(orgUnits.id, ids));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids
    .reverse()
    .map((id) => byId.get(id))
    .filter((row): row is NonNullable<typeof row> => row !== undefined)
    .map((row) => ({ id: row.id, name: row.name, managerId: row.managerId, managerActive: row.managerStatus === 'active' }));
}

/** `steps[current_step].approverIds` contains the user: the instance waits for them. */
export function awaitingUser(userId: number): SQL {
  return sql`(${approvalInstances.steps} -> ${approvalInstances.currentStep} -> 'approverIds') @> jsonb_build_array(${userId}::int)`;
}

export async function pageInstances(db: DbOrTx, where: SQL | undefined, page: { page: number; pageSize: number }, orderBy: SQL[]) {
  const { rows, ...counted } = await selectPage(db, page, {
    rows: (limit, offset) =>
      db
        .select()
        .from(approvalInstances)
        .where(where)
        .orderBy(...orderBy)
        .limit(limit)
        .offset(offset),
    matching: db.select({ one: sql`1` }).from(approvalInstances).where(where).$dynamic(),
  });
  return { rows, ...counted };
}

export async function instancesOfBusinessRecord(db: DbOrTx, businessType: string, businessId: string) {
  return db
    .select()
    .from(approvalInstances)
    .where(and(eq(approvalInstances.businessType, businessType), eq(approvalInstances.businessId, businessId)))
    .orderBy(desc(approvalInstances.id))
    .limit(100);
}
