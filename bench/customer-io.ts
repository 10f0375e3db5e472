// Customer export and import over HTTP (R-CUS-30/31, 08-quality.md): a 100,000-row export
// (streamed .xlsx job: start → poll → download) and a 100,000-row .xlsx import (upload →
// streamed validation/preview → commit in one transaction), each with its wall time and the app
// process's peak RSS (sampled every 100 ms in the app process).
//
// The import file is written here with exceljs's streaming writer and the template's headers:
// new companies continuing the bench's name sequence (customer N, N+1, …), 1 % names already in
// the archive (duplicates to refuse), 0.5 % repeated inside the file, 0.5 % with a wrong USCC
// check character, owners spread over the 招商 specialists (负责人账号).
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { importColumns } from '../server/modules/customers/io/import-template';
import { companyNames, customerSpec, customerTags } from './customer-data';
import type { CustomerData } from './customer-generate';
import type { GeneratedData } from './generate';
import type { BenchClient } from './load';
import { count, mark, mb, ms, seconds, table, type Verdict } from './report';
import type { MemoryFigures } from './server';

const natureLabels = ['民企', '民企', '民企', '国企', '外资', '个体'];
const sourceLabels = ['自主开发', '自主开发', '客户转介绍', '其他'];

/** Writes the import file; returns how many rows of each kind it holds. */
export async function writeImportFile(file: string, customers: CustomerData, rows: number): Promise<{ duplicates: number; repeats: number; badUscc: number }> {
  const existing = customers.counts.customers;
  const names = companyNames(customers.seed, existing + rows);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: false });
  const sheet = workbook.addWorksheet('客户');
  sheet.addRow(importColumns.map((c) => c.header)).commit();
  const tally = { duplicates: 0, repeats: 0, badUscc: 0 };
  for (let j = 0; j < rows; j++) {
    let index = existing + j;
    if (j % 100 === 37) {
      index = (j * 7919) % existing; // already in the archive
      tally.duplicates++;
    } else if (j % 200 === 99 && j > 200) {
      index = existing + j - 150; // earlier in this file
      tally.repeats++;
    }
    const spec = customerSpec(customers.seed, index, names[index]!);
    const r = spec.random;
    let uscc = spec.uscc;
    if (j % 200 === 151) {
      uscc = uscc.slice(0, 17) + (uscc[17] === '0' ? '1' : '0');
      tally.badUscc++;
    }
    const contact = spec.contacts[0]!;
    const values: Record<string, string | number | null> = {
      name: spec.name,
      shortName: spec.shortName,
      uscc,
      natureCode: r.pick(natureLabels),
      industryCode: spec.industryCode,
      sourceCode: r.pick(sourceLabels),
      province: spec.province,
      city: spec.city,
      district: spec.district,
      street: spec.street,
      postcode: spec.postcode,
      phone: spec.phone,
      email: null,
      website: null,
      legalRepresentative: spec.legalRepresentative,
      registeredCapital: spec.registeredCapital,
      employees: spec.employees,
      mainProducts: spec.mainProducts,
      contactName: contact.name,
      contactMobile: contact.mobile,
      contactTitle: contact.title,
      contactEmail: contact.email,
      tags: r.chance(0.3) ? r.pick(customerTags) : null,
      ownerUsername: customers.specialists[j % customers.specialists.length]!.username,
    };
    sheet.addRow(importColumns.map((c) => values[c.key] ?? null)).commit();
  }
  sheet.commit();
  await workbook.commit();
  return tally;
}

export interface IoContext {
  admin: BenchClient;
  platform: GeneratedData;
  customers: CustomerData;
  importRows: number;
  tmpDir: string;
  memory: (resetWindow?: boolean) => Promise<MemoryFigures>;
  log: (line?: string) => void;
  check: (section: string, name: string, figure: string, target: string, verdict: Verdict) => void;
}

type Job = Record<string, unknown> & { id: number; status: string };

