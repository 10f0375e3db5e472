import { usccCheckCharacter } from '../server/modules/customers/archive/identifiers';
// Customer import/export benchmark (R-CUS-30/31, 08-quality.md): generates a 100,000-row .xlsx
// (streamed, with shared strings like Excel writes them), uploads it over HTTP, waits for the
// streamed validation and the one-transaction commit, then exports 100,000 rows to .xlsx —
// printing each time and the app's peak RSS beside its target.
//
//   npx tsx bench/customer-import.bench.ts
//   IMPORT_BENCH_ROWS=20000      fewer rows (default 100,000)
//   DATABASE_URL=postgres://…    measure PostgreSQL (a new database, dropped at the end)
//   BENCH_KEEP=1                 keep the temporary directory / database
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../server/app';
import { hashPassword } from '../server/platform/auth/password';
import { systemClock } from '../server/platform/clock';
import { loadConfig } from '../server/platform/config';
import { openDatabase, type Database } from '../server/platform/db/client';
import { migrateDatabase } from '../server/platform/db/migrate';
import { orgUnits, roles, userRoles, users } from '../server/platform/org/org.table';
import { ensurePlatformData } from '../server/platform/seed/platform-data';

const rows = Number(process.env.IMPORT_BENCH_ROWS ?? '100000');
const keep = process.env.BENCH_KEEP === '1';
const serverUrl = process.env.DATABASE_URL;
const log = (line = '') => process.stdout.write(`${line}\n`);

// ── data ──────────────────────────────────────────────────────────────────────
function uscc(n: number): string {
  const body = `9131011${String(n).padStart(10, '0')}`;
  return body + usccCheckCharacter(body);
}
const cities = [['上海市', '上海市', '浦东新区'], ['江苏省', '苏州市', '工业园区'], ['浙江省', '杭州市', '西湖区'], ['广东省', '深圳市', '南山区'], ['北京市', '北京市', '海淀区']];
const words = ['华通', '恒信', '东方', '盛达', '宏远', '新桥', '金鼎', '瑞丰', '长江', '天成', '汇川', '博雅', '中联', '星河', '安泰', '嘉禾'];
const trades = ['物流', '科技', '贸易', '制造', '电子', '实业', '供应链', '医药', '食品', '仓储'];
const surnames = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周'];
const given = ['伟', '芳', '敏', '静', '强', '磊', '军', '洋', '杰', '娟', '涛', '明'];
const natures = ['国企', '民企', '外资', '个体', '机关事业'];
const sources = ['自主开发', '客户转介绍', '来访', '来电', '网络推广'];
const headers = ['客户名称*', '简称', '统一社会信用代码', '企业性质', '行业代码', '客户来源', '省', '市', '区县', '详细地址', '电话', '邮箱', '法定代表人', '注册资本（元）', '联系人姓名', '联系人手机', '联系人职务', '标签'];

async function generateFile(file: string, count: number): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: false });
  const sheet = workbook.addWorksheet('客户');
  sheet.addRow(headers).commit();
  for (let i = 0; i < count; i++) {
    const [province, city, district] = cities[i % cities.length]!;
    const word = words[i % words.length]! + words[Math.floor(i / words.length) % words.length]!;
    const trade = trades[i % trades.length]!;
    // 1 % repeat an earlier name (in-file duplicates), 1 % carry a bad USCC check character.
    const n = i % 100 === 50 && i > 100 ? i - 50 : i;
    const code = uscc(n);
    sheet
      .addRow([
        `${city!.replace('市', '')}${word}${trade}${n}号有限公司`,
        `${word}${trade}`,
        i % 100 === 77 ? code.slice(0, 17) + (code[17] === '0' ? '1' : '0') : code,
        natures[i % natures.length],
        String(50 + (i % 10)),
        sources[i % sources.length],
        province,
        city,
        district,
        `${word}路 ${(i % 999) + 1} 号`,
        `021-${String(50_000_000 + (i % 40_000_000)).slice(0, 8)}`,
        `info${i}@example.com`,
        surnames[i % surnames.length]! + given[i % given.length]!,
        String(100_000 * ((i % 500) + 1)),
        surnames[(i + 3) % surnames.length]! + given[(i + 5) % given.length]!,
        `139${String(i).padStart(8, '0')}`,
        '行政经理',
        i % 3 === 0 ? '重点、冷链' : '',
      ])
      .commit();
  }
  sheet.commit();
  await workbook.commit();
}

