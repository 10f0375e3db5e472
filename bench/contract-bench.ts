// Spaces and contracts at the 08-quality scale (20,000 contracts embedded, 200,000 server): the data
// is generated in SQL from the customer archive (one signed lease per customer, each on its own
// unit of a generated park), then measured over HTTP — contract list, ledger page, occupancy of the
// park at a date, 50 simultaneous drafts of one unit — and the billing schedules of every contract
// (36 monthly periods) computed and stored.
import { sql } from 'drizzle-orm';
import { buildSchedule } from '../server/modules/billing/schedule/billing-schedule';
import type { ContractTerms } from '../server/modules/leasing';
import { queryRows, type Database } from '../server/platform/db/client';
import { addMonths } from '../server/platform/dates';
import { bulkInsert, type Column, type Value } from './bulk-insert';
import type { CustomerData } from './customer-generate';
import type { GeneratedData } from './generate';
import { BenchClient } from './load';
import { count, mark, ms, seconds, summarize, table, type Verdict } from './report';

export interface ContractData {
  contracts: number;
  parkId: number;
  units: number;
  spareUnitId: number;
  /** A customer that passed admission (R-CUS-11), for the concurrent drafts. */
  admittedCustomerId: number;
  generateMs: number;
  schedule: { contracts: number; lines: number; computeMs: number; insertMs: number };
}

const terms: ContractTerms = {
  billingCycle: 'monthly',
  paymentDay: 5,
  charges: [
    { item: 'rent', basis: 'sqm_day', unitPrice: '1.10' },
    { item: 'property_fee', basis: 'sqm_month', unitPrice: '3.50' },
  ],
  freePeriods: [],
  escalationRate: '0.0300',
  deposit: '20000.00',
  lateFeeRate: '0.000500',
  lateFeeGraceDays: 0,
  penaltyRule: '',
  guarantor: '',
  agentCommissionRate: '0.0000',
  incentivePackage: '',
};

