import { localized } from '../http/request-language';
import { Cron } from 'croner';
import { and, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { requireActor, requirePermission, type RequestContext } from '../access/access';
import { diffChanges, recordAudit } from '../audit/audit.service';
import { shanghaiMinute } from '../dates';
import { queryRows, type DbOrTx } from '../db/client';
import { selectPage, type Page } from '../db/paging';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import { orderByFrom } from '../http/pagination';
import { findJob, JobFailure, registeredJobs, type JobContext, type JobDefinition } from './jobs.registry';
import type { Job, JobRun, JobRunStatus, ListJobRunsQuery, UpdateJobBody } from './jobs.schema';
import { jobRuns, jobSchedules } from './jobs.table';

export const JOB_TIMEZONE = 'Asia/Shanghai';
/** A run whose instance sent no heartbeat for this long is marked failed (实例中断). */
export const STALE_RUN_MINUTES = 10;
const HEARTBEAT_MS = 30_000;
const SYSTEM_NAME = '系统定时任务';

/** Identifies this process in job_runs.instance_id. */
export const INSTANCE_ID = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

type JobRunRow = typeof jobRuns.$inferSelect;

/** `2026-03-02 10:00` in Asia/Shanghai (UTC+8, no daylight saving). */
export { shanghaiMinute };

function jobNameOf(key: string): string {
  const job = findJob(key);
  return job ? localized(job.name, job.nameEn) : key;
}

// ── cron ────────────────────────────────────────────────────────────────────

/** A Chinese explanation when the pattern is not a usable 5-field cron, else null. */
export function cronProblem(pattern: string): string | null {
  const fields = pattern.trim().split(/\s+/);
  if (fields.length !== 5) return `定时表达式应为 5 段（分 时 日 月 周），例如「0 2 * * *」表示每天 02:00，当前为 ${fields.length} 段`;
  let cron: Cron;
  try {
    cron = new Cron(pattern, { timezone: JOB_TIMEZONE, paused: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^CronPattern:\s*/, '') : '';
    return `定时表达式无效（${reason}），请使用 5 段格式：分 时 日 月 周，例如「*/10 * * * *」表示每 10 分钟`;
  }
  if (!cron.nextRun()) return '该定时表达式永远不会触发，请检查日期（例如 2 月 31 日不存在）';
  return null;
}

export function assertCron(pattern: string, field = 'cron'): void {
  const problem = cronProblem(pattern);
  if (problem) throw new AppError('VALIDATION_FAILED', problem, [{ field, message: problem }]);
}

/** The latest tick of `pattern` at or before `now`, or null when it lies further back than `graceMs`. */
export function dueTick(pattern: string, now: Date, graceMs: number): Date | null {
  const cron = new Cron(pattern, { timezone: JOB_TIMEZONE, paused: true });
  const [previous] = cron.previousRuns(1, new Date(now.getTime() + 1));
  if (!previous || now.getTime() - previous.getTime() > graceMs) return null;
  return previous;
}

/** Period key of a scheduled tick: its instant as an ISO minute, `2026-03-02T02:00Z`. */
export const periodKeyOf = (tick: Date): string => `${tick.toISOString().slice(0, 16)}Z`;

export function nextRunOf(pattern: string, now: Date): Date | null {
  try {
    return new Cron(pattern, { timezone: JOB_TIMEZONE, paused: true }).nextRun(now);
  } catch {
    return null;
  }
}

// ── schedules ──────────────────────────────────────────────────────────────

export interface EffectiveSchedule {
  job: JobDefinition;
  cron: string;
  enabled: boolean;
}

export async function effectiveSchedules(db: DbOrTx, keys?: string[]): Promise<EffectiveSchedule[]> {
  const jobs = registeredJobs().filter((job) => !keys || keys.includes(job.key));
  if (!jobs.length) return [];
  const rows = await db
    .select()
    .from(jobSchedules)
    .where(
      inArray(
        jobSchedules.jobKey,
        jobs.map((job) => job.key),
      ),
    );
  const byKey = new Map(rows.map((row) => [row.jobKey, row]));
  return jobs.map((job) => {
    const row = byKey.get(job.key);
    return { job, cron: row?.cron ?? job.defaultCron, enabled: row?.enabled ?? true };
  });
}

/** Writes the default schedule of every registered job that has none yet. */
export async function ensureJobSchedules(deps: Deps): Promise<void> {
  const jobs = registeredJobs();
  if (!jobs.length) return;
  await deps.db
    .insert(jobSchedules)
    .values(jobs.map((job) => ({ jobKey: job.key, cron: job.defaultCron, enabled: true, updatedAt: deps.clock.now() })))
    .onConflictDoNothing({ target: jobSchedules.jobKey });
}

// ── runs ───────────────────────────────────────────────────────────────────

const inFlight = new Set<Promise<void>>();

/** Resolves when every run started by this process has finished (tests, shutdown). */
export async function settleJobRuns(): Promise<void> {
  while (inFlight.size) await Promise.allSettled([...inFlight]);
}

export interface ClaimOptions {
  triggeredById?: number | null;
  instanceId?: string;
}

/**
 * Claims one period of a job: only the first instance to insert (job_key, period_key) gets a row
 * back, so on one PostgreSQL each period runs exactly once however many instances tick (R-PLT-32).
 */
export async function claimJobRun(db: DbOrTx, now: Date, jobKey: string, periodKey: string, options: ClaimOptions = {}): Promise<JobRunRow | null> {
  const [row] = await db
    .insert(jobRuns)
    .values({
      jobKey,
      periodKey,
      status: 'running',
      triggeredById: options.triggeredById ?? null,
      instanceId: options.instanceId ?? INSTANCE_ID,
      startedAt: now,
      heartbeatAt: now,
    })
    .onConflictDoNothing({ target: [jobRuns.jobKey, jobRuns.periodKey] })
    .returning();
  return row ?? null;
}

function errorText(error: unknown): string {
  if (error instanceof AppError) return error.detail;
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

function jsonOutput(output: unknown): Record<string, unknown> {
  if (output === undefined || output === null) return {};
  const plain = JSON.parse(JSON.stringify(output)) as unknown;
  return plain && typeof plain === 'object' && !Array.isArray(plain) ? (plain as Record<string, unknown>) : { result: plain };
}

/**
 * Runs a claimed job and records its outcome. Never throws: a failing job is recorded as failed
 * with its message. The returned promise is also tracked for `settleJobRuns`.
 */
export function executeJobRun(deps: Deps, job: JobDefinition, run: JobRunRow, audit: RequestContext = {}): Promise<void> {
  const promise = (async () => {
    const clamp = (n: number) => Math.max(0, Math.min(2_147_483_647, Math.round(n)));
    const heartbeat = setInterval(() => {
      deps.db
        .update(jobRuns)
        .set({ heartbeatAt: deps.clock.now() })
        .where(and(eq(jobRuns.id, run.id), eq(jobRuns.status, 'running')))
        .catch((error: unknown) => deps.log.warn({ err: error, job: job.key }, 'job heartbeat failed'));
    }, HEARTBEAT_MS);
    heartbeat.unref();
    const context: JobContext = {
      deps,
      runId: run.id,
      periodKey: run.periodKey,
      triggeredById: run.triggeredById,
      audit: { ...audit, actorName: audit.actor?.displayName ?? SYSTEM_NAME },
      progress: async (done, total, message) => {
        await deps.db
          .update(jobRuns)
          .set({
            progress: clamp(done),
            ...(total === undefined ? {} : { total: total === null ? null : clamp(total) }),
            ...(message === undefined ? {} : { message: message.slice(0, 500) }),
            heartbeatAt: deps.clock.now(),
          })
          .where(eq(jobRuns.id, run.id));
      },
    };
    try {
      const output = await job.run(context);
      await deps.db
        .update(jobRuns)
        .set({ status: 'succeeded', output: jsonOutput(output), finishedAt: deps.clock.now(), heartbeatAt: deps.clock.now() })
        .where(and(eq(jobRuns.id, run.id), eq(jobRuns.status, 'running')));
      deps.log.info({ job: job.key, runId: run.id, period: run.periodKey }, 'job succeeded');
    } catch (error) {
      deps.log.error({ err: error, job: job.key, runId: run.id, period: run.periodKey }, 'job failed');
      await deps.db
        .update(jobRuns)
        .set({
          status: 'failed',
          message: errorText(error).slice(0, 2000),
          ...(error instanceof JobFailure ? { output: jsonOutput(error.output) } : {}),
          finishedAt: deps.clock.now(),
          heartbeatAt: deps.clock.now(),
        })
        .where(and(eq(jobRuns.id, run.id), eq(jobRuns.status, 'running')))
        .catch((recordError: unknown) => deps.log.error({ err: recordError, job: job.key }, 'could not record the job failure'));
    } finally {
      clearInterval(heartbeat);
    }
  })();
  inFlight.add(promise);
  void promise.finally(() => inFlight.delete(promise));
  return promise;
}

/** Runs left `running` by an instance that stopped sending heartbeats are marked failed. */
export async function markInterruptedRuns(deps: Deps, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - STALE_RUN_MINUTES * 60_000);
  const rows = await deps.db
    .update(jobRuns)
    .set({ status: 'failed', message: `实例中断：运行中的实例超过 ${STALE_RUN_MINUTES} 分钟没有响应，本次运行未完成`, finishedAt: now })
    .where(and(eq(jobRuns.status, 'running'), lt(sql`coalesce(${jobRuns.heartbeatAt}, ${jobRuns.startedAt})`, cutoff)))
    .returning({ id: jobRuns.id });
  if (rows.length) deps.log.warn({ runs: rows.map((r) => r.id) }, 'interrupted job runs marked failed');
  return rows.length;
}

export async function isJobRunning(db: DbOrTx, jobKey: string): Promise<JobRunRow | undefined> {
  const [row] = await db
    .select()
    .from(jobRuns)
    .where(and(eq(jobRuns.jobKey, jobKey), eq(jobRuns.status, 'running')))
    .orderBy(desc(jobRuns.id))
    .limit(1);
  return row;
}

// ── HTTP use cases ─────────────────────────────────────────────────────────

const runColumns = {
  run: jobRuns,
  triggeredByName: sql<string | null>`(SELECT display_name FROM users u WHERE u.id = ${jobRuns.triggeredById})`,
};

function toJobRun(row: JobRunRow, triggeredByName: string | null): JobRun {
  return {
    id: Number(row.id),
    jobKey: row.jobKey,
    jobName: jobNameOf(row.jobKey),
    periodKey: row.periodKey,
    manual: row.periodKey.startsWith('manual:'),
    status: row.status as JobRunStatus,
    progress: row.progress,
    total: row.total,
    message: row.message,
    output: row.output ?? null,
    triggeredById: row.triggeredById,
    triggeredByName,
    instanceId: row.instanceId,
    startedAt: row.startedAt.toISOString(),
    heartbeatAt: row.heartbeatAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

async function loadJobRun(db: DbOrTx, id: number): Promise<JobRun> {
  const [row] = await db.select(runColumns).from(jobRuns).where(eq(jobRuns.id, id));
  if (!row) throw new AppError('NOT_FOUND', '运行记录不存在');
  return toJobRun(row.run, row.triggeredByName);
}

function knownJob(key: string): JobDefinition {
  const job = findJob(key);
  if (!job) throw new AppError('NOT_FOUND', `定时任务 ${key} 不存在`);
  return job;
}

export async function listJobs(deps: Deps, ctx: RequestContext): Promise<Job[]> {
  requirePermission(ctx.actor, 'system:manage');
  const schedules = await effectiveSchedules(deps.db);
  if (!schedules.length) return [];
  // Latest run per job in one query.
  const latest = await queryRows<{ id: string | number }>(
    deps.db,
    sql`SELECT DISTINCT ON (job_key) id FROM job_runs ORDER BY job_key, started_at DESC, id DESC`,
  );
  const lastRuns = latest.length
    ? await deps.db
        .select(runColumns)
        .from(jobRuns)
        .where(
          inArray(
            jobRuns.id,
            latest.map((r) => Number(r.id)),
          ),
        )
    : [];
  const lastByKey = new Map(lastRuns.map((r) => [r.run.jobKey, toJobRun(r.run, r.triggeredByName)]));
  const now = deps.clock.now();
  return schedules.map(({ job, cron, enabled }) => ({
    key: job.key,
    name: localized(job.name, job.nameEn),
    description: localized(job.description, job.descriptionEn),
    defaultCron: job.defaultCron,
    cron,
    enabled,
    nextRunAt: enabled ? (nextRunOf(cron, now)?.toISOString() ?? null) : null,
    lastRun: lastByKey.get(job.key) ?? null,
  }));
}

export async function getJob(deps: Deps, ctx: RequestContext, key: string): Promise<Job> {
  requirePermission(ctx.actor, 'system:manage');
  knownJob(key);
  const job = (await listJobs(deps, ctx)).find((j) => j.key === key);
  if (!job) throw new AppError('NOT_FOUND', `定时任务 ${key} 不存在`);
  return job;
}

/** Edits a job's cron and/or switches it on or off (audited). */
export async function updateJobSchedule(deps: Deps, ctx: RequestContext, key: string, body: UpdateJobBody): Promise<Job> {
  requirePermission(ctx.actor, 'system:manage');
  const job = knownJob(key);
  if (body.cron !== undefined) assertCron(body.cron);
  await deps.db.transaction(async (tx) => {
    const [before] = await effectiveSchedules(tx, [key]);
    const cron = body.cron ?? before!.cron;
    const enabled = body.enabled ?? before!.enabled;
    const now = deps.clock.now();
    await tx
      .insert(jobSchedules)
      .values({ jobKey: key, cron, enabled, updatedAt: now })
      .onConflictDoUpdate({ target: jobSchedules.jobKey, set: { cron, enabled, updatedAt: now } });
    const changes = diffChanges({ cron: before!.cron, enabled: before!.enabled }, { cron, enabled }, ['cron', 'enabled']);
    if (changes && Object.keys(changes).length) {
      await recordAudit(tx, deps.clock, ctx, {
        action: 'update',
        entityType: 'job_schedule',
        entityId: key,
        summary: `修改定时任务「${job.name}」的计划`,
        changes,
      });
    }
  });
  return getJob(deps, ctx, key);
}

/**
 * 立即执行: records a run with period key `manual:<uuid>` and starts it in the background.
 * Refused while the job is already running, so a retry never duplicates a running job.
 */
export async function triggerJob(deps: Deps, ctx: RequestContext, key: string): Promise<JobRun> {
  requirePermission(ctx.actor, 'system:manage');
  return startManualRun(deps, ctx, key);
}

/**
 * Starts a run now on behalf of the actor (who must be signed in; the caller checks the
 * permission, e.g. audit readers start the full audit verification). Refused while running.
 */
export async function startManualRun(deps: Deps, ctx: RequestContext, key: string): Promise<JobRun> {
  const actor = requireActor(ctx);
  const job = knownJob(key);
  const now = deps.clock.now();
  await markInterruptedRuns(deps, now);
  const run = await deps.db.transaction(async (tx) => {
    // Serialise manual triggers of the same job across instances.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`job:${key}`}))`);
    const running = await isJobRunning(tx, key);
    if (running) {
      throw new AppError('CONFLICT', `「${job.name}」正在运行（开始于 ${shanghaiMinute(running.startedAt)}），请等待本次运行结束后再执行`, { reason: 'job.already_running' });
    }
    const claimed = await claimJobRun(tx, now, key, `manual:${randomUUID()}`, { triggeredById: actor.userId });
    await recordAudit(tx, deps.clock, ctx, {
      action: 'run',
      entityType: 'job',
      entityId: key,
      summary: `手动执行定时任务「${job.name}」（运行 #${claimed!.id}）`,
    });
    return claimed!;
  });
  void executeJobRun(deps, job, run, ctx);
  return loadJobRun(deps.db, Number(run.id));
}

/** A run as the API shows it, without a permission check (callers check theirs). */
export function jobRunById(db: DbOrTx, id: number): Promise<JobRun> {
  return loadJobRun(db, id);
}

export async function listJobRuns(
  deps: Deps,
  ctx: RequestContext,
  query: ListJobRunsQuery,
): Promise<Page<JobRun>> {
  requirePermission(ctx.actor, 'system:manage');
  const conditions: SQL[] = [];
  if (query.jobKey) conditions.push(eq(jobRuns.jobKey, query.jobKey));
  if (query.status) conditions.push(eq(jobRuns.status, query.status));
  const where = conditions.length ? and(...conditions) : undefined;
  const orderBy = orderByFrom(query.sort, { startedAt: jobRuns.startedAt, finishedAt: jobRuns.finishedAt, id: jobRuns.id }, desc(jobRuns.id));
  const { rows, ...counted } = await selectPage(deps.db, query, {
    rows: (limit, offset) =>
      deps.db
        .select(runColumns)
        .from(jobRuns)
        .where(where)
        .orderBy(...orderBy)
        .limit(limit)
        .offset(offset),
    matching: deps.db.select({ one: sql`1` }).from(jobRuns).where(where).$dynamic(),
  });
  return {
    items: rows.map((r) => toJobRun(r.run, r.triggeredByName)),
    ...counted,
  };
}

export async function getJobRun(deps: Deps, ctx: RequestContext, id: number): Promise<JobRun> {
  requirePermission(ctx.actor, 'system:manage');
  return loadJobRun(deps.db, id);
}
