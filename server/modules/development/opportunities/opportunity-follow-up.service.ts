import { and, asc, eq, gt, isNotNull } from 'drizzle-orm';
import { requirePermission, type RequestContext } from '../../../platform/access/access';
import { recordAudit } from '../../../platform/audit/audit.service';
import { addDays, shanghaiDate, shanghaiTime } from '../../../platform/dates';
import type { Deps } from '../../../platform/deps';
import type { JobContext } from '../../../platform/jobs/jobs.registry';
import { defineJob } from '../../../platform/jobs/jobs.registry';
import { users } from '../../../platform/org/org.table';
import { completeRuleTasks, createTask } from '../../../platform/tasks/tasks.service';
import { addTimelineEvent, customers, getVisibleCustomer, setCustomerIntentLevel } from '../../customers';
import { OPPORTUNITY_STALE_RULE } from '../follow-up';
import type { CustomerIntent, FollowUpsDue, IntentLevel } from './opportunities.schema';
import { opportunities } from './opportunities.table';
import { customerIntervalDays, followUpDueDate, lastActivityOf, opportunityIntervalDays, rulesCache } from './opportunity-intervals';
import { loadStages } from './opportunity-stages';

// 跟进频率 (R-DEV-22, 23): the intent level sets how often a customer / open opportunity must be
// followed up; opportunities never wait longer than the unit's monthly rule. Overdue ones are
// flagged stale and their owner gets a reminder; recordValidFollowUp (follow-up.ts) clears both.

/** Days a reminder gives the owner to follow up. */
const REMINDER_DAYS = 3;

/**
 * Flags every open opportunity whose follow-up is overdue and reminds its owner (one task per
 * opportunity and due date); clears the flag of those no longer overdue (e.g. a higher level).
 */
export async function flagStaleOpportunities(deps: Deps, job?: Pick<JobContext, 'progress' | 'audit'>) {
  const today = shanghaiDate(deps.clock.now());
  const rulesOf = rulesCache(deps.db);
  const ctx = job?.audit ?? {};
  const result = { checked: 0, stale: 0, reminded: 0, cleared: 0 };
  let lastId = 0;
  for (;;) {
    const batch = await deps.db
      .select({
        row: opportunities,
        customerName: customers.name,
        ownerStatus: users.status,
      })
      .from(opportunities)
      .innerJoin(customers, eq(customers.id, opportunities.customerId))
      .innerJoin(users, eq(users.id, opportunities.ownerId))
      .where(and(eq(opportunities.status, 'open'), gt(opportunities.id, lastId)))
      .orderBy(asc(opportunities.id))
      .limit(200);
    if (!batch.length) break;
    for (const { row, customerName, ownerStatus } of batch) {
      lastId = row.id;
      result.checked++;
      const days = opportunityIntervalDays(row.intentLevel, await rulesOf(row.unitId));
      const dueDate = followUpDueDate(lastActivityOf(row), days);
      const overdue = today > dueDate;
      if (!overdue) {
        if (row.stale) {
          await deps.db.transaction(async (tx) => {
            await tx.update(opportunities).set({ stale: false }).where(eq(opportunities.id, row.id));
            await completeRuleTasks(tx, deps, { ruleKey: OPPORTUNITY_STALE_RULE, recordType: 'opportunity', recordId: row.id }, ctx);
          });
          result.cleared++;
        }
        continue;
      }
      result.stale++;
      const created = await deps.db.transaction(async (tx) => {
        if (!row.stale) {
          await tx.update(opportunities).set({ stale: true }).where(eq(opportunities.id, row.id));
          await recordAudit(tx, deps.clock, ctx, {
            action: 'opportunity_stale',
            entityType: 'opportunity',
            entityId: row.id,
            customerId: row.customerId,
            summary: `商机「${row.name}」（${row.number}）超过 ${days} 天未跟进（应于 ${dueDate} 前跟进），标记为待跟进`,
            changes: { stale: { before: false, after: true } },
            ...(ctx.actor ? {} : { actorName: '系统规则' }),
          });
        }
        if (ownerStatus !== 'active') return false;
        const { created: isNew } = await createTask(
          tx,
          deps,
          {
            title: `商机待跟进：${customerName} · ${row.name}`,
            description: `意向级别 ${row.intentLevel}，应每 ${days} 天至少跟进一次，上次跟进已超期（应于 ${dueDate} 前）。请拜访或联系客户并登记跟进记录。`,
            assigneeId: row.ownerId,
            dueAt: shanghaiTime(addDays(today, REMINDER_DAYS), '18:00'),
            recordType: 'opportunity',
            recordId: row.id,
            ruleKey: OPPORTUNITY_STALE_RULE,
            dedupeKey: `${OPPORTUNITY_STALE_RULE}:${row.id}:${dueDate}`,
            createdById: null,
          },
          ctx,
        );
        return isNew;
      });
      if (created) result.reminded++;
    }
    await job?.progress(result.checked, null, `已检查 ${result.checked} 个进行中的商机`);
  }
  return result;
}

