import { and, asc, count, eq, gte, ilike, isNull, or, sql } from 'drizzle-orm';
import { hasPermission, requireActor, scopeCondition, type Actor, type RequestContext } from '../../../platform/access/access';
import type { DbOrTx } from '../../../platform/db/client';
import { selectPage } from '../../../platform/db/paging';
import type { Deps } from '../../../platform/deps';
import { dictionaryLabels } from '../../../platform/dictionaries/dictionaries.service';
import { AppError } from '../../../platform/errors';
import { likePattern, orderByFrom } from '../../../platform/http/pagination';
import { userNamesOf } from '../../../platform/org/org.queries';
import { orgUnits, users } from '../../../platform/org/org.table';
import { assertNotBlacklisted, changeCustomerOwner, customerOwnershipChanges, customers, customerScope } from '../../customers';
import { assertNoExclusiveRight } from '../registrations/exclusive-right';
import { addDaysTo, developmentRulesFor, ownerLimitOf } from '../settings/development-settings.service';
import { iso } from './ownership-rules';
import type { PoolCustomer, PoolQuery } from './ownership.schema';

// 公海 (R-DEV-10): unowned customers, browsed company-wide with limited fields, and claimed —
// first come, first served (R-DEV-13), within the owned-customer limit (R-DEV-12).

const inPool = and(isNull(customers.ownerId), isNull(customers.mergedIntoId))!;

const timesReleased = sql<number>`(SELECT count(*)::int FROM customer_ownership_changes c WHERE c.customer_id = "customers"."id" AND c.kind IN ('release', 'rejected'))`;

/** 公海列表: limited fields only, anyone with development:read, whole company. */
export async function listPool(deps: Deps, ctx: RequestContext, query: PoolQuery) {
  requireActor(ctx);
  const keyword = query.q ? or(ilike(customers.name, likePattern(query.q)), ilike(customers.pinyinInitials, `${query.q.toLowerCase().replace(/[\\%_]/g, '')}%`)) : undefined;
  const where = and(inPool, keyword);
  const orderBy = orderByFrom(
    query.sort,
    { releasedAt: customers.releasedAt, name: customers.pinyinFull, grade: customers.grade, intentLevel: customers.intentLevel },
    sql`${customers.releasedAt} desc nulls last, ${customers.id} desc`,
  );
  const [{ rows, ...counted }, industries, sources] = await Promise.all([
    selectPage(deps.db, query, {
      rows: (limit, offset) =>
        deps.db
      .select({
        id: customers.id,
        name: customers.name,
        industryCode: customers.industryCode,
        city: customers.city,
        district: customers.district,
        sourceCode: customers.sourceCode,
        grade: customers.grade,
        intentLevel: customers.intentLevel,
        releasedAt: customers.releasedAt,
        timesReleased,
      })
      .from(customers)
      .where(where)
      .orderBy(...orderBy)
      .limit(limit)
      .offset(offset),
      matching: deps.db.select({ one: sql`1` }).from(customers).where(where).$dynamic(),
    }),
    dictionaryLabels(deps.db, 'industry'),
    dictionaryLabels(deps.db, 'customer_source'),
  ]);
  const items: PoolCustomer[] = rows.map((row) => ({
    ...row,
    industryName: row.industryCode ? (industries.get(row.industryCode) ?? null) : null,
    sourceName: row.sourceCode ? (sources.get(row.sourceCode) ?? null) : null,
    releasedAt: iso(row.releasedAt),
    timesReleased: Number(row.timesReleased),
  }));
  return { items, ...counted };
}

export async function ownedCountOf(db: DbOrTx, userId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(customers)
    .where(and(eq(customers.ownerId, userId), isNull(customers.mergedIntoId)));
  return Number(row?.n ?? 0);
}

/**
 * Serialises everything that adds customers to one user (claims, registrations): take this lock
 * before any customer row lock, so the order is always user → customer.
 */
export async function lockOwner(tx: DbOrTx, userId: number): Promise<void> {
  await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');
}

/** R-DEV-12: refuses taking one more customer over the limit of the actor's roles (call after lockOwner). */
export async function assertOwnerCapacity(tx: DbOrTx, actor: Actor, action: string) {
  const rules = await developmentRulesFor(tx, actor.unitId);
  const limit = ownerLimitOf(rules, actor.roleCodes);
  const owned = await ownedCountOf(tx, actor.userId);
  if (owned >= limit) {
    throw new AppError('CONFLICT', `您名下已有 ${owned} 个客户，已达上限 ${limit} 个，不能再${action}；请先退回不再跟进的客户`, { reason: 'pool.owner_limit_reached' });
  }
  return { rules, owned, limit };
}

