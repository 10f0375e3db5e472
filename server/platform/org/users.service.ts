import { roleDisplayName } from '../access/permissions';
import { and, eq, ilike, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import { requirePermission, scopeOf, type Actor, type RequestContext } from '../access/access';
import { canViewSensitive, maskFields, type SensitiveFields } from '../access/masking';

import { diffChanges, recordAudit, recordAuditNow } from '../audit/audit.service';
import { revokeUserSessions } from '../auth/auth.service';
import { checkPasswordPolicy, generatePassword, hashPassword } from '../auth/password';
import type { DbOrTx } from '../db/client';
import { selectPage } from '../db/paging';
import type { Deps } from '../deps';
import { AppError, fieldError } from '../errors';
import { likePattern, orderByFrom } from '../http/pagination';
import { getVisibleOrgUnit } from './org-units.service';
import type { CreateUserBody, ListUsersQuery, UpdateUserBody, User } from './org.schema';
import { orgUnits, roles, userRoles, users } from './org.table';

/** R-PLT-04: a user's own contact details. */
export const userSensitiveFields: SensitiveFields = { mobile: 'mobile', email: 'email' };

type UserRow = typeof users.$inferSelect;

/** Users visible under the actor's `org` scope: `self` sees only themself. */
function userScope(actor: Actor): SQL | undefined {
  const scope = scopeOf(actor, 'org');
  if (scope === 'all') return undefined;
  if (scope === 'unit_tree') return like(orgUnits.path, `${actor.unitPath}%`);
  if (scope === 'unit') return eq(users.unitId, actor.unitId);
  return eq(users.id, actor.userId);
}

const userColumns = {
  user: users,
  unitName: orgUnits.name,
};

async function rolesOf(db: DbOrTx, userIds: number[]) {
  if (userIds.length === 0) return new Map<number, { id: number; code: string; name: string }[]>();
  const rows = await db
    .select({ userId: userRoles.userId, id: roles.id, code: roles.code, name: roles.name })
    .from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(inArray(userRoles.userId, userIds))
    .orderBy(roles.id);
  const map = new Map<number, { id: number; code: string; name: string }[]>();
  for (const row of rows) {
    const list = map.get(row.userId) ?? [];
    list.push({ id: row.id, code: row.code, name: roleDisplayName(row.code, row.name) });
    map.set(row.userId, list);
  }
  return map;
}

function toUser(actor: Actor, row: UserRow, unitName: string, roleList: User['roles']): User {
  const user: User = {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    unitId: row.unitId,
    unitName,
    mobile: row.mobile,
    email: row.email,
    status: row.status as User['status'],
    roles: roleList,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    mustChangePassword: row.mustChangePassword,
  };
  return maskFields(actor, user, userSensitiveFields);
}

export async function listUsers(deps: Deps, ctx: RequestContext, query: ListUsersQuery) {
  const actor = requirePermission(ctx.actor, 'user:read');
  const conditions: (SQL | undefined)[] = [userScope(actor)];
  if (query.q) {
    const pattern = likePattern(query.q);
    conditions.push(or(ilike(users.username, pattern), ilike(users.displayName, pattern)));
  }
  if (query.unitId) {
    const unit = await getVisibleOrgUnit(deps.db, actor, query.unitId, 'unitId');
    conditions.push(like(orgUnits.path, `${unit.path}%`));
  }
  if (query.status) conditions.push(eq(users.status, query.status));
  const where = and(...conditions);
  const orderBy = orderByFrom(
    query.sort,
    { createdAt: users.createdAt, username: users.username, displayName: users.displayName, lastLoginAt: users.lastLoginAt },
    sql`${users.id} desc`,
  );
  const { rows, ...counted } = await selectPage(deps.db, query, {
    rows: (limit, offset) =>
      deps.db
        .select(userColumns)
        .from(users)
        .innerJoin(orgUnits, eq(orgUnits.id, users.unitId))
        .where(where)
        .orderBy(...orderBy)
        .limit(limit)
        .offset(offset),
    matching: deps.db.select({ one: sql`1` }).from(users).innerJoin(orgUnits, eq(orgUnits.id, users.unitId)).where(where).$dynamic(),
  });
  const roleMap = await rolesOf(deps.db, rows.map((r) => r.user.id));
  const unmasked = rows.filter((r) => r.user.mobile || r.user.email);
  if (canViewSensitive(actor) && unmasked.length) {
    // R-PLT-11: viewing unmasked sensitive fields is an access event.
    await recordAuditNow(deps.db, deps.clock, ctx, {
      action: 'view_sensitive',
      entityType: 'user',
      summary: `查看用户列表（含手机号/邮箱明文 ${unmasked.length} 条：${unmasked.slice(0, 5).map((r) => r.user.username).join('、')}${unmasked.length > 5 ? '…' : ''}）`,
    });
  }
  return {
    items: rows.map((r) => toUser(actor, r.user, r.unitName, roleMap.get(r.user.id) ?? [])),
    ...counted,
  };
}

async function getVisibleUserRow(db: DbOrTx, actor: Actor, id: number) {
  const [row] = await db
    .select(userColumns)
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.unitId))
    .where(and(eq(users.id, id), userScope(actor)));
  if (!row) throw new AppError('NOT_FOUND', '用户不存在或无权查看');
  return row;
}

