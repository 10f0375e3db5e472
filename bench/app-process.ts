// The app under test in its own process (bench/server.ts), driven over an IPC channel: ready
// with its port and start-up timings, memory figures (RSS sampled every 100 ms), stop.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchTarget } from './database';
import type { MemoryFigures, ServerMessage, ServerRequest } from './server';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export class AppProcess {
  private waiters: ((message: ServerMessage) => void)[] = [];
  readonly exited: Promise<number | null>;

  constructor(private readonly child: ChildProcess) {
    child.on('message', (message: ServerMessage) => {
      if (message.type === 'error') {
        process.stderr.write(`app process error: ${message.message}\n`);
      }
      const waiter = this.waiters.shift();
      waiter?.(message);
    });
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  next(timeoutMs = 600_000): Promise<ServerMessage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('app process did not answer in time')), timeoutMs);
      void this.exited.then((code) => reject(new Error(`app process exited (code ${code})`)));
      this.waiters.push((message) => {
        clearTimeout(timer);
        if (message.type === 'error') reject(new Error(message.message));
        else resolve(message);
      });
    });
  }

  async ask<T extends ServerMessage['type']>(request: ServerRequest, type: T): Promise<Extract<ServerMessage, { type: T }>> {
    const answer = this.next();
    this.child.send(request);
    const message = await answer;
    if (message.type !== type) throw new Error(`expected ${type} from the app process, got ${message.type}`);
    return message as Extract<ServerMessage, { type: T }>;
  }

  memory(resetWindow = false): Promise<MemoryFigures> {
    return this.ask({ type: 'memory', resetWindow }, 'memory');
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    this.child.send({ type: 'stop' } satisfies ServerRequest);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(timer);
  }
}

export function startApp(target: BenchTarget, tmpDir: string): AppProcess {
  // BENCH_CPU_PROFILE=1 writes a V8 CPU profile of the app process to test-artifacts/profiles/.
  const profile = process.env.BENCH_CPU_PROFILE === '1' ? ['--cpu-prof', '--cpu-prof-dir', path.join(root, 'test-artifacts', 'profiles')] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', path.join(root, 'bench', 'server.ts')], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: {
      ...process.env,
      BENCH_SPAWNED_AT: String(Date.now()),
      BENCH_TMP_DIR: tmpDir,
      ...(target.dataDir ? { BENCH_DATA_DIR: target.dataDir } : {}),
      ...(target.databaseUrl ? { BENCH_DATABASE_URL: target.databaseUrl } : {}),
    },
  });
  return new AppProcess(child);
}
