import { and, eq, isNull } from 'drizzle-orm';
import { requirePermission, type Actor, type RequestContext } from '../../../platform/access/access';
import { diffChanges, recordAudit } from '../../../platform/audit/audit.service';
import type { Tx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError } from '../../../platform/errors';
import { nextNumber } from '../../../platform/numbering/numbering.service';
import { addTimelineEvent, assertNotBlacklisted, canReadCustomer, changeCustomerOwner, createCustomerBody, customerCreateError, customers, customerSearchKeys, extendCustomerProtection, findDuplicateCustomer, insertPreparedCustomer, prepareCustomer, type CustomerRow, type PreparedCustomer } from '../../customers';
import { assertOwnerCapacity, lockOwner } from '../ownership/pool.service';
import { addDaysTo, developmentRulesFor } from '../settings/development-settings.service';
import { exclusiveRightError, exclusiveRightOf } from './exclusive-right';
import { toRegistrations } from './registrations.queries';
import type { CreateRegistrationBody, Registration } from './registrations.schema';
import { developmentRegistrations } from './registrations.table';
// The approval callbacks register themselves on import.
import { submitApproval } from '../../../platform/approvals/approval-submit';
import { uniqueViolationOf } from '../../../platform/db/errors';
import { userNamesOf } from '../../../platform/org/org.queries';
import { REGISTRATION_APPROVAL_TYPE } from './registration-approval';

// 开发预案报备 (R-DEV-01, 13): filing a registration for an existing or a new customer.

const LIVE_KEY = 'development_registrations_live_key';

/** Field errors of the new-prospect part point at `newCustomer.<field>` in the form. */
function prefixFields(error: unknown): unknown {
  if (!(error instanceof AppError) || !error.fields?.length) return error;
  const fields = error.fields.map((item) => ({ ...item, field: item.field.startsWith('newCustomer.') ? item.field : `newCustomer.${item.field}` }));
  return new AppError(error.code, error.detail, fields, error.extra);
}

async function prepareProspect(deps: Deps, ctx: RequestContext, prospect: NonNullable<CreateRegistrationBody['newCustomer']>): Promise<PreparedCustomer> {
  const body = createCustomerBody.parse({
    kind: 'organization',
    name: prospect.name,
    uscc: prospect.uscc ?? null,
    industryCode: prospect.industryCode ?? null,
    sourceCode: prospect.sourceCode ?? null,
    contacts: prospect.contact ? [{ name: prospect.contact.name, mobile: prospect.contact.mobile ?? null, isPrimary: true }] : undefined,
  });
  try {
    return await prepareCustomer(deps, ctx, body);
  } catch (error) {
    throw prefixFields(await heldDuplicateError(deps, ctx, body.name, body.uscc ?? null, error));
  }
}

/**
 * A "new" prospect that already exists and is held by someone's live registration: say who holds
 * the exclusive right and until when (R-DEV-02) rather than only that the name exists.
 */
async function heldDuplicateError(deps: Deps, ctx: RequestContext, name: string, uscc: string | null, error: unknown): Promise<unknown> {
  if (!(error instanceof AppError) || error.code !== 'DUPLICATE') return error;
  const found = await findDuplicateCustomer(deps.db, { normalizedName: customerSearchKeys(name).normalizedName, uscc });
  if (!found) return error;
  const right = await exclusiveRightOf(deps.db, deps.clock, found.row.id);
  return right && right.holderId !== ctx.actor?.userId ? exclusiveRightError(right, '报备') : error;
}

/**
 * The existing customer, locked: every registration of the same customer queues here, so the
 * checks below see the committed result of the one before (R-DEV-13 first registration wins).
 */
async function lockExistingCustomer(tx: Tx, deps: Deps, actor: Actor, customerId: number): Promise<CustomerRow> {
  const [row] = await tx
    .select()
    .from(customers)
    .where(and(eq(customers.id, customerId), isNull(customers.mergedIntoId)))
    .for('update');
  if (!row) throw new AppError('NOT_FOUND', '客户不存在或无权查看');
  const right = await exclusiveRightOf(tx, deps.clock, row.id);
  if (right && right.holderId !== actor.userId) throw exclusiveRightError(right, '报备');
  if (right) throw new AppError('CONFLICT', `您已报备该客户（${right.number}，${right.status === 'pending' ? '审批中' : '独家开发中'}），无需重复报备`, { reason: 'registration.already_mine' });
  if (row.ownerId !== null && !(await canReadCustomer(tx, actor, row.id))) throw new AppError('NOT_FOUND', '客户不存在或无权查看');
  if (row.ownerId !== null && row.ownerId !== actor.userId) {
    const ownerName = (await userNamesOf(tx, [row.ownerId])).get(row.ownerId) ?? `用户 #${row.ownerId}`;
    throw new AppError(
      'CONFLICT',
      `客户「${row.name}」已由 ${ownerName} 负责（先报备者优先），不能报备；如需开发请联系 ${ownerName} 或部门经理办理客户转移`,
      [{ field: 'customerId', message: `已由 ${ownerName} 负责` }],
      { ownerName },
    );
  }
  return row;
}

/**
 * 提交报备 (R-DEV-01): for a customer the registrant sees or one from the pool (taking it), or for
 * a new prospect created with 查重 in the same transaction; submitted for approval at once.
 */
