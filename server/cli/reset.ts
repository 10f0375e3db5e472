// npm run db:reset -- --yes — deletes ALL data and recreates an empty, migrated database.
// Embedded: deletes <DATA_DIR>/pgdata (backups in <DATA_DIR>/backups are kept).
// PostgreSQL: drops the schemas `public` and `drizzle` with everything in them.
// Refuses without --yes unless NODE_ENV=test.
import fs from 'node:fs';
import path from 'node:path';
import { wipeDatabase } from '../platform/db/backup';
import { migrateDatabase } from '../platform/db/migrate';
import { CliUsageError, describeTarget, runCli } from './run-cli';

runCli('db:reset', async ({ config, args, lock, open, info }) => {
  info(describeTarget(config));
  if (!args.includes('--yes') && process.env.NODE_ENV !== 'test') {
    throw new CliUsageError(
      '此操作会删除全部数据，确认请加 --yes：npm run db:reset -- --yes / this deletes ALL data; confirm with: npm run db:reset -- --yes',
    );
  }
  if (!config.databaseUrl) {
    lock();
    fs.rmSync(path.join(config.dataDir, 'pgdata'), { recursive: true, force: true });
    info('已删除内置数据库 / embedded database deleted');
  }
  const database = await open();
  if (config.databaseUrl) {
    await wipeDatabase(database);
    info('已删除 public 与 drizzle 模式 / schemas public and drizzle dropped');
  }
  const { to } = await migrateDatabase(database);
  info(`已重建空数据库，结构版本 ${to}；npm start 会在空库上生成演示数据 / empty database recreated at schema ${to}`);
});
