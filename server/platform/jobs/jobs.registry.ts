import type { RequestContext } from '../access/access';
import type { Deps } from '../deps';

/** What a job's `run` receives (R-PLT-32, R-QLT-06). */
export interface JobContext {
  deps: Deps;
  /** The job_runs row of this run. */
  runId: number;
  /** The scheduled tick as an ISO minute (`2026-03-02T02:00Z`) or `manual:<uuid>`. */
  periodKey: string;
  /** The admin who pressed 立即执行; null for scheduled runs. */
  triggeredById: number | null;
  /** Audit context for the changes the job makes (actor = the admin, or the system). */
  audit: RequestContext & { actorName?: string };
  /** Persists progress so the run list shows it after a page reload. */
  progress(done: number, total?: number | null, message?: string): Promise<void>;
}

export type JobOutput = Record<string, unknown> | void;

/** A run that fails with a finding to keep (e.g. where a verification broke), not only its message. */
export class JobFailure extends Error {
  constructor(
    message: string,
    readonly output: Record<string, unknown>,
  ) {
    super(message);
  }
}

export interface JobDefinition {
  /** Stable identifier, e.g. `task_escalation`; also the key of job_schedules. */
  key: string;
  /** Chinese name shown in 定时任务. */
  name: string;
  nameEn?: string;
  description: string;
  descriptionEn?: string;
  /** Five-field cron in Asia/Shanghai, e.g. `0 2 * * *`; admins may change it. */
  defaultCron: string;
  run(context: JobContext): Promise<JobOutput>;
  /** Scheduled runs are skipped while this is false (e.g. e-mail without SMTP); 立即执行 still works. */
  when?: (deps: Deps) => boolean;
}

const registry = new Map<string, JobDefinition>();

/** Declares a job (a manifest lists it); checks the key so a typo fails at start-up. */
export function defineJob(definition: JobDefinition): JobDefinition {
  if (!/^[a-z][a-z0-9_.-]{1,63}$/.test(definition.key)) throw new Error(`invalid job key ${definition.key}`);
  return definition;
}

/**
 * Installs a job from a manifest. Installing the same definition again is a no-op; a different
 * definition under an existing key is a programming error.
 */
export function registerJob(definition: JobDefinition): JobDefinition {
  const existing = registry.get(definition.key);
  if (existing && existing !== definition) throw new Error(`job ${definition.key} is already registered`);
  registry.set(defineJob(definition).key, definition);
  return definition;
}

export function registeredJobs(): JobDefinition[] {
  return [...registry.values()].sort((a, b) => a.key.localeCompare(b.key));
}

export function findJob(key: string): JobDefinition | undefined {
  return registry.get(key);
}

/** A job that does its work in one step: progress goes from 0 to done when the work returns. */
export function singleStepJob(definition: Omit<JobDefinition, 'run'>, work: (deps: Deps, audit: JobContext['audit']) => Promise<JobOutput>): JobDefinition {
  return defineJob({
    ...definition,
    async run({ deps, progress, audit }) {
      const output = await work(deps, audit);
      await progress(1, 1);
      return output;
    },
  });
}
