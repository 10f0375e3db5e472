import { and, asc, eq, gte, lte } from 'drizzle-orm';
import { requirePermission, type RequestContext } from '../../../platform/access/access';
import { recordAudit } from '../../../platform/audit/audit.service';
import { createWorkdayCalendar } from '../../../platform/calendar/calendar.service';
import { daysBetween } from '../../../platform/dates';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { orgUnits, users } from '../../../platform/org/org.table';
import { assertAssignable, isUnitManager } from './complaints.access';
import { serviceDutyRoster, serviceSettings } from './complaints.table';

// 节假日值班表 (R-SVC-06): who covers service on a day. A covered day off keeps the complaint
// clocks running (R-SVC-12). Read by everyone in service; kept by unit managers and
// supervisors (complaint:supervise) and administrators (system:manage).

async function assertRosterKeeper(deps: Deps, ctx: RequestContext) {
  const actor = requirePermission(ctx.actor, 'service:read');
  if (!actor.permissions.has('complaint:supervise') && !actor.permissions.has('system:manage') && !(await isUnitManager(deps.db, actor.userId))) {
    throw new AppError('FORBIDDEN', '只有客服主管、部门经理或管理员可以排班', { reason: 'roster.not_keeper' });
  }
  return actor;
}

export async function listDutyRoster(deps: Deps, ctx: RequestContext, from: string, to: string) {
  requirePermission(ctx.actor, 'service:read');
  if (to < from) throw fieldError('to', '结束日期不能早于开始日期');
  if (daysBetween(from, to) > 366) throw fieldError('to', '一次最多查询一年');
  const calendar = await createWorkdayCalendar(deps.db);
  const rows = await deps.db
    .select({ id: serviceDutyRoster.id, day: serviceDutyRoster.day, userId: serviceDutyRoster.userId, userName: users.displayName, note: serviceDutyRoster.note })
    .from(serviceDutyRoster)
    .innerJoin(users, eq(users.id, serviceDutyRoster.userId))
    .where(and(gte(serviceDutyRoster.day, from), lte(serviceDutyRoster.day, to)))
    .orderBy(asc(serviceDutyRoster.day), asc(users.displayName));
  return rows.map((row) => ({ ...row, workday: calendar.isWorkday(row.day) }));
}

export async function addDutyEntry(deps: Deps, ctx: RequestContext, body: { day: string; userId: number; note?: string | null }) {
  const actor = await assertRosterKeeper(deps, ctx);
  const id = await deps.db.transaction(async (tx) => {
    const user = await assertAssignable(tx, body.userId, [], 'userId', '值班人');
    const [row] = await tx.insert(serviceDutyRoster).values({ day: body.day, userId: user.id, note: body.note || null, createdById: actor.userId, createdAt: deps.clock.now() }).onConflictDoNothing().returning({ id: serviceDutyRoster.id });
    if (!row) throw fieldError('userId', `${user.display_name} 在 ${body.day} 已排班`);
    await recordAudit(tx, deps.clock, ctx, { action: 'create', entityType: 'service_duty', entityId: row.id, summary: `排班：${body.day} ${user.display_name} 值班` });
    return row.id;
  });
  return id;
}

export async function removeDutyEntry(deps: Deps, ctx: RequestContext, id: number) {
  await assertRosterKeeper(deps, ctx);
  await deps.db.transaction(async (tx) => {
    const [row] = await tx.delete(serviceDutyRoster).where(eq(serviceDutyRoster.id, id)).returning();
    if (!row) throw new AppError('NOT_FOUND', '排班记录不存在');
    await recordAudit(tx, deps.clock, ctx, { action: 'delete', entityType: 'service_duty', entityId: id, summary: `取消排班：${row.day}（用户 ${row.userId}）` });
  });
}

export async function getServiceSettings(deps: Deps, ctx: RequestContext) {
  requirePermission(ctx.actor, 'service:read');
  const [row] = await deps.db.select().from(serviceSettings).where(eq(serviceSettings.id, 1));
  return { avoidManagerChain: row?.avoidManagerChain ?? true, returnVisitUnitId: row?.returnVisitUnitId ?? null };
}

/** 回避范围 (system:manage): applies to complaints whose target is recorded from now on. */
export async function saveServiceSettings(deps: Deps, ctx: RequestContext, body: { avoidManagerChain: boolean; returnVisitUnitId?: number | null }) {
  const actor = requirePermission(ctx.actor, 'system:manage');
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    if (body.returnVisitUnitId) {
      const [unit] = await tx.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.id, body.returnVisitUnitId));
      if (!unit) throw fieldError('returnVisitUnitId', '回访负责部门不存在');
    }
    const values = { avoidManagerChain: body.avoidManagerChain, returnVisitUnitId: body.returnVisitUnitId ?? null, updatedById: actor.userId, updatedAt: now };
    await tx.insert(serviceSettings).values({ id: 1, ...values }).onConflictDoUpdate({ target: serviceSettings.id, set: values });
    await recordAudit(tx, deps.clock, ctx, { action: 'update', entityType: 'service_settings', entityId: 1, summary: `客户服务设置：投诉回避${body.avoidManagerChain ? '被投诉人及其直接上级' : '仅被投诉人'}；回访负责部门 ${body.returnVisitUnitId ?? '各客户所属部门'}` });
  });
  return getServiceSettings(deps, ctx);
}
