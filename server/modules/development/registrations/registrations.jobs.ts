import { and, asc, eq, gt, gte, inArray, lte } from 'drizzle-orm';
import type { RequestContext } from '../../../platform/access/access';
import { diffChanges, recordAudit } from '../../../platform/audit/audit.service';
import type { Deps } from '../../../platform/deps';
import { defineJob, type JobContext } from '../../../platform/jobs/jobs.registry';
import { shanghaiMinute } from '../../../platform/jobs/jobs.service';
import { notify } from '../../../platform/notifications/notifications.service';
import { orgUnits } from '../../../platform/org/org.table';
import { addTimelineEvent } from '../../customers';
import { opportunityStageChanges } from '../opportunities/opportunities.table';
import { significantStages } from '../opportunities/opportunity-stages';
import { customerNameOf, lockRegistration, REGISTRATION_ENDED } from './registration-approval';
import { developmentRegistrations } from './registrations.table';

export const REGISTRATION_LAPSE_JOB = 'registration_lapse';

/**
 * 独家开发期到期 (R-DEV-03): an active registration whose period has passed ends as `completed`
 * when an opportunity of the customer reached 洽谈/签约 (a significant stage) since approval,
 * else as `lapsed`. The holder and the unit's manager are told; the timeline records it.
 */
export async function lapseRegistrations(deps: Deps, job?: Pick<JobContext, 'progress' | 'audit'>) {
  const ctx: RequestContext & { actorName?: string } = job?.audit ?? {};
  const result = { due: 0, lapsed: 0, completed: 0 };
  let lastId = 0;
  for (;;) {
    const now = deps.clock.now();
    const batch = await deps.db
      .select({ id: developmentRegistrations.id })
      .from(developmentRegistrations)
      .where(and(eq(developmentRegistrations.status, 'active'), lte(developmentRegistrations.exclusiveUntil, now), gt(developmentRegistrations.id, lastId)))
      .orderBy(asc(developmentRegistrations.id))
      .limit(200);
    if (!batch.length) break;
    for (const { id } of batch) {
      lastId = id;
      const outcome = await deps.db.transaction(async (tx) => {
        const before = await lockRegistration(tx, id);
        if (!before || before.status !== 'active' || !before.exclusiveUntil || before.exclusiveUntil > now) return null;
        const [progress] = await tx
          .select({ toStage: opportunityStageChanges.toStage, at: opportunityStageChanges.at })
          .from(opportunityStageChanges)
          .where(
            and(
              eq(opportunityStageChanges.customerId, before.customerId),
              inArray(opportunityStageChanges.toStage, [...significantStages]),
              gte(opportunityStageChanges.at, before.approvedAt ?? before.submittedAt),
            ),
          )
          .limit(1);
        const status = progress ? 'completed' : 'lapsed';
        const endReason = progress ? `商机已推进到重要阶段（${progress.toStage}），开发成功` : '独家开发期届满，无实质进展，自动失效';
        const [after] = await tx
          .update(developmentRegistrations)
          .set({ status, endedAt: now, endReason, updatedAt: now })
          .where(eq(developmentRegistrations.id, id))
          .returning();
        const customerName = await customerNameOf(tx, before.customerId);
        const title = progress
          ? `${customerName}：报备 ${before.number} 独家开发期届满，商机已有实质进展，报备完成`
          : `${customerName}：报备 ${before.number} 独家开发期已于 ${shanghaiMinute(before.exclusiveUntil)} 届满且无实质进展，独家开发权失效`;
        await recordAudit(tx, deps.clock, ctx, {
          action: `registration_${status}`,
          entityType: 'development_registration',
          entityId: id,
          customerId: before.customerId,
          summary: title,
          changes: diffChanges(before, after!, ['status', 'endedAt', 'endReason']),
          ...(ctx.actor ? {} : { actorName: ctx.actorName ?? '系统规则' }),
        });
        await addTimelineEvent(tx, deps.clock, {
          customerId: before.customerId,
          type: 'registration',
          title: progress ? `报备 ${before.number} 完成：商机已推进到重要阶段` : `报备 ${before.number} 独家开发权失效（期内无实质进展）`,
          detail: { registrationId: id, status, toStage: progress?.toStage ?? null },
          actorId: ctx.actor?.userId ?? null,
          link: `/development/registrations?id=${id}`,
          sourceType: 'development_registration',
          sourceId: id,
        });
        const [unit] = await tx.select({ managerId: orgUnits.managerId }).from(orgUnits).where(eq(orgUnits.id, before.unitId));
        const body = progress ? '' : '部门负责人可在失效后 30 天内延期一次，或改派给其他人员。';
        for (const userId of new Set([before.ownerId, ...(unit?.managerId ? [unit.managerId] : [])])) {
          await notify(tx, deps.clock, { userId, kind: REGISTRATION_ENDED, title, body, link: `/development/registrations?id=${id}` });
        }
        return status;
      });
      if (!outcome) continue;
      result.due++;
      result[outcome]++;
    }
    await job?.progress(result.due, null, `已处理 ${result.due} 份到期报备`);
  }
  return result;
}

export const registrationLapseJob = defineJob({
  key: REGISTRATION_LAPSE_JOB,
  name: '报备独家开发期到期处理',
  nameEn: 'Exclusive-right expiry',
  description: '独家开发期届满的报备：期内商机推进到洽谈/签约阶段的记为完成，否则自动失效，并通知持有人与部门负责人',
  descriptionEn: 'Registrations whose exclusive period has ended: completed when an opportunity reached negotiation or signing during the period, otherwise lapsed; the holder and the unit manager are told.',
  defaultCron: '5 * * * *',
  run: (context) => lapseRegistrations(context.deps, context),
});
