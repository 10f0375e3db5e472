// 08-quality throughput target: an authenticated list request costs at most 2 statements and the
// app serves ≥ 0.8× the requests/s of a bare Fastify + `pg` route running the very same statements.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppProcess } from './app-process';
import { runConcurrent, type BenchClient } from './load';
import type { LatencyStats } from './report';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface BareComparison {
  url: string;
  statements: number;
  app: LatencyStats;
  bare: LatencyStats;
  ratio: number;
}

/** PostgreSQL mode only: the bare route needs its own connections to the same database. */
export async function compareWithBareRoute(options: { app: AppProcess; client: BenchClient; url: string; databaseUrl: string; seconds: number; inFlight: number }): Promise<BareComparison> {
  const { app, client, url } = options;
  for (let i = 0; i < 5; i++) await client.get(url);
  await app.ask({ type: 'capture', on: true }, 'captured');
  await client.get(url);
  const { statements } = await app.ask({ type: 'capture', on: false }, 'captured');

  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench', 'bare-route.ts')], { cwd: root, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const ready = new Promise<number>((resolve, reject) => {
      child.once('message', (message: { type: string; port: number }) => resolve(message.port));
      child.once('exit', (code) => reject(new Error(`bare route exited (code ${code})`)));
    });
    child.send({ databaseUrl: options.databaseUrl, statements });
    const bareUrl = `http://127.0.0.1:${await ready}/bare`;
    for (let i = 0; i < 20; i++) await (await fetch(bareUrl)).json();
    const limits = { requests: Number.MAX_SAFE_INTEGER, maxMs: options.seconds * 1000, inFlight: options.inFlight };
    // BENCH_CPU_PROFILE=compare: a CPU profile of the app during this run only.
    const profiling = process.env.BENCH_CPU_PROFILE === 'compare';
    if (profiling) await app.ask({ type: 'profile', on: true }, 'profiled');
    const appRun = await runConcurrent(() => client.get(url), limits);
    if (profiling) {
      const file = path.join(root, 'test-artifacts', 'profiles', `compare-${Date.now()}.cpuprofile`);
      await app.ask({ type: 'profile', on: false, file }, 'profiled');
      console.log(`  CPU profile of the app during the comparison: ${path.relative(root, file)}`);
    }
    const bareRun = await runConcurrent(async () => {
      const response = await fetch(bareUrl);
      if (!response.ok) throw new Error(`bare route answered ${response.status}`);
      await response.json();
    }, limits);
    return { url, statements: statements.length, app: appRun, bare: bareRun, ratio: appRun.rps / bareRun.rps };
  } finally {
    child.kill();
  }
}
