import { and, eq, inArray } from 'drizzle-orm';
import { isInScope, requirePermission, type Actor, type RequestContext } from '../../../platform/access/access';
import { diffChanges, recordAudit } from '../../../platform/audit/audit.service';
import type { Clock } from '../../../platform/clock';
import type { Tx } from '../../../platform/db/client';
import { uniqueViolationOf } from '../../../platform/db/errors';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { shanghaiMinute } from '../../../platform/jobs/jobs.service';
import { notify } from '../../../platform/notifications/notifications.service';
import { nextNumber } from '../../../platform/numbering/numbering.service';
import type { HandOverStep } from '../../../platform/org/hand-over';
import { activeUserOf, unitOf } from '../../../platform/org/org.queries';
import { addTimelineEvent, changeCustomerOwner } from '../../customers';
import { addDaysTo, DAY_MS, developmentRulesFor } from '../settings/development-settings.service';
import { exclusiveRightError, exclusiveRightOf } from './exclusive-right';
import { customerNameOf, REGISTRATION_ENDED, userNameOf } from './registration-approval';
import { EXTEND_GRACE_DAYS, getScopedRegistration, managesUnit, toRegistrations, type RegistrationRow } from './registrations.queries';
import type { ExtendRegistrationBody, ReassignRegistrationBody, Registration } from './registrations.schema';
import { developmentRegistrations } from './registrations.table';

// The managing unit's decisions on a registration (R-DEV-03): extend once, or reassign; and the
// departure hand-over of live registrations (R-PLT-05).

const link = (id: number) => `/development/registrations?id=${id}`;

/** The registration, locked, when the actor manages its unit; others in scope get 403. */
async function managedRegistration(tx: Tx, actor: Actor, id: number, action: string): Promise<RegistrationRow> {
  const row = await getScopedRegistration(tx, actor, id, { forUpdate: true });
  const unit = await unitOf(tx, row.unitId);
  if (!unit || !managesUnit(actor, unit)) throw new AppError('FORBIDDEN', `只有报备所属单位的管理者（客户分配权限）可以${action}`, { reason: 'registration.not_managing_unit' });
  return row;
}

/** Someone else's registration may have taken the customer meanwhile (the live unique index). */
async function liveKeyError(deps: Deps, error: unknown, customerId: number, action: string): Promise<unknown> {
  if (uniqueViolationOf(error) !== 'development_registrations_live_key') return error;
  const right = await exclusiveRightOf(deps.db, deps.clock, customerId);
  return right ? exclusiveRightError(right, action) : new AppError('CONFLICT', '该客户已有进行中的报备，请刷新后查看', { reason: 'registration.in_progress' });
}

/**
 * 延期 (R-DEV-03): once per registration, while active or within 30 days of lapsing; the new end is
 * the later of now and the old end, plus the unit's exclusive period.
 */
