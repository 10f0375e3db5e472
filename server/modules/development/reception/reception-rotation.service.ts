import { and, asc, count, eq, gte, inArray, sql } from 'drizzle-orm';
import { hasPermission, requirePermission, type RequestContext } from '../../../platform/access/access';
import { recordAudit } from '../../../platform/audit/audit.service';
import type { Clock } from '../../../platform/clock';
import { shanghaiDate } from '../../../platform/dates';
import type { DbOrTx, Tx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import type { HandOverStep } from '../../../platform/org/hand-over';
import { unitOf } from '../../../platform/org/org.queries';
import { orgUnits, users } from '../../../platform/org/org.table';
import { resolveDeskUnit, shanghaiMidnight, type UnitRow } from './reception-units';
import type { PatchMemberBody, PutRotationBody, Rotation } from './reception.schema';
import { receptionRecords, receptionRotationMembers, receptionRotationState } from './reception.table';
import { nextRotationTurn, type RotationMemberState } from './rotation-turn';

// 轮流接待 (R-DEV-41): the fixed order per unit, availability, make-up debts and the turn itself.

async function membersOf(db: DbOrTx, unitId: number) {
  return db
    .select({
      userId: receptionRotationMembers.userId,
      position: receptionRotationMembers.position,
      available: receptionRotationMembers.available,
      owedTurns: receptionRotationMembers.owedTurns,
      lastAssignedAt: receptionRotationMembers.lastAssignedAt,
      name: users.displayName,
      status: users.status,
    })
    .from(receptionRotationMembers)
    .innerJoin(users, eq(users.id, receptionRotationMembers.userId))
    .where(eq(receptionRotationMembers.unitId, unitId))
    .orderBy(asc(receptionRotationMembers.position));
}

const toState = (member: Awaited<ReturnType<typeof membersOf>>[number]): RotationMemberState => ({
  userId: member.userId,
  position: member.position,
  available: member.available,
  active: member.status === 'active',
  owedTurns: member.owedTurns,
});

async function lastPositionOf(db: DbOrTx, unitId: number): Promise<number> {
  const [state] = await db.select().from(receptionRotationState).where(eq(receptionRotationState.unitId, unitId));
  return state?.lastPosition ?? 0;
}

/**
 * Takes the next rotation turn of a unit inside the caller's transaction: the unit's rotation
 * state row is locked first, so concurrent desk entries never hand out the same turn twice.
 * Returns the receiver, or null when nobody in the rotation is available.
 */
export async function takeRotationTurn(tx: DbOrTx, clock: Clock, unitId: number): Promise<number | null> {
  await tx.insert(receptionRotationState).values({ unitId, lastPosition: 0, updatedAt: clock.now() }).onConflictDoNothing();
  const [state] = await tx.select().from(receptionRotationState).where(eq(receptionRotationState.unitId, unitId)).for('update');
  const members = await membersOf(tx, unitId);
  const turn = nextRotationTurn(members.map(toState), state!.lastPosition);
  if (!turn) return null;
  const now = clock.now();
  for (const [userId, delta] of turn.owedDelta) {
    await tx
      .update(receptionRotationMembers)
      .set({ owedTurns: sql`GREATEST(${receptionRotationMembers.owedTurns} + ${delta}, 0)` })
      .where(and(eq(receptionRotationMembers.unitId, unitId), eq(receptionRotationMembers.userId, userId)));
  }
  await tx
    .update(receptionRotationMembers)
    .set({ lastAssignedAt: now })
    .where(and(eq(receptionRotationMembers.unitId, unitId), eq(receptionRotationMembers.userId, turn.userId)));
  await tx.update(receptionRotationState).set({ lastPosition: turn.lastPosition, updatedAt: now }).where(eq(receptionRotationState.unitId, unitId));
  return turn.userId;
}

async function rotationOf(db: DbOrTx, clock: Clock, unit: UnitRow): Promise<Rotation> {
  const [members, lastPosition] = await Promise.all([membersOf(db, unit.id), lastPositionOf(db, unit.id)]);
  const since = shanghaiMidnight(shanghaiDate(clock.now()));
  const counts = members.length
    ? await db
        .select({ receiverId: receptionRecords.receiverId, n: count() })
        .from(receptionRecords)
        .where(
          and(
            eq(receptionRecords.unitId, unit.id),
            gte(receptionRecords.timeIn, since),
            inArray(
              receptionRecords.receiverId,
              members.map((member) => member.userId),
            ),
          ),
        )
        .groupBy(receptionRecords.receiverId)
    : [];
  const today = new Map(counts.map((row) => [row.receiverId, Number(row.n)]));
  const next = nextRotationTurn(members.map(toState), lastPosition);
  return {
    unitId: unit.id,
    unitName: unit.name,
    lastPosition,
    nextUserId: next?.userId ?? null,
    members: members.map((member) => ({
      userId: member.userId,
      name: member.name,
      position: member.position,
      available: member.available,
      active: member.status === 'active',
      owedTurns: member.owedTurns,
      lastAssignedAt: member.lastAssignedAt?.toISOString() ?? null,
      todayReceptions: today.get(member.userId) ?? 0,
    })),
  };
}

export async function getRotation(deps: Deps, ctx: RequestContext, unitId: number | undefined): Promise<Rotation> {
  const actor = requirePermission(ctx.actor, 'development:read');
  const unit = await resolveDeskUnit(deps.db, actor, unitId, { notFound: true });
  return rotationOf(deps.db, deps.clock, unit);
}

/**
 * Sets the rotation's members and their order (position = index + 1). Members keep their owed
 * turns; the pointer follows the member who took the last turn to their new position.
 */
export async function putRotation(deps: Deps, ctx: RequestContext, unitId: number | undefined, body: PutRotationBody): Promise<Rotation> {
  const actor = requirePermission(ctx.actor, 'development:assign');
  const unit = await resolveDeskUnit(deps.db, actor, unitId, { notFound: true });
  const ids = body.members.map((member) => member.userId);
  if (ids.length) {
    const found = await deps.db
      .select({ id: users.id, status: users.status, path: orgUnits.path })
      .from(users)
      .innerJoin(orgUnits, eq(orgUnits.id, users.unitId))
      .where(inArray(users.id, ids));
    const valid = new Set(found.filter((user) => user.status === 'active' && user.path.startsWith(unit.path)).map((user) => user.id));
    const invalid = body.members.findIndex((member) => !valid.has(member.userId));
    if (invalid >= 0) {
      const message = `第 ${invalid + 1} 位成员不存在、已停用或不属于「${unit.name}」`;
      throw fieldError(`members.${invalid}.userId`, message);
    }
  }
  return deps.db.transaction(async (tx) => {
    await tx.insert(receptionRotationState).values({ unitId: unit.id, lastPosition: 0, updatedAt: deps.clock.now() }).onConflictDoNothing();
    const [state] = await tx.select().from(receptionRotationState).where(eq(receptionRotationState.unitId, unit.id)).for('update');
    const before = await membersOf(tx, unit.id);
    const previous = new Map(before.map((member) => [member.userId, member]));
    const lastUser = before.find((member) => member.position === state!.lastPosition)?.userId;
    await tx.delete(receptionRotationMembers).where(eq(receptionRotationMembers.unitId, unit.id));
    if (body.members.length) {
      await tx.insert(receptionRotationMembers).values(
        body.members.map((member, index) => ({
          unitId: unit.id,
          userId: member.userId,
          position: index + 1,
          available: member.available ?? previous.get(member.userId)?.available ?? true,
          owedTurns: previous.get(member.userId)?.owedTurns ?? 0,
          lastAssignedAt: previous.get(member.userId)?.lastAssignedAt ?? null,
        })),
      );
    }
    const lastIndex = lastUser === undefined ? -1 : ids.indexOf(lastUser);
    const lastPosition = lastIndex >= 0 ? lastIndex + 1 : Math.min(state!.lastPosition, ids.length);
    await tx.update(receptionRotationState).set({ lastPosition, updatedAt: deps.clock.now() }).where(eq(receptionRotationState.unitId, unit.id));
    const after = await membersOf(tx, unit.id);
    await recordAudit(tx, deps.clock, ctx, {
      action: 'update',
      entityType: 'reception_rotation',
      entityId: unit.id,
      summary: `设置「${unit.name}」轮流接待顺序：${after.map((member) => member.name).join(' → ') || '（空）'}`,
      changes: { members: { before: before.map((member) => member.userId), after: ids } },
    });
    return rotationOf(tx, deps.clock, unit);
  });
}

/** Marks a member (un)available; managers (development:assign) for anyone, specialists for themselves. */
export async function setMemberAvailability(deps: Deps, ctx: RequestContext, userId: number, body: PatchMemberBody): Promise<Rotation> {
  const actor = requirePermission(ctx.actor, 'development:read');
  if (userId !== actor.userId && !hasPermission(actor, 'development:assign')) {
    throw new AppError('FORBIDDEN', '只能设置自己的接待状态；设置他人请联系部门经理', { reason: 'reception.status_not_own' });
  }
  // Members may sit in a sub-unit of the rotation's unit: for themselves, any unit they are listed in.
  const own = userId === actor.userId ? await unitOf(deps.db, body.unitId ?? actor.unitId) : undefined;
  const unit = own ?? (await resolveDeskUnit(deps.db, actor, body.unitId, { notFound: true }));
  return deps.db.transaction(async (tx) => {
    const [member] = await tx
      .select()
      .from(receptionRotationMembers)
      .where(and(eq(receptionRotationMembers.unitId, unit.id), eq(receptionRotationMembers.userId, userId)))
      .for('update');
    if (!member) throw new AppError('NOT_FOUND', `该人员不在「${unit.name}」的轮流接待名单中`);
    if (member.available !== body.available) {
      await tx.update(receptionRotationMembers).set({ available: body.available }).where(eq(receptionRotationMembers.id, member.id));
      const [user] = await tx.select({ name: users.displayName }).from(users).where(eq(users.id, userId));
      await recordAudit(tx, deps.clock, ctx, {
        action: 'update',
        entityType: 'reception_rotation',
        entityId: unit.id,
        summary: `「${unit.name}」轮流接待：${user?.name ?? userId} ${body.available ? '恢复接待' : '暂停接待（轮次将记为欠轮，回来后补上）'}`,
        changes: { [`available:${userId}`]: { before: member.available, after: body.available } },
      });
    }
    return rotationOf(tx, deps.clock, unit);
  });
}

/** R-PLT-05: a departed user leaves every rotation; their owed turns go to nobody. */
async function removeFromRotations(tx: Tx, _clock: Clock, _ctx: RequestContext, fromUserId: number): Promise<number> {
  const removed = await tx.delete(receptionRotationMembers).where(eq(receptionRotationMembers.userId, fromUserId)).returning({ id: receptionRotationMembers.id });
  return removed.length;
}

export const rotationHandOver: HandOverStep = { key: 'reception_rotation', label: '轮流接待名单', order: 50, run: removeFromRotations };