export const opportunityStaleJob = defineJob({
  key: OPPORTUNITY_STALE_RULE,
  name: '商机跟进超期提醒',
  nameEn: 'Overdue opportunity follow-ups',
  description: '进行中的商机按意向级别（A 每周、B 每两周、C 每月、D 每季度，且至少每月一次）检查跟进，超期的标记为待跟进并提醒负责人',
  descriptionEn: 'Open opportunities are checked against their intent level (A weekly, B every two weeks, C monthly, D quarterly, at least monthly); overdue ones are flagged and their owner reminded.',
  defaultCron: '30 7 * * *',
  run: (context) => flagStaleOpportunities(context.deps, context),
});

function customerIntentOf(row: { id: number; intentLevel: string | null; lastFollowUpAt: Date | null; ownedSince: Date | null; createdAt: Date }): CustomerIntent {
  const days = customerIntervalDays(row.intentLevel);
  const base = row.lastFollowUpAt ?? row.ownedSince ?? row.createdAt;
  return {
    customerId: row.id,
    intentLevel: row.intentLevel as IntentLevel | null,
    followUpDays: days,
    lastFollowUpAt: row.lastFollowUpAt?.toISOString() ?? null,
    followUpDueDate: days === null ? null : followUpDueDate(base, days),
  };
}

export async function getCustomerIntent(deps: Deps, ctx: RequestContext, customerId: number): Promise<CustomerIntent> {
  const actor = requirePermission(ctx.actor, 'development:read');
  return customerIntentOf(await getVisibleCustomer(deps.db, actor, customerId));
}

/** PUT the customer's intent level (R-DEV-23): audit and timeline in the same transaction. */
export async function setCustomerIntent(deps: Deps, ctx: RequestContext, customerId: number, level: IntentLevel): Promise<CustomerIntent> {
  const actor = requirePermission(ctx.actor, 'development:write');
  return deps.db.transaction(async (tx) => {
    const before = await getVisibleCustomer(tx, actor, customerId, { forUpdate: true });
    if (before.intentLevel !== level) {
      await setCustomerIntentLevel(tx, customerId, level);
      await recordAudit(tx, deps.clock, ctx, {
        action: 'update',
        entityType: 'customer',
        entityId: customerId,
        customerId,
        summary: `客户「${before.name}」意向级别：${before.intentLevel ?? '未设置'} → ${level}`,
        changes: { intentLevel: { before: before.intentLevel, after: level } },
      });
      await addTimelineEvent(tx, deps.clock, {
        customerId,
        type: 'intent_level',
        title: `意向级别：${before.intentLevel ?? '未设置'} → ${level}（每 ${customerIntervalDays(level)} 天至少跟进一次）`,
        detail: { before: before.intentLevel, after: level },
        actorId: actor.userId,
      });
    }
    return customerIntentOf({ ...before, intentLevel: level });
  });
}

/** The actor's own customers and open opportunities whose follow-up falls due within `days`. */
export async function listFollowUpsDue(deps: Deps, ctx: RequestContext, days: number): Promise<FollowUpsDue> {
  const actor = requirePermission(ctx.actor, 'development:read');
  const today = shanghaiDate(deps.clock.now());
  const horizon = addDays(today, days);
  const [ownCustomers, ownOpportunities, stages] = await Promise.all([
    deps.db
      .select()
      .from(customers)
      .where(and(eq(customers.ownerId, actor.userId), isNotNull(customers.intentLevel))),
    deps.db
      .select({ row: opportunities, customerName: customers.name })
      .from(opportunities)
      .innerJoin(customers, eq(customers.id, opportunities.customerId))
      .where(and(eq(opportunities.ownerId, actor.userId), eq(opportunities.status, 'open'))),
    loadStages(deps.db),
  ]);
  const rulesOf = rulesCache(deps.db);
  const labels = new Map(stages.map((stage) => [stage.code, stage.label]));
  const customerItems = ownCustomers
    .filter((row) => row.mergedIntoId === null)
    .map((row) => ({ row, intent: customerIntentOf(row) }))
    .filter(({ intent }) => intent.followUpDueDate !== null && intent.followUpDueDate <= horizon)
    .map(({ row, intent }) => ({
      customerId: row.id,
      customerName: row.name,
      intentLevel: row.intentLevel!,
      followUpDays: intent.followUpDays!,
      lastFollowUpAt: intent.lastFollowUpAt,
      dueDate: intent.followUpDueDate!,
      overdue: intent.followUpDueDate! < today,
    }));
  const opportunityItems = [];
  for (const { row, customerName } of ownOpportunities) {
    const followUpDays = opportunityIntervalDays(row.intentLevel, await rulesOf(row.unitId));
    const dueDate = followUpDueDate(lastActivityOf(row), followUpDays);
    if (dueDate > horizon) continue;
    opportunityItems.push({
      customerId: row.customerId,
      customerName,
      intentLevel: row.intentLevel,
      followUpDays,
      lastFollowUpAt: row.lastFollowUpAt?.toISOString() ?? null,
      dueDate,
      overdue: dueDate < today,
      opportunityId: row.id,
      number: row.number,
      name: row.name,
      stageLabel: labels.get(row.stageCode) ?? row.stageCode,
      stale: row.stale,
    });
  }
  const byDue = (a: { dueDate: string }, b: { dueDate: string }) => a.dueDate.localeCompare(b.dueDate);
  return { customers: customerItems.sort(byDue), opportunities: opportunityItems.sort(byDue) };
}
