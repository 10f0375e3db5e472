import { and, count, eq, sql } from 'drizzle-orm';
import { isInScope, requirePermission, type Actor, type RequestContext } from '../access/access';
import { handOverApprovals } from '../approvals/approval-decisions';
import { approvalInstances } from '../approvals/approvals.table';
import { recordAudit } from '../audit/audit.service';
import { revokeUserSessions } from '../auth/auth.service';
import type { DbOrTx } from '../db/client';
import type { Deps } from '../deps';
import { AppError, fieldError } from '../errors';
import { notify } from '../notifications/notifications.service';
import { tasks } from '../tasks/tasks.table';
import { handOverSteps, type HandOverStep } from './hand-over';
import { orgUnits, users } from './org.table';

// 离职交接 (R-PLT-05): the departing user is disabled (never deleted) and every registered step
// hands their duties to one successor — all in one transaction, audited with the counts.

export const tasksHandOver: HandOverStep = {
  key: 'tasks',
  label: '待办',
  order: 90,
  async run(tx, clock, ctx, fromUserId, toUserId) {
    const [successor] = await tx.select({ unitId: users.unitId, name: users.displayName }).from(users).where(eq(users.id, toUserId));
    const moved = await tx
      .update(tasks)
      .set({ assigneeId: toUserId, unitId: successor!.unitId })
      .where(and(eq(tasks.status, 'open'), eq(tasks.assigneeId, fromUserId)))
      .returning({ id: tasks.id, title: tasks.title });
    for (const task of moved) {
      await recordAudit(tx, clock, ctx, {
        action: 'update',
        entityType: 'task',
        entityId: task.id,
        summary: `离职交接：待办「${task.title}」移交给 ${successor!.name}`,
        changes: { assigneeId: { before: fromUserId, after: toUserId } },
      });
    }
    return moved.length;
  },
  async count(db, fromUserId) {
    const [row] = await db
      .select({ n: count() })
      .from(tasks)
      .where(and(eq(tasks.status, 'open'), eq(tasks.assigneeId, fromUserId)));
    return Number(row?.n ?? 0);
  },
};

export const approvalsHandOver: HandOverStep = {
  key: 'approvals',
  label: '待审批',
  order: 95,
  run: (tx, clock, ctx, fromUserId, toUserId) => handOverApprovals(tx, clock, ctx, fromUserId, toUserId),
  async count(db, fromUserId) {
    const [row] = await db
      .select({ n: count() })
      .from(approvalInstances)
      .where(and(eq(approvalInstances.status, 'pending'), sql`${approvalInstances.steps} @> ${JSON.stringify([{ approverIds: [fromUserId] }])}::jsonb`));
    return Number(row?.n ?? 0);
  },
};

async function userInScope(db: DbOrTx, actor: Actor, id: number) {
  const [row] = await db
    .select({ id: users.id, username: users.username, name: users.displayName, status: users.status, unitId: users.unitId, unitPath: orgUnits.path })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.unitId))
    .where(eq(users.id, id));
  if (!row || !isInScope(actor, 'org', { unitPath: row.unitPath, unitId: row.unitId, ownerIds: [row.id] })) return undefined;
  return row;
}

export interface HandOverCount {
  key: string;
  label: string;
  count: number | null;
}

/** What a hand-over would move now (steps without a count give null). */
export async function previewHandOver(deps: Deps, ctx: RequestContext, userId: number) {
  const actor = requirePermission(ctx.actor, 'user:manage');
  const user = await userInScope(deps.db, actor, userId);
  if (!user) throw new AppError('NOT_FOUND', '用户不存在或无权查看');
  const steps: HandOverCount[] = [];
  for (const step of handOverSteps()) steps.push({ key: step.key, label: step.label, count: step.count ? await step.count(deps.db, userId) : null });
  return { userId, userName: user.name, status: user.status, steps };
}

/** 离职交接: disable the user, revoke their sessions, run every step, audit one summary. */
export async function handOverUser(deps: Deps, ctx: RequestContext, userId: number, successorId: number) {
  const actor = requirePermission(ctx.actor, 'user:manage');
  if (userId === actor.userId) throw new AppError('CONFLICT', '不能为自己办理离职交接', { reason: 'hand_over.self' });
  if (successorId === userId) throw fieldError('successorId', '接替人不能是离职人员本人');
  return deps.db.transaction(async (tx) => {
    const [locked] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');
    const user = locked ? await userInScope(tx, actor, userId) : undefined;
    if (!user) throw new AppError('NOT_FOUND', '用户不存在或无权查看');
    const successor = await userInScope(tx, actor, successorId);
    if (!successor) throw fieldError('successorId', '接替人不存在或不在您的管理范围内');
    if (successor.status !== 'active') throw fieldError('successorId', `接替人 ${successor.name} 已停用，请选择在职人员`);

    await tx.update(users).set({ status: 'disabled', updatedAt: deps.clock.now(), failedLoginCount: 0, lockedUntil: null }).where(eq(users.id, userId));
    await revokeUserSessions(tx, userId);
    const counts: HandOverCount[] = [];
    for (const step of handOverSteps()) {
      counts.push({ key: step.key, label: step.label, count: await step.run(tx, deps.clock, ctx, userId, successorId) });
    }
    const summary = counts.map((c) => `${c.label} ${c.count ?? 0}`).join('、');
    await recordAudit(tx, deps.clock, ctx, {
      action: 'hand_over',
      entityType: 'user',
      entityId: userId,
      summary: `离职交接：停用用户 ${user.username}（${user.name}），移交给 ${successor.name}：${summary}`,
      changes: {
        status: { before: user.status, after: 'disabled' },
        successorId: { before: null, after: successorId },
        handedOver: { before: null, after: Object.fromEntries(counts.map((c) => [c.key, c.count])) },
      },
    });
    await notify(tx, deps.clock, {
      userId: successorId,
      kind: 'task_assigned',
      title: `离职交接：${user.name} 的工作已移交给您`,
      body: `移交内容：${summary}。`,
      link: '/development/my-customers',
    });
    return { userId, successorId, successorName: successor.name, steps: counts };
  });
}
