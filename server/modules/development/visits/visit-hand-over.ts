import type { HandOverStep } from '../../../platform/org/hand-over';
import { and, eq, gte, inArray } from 'drizzle-orm';
import { recordAudit } from '../../../platform/audit/audit.service';
import { monthOfDate, todayOf } from './visit-dates';
import { activeUser } from './visits.queries';
import { visitPlanItems, visitPlans } from './visits.table';

/**
 * Departure hand-over (R-PLT-05), after the customers: the departed user's draft, pending,
 * returned and approved plans of the current and later months go to the successor (who now owns
 * those customers), keeping status and approval. When the successor already has a plan for that
 * month, the departed user's remaining planned visits of it are cancelled (status `removed`)
 * instead — a successor's approved plan is never changed behind the manager's back.
 * Past months stay with the departed user as history.
 */
export const visitPlansHandOver: HandOverStep = {
  key: 'visit_plans',
  label: '拜访计划',
  order: 40,
  async run(tx, clock, ctx, fromUserId, toUserId) {
    const successor = await activeUser(tx, toUserId);
    if (!successor) return 0;
    const plans = await tx
      .select()
      .from(visitPlans)
      .where(
        and(
          eq(visitPlans.userId, fromUserId),
          gte(visitPlans.month, monthOfDate(todayOf(clock))),
          inArray(visitPlans.status, ['draft', 'pending', 'returned', 'approved']),
        ),
      )
      .for('update');
    let changed = 0;
    for (const plan of plans) {
      const [taken] = await tx
        .select({ id: visitPlans.id })
        .from(visitPlans)
        .where(and(eq(visitPlans.userId, toUserId), eq(visitPlans.month, plan.month)));
      if (!taken) {
        await tx.update(visitPlans).set({ userId: toUserId, unitId: successor.unitId, updatedAt: clock.now() }).where(eq(visitPlans.id, plan.id));
        await recordAudit(tx, clock, ctx, {
          action: 'hand_over',
          entityType: 'visit_plan',
          entityId: plan.id,
          summary: `离职交接：${plan.month} 拜访计划移交给 ${successor.name}`,
          changes: { userId: { before: fromUserId, after: toUserId }, unitId: { before: plan.unitId, after: successor.unitId } },
        });
      } else {
        const removed = await tx
          .update(visitPlanItems)
          .set({ status: 'removed' })
          .where(and(eq(visitPlanItems.planId, plan.id), eq(visitPlanItems.status, 'planned')))
          .returning({ id: visitPlanItems.id });
        await recordAudit(tx, clock, ctx, {
          action: 'hand_over',
          entityType: 'visit_plan',
          entityId: plan.id,
          summary: `离职交接：${successor.name} 已有 ${plan.month} 拜访计划（#${taken.id}），取消本计划剩余的 ${removed.length} 次计划拜访`,
        });
      }
      changed++;
    }
    return changed;
  },
};
