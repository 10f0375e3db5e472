import { defineJob } from '../jobs/jobs.registry';
import { runDailyBackup } from './backup';

// 每日备份 — the embedded database does not fsync, so it is backed up daily, keeping
// BACKUP_KEEP copies (R-QLT-02). On PostgreSQL the server's own tooling does this job.
export const dailyBackupJob = defineJob({
  key: 'daily_backup',
  name: '内置数据库每日备份',
  nameEn: 'Daily backup of the embedded database',
  description: '把内置数据库备份到数据目录的 backups/，按部署配置保留最近的若干份（默认 14 份；使用 PostgreSQL 时不运行）',
  descriptionEn: 'Backs up the embedded database into backups/ in the data directory, keeping the latest copies as configured (14 by default; not run on PostgreSQL).',
  defaultCron: '30 2 * * *',
  when: (deps) => deps.database.mode === 'pglite',
  async run({ deps, progress }) {
    await progress(0, 1, '正在备份');
    const result = await runDailyBackup(deps.database, deps.config);
    await progress(1, 1, '完成');
    return result ? { file: result.file, pruned: result.pruned.length } : { skipped: '非内置数据库' };
  },
});