/** One signed 3-year lease per customer (the first `contracts` customers), each on its own unit. */
export async function generateContracts(database: Database, customers: CustomerData, wanted: number, log: (line: string) => void): Promise<ContractData> {
  const started = performance.now();
  const db = database.db;
  const [park] = await queryRows<{ id: string }>(db, sql`INSERT INTO spaces (level, path, code, full_code, name, available_from) VALUES ('park', '/', 'BP', 'BP', '基准园区', '2024-01-01') RETURNING id`);
  const parkId = Number(park!.id);
  await db.execute(sql`UPDATE spaces SET path = '/' || id || '/' WHERE id = ${parkId}`);
  const [block] = await queryRows<{ id: string }>(db, sql`INSERT INTO spaces (parent_id, level, path, code, full_code, name, available_from) VALUES (${parkId}, 'building', '', 'W', 'BP-W', '基准库', '2024-01-01') RETURNING id`);
  const blockId = Number(block!.id);
  await db.execute(sql`UPDATE spaces SET path = '/' || ${parkId} || '/' || id || '/' WHERE id = ${blockId}`);
  const [floor] = await queryRows<{ id: string }>(db, sql`INSERT INTO spaces (parent_id, level, path, code, full_code, name, available_from) VALUES (${blockId}, 'floor', '', 'F', 'BP-W-F', '一层', '2024-01-01') RETURNING id`);
  const floorId = Number(floor!.id);
  const floorPath = `/${parkId}/${blockId}/${floorId}/`;
  await db.execute(sql`UPDATE spaces SET path = ${floorPath} WHERE id = ${floorId}`);
  // Units: one per contract and one spare for the concurrent-draft check.
  await db.execute(sql`
    INSERT INTO spaces (parent_id, level, path, code, full_code, name, unit_type, gross_area, usable_area, list_rent, rent_basis, available_from)
    SELECT ${floorId}, 'unit', ${floorPath}, 'U' || g, 'BP-W-F-U' || g, '库位 ' || g, 'bay', 200 + (g % 50) * 10, 190 + (g % 50) * 10, 1.10, 'day', '2024-01-01'
    FROM generate_series(1, ${wanted + 1}) g`);
  await db.execute(sql`UPDATE spaces SET path = ${floorPath} || id || '/' WHERE parent_id = ${floorId}`);
  const [spare] = await queryRows<{ id: string }>(db, sql`SELECT id FROM spaces WHERE parent_id = ${floorId} AND code = ${`U${wanted + 1}`}`);

  const picked = await queryRows<{ id: string; owner_id: number; unit_id: number }>(
    db,
    sql`SELECT id, owner_id, unit_id FROM customers WHERE merged_into_id IS NULL AND owner_id IS NOT NULL ORDER BY id LIMIT ${wanted}`,
  );
  const units = await queryRows<{ id: string; gross_area: string; code: string }>(db, sql`SELECT id, gross_area, code FROM spaces WHERE parent_id = ${floorId} AND code <> ${`U${wanted + 1}`} ORDER BY id`);
  const columns: Column[] = [
    { name: 'number', type: 'text' },
    { name: 'customer_id', type: 'bigint' },
    { name: 'contract_type', type: 'text' },
    { name: 'status', type: 'text' },
    { name: 'title', type: 'text' },
    { name: 'start_date', type: 'date' },
    { name: 'end_date', type: 'date' },
    { name: 'terms', type: 'jsonb' },
    { name: 'total_area', type: 'numeric' },
    { name: 'estimated_amount', type: 'numeric' },
    { name: 'signing_party', type: 'text' },
    { name: 'owner_id', type: 'int' },
    { name: 'unit_id', type: 'int' },
    { name: 'created_by_id', type: 'int' },
    { name: 'effective_date', type: 'date' },
    { name: 'signed_date', type: 'date' },
  ];
  const startOf = (i: number) => `${2024 + (i % 3)}-${String(1 + (i % 12)).padStart(2, '0')}-01`;
  const endOf = (start: string) => `${Number(start.slice(0, 4)) + 3}-${start.slice(5, 7)}-01`;
  const rows: Value[][] = picked.map((c, i) => {
    const start = startOf(i);
    return [`BHT-${String(i + 1).padStart(6, '0')}`, Number(c.id), 'lease', 'effective', `基准合同 ${i + 1}`, start, endOf(start), terms, units[i]!.gross_area, '800000.00', '基准园区管理公司', c.owner_id, c.unit_id, c.owner_id, start, start];
  });
  await bulkInsert(database, 'contracts', columns, rows);
  // end dates are exclusive above; the contract ends the day before
  await db.execute(sql`UPDATE contracts SET end_date = end_date - 1 WHERE number LIKE 'BHT-%'`);
  await db.execute(sql`
    INSERT INTO contract_units (contract_id, space_id, full_code, area)
    SELECT c.id, s.id, s.full_code, s.gross_area FROM contracts c JOIN spaces s ON s.parent_id = ${floorId} AND s.code = 'U' || substr(c.number, 5)::int
    WHERE c.number LIKE 'BHT-%'`);
  await db.execute(sql`
    INSERT INTO space_occupancies (space_id, kind, start_date, end_date, customer_id, contract_id, reference, created_by_id, unit_id)
    SELECT cu.space_id, 'lease', c.start_date, c.end_date, c.customer_id, c.id, c.number, c.owner_id, c.unit_id
    FROM contracts c JOIN contract_units cu ON cu.contract_id = c.id WHERE c.number LIKE 'BHT-%'`);
  for (const table of ['contracts', 'contract_units', 'space_occupancies', 'spaces']) await db.execute(sql.raw(`ANALYZE ${table}`));
  // The concurrent-draft check needs an admitted customer with no contract yet.
  const [admitted] = await queryRows<{ id: string }>(
    db,
    sql`UPDATE customers SET admission_status = 'admitted', admitted_at = now()
         WHERE id = (SELECT id FROM customers c WHERE merged_into_id IS NULL AND NOT EXISTS (SELECT 1 FROM contracts k WHERE k.customer_id = c.id) ORDER BY id LIMIT 1) RETURNING id`,
  );
  const generateMs = performance.now() - started;
  log(`  ${count(picked.length)} contracts, ${count(units.length + 1)} units generated in ${seconds(generateMs)}`);

  // R-BIL-02 at scale: every contract's schedule computed by the engine and stored.
  const computeStarted = performance.now();
  const contractRows = await queryRows<{ id: string; customer_id: string; start_date: string; end_date: string; total_area: string }>(
    db,
    sql`SELECT id, customer_id, start_date::text, end_date::text, total_area::text FROM contracts WHERE number LIKE 'BHT-%' ORDER BY id`,
  );
  const lineColumns: Column[] = ['contract_id', 'customer_id', 'period', 'period_start', 'period_end', 'due_date', 'item', 'basis', 'line_start', 'line_end', 'unit_price', 'billed_days', 'free_days', 'months', 'amount', 'explanation'].map((name) => ({
    name,
    type: ['contract_id', 'customer_id'].includes(name) ? 'bigint' : ['period', 'billed_days', 'free_days'].includes(name) ? 'int' : ['unit_price', 'amount'].includes(name) ? 'numeric' : /_start$|_end$|_date$/.test(name) ? 'date' : 'text',
  }));
  const lines: Value[][] = [];
  for (const c of contractRows) {
    for (const line of buildSchedule({ startDate: c.start_date, endDate: c.end_date, area: c.total_area, terms })) {
      lines.push([Number(c.id), Number(c.customer_id), line.period, line.periodStart, line.periodEnd, line.dueDate, line.item, line.basis, line.lineStart, line.lineEnd, line.unitPrice, line.billedDays, line.freeDays, line.months, line.amount, line.explanation]);
    }
  }
  const computeMs = performance.now() - computeStarted;
  const insertStarted = performance.now();
  await bulkInsert(database, 'billing_schedule_lines', lineColumns, lines);
  const insertMs = performance.now() - insertStarted;
  log(`  schedules: ${count(lines.length)} lines for ${count(contractRows.length)} contracts computed in ${seconds(computeMs)}, stored in ${seconds(insertMs)}`);
  return {
    contracts: picked.length,
    parkId,
    units: units.length + 1,
    spareUnitId: Number(spare!.id),
    admittedCustomerId: Number(admitted!.id),
    generateMs,
    schedule: { contracts: contractRows.length, lines: lines.length, computeMs, insertMs },
  };
}

