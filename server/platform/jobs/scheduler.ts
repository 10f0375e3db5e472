import { Cron } from 'croner';
import type { Deps } from '../deps';
import {
  INSTANCE_ID,
  JOB_TIMEZONE,
  claimJobRun,
  dueTick,
  effectiveSchedules,
  ensureJobSchedules,
  executeJobRun,
  isJobRunning,
  markInterruptedRuns,
  periodKeyOf,
  settleJobRuns,
} from './jobs.service';

/**
 * A tick may come late (busy event loop, restart around the scheduled minute); the latest tick of
 * a job is still claimed within this window. Claiming is idempotent, so a longer window never
 * runs a period twice.
 */
export const CATCH_UP_MS = 10 * 60_000;

export interface TickOptions {
  /** Only these job keys (tests). */
  only?: string[];
  /** Distinguishes instances in job_runs.instance_id (tests simulate two instances). */
  instanceId?: string;
}

export interface StartedRun {
  jobKey: string;
  runId: number;
  periodKey: string;
  done: Promise<void>;
}

/**
 * One scheduler tick: marks interrupted runs failed, then for each enabled job whose cron has a
 * tick at or before `now` claims that period and starts it. Returns the runs this instance won.
 */
export async function startDueJobs(deps: Deps, now: Date, options: TickOptions = {}): Promise<StartedRun[]> {
  await markInterruptedRuns(deps, now);
  const started: StartedRun[] = [];
  for (const { job, cron, enabled } of await effectiveSchedules(deps.db, options.only)) {
    if (!enabled || (job.when && !job.when(deps))) continue;
    let tick: Date | null;
    try {
      tick = dueTick(cron, now, CATCH_UP_MS);
    } catch (error) {
      deps.log.error({ err: error, job: job.key, cron }, 'invalid cron in job_schedules; job skipped');
      continue;
    }
    if (!tick) continue;
    // Like croner's `protect`: a period is not started while the previous run is still going.
    if (await isJobRunning(deps.db, job.key)) continue;
    const run = await claimJobRun(deps.db, now, job.key, periodKeyOf(tick), { instanceId: options.instanceId ?? INSTANCE_ID });
    if (!run) continue;
    started.push({ jobKey: job.key, runId: Number(run.id), periodKey: run.periodKey, done: executeJobRun(deps, job, run) });
  }
  return started;
}

/** Deterministic tick for tests: claims what is due at `now` and waits for those runs to finish. */
export async function runDueJobs(deps: Deps, now: Date = deps.clock.now(), options: TickOptions = {}): Promise<StartedRun[]> {
  const started = await startDueJobs(deps, now, options);
  await Promise.all(started.map((run) => run.done));
  return started;
}

export interface Scheduler {
  /** Stops ticking; resolves when runs started by this process have finished. */
  stop(): Promise<void>;
}

/**
 * In-process scheduler (R-PLT-32): ticks every minute in Asia/Shanghai and lets the database
 * decide which instance runs each period. Schedules are re-read on every tick, so an edit on any
 * instance takes effect everywhere within a minute.
 */
export function startScheduler(deps: Deps, options: { instanceId?: string } = {}): Scheduler {
  let ready = ensureJobSchedules(deps).catch((error: unknown) => deps.log.error({ err: error }, 'could not write default job schedules'));
  const timer = new Cron('* * * * *', { timezone: JOB_TIMEZONE, protect: true }, async () => {
    try {
      await ready;
      ready = Promise.resolve();
      await startDueJobs(deps, deps.clock.now(), { instanceId: options.instanceId });
    } catch (error) {
      deps.log.error({ err: error }, 'scheduler tick failed');
    }
  });
  return {
    async stop() {
      timer.stop();
      await settleJobRuns();
    },
  };
}
