// npm run db:grant -- <role> — run as the owner role after migrating: lets the runtime role read
// and write the business tables but only read and append the audit log (R-SEC-08).
import { grantRuntimeRole } from '../platform/db/roles';
import { describeTarget, runCli } from './run-cli';

runCli('db:grant', async ({ config, open, info, args }) => {
  const role = args[0];
  if (!role) throw new Error('请指定应用运行时使用的数据库角色，例如 npm run db:grant -- zhaoshang_app / name the runtime role');
  if (!config.databaseUrl) throw new Error('内置数据库只有一个账号，无需授权 / the embedded database has no roles to grant');
  info(describeTarget(config));
  const database = await open();
  await grantRuntimeRole(database.db, role);
  info(`已授权 ${role}：业务表可读写，审计日志只能读取和追加 / granted ${role}`);
});
