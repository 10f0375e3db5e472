import { and, asc, count, eq, like, sql } from 'drizzle-orm';
import { requirePermission, scopeOf, type Actor, type RequestContext } from '../access/access';
import { diffChanges, recordAudit } from '../audit/audit.service';
import type { DbOrTx } from '../db/client';
import type { Deps } from '../deps';
import { AppError, fieldError } from '../errors';
import type { CreateOrgUnitBody, OrgUnit, UpdateOrgUnitBody } from './org.schema';
import { orgUnits, users } from './org.table';

type OrgUnitRow = typeof orgUnits.$inferSelect;

/** Which units an actor may see under the `org` scope. */
export function orgUnitScope(actor: Actor) {
  const scope = scopeOf(actor, 'org');
  if (scope === 'all') return undefined;
  if (scope === 'unit_tree') return like(orgUnits.path, `${actor.unitPath}%`);
  return eq(orgUnits.id, actor.unitId);
}

function unitVisible(actor: Actor, unit: OrgUnitRow): boolean {
  const scope = scopeOf(actor, 'org');
  if (scope === 'all') return true;
  if (scope === 'unit_tree') return unit.path.startsWith(actor.unitPath);
  return unit.id === actor.unitId;
}

export async function findOrgUnit(db: DbOrTx, id: number): Promise<OrgUnitRow | undefined> {
  const [row] = await db.select().from(orgUnits).where(eq(orgUnits.id, id));
  return row;
}

/** A unit the actor may see, or 404 — out-of-scope ids look exactly like missing ones. */
export async function getVisibleOrgUnit(db: DbOrTx, actor: Actor, id: number, field?: string): Promise<OrgUnitRow> {
  const unit = await findOrgUnit(db, id);
  if (!unit || !unitVisible(actor, unit)) {
    if (field) throw new AppError('VALIDATION_FAILED', '所选组织机构不存在或无权使用', [{ field, message: '所选组织机构不存在或无权使用' }]);
    throw new AppError('NOT_FOUND', '组织机构不存在或无权查看');
  }
  return unit;
}

export async function listOrgUnits(deps: Deps, actor: Actor): Promise<OrgUnit[]> {
  const manager = sql<string | null>`(SELECT display_name FROM users m WHERE m.id = ${orgUnits.managerId})`;
  const userCount = sql<number>`(SELECT count(*)::int FROM users u WHERE u.unit_id = "org_units"."id")`;
  const rows = await deps.db
    .select({ unit: orgUnits, managerName: manager, userCount })
    .from(orgUnits)
    .where(orgUnitScope(actor))
    .orderBy(asc(orgUnits.sortOrder), asc(orgUnits.id));
  return rows.map((r) => toOrgUnit(r.unit, r.managerName, Number(r.userCount)));
}

function toOrgUnit(unit: OrgUnitRow, managerName: string | null, userCount: number): OrgUnit {
  return {
    id: unit.id,
    parentId: unit.parentId,
    name: unit.name,
    code: unit.code,
    kind: unit.kind as OrgUnit['kind'],
    managerId: unit.managerId,
    managerName,
    sortOrder: unit.sortOrder,
    userCount,
  };
}

async function loadOrgUnit(db: DbOrTx, id: number): Promise<OrgUnit> {
  const [row] = await db
    .select({
      unit: orgUnits,
      managerName: sql<string | null>`(SELECT display_name FROM users m WHERE m.id = ${orgUnits.managerId})`,
      userCount: sql<number>`(SELECT count(*)::int FROM users u WHERE u.unit_id = "org_units"."id")`,
    })
    .from(orgUnits)
    .where(eq(orgUnits.id, id));
  if (!row) throw new AppError('NOT_FOUND');
  return toOrgUnit(row.unit, row.managerName, Number(row.userCount));
}

async function assertCodeFree(db: DbOrTx, code: string, exceptId?: number) {
  const [clash] = await db.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.code, code));
  if (clash && clash.id !== exceptId) {
    const message = `编码 ${code} 已被「${clash.name}」使用`;
    throw new AppError('DUPLICATE', message, { reason: 'org_unit.duplicate_code', fields: [{ field: 'code', message }] });
  }
}

async function assertManager(db: DbOrTx, managerId: number | null | undefined) {
  if (managerId === null || managerId === undefined) return;
  const [manager] = await db.select({ id: users.id }).from(users).where(eq(users.id, managerId));
  if (!manager) throw fieldError('managerId', '负责人不存在');
}

const auditedFields: (keyof OrgUnitRow)[] = ['name', 'code', 'parentId', 'kind', 'managerId', 'sortOrder'];

