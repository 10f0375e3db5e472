import { and, lt, sql } from 'drizzle-orm';
import { purgeExpiredSessions } from '../auth/auth.service';
import { defineJob } from './jobs.registry';
import { jobRuns } from './jobs.table';

// 清理过期会话 — ends sessions past their idle or absolute timeout (R-SEC-02).
export const sessionPurgeJob = defineJob({
  key: 'session_purge',
  name: '清理过期会话',
  nameEn: 'Expired session clean-up',
  description: '删除超过空闲或绝对时限的登录会话',
  descriptionEn: 'Deletes sign-in sessions past their idle or absolute limit.',
  defaultCron: '*/10 * * * *',
  async run({ deps }) {
    const removed = await purgeExpiredSessions(deps);
    return { removed };
  },
});

/** Finished runs are kept this long in 运行记录. */
export const JOB_RUN_RETENTION_DAYS = 90;

// 清理运行记录 — keeps the run history bounded.
export const jobRunCleanupJob = defineJob({
  key: 'job_run_cleanup',
  name: '清理运行记录',
  nameEn: 'Job run clean-up',
  description: `删除 ${JOB_RUN_RETENTION_DAYS} 天前已结束的定时任务运行记录`,
  descriptionEn: 'Deletes job runs that ended more than 90 days ago.',
  defaultCron: '30 3 * * *',
  async run({ deps }) {
    const cutoff = new Date(deps.clock.now().getTime() - JOB_RUN_RETENTION_DAYS * 86_400_000);
    const removed = await deps.db
      .delete(jobRuns)
      .where(and(sql`${jobRuns.status} <> 'running'`, lt(jobRuns.startedAt, cutoff)))
      .returning({ id: jobRuns.id });
    return { removed: removed.length };
  },
});

// 更新统计信息 — PGlite has no autovacuum, so after bulk imports the planner's statistics go
// stale and list queries pick bad plans; refresh them nightly (PostgreSQL does it by itself).
export const analyzeJob = defineJob({
  key: 'db_analyze',
  name: '更新数据库统计信息',
  nameEn: 'Database statistics',
  description: '对内置数据库执行 ANALYZE，使查询计划保持准确（使用 PostgreSQL 时由其自动清理进程完成，不运行）',
  descriptionEn: 'Runs ANALYZE on the embedded database so query plans stay accurate (on PostgreSQL autovacuum does this; not run).',
  defaultCron: '0 4 * * *',
  when: (deps) => deps.database.mode === 'pglite',
  async run({ deps }) {
    const started = Date.now();
    await deps.db.execute(sql`ANALYZE`);
    return { durationMs: Date.now() - started };
  },
});
