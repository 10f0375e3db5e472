import { asc, count, eq, sql } from 'drizzle-orm';
import { requirePermission, type RequestContext } from '../access/access';
import { dataScopes, permissionCodes, scopedResources } from '../access/permissions';
import { diffChanges, recordAudit } from '../audit/audit.service';
import type { DbOrTx } from '../db/client';
import type { Deps } from '../deps';
import { AppError, fieldError } from '../errors';
import type { CreateRoleBody, Role, UpdateRoleBody } from './org.schema';
import { roles, userRoles } from './org.table';

type RoleRow = typeof roles.$inferSelect;

const resourceCodes = new Set<string>(scopedResources.map((r) => r.code));

function toRole(row: RoleRow, userCount: number): Role {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    description: row.description,
    builtIn: row.builtIn,
    permissions: row.permissions,
    dataScopes: row.dataScopes as Role['dataScopes'],
    userCount,
  };
}

const userCountSql = sql<number>`(SELECT count(*)::int FROM user_roles ur WHERE ur.role_id = "roles"."id")`;

export async function listRoles(deps: Deps, ctx: RequestContext): Promise<Role[]> {
  requirePermission(ctx.actor, 'role:read');
  const rows = await deps.db.select({ role: roles, userCount: userCountSql }).from(roles).orderBy(asc(roles.id));
  return rows.map((r) => toRole(r.role, Number(r.userCount)));
}

async function loadRole(db: DbOrTx, id: number): Promise<Role> {
  const [row] = await db.select({ role: roles, userCount: userCountSql }).from(roles).where(eq(roles.id, id));
  if (!row) throw new AppError('NOT_FOUND', '角色不存在');
  return toRole(row.role, Number(row.userCount));
}

function checkGrants(permissions: string[] | undefined, scopes: Record<string, string> | undefined) {
  const unknown = (permissions ?? []).filter((p) => !permissionCodes.has(p));
  if (unknown.length) {
    const message = `未知的权限：${unknown.join('、')}`;
    throw fieldError('permissions', message);
  }
  for (const [resource, scope] of Object.entries(scopes ?? {})) {
    if (!resourceCodes.has(resource) || !(dataScopes as readonly string[]).includes(scope)) {
      const message = `未知的数据范围：${resource}`;
      throw fieldError('dataScopes', message);
    }
  }
}

const auditedFields: (keyof RoleRow)[] = ['code', 'name', 'description', 'permissions', 'dataScopes'];

export async function createRole(deps: Deps, ctx: RequestContext, body: CreateRoleBody): Promise<Role> {
  requirePermission(ctx.actor, 'role:manage');
  checkGrants(body.permissions, body.dataScopes);
  return deps.db.transaction(async (tx) => {
    const [clash] = await tx.select({ id: roles.id }).from(roles).where(eq(roles.code, body.code));
    if (clash) throw new AppError('DUPLICATE', `角色编码 ${body.code} 已存在`, { reason: 'role.duplicate_code', fields: [{ field: 'code', message: `角色编码 ${body.code} 已存在` }] });
    const now = deps.clock.now();
    const [created] = await tx
      .insert(roles)
      .values({
        code: body.code,
        name: body.name,
        description: body.description ?? '',
        permissions: [...new Set(body.permissions)],
        dataScopes: body.dataScopes,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordAudit(tx, deps.clock, ctx, {
      action: 'create',
      entityType: 'role',
      entityId: created!.id,
      summary: `新建角色「${body.name}」`,
      changes: diffChanges(null, created!, auditedFields),
    });
    return loadRole(tx, created!.id);
  });
}

export async function updateRole(deps: Deps, ctx: RequestContext, id: number, body: UpdateRoleBody): Promise<Role> {
  requirePermission(ctx.actor, 'role:manage');
  checkGrants(body.permissions, body.dataScopes);
  return deps.db.transaction(async (tx) => {
    const [before] = await tx.select().from(roles).where(eq(roles.id, id));
    if (!before) throw new AppError('NOT_FOUND', '角色不存在');
    // The administrator role always keeps every permission, so nobody can lock the system out.
    if (before.code === 'admin' && (body.permissions !== undefined || body.dataScopes !== undefined)) {
      throw new AppError('CONFLICT', '系统管理员角色的权限和数据范围不可修改', { reason: 'role.admin_locked' });
    }
    const [after] = await tx
      .update(roles)
      .set({
        name: body.name,
        description: body.description,
        permissions: body.permissions ? [...new Set(body.permissions)] : undefined,
        dataScopes: body.dataScopes,
        updatedAt: deps.clock.now(),
      })
      .where(eq(roles.id, id))
      .returning();
    await recordAudit(tx, deps.clock, ctx, {
      action: 'update',
      entityType: 'role',
      entityId: id,
      summary: `修改角色「${after!.name}」`,
      changes: diffChanges(before, after!, auditedFields),
    });
    return loadRole(tx, id);
  });
}

export async function deleteRole(deps: Deps, ctx: RequestContext, id: number): Promise<void> {
  requirePermission(ctx.actor, 'role:manage');
  await deps.db.transaction(async (tx) => {
    const [role] = await tx.select().from(roles).where(eq(roles.id, id));
    if (!role) throw new AppError('NOT_FOUND', '角色不存在');
    if (role.builtIn) throw new AppError('CONFLICT', `「${role.name}」是内置角色，不能删除`, { reason: 'role.built_in' });
    const [members] = await tx.select({ n: count() }).from(userRoles).where(eq(userRoles.roleId, id));
    if (Number(members?.n) > 0) throw new AppError('CONFLICT', `仍有 ${members!.n} 名用户使用角色「${role.name}」，请先调整`, { reason: 'role.in_use' });
    await tx.delete(roles).where(eq(roles.id, id));
    await recordAudit(tx, deps.clock, ctx, {
      action: 'delete',
      entityType: 'role',
      entityId: id,
      summary: `删除角色「${role.name}」`,
      changes: diffChanges(role, null, auditedFields),
    });
  });
}
