import { shanghaiTime } from '../../../platform/dates';
import { and, asc, eq, gt } from 'drizzle-orm';
import type { RequestContext } from '../../../platform/access/access';
import { diffChanges, recordAudit } from '../../../platform/audit/audit.service';
import { addDays, addMonths, shanghaiDate } from '../../../platform/dates';
import type { DbOrTx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { defineJob, type JobContext } from '../../../platform/jobs/jobs.registry';
import { orgUnits, users } from '../../../platform/org/org.table';
import { createTask } from '../../../platform/tasks/tasks.service';
import { PROGRESS_REMINDER_RULE, PROJECT_REVIEW_RULE } from './project-activity.service';
import { projectAuditFields } from './project-approval';
import { flagLabels, progressDueDate, projectFlagOn, type ProjectFlag } from './project-rules';
import { lockProject, type ProjectRow } from './projects.queries';
import { developmentProjects } from './projects.table';

export const PROJECT_REVIEW_JOB = 'development_project_review';

const endOfDay = (date: string) => shanghaiTime(date, '23:59');

/** The unit's manager, else the nearest manager above who is not the owner and is active. */
async function managerFor(tx: DbOrTx, project: ProjectRow): Promise<number | null> {
  const [unit] = await tx.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, project.unitId));
  const ids = (unit?.path ?? '').split('/').filter(Boolean).map(Number).reverse();
  for (const unitId of ids) {
    const [row] = await tx
      .select({ managerId: orgUnits.managerId, status: users.status })
      .from(orgUnits)
      .leftJoin(users, eq(users.id, orgUnits.managerId))
      .where(eq(orgUnits.id, unitId));
    if (row?.managerId && row.managerId !== project.ownerId && row.status === 'active') return row.managerId;
  }
  return null;
}

type Result = { checked: number; reminders: number; flagged: number; reviews: number; reports: number };

/**
 * One active project on `today`: the 30-day progress reminder to the owner, the strongest flag,
 * the 6-month review (task for the unit manager) and the 12-month written report.
 */
async function reviewOne(deps: Deps, audit: RequestContext & { actorName?: string }, id: number, today: string, result: Result) {
  await deps.db.transaction(async (tx) => {
    const before = await lockProject(tx, id);
    if (!before || before.status !== 'active' || !before.approvedAt) return;
    const approvedDate = shanghaiDate(before.approvedAt);
    const progressDate = shanghaiDate(before.lastProgressAt ?? before.approvedAt);
    const due = progressDueDate(progressDate);
    const recordType = 'development_project';
    if (due <= today) {
      const { created } = await createTask(
        tx,
        deps,
        {
          title: `开发立项待汇报进展：${before.name}`,
          description: `开发立项 ${before.number} 上次进展为 ${progressDate}，须至少每 30 天汇报一次进展（应于 ${due} 前汇报）。`,
          assigneeId: before.ownerId,
          dueAt: endOfDay(due < today ? today : due),
          recordType,
          recordId: before.id,
          ruleKey: PROGRESS_REMINDER_RULE,
          dedupeKey: `${PROGRESS_REMINDER_RULE}:${before.id}:${due}`,
          createdById: null,
        },
        audit,
      );
      if (created) result.reminders++;
    }
    const flag: ProjectFlag | null = projectFlagOn(today, approvedDate, progressDate);
    let reviewRequired = before.reviewRequired;
    if (addMonths(progressDate, 6) <= today) {
      const managerId = await managerFor(tx, before);
      if (managerId !== null) {
        const { created } = await createTask(
          tx,
          deps,
          {
            title: `开发立项需评审：${before.name}`,
            description: `开发立项 ${before.number} 自 ${progressDate} 起已 6 个月没有进展，请组织评审，决定继续开发或终止。`,
            assigneeId: managerId,
            dueAt: endOfDay(addDays(today, 7)),
            recordType,
            recordId: before.id,
            ruleKey: PROJECT_REVIEW_RULE,
            dedupeKey: `${PROJECT_REVIEW_RULE}:${before.id}:${progressDate}`,
            createdById: null,
          },
          audit,
        );
        if (created) reviewRequired = true;
      } else if (flag !== before.flag) {
        reviewRequired = true;
      }
    }
    const reportRequired = before.reportRequired || (addMonths(approvedDate, 12) <= today && before.reportSubmittedAt === null);
    if (flag === before.flag && reviewRequired === before.reviewRequired && reportRequired === before.reportRequired) return;
    const [after] = await tx
      .update(developmentProjects)
      .set({ flag, reviewRequired, reportRequired, updatedAt: deps.clock.now() })
      .where(eq(developmentProjects.id, before.id))
      .returning();
    if (flag && flag !== before.flag) result.flagged++;
    if (reviewRequired && !before.reviewRequired) result.reviews++;
    if (reportRequired && !before.reportRequired) result.reports++;
    await recordAudit(tx, deps.clock, audit, {
      action: 'flag',
      entityType: 'development_project',
      entityId: before.id,
      customerId: before.customerId,
      summary: `开发立项 ${before.number} 规则检查：${flag ? flagLabels[flag] : '无标记'}${reviewRequired ? '；需评审' : ''}${reportRequired ? '；需提交书面报告' : ''}`,
      changes: diffChanges(before, after!, projectAuditFields),
      ...(audit.actor ? {} : { actorName: audit.actorName ?? '系统规则' }),
    });
  });
}

/** 开发立项时限检查 (R-DEV-50): runs daily over all active projects in id order. */
export async function reviewDevelopmentProjects(deps: Deps, job?: Pick<JobContext, 'progress' | 'audit'>): Promise<Result> {
  const today = shanghaiDate(deps.clock.now());
  const audit = job?.audit ?? {};
  const result: Result = { checked: 0, reminders: 0, flagged: 0, reviews: 0, reports: 0 };
  let lastId = 0;
  for (;;) {
    const batch = await deps.db
      .select({ id: developmentProjects.id })
      .from(developmentProjects)
      .where(and(eq(developmentProjects.status, 'active'), gt(developmentProjects.id, lastId)))
      .orderBy(asc(developmentProjects.id))
      .limit(200);
    if (!batch.length) break;
    for (const { id } of batch) {
      lastId = id;
      result.checked++;
      await reviewOne(deps, audit, id, today, result);
    }
    await job?.progress(result.checked, null, `已检查 ${result.checked} 个进行中的开发立项`);
  }
  return result;
}

export const projectReviewJob = defineJob({
  key: PROJECT_REVIEW_JOB,
  name: '开发立项进展与时限检查',
  nameEn: 'Development project progress and deadlines',
  description: '每 30 天须汇报进展（逾期提醒负责人）；3 个月无进展标记，6 个月无进展交部门负责人评审，立项满 12 个月未达成目标须提交书面报告',
  descriptionEn: 'Progress is due every 30 days (the owner is reminded); 3 months without progress flags the project, 6 months sends it to the unit manager for review, and 12 months without reaching the target asks for a written report.',
  defaultCron: '30 7 * * *',
  run: (context) => reviewDevelopmentProjects(context.deps, context),
});
