import { count } from 'drizzle-orm';
import type { Deps } from '../deps';
import { defineJob, JobFailure } from '../jobs/jobs.registry';
import { databaseIdentity, readCheckpoint, writeCheckpoint } from './audit-checkpoint';
import { verifyAuditChain, type ChainVerification } from './audit.service';
import { auditEvents } from './audit.table';

/** The finding in words, for the job run, the API and the command line. */
export function describeChain(result: ChainVerification): string {
  if (result.ok) return `审计日志完整：${result.checked} 条记录哈希链校验通过`;
  if (result.countNow !== undefined) {
    return result.countNow < result.checked
      ? `审计日志不完整：上次校验时共有 ${result.checked} 条记录，现只剩 ${result.countNow} 条（中间的审计记录被删除，全量校验可找到位置）`
      : `审计日志被改动：上次校验时共有 ${result.checked} 条记录，现有 ${result.countNow} 条（有记录被插入已校验的部分）`;
  }
  if (result.problem === 'missing') {
    return `审计日志不完整：上次校验时最新的第 ${result.brokenAtId} 条记录已不在库中（审计记录被删除）`;
  }
  return `审计日志被改动：第 ${result.brokenAtId} 条记录与哈希链不符（内容被修改，或其后的哈希被重新计算）`;
}

/** A full verification that also holds the chain against the checkpoint outside the database. */
export async function verifyAgainstCheckpoint(
  deps: Pick<Deps, 'db' | 'database' | 'config'>,
  onProgress?: (checked: number) => Promise<void>,
): Promise<ChainVerification> {
  const head = readCheckpoint(deps.config.dataDir, await databaseIdentity(deps.database));
  // Run in the background next to users' requests: small batches, each followed by a turn for
  // whatever else waits for the database.
  const background = onProgress ? { batchSize: 250, yieldBetweenBatches: true } : {};
  return verifyAuditChain(deps.db, { head: head ? { lastId: head.lastId, hash: head.hash, count: head.count } : undefined, onProgress, ...background });
}

/**
 * Verifies the events added since the last checkpoint and moves the checkpoint to the newest
 * event (R-SEC-08). A broken chain fails the run (定时任务 shows it) and is logged as an error.
 */
export async function checkpointAuditChain(deps: Deps): Promise<ChainVerification> {
  const identity = await databaseIdentity(deps.database);
  const previous = readCheckpoint(deps.config.dataDir, identity);
  const result = await verifyAuditChain(deps.db, { from: previous ? { lastId: previous.lastId, hash: previous.hash, count: previous.count } : undefined });
  if (!result.ok) {
    deps.log.error({ auditChain: { brokenAtId: result.brokenAtId, problem: result.problem } }, 'audit chain broken');
    throw new Error(describeChain(result));
  }
  if (result.lastId > 0 && result.lastId !== previous?.lastId) {
    const checkpoint = { database: identity, lastId: result.lastId, hash: result.lastHash, count: result.checked, at: deps.clock.now().toISOString() };
    writeCheckpoint(deps.config.dataDir, checkpoint);
    // The log is a second copy outside the database.
    deps.log.info({ auditChainHead: checkpoint }, 'audit chain checkpoint');
  }
  return result;
}

// 审计日志完整性校验 — incremental, every 30 minutes.
export const auditChainJob = defineJob({
  key: 'audit_chain_verify',
  name: '审计日志完整性校验',
  nameEn: 'Audit log integrity check',
  description: '每 30 分钟校验新增审计记录的哈希链，并把链头记录到数据目录与运行日志；发现改动或删除时本次运行失败',
  descriptionEn: 'Every 30 minutes, verifies the hash chain of new audit events and records the chain head in the data directory and the log; a change or deletion fails the run.',
  defaultCron: '*/30 * * * *',
  async run({ deps }) {
    const result = await checkpointAuditChain(deps);
    return { checked: result.checked, lastId: result.lastId };
  },
});

export const AUDIT_FULL_VERIFY_JOB = 'audit_chain_full_verify';

// 审计日志全量校验 — the whole chain from the first event, weekly and on demand from the audit
// page: the only check that finds an old event edited without its hash being recomputed.
export const auditChainFullJob = defineJob({
  key: AUDIT_FULL_VERIFY_JOB,
  name: '审计日志全量校验',
  nameEn: 'Audit log full verification',
  description: '每周从第一条起重新计算审计日志的哈希链，并与数据目录中的链头检查点比对；可在审计日志页面随时发起，运行中显示进度；发现改动或删除时本次运行失败并记下位置',
  descriptionEn: 'Weekly, recomputes the whole audit hash chain from the first event and holds it against the checkpoint; can be started from the audit log page at any time and shows its progress; a change or deletion fails the run and records where.',
  defaultCron: '0 3 * * 0',
  async run({ deps, progress }) {
    const [counted] = await deps.db.select({ n: count() }).from(auditEvents);
    const total = Number(counted?.n ?? 0);
    await progress(0, total, `已校验 0 / ${total} 条`);
    // At millions of events the run takes seconds to minutes: progress about once a second.
    let reportedAt = Date.now();
    const result = await verifyAgainstCheckpoint(deps, async (checked) => {
      if (Date.now() - reportedAt < 1000) return;
      reportedAt = Date.now();
      await progress(checked, Math.max(total, checked), `已校验 ${checked} / ${Math.max(total, checked)} 条`);
    });
    const output = { ok: result.ok, checked: result.checked, brokenAtId: result.brokenAtId, problem: result.problem, message: describeChain(result) };
    if (!result.ok) {
      deps.log.error({ auditChain: { brokenAtId: result.brokenAtId, problem: result.problem } }, 'audit chain broken');
      throw new JobFailure(output.message, output);
    }
    await progress(result.checked, Math.max(total, result.checked), output.message);
    return output;
  },
});
