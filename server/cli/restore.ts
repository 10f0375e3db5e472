// npm run restore -- <file> [--no-safety-backup]
// Replaces ALL data with the backup's. Before that, if the database holds data, a safety backup
// of the current state is written to <DATA_DIR>/backups/ (…-pre-restore.ndjson.gz).
// A backup from a newer schema than this build is refused.
import {
  assertRestorable,
  backupsDir,
  createBackup,
  databaseHasData,
  defaultBackupPath,
  readBackupHeader,
  restoreBackup,
} from '../platform/db/backup';
import { CliUsageError, describeTarget, positionalArgs, runCli } from './run-cli';

runCli('restore', async ({ config, args, open, info }) => {
  const [file, ...extra] = positionalArgs(args);
  if (!file || extra.length) {
    throw new CliUsageError('用法 / usage: npm run restore -- <backup-file.ndjson.gz> [--no-safety-backup]');
  }
  const header = await readBackupHeader(file);
  assertRestorable(header);
  info(describeTarget(config));
  info(`备份 / backup: ${file} (${header.createdAt}, 结构版本 schema ${header.schemaVersion}, ${header.mode})`);
  const database = await open();
  if (!args.includes('--no-safety-backup') && (await databaseHasData(database))) {
    const safety = await createBackup(database, defaultBackupPath(backupsDir(config.dataDir), 'pre-restore'));
    info(`已先备份当前数据 / current data saved first: ${safety.file}`);
  }
  const started = Date.now();
  const result = await restoreBackup(database, file);
  info(
    `恢复完成 / restored: ${result.tables} 张表 tables, ${result.rows} 行 rows, 结构版本 schema ${result.schemaVersion}` +
      (result.migratedTo !== result.schemaVersion ? ` → ${result.migratedTo}` : '') +
      `, ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
});