export async function extendRegistration(deps: Deps, ctx: RequestContext, id: number, body: ExtendRegistrationBody): Promise<Registration> {
  const actor = requirePermission(ctx.actor, 'development:assign');
  let customerId = 0;
  try {
    return await deps.db.transaction(async (tx) => {
      const before = await managedRegistration(tx, actor, id, '延期');
      customerId = before.customerId;
      const now = deps.clock.now();
      if (before.extendedAt) {
        throw new AppError('CONFLICT', `报备 ${before.number} 已于 ${shanghaiMinute(before.extendedAt)} 延期过一次，独家开发期只能延期一次；如需继续开发请改派或重新报备`, { reason: 'registration.already_extended' });
      }
      const recentlyLapsed = before.status === 'lapsed' && (before.endedAt?.getTime() ?? 0) >= now.getTime() - EXTEND_GRACE_DAYS * DAY_MS;
      if (before.status !== 'active' && !recentlyLapsed) {
        const why = before.status === 'lapsed' ? `失效已超过 ${EXTEND_GRACE_DAYS} 天` : '不在独家开发期内';
        throw new AppError('CONFLICT', `报备 ${before.number} ${why}，不能延期`, { reason: 'registration.cannot_extend' });
      }
      const rules = await developmentRulesFor(tx, before.unitId);
      const base = before.exclusiveUntil && before.exclusiveUntil > now ? before.exclusiveUntil : now;
      const until = addDaysTo(base, rules.exclusiveDays);
      const [after] = await tx
        .update(developmentRegistrations)
        .set({ status: 'active', exclusiveUntil: until, extendedAt: now, extendedById: actor.userId, endedAt: null, endReason: null, updatedAt: now })
        .where(eq(developmentRegistrations.id, before.id))
        .returning();
      const customerName = await customerNameOf(tx, before.customerId);
      const title = `报备 ${before.number} 独家开发期延期至 ${shanghaiMinute(until)}：${body.reason}`;
      await recordAudit(tx, deps.clock, ctx, {
        action: 'registration_extend',
        entityType: 'development_registration',
        entityId: before.id,
        customerId: before.customerId,
        summary: `${title}（客户「${customerName}」）`,
        changes: diffChanges(before, after!, ['status', 'exclusiveUntil', 'extendedAt', 'extendedById', 'endedAt']),
      });
      await addTimelineEvent(tx, deps.clock, {
        customerId: before.customerId,
        type: 'registration',
        title,
        detail: { registrationId: before.id, status: 'active', exclusiveUntil: until.toISOString(), reason: body.reason },
        actorId: actor.userId,
        link: link(before.id),
        sourceType: 'development_registration',
        sourceId: before.id,
      });
      if (before.ownerId !== actor.userId) {
        await notify(tx, deps.clock, { userId: before.ownerId, kind: REGISTRATION_ENDED, title: `${customerName}：${title}`, link: link(before.id) });
      }
      return (await toRegistrations(tx, deps.clock, actor, [after!]))[0]!;
    });
  } catch (error) {
    throw await liveKeyError(deps, error, customerId, '延期');
  }
}

/**
 * 改派 (R-DEV-03): the registration ends as `reassigned`; the customer goes to the new user, who
 * gets a new active registration without approval (the managing unit decided).
 */
