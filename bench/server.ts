// The application under test, in its own process (so its memory and CPU are its own, and the
// load generator does not share its event loop). Started by bench/run.ts with an IPC channel:
// it opens the already generated database, builds the real app with `buildApp`, listens on a
// free port on 127.0.0.1 and answers a few commands (memory figures, numbering burst, stop).
import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import path from 'node:path';
import { resourceUsage } from 'node:process';
import { buildApp } from '../server/app';
import { systemClock } from '../server/platform/clock';
import { loadConfig } from '../server/platform/config';
import { openDatabase } from '../server/platform/db/client';
import { migrateDatabase } from '../server/platform/db/migrate';
import { nextNumber } from '../server/platform/numbering/numbering.service';
import { appModules } from '../server/modules';
import { ensureReferenceData } from '../server/platform/manifests/install';
import { demoApprovalModule } from '../server/test/demo-approval.module';

export type ServerRequest =
  | { type: 'memory'; resetWindow?: boolean }
  | { type: 'numbering'; count: number; docType: string; unitCode: string }
  /** Start (on) or end (off) recording the statements sent; ending answers with them. */
  | { type: 'capture'; on: boolean }
  /** Start (on) or end (off) a CPU profile of this process; ending writes it to `file`. */
  | { type: 'profile'; on: boolean; file?: string }
  | { type: 'stop' };

export interface MemoryFigures {
  rss: number;
  heapUsed: number;
  /** Highest RSS sampled every 100 ms since start. */
  peakRss: number;
  /** Highest RSS sampled since the last resetWindow. */
  windowPeakRss: number;
  /** resourceUsage().maxRSS, bytes. */
  maxRss: number;
  /** CPU time used by the app process so far (user + system), ms. */
  cpuMs: number;
  /** Statements sent outside transactions through the driver's query() so far. */
  queries: number;
}

export type ServerMessage =
  | { type: 'ready'; port: number; timings: Record<string, number> }
  | ({ type: 'memory' } & MemoryFigures)
  | { type: 'numbering'; ms: number; numbers: string[] }
  | { type: 'captured'; statements: unknown[][] }
  | { type: 'profiled'; file: string | null }
  | { type: 'error'; message: string };

function send(message: ServerMessage) {
  process.send?.(message);
}

async function main() {
  const processStartMs = performance.now();
  const dataDir = process.env.BENCH_DATA_DIR;
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  const config = {
    ...loadConfig({ DATA_DIR: dataDir ?? process.env.BENCH_TMP_DIR, LOG_LEVEL: 'warn' } as NodeJS.ProcessEnv),
    databaseUrl,
    host: '127.0.0.1',
    port: 0,
    // The sign-in measurement logs in far more often than a person would.
    loginRateLimitPerMinute: 1_000_000,
  };

  let peakRss = process.memoryUsage.rss();
  let windowPeakRss = peakRss;
  const sampler = setInterval(() => {
    const rss = process.memoryUsage.rss();
    if (rss > peakRss) peakRss = rss;
    if (rss > windowPeakRss) windowPeakRss = rss;
  }, 100);
  sampler.unref();

  const t0 = performance.now();
  const database = await openDatabase({ databaseUrl, dataDir });
  const t1 = performance.now();
  // Count the statements the app sends (the driver's query(), i.e. everything outside
  // transactions) so the report can show database round trips per request.
  let queries = 0;
  // While capturing, the driver arguments of each statement too (for the bare-route comparison).
  let captured: unknown[][] | null = null;
  const driver = (database.pool ?? database.pglite) as unknown as { query: (...args: unknown[]) => unknown };
  const query = driver.query.bind(driver);
  driver.query = (...args: unknown[]) => {
    queries++;
    // Text, values and row mode: what crosses to the bare route (type parsers stay behind).
    captured?.push(
      args
        .filter((arg) => typeof arg !== 'function')
        .map((arg) => (arg && typeof arg === 'object' && 'text' in arg ? { name: (arg as { name?: string }).name, text: (arg as { text: string }).text, values: (arg as { values?: unknown[] }).values, rowMode: (arg as { rowMode?: string }).rowMode } : arg)),
    );
    return query(...args);
  };
  await migrateDatabase(database);
  const t2 = performance.now();
  // The test-only 演示审批 type gives the write burst an approval with no business record behind it.
  const modules = [...appModules, demoApprovalModule];
  await ensureReferenceData(modules, database.db, systemClock);
  const t3 = performance.now();
  const app = await buildApp({ database, config, logger: false, modules });
  await app.ready();
  const t4 = performance.now();
  await app.listen({ host: '127.0.0.1', port: 0 });
  const t5 = performance.now();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  let profiler: inspector.Session | undefined;
  process.on('message', (raw: ServerRequest) => {
    void (async () => {
      try {
        if (raw.type === 'memory') {
          const memory = process.memoryUsage();
          send({
            type: 'memory',
            rss: memory.rss,
            heapUsed: memory.heapUsed,
            peakRss: Math.max(peakRss, memory.rss),
            windowPeakRss: Math.max(windowPeakRss, memory.rss),
            maxRss: resourceUsage().maxRSS * 1024,
            cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
            queries,
          });
          if (raw.resetWindow) windowPeakRss = memory.rss;
        } else if (raw.type === 'numbering') {
          // R-QLT-01: N documents drawing numbers at once, each in its own transaction, the
          // way a module's create service calls nextNumber (no HTTP endpoint draws numbers yet).
          const started = performance.now();
          const numbers = await Promise.all(
            Array.from({ length: raw.count }, () =>
              database.db.transaction((tx) => nextNumber(tx, { clock: systemClock }, { docType: raw.docType, unitCode: raw.unitCode })),
            ),
          );
          send({ type: 'numbering', ms: performance.now() - started, numbers });
        } else if (raw.type === 'capture') {
          if (raw.on) captured = [];
          else {
            send({ type: 'captured', statements: captured ?? [] });
            captured = null;
          }
          if (raw.on) send({ type: 'captured', statements: [] });
        } else if (raw.type === 'profile') {
          if (raw.on) {
            profiler ??= new inspector.Session();
            profiler.connect();
            await profiler.post('Profiler.enable');
            await profiler.post('Profiler.start');
            send({ type: 'profiled', file: null });
          } else if (profiler) {
            const { profile } = await profiler.post('Profiler.stop');
            fs.mkdirSync(path.dirname(raw.file!), { recursive: true });
            fs.writeFileSync(raw.file!, JSON.stringify(profile));
            profiler.disconnect();
            send({ type: 'profiled', file: raw.file! });
          }
        } else if (raw.type === 'stop') {
          clearInterval(sampler);
          await app.close();
          await database.close();
          process.exit(0);
        }
      } catch (error) {
        send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      }
    })();
  });
  process.on('disconnect', () => process.exit(0));

  send({
    type: 'ready',
    port,
    timings: {
      // From spawn (node + tsx + loading every server module) to listening.
      spawnToListenMs: Date.now() - Number(process.env.BENCH_SPAWNED_AT ?? Date.now()),
      processToListenMs: t5,
      moduleLoadMs: processStartMs,
      openDatabaseMs: t1 - t0,
      migrateMs: t2 - t1,
      platformDataMs: t3 - t2,
      buildAppMs: t4 - t3,
      listenMs: t5 - t4,
      openToListenMs: t5 - t0,
    },
  });
}

main().catch((error: unknown) => {
  send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