/** Poll a job until it leaves `busy`; with `probe`, time one list request per poll (08-quality: a slow job never stalls others > 200 ms). */
async function until(client: BenchClient, url: string, busy: string, probe?: number[]): Promise<Job> {
  for (;;) {
    const job = await client.get<Job>(url);
    if (job.status !== busy) return job;
    if (probe) {
      const listStarted = performance.now();
      await client.get('/api/v1/customers?page=1&pageSize=20');
      probe.push(performance.now() - listStarted);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function measureImportExport(ctx: IoContext): Promise<Record<string, unknown>> {
  const { admin, customers, log } = ctx;
  const rowsOut: string[][] = [];
  const results: Record<string, unknown> = {};

  // Export first, so its filter (created in the last two years) selects exactly half the archive.
  log(`\nExport: customers created since ${customers.exportCreatedFrom} (${count(customers.exportRows)} rows expected)…`);
  const columns = ['code', 'name', 'uscc', 'natureCode', 'industryCode', 'province', 'city', 'phone', 'ownerName', 'unitName', 'contactName', 'contactMobile'];
  const idle = await ctx.memory(true);
  let started = performance.now();
  const run = await admin.post<Job>('/api/v1/customer-exports', { filters: { createdFrom: customers.exportCreatedFrom }, columns });
  const listDuring: number[] = [];
  const exported = await until(admin, `/api/v1/customer-exports/${run.id}`, 'running', listDuring);
  const worstDuring = listDuring.length ? Math.max(...listDuring) : 0;
  const exportMs = performance.now() - started;
  const exportMemory = await ctx.memory(true);
  const download = await fetch(`${admin.baseUrl}/api/v1/customer-exports/${run.id}/download`, { headers: admin.authHeaders() });
  const bytes = (await download.arrayBuffer()).byteLength;
  if (exported.status !== 'succeeded') throw new Error(`export ended ${exported.status}: ${String(exported.message)}`);
  const exportOk = exportMs <= 30_000;
  results.export = { rows: exported.rowCount, ms: Math.round(exportMs), bytes, idleRss: idle.rss, peakRss: exportMemory.windowPeakRss, listRequestsDuring: listDuring.length, listWorstMsDuring: Math.round(worstDuring) };
  rowsOut.push(
    [`export ${count(Number(exported.rowCount))} rows × ${columns.length} columns (${mb(bytes)} .xlsx)`, seconds(exportMs), '≤ 30 s', mark(exportOk ? 'pass' : 'fail')],
    ['  app RSS idle → peak during export', `${mb(idle.rss)} → ${mb(exportMemory.windowPeakRss)}`, 'streamed, not all rows in memory', ''],
    [`  a customer list during the export (${listDuring.length} requests), worst`, ms(worstDuring), '≤ 200 ms', listDuring.length ? mark(worstDuring <= 200 ? 'pass' : 'fail') : ''],
  );
  if (listDuring.length) ctx.check('import/export', 'list request while the export runs (worst)', ms(worstDuring), '≤ 200 ms', worstDuring <= 200 ? 'pass' : 'fail');
  ctx.check('import/export', `export ${count(Number(exported.rowCount))} rows`, seconds(exportMs), '≤ 30 s', exportOk ? 'pass' : 'fail');

  // Import.
  const file = path.join(ctx.tmpDir, 'customers-import.xlsx');
  log(`Import: writing a ${count(ctx.importRows)}-row .xlsx…`);
  started = performance.now();
  const tally = await writeImportFile(file, customers, ctx.importRows);
  log(`  written in ${seconds(performance.now() - started)} (${mb(fs.statSync(file).size)}); uploading…`);
  const before = await ctx.memory(true);
  started = performance.now();
  const form = new FormData();
  form.append('file', await fs.openAsBlob(file), 'customers-import.xlsx');
  const response = await fetch(`${admin.baseUrl}/api/v1/customer-imports`, { method: 'POST', headers: admin.authHeaders(), body: form });
  const uploaded = (await response.json()) as Job;
  if (response.status !== 201) throw new Error(`upload refused (${response.status}): ${JSON.stringify(uploaded).slice(0, 300)}`);
  const uploadMs = performance.now() - started;
  const validated = await until(admin, `/api/v1/customer-imports/${uploaded.id}`, 'validating');
  const validateMs = performance.now() - started;
  if (validated.status !== 'validated') throw new Error(`validation ended ${validated.status}: ${String(validated.message)}`);
  const commitStarted = performance.now();
  await admin.post(`/api/v1/customer-imports/${uploaded.id}/commit`, {});
  const committed = await until(admin, `/api/v1/customer-imports/${uploaded.id}`, 'committing');
  const commitMs = performance.now() - commitStarted;
  const importMs = performance.now() - started;
  const importMemory = await ctx.memory(true);
  if (committed.status !== 'committed') throw new Error(`commit ended ${committed.status}: ${String(committed.message)}`);
  const importOk = importMs <= 60_000;
  const rssOk = importMemory.windowPeakRss <= 600 * 1024 * 1024;
  results.import = {
    rows: ctx.importRows,
    planted: tally,
    totalRows: validated.totalRows,
    validRows: validated.validRows,
    invalidRows: validated.invalidRows,
    duplicateRows: validated.duplicateRows,
    importedRows: committed.importedRows,
    uploadMs: Math.round(uploadMs),
    validateMs: Math.round(validateMs),
    commitMs: Math.round(commitMs),
    totalMs: Math.round(importMs),
    rssBefore: before.rss,
    peakRss: importMemory.windowPeakRss,
  };
  rowsOut.push(
    [`import ${count(ctx.importRows)} rows: upload (HTTP multipart)`, seconds(uploadMs), '', ''],
    ['  upload → validated (streamed read, checks, 查重 preview)', seconds(validateMs), '', ''],
    ['  commit (one transaction, batched inserts)', seconds(commitMs), '', ''],
    ['  import total', seconds(importMs), '≤ 60 s', mark(importOk ? 'pass' : 'fail')],
    ['  app peak RSS during import (before: ' + mb(before.rss) + ')', mb(importMemory.windowPeakRss), '≤ 600 MB', mark(rssOk ? 'pass' : 'fail')],
    [
      '  rows: valid / invalid / duplicate → imported',
      `${count(Number(validated.validRows))} / ${count(Number(validated.invalidRows))} / ${count(Number(validated.duplicateRows))} → ${count(Number(committed.importedRows))}`,
      `planted: ${tally.duplicates} in archive, ${tally.repeats} repeated, ${tally.badUscc} bad USCC`,
      '',
    ],
  );
  ctx.check('import/export', `import ${count(ctx.importRows)} rows (validate + commit)`, seconds(importMs), '≤ 60 s', importOk ? 'pass' : 'fail');
  ctx.check('import/export', 'import peak RSS (app process)', mb(importMemory.windowPeakRss), '≤ 600 MB', rssOk ? 'pass' : 'fail');
  log(table('Customer export and import over HTTP', ['step', 'figure', 'target', ''], rowsOut));
  fs.rmSync(file, { force: true });
  return results;
}
