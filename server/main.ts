import { buildApp } from './app';
import { systemClock } from './platform/clock';
import { loadConfig } from './platform/config';
import { openDatabase } from './platform/db/client';
import { autoBackupBeforeMigration } from './platform/db/backup';
import { lockDataDir } from './platform/db/data-dir-lock';
import { migrateDatabase } from './platform/db/migrate';
import { databaseRoleWarnings } from './platform/db/roles';
import { terminalLogStream } from './platform/http/logging';
import { startScheduler } from './platform/jobs/scheduler';
import { seedDemo, type SeedCredential } from './platform/seed/demo';
import { appModules, ensureAppReferenceData } from './modules';

/** The address to open: a wildcard bind is reached at localhost; anything else as configured. */
function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

function printCredentials(credentials: SeedCredential[], adminPassword: string | undefined) {
  const lines = [
    '',
    '════════════════ 首次启动：演示账号（密码只显示这一次，请妥善保存）════════════════',
    // A password the operator supplied (ADMIN_PASSWORD) is theirs already: never echoed.
    ...credentials.map((c) => {
      const shown = adminPassword && c.password === adminPassword ? '（ADMIN_PASSWORD）' : c.password;
      return `  ${c.username.padEnd(10)} ${shown.padEnd(20)} ${c.displayName}（${c.role}，${c.unit}）`;
    }),
    '  First start: demo sign-in names and passwords (shown once).',
    '═══════════════════════════════════════════════════════════════════════════════════',
    '',
  ];
  // Printed to the console only, never to the structured log (R-SEC-07).
  process.stdout.write(lines.join('\n') + '\n');
}

async function main() {
  const config = loadConfig();
  const started = Date.now();
  // PGlite is single-process: refuse to open a data directory another process is using.
  const lock = config.databaseUrl ? undefined : lockDataDir(config.dataDir, 'npm start');
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  // R-QLT-02: PGlite does not fsync, so the embedded database is backed up before migrating.
  const preMigrationBackup = await autoBackupBeforeMigration(database, config);
  const migration = await migrateDatabase(database);
  await ensureAppReferenceData(database.db, systemClock);
  const credentials = config.seedDemo || config.adminPassword ? await seedDemo(database.db, systemClock, { adminPassword: config.adminPassword, modules: config.seedDemo ? appModules : [], config }) : [];

  const terminal = await terminalLogStream();
  const app = await buildApp({ database, config, logger: terminal ? { stream: terminal } : undefined, quietRequests: Boolean(terminal) });
  if (preMigrationBackup) app.log.info({ file: preMigrationBackup.file }, 'backup before migration written');
  if (migration.from !== migration.to) app.log.info({ from: migration.from, to: migration.to }, 'database migrated');
  for (const warning of await databaseRoleWarnings(database)) app.log.warn(warning);
  if (credentials.length) printCredentials(credentials, config.adminPassword);

  // Scheduled jobs (R-PLT-32): each period runs once even with several instances.
  const scheduler = startScheduler(app.deps);

  await app.listen({ port: config.port, host: config.host });
  app.log.info(
    { mode: database.mode, schemaVersion: migration.to, startupMs: Date.now() - started },
    `招商客户管理平台 running at http://${displayHost(config.host)}:${config.port}`,
  );

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const timer = setTimeout(() => process.exit(1), 15_000);
    timer.unref();
    try {
      await scheduler.stop();
      await app.close();
      await database.close();
      lock?.release();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`启动失败 / start failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
