import { and, eq } from 'drizzle-orm';
import type { RequestContext } from '../../../platform/access/access';
import { recordAudit } from '../../../platform/audit/audit.service';
import type { Clock } from '../../../platform/clock';
import type { DbOrTx } from '../../../platform/db/client';
import { notify } from '../../../platform/notifications/notifications.service';
import { tasks } from '../../../platform/tasks/tasks.table';
import { RELEASE_WARNING_RULE } from '../follow-up';
import { activeUserOf } from '../../../platform/org/org.queries';

// What follows an owner change: open tasks go with the customer (R-DEV-14), the release
// reminders of the old ownership are cancelled, the people concerned are told.

export const OWNERSHIP_NOTICE = 'customer_ownership';
export const ownershipNotificationKind = { kind: OWNERSHIP_NOTICE, label: '客户归属变化（认领、分配、转移、退回公海）', labelEn: 'Ownership changes (claim, assignment, transfer, release)' };

/** Hands the customer's open tasks assigned to `fromUserId` to `toUserId`; returns how many. */
export async function handOverCustomerTasks(
  tx: DbOrTx,
  clock: Clock,
  ctx: RequestContext,
  input: { customerId: number; fromUserId: number | null; toUserId: number; customerName: string },
): Promise<number> {
  if (input.fromUserId === null || input.fromUserId === input.toUserId) return 0;
  const successor = await activeUserOf(tx, input.toUserId);
  if (!successor) return 0;
  const moved = await tx
    .update(tasks)
    .set({ assigneeId: successor.id, unitId: successor.unitId })
    .where(
      and(
        eq(tasks.status, 'open'),
        eq(tasks.recordType, 'customer'),
        eq(tasks.recordId, String(input.customerId)),
        eq(tasks.assigneeId, input.fromUserId),
      ),
    )
    .returning({ id: tasks.id, title: tasks.title });
  for (const task of moved) {
    await recordAudit(tx, clock, ctx, {
      action: 'update',
      entityType: 'task',
      entityId: task.id,
      summary: `客户「${input.customerName}」转移，待办「${task.title}」随客户移交给 ${successor.name}`,
      changes: { assigneeId: { before: input.fromUserId, after: successor.id } },
      ...(ctx.actor ? {} : { actorName: '系统规则' }),
    });
  }
  return moved.length;
}

/** The release reminders of an ownership that ended are no longer anyone's duty. */
export async function cancelReleaseWarnings(tx: DbOrTx, clock: Clock, ctx: RequestContext, customerId: number): Promise<void> {
  const cancelled = await tx
    .update(tasks)
    .set({ status: 'cancelled', completedAt: clock.now() })
    .where(and(eq(tasks.status, 'open'), eq(tasks.ruleKey, RELEASE_WARNING_RULE), eq(tasks.recordType, 'customer'), eq(tasks.recordId, String(customerId))))
    .returning({ id: tasks.id, title: tasks.title });
  for (const task of cancelled) {
    await recordAudit(tx, clock, ctx, {
      action: 'cancel',
      entityType: 'task',
      entityId: task.id,
      summary: `待办「${task.title}」因客户归属变化自动取消`,
      changes: { status: { before: 'open', after: 'cancelled' } },
      ...(ctx.actor ? {} : { actorName: '系统规则' }),
    });
  }
}

/** In-app notice to a user about one of their customers (not to the actor themself). */
export async function notifyOwnership(
  tx: DbOrTx,
  clock: Clock,
  ctx: RequestContext,
  input: { userId: number | null; customerId: number; title: string; body: string },
): Promise<void> {
  if (input.userId === null || input.userId === ctx.actor?.userId) return;
  await notify(tx, clock, { userId: input.userId, kind: OWNERSHIP_NOTICE, title: input.title, body: input.body, link: `/customers/${input.customerId}` });
}
