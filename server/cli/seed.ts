// npm run db:seed — on a database without users, creates the demo organisation and prints the
// sign-in names with their random passwords once (ADMIN_PASSWORD sets the admin's).
import { systemClock } from '../platform/clock';
import { codeSchemaVersion, databaseSchemaVersion } from '../platform/db/migrate';
import { appModules, ensureAppReferenceData } from '../modules';
import { seedDemo } from '../platform/seed/demo';
import { describeTarget, runCli } from './run-cli';

runCli('db:seed', async ({ config, open, info }) => {
  info(describeTarget(config));
  const database = await open();
  if ((await databaseSchemaVersion(database)) !== codeSchemaVersion()) {
    throw new Error('数据库结构不是最新版本，请先运行 npm run db:migrate / run npm run db:migrate first');
  }
  await ensureAppReferenceData(database.db, systemClock);
  const credentials = await seedDemo(database.db, systemClock, { adminPassword: config.adminPassword, modules: appModules, config });
  if (credentials.length === 0) {
    info('数据库中已有用户，未创建演示数据 / users already exist; nothing seeded');
    return;
  }
  for (const c of credentials) process.stdout.write(`${c.username}\t${c.password}\t${c.displayName}\t${c.role}\t${c.unit}\n`);
  info('以上为演示账号与密码，只显示这一次 / demo sign-ins above, shown once');
});
