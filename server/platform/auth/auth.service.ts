import { and, eq, lt, ne, or, sql } from 'drizzle-orm';
import { createHash, randomBytes } from 'node:crypto';
import { mergeScopes, type Actor, type RequestContext } from '../access/access';
import { recordAudit, recordAuditNow } from '../audit/audit.service';
import type { Deps } from '../deps';
import { AppError, fieldError } from '../errors';
import { orgUnits, roles, userRoles, users } from '../org/org.table';
import { cachedSession, forgetAllSessions, forgetSession, rememberSession } from './actor-cache';
import { sessions, unknownLoginFailures } from './auth.table';
import { checkPasswordPolicy, dummyPasswordHash, hashPassword, verifyPassword } from './password';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export interface LoginResult {
  token: string;
  csrfToken: string;
  actor: Actor;
}

function formatTime(date: Date): string {
  return date.toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false });
}

const lockedError = (until: Date) =>
  new AppError('AUTH_LOCKED', `密码连续错误 ${MAX_FAILED_LOGINS} 次，账号已锁定，请于 ${formatTime(until)} 后再试`);
const invalidError = (failures: number) =>
  new AppError('AUTH_INVALID_CREDENTIALS', `用户名或密码错误，再错 ${MAX_FAILED_LOGINS - failures} 次账号将锁定 ${LOCK_MINUTES} 分钟`);

/**
 * R-SEC-03: a name that does not exist is counted and locked exactly like a real account (same
 * status, message and lock), so the sign-in form never tells which names exist.
 */
async function failUnknownUser(deps: Deps, ctx: RequestContext, username: string, now: Date): Promise<never> {
  const { db, clock } = deps;
  const usernameKey = username.toLowerCase().slice(0, 200);
  const outcome = await db.transaction(async (tx) => {
    const [row] = await tx.select().from(unknownLoginFailures).where(eq(unknownLoginFailures.usernameKey, usernameKey)).for('update');
    if (row?.lockedUntil && row.lockedUntil > now) return { locked: row.lockedUntil, failures: MAX_FAILED_LOGINS, alreadyLocked: true };
    const failures = (row?.lockedUntil ? 0 : (row?.failedCount ?? 0)) + 1;
    const locks = failures >= MAX_FAILED_LOGINS;
    const lockedUntil = locks ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : null;
    const values = { failedCount: locks ? 0 : failures, lockedUntil, updatedAt: now };
    await tx
      .insert(unknownLoginFailures)
      .values({ usernameKey, ...values })
      .onConflictDoUpdate({ target: unknownLoginFailures.usernameKey, set: values });
    return { locked: lockedUntil, failures, alreadyLocked: false };
  });
  await recordAuditNow(db, clock, ctx, {
    action: 'login_failed',
    entityType: 'user',
    actorId: null,
    actorName: username.slice(0, 64),
    summary: outcome.alreadyLocked ? '登录失败：用户不存在（锁定中）' : outcome.locked ? `登录失败：用户不存在，已连续 ${MAX_FAILED_LOGINS} 次，锁定 ${LOCK_MINUTES} 分钟` : '登录失败：用户不存在',
  });
  throw outcome.locked ? lockedError(outcome.locked) : invalidError(outcome.failures);
}

