import { and, eq, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import { hasPermission, isInScope, requireActor, type Actor, type RequestContext } from '../../../platform/access/access';
import type { Clock } from '../../../platform/clock';
import type { DbOrTx } from '../../../platform/db/client';
import { selectPage } from '../../../platform/db/paging';
import type { Deps } from '../../../platform/deps';
import { AppError } from '../../../platform/errors';
import { likePattern, orderByFrom } from '../../../platform/http/pagination';
import { orgUnits, users } from '../../../platform/org/org.table';
import { customerScope, customers } from '../../customers';
import { developmentScope } from '../development-access';
import { exclusiveRightOf } from './exclusive-right';
import { registrationStatusLabels, type ExclusiveRightDto, type Registration, type RegistrationQuery, type RegistrationStatus } from './registrations.schema';
import { developmentRegistrations } from './registrations.table';

// Reads of 开发预案报备: list, one by id, the customer's current exclusive right.

export type RegistrationRow = typeof developmentRegistrations.$inferSelect;

/** A lapsed registration may still be extended for this many days after it ended (R-DEV-03). */
export const EXTEND_GRACE_DAYS = 30;

const scopeOfRegistrations = (actor: Actor) =>
  developmentScope(actor, { unit: developmentRegistrations.unitId, owners: [developmentRegistrations.ownerId] });

const secondsLeft = (until: Date | null, now: Date) => (until ? Math.max(0, Math.floor((until.getTime() - now.getTime()) / 1000)) : null);

/** The managing unit (development:assign with the registration's unit in its development scope). */
export function managesUnit(actor: Actor, unit: { id: number; path: string }): boolean {
  return hasPermission(actor, 'development:assign') && isInScope(actor, 'development', { unitId: unit.id, unitPath: unit.path });
}

export async function toRegistrations(db: DbOrTx, clock: Clock, actor: Actor | undefined, rows: RegistrationRow[]): Promise<Registration[]> {
  if (!rows.length) return [];
  const userIds = [...new Set(rows.flatMap((row) => [row.ownerId, ...(row.extendedById ? [row.extendedById] : [])]))];
  const [customerRows, unitRows, userRows] = await Promise.all([
    db
      .select({ id: customers.id, code: customers.code, name: customers.name })
      .from(customers)
      .where(inArray(customers.id, [...new Set(rows.map((row) => row.customerId))])),
    db
      .select({ id: orgUnits.id, name: orgUnits.name, path: orgUnits.path })
      .from(orgUnits)
      .where(inArray(orgUnits.id, [...new Set(rows.map((row) => row.unitId))])),
    db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, userIds)),
  ]);
  const customerById = new Map(customerRows.map((row) => [row.id, row]));
  const unitById = new Map(unitRows.map((row) => [row.id, row]));
  const userName = new Map(userRows.map((row) => [row.id, row.name]));
  const now = clock.now();
  const graceStart = now.getTime() - EXTEND_GRACE_DAYS * 86_400_000;
  return rows.map((row) => {
    const unit = unitById.get(row.unitId);
    const manages = Boolean(actor && unit && managesUnit(actor, unit));
    const status = row.status as RegistrationStatus;
    const extendable = status === 'active' || (status === 'lapsed' && (row.endedAt?.getTime() ?? 0) >= graceStart);
    return {
      id: row.id,
      number: row.number,
      customerId: row.customerId,
      customerName: customerById.get(row.customerId)?.name ?? '',
      customerCode: customerById.get(row.customerId)?.code ?? '',
      holderId: row.ownerId,
      holderName: userName.get(row.ownerId) ?? '',
      unitId: row.unitId,
      unitName: unit?.name ?? '',
      intendedBusiness: row.intendedBusiness,
      plan: row.plan,
      expectedValue: row.expectedValue,
      status,
      statusLabel: registrationStatusLabels[status] ?? row.status,
      approvalId: row.approvalId,
      submittedAt: row.submittedAt.toISOString(),
      approvedAt: row.approvedAt?.toISOString() ?? null,
      exclusiveUntil: row.exclusiveUntil?.toISOString() ?? null,
      remainingSeconds: status === 'active' ? secondsLeft(row.exclusiveUntil, now) : null,
      extendedAt: row.extendedAt?.toISOString() ?? null,
      extendedByName: row.extendedById ? (userName.get(row.extendedById) ?? null) : null,
      endedAt: row.endedAt?.toISOString() ?? null,
      endReason: row.endReason,
      createdCustomer: row.createdCustomer,
      tookOwnership: row.tookOwnership,
      canExtend: manages && extendable && row.extendedAt === null,
      canReassign: manages && (status === 'active' || status === 'lapsed'),
    };
  });
}