/** How long after leaving the pool a customer still answers a claim with 「已被认领」 rather than 404. */
const RECENT_CLAIM_MS = 24 * 3_600_000;

/**
 * 「该客户已被 X 认领」 — the refusal the loser of a race (or a late click) gets: the customer left
 * the pool within the last day, or is in the caller's own scope. A customer that left the pool
 * long ago and lies outside the caller's scope answers 404 like any id they cannot see (R-PLT-03).
 */
async function alreadyOwnedError(deps: Deps, actor: Actor, customerId: number): Promise<AppError> {
  const { db } = deps;
  const [row] = await db
    .select({ ownerId: customers.ownerId, inScope: sql<boolean>`(${customerScope(actor)})` })
    .from(customers)
    .where(eq(customers.id, customerId));
  if (!row?.inScope) {
    const [recent] = await db
      .select({ at: customerOwnershipChanges.at })
      .from(customerOwnershipChanges)
      .where(and(eq(customerOwnershipChanges.customerId, customerId), gte(customerOwnershipChanges.at, new Date(deps.clock.now().getTime() - RECENT_CLAIM_MS))))
      .limit(1);
    if (!recent) return new AppError('NOT_FOUND', '客户不存在或已被合并');
  }
  const names = await userNamesOf(db, [row?.ownerId]);
  const name = row?.ownerId ? (names.get(row.ownerId) ?? '其他人') : '其他人';
  return new AppError('CONFLICT', `该客户已被 ${name} 认领，请刷新公海列表`, { reason: 'pool.already_claimed' });
}

/**
 * 认领 (R-DEV-10…13): refused for blacklisted customers, while someone else's registration holds
 * the exclusive right, and over the owned-customer limit. The claimer's user row is locked so
 * their own parallel claims cannot exceed the limit; the customer row lock inside
 * changeCustomerOwner (with expectOwnerId null) makes sure exactly one claim wins.
 */
export async function claimFromPool(deps: Deps, ctx: RequestContext, customerId: number) {
  const actor = requireActor(ctx);
  const [customer] = await deps.db
    .select({ id: customers.id, ownerId: customers.ownerId })
    .from(customers)
    .where(and(eq(customers.id, customerId), isNull(customers.mergedIntoId)));
  if (!customer) throw new AppError('NOT_FOUND', '客户不存在或已被合并');
  if (customer.ownerId !== null) throw await alreadyOwnedError(deps, actor, customerId);
  await assertNotBlacklisted(deps.db, customerId, actor.unitId);
  await assertNoExclusiveRight(deps.db, deps.clock, actor.userId, customerId, '认领');

  const result = await deps.db.transaction(async (tx) => {
    await lockOwner(tx, actor.userId);
    const { rules, owned, limit } = await assertOwnerCapacity(tx, actor, '认领');
    const protectedUntil = addDaysTo(deps.clock.now(), rules.protectionDays);
    const changed = await changeCustomerOwner(tx, deps.clock, ctx, {
      customerId,
      toUserId: actor.userId,
      toUnitId: actor.unitId,
      kind: 'claim',
      expectOwnerId: null,
      protectedUntil,
      reason: '从公海认领',
    });
    return changed ? { changed, owned: owned + 1, limit } : null;
  });
  if (!result) throw await alreadyOwnedError(deps, actor, customerId);
  return {
    customerId,
    ownerId: actor.userId,
    ownedSince: result.changed.after.ownedSince!.toISOString(),
    protectedUntil: result.changed.after.protectedUntil!.toISOString(),
    ownedCount: result.owned,
    ownerLimit: result.limit,
  };
}

/** People a customer may be handed to (name and unit only), for the transfer and assign forms. */
/**
 * People a customer can be given to. With user:read anyone active; otherwise only the active
 * users of the units in the caller's development scope (their own unit at least), without
 * login names — the picker must not list the whole company's staff (R-PLT-03).
 */
export async function listOwnerCandidates(deps: Deps, ctx: RequestContext, q: string | undefined) {
  const actor = requireActor(ctx);
  const everyone = hasPermission(actor, 'user:read');
  const keyword = q ? or(ilike(users.displayName, likePattern(q)), everyone ? ilike(users.username, likePattern(q)) : undefined) : undefined;
  const inScope = everyone ? undefined : scopeCondition(actor, 'development', { unitColumn: users.unitId });
  const rows = await deps.db
    .select({ id: users.id, name: users.displayName, username: users.username, unitName: orgUnits.name })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.unitId))
    .where(and(eq(users.status, 'active'), keyword, inScope))
    .orderBy(asc(users.displayName))
    .limit(20);
  return { items: everyone ? rows : rows.map(({ username: _hidden, ...row }) => row) };
}
