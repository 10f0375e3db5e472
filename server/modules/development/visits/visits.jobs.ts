import { shanghaiTime } from '../../../platform/dates';
import { and, asc, eq, gt, lt } from 'drizzle-orm';
import { recordAudit } from '../../../platform/audit/audit.service';
import type { Deps } from '../../../platform/deps';
import type { JobContext } from '../../../platform/jobs/jobs.registry';
import { defineJob } from '../../../platform/jobs/jobs.registry';
import { users } from '../../../platform/org/org.table';
import { createTask } from '../../../platform/tasks/tasks.service';
import { customers } from '../../customers';
import { developmentRulesFor, type DevelopmentRules } from '../settings/development-settings.service';
import { reportDueDateOf, todayOf } from './visit-dates';
import { VISIT_OVERDUE_RULE } from './visit-rules';
import { visitPlanItems, visitPlans } from './visits.table';
import { addDays } from '../../../platform/dates';

/**
 * 拜访逾期 (R-DEV-31, R-PLT-30): a planned visit of an approved plan whose report deadline
 * (planned date + the unit's visit-report days) has passed without a visit record becomes
 * `missed`, and the specialist gets one task per item (dedupe key). A later record still
 * fulfils the item and closes the task.
 */
export async function markMissedPlannedVisits(deps: Deps, job?: Pick<JobContext, 'progress' | 'audit'>) {
  const today = todayOf(deps.clock);
  const rulesByUnit = new Map<number, DevelopmentRules>();
  const result = { checked: 0, missed: 0, tasks: 0 };
  let lastId = 0;
  for (;;) {
    const batch = await deps.db
      .select({
        id: visitPlanItems.id,
        plannedDate: visitPlanItems.plannedDate,
        purpose: visitPlanItems.purpose,
        customerId: visitPlanItems.customerId,
        customerName: customers.name,
        userId: visitPlans.userId,
        unitId: visitPlans.unitId,
        userStatus: users.status,
      })
      .from(visitPlanItems)
      .innerJoin(visitPlans, eq(visitPlans.id, visitPlanItems.planId))
      .innerJoin(customers, eq(customers.id, visitPlanItems.customerId))
      .leftJoin(users, eq(users.id, visitPlans.userId))
      .where(and(eq(visitPlans.status, 'approved'), eq(visitPlanItems.status, 'planned'), lt(visitPlanItems.plannedDate, today), gt(visitPlanItems.id, lastId)))
      .orderBy(asc(visitPlanItems.id))
      .limit(200);
    if (!batch.length) break;
    for (const item of batch) {
      lastId = item.id;
      result.checked++;
      let rules = rulesByUnit.get(item.unitId);
      if (!rules) rulesByUnit.set(item.unitId, (rules = await developmentRulesFor(deps.db, item.unitId)));
      const due = await reportDueDateOf(deps.db, rules, item.plannedDate);
      if (today <= due) continue;
      const created = await deps.db.transaction(async (tx) => {
        const [missed] = await tx
          .update(visitPlanItems)
          .set({ status: 'missed' })
          .where(and(eq(visitPlanItems.id, item.id), eq(visitPlanItems.status, 'planned')))
          .returning({ id: visitPlanItems.id });
        if (!missed) return false;
        await recordAudit(tx, deps.clock, job?.audit ?? {}, {
          action: 'visit_missed',
          entityType: 'visit_plan_item',
          entityId: item.id,
          customerId: item.customerId,
          summary: `计划于 ${item.plannedDate} 拜访客户「${item.customerName}」，截至 ${due} 未提交拜访记录，标记为未完成`,
          changes: { status: { before: 'planned', after: 'missed' } },
          ...(job?.audit.actor ? {} : { actorName: '系统规则' }),
        });
        if (item.userStatus !== 'active') return true;
        await createTask(
          tx,
          deps,
          {
            title: `计划拜访未记录：${item.customerName}`,
            description: `计划于 ${item.plannedDate} 拜访（${item.purpose}），拜访报告应于 ${due} 前提交，至今没有拜访记录。请补记拜访或向经理说明原因。`,
            assigneeId: item.userId,
            dueAt: shanghaiTime(addDays(today, 1), '18:00'),
            recordType: 'customer',
            recordId: item.customerId,
            ruleKey: VISIT_OVERDUE_RULE,
            dedupeKey: `${VISIT_OVERDUE_RULE}:${item.id}`,
            createdById: null,
          },
          job?.audit ?? {},
        );
        return true;
      });
      if (created) {
        result.missed++;
        if (item.userStatus === 'active') result.tasks++;
      }
    }
    await job?.progress(result.checked, null, `已检查 ${result.checked} 次计划拜访`);
  }
  return result;
}

export const visitReportOverdueJob = defineJob({
  key: VISIT_OVERDUE_RULE,
  name: '计划拜访逾期提醒',
  nameEn: 'Missed planned visits',
  description: '已批准拜访计划中，计划日期加拜访报告期限已过仍无拜访记录的拜访标记为未完成，并给招商专员创建待办（每次计划拜访一次）',
  descriptionEn: 'Planned visits without a visit record after the allowed days are marked missed and the specialist gets a task.',
  defaultCron: '30 7 * * *',
  run: (context) => markMissedPlannedVisits(context.deps, context),
});