/** A registration in the caller's development scope, or 404 (out-of-scope ids look missing). */
export async function getScopedRegistration(db: DbOrTx, actor: Actor, id: number, options: { forUpdate?: boolean } = {}): Promise<RegistrationRow> {
  const query = db
    .select()
    .from(developmentRegistrations)
    .where(and(eq(developmentRegistrations.id, id), scopeOfRegistrations(actor)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw new AppError('NOT_FOUND', '报备不存在或无权查看');
  return row;
}

export async function getRegistration(deps: Deps, ctx: RequestContext, id: number): Promise<Registration> {
  const actor = requireActor(ctx);
  const row = await getScopedRegistration(deps.db, actor, id);
  return (await toRegistrations(deps.db, deps.clock, actor, [row]))[0]!;
}

/** 报备列表: the caller's development scope (a specialist sees only their own registrations). */
export async function listRegistrations(deps: Deps, ctx: RequestContext, query: RegistrationQuery) {
  const actor = requireActor(ctx);
  const where = and(
    scopeOfRegistrations(actor),
    query.status ? eq(developmentRegistrations.status, query.status) : undefined,
    query.holderId ? eq(developmentRegistrations.ownerId, query.holderId) : undefined,
    query.unitId ? eq(developmentRegistrations.unitId, query.unitId) : undefined,
    query.customerId ? eq(developmentRegistrations.customerId, query.customerId) : undefined,
    query.keyword
      ? or(
          ilike(customers.name, likePattern(query.keyword)),
          ilike(customers.code, likePattern(query.keyword)),
          ilike(developmentRegistrations.number, likePattern(query.keyword)),
        )
      : undefined,
  );
  const orderBy = orderByFrom(
    query.sort,
    {
      submittedAt: developmentRegistrations.submittedAt,
      exclusiveUntil: developmentRegistrations.exclusiveUntil,
      approvedAt: developmentRegistrations.approvedAt,
    },
    sql`${developmentRegistrations.id} desc`,
  );
  const { rows, ...counted } = await selectPage(deps.db, query, {
    rows: (limit, offset) =>
      deps.db
        .select({ registration: developmentRegistrations })
        .from(developmentRegistrations)
        .innerJoin(customers, eq(customers.id, developmentRegistrations.customerId))
        .where(where)
        .orderBy(...orderBy)
        .limit(limit)
        .offset(offset),
    matching: deps.db
      .select({ one: sql`1` })
      .from(developmentRegistrations)
      .innerJoin(customers, eq(customers.id, developmentRegistrations.customerId))
      .where(where)
      .$dynamic(),
  });
  return {
    items: await toRegistrations(
      deps.db,
      deps.clock,
      actor,
      rows.map((row) => row.registration),
    ),
    ...counted,
  };
}

/**
 * The current exclusive right on a customer (R-DEV-02), for the UI and other modules. Like the
 * internal announcement it names the holder — but only of a customer the caller may see: one in
 * their customer scope, one in the public pool (公海), or one they hold the right to. Any other id
 * answers 404 exactly like a missing one (R-PLT-03).
 */
export async function getExclusiveRight(deps: Deps, ctx: RequestContext, customerId: number): Promise<ExclusiveRightDto> {
  const actor = requireActor(ctx);
  const [customer] = await deps.db
    .select({ id: customers.id })
    .from(customers)
    .where(
      and(
        eq(customers.id, customerId),
        or(
          customerScope(actor),
          and(isNull(customers.ownerId), isNull(customers.mergedIntoId)),
          sql`EXISTS (SELECT 1 FROM ${developmentRegistrations} WHERE ${developmentRegistrations.customerId} = ${customers.id} AND ${developmentRegistrations.ownerId} = ${actor.userId})`,
        ),
      ),
    );
  if (!customer) throw new AppError('NOT_FOUND', '客户不存在或无权查看');
  const right = await exclusiveRightOf(deps.db, deps.clock, customerId);
  if (!right) return { right: null };
  return {
    right: {
      ...right,
      until: right.until?.toISOString() ?? null,
      remainingSeconds: secondsLeft(right.until, deps.clock.now()),
    },
  };
}
