import { eq, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { requirePermission, type RequestContext } from '../../../platform/access/access';
import { recordAudit } from '../../../platform/audit/audit.service';
import type { Deps } from '../../../platform/deps';
import { AppError } from '../../../platform/errors';
import { defineJob } from '../../../platform/jobs/jobs.registry';
import { claimJobRun, executeJobRun, isJobRunning, markInterruptedRuns, shanghaiMinute } from '../../../platform/jobs/jobs.service';
import { jobRuns } from '../../../platform/jobs/jobs.table';
import { formatCny, parseYuan } from '../../../platform/money';
import {
  effectiveSetting,
  quotaGradeAt,
  quotaLimits,
  resolveRevenueGrade,
  rollingWindow,
} from './grading-rules';
import {
  countActiveCustomers,
  gradeNames,
  loadSettings,
  loadTiers,
  quotaBatch,
  requireUnit,
  revenueBatch,
  unitGradeCounts,
  unitsWithCustomers,
  type GradingCandidate,
} from './grading.queries';
import type { RegradeRun } from './grading.schema';
import { applyGradeChange } from './grading.service';

export const REGRADE_JOB_KEY = 'customer_regrade';
const BATCH_SIZE = 500;
/** A manual run for a unit tree carries the unit in its period key: `manual:unit-12:<uuid>`. */
const UNIT_PERIOD = /^manual:unit-(\d+):/;

export interface RegradeOptions {
  /** Only the customers of this unit and the units below it. */
  unitId?: number;
  /** Scheduled (annual) runs say 年度重新分级 in the reasons; on-demand runs say 重新分级. */
  scheduled: boolean;
  audit: RequestContext & { actorName?: string };
  progress?: (done: number, total?: number | null, message?: string) => Promise<void>;
  batchSize?: number;
}

export type RegradeResult = {
  processed: number;
  changed: number;
  units: number;
};

/**
 * Re-grades customers (R-CUS-23): unit by unit with that unit's effective method, in keyset
 * batches so 200,000 customers are never in memory at once. Only customers whose grade changes
 * are written (grade, gradedAt, change log, timeline); a rerun over the same data writes nothing.
 * Under quota grading each unit's own customers form the pool (R-CUS-22).
 */
export async function regradeCustomers(deps: Deps, options: RegradeOptions): Promise<RegradeResult> {
  const batchSize = options.batchSize ?? BATCH_SIZE;
  const root = options.unitId === undefined ? undefined : await requireUnit(deps.db, options.unitId);
  const window = rollingWindow(deps.clock.now());
  const [tiers, settings, units, total] = await Promise.all([
    loadTiers(deps.db),
    loadSettings(deps.db),
    unitsWithCustomers(deps.db, root?.path),
    countActiveCustomers(deps.db, root?.path),
  ]);
  const names = gradeNames(tiers);
  const label = options.scheduled ? '年度重新分级' : '重新分级';
  const result: RegradeResult = { processed: 0, changed: 0, units: units.length };
  await options.progress?.(0, total, `共 ${total} 个客户，${units.length} 个单位`);

  for (const unit of units) {
    const setting = effectiveSetting(unit.path, settings);
    const limits = setting.method === 'quota' ? quotaLimits((await unitGradeCounts(deps.db, unit.id)).total) : null;
    let cursor = 0;
    for (;;) {
      const batch: GradingCandidate[] = limits
        ? await quotaBatch(deps.db, unit.id, window, cursor, batchSize)
        : await revenueBatch(deps.db, unit.id, window, cursor, batchSize);
      if (!batch.length) break;
      cursor = limits ? batch[batch.length - 1]!.rank : batch[batch.length - 1]!.id;
      const changes = batch.flatMap((candidate) => {
        const revenueFen = parseYuan(candidate.revenue);
        const target = limits ? quotaGradeAt(candidate.rank, revenueFen, limits) : resolveRevenueGrade(revenueFen, tiers, setting.coefficient);
        if (target === candidate.grade) return [];
        const reason = limits
          ? `${label}（配额）：近 12 个月收入 ${formatCny(revenueFen)}，本单位第 ${candidate.rank}/${limits.total} 名`
          : `${label}：近 12 个月收入 ${formatCny(revenueFen)}`;
        return [{ candidate, target, reason }];
      });
      if (changes.length) {
        const applied = await deps.db.transaction(async (tx) => {
          const done: Record<string, { before: unknown; after: unknown }> = {};
          for (const { candidate, target, reason } of changes) {
            const ok = await applyGradeChange(tx, deps.clock, options.audit, {
              customerId: candidate.id,
              fromGrade: candidate.grade,
              toGrade: target,
              reason,
              method: setting.method,
              names,
              detail: { revenue: candidate.revenue, coefficient: setting.coefficient, window: { from: window.from, to: window.to } },
              audit: false,
            });
            if (ok) done[String(candidate.id)] = { before: candidate.grade, after: target };
          }
          const count = Object.keys(done).length;
          if (count) {
            await recordAudit(tx, deps.clock, options.audit, {
              action: 'regrade',
              entityType: 'customer_grading',
              entityId: unit.id,
              summary: `${label}「${unit.name}」：${count} 个客户等级变更（${setting.method === 'quota' ? '配额' : `收入，系数 ${setting.coefficient}`}）`,
              changes: done,
            });
          }
          return count;
        });
        result.changed += applied;
      }
      result.processed += batch.length;
      await options.progress?.(result.processed, total, `已处理 ${result.processed}/${total}，变更 ${result.changed}`);
    }
  }
  return result;
}

export const customerRegradeJob = defineJob({
  key: REGRADE_JOB_KEY,
  name: '客户重新分级',
  nameEn: 'Customer regrading',
  description: '按近 12 个月收入（或配额）重新评定客户等级，只记录等级有变化的客户；默认每年 1 月 1 日 03:00',
  descriptionEn: 'Regrades customers by their 12-month revenue (or by quota); only changed grades are recorded. Default: every 1 January at 03:00.',
  defaultCron: '0 3 1 1 *',
  run: async (context) => {
    const unitMatch = UNIT_PERIOD.exec(context.periodKey);
    return regradeCustomers(context.deps, {
      unitId: unitMatch ? Number(unitMatch[1]) : undefined,
      scheduled: !context.periodKey.startsWith('manual:'),
      audit: context.audit,
      progress: context.progress,
    });
  },
});

/** How long POST /regrade waits for a small run to finish before answering with a running one. */
const ANSWER_WAIT_MS = 3000;

async function loadRun(deps: Deps, id: number): Promise<RegradeRun> {
  const [row] = await deps.db.select().from(jobRuns).where(eq(jobRuns.id, id));
  return {
    runId: id,
    status: row!.status as RegradeRun['status'],
    progress: row!.progress,
    total: row!.total,
    message: row!.message,
  };
}

/**
 * 立即重新分级: starts the regrading job as a manual run (optionally for one unit tree) and
 * returns its run id; progress is read through the jobs API. Refused while a run is going on.
 */
export async function startRegrade(deps: Deps, ctx: RequestContext, body: { unitId?: number }): Promise<RegradeRun> {
  const actor = requirePermission(ctx.actor, 'system:manage');
  const unit = body.unitId === undefined ? undefined : await requireUnit(deps.db, body.unitId);
  const now = deps.clock.now();
  await markInterruptedRuns(deps, now);
  const run = await deps.db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`job:${REGRADE_JOB_KEY}`}))`);
    const running = await isJobRunning(tx, REGRADE_JOB_KEY);
    if (running) {
      throw new AppError('CONFLICT', `客户重新分级正在运行（开始于 ${shanghaiMinute(running.startedAt)}，运行 #${running.id}），请等待本次运行结束后再执行`, { reason: 'job.already_running' });
    }
    const periodKey = unit ? `manual:unit-${unit.id}:${randomUUID()}` : `manual:${randomUUID()}`;
    const claimed = await claimJobRun(tx, now, REGRADE_JOB_KEY, periodKey, { triggeredById: actor.userId });
    await recordAudit(tx, deps.clock, ctx, {
      action: 'run',
      entityType: 'job',
      entityId: REGRADE_JOB_KEY,
      summary: `立即重新分级${unit ? `「${unit.name}」及下级单位` : '全部客户'}（运行 #${claimed!.id}）`,
    });
    return claimed!;
  });
  const finished = executeJobRun(deps, customerRegradeJob, run, ctx);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([finished, new Promise<void>((resolve) => (timer = setTimeout(resolve, ANSWER_WAIT_MS)))]);
  clearTimeout(timer);
  return loadRun(deps, Number(run.id));
}
