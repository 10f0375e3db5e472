import { z } from 'zod';
import { requirePermission, type RequestContext } from '../access/access';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import { isJobRunning, jobRunById, startManualRun } from '../jobs/jobs.service';
import type { JobRun } from '../jobs/jobs.schema';
import { AUDIT_FULL_VERIFY_JOB } from './audit-chain.job';

// 校验哈希链 from the audit page: the full verification runs as a job (minutes at millions of
// events); the page starts it, or joins the one running, and reads its progress until it ends.

export const auditVerificationSchema = z
  .object({
    id: z.number().int(),
    status: z.enum(['running', 'succeeded', 'failed']),
    /** Events verified so far, of `total` when it is known. */
    progress: z.number().int(),
    total: z.number().int().nullable(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    /** The finding once the chain was walked; null while running or when the run broke off. */
    result: z
      .object({
        ok: z.boolean(),
        checked: z.number().int(),
        brokenAtId: z.number().int().nullable(),
        /** altered: content or link changed (or hashes recomputed); missing: events deleted. */
        problem: z.enum(['altered', 'missing']).nullable(),
        message: z.string(),
      })
      .nullable(),
    /** Why a run ended without a finding (e.g. the instance stopped). */
    error: z.string().nullable(),
  })
  .meta({ id: 'AuditVerification' });
export type AuditVerification = z.infer<typeof auditVerificationSchema>;

const findingSchema = auditVerificationSchema.shape.result.unwrap();

function toVerification(run: JobRun): AuditVerification {
  const finding = run.status === 'running' ? null : findingSchema.safeParse(run.output ?? {});
  const result = finding?.success ? finding.data : null;
  return {
    id: run.id,
    status: run.status,
    progress: run.progress,
    total: run.total,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    result,
    error: run.status === 'failed' && !result ? run.message : null,
  };
}

/** Starts a full verification, or returns the one already running (a second click joins it). */
export async function startAuditVerification(deps: Deps, ctx: RequestContext): Promise<AuditVerification> {
  requirePermission(ctx.actor, 'audit:read');
  const running = await isJobRunning(deps.db, AUDIT_FULL_VERIFY_JOB);
  if (running) return toVerification(await jobRunById(deps.db, Number(running.id)));
  return toVerification(await startManualRun(deps, ctx, AUDIT_FULL_VERIFY_JOB));
}

export async function getAuditVerification(deps: Deps, ctx: RequestContext, id: number): Promise<AuditVerification> {
  requirePermission(ctx.actor, 'audit:read');
  const run = await jobRunById(deps.db, id).catch(() => null);
  if (!run || run.jobKey !== AUDIT_FULL_VERIFY_JOB) throw new AppError('NOT_FOUND', '校验记录不存在');
  return toVerification(run);
}