export interface ContractMeasureContext {
  base: string;
  platform: GeneratedData;
  contracts: ContractData;
  embedded: boolean;
  samples: number;
  log: (line?: string) => void;
  check: (section: string, name: string, figure: string, target: string, verdict: Verdict) => void;
}

async function timed(samples: number, call: (index: number) => Promise<void>) {
  for (let i = 0; i < 5; i++) await call(i);
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    await call(i);
    latencies.push(performance.now() - t);
  }
  return summarize(latencies, performance.now() - started);
}

export async function measureContracts(ctx: ContractMeasureContext) {
  const { platform, contracts, log } = ctx;
  const listTarget = ctx.embedded ? 100 : 50;
  const admin = new BenchClient(ctx.base, platform.actors.admin.username);
  await admin.login(platform.password);
  const ok = async (path: string) => {
    await admin.get(path);
  };
  const rows: [string, string, Awaited<ReturnType<typeof timed>>, number][] = [];
  rows.push(['contract list (20 rows + total, newest first)', '/api/v1/contracts?page=N', await timed(ctx.samples, (i) => ok(`/api/v1/contracts?page=${1 + (i % 50)}&pageSize=20`)), listTarget]);
  rows.push(['contract list, keyword filter', '/api/v1/contracts?q=…', await timed(ctx.samples, (i) => ok(`/api/v1/contracts?q=${encodeURIComponent(`BHT-00${String(100 + (i % 800)).padStart(4, '0')}`)}&pageSize=20`)), listTarget]);
  rows.push(['contract ledger page', '/api/v1/contract-ledger?page=N', await timed(ctx.samples, (i) => ok(`/api/v1/contract-ledger?page=${1 + (i % 50)}&pageSize=20`)), listTarget]);
  rows.push(['occupancy of the park at a date', '/api/v1/spaces/occupancy', await timed(Math.min(ctx.samples, 30), (i) => ok(`/api/v1/spaces/occupancy?parentId=${contracts.parkId}&date=2025-${String(1 + (i % 12)).padStart(2, '0')}-15`)), 300]);
  rows.push(['contract schedule (36 months)', '/api/v1/billing/contracts/:id/schedule', await timed(ctx.samples, () => ok(`/api/v1/billing/contracts/${1 + Math.floor(Math.random() * Math.min(contracts.contracts, 1000))}/schedule`)), listTarget]);

  // R-LEA-02 / R-QLT-01: 50 simultaneous drafts of one unit → exactly one contract.
  const owner = new BenchClient(ctx.base, platform.actors.admin.username);
  await owner.login(platform.password);
  const body = {
    customerId: contracts.admittedCustomerId,
    contractType: 'lease',
    startDate: '2030-01-01',
    endDate: '2030-12-31',
    units: [{ spaceId: contracts.spareUnitId }],
    terms,
    signingParty: '基准园区管理公司',
    templateId: null,
  };
  const raceStarted = performance.now();
  const draft = () => fetch(`${ctx.base}/api/v1/contracts`, { method: 'POST', headers: { ...owner.authHeaders(), 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, text: await r.text() }));
  const results = await Promise.all(Array.from({ length: 50 }, draft));
  const raceMs = performance.now() - raceStarted;
  const created = results.filter((r) => r.status === 201).length;
  const refused = results.filter((r) => r.status === 409).length;

  log(
    table(
      `Spaces and contracts (${count(contracts.contracts)} contracts, ${count(contracts.units)} units)`,
      ['request', 'n', 'p50', 'p95', 'max', 'target p95', ''],
      rows.map(([name, , stats, target]) => [name, String(stats.count), ms(stats.p50), ms(stats.p95), ms(stats.max), `≤ ${target} ms`, mark(stats.p95 <= target ? 'pass' : 'fail')]),
    ),
  );
  for (const [name, , stats, target] of rows) ctx.check('contracts', name, `p95 ${ms(stats.p95)}`, `≤ ${target} ms`, stats.p95 <= target ? 'pass' : 'fail');
  log(`  50 simultaneous drafts of one unit: ${created} created, ${refused} refused with the holder named, in ${ms(raceMs)}.`);
  ctx.check('contracts', '50 simultaneous drafts of one unit', `${created} created, ${refused} refused`, 'exactly 1 created', created === 1 && refused === 49 ? 'pass' : 'fail');
  const s = contracts.schedule;
  const scheduleMs = s.computeMs + s.insertMs;
  // 08-quality: schedules for 20,000 contracts × 36 months in ≤ 60 s (scaled to the contracts generated).
  const scheduleTarget = (60_000 * s.contracts) / 20_000;
  log(`  Billing schedules: ${count(s.lines)} lines for ${count(s.contracts)} contracts × 36 months, computed ${seconds(s.computeMs)} + stored ${seconds(s.insertMs)}.`);
  ctx.check('contracts', `schedules for ${count(s.contracts)} contracts × 36 months`, seconds(scheduleMs), `≤ ${seconds(scheduleTarget)}`, scheduleMs <= scheduleTarget ? 'pass' : 'fail');
  const billing = await measureBilling(ctx, admin);
  return { latencies: rows.map(([name, url, stats, target]) => ({ name, url, stats, targetMs: target })), race: { created, refused, ms: Math.round(raceMs) }, schedule: s, billing };
}

