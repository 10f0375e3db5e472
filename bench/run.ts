// `npm run bench` — speed and memory figures of 08-quality.md, measured over real HTTP against a
// fresh, generated database. Embedded PGlite in a temporary directory by default; with
// DATABASE_URL set, a new database on that server (dropped at the end unless BENCH_KEEP=1).
//
//   BENCH_SCALE=0.1   quick run (default 1: 500,000 audit events, 2,000 users, …)
//   BENCH_SEED=7      another data set (default 20260302)
//   BENCH_KEEP=1      keep the temporary data directory / database
//   BENCH_CPU_PROFILE=1  write a V8 CPU profile of the app process to test-artifacts/profiles/
//                     (=compare: only during the app / bare route comparison, server mode)
//   BENCH_THROUGHPUT_SECONDS=20  length of the 50-client throughput run
//   BENCH_CUSTOMERS=20000  customers to generate (default 200,000, the embedded scale; contacts ≈ 3×;
//                     0 = no customer archive)
//   BENCH_IMPORT_ROWS=100000  rows of the .xlsx import (default min(100,000, half the customers))
//   BENCH_SAMPLES=60   samples per customer request after 5 warm-up (at least 50)
//   BENCH_CONTRACTS=2000  contracts to generate (default 20,000 embedded / 200,000 server, at most
//                     one per customer; 0 = no spaces and contracts section)
//   BENCH_PLATFORM=0   skip the platform figures (sign-in, users/audit/approval lists, audit
//                     verify, numbering, throughput) and measure only the customer archive
//
// Prints a table per section with each figure beside its target and writes
// test-artifacts/bench-<mode>.json. Exits 0 when a target is missed (it is a measurement),
// non-zero only when something fails.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrateDatabase } from '../server/platform/db/migrate';
import { systemClock } from '../server/platform/clock';
import { ensureAppReferenceData } from '../server/modules';
import { createBenchTarget, serverVersion } from './database';
import { generateData, type BenchUser, type GeneratedData } from './generate';
import { BenchClient, runConcurrent, runSequential, type RunLimits } from './load';
import { tableSizes } from './sizes';
import { count, mark, mb, ms, round, seconds, summarize, table, type LatencyStats, type Verdict } from './report';
import { startApp, type AppProcess } from './app-process';
import { generateCustomers, type CustomerData } from './customer-generate';
import { measureImportExport } from './customer-io';
import { measureCustomers } from './customer-measure';
import { generateContracts, measureContracts, type ContractData } from './contract-bench';
import { measureSignInPage } from './web-page';
import { compareWithBareRoute } from './bare-compare';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const scale = Number(process.env.BENCH_SCALE ?? '1');
const seed = Number(process.env.BENCH_SEED ?? '20260302');
const keep = process.env.BENCH_KEEP === '1';
if (!Number.isFinite(scale) || scale <= 0 || scale > 20) throw new Error(`BENCH_SCALE must be a number in (0, 20], got ${process.env.BENCH_SCALE}`);

const customerCount = Number(process.env.BENCH_CUSTOMERS ?? '200000');
const importRows = Number(process.env.BENCH_IMPORT_ROWS ?? Math.min(100_000, Math.floor(customerCount / 2)));
const customerSamples = Math.max(50, Number(process.env.BENCH_SAMPLES ?? '60'));
const platformFigures = process.env.BENCH_PLATFORM !== '0';
if (!Number.isInteger(customerCount) || customerCount < 0 || customerCount > 2_000_000) throw new Error(`BENCH_CUSTOMERS must be an integer in [0, 2000000], got ${process.env.BENCH_CUSTOMERS}`);
if (customerCount > 0 && customerCount < 1_000) throw new Error('BENCH_CUSTOMERS must be 0 or at least 1,000');

const quick = scale < 0.5;
const sequentialLimits: RunLimits = { requests: quick ? 40 : 100, maxMs: quick ? 5_000 : 12_000 };
const concurrentLimits = { requests: quick ? 80 : 200, maxMs: quick ? 5_000 : 12_000, inFlight: 20 };
const throughputSeconds = Number(process.env.BENCH_THROUGHPUT_SECONDS ?? (quick ? 8 : 20));

const log = (line = '') => process.stdout.write(line + '\n');

// ── Results ───────────────────────────────────────────────────────────────────
interface Check {
  section: string;
  name: string;
  figure: string;
  target: string;
  verdict: Verdict;
}

const checks: Check[] = [];
const results: Record<string, unknown> = {};