export async function createOrgUnit(deps: Deps, ctx: RequestContext, body: CreateOrgUnitBody): Promise<OrgUnit> {
  const actor = requirePermission(ctx.actor, 'org:manage');
  return deps.db.transaction(async (tx) => {
    let parentPath = '/';
    if (body.parentId === null) {
      if (scopeOf(actor, 'org') !== 'all') throw new AppError('FORBIDDEN', '只有全公司范围的管理员可以新建顶级机构', { reason: 'org_unit.top_level_needs_all_scope' });
    } else {
      const parent = await getVisibleOrgUnit(tx, actor, body.parentId, 'parentId');
      parentPath = parent.path;
    }
    await assertCodeFree(tx, body.code);
    await assertManager(tx, body.managerId);
    const now = deps.clock.now();
    const [created] = await tx
      .insert(orgUnits)
      .values({
        name: body.name,
        code: body.code,
        parentId: body.parentId,
        kind: body.kind,
        managerId: body.managerId ?? null,
        sortOrder: body.sortOrder ?? 0,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const path = `${parentPath}${created!.id}/`;
    await tx.update(orgUnits).set({ path }).where(eq(orgUnits.id, created!.id));
    await recordAudit(tx, deps.clock, ctx, {
      action: 'create',
      entityType: 'org_unit',
      entityId: created!.id,
      summary: `新建组织机构「${body.name}」`,
      changes: diffChanges(null, created!, auditedFields),
    });
    return loadOrgUnit(tx, created!.id);
  });
}

export async function updateOrgUnit(deps: Deps, ctx: RequestContext, id: number, body: UpdateOrgUnitBody): Promise<OrgUnit> {
  const actor = requirePermission(ctx.actor, 'org:manage');
  return deps.db.transaction(async (tx) => {
    const unit = await getVisibleOrgUnit(tx, actor, id);
    if (body.code !== undefined) await assertCodeFree(tx, body.code, id);
    await assertManager(tx, body.managerId);
    let newPath = unit.path;
    if (body.parentId !== undefined && body.parentId !== unit.parentId) {
      if (body.parentId === null) {
        if (scopeOf(actor, 'org') !== 'all') throw new AppError('FORBIDDEN', '只有全公司范围的管理员可以设置顶级机构', { reason: 'org_unit.top_level_needs_all_scope' });
        newPath = `/${id}/`;
      } else {
        const parent = await getVisibleOrgUnit(tx, actor, body.parentId, 'parentId');
        if (parent.path.startsWith(unit.path)) {
          const message = '不能把机构移到它自己或它的下级机构之下';
          throw fieldError('parentId', message);
        }
        newPath = `${parent.path}${id}/`;
      }
    }
    const [updated] = await tx
      .update(orgUnits)
      .set({
        name: body.name,
        code: body.code,
        kind: body.kind,
        parentId: body.parentId,
        managerId: body.managerId,
        sortOrder: body.sortOrder,
        updatedAt: deps.clock.now(),
      })
      .where(eq(orgUnits.id, id))
      .returning();
    if (newPath !== unit.path) {
      // Re-root the whole subtree in one statement.
      await tx.execute(
        sql`UPDATE org_units SET path = ${newPath} || substr(path, ${unit.path.length + 1}) WHERE path LIKE ${unit.path + '%'}`,
      );
    }
    const changes = diffChanges(unit, updated!, auditedFields);
    await recordAudit(tx, deps.clock, ctx, {
      action: 'update',
      entityType: 'org_unit',
      entityId: id,
      summary: `修改组织机构「${updated!.name}」`,
      changes,
    });
    return loadOrgUnit(tx, id);
  });
}

export async function deleteOrgUnit(deps: Deps, ctx: RequestContext, id: number): Promise<void> {
  const actor = requirePermission(ctx.actor, 'org:manage');
  await deps.db.transaction(async (tx) => {
    const unit = await getVisibleOrgUnit(tx, actor, id);
    const [children] = await tx.select({ n: count() }).from(orgUnits).where(eq(orgUnits.parentId, id));
    if (Number(children?.n) > 0) throw new AppError('CONFLICT', `「${unit.name}」下还有 ${children!.n} 个下级机构，请先删除或移走`, { reason: 'org_unit.has_children' });
    const [members] = await tx.select({ n: count() }).from(users).where(and(eq(users.unitId, id)));
    if (Number(members?.n) > 0) throw new AppError('CONFLICT', `「${unit.name}」下还有 ${members!.n} 名用户，请先调整他们的部门`, { reason: 'org_unit.has_users' });
    await tx.delete(orgUnits).where(eq(orgUnits.id, id));
    await recordAudit(tx, deps.clock, ctx, {
      action: 'delete',
      entityType: 'org_unit',
      entityId: id,
      summary: `删除组织机构「${unit.name}」`,
      changes: diffChanges(unit, null, auditedFields),
    });
  });
}