/** R-SEC-01…03: argon2id check, lockout after 5 failures for 15 minutes, every attempt logged. */
export async function login(deps: Deps, ctx: RequestContext, username: string, password: string): Promise<LoginResult> {
  const { db, clock } = deps;
  const now = clock.now();
  const [user] = await db.select().from(users).where(sql`lower(${users.username}) = ${username.toLowerCase()}`);
  if (!user) {
    await verifyPassword(await dummyPasswordHash(), password);
    return failUnknownUser(deps, ctx, username, now);
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    // The same work as a password check, so a lock cannot be told apart by its speed either.
    await verifyPassword(await dummyPasswordHash(), password);
    await recordAuditNow(db, clock, ctx, {
      action: 'login_failed',
      entityType: 'user',
      entityId: user.id,
      actorId: user.id,
      actorName: user.displayName,
      summary: '登录失败：账号锁定中',
    });
    throw lockedError(user.lockedUntil);
  }
  const valid = await verifyPassword(user.passwordHash, password);
  if (!valid) {
    const failures = user.failedLoginCount + 1;
    const locks = failures >= MAX_FAILED_LOGINS;
    const lockedUntil = locks ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : null;
    await db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({ failedLoginCount: locks ? 0 : failures, lockedUntil })
        .where(eq(users.id, user.id));
      await recordAudit(tx, clock, ctx, {
        action: 'login_failed',
        entityType: 'user',
        entityId: user.id,
        actorId: user.id,
        actorName: user.displayName,
        summary: locks ? `登录失败：密码错误，已连续 ${MAX_FAILED_LOGINS} 次，账号锁定 ${LOCK_MINUTES} 分钟` : `登录失败：密码错误（第 ${failures} 次）`,
      });
    });
    throw locks ? lockedError(lockedUntil!) : invalidError(failures);
  }
  if (user.status !== 'active') {
    await recordAuditNow(db, clock, ctx, {
      action: 'login_failed',
      entityType: 'user',
      entityId: user.id,
      actorId: user.id,
      actorName: user.displayName,
      summary: '登录失败：账号已停用',
    });
    throw new AppError('AUTH_INVALID_CREDENTIALS', '账号已停用，请联系系统管理员');
  }

  // A new random token at every login (R-SEC-02); only its hash is stored.
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const sessionId = sha256(token);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: now }).where(eq(users.id, user.id));
    await tx.insert(sessions).values({
      id: sessionId,
      userId: user.id,
      csrfToken,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + deps.config.sessionAbsoluteHours * 3_600_000),
      ip: ctx.ip ?? null,
      userAgent: ctx.userAgent?.slice(0, 300) ?? null,
    });
    await recordAudit(tx, clock, ctx, {
      action: 'login',
      entityType: 'user',
      entityId: user.id,
      actorId: user.id,
      actorName: user.displayName,
      summary: '登录成功',
    });
  });
  const actor = await loadActor(deps, user.id, sessionId);
  return { token, csrfToken, actor: actor! };
}

/** Builds the actor (permissions, merged scopes, unit path) for a user; undefined if inactive. */
export async function loadActor(deps: Pick<Deps, 'db'>, userId: number, sessionId?: string): Promise<Actor | undefined> {
  const [row] = await deps.db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      unitId: users.unitId,
      unitPath: orgUnits.path,
      status: users.status,
      mustChangePassword: users.mustChangePassword,
    })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.unitId))
    .where(eq(users.id, userId));
  if (!row || row.status !== 'active') return undefined;
  const roleRows = await deps.db
    .select({ code: roles.code, permissions: roles.permissions, dataScopes: roles.dataScopes })
    .from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(eq(userRoles.userId, userId));
  return actorFrom(row, roleRows, sessionId);
}

interface RoleGrant {
  code: string;
  permissions: string[];
  dataScopes: Record<string, string>;
}

function actorFrom(
  user: { id: number; username: string; displayName: string; unitId: number; unitPath: string; mustChangePassword: boolean },
  roleRows: RoleGrant[],
  sessionId: string | undefined,
): Actor {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    unitId: user.unitId,
    unitPath: user.unitPath,
    roleCodes: roleRows.map((r) => r.code),
    permissions: new Set(roleRows.flatMap((r) => r.permissions)),
    scopes: mergeScopes(roleRows.map((r) => r.dataScopes)),
    sessionId,
    mustChangePassword: user.mustChangePassword,
  };
}

export interface ResolvedSession {
  actor: Actor;
  csrfToken: string;
}

/**
 * Checks a session token: idle (30 min) and absolute (12 h) timeouts; a disabled user's
 * sessions are already gone, and the user check here is a second guard.
 */