function check(section: string, name: string, figure: string, target: string, verdict: Verdict) {
  checks.push({ section, name, figure, target, verdict });
}

interface EndpointResult {
  name: string;
  url: string;
  sequential: LatencyStats;
  concurrent: LatencyStats;
  targetP95Ms?: number;
  note?: string;
}

function endpointTable(title: string, rows: EndpointResult[]) {
  log(
    table(
      title,
      ['request', 'seq n', 'p50', 'p95', 'max', 'req/s', `${concurrentLimits.inFlight} in flight n`, 'p50', 'p95', 'max', 'req/s', 'target p95 (seq)', ''],
      rows.map((r) => [
        r.name,
        String(r.sequential.count),
        ms(r.sequential.p50),
        ms(r.sequential.p95),
        ms(r.sequential.max),
        String(r.sequential.rps),
        String(r.concurrent.count),
        ms(r.concurrent.p50),
        ms(r.concurrent.p95),
        ms(r.concurrent.max),
        String(r.concurrent.rps),
        r.targetP95Ms === undefined ? (r.note ?? '—') : `≤ ${r.targetP95Ms} ms`,
        r.targetP95Ms === undefined ? '' : mark(r.sequential.p95 <= r.targetP95Ms ? 'pass' : 'fail'),
      ]),
    ),
  );
}

async function measure(
  name: string,
  url: string,
  call: (index: number, worker: number) => Promise<unknown>,
  options: { targetP95Ms?: number; note?: string; sequential?: RunLimits; concurrent?: RunLimits & { inFlight: number }; warmup?: number } = {},
): Promise<EndpointResult> {
  for (let i = 0; i < (options.warmup ?? 5); i++) await call(i, 0);
  const sequential = await runSequential((i) => call(i, 0), options.sequential ?? sequentialLimits);
  const concurrent = await runConcurrent(call, options.concurrent ?? concurrentLimits);
  process.stdout.write(`  ${name}: seq p95 ${ms(sequential.p95)}, ${options.concurrent?.inFlight ?? concurrentLimits.inFlight} in flight p95 ${ms(concurrent.p95)}\n`);
  return { name, url, sequential, concurrent, targetP95Ms: options.targetP95Ms, note: options.note };
}

function machineInfo() {
  return {
    date: new Date().toISOString(),
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: round(os.totalmem() / 1024 ** 3, 1),
    loadAverage: os.loadavg().map((n) => round(n, 2)),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
  };
}

