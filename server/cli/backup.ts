// npm run backup [-- --out <file>] — writes a logical backup (gzip'd NDJSON) of every table.
// Default file: <DATA_DIR>/backups/zhaoshang-<UTC timestamp>-manual.ndjson.gz. The path is
// printed on stdout (progress goes to stderr), so `file=$(npm run -s backup)` works.
import { backupsDir, createBackup, defaultBackupPath } from '../platform/db/backup';
import { describeTarget, optionValue, runCli } from './run-cli';

runCli('backup', async ({ config, args, open, info }) => {
  const out = optionValue(args, '--out') ?? defaultBackupPath(backupsDir(config.dataDir), 'manual');
  info(describeTarget(config));
  const database = await open();
  const started = Date.now();
  const result = await createBackup(database, out);
  const megabytes = (result.bytes / 1024 / 1024).toFixed(1);
  info(
    `备份完成 / backup written: ${result.tables} 张表 tables, ${result.rows} 行 rows, ${megabytes} MB, ` +
      `结构版本 schema ${result.schemaVersion}, ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  process.stdout.write(`${result.file}\n`);
});