/**
 * R-BIL-04/05/10 at scale: this month's billing run over every generated contract (their backlog
 * since 2024 in one bill each), the bill list, ageing of all customers at a date, and receipts
 * recorded by 20 finance users at once for different customers.
 */
async function measureBilling(ctx: ContractMeasureContext, admin: BenchClient) {
  const { log } = ctx;
  const period = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 7);
  const billingRun = async (month: string) => {
    const started = performance.now();
    const run = await admin.post<{ id: number }>('/api/v1/billing-runs', { period: month });
    let finished: { status: string; billsIssued: number; amount: string } = { status: 'running', billsIssued: 0, amount: '0' };
    while (finished.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 250));
      finished = await admin.get(`/api/v1/billing-runs/${run.id}`);
    }
    return { finished, ms: performance.now() - started };
  };
  const { finished, ms: runMs } = await billingRun(period);
  const listTarget = ctx.embedded ? 100 : 50;
  const billList = await timed(ctx.samples, (i) => admin.get(`/api/v1/bills?page=${1 + (i % 50)}&pageSize=20`).then(() => undefined));
  const ageingStats = await timed(Math.min(ctx.samples, 10), (i) => admin.get(`/api/v1/billing/ageing?asOf=${period}-${String(1 + (i % 5)).padStart(2, '0')}`).then(() => undefined));
  const open = await admin.get<{ items: { customerId: number; open: string }[] }>('/api/v1/bills?settlement=open&pageSize=100');
  const payers = open.items.slice(0, 20);
  const receiptLatencies: number[] = [];
  const receiptsStarted = performance.now();
  await Promise.all(
    payers.map(async (bill) => {
      const t = performance.now();
      await admin.post('/api/v1/receipts', { customerId: bill.customerId, method: 'transfer', amount: '1000.00', receivedOn: `${period}-01` });
      receiptLatencies.push(performance.now() - t);
    }),
  );
  const receiptStats = summarize(receiptLatencies, performance.now() - receiptsStarted);
  log(`  Billing run ${period}: ${finished.status}, ${count(finished.billsIssued)} bills, ${finished.amount} CNY, in ${seconds(runMs)}.`);
  // The next month's run: every bill of the first is overdue by then, so each customer also gets
  // late fees — the path that reads every overdue bill (and once read all bill lines per bill).
  const nextPeriod = addMonths(`${period}-01`, 1).slice(0, 7);
  const next = await billingRun(nextPeriod);
  log(`  Billing run ${nextPeriod} (late fees on the first month's bills): ${next.finished.status}, ${count(next.finished.billsIssued)} bills, in ${seconds(next.ms)} (${ms(next.ms / Math.max(1, next.finished.billsIssued))} per bill).`);
  log(`  Bill list p95 ${ms(billList.p95)} (≤ ${listTarget} ms); ageing of all customers p95 ${ms(ageingStats.p95)}; ${payers.length} simultaneous receipts p95 ${ms(receiptStats.p95)}.`);
  ctx.check('billing', 'bill list (20 rows + total)', `p95 ${ms(billList.p95)}`, `≤ ${listTarget} ms`, billList.p95 <= listTarget ? 'pass' : 'fail');
  ctx.check('billing', 'ageing of all customers at a date', `p95 ${ms(ageingStats.p95)}`, '≤ 2000 ms', ageingStats.p95 <= 2000 ? 'pass' : 'fail');
  ctx.check('billing', `${payers.length} simultaneous receipts`, `p95 ${ms(receiptStats.p95)}`, '≤ 1000 ms', receiptStats.p95 <= 1000 ? 'pass' : 'fail');
  return { run: { period, status: finished.status, bills: finished.billsIssued, ms: Math.round(runMs) }, nextRun: { period: nextPeriod, status: next.finished.status, bills: next.finished.billsIssued, ms: Math.round(next.ms) }, billList, ageing: ageingStats, receipts: receiptStats };
}
