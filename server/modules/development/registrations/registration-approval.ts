import { flowStep, type ApprovalTypeDefinition, type ApprovalCallbackDeps } from '../../../platform/approvals/approval-types';
import { and, eq, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../../../platform/access/access';
import { diffChanges, recordAudit } from '../../../platform/audit/audit.service';
import type { DbOrTx, Tx } from '../../../platform/db/client';
import { numericRecordId } from '../../../platform/files/record-access';
import { shanghaiMinute } from '../../../platform/jobs/jobs.service';
import { notify } from '../../../platform/notifications/notifications.service';
import { orgUnits, roles, userRoles, users } from '../../../platform/org/org.table';
import { changeCustomerOwner, addTimelineEvent, customers } from '../../customers';
import { developmentScope } from '../development-access';
import { addDaysTo, developmentRulesFor } from '../settings/development-settings.service';
import { developmentRegistrations } from './registrations.table';
import { type ApprovalInstanceRow } from '../../../platform/approvals/approvals.queries';

// The approval of a registration (R-DEV-01, R-PLT-20): approved → exclusive right and internal
// announcement (R-DEV-02); rejected or withdrawn → the customer it took goes back to the pool.

export const REGISTRATION_APPROVAL_TYPE = 'development_registration';
export const REGISTRATION_ANNOUNCEMENT = 'registration_announced';
export const REGISTRATION_ENDED = 'registration_ended';

export const registrationAnnouncementKind = { kind: REGISTRATION_ANNOUNCEMENT, label: '开发报备公告', labelEn: 'Registration announcements' };
export const registrationEndedKind = { kind: REGISTRATION_ENDED, label: '独家开发期结束', labelEn: 'Exclusive period ended' };

type RegistrationRow = typeof developmentRegistrations.$inferSelect;

export async function lockRegistration(tx: DbOrTx, id: number): Promise<RegistrationRow | undefined> {
  const [row] = await tx.select().from(developmentRegistrations).where(eq(developmentRegistrations.id, id)).for('update');
  return row;
}

export async function customerNameOf(db: DbOrTx, id: number): Promise<string> {
  const [row] = await db.select({ name: customers.name }).from(customers).where(eq(customers.id, id));
  return row?.name ?? '';
}

export async function userNameOf(db: DbOrTx, id: number): Promise<string> {
  const [row] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, id));
  return row?.name ?? `用户 #${id}`;
}

/**
 * The internal announcement (R-DEV-01): every active user with development:read in the
 * registrant's branch — the subtree of the registration unit's parent — except the holder.
 */
export async function announceRegistration(tx: DbOrTx, deps: Pick<ApprovalCallbackDeps, 'clock'>, reg: RegistrationRow, title: string): Promise<number> {
  const [unit] = await tx.select({ path: orgUnits.path, parentId: orgUnits.parentId }).from(orgUnits).where(eq(orgUnits.id, reg.unitId));
  if (!unit) return 0;
  const [parent] = unit.parentId ? await tx.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, unit.parentId)) : [];
  const branchPath = parent?.path ?? unit.path;
  const recipients = await tx
    .selectDistinct({ id: users.id })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.unitId))
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(
      and(
        eq(users.status, 'active'),
        ne(users.id, reg.ownerId),
        sql`${orgUnits.path} LIKE ${branchPath + '%'}`,
        sql`${roles.permissions} @> ${JSON.stringify(['development:read'])}::jsonb`,
      ),
    );
  for (const recipient of recipients) {
    await notify(tx, deps.clock, {
      userId: recipient.id,
      kind: REGISTRATION_ANNOUNCEMENT,
      title,
      body: `报备单号 ${reg.number}。独家开发期内其他人不能报备、认领、创建商机或邀请该客户。`,
      link: `/development/registrations?id=${reg.id}`,
    });
  }
  return recipients.length;
}

async function registrationOf(tx: Tx, instance: ApprovalInstanceRow): Promise<RegistrationRow | undefined> {
  const id = numericRecordId(instance.businessId, Number.MAX_SAFE_INTEGER);
  return id === null ? undefined : lockRegistration(tx, id);
}

async function approveRegistration(tx: Tx, instance: ApprovalInstanceRow, deps: ApprovalCallbackDeps): Promise<void> {
  const before = await registrationOf(tx, instance);
  if (!before || before.status !== 'pending') return;
  const now = deps.clock.now();
  const rules = await developmentRulesFor(tx, before.unitId);
  const [after] = await tx
    .update(developmentRegistrations)
    .set({ status: 'active', approvedAt: now, exclusiveUntil: addDaysTo(now, rules.exclusiveDays), updatedAt: now })
    .where(eq(developmentRegistrations.id, before.id))
    .returning();
  const reg = after!;
  const customerName = await customerNameOf(tx, reg.customerId);
  const holderName = await userNameOf(tx, reg.ownerId);
  const until = shanghaiMinute(reg.exclusiveUntil!);
  await recordAudit(tx, deps.clock, deps.ctx, {
    action: 'registration_active',
    entityType: 'development_registration',
    entityId: reg.id,
    customerId: reg.customerId,
    summary: `报备 ${reg.number}（${customerName}）审批通过，${holderName} 独家开发期至 ${until}`,
    changes: diffChanges(before, reg, ['status', 'approvedAt', 'exclusiveUntil']),
  });
  await addTimelineEvent(tx, deps.clock, {
    customerId: reg.customerId,
    type: 'registration',
    title: `报备 ${reg.number} 审批通过：${holderName} 独家开发期至 ${until}`,
    detail: { registrationId: reg.id, status: 'active', exclusiveUntil: reg.exclusiveUntil!.toISOString(), approvalId: instance.id },
    actorId: deps.ctx.actor?.userId ?? null,
    link: `/development/registrations?id=${reg.id}`,
    sourceType: 'development_registration',
    sourceId: reg.id,
  });
  await announceRegistration(tx, deps, reg, `${holderName} 报备了 ${customerName}，独家开发期至 ${until}`);
}