export async function reassignRegistration(deps: Deps, ctx: RequestContext, id: number, body: ReassignRegistrationBody): Promise<Registration> {
  const actor = requirePermission(ctx.actor, 'development:assign');
  let customerId = 0;
  try {
    return await deps.db.transaction(async (tx) => {
      // The number first, like every registration-creating transaction (one lock order).
      const number = await nextNumber(tx, deps, { docType: 'registration' });
      const before = await managedRegistration(tx, actor, id, '改派');
      customerId = before.customerId;
      if (before.status !== 'active' && before.status !== 'lapsed') {
        throw new AppError('CONFLICT', `报备 ${before.number} 当前不是独家开发中或已失效状态，不能改派`, { reason: 'registration.cannot_reassign' });
      }
      const target = await activeUserOf(tx, body.toUserId);
      if (!target) throw fieldError('toUserId', '所选人员不存在或已停用');
      if (target.id === before.ownerId) throw fieldError('toUserId', '新的开发人与当前持有人相同');
      if (!isInScope(actor, 'development', { unitId: target.unitId, unitPath: target.unitPath }) && target.id !== actor.userId) {
        throw fieldError('toUserId', '所选人员不在您的管理范围内');
      }
      const now = deps.clock.now();
      const holderName = await userNameOf(tx, before.ownerId);
      const customerName = await customerNameOf(tx, before.customerId);
      const [ended] = await tx
        .update(developmentRegistrations)
        .set({ status: 'reassigned', endedAt: now, endReason: `改派给 ${target.name}：${body.reason}`, updatedAt: now })
        .where(eq(developmentRegistrations.id, before.id))
        .returning();
      const rules = await developmentRulesFor(tx, target.unitId);
      const [created] = await tx
        .insert(developmentRegistrations)
        .values({
          number,
          customerId: before.customerId,
          ownerId: target.id,
          unitId: target.unitId,
          intendedBusiness: before.intendedBusiness,
          plan: before.plan,
          expectedValue: before.expectedValue,
          status: 'active',
          submittedAt: now,
          approvedAt: now,
          exclusiveUntil: addDaysTo(now, rules.exclusiveDays),
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      const reg = created!;
      await changeCustomerOwner(tx, deps.clock, ctx, {
        customerId: before.customerId,
        toUserId: target.id,
        kind: 'reassign',
        reason: `报备改派 ${before.number} → ${number}：${body.reason}`,
        protectedUntil: addDaysTo(now, rules.protectionDays),
        sourceType: 'development_registration',
        sourceId: reg.id,
      });
      const until = shanghaiMinute(reg.exclusiveUntil!);
      await recordAudit(tx, deps.clock, ctx, {
        action: 'registration_reassign',
        entityType: 'development_registration',
        entityId: before.id,
        customerId: before.customerId,
        summary: `报备 ${before.number}（${customerName}）由 ${holderName} 改派给 ${target.name}（新报备 ${number}，独家开发期至 ${until}）：${body.reason}`,
        changes: diffChanges(before, ended!, ['status', 'endedAt', 'endReason']),
      });
      await recordAudit(tx, deps.clock, ctx, {
        action: 'create',
        entityType: 'development_registration',
        entityId: reg.id,
        customerId: before.customerId,
        summary: `改派生成报备 ${number}（${customerName}），${target.name} 独家开发期至 ${until}`,
        changes: diffChanges(null, reg, ['number', 'customerId', 'ownerId', 'unitId', 'status', 'exclusiveUntil']),
      });
      await addTimelineEvent(tx, deps.clock, {
        customerId: before.customerId,
        type: 'registration',
        title: `报备改派：${holderName} → ${target.name}，独家开发期至 ${until}`,
        detail: { registrationId: reg.id, previousRegistrationId: before.id, reason: body.reason },
        actorId: actor.userId,
        link: link(reg.id),
        sourceType: 'development_registration',
        sourceId: reg.id,
      });
      for (const userId of new Set([target.id, before.ownerId])) {
        if (userId === actor.userId) continue;
        await notify(tx, deps.clock, {
          userId,
          kind: REGISTRATION_ENDED,
          title: `${customerName} 的开发报备已改派给 ${target.name}，独家开发期至 ${until}`,
          body: body.reason,
          link: link(userId === target.id ? reg.id : before.id),
        });
      }
      return (await toRegistrations(tx, deps.clock, actor, [reg]))[0]!;
    });
  } catch (error) {
    throw await liveKeyError(deps, error, customerId, '改派');
  }
}

/** Departure (R-PLT-05): the successor takes over the pending and active registrations. */
export async function handOverRegistrations(tx: Tx, clock: Clock, ctx: RequestContext, fromUserId: number, toUserId: number): Promise<number> {
  const successor = await activeUserOf(tx, toUserId);
  if (!successor) return 0;
  const rows = await tx
    .update(developmentRegistrations)
    .set({ ownerId: successor.id, unitId: successor.unitId, updatedAt: clock.now() })
    .where(and(eq(developmentRegistrations.ownerId, fromUserId), inArray(developmentRegistrations.status, ['pending', 'active'])))
    .returning();
  if (!rows.length) return 0;
  const fromName = await userNameOf(tx, fromUserId);
  for (const row of rows) {
    await recordAudit(tx, clock, ctx, {
      action: 'update',
      entityType: 'development_registration',
      entityId: row.id,
      customerId: row.customerId,
      summary: `离职交接：报备 ${row.number} 由 ${fromName} 移交给 ${successor.name}`,
      changes: { ownerId: { before: fromUserId, after: successor.id } },
    });
    await addTimelineEvent(tx, clock, {
      customerId: row.customerId,
      type: 'registration',
      title: `离职交接：报备 ${row.number} 由 ${fromName} 移交给 ${successor.name}`,
      detail: { registrationId: row.id, fromUserId, toUserId: successor.id },
      actorId: ctx.actor?.userId ?? null,
      link: link(row.id),
      sourceType: 'development_registration',
      sourceId: row.id,
    });
  }
  return rows.length;
}

export const registrationsHandOver: HandOverStep = { key: 'development_registrations', label: '开发报备', order: 20, run: handOverRegistrations };
