// npm run db:migrate — applies pending migrations (the server also does this on start).
// Embedded mode: a database that holds data is backed up first (<DATA_DIR>/backups/).
import { autoBackupBeforeMigration } from '../platform/db/backup';
import { codeSchemaVersion, databaseSchemaVersion, migrateDatabase } from '../platform/db/migrate';
import { describeTarget, runCli } from './run-cli';

runCli('db:migrate', async ({ config, open, info }) => {
  info(describeTarget(config));
  const database = await open();
  const current = await databaseSchemaVersion(database);
  const expected = codeSchemaVersion();
  if (current === expected) {
    info(`数据库结构已是最新版本 ${current} / schema is up to date (version ${current})`);
    return;
  }
  const backup = await autoBackupBeforeMigration(database, config);
  if (backup) info(`迁移前已自动备份 / backup before migration: ${backup.file}`);
  const { from, to } = await migrateDatabase(database);
  info(`数据库结构已从版本 ${from} 迁移到 ${to} / migrated schema ${from} → ${to}`);
});
