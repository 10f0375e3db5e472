// Shared plumbing of the command-line tools: config from the environment, the data-directory
// lock in embedded mode, clear messages and a non-zero exit code on failure.
import { loadConfig, type AppConfig } from '../platform/config';
import { openDatabase, type Database } from '../platform/db/client';
import { lockDataDir, type DataDirLock } from '../platform/db/data-dir-lock';

export interface CliContext {
  config: AppConfig;
  args: string[];
  /** Opens the configured database (taking the embedded data-directory lock first). */
  open(): Promise<Database>;
  /** Takes the embedded data-directory lock without opening the database (no-op on PostgreSQL). */
  lock(): void;
  /** Progress and messages for people; stdout stays for machine-readable results. */
  info(message: string): void;
}

export function describeTarget(config: AppConfig): string {
  if (!config.databaseUrl) return `内置数据库 / embedded database: ${config.dataDir}`;
  const url = new URL(config.databaseUrl);
  url.password = url.password ? '***' : '';
  return `PostgreSQL: ${url.toString()}`;
}

export function runCli(name: string, main: (context: CliContext) => Promise<void>): void {
  let lock: DataDirLock | undefined;
  let database: Database | undefined;
  const run = async () => {
    const config = loadConfig(process.env);
    const context: CliContext = {
      config,
      args: process.argv.slice(2),
      lock() {
        if (!config.databaseUrl && !lock) lock = lockDataDir(config.dataDir, `npm run ${name}`);
      },
      async open() {
        context.lock();
        database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
        return database;
      },
      info(message) {
        process.stderr.write(`${message}\n`);
      },
    };
    await main(context);
  };
  run()
    .catch((error: unknown) => {
      const err = error instanceof Error ? error : new Error(String(error));
      const known = ['BackupError', 'DataDirLockedError', 'CliUsageError'].includes(err.name);
      process.stderr.write(`\n${name} 失败 / failed: ${err.message}\n`);
      if (!known && err.stack) process.stderr.write(`${err.stack}\n`);
      process.exitCode = 1;
    })
    .finally(async () => {
      await database?.close().catch(() => undefined);
      lock?.release();
    });
}

export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

/** `--name value` or `--name=value`. */
export function optionValue(args: string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === name) {
      const value = args[i + 1];
      if (value === undefined || value.startsWith('--')) throw new CliUsageError(`${name} 需要一个值 / ${name} needs a value`);
      return value;
    }
    if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
  }
  return undefined;
}

/** Arguments that are neither options nor option values. */
export function positionalArgs(args: string[], optionsWithValue: string[] = []): string[] {
  const result: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (optionsWithValue.includes(arg)) i++;
    else if (!arg.startsWith('--')) result.push(arg);
  }
  return result;
}
