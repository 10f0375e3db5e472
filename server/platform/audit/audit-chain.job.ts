import type { Deps } from '../deps';
import { defineJob } from '../jobs/jobs.registry';
import { databaseIdentity, readCheckpoint, writeCheckpoint } from './audit-checkpoint';
import { verifyAuditChain, type ChainVerification } from './audit.service';

/** The finding in words, for the job run, the API and the command line. */
export function describeChain(result: ChainVerification): string {
  if (result.ok) return `审计日志完整：${result.checked} 条记录哈希链校验通过`;
  if (result.problem === 'missing') {
    return `审计日志不完整：上次校验时最新的第 ${result.brokenAtId} 条记录已不在库中（审计记录被删除）`;
  }
  return `审计日志被改动：第 ${result.brokenAtId} 条记录与哈希链不符（内容被修改，或其后的哈希被重新计算）`;
}

/** A full verification that also holds the chain against the checkpoint outside the database. */
export async function verifyAgainstCheckpoint(deps: Pick<Deps, 'db' | 'database' | 'config'>): Promise<ChainVerification> {
  const head = readCheckpoint(deps.config.dataDir, await databaseIdentity(deps.database));
  return verifyAuditChain(deps.db, { head: head ? { lastId: head.lastId, hash: head.hash, count: head.count } : undefined });
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