export async function createRegistration(deps: Deps, ctx: RequestContext, body: CreateRegistrationBody): Promise<Registration> {
  const actor = requirePermission(ctx.actor, 'development:write');
  const prepared = body.newCustomer ? await prepareProspect(deps, ctx, body.newCustomer) : undefined;
  try {
    return await deps.db.transaction(async (tx) => {
      // The number first: registrations queue on its counter before taking any other lock.
      const number = await nextNumber(tx, deps, { docType: 'registration' });
      const now = deps.clock.now();
      const rules = await developmentRulesFor(tx, actor.unitId);
      const protectedUntil = addDaysTo(now, rules.protectionDays);
      // R-DEV-12: a registration that gives the registrant a customer counts against their limit;
      // the owner lock comes before the customer lock, as in a claim.
      await lockOwner(tx, actor.userId);
      let customer: CustomerRow;
      let fromPool = false;
      if (prepared) {
        await assertOwnerCapacity(tx, actor, '报备新客户');
        customer = await insertPreparedCustomer(tx, deps, ctx, prepared);
      } else {
        customer = await lockExistingCustomer(tx, deps, actor, body.customerId!);
        fromPool = customer.ownerId === null;
        if (fromPool) await assertOwnerCapacity(tx, actor, '报备公海客户');
      }
      await assertNotBlacklisted(tx, customer.id, actor.unitId);

      const [registration] = await tx
        .insert(developmentRegistrations)
        .values({
          number,
          customerId: customer.id,
          ownerId: actor.userId,
          unitId: actor.unitId,
          intendedBusiness: body.intendedBusiness,
          plan: body.plan,
          expectedValue: body.expectedValue ?? null,
          status: 'pending',
          submittedAt: now,
          createdCustomer: Boolean(prepared),
          tookOwnership: fromPool,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      const reg = registration!;
      if (fromPool) {
        const moved = await changeCustomerOwner(tx, deps.clock, ctx, {
          customerId: customer.id,
          toUserId: actor.userId,
          kind: 'registration',
          expectOwnerId: null,
          protectedUntil,
          reason: `报备 ${number}`,
          sourceType: 'development_registration',
          sourceId: reg.id,
        });
        if (!moved) throw new AppError('CONFLICT', '该客户刚被他人取得，请刷新后查看', { reason: 'pool.already_claimed' });
      } else {
        // R-DEV-11: a registration (re)starts the protection period of the registrant's customer.
        await extendCustomerProtection(tx, customer.id, protectedUntil);
      }

      const instance = await submitRegistrationApproval(tx, deps, ctx, reg, customer);
      await tx.update(developmentRegistrations).set({ approvalId: instance.id }).where(eq(developmentRegistrations.id, reg.id));
      await recordAudit(tx, deps.clock, ctx, {
        action: 'create',
        entityType: 'development_registration',
        entityId: reg.id,
        customerId: customer.id,
        summary: `报备客户「${customer.name}」（${number}${prepared ? '，新建档' : fromPool ? '，取自公海' : ''}），审批 #${instance.id}`,
        changes: diffChanges(null, reg, ['number', 'customerId', 'ownerId', 'unitId', 'intendedBusiness', 'plan', 'expectedValue', 'status']),
      });
      await addTimelineEvent(tx, deps.clock, {
        customerId: customer.id,
        type: 'registration',
        title: `${actor.displayName} 提交开发报备 ${number}：${body.intendedBusiness}`,
        detail: { registrationId: reg.id, number, approvalId: instance.id, fromPool, createdCustomer: Boolean(prepared) },
        actorId: actor.userId,
        link: `/development/registrations?id=${reg.id}`,
        sourceType: 'development_registration',
        sourceId: reg.id,
      });
      const [fresh] = await tx.select().from(developmentRegistrations).where(eq(developmentRegistrations.id, reg.id));
      return (await toRegistrations(tx, deps.clock, actor, [fresh!]))[0]!;
    });
  } catch (error) {
    throw await registrationError(deps, error, prepared, body.customerId);
  }
}

async function submitRegistrationApproval(tx: Tx, deps: Deps, ctx: RequestContext, reg: typeof developmentRegistrations.$inferSelect, customer: CustomerRow) {
  return submitApproval(tx, deps, ctx, {
    type: REGISTRATION_APPROVAL_TYPE,
    businessId: String(reg.id),
    title: `开发报备：${customer.name}`,
    data: {
      registrationId: reg.id,
      number: reg.number,
      customerId: customer.id,
      customerName: customer.name,
      intendedBusiness: reg.intendedBusiness,
      expectedValue: reg.expectedValue === null ? null : Number(reg.expectedValue),
    },
  });
}

/** Unique violations of a concurrent filing → the same refusals as the checks give (R-DEV-13). */
async function registrationError(deps: Deps, error: unknown, prepared: PreparedCustomer | undefined, customerId: number | undefined): Promise<unknown> {
  const constraint = uniqueViolationOf(error);
  if (constraint === LIVE_KEY && customerId !== undefined) {
    const right = await exclusiveRightOf(deps.db, deps.clock, customerId);
    return right ? exclusiveRightError(right, '报备') : new AppError('CONFLICT', '该客户刚被他人报备，请刷新后查看', { reason: 'registration.in_progress' });
  }
  if (prepared && constraint) return prefixFields(await customerCreateError(deps, prepared, error));
  return error;
}
