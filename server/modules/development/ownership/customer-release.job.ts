import { and, asc, eq, gt, isNotNull, isNull } from 'drizzle-orm';
import type { RequestContext } from '../../../platform/access/access';
import type { Deps } from '../../../platform/deps';
import { defineJob, type JobContext } from '../../../platform/jobs/jobs.registry';
import { shanghaiMinute } from '../../../platform/jobs/jobs.service';
import { users } from '../../../platform/org/org.table';
import { createTask } from '../../../platform/tasks/tasks.service';
import { changeCustomerOwner, customers } from '../../customers';
import { RELEASE_WARNING_RULE } from '../follow-up';
import { cancelReleaseWarnings, notifyOwnership } from './ownership-effects';
import { ownershipDates, rulesCache } from './ownership-rules';
import { shanghaiDate } from '../../../platform/dates';

export const CUSTOMER_RELEASE_JOB = 'customer_release';

/**
 * 到期释放 (R-DEV-11): owned customers whose release date has passed (no valid follow-up for the
 * unit's release days, protection over) go back to the pool and the old owner is told; those
 * within the warning period get one reminder task per release date. A follow-up recorded
 * meanwhile moves the date, so every customer is re-checked under its row lock before release.
 */
export async function releaseOverdueCustomers(deps: Deps, job?: Pick<JobContext, 'progress' | 'audit'>) {
  const ctx: RequestContext = job?.audit ?? {};
  const rulesOf = rulesCache(deps.db);
  const result = { checked: 0, released: 0, warned: 0 };
  let lastId = 0;
  for (;;) {
    const now = deps.clock.now();
    const batch = await deps.db
      .select({
        id: customers.id,
        name: customers.name,
        unitId: customers.unitId,
        ownerId: customers.ownerId,
        ownedSince: customers.ownedSince,
        protectedUntil: customers.protectedUntil,
        lastFollowUpAt: customers.lastFollowUpAt,
        ownerStatus: users.status,
      })
      .from(customers)
      .leftJoin(users, eq(users.id, customers.ownerId))
      .where(and(isNotNull(customers.ownerId), isNull(customers.mergedIntoId), gt(customers.id, lastId)))
      .orderBy(asc(customers.id))
      .limit(500);
    if (!batch.length) break;
    for (const row of batch) {
      lastId = row.id;
      result.checked++;
      const rules = await rulesOf(row.unitId);
      const dates = ownershipDates(row, rules, now);
      if (!dates.releaseDueAt || !dates.dueSoon) continue;
      if (now >= dates.releaseDueAt) {
        const released = await deps.db.transaction(async (tx) => {
          const [current] = await tx.select().from(customers).where(eq(customers.id, row.id)).for('update');
          if (!current || current.ownerId === null || current.ownerId !== row.ownerId) return false;
          const fresh = ownershipDates(current, rules, now);
          if (!fresh.releaseDueAt || now < fresh.releaseDueAt) return false;
          const changed = await changeCustomerOwner(tx, deps.clock, ctx, {
            customerId: row.id,
            toUserId: null,
            kind: 'release',
            expectOwnerId: current.ownerId,
            reason: `超过 ${rules.releaseDays} 天无有效跟进`,
          });
          if (!changed) return false;
          await cancelReleaseWarnings(tx, deps.clock, ctx, row.id);
          await notifyOwnership(tx, deps.clock, ctx, {
            userId: current.ownerId,
            customerId: row.id,
            title: `客户已退回公海：${row.name}`,
            body: `客户「${row.name}」超过 ${rules.releaseDays} 天无有效跟进，已于 ${shanghaiMinute(now)} 自动退回公海。`,
          });
          return true;
        });
        if (released) result.released++;
        continue;
      }
      if (row.ownerStatus !== 'active') continue;
      const { created } = await deps.db.transaction((tx) =>
        createTask(
          tx,
          deps,
          {
            title: `客户即将退回公海：${row.name}`,
            description: `客户「${row.name}」将于 ${shanghaiMinute(dates.releaseDueAt!)} 因 ${rules.releaseDays} 天无有效跟进退回公海，请及时拜访或跟进。`,
            assigneeId: row.ownerId!,
            dueAt: dates.releaseDueAt!,
            recordType: 'customer',
            recordId: row.id,
            ruleKey: RELEASE_WARNING_RULE,
            dedupeKey: `${RELEASE_WARNING_RULE}:${row.id}:${shanghaiDate(dates.releaseDueAt!)}`,
            createdById: null,
          },
          ctx,
        ),
      );
      if (created) result.warned++;
    }
    await job?.progress(result.checked, null, `已检查 ${result.checked} 个客户，退回公海 ${result.released} 个，提醒 ${result.warned} 个`);
  }
  return result;
}

export const customerReleaseJob = defineJob({
  key: CUSTOMER_RELEASE_JOB,
  name: '客户到期退回公海',
  nameEn: 'Release to the shared pool',
  description: '保护期已过且超过规定天数无有效跟进的客户自动退回公海并通知原客户经理；释放前若干天为客户经理创建提醒待办',
  descriptionEn: 'Customers past their protection period without a valid follow-up for the set number of days return to the pool and their account manager is told; a reminder task comes some days before.',
  defaultCron: '30 1 * * *',
  run: (context) => releaseOverdueCustomers(context.deps, context),
});