async function loadUser(db: DbOrTx, actor: Actor, id: number): Promise<User> {
  const row = await getVisibleUserRow(db, actor, id);
  const roleMap = await rolesOf(db, [id]);
  return toUser(actor, row.user, row.unitName, roleMap.get(id) ?? []);
}

export async function getUser(deps: Deps, ctx: RequestContext, id: number): Promise<User> {
  const actor = requirePermission(ctx.actor, 'user:read');
  const user = await loadUser(deps.db, actor, id);
  if (canViewSensitive(actor) && (user.mobile || user.email)) {
    await recordAuditNow(deps.db, deps.clock, ctx, {
      action: 'view_sensitive',
      entityType: 'user',
      entityId: id,
      summary: `查看用户 ${user.username} 的手机号/邮箱明文`,
    });
  }
  return user;
}

/**
 * Roles must exist, and an actor may only hand out roles whose permissions they hold
 * themselves — no privilege escalation through user management.
 */
async function checkAssignableRoles(db: DbOrTx, actor: Actor, roleIds: number[]) {
  const unique = [...new Set(roleIds)];
  if (unique.length === 0) return unique;
  const found = await db.select().from(roles).where(inArray(roles.id, unique));
  if (found.length !== unique.length) {
    throw fieldError('roleIds', '所选角色不存在');
  }
  for (const role of found) {
    const missing = role.permissions.filter((p) => !actor.permissions.has(p));
    if (missing.length) {
      const message = `不能分配角色「${role.name}」：它包含您本人没有的权限`;
      throw new AppError('FORBIDDEN', message, { reason: 'role.grant_beyond_own', fields: [{ field: 'roleIds', message }] });
    }
  }
  return unique;
}

const auditedFields: (keyof UserRow | 'roles')[] = ['username', 'displayName', 'unitId', 'mobile', 'email', 'status'];