// ── Main ──────────────────────────────────────────────────────────────────────
async function main() {
  const runStarted = performance.now();
  const target = await createBenchTarget(process.env.DATABASE_URL || undefined, keep);
  const mode = target.mode;
  const embedded = mode === 'pglite';
  const listTarget = embedded ? 100 : 50;
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zs-bench-app-'));
  let app: AppProcess | undefined;
  const cleanup = async () => {
    await app?.stop().catch(() => undefined);
    await target.destroy().catch((error: unknown) => process.stderr.write(`cleanup failed: ${String(error)}\n`));
    fs.rmSync(tmpDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));

  try {
    const machine = machineInfo();
    log(`招商客户管理平台 — benchmark (${embedded ? 'embedded PGlite' : 'PostgreSQL server'})`);
    log(`  database   ${target.label}${keep ? ' (kept: BENCH_KEEP=1)' : ' (removed at the end)'}`);
    log(`  machine    ${machine.cpus} CPU (${machine.cpuModel}), ${machine.memoryGb} GB RAM, load ${machine.loadAverage.join(' ')}, Node ${machine.node}`);
    log(`  scale      BENCH_SCALE=${scale}, BENCH_CUSTOMERS=${customerCount}, import ${importRows} rows, seed ${seed}${platformFigures ? '' : ', platform figures skipped (BENCH_PLATFORM=0)'}`);

    // 1. Fresh database, migrated, generated.
    const database = await target.open();
    const version = await serverVersion(database);
    log(`  server     ${version}`);
    const migrateStarted = performance.now();
    await migrateDatabase(database);
    await ensureAppReferenceData(database.db, systemClock);
    const migrateFreshMs = performance.now() - migrateStarted;
    log('\nGenerating data…');
    const generateStarted = performance.now();
    const data: GeneratedData = await generateData(database, { scale, seed, log: (line) => log(line) });
    const platformMs = performance.now() - generateStarted;
    let customerData: CustomerData | undefined;
    if (customerCount > 0) {
      log(`\nGenerating the customer archive (${count(customerCount)} customers, ~3 contacts and ~3 timeline events each)…`);
      const started = performance.now();
      customerData = await generateCustomers(database, data, { customers: customerCount, seed, log: (line) => log(line) });
      const customerMs = performance.now() - started;
      results.customerGeneration = { counts: customerData.counts, timingsMs: customerData.timings, totalMs: Math.round(customerMs) };
      log(`  customer archive generated in ${seconds(customerMs)} (names ${ms(customerData.timings.names!)}, rows + search keys ${seconds(customerData.timings.rows!)}, inserts ${seconds(customerData.timings.insert!)}, index rebuild ${seconds(customerData.timings.indexes!)}, ANALYZE ${ms(customerData.timings.analyze!)})`);
    }
    let contractData: ContractData | undefined;
    const wantedContracts = Math.min(Number(process.env.BENCH_CONTRACTS ?? (embedded ? 20_000 : 200_000)), customerData?.counts.customers ?? 0);
    if (customerData && wantedContracts > 0) {
      log(`\nGenerating spaces and contracts (${count(wantedContracts)} signed leases with their schedules)…`);
      contractData = await generateContracts(database, customerData, wantedContracts, (line) => log(line));
    }
    const generateMs = performance.now() - generateStarted;
    const sizes = await tableSizes(database);
    await database.close();
    results.machine = { ...machine, database: version, mode };
    results.generation = { counts: data.counts, timingsMs: data.timings, totalMs: Math.round(generateMs), migrateFreshMs: Math.round(migrateFreshMs), tableSizes: sizes };

    const fullAudit = embedded ? 5_000_000 : 50_000_000;
    const fullCustomers = embedded ? 200_000 : 2_000_000;
    log(
      table(
        'Data set',
        ['data', 'rows', 'generated in', 'on disk', '08-quality scale', 'this run'],
        [
          ['org units (4 levels)', count(data.counts.units), ms(data.timings.units ?? 0), sizes.org_units ?? '', '—', ''],
          ['users (Chinese names, 7 roles)', count(data.counts.users), ms(data.timings.users ?? 0), sizes.users ?? '', '—', ''],
          ['audit events (180 days, hash-chained)', count(data.counts.auditEvents), seconds(data.timings.auditEvents ?? 0), sizes.audit_events ?? '', count(fullAudit), `${round((100 * data.counts.auditEvents) / fullAudit, 1)} % of target`],
          ['tasks', count(data.counts.tasks), ms(data.timings.tasks ?? 0), sizes.tasks ?? '', '—', ''],
          ['notifications', count(data.counts.notifications), ms(data.timings.notifications ?? 0), sizes.notifications ?? '', '—', ''],
          ['approval instances', count(data.counts.approvals), ms(data.timings.approvals ?? 0), sizes.approval_instances ?? '', '—', ''],
          ['ANALYZE', '', ms(data.timings.analyze ?? 0), '', '', ''],
          ['platform data, total', '', seconds(platformMs), '', '', ''],
          ...(customerData
            ? [
                ['customers (realistic names, valid USCCs, addresses)', count(customerData.counts.customers), '', sizes.customers ?? '', count(fullCustomers), `${round((100 * customerData.counts.customers) / fullCustomers, 1)} % of target`],
                ['customer contacts (names, mobiles)', count(customerData.counts.contacts), '', sizes.customer_contacts ?? '', count(3 * fullCustomers), ''],
                ['customer timeline events', count(customerData.counts.timeline), '', sizes.customer_timeline ?? '', '—', ''],
                ['customer archive, total (incl. index rebuild + ANALYZE)', '', seconds(generateMs - platformMs - (contractData ? contractData.generateMs + contractData.schedule.computeMs + contractData.schedule.insertMs : 0)), '', '', ''],
              ]
            : []),
          ...(contractData
            ? [
                ['contracts (signed 3-year leases, one unit each)', count(contractData.contracts), seconds(contractData.generateMs), sizes.contracts ?? '', count(embedded ? 20_000 : 200_000), `${round((100 * contractData.contracts) / (embedded ? 20_000 : 200_000), 1)} % of target`],
                ['billing schedule lines (36 monthly periods each)', count(contractData.schedule.lines), seconds(contractData.schedule.computeMs + contractData.schedule.insertMs), sizes.billing_schedule_lines ?? '', '—', ''],
              ]
            : []),
          ['total', '', seconds(generateMs), sizes.total ?? '', '', ''],
        ],
      ),
    );
    log(`  Not generated: follow-up/visit records, bills and bill lines (their modules measure them when they exist).`);
    log(`  Audit events: this run used ${count(data.counts.auditEvents)} of the ${count(fullAudit)} the ${embedded ? 'embedded' : 'server'} target names (${round((100 * data.counts.auditEvents) / fullAudit, 1)} %).`);

    // 2. Start the app on the migrated, populated database.
    log('\nStarting the app (buildApp + listen on 127.0.0.1, separate process)…');
    app = startApp(target, tmpDir);
    const ready = await app.next(180_000);
    if (ready.type !== 'ready') throw new Error(`app process: unexpected ${ready.type}`);
    const base = `http://127.0.0.1:${ready.port}`;
    const startup = Object.fromEntries(Object.entries(ready.timings).map(([k, v]) => [k, Math.round(v)]));
    results.startup = startup;
    log(
      table(
        'Start-up on the migrated, populated database',
        ['step', 'time', 'target', ''],
        [
          ['spawn → listening (node + tsx + modules + all below)', ms(startup.spawnToListenMs!), 'restart ≤ 5 s', mark(startup.spawnToListenMs! <= 5_000 ? 'pass' : 'fail')],
          ['  loading modules (tsx)', ms(startup.moduleLoadMs!), '', ''],
          ['  openDatabase', ms(startup.openDatabaseMs!), '', ''],
          ['  migrateDatabase (nothing to apply)', ms(startup.migrateMs!), '', ''],
          ['  ensurePlatformData', ms(startup.platformDataMs!), '', ''],
          ['  buildApp + ready', ms(startup.buildAppMs!), '', ''],
          ['  listen', ms(startup.listenMs!), '', ''],
          ['migrate a brand-new database (all migrations + reference data)', ms(migrateFreshMs), '(npm start on a new dir ≤ 20 s incl. demo data)', ''],
        ],
      ),
    );
    check('start-up', 'restart (spawn → listening, populated db)', ms(startup.spawnToListenMs!), '≤ 5 s', startup.spawnToListenMs! <= 5_000 ? 'pass' : 'fail');

    if (platformFigures) {
      log('\nMeasuring the sign-in page in Chromium (empty cache, median of 3)…');
      const page = await measureSignInPage(base);
      if (typeof page === 'string') {
        log(`  Skipped: ${page}.`);
      } else {
        results.signInPage = page;
        const jsOk = page.jsTransferredBytes <= 600 * 1024;
        const usableOk = page.usableMs <= 1_500;
        log(
          table(
            'Sign-in page (first visit)',
            ['figure', 'value', 'target', ''],
            [
              ['requests', count(page.requests), '', ''],
              ['transferred (headers + compressed bodies)', `${round(page.transferredBytes / 1024, 1)} KB`, '', ''],
              ['  the same bodies uncompressed', `${round(page.decodedBytes / 1024, 1)} KB`, '', ''],
              ['JavaScript transferred', `${round(page.jsTransferredBytes / 1024, 1)} KB`, '≤ 600 KB', mark(jsOk ? 'pass' : 'fail')],
              ['navigation → usable sign-in form', ms(page.usableMs), '≤ 1.5 s', mark(usableOk ? 'pass' : 'fail')],
            ],
          ),
        );
        check('web', 'sign-in page JavaScript transferred', `${round(page.jsTransferredBytes / 1024, 1)} KB`, '≤ 600 KB', jsOk ? 'pass' : 'fail');
        check('web', 'sign-in page usable (cold)', ms(page.usableMs), '≤ 1.5 s', usableOk ? 'pass' : 'fail');
      }
    }

    const client = (user: BenchUser) => new BenchClient(base, user.username);
    const { actors } = data;
    const admin = client(actors.admin);
    await admin.login(data.password);

    if (platformFigures) {
      // 3. Sign-in and session.
      log('\nMeasuring sign-in and session…');
      const signInUsers = data.users.filter((u) => u.status === 'active').slice(0, 40).map(client);
      const signIn = await measure(
        'POST /auth/login (argon2id m=19 MiB t=2)',
        '/api/v1/auth/login',
        (i) => signInUsers[i % signInUsers.length]!.login(data.password),
        { note: 'no target', warmup: 2, sequential: { requests: 20, maxMs: 15_000 }, concurrent: { requests: 60, maxMs: 15_000, inFlight: 20 } },
      );
      const me = await measure('GET /auth/me', '/api/v1/auth/me', () => admin.get('/api/v1/auth/me'), { note: 'no target' });
      endpointTable('Sign-in and session', [signIn, me]);
      log(`  Sign-in cost is dominated by argon2id (19 MiB, t=2, on the libuv pool) plus a session row and a hash-chained audit event.`);

      // 4. List pages.
      log('\nMeasuring list pages…');
      const treeManager = client(actors.treeManager);
      await treeManager.login(data.password);
      const inboxUser = client(actors.inboxUser);
      await inboxUser.login(data.password);
      const taskUser = client(actors.taskUser);
      await taskUser.login(data.password);
      const notificationUser = client(actors.notificationUser);
      await notificationUser.login(data.password);
      const keyword = encodeURIComponent('王');
      const day = 86_400_000;
      const from = encodeURIComponent(new Date(Date.now() - 40 * day).toISOString());
      const to = encodeURIComponent(new Date(Date.now() - 33 * day).toISOString());
      const auditKeyword = encodeURIComponent('华通');
      const listTargets = { targetP95Ms: listTarget };
      const lists: EndpointResult[] = [];
      const totals: Record<string, number> = {};
      const listed = (key: string, url: string, agent: BenchClient) => async () => {
        const page = await agent.get<{ total: number; items: unknown[] }>(url);
        totals[key] = page.total;
      };
      const listSpecs: [string, string, BenchClient][] = [
        ['users: page 1 (admin, scope all)', '/api/v1/users?page=1&pageSize=20', admin],
        ['users: keyword q=王 (admin)', `/api/v1/users?page=1&pageSize=20&q=${keyword}`, admin],
        ['users: manager, unit_tree scope', '/api/v1/users?page=1&pageSize=20', treeManager],
        ['audit: unfiltered page 1', '/api/v1/audit-events?page=1&pageSize=20', admin],
        ['audit: by actor', `/api/v1/audit-events?page=1&pageSize=20&actorId=${actors.auditActor.id}`, admin],
        ['audit: action=update + 1-week range', `/api/v1/audit-events?page=1&pageSize=20&action=update&from=${from}&to=${to}`, admin],
        ['audit: keyword q=华通', `/api/v1/audit-events?page=1&pageSize=20&q=${auditKeyword}`, admin],
        ['approvals: 待我审批 inbox', '/api/v1/approvals/inbox?page=1&pageSize=20', inboxUser],
        ['tasks: my open tasks', '/api/v1/tasks?page=1&pageSize=20', taskUser],
      ];
      for (const [name, url, agent] of listSpecs) lists.push(await measure(name, url, listed(name, url, agent), listTargets));
      lists.push(
        await measure('notifications: unread count', '/api/v1/notifications/unread-count', () => notificationUser.get('/api/v1/notifications/unread-count'), listTargets),
      );
      endpointTable(`List pages (20 rows + total) — target p95 ≤ ${listTarget} ms ${embedded ? 'embedded' : 'server'}`, lists);
      log(
        `  Rows behind each list (total): ${Object.entries(totals)
          .map(([k, v]) => `${k.split(':')[0]} ${k.split(':')[1]?.trim()} = ${count(v)}`)
          .join('; ')}`,
      );
      log(`  Unit-tree manager ${actors.treeManager.displayName} sees ${count(actors.treeManagerSubtreeUsers)} users in 上海分公司's subtree.`);
      log(`  Users lists by holders of sensitive:view (admin, managers) also append a view_sensitive audit event per request (R-PLT-11).`);
      for (const r of lists) {
        if (r.targetP95Ms !== undefined) {
          check('list pages', r.name, `p95 ${ms(r.sequential.p95)} (20 in flight: ${ms(r.concurrent.p95)})`, `≤ ${r.targetP95Ms} ms`, r.sequential.p95 <= r.targetP95Ms ? 'pass' : 'fail');
        }
      }
      // 08-quality, embedded concurrency: 20 in flight keeps a list's p95 within 3× its sequential p95.
      const firstList = lists[0]!;
      const inFlightRatio = firstList.concurrent.p95 / Math.max(firstList.sequential.p95, 0.001);
      log(`  ${firstList.name}: 20-in-flight p95 is ${round(inFlightRatio, 1)}× the sequential p95 (target ≤ 3×).`);
      check('list pages', `${firstList.name}, 20 in flight vs sequential p95`, `${round(inFlightRatio, 1)}×`, '≤ 3×', inFlightRatio <= 3 ? 'pass' : 'fail');

      // 5. Audit chain verification over the whole log: a background job started over HTTP;
      //    meanwhile another user's list request is timed every 200 ms.
      log('\nVerifying the whole audit chain (job started over HTTP)…');
      const before = await app.memory(true);
      const verifyStarted = performance.now();
      interface Verification { id: number; status: string; progress: number; total: number | null; result: { ok: boolean; checked: number; brokenAtId: number | null } | null; error: string | null }
      let verification = await admin.post<Verification>('/api/v1/audit-events/verifications', {});
      const listDuring: number[] = [];
      while (verification.status === 'running') {
        const listStarted = performance.now();
        await treeManager.get('/api/v1/customers?page=1&pageSize=20');
        listDuring.push(performance.now() - listStarted);
        await new Promise((resolve) => setTimeout(resolve, 200));
        verification = await admin.get<Verification>(`/api/v1/audit-events/verifications/${verification.id}`);
      }
      const verifyMs = performance.now() - verifyStarted;
      const after = await app.memory();
      if (!verification.result?.ok) throw new Error(`audit chain verification: ${verification.error ?? `broken at id ${verification.result?.brokenAtId}`}`);
      const checked = verification.result.checked;
      const worstDuring = listDuring.length ? Math.max(...listDuring) : 0;
      results.auditVerify = {
        ms: Math.round(verifyMs),
        checked,
        rssBefore: before.rss,
        peakRssDuring: after.windowPeakRss,
        rateRowsPerSecond: Math.round(checked / (verifyMs / 1000)),
        listRequestsDuring: listDuring.length,
        listWorstMsDuring: Math.round(worstDuring),
      };
      const projected = (verifyMs / checked) * fullAudit;
      log(
        table(
          'Audit chain verification job (POST /api/v1/audit-events/verifications, polled)',
          ['figure', 'value', 'target', ''],
          [
            ['events checked', count(checked), '', ''],
            ['time to the finding', seconds(verifyMs), '', ''],
            ['rate', `${count(Math.round(checked / (verifyMs / 1000)))} events/s`, '', ''],
            [`projected for ${count(fullAudit)} events (linear)`, seconds(projected), '', ''],
            ['app RSS before → peak during', `${mb(before.rss)} → ${mb(after.windowPeakRss)}`, '', ''],
            [
              `another user's customer list during it (${listDuring.length} requests), worst`,
              ms(worstDuring),
              '≤ 200 ms',
              listDuring.length ? mark(worstDuring <= 200 ? 'pass' : 'fail') : '',
            ],
          ],
        ),
      );
      if (listDuring.length) check('audit verification', 'list request while the verification runs (worst)', ms(worstDuring), '≤ 200 ms', worstDuring <= 200 ? 'pass' : 'fail');

      // 6. Concurrency: numbering and a write burst.
      log('\nConcurrency (R-QLT-01)…');
      const numbering = await app.ask({ type: 'numbering', count: 1_000, docType: 'contract', unitCode: 'BENCH' }, 'numbering');
      const sequenceValues = numbering.numbers.map((n) => Number(n.slice(-5))).sort((a, b) => a - b);
      const unique = new Set(numbering.numbers).size === numbering.numbers.length;
      const gapFree = sequenceValues.every((value, index) => value === index + 1);
      const applicant = client(actors.applicant);
      await applicant.login(data.password);
      const writes = await runConcurrent(
        (i) => applicant.post('/api/v1/approvals/demo', { title: `基准演示审批 ${i + 1}`, amount: 1000 + i }),
        { requests: quick ? 100 : 300, maxMs: 30_000, inFlight: 20 },
      );
      results.concurrency = { numbering: { documents: numbering.numbers.length, ms: Math.round(numbering.ms), unique, gapFree }, demoApprovals: writes };
      log(
        table(
          'Concurrency',
          ['figure', 'value', 'target', ''],
          [
            ['1,000 concurrent numbered documents (nextNumber, one transaction each)', ms(numbering.ms), 'unique, gap-free', mark(unique && gapFree ? 'pass' : 'fail')],
            ['  numbers issued (sorted)', `${[...numbering.numbers].sort()[0]} … ${[...numbering.numbers].sort()[numbering.numbers.length - 1]}`, '', ''],
            [`POST /approvals/demo × ${writes.count}, 20 in flight (instance + action + notification + audit)`, `p50 ${ms(writes.p50)}, p95 ${ms(writes.p95)}, ${writes.rps} req/s`, '—', ''],
          ],
        ),
      );
      log(`  No HTTP endpoint draws numbers yet (the customer and contract modules will); the burst calls nextNumber in the app process on the app's database connection.`);
      check('concurrency', 'R-QLT-01 1,000 concurrent numbered documents', `${ms(numbering.ms)}, unique ${unique ? 'yes' : 'NO'}, gap-free ${gapFree ? 'yes' : 'NO'}`, 'unique, gap-free', unique && gapFree ? 'pass' : 'fail');

      // 7. Throughput with 50 concurrent clients, each its own session.
      log(`\nThroughput: 50 signed-in clients for ${throughputSeconds} s…`);
      const clients = actors.clients.slice(0, 50).map(client);
      for (const c of clients) await c.login(data.password);
      const mix = ['/api/v1/tasks?page=1&pageSize=20', '/api/v1/notifications?page=1&pageSize=20', '/api/v1/approvals/inbox?page=1&pageSize=20', '/api/v1/approvals/mine?page=1&pageSize=20'];
      for (const c of clients) for (const url of mix) await c.get(url);
      const beforeThroughput = await app.memory(true);
      const loadBefore = os.loadavg()[0]!;
      const perUrl = mix.map(() => [] as number[]);
      const throughput = await runConcurrent(
        async (i, worker) => {
          const started = performance.now();
          await clients[worker]!.get(mix[i % mix.length]!);
          perUrl[i % mix.length]!.push(performance.now() - started);
        },
        { requests: Number.MAX_SAFE_INTEGER, maxMs: throughputSeconds * 1000, inFlight: clients.length },
      );
      const perUrlStats = mix.map((url, index) => ({ url, ...summarize(perUrl[index]!, throughput.wallMs) }));
      const duringThroughput = await app.memory();
      const appCpuShare = (duringThroughput.cpuMs - beforeThroughput.cpuMs) / throughput.wallMs;
      const queriesPerRequest = (duringThroughput.queries - beforeThroughput.queries) / throughput.count;
      const appCpuMsPerRequest = (duringThroughput.cpuMs - beforeThroughput.cpuMs) / throughput.count;
      const loadAfter = os.loadavg()[0]!;
      results.throughput = { clients: clients.length, seconds: throughputSeconds, mix, ...throughput, perUrl: perUrlStats, peakRss: duringThroughput.windowPeakRss, appCpuCores: round(appCpuShare, 2), appCpuMsPerRequest: round(appCpuMsPerRequest, 2), queriesPerRequest: round(queriesPerRequest, 2), loadAverage1m: [round(loadBefore, 2), round(loadAfter, 2)] };
      const throughputTarget = 1_500;
      log(
        table(
          'Authenticated list requests, 50 concurrent clients',
          ['figure', 'value', 'target', ''],
          [
            ['requests', count(throughput.count), '', ''],
            ['throughput', `${count(Math.round(throughput.rps))} req/s`, embedded ? '(≥ 1,500/s applies to PostgreSQL)' : '≥ 1,500 req/s', embedded ? '' : mark(throughput.rps >= throughputTarget ? 'pass' : 'fail')],
            ['latency p50 / p95 / max', `${ms(throughput.p50)} / ${ms(throughput.p95)} / ${ms(throughput.max)}`, '', ''],
            ['app peak RSS during the run', mb(duringThroughput.windowPeakRss), '', ''],
            ['app CPU used (cores busy, of ' + os.cpus().length + ')', String(round(appCpuShare, 2)), '', ''],
            ['app CPU per request', ms(appCpuMsPerRequest), '', ''],
            ['database statements per request', String(round(queriesPerRequest, 1)), '', ''],
            ['machine load average (1 min) before → after', `${round(loadBefore, 1)} → ${round(loadAfter, 1)}`, '', ''],
            ...perUrlStats.map((r) => [`  ${r.url.split('?')[0]}`, `${count(r.count)} req, p50 ${ms(r.p50)}, p95 ${ms(r.p95)}, max ${ms(r.max)}`, '', '']),
          ],
        ),
      );
      log(`  Mix: ${mix.map((u) => u.split('?')[0]).join(', ')} — each client its own user (30 specialists, 10 managers, 10 service staff).`);
      if (!embedded) {
        check('throughput', '50 clients, list requests/s', `${count(Math.round(throughput.rps))} req/s`, '≥ 1,500 req/s', throughput.rps >= throughputTarget ? 'pass' : 'fail');
      }
      results.endpoints = { signIn, me, lists };

      // 7b. The same list request against a bare Fastify + pg route (server mode only).
      if (!embedded && target.databaseUrl) {
        log(`\nComparing a list request with a bare Fastify + pg route running the same statements (50 in flight, ${throughputSeconds} s each)…`);
        const bare = await compareWithBareRoute({ app, client: clients[0]!, url: '/api/v1/tasks?page=1&pageSize=20', databaseUrl: target.databaseUrl, seconds: throughputSeconds, inFlight: 50 });
        results.bareComparison = bare;
        const ratioOk = bare.ratio >= 0.8;
        log(
          table(
            'App against a bare route (GET /api/v1/tasks, page 1)',
            ['figure', 'value', 'target', ''],
            [
              ['database statements for one request (session cached)', String(bare.statements), '≤ 2', mark(bare.statements <= 2 ? 'pass' : 'fail')],
              ['app', `${count(Math.round(bare.app.rps))} req/s, p95 ${ms(bare.app.p95)}`, '', ''],
              ['bare Fastify + pg, same statements and compression', `${count(Math.round(bare.bare.rps))} req/s, p95 ${ms(bare.bare.p95)}`, '', ''],
              ['ratio app / bare', `${round(bare.ratio, 2)}×`, '≥ 0.8×', mark(ratioOk ? 'pass' : 'fail')],
            ],
          ),
        );
        check('throughput', 'statements per list request', String(bare.statements), '≤ 2', bare.statements <= 2 ? 'pass' : 'fail');
        check('throughput', 'app / bare Fastify + pg, same statements', `${round(bare.ratio, 2)}×`, '≥ 0.8×', ratioOk ? 'pass' : 'fail');
      }
    }

    // 8. Customer archive: list, search, detail, 查重, export and import.
    if (customerData) {
      results.customers = await measureCustomers({ base, platform: data, customers: customerData, embedded, samples: customerSamples, log, check });
      results.customerIo = await measureImportExport({
        admin,
        platform: data,
        customers: customerData,
        importRows,
        tmpDir,
        memory: (reset) => app!.memory(reset),
        log,
        check,
      });
    }

    // 8b. Spaces and contracts.
    if (contractData) {
      results.contracts = await measureContracts({ base, platform: data, contracts: contractData, embedded, samples: customerSamples, log, check });
    }

    // 9. Memory.
    const memory = await app.memory();
    results.memory = { app: memory, benchDriver: { rss: process.memoryUsage().rss, maxRss: process.resourceUsage().maxRSS * 1024 } };
    log(
      table(
        'Memory of the app process',
        ['figure', 'value'],
        [
          ['RSS now', mb(memory.rss)],
          ['peak RSS (sampled every 100 ms)', mb(memory.peakRss)],
          ['maxRSS (resourceUsage)', mb(memory.maxRss)],
          ['JS heap used now', mb(memory.heapUsed)],
          ['bench driver maxRSS (generator + load, separate process)', mb(process.resourceUsage().maxRSS * 1024)],
        ],
      ),
    );
    log(`  08-quality sets no RSS limit for the app itself; the 600 MB limit for a 100,000-row import is judged in the import table above.`);

    await app.stop();
    app = undefined;

    results.checks = checks;
    const totalMs = performance.now() - runStarted;
    results.totalMs = Math.round(totalMs);
    results.scale = scale;
    results.seed = seed;

    // 10. Summary.
    const passed = checks.filter((c) => c.verdict === 'pass').length;
    log(
      table(
        `Summary — ${embedded ? 'embedded PGlite' : 'PostgreSQL server'}, BENCH_SCALE=${scale}, ${count(customerData?.counts.customers ?? 0)} customers: ${passed} of ${checks.length} targets met (load average at the end ${round(os.loadavg()[0]!, 1)} on ${os.cpus().length} CPUs)`,
        ['section', 'measured', 'figure', 'target', ''],
        checks.map((c) => [c.section, c.name, c.figure, c.target, mark(c.verdict)]),
        new Set([0, 1, 2]),
      ),
    );
    log(`  Not measured here: unit dashboards${customerData ? '' : ', and (BENCH_CUSTOMERS=0) the customer archive'}${platformFigures ? '' : ', and (BENCH_PLATFORM=0) the platform figures'}.`);
    const outDir = path.join(root, 'test-artifacts');
    fs.mkdirSync(outDir, { recursive: true });
    const outFile = path.join(outDir, `bench-${mode}.json`);
    fs.writeFileSync(outFile, JSON.stringify(results, null, 2) + '\n');
    log(`\nWrote ${path.relative(root, outFile)} — whole run ${seconds(totalMs)}.`);
  } finally {
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
