import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { AppError } from '../errors';
import { scopeRank, type DataScope, type ScopedResource } from './permissions';

/** The signed-in user as every service sees it. */
export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  unitId: number;
  /** Materialised path of the actor's unit, e.g. `/1/4/`. */
  unitPath: string;
  roleCodes: string[];
  permissions: ReadonlySet<string>;
  scopes: Readonly<Partial<Record<ScopedResource, DataScope>>>;
  sessionId?: string;
  mustChangePassword: boolean;
}

/** Who did it and from where; passed to every service call that changes state. */
export interface RequestContext {
  actor?: Actor;
  ip?: string;
  requestId?: string;
  userAgent?: string;
}

export function hasPermission(actor: Actor, permission: string): boolean {
  return actor.permissions.has(permission);
}

export function requirePermission(actor: Actor | undefined, permission: string): Actor {
  if (!actor) throw new AppError('AUTH_REQUIRED');
  if (!actor.permissions.has(permission)) {
    throw new AppError('FORBIDDEN', `没有权限执行此操作（需要权限 ${permission}）`, { reason: 'access.missing_permission' });
  }
  return actor;
}

export function requireActor(ctx: RequestContext): Actor {
  if (!ctx.actor) throw new AppError('AUTH_REQUIRED');
  return ctx.actor;
}

/** Widest scope across the actor's roles for a resource; no grant means `self`. */
export function scopeOf(actor: Actor, resource: ScopedResource): DataScope {
  return actor.scopes[resource] ?? 'self';
}

/** Merge role scopes: for each resource the widest wins. */
export function mergeScopes(list: Record<string, string>[]): Partial<Record<ScopedResource, DataScope>> {
  const merged: Partial<Record<ScopedResource, DataScope>> = {};
  for (const scopes of list) {
    for (const [resource, scope] of Object.entries(scopes)) {
      if (!(scope in scopeRank)) continue;
      const current = merged[resource as ScopedResource];
      if (!current || scopeRank[scope as DataScope] > scopeRank[current]) {
        merged[resource as ScopedResource] = scope as DataScope;
      }
    }
  }
  return merged;
}

export interface ScopeColumns {
  /** Column holding the record's owning org unit id. */
  unitColumn: AnyColumn | SQL;
  /** Column(s) naming the user(s) who own the record or are members of it (for `self`). */
  ownerColumns?: (AnyColumn | SQL)[];
}

/**
 * The reusable data-scope filter (R-PLT-03): one call gives the WHERE condition a list, search,
 * count, export or by-id read must add. Returns undefined for `all`.
 */
export function scopeCondition(actor: Actor, resource: ScopedResource, columns: ScopeColumns): SQL | undefined {
  const scope = scopeOf(actor, resource);
  switch (scope) {
    case 'all':
      return undefined;
    case 'unit_tree':
      return sql`${columns.unitColumn} IN (SELECT id FROM org_units WHERE path LIKE ${actor.unitPath + '%'})`;
    case 'unit':
      return sql`${columns.unitColumn} = ${actor.unitId}`;
    case 'self': {
      if (!columns.ownerColumns?.length) return sql`${columns.unitColumn} = ${actor.unitId}`;
      const parts = columns.ownerColumns.map((column) => sql`${column} = ${actor.userId}`);
      return sql`(${sql.join(parts, sql` OR `)})`;
    }
  }
}

/** In-memory counterpart of `scopeCondition` for a record already loaded (by-id reads). */
export function isInScope(
  actor: Actor,
  resource: ScopedResource,
  record: { unitPath: string; unitId: number; ownerIds?: (number | null | undefined)[] },
): boolean {
  const scope = scopeOf(actor, resource);
  switch (scope) {
    case 'all':
      return true;
    case 'unit_tree':
      return record.unitPath.startsWith(actor.unitPath);
    case 'unit':
      return record.unitId === actor.unitId;
    case 'self':
      if (!record.ownerIds) return record.unitId === actor.unitId;
      return record.ownerIds.includes(actor.userId);
  }
}

/** Out-of-scope records are reported as missing so ids cannot be probed (no IDOR). */
export function assertInScope(
  actor: Actor,
  resource: ScopedResource,
  record: { unitPath: string; unitId: number; ownerIds?: (number | null | undefined)[] },
): void {
  if (!isInScope(actor, resource, record)) throw new AppError('NOT_FOUND');
}
