// The embedded database (PGlite) is single-process: two processes opening the same data
// directory would corrupt it, and PGlite itself does not detect that. Every process that opens
// `<DATA_DIR>/pgdata` (the server, and the CLIs: migrate, backup, restore, reset, seed…) takes
// this lock file first. A lock left by a killed process is detected (its pid is gone) and taken
// over.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface DataDirLock {
  file: string;
  release(): void;
}

interface LockContent {
  pid: number;
  host: string;
  owner: string;
  startedAt: string;
}

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): LockContent | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockContent;
  } catch {
    return undefined;
  }
}

/**
 * Takes `<dataDir>/zhaoshang.lock` for this process, or throws DataDirLockedError naming the
 * process that holds it. Released on `release()` and on process exit.
 */
export function lockDataDir(dataDir: string, owner: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'zhaoshang.lock');
  const content: LockContent = { pid: process.pid, host: os.hostname(), owner, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(content), { flag: 'wx' });
      const release = () => {
        process.off('exit', release);
        if (readLock(file)?.pid === process.pid) fs.rmSync(file, { force: true });
      };
      process.on('exit', release);
      return { file, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readLock(file);
    const stale =
      !holder || (holder.host === os.hostname() && (holder.pid === process.pid || !isAlive(holder.pid)));
    if (!stale) {
      throw new DataDirLockedError(
        `数据目录 ${dataDir} 正被进程 ${holder.pid}（${holder.owner}，${holder.startedAt} 启动）使用。` +
          `内置数据库只允许一个进程打开，请先停止该进程（例如停止 npm start）再重试。` +
          ` / The data directory is in use by process ${holder.pid} (${holder.owner}); the embedded database allows one process at a time — stop it first.` +
          ` If that process no longer exists, delete ${file}.`,
      );
    }
    fs.rmSync(file, { force: true });
  }
  throw new DataDirLockedError(`无法锁定数据目录 / could not lock the data directory: ${file}`);
}