/**
 * Ends a pending registration (rejected / withdrawn): a customer it took from the pool or created
 * goes (back) to the pool, unless it has moved on meanwhile.
 */
async function endPendingRegistration(tx: Tx, instance: ApprovalInstanceRow, deps: ApprovalCallbackDeps, status: 'rejected' | 'withdrawn'): Promise<void> {
  const before = await registrationOf(tx, instance);
  if (!before || before.status !== 'pending') return;
  const now = deps.clock.now();
  const label = status === 'rejected' ? '未通过' : '已撤回';
  const [after] = await tx
    .update(developmentRegistrations)
    .set({ status, endedAt: now, endReason: `报备${label}`, updatedAt: now })
    .where(eq(developmentRegistrations.id, before.id))
    .returning();
  const customerName = await customerNameOf(tx, before.customerId);
  await recordAudit(tx, deps.clock, deps.ctx, {
    action: `registration_${status}`,
    entityType: 'development_registration',
    entityId: before.id,
    customerId: before.customerId,
    summary: `报备 ${before.number}（${customerName}）${label}（审批 #${instance.id}）`,
    changes: diffChanges(before, after!, ['status', 'endedAt', 'endReason']),
  });
  await addTimelineEvent(tx, deps.clock, {
    customerId: before.customerId,
    type: 'registration',
    title: `报备 ${before.number} ${label}`,
    detail: { registrationId: before.id, status, approvalId: instance.id },
    actorId: deps.ctx.actor?.userId ?? null,
    link: `/development/registrations?id=${before.id}`,
    sourceType: 'development_registration',
    sourceId: before.id,
  });
  if (before.tookOwnership || before.createdCustomer) {
    await changeCustomerOwner(tx, deps.clock, deps.ctx, {
      customerId: before.customerId,
      toUserId: null,
      kind: 'rejected',
      expectOwnerId: before.ownerId,
      reason: `报备 ${before.number} ${label}`,
      sourceType: 'development_registration',
      sourceId: before.id,
    });
  }
}

async function canViewRegistration(db: DbOrTx, actor: Actor, businessId: string): Promise<boolean> {
  const id = numericRecordId(businessId, Number.MAX_SAFE_INTEGER);
  if (id === null) return false;
  const [row] = await db
    .select({ id: developmentRegistrations.id })
    .from(developmentRegistrations)
    .where(
      and(
        eq(developmentRegistrations.id, id),
        developmentScope(actor, { unit: developmentRegistrations.unitId, owners: [developmentRegistrations.ownerId] }),
      ),
    );
  return Boolean(row);
}

export const registrationApprovalType: ApprovalTypeDefinition = {
  type: REGISTRATION_APPROVAL_TYPE,
  name: '开发预案报备',
  nameEn: 'Development registration',
  defaultFlow: { name: '开发预案报备审批', description: '部门负责人确认报备，确认后取得保护期内的独家开发权。', steps: [flowStep('部门负责人审批', 'unit_manager')] },
  conditionFields: [{ key: 'expectedValue', label: '预计价值', labelEn: 'Expected value', format: 'yuan' }],
  dataSchema: z.object({
    registrationId: z.number().int(),
    number: z.string(),
    customerId: z.number().int(),
    customerName: z.string(),
    intendedBusiness: z.string(),
    expectedValue: z.number().nullable(),
  }),
  onApproved: approveRegistration,
  onRejected: (tx, instance, deps) => endPendingRegistration(tx, instance, deps, 'rejected'),
  onWithdrawn: (tx, instance, deps) => endPendingRegistration(tx, instance, deps, 'withdrawn'),
  onReturned: async () => {},
  describe: (instance) => ({
    summary:
      typeof instance.data.customerName === 'string'
        ? `客户：${instance.data.customerName}；意向业务：${String(instance.data.intendedBusiness ?? '')}${
            typeof instance.data.expectedValue === 'number' ? `；预计价值 ${instance.data.expectedValue.toFixed(2)} 元` : ''
          }`
        : undefined,
    link: typeof instance.data.registrationId === 'number' ? `/development/registrations?id=${instance.data.registrationId}` : undefined,
  }),
  canView: canViewRegistration,
};