// ── database and app ──────────────────────────────────────────────────────────
async function openTarget(dir: string): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (!serverUrl) {
    const database = await openDatabase({ dataDir: dir });
    return { database, drop: () => database.close() };
  }
  const name = `zs_bench_import_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 10 });
  return {
    database,
    drop: async () => {
      await database.close();
      if (keep) return;
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zs-import-bench-'));
  const file = path.join(dir, 'customers.xlsx');
  let started = performance.now();
  // Generated in a child process, so the figures below are the app's memory alone.
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), 'generate', file], { stdio: 'inherit' });
  if (child.status !== 0) throw new Error('generating the file failed');
  log(`generated ${rows.toLocaleString('en-US')} rows → ${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const { database, drop } = await openTarget(dir);
  await migrateDatabase(database);
  await ensurePlatformData(database.db, systemClock);
  const [unit] = await database.db.insert(orgUnits).values({ name: '压测招商部', code: 'BENCH', kind: 'department' }).returning();
  await database.db.update(orgUnits).set({ path: `/${unit!.id}/` }).where(eq(orgUnits.id, unit!.id));
  const [role] = await database.db.select().from(roles).where(eq(roles.code, 'admin'));
  const password = 'Bench-Passw0rd-原创';
  const [user] = await database.db.insert(users).values({ username: 'bench-importer', displayName: '压测导入人', unitId: unit!.id, passwordHash: await hashPassword(password) }).returning();
  await database.db.insert(userRoles).values({ userId: user!.id, roleId: role!.id });
  const config = { ...loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'warn' } as NodeJS.ProcessEnv), host: '127.0.0.1', port: 0, loginRateLimitPerMinute: 1_000 };
  const app = await buildApp({ database, config, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  global.gc?.();
  let peakRss = process.memoryUsage.rss();
  const baseRss = peakRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 100);

  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench-importer', password }) });
  const cookies = login.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const csrf = cookies.find((c) => c.startsWith('zs_csrf='))!.slice('zs_csrf='.length);
  const headers = { cookie: cookies.join('; '), 'x-csrf-token': csrf };
  const getJson = async (url: string) => (await fetch(`${base}${url}`, { headers })).json() as Promise<Record<string, unknown>>;
  async function until(url: string, done: (body: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    for (;;) {
      const body = await getJson(url);
      if (done(body)) return body;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  // Import: upload → validated → committed.
  started = performance.now();
  const form = new FormData();
  form.append('file', await fs.openAsBlob(file), 'customers.xlsx');
  const uploaded = (await (await fetch(`${base}/api/v1/customer-imports`, { method: 'POST', headers, body: form })).json()) as { id: number };
  const validated = await until(`/api/v1/customer-imports/${uploaded.id}`, (b) => b.status !== 'validating');
  const validationMs = performance.now() - started;
  const validationPeak = peakRss;
  if (validated.status !== 'validated') throw new Error(`validation ended ${String(validated.status)}: ${String(validated.message)}`);
  const commitStart = performance.now();
  const commit = await fetch(`${base}/api/v1/customer-imports/${uploaded.id}/commit`, { method: 'POST', headers });
  if (commit.status !== 202) throw new Error(`commit refused: ${await commit.text()}`);
  const committed = await until(`/api/v1/customer-imports/${uploaded.id}`, (b) => b.status !== 'committing');
  const commitMs = performance.now() - commitStart;
  const importMs = performance.now() - started;
  const importPeak = peakRss;

  // Export: everything just imported, 12 columns, contacts included.
  peakRss = process.memoryUsage.rss();
  started = performance.now();
  const columns = ['code', 'name', 'uscc', 'natureCode', 'industryCode', 'province', 'city', 'phone', 'ownerName', 'unitName', 'contactName', 'contactMobile'];
  const exportRes = await fetch(`${base}/api/v1/customer-exports`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ columns }) });
  const exportRun = (await exportRes.json()) as { id: number };
  const exported = await until(`/api/v1/customer-exports/${exportRun.id}`, (b) => b.status !== 'running');
  const exportMs = performance.now() - started;
  const exportPeak = peakRss;
  const downloaded = await fetch(`${base}/api/v1/customer-exports/${exportRun.id}/download`, { headers });
  const exportBytes = (await downloaded.arrayBuffer()).byteLength;
  clearInterval(sampler);

  const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
  const s = (milliseconds: number) => `${(milliseconds / 1000).toFixed(1)} s`;
  const mark = (ok: boolean) => (ok ? '✓' : '✗');
  log();
  log(`customer import/export — ${database.mode}, ${rows.toLocaleString('en-US')} rows, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
  log(`  import result: ${String(committed.status)} — total ${String(validated.totalRows)}, valid ${String(validated.validRows)}, invalid ${String(validated.invalidRows)}, duplicate ${String(validated.duplicateRows)}, imported ${String(committed.importedRows)}`);
  log(`  validation (upload + streamed check)   ${s(validationMs)}`);
  log(`  commit (one transaction)               ${s(commitMs)}`);
  log(`  import total                           ${s(importMs).padEnd(8)} target ≤ 60 s   ${mark(importMs <= 60_000)}`);
  log(`  import peak RSS (process)              ${mb(importPeak).padEnd(8)} target ≤ 600 MB ${mark(importPeak <= 600 * 1024 * 1024)}   (idle app before: ${mb(baseRss)}; peak while validating ${mb(validationPeak)})`);
  log(`  import RSS growth over the idle app    ${mb(importPeak - baseRss)}`);
  log(`  export ${String(exported.rowCount)} rows (${mb(exportBytes)})        ${s(exportMs).padEnd(8)} target ≤ 30 s   ${mark(exportMs <= 30_000 && exported.status === 'succeeded')}`);
  log(`  export peak RSS (process)              ${mb(exportPeak)}`);

  await app.close();
  await drop();
  if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  else log(`kept ${dir}`);
}

const run = process.argv[2] === 'generate' ? () => generateFile(process.argv[3]!, rows) : main;
run().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