export async function resolveSession(deps: Deps, token: string): Promise<ResolvedSession> {
  const { db, clock, config } = deps;
  const now = clock.now();
  const sessionId = sha256(token);
  const cached = cachedSession(sessionId);
  // A cached actor serves while its session was touched within the minute (and so is neither
  // idle nor due for a touch) and has not reached its absolute end.
  if (cached && cached.expiresAt > now && now.getTime() - cached.lastSeenAt.getTime() <= 60_000) return { actor: cached.actor, csrfToken: cached.csrfToken };
  if (cached) forgetSession(sessionId);
  // One round trip per request: session, user, unit and roles together (this runs on every call).
  const [row] = await db
    .select({
      userId: sessions.userId,
      csrfToken: sessions.csrfToken,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      username: users.username,
      displayName: users.displayName,
      unitId: users.unitId,
      unitPath: orgUnits.path,
      status: users.status,
      mustChangePassword: users.mustChangePassword,
      roles: sql<RoleGrant[]>`(
        SELECT coalesce(jsonb_agg(jsonb_build_object('code', r.code, 'permissions', r.permissions, 'dataScopes', r.data_scopes)), '[]'::jsonb)
        FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = ${sessions.userId})`,
    })
    .from(sessions)
    .leftJoin(users, eq(users.id, sessions.userId))
    .leftJoin(orgUnits, eq(orgUnits.id, users.unitId))
    .where(eq(sessions.id, sessionId));
  if (!row) throw new AppError('AUTH_REQUIRED');
  const idleLimit = new Date(row.lastSeenAt.getTime() + config.sessionIdleMinutes * 60_000);
  if (row.expiresAt <= now || idleLimit <= now) {
    await db.delete(sessions).where(eq(sessions.id, sessionId));
    throw new AppError('AUTH_SESSION_EXPIRED');
  }
  if (row.status !== 'active' || row.username === null || row.unitId === null || row.unitPath === null) {
    await db.delete(sessions).where(eq(sessions.userId, row.userId));
    throw new AppError('AUTH_SESSION_EXPIRED');
  }
  // Touch at most once a minute to keep reads cheap.
  let lastSeenAt = row.lastSeenAt;
  if (now.getTime() - row.lastSeenAt.getTime() > 60_000) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, sessionId));
    lastSeenAt = now;
  }
  const actor = actorFrom(
    { id: row.userId, username: row.username, displayName: row.displayName ?? row.username, unitId: row.unitId, unitPath: row.unitPath, mustChangePassword: row.mustChangePassword ?? false },
    row.roles,
    sessionId,
  );
  rememberSession(sessionId, { actor, csrfToken: row.csrfToken, lastSeenAt, expiresAt: row.expiresAt });
  return { actor, csrfToken: row.csrfToken };
}

export async function logout(deps: Deps, ctx: RequestContext): Promise<void> {
  const actor = ctx.actor;
  if (!actor?.sessionId) return;
  await deps.db.transaction(async (tx) => {
    await tx.delete(sessions).where(eq(sessions.id, actor.sessionId!));
    forgetSession(actor.sessionId!);
    await recordAudit(tx, deps.clock, ctx, { action: 'logout', entityType: 'user', entityId: actor.userId, summary: '退出登录' });
  });
}

/** Ends every session of a user (disabling, password reset); inside the caller's transaction. */
export async function revokeUserSessions(tx: Deps['db'], userId: number, exceptSessionId?: string): Promise<void> {
  forgetAllSessions();
  await tx
    .delete(sessions)
    .where(exceptSessionId ? and(eq(sessions.userId, userId), ne(sessions.id, exceptSessionId)) : eq(sessions.userId, userId));
}

export async function changeOwnPassword(
  deps: Deps,
  ctx: RequestContext,
  currentPassword: string,
  newPassword: string,
): Promise<void> {
  const actor = ctx.actor;
  if (!actor) throw new AppError('AUTH_REQUIRED');
  const [user] = await deps.db.select().from(users).where(eq(users.id, actor.userId));
  if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
    throw fieldError('currentPassword', '当前密码不正确');
  }
  checkPasswordPolicy(newPassword, 'newPassword', user.username);
  if (await verifyPassword(user.passwordHash, newPassword)) {
    const message = '新密码不能与当前密码相同';
    throw new AppError('PASSWORD_POLICY', message, [{ field: 'newPassword', message }]);
  }
  const passwordHash = await hashPassword(newPassword);
  await deps.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false, passwordChangedAt: deps.clock.now(), updatedAt: deps.clock.now() })
      .where(eq(users.id, user.id));
    await revokeUserSessions(tx, user.id, actor.sessionId);
    await recordAudit(tx, deps.clock, ctx, {
      action: 'password_change',
      entityType: 'user',
      entityId: user.id,
      summary: '修改本人密码',
    });
  });
}

/** Deletes sessions that can no longer be used; run by a scheduled job. */
export async function purgeExpiredSessions(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const idleCutoff = new Date(now.getTime() - deps.config.sessionIdleMinutes * 60_000);
  const deleted = await deps.db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, idleCutoff)))
    .returning({ id: sessions.id });
  // Failure counters of unknown names only matter while they could still add up to a lock.
  await deps.db
    .delete(unknownLoginFailures)
    .where(and(lt(unknownLoginFailures.updatedAt, new Date(now.getTime() - 86_400_000)), or(sql`${unknownLoginFailures.lockedUntil} IS NULL`, lt(unknownLoginFailures.lockedUntil, now))));
  return deleted.length;
}