export async function createUser(deps: Deps, ctx: RequestContext, body: CreateUserBody): Promise<User> {
  const actor = requirePermission(ctx.actor, 'user:manage');
  checkPasswordPolicy(body.password, 'password', body.username);
  const passwordHash = await hashPassword(body.password);
  return deps.db.transaction(async (tx) => {
    await getVisibleOrgUnit(tx, actor, body.unitId, 'unitId');
    const roleIds = await checkAssignableRoles(tx, actor, body.roleIds);
    const [clash] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = ${body.username.toLowerCase()}`);
    if (clash) {
      const message = `登录名 ${body.username} 已被使用`;
      throw new AppError('DUPLICATE', message, { reason: 'user.duplicate_username', fields: [{ field: 'username', message }] });
    }
    const now = deps.clock.now();
    const [created] = await tx
      .insert(users)
      .values({
        username: body.username,
        displayName: body.displayName,
        unitId: body.unitId,
        mobile: body.mobile ?? null,
        email: body.email ?? null,
        passwordHash,
        // The administrator chose this password; the user sets their own at first sign-in.
        mustChangePassword: true,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (roleIds.length) await tx.insert(userRoles).values(roleIds.map((roleId) => ({ userId: created!.id, roleId })));
    await recordAudit(tx, deps.clock, ctx, {
      action: 'create',
      entityType: 'user',
      entityId: created!.id,
      summary: `新建用户 ${body.username}（${body.displayName}）`,
      changes: diffChanges(null, { ...created!, roles: roleIds }, [...auditedFields, 'roles'], ['mobile']),
    });
    return loadUser(tx, actor, created!.id);
  });
}

export async function updateUser(deps: Deps, ctx: RequestContext, id: number, body: UpdateUserBody): Promise<User> {
  const actor = requirePermission(ctx.actor, 'user:manage');
  return deps.db.transaction(async (tx) => {
    const before = (await getVisibleUserRow(tx, actor, id)).user;
    if (body.unitId !== undefined) await getVisibleOrgUnit(tx, actor, body.unitId, 'unitId');
    const beforeRoles = (await rolesOf(tx, [id])).get(id)?.map((r) => r.id) ?? [];
    let afterRoles = beforeRoles;
    if (body.roleIds !== undefined) {
      afterRoles = await checkAssignableRoles(tx, actor, body.roleIds);
      if (id === actor.userId && !afterRoles.length) {
        throw fieldError('roleIds', '不能移除自己的全部角色');
      }
      await tx.delete(userRoles).where(eq(userRoles.userId, id));
      if (afterRoles.length) await tx.insert(userRoles).values(afterRoles.map((roleId) => ({ userId: id, roleId })));
    }
    const [after] = await tx
      .update(users)
      .set({
        displayName: body.displayName,
        unitId: body.unitId,
        mobile: body.mobile,
        email: body.email,
        updatedAt: deps.clock.now(),
      })
      .where(eq(users.id, id))
      .returning();
    await recordAudit(tx, deps.clock, ctx, {
      action: 'update',
      entityType: 'user',
      entityId: id,
      summary: `修改用户 ${before.username}`,
      changes: diffChanges({ ...before, roles: beforeRoles }, { ...after!, roles: afterRoles }, [...auditedFields, 'roles'], ['mobile']),
    });
    return loadUser(tx, actor, id);
  });
}

/** Disabling ends the user's sessions at once (R-SEC-02); users are never deleted (R-PLT-05). */
export async function setUserStatus(deps: Deps, ctx: RequestContext, id: number, status: 'active' | 'disabled'): Promise<User> {
  const actor = requirePermission(ctx.actor, 'user:manage');
  if (id === actor.userId && status === 'disabled') throw new AppError('CONFLICT', '不能停用自己的账号', { reason: 'user.disable_self' });
  return deps.db.transaction(async (tx) => {
    const before = (await getVisibleUserRow(tx, actor, id)).user;
    await tx
      .update(users)
      .set({ status, updatedAt: deps.clock.now(), failedLoginCount: 0, lockedUntil: null })
      .where(eq(users.id, id));
    if (status === 'disabled') await revokeUserSessions(tx, id);
    await recordAudit(tx, deps.clock, ctx, {
      action: 'update',
      entityType: 'user',
      entityId: id,
      summary: `${status === 'disabled' ? '停用' : '启用'}用户 ${before.username}`,
      changes: { status: { before: before.status, after: status } },
    });
    return loadUser(tx, actor, id);
  });
}

/** Admin reset: a random temporary password the user must change at next sign-in. */
export async function resetUserPassword(deps: Deps, ctx: RequestContext, id: number): Promise<{ temporaryPassword: string }> {
  const actor = requirePermission(ctx.actor, 'user:manage');
  const temporaryPassword = generatePassword();
  const passwordHash = await hashPassword(temporaryPassword);
  await deps.db.transaction(async (tx) => {
    const before = (await getVisibleUserRow(tx, actor, id)).user;
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: true, failedLoginCount: 0, lockedUntil: null, updatedAt: deps.clock.now() })
      .where(eq(users.id, id));
    await revokeUserSessions(tx, id);
    await recordAudit(tx, deps.clock, ctx, {
      action: 'password_reset',
      entityType: 'user',
      entityId: id,
      summary: `重置用户 ${before.username} 的密码`,
    });
  });
  return { temporaryPassword };
}
