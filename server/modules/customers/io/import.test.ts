import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, asc, count, eq, inArray, like } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../../platform/audit/audit.table';
import { settleJobRuns } from '../../../platform/jobs/jobs.service';
import { orgUnits } from '../../../platform/org/org.table';
import { createTestApp, type Agent, type TestApp, type TestUser, headersOf } from '../../../test/harness';
import { insertCustomer } from '../../../test/customers';
import { importColumns } from './import-template';
import { PackedStrings } from './import-validation';
import { customerContacts, customerImports, customerKeyPersons, customers, customerTimeline } from '../customers.table';

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/** A valid 统一社会信用代码 from a 17-character body. */
function uscc(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(body17[i]!) * USCC_WEIGHTS[i]!;
  return body17 + USCC_CHARS[(31 - (sum % 31)) % 31];
}
const usccOf = (n: number) => uscc(`9131011${String(n).padStart(10, '0')}`);
const badCheck = (code: string) => code.slice(0, 17) + (code[17] === '0' ? '1' : '0');

type Row = Partial<Record<(typeof importColumns)[number]['key'], string | number>>;

async function xlsx(rows: Row[], headers = importColumns.map((c) => c.header)): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('客户');
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(importColumns.map((c) => row[c.key] ?? null));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function multipart(fileName: string, content: Buffer) {
  const boundary = `----zs${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  return { payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

let t: TestApp;
let dataDir: string;
let unitA: { id: number; code: string };
let importerUser: TestUser;
let importer: Agent;
let colleague: TestUser;


async function upload(agent: Agent, fileName: string, content: Buffer) {
  const body = multipart(fileName, content);
  return t.app.inject({ method: 'POST', url: '/api/v1/customer-imports', headers: { ...headersOf(agent), 'content-type': body.contentType }, payload: body.payload });
}

async function download(agent: Agent, url: string) {
  return t.app.inject({ method: 'GET', url, headers: headersOf(agent) });
}

async function readSheet(buffer: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const rows: string[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
  return rows;
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zs-import-test-'));
  t = await createTestApp({ config: { dataDir } });
  unitA = await t.createUnit('上海招商部');
  importerUser = await t.createUser({ unitId: unitA.id, permissions: ['customer:read', 'customer:create', 'customer:import'], scope: 'unit' });
  importer = await t.login(importerUser);
  colleague = await t.createUser({ unitId: unitA.id, permissions: ['customer:read'], scope: 'self' });
});
afterAll(async () => {
  await settleJobRuns();
  await t?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

/** A workbook whose cells are typed as a spreadsheet program stores them (numbers, dates, formats). */
async function typedWorkbook(rows: { key: (typeof importColumns)[number]['key']; value: unknown; numFmt?: string }[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('客户');
  sheet.addRow(importColumns.map((c) => c.header));
  rows.forEach((cells, i) => {
    const row = sheet.getRow(i + 2);
    for (const { key, value, numFmt } of cells) {
      const cell = row.getCell(importColumns.findIndex((c) => c.key === key) + 1);
      cell.value = value as ExcelJS.CellValue;
      if (numFmt) cell.numFmt = numFmt;
    }
    row.commit();
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('customer import', () => {
  it('R-CUS-30 the template has the Chinese header row, a 填写说明 sheet and drop-down lists; it needs customer:import', async () => {
    const res = await download(importer, '/api/v1/customer-imports/template');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const header = (workbook.getWorksheet('客户')!.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 8)).toEqual(['客户名称*', '客户类型', '简称', '统一社会信用代码', '身份证号', '企业性质', '行业代码', '客户来源']);
    expect(header).toEqual(expect.arrayContaining(['联系人姓名', '联系人手机', '联系人职务', '关键人姓名', '关键人职务', '关键人手机', '关键人生日', '标签', '省', '市', '区县']));
    const help = workbook.getWorksheet('填写说明')!;
    const helpText = JSON.stringify(help.getSheetValues());
    expect(helpText).toContain('民企');
    expect(helpText).toContain('59 装卸搬运和仓储业');
    const validations = (workbook.getWorksheet('客户') as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } }).dataValidations.model;
    expect(Object.values(validations).some((v) => v.type === 'list' && v.formulae[0]!.includes('填写说明'))).toBe(true);

    const outsider = await t.login(await t.createUser({ unitId: unitA.id, permissions: ['customer:read'] }));
    expect((await download(outsider, '/api/v1/customer-imports/template')).statusCode).toBe(403);
    expect((await upload(outsider, 'a.xlsx', await xlsx([{ name: '上海某某有限公司' }]))).statusCode).toBe(403);
  });

  it('R-CUS-30 valid rows, bad cells, in-file and database duplicates give exactly the expected preview; commit imports exactly the valid rows; rejected rows come back with reasons; a second commit is refused', async () => {
    await insertCustomer(t.database.db, { name: '上海既有物流有限公司', unitId: unitA.id, ownerId: colleague.id });
    await insertCustomer(t.database.db, { name: '北京既有科技有限公司', unitId: unitA.id, uscc: usccOf(900) });
    const file = await xlsx([
      /* 2 */ { name: '上海华通物流有限公司', uscc: usccOf(1), natureCode: '民企', industryCode: 59, sourceCode: '自主开发', contactName: '李敏', contactMobile: 13800138000, tags: '冷链、重点', province: '上海市' },
      /* 3 */ { name: '上海坏码贸易有限公司', uscc: badCheck(usccOf(2)) },
      /* 4 */ { name: '上海错机电子有限公司', contactName: '王五', contactMobile: '1380013800' },
      /* 5 */ { shortName: '无名', uscc: usccOf(3) },
      /* 6 */ { name: '上海华通物流有限责任公司' },
      /* 7 */ { name: '上海另名实业有限公司', uscc: usccOf(1) },
      /* 8 */ { name: '上海既有物流有限公司' },
      /* 9 */ { name: '北京新名科技有限公司', uscc: usccOf(900) },
      /* 10 */ { name: '苏州工业园区精密制造有限公司', natureCode: 'foreign', industryCode: 'C', registeredCapital: '1,000,000.50', employees: 88 },
      /* 11 */ { name: '杭州西湖云计算有限公司', ownerUsername: colleague.username.toUpperCase() },
      /* 12 */ { name: '南京不存账号有限公司', ownerUsername: 'nobody-here' },
      /* 13 */ {},
      /* 14 */ { name: '无锡行业错误有限公司', industryCode: '不存在的行业' },
    ]);
    const res = await upload(importer, '客户清单.xlsx', file);
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({ status: 'validating', fileName: '客户清单.xlsx' });
    await settleJobRuns();

    const checked = (await importer.get(`/api/v1/customer-imports/${created.id}`)).json();
    expect(checked).toMatchObject({ status: 'validated', totalRows: 12, validRows: 3, invalidRows: 5, duplicateRows: 4, progress: 100, canCommit: true, hasRejected: true });
    const byRow = (row: number) => checked.preview.filter((p: { row: number }) => p.row === row);
    expect(checked.preview.map((p: { row: number }) => p.row).sort((a: number, b: number) => a - b)).toEqual([3, 4, 5, 6, 7, 8, 9, 12, 14]);
    expect(byRow(3)).toEqual([expect.objectContaining({ column: '统一社会信用代码', kind: 'invalid', message: expect.stringContaining('校验位') })]);
    expect(byRow(4)).toEqual([expect.objectContaining({ column: '联系人手机', kind: 'invalid' })]);
    expect(byRow(5)).toEqual([expect.objectContaining({ column: '客户名称', kind: 'invalid', message: '请填写客户名称' })]);
    expect(byRow(6)).toEqual([expect.objectContaining({ column: '客户名称', kind: 'duplicate_in_file', message: expect.stringContaining('第 2 行') })]);
    expect(byRow(7)).toEqual([expect.objectContaining({ column: '统一社会信用代码', kind: 'duplicate_in_file', message: expect.stringContaining('第 2 行') })]);
    expect(byRow(8)).toEqual([expect.objectContaining({ column: '客户名称', kind: 'duplicate_in_database', message: expect.stringContaining('上海既有物流有限公司') })]);
    expect(byRow(8)[0].message).toContain(`负责人 测试${colleague.username.slice(-4)}`);
    expect(byRow(9)).toEqual([expect.objectContaining({ column: '统一社会信用代码', kind: 'duplicate_in_database', message: expect.stringContaining('北京既有科技有限公司') })]);
    expect(byRow(12)).toEqual([expect.objectContaining({ column: '负责人账号', kind: 'invalid', message: expect.stringContaining('不存在') })]);
    expect(byRow(14)).toEqual([expect.objectContaining({ column: '行业代码', kind: 'invalid', message: expect.stringContaining('不是可选值') })]);
    // Nothing is written before the commit.
    expect((await t.database.db.select({ n: count() }).from(customers).where(like(customers.name, '%华通物流%')))[0]!.n).toBe(0);

    const commit = await importer.post(`/api/v1/customer-imports/${created.id}/commit`);
    expect(commit.statusCode).toBe(202);
    await settleJobRuns();
    const done = (await importer.get(`/api/v1/customer-imports/${created.id}`)).json();
    expect(done).toMatchObject({ status: 'committed', importedRows: 3, progress: 100, canCommit: false });

    const imported = await t.database.db.select().from(customers).where(eq(customers.createdById, importerUser.id)).orderBy(asc(customers.id));
    expect(imported.map((c) => c.name)).toEqual(['上海华通物流有限公司', '苏州工业园区精密制造有限公司', '杭州西湖云计算有限公司']);
    const year = '2026';
    expect(imported.map((c) => c.code)).toEqual([`${unitA.code}${year}000001`, `${unitA.code}${year}000002`, `${unitA.code}${year}000003`]);
    expect(imported[0]).toMatchObject({ uscc: usccOf(1), natureCode: 'private', industryCode: '59', sourceCode: 'self_developed', tags: ['冷链', '重点'], ownerId: importerUser.id, unitId: unitA.id, normalizedName: '上海华通物流' });
    expect(imported[0]!.nameBigrams).toContain('华通');
    expect(imported[0]!.pinyinInitials).toContain('shhtwl');
    expect(imported[1]).toMatchObject({ natureCode: 'foreign', industryCode: 'C', registeredCapital: '1000000.50', employees: 88 });
    expect(imported[2]!.ownerId).toBe(colleague.id);
    const contacts = await t.database.db.select().from(customerContacts).where(inArray(customerContacts.customerId, imported.map((c) => c.id)));
    expect(contacts).toEqual([expect.objectContaining({ customerId: imported[0]!.id, name: '李敏', mobile: '13800138000', isPrimary: true })]);
    const timeline = await t.database.db.select().from(customerTimeline).where(inArray(customerTimeline.customerId, imported.map((c) => c.id)));
    expect(timeline.map((e) => e.type)).toEqual(['created', 'created', 'created']);
    const audits = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'import'), eq(auditEvents.actorId, importerUser.id)));
    expect(audits.map((a) => a.entityType).sort()).toEqual(['customer', 'customer_import']);
    expect(audits.find((a) => a.entityType === 'customer')!.summary).toContain('3 个');

    const again = await importer.post(`/api/v1/customer-imports/${created.id}/commit`);
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toContain('已经导入');
    expect(await t.database.db.select({ n: count() }).from(customers).where(eq(customers.createdById, importerUser.id))).toEqual([{ n: 3 }]);

    const rejected = await download(importer, `/api/v1/customer-imports/${created.id}/rejected.xlsx`);
    expect(rejected.statusCode).toBe(200);
    const sheet = await readSheet(rejected.rawPayload);
    expect(sheet[0]![0]).toBe('原行号');
    expect(sheet[0]!.at(-1)).toBe('错误原因');
    const reasons = new Map(sheet.slice(1).map((r) => [Number(r[0]), r.at(-1)!]));
    expect([...reasons.keys()].sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7, 8, 9, 12, 14]);
    expect(reasons.get(3)).toContain('统一社会信用代码');
    expect(reasons.get(8)).toContain('已有客户');
    expect(sheet.find((r) => r[0] === '4')![1]).toBe('上海错机电子有限公司');
  });

  it('R-CUS-30 a row that became a duplicate after validation is skipped at commit and reported; codes stay gap-free', async () => {
    const file = await xlsx([{ name: '广州先来电子有限公司' }, { name: '广州后到电子有限公司' }]);
    const created = (await upload(importer, 'race.xlsx', file)).json();
    await settleJobRuns();
    expect((await importer.get(`/api/v1/customer-imports/${created.id}`)).json()).toMatchObject({ validRows: 2 });
    await insertCustomer(t.database.db, { name: '广州后到电子有限公司', unitId: unitA.id });
    expect((await importer.post(`/api/v1/customer-imports/${created.id}/commit`)).statusCode).toBe(202);
    await settleJobRuns();
    const done = (await importer.get(`/api/v1/customer-imports/${created.id}`)).json();
    expect(done).toMatchObject({ status: 'committed', importedRows: 1, validRows: 1, duplicateRows: 1 });
    expect(done.message).toContain('已跳过');
    const [row] = await t.database.db.select().from(customers).where(eq(customers.name, '广州先来电子有限公司'));
    expect(row!.code).toBe(`${unitA.code}2026000004`);
    const sheet = await readSheet((await download(importer, `/api/v1/customer-imports/${created.id}/rejected.xlsx`)).rawPayload);
    expect(sheet.slice(1).map((r) => [r[1], r.at(-1)])).toEqual([['广州后到电子有限公司', expect.stringContaining('导入时发现已有客户')]]);
  });

  it('R-QLT-06 progress and results are persisted: readable after reload, listed among my imports, hidden from others', async () => {
    const created = (await upload(importer, 'progress.xlsx', await xlsx([{ name: '成都进度测试有限公司' }]))).json();
    const during = (await importer.get(`/api/v1/customer-imports/${created.id}`)).json();
    expect(['validating', 'validated']).toContain(during.status);
    expect(during.progress).toBeGreaterThanOrEqual(0);
    await settleJobRuns();
    const [stored] = await t.database.db.select().from(customerImports).where(eq(customerImports.id, created.id));
    expect(stored).toMatchObject({ status: 'validated', progress: 100, totalRows: 1, validRows: 1 });
    const mine = (await importer.get('/api/v1/customer-imports')).json();
    expect(mine.items[0]).toMatchObject({ id: created.id, status: 'validated' });
    const other = await t.login(await t.createUser({ unitId: unitA.id, permissions: ['customer:import'] }));
    expect((await other.get(`/api/v1/customer-imports/${created.id}`)).statusCode).toBe(404);
    expect((await other.post(`/api/v1/customer-imports/${created.id}/commit`)).statusCode).toBe(404);
    expect((await download(other, `/api/v1/customer-imports/${created.id}/rejected.xlsx`)).statusCode).toBe(404);
    expect((await other.get('/api/v1/customer-imports')).json().items).toEqual([]);
  });

  it('R-QLT-05 an upload is checked by content: a non-xlsx file or a file without the template header is refused', async () => {
    const fake = await upload(importer, '客户.xlsx', Buffer.from('name,uscc\n上海,1\n'));
    expect(fake.statusCode).toBe(415);
    expect(fake.json().detail).toContain('.xlsx');
    const noHeader = (await upload(importer, 'wrong.xlsx', await xlsx([{ name: '上海' }], ['名称错了', '别的列']))).json();
    await settleJobRuns();
    const failed = (await importer.get(`/api/v1/customer-imports/${noHeader.id}`)).json();
    expect(failed).toMatchObject({ status: 'failed', canCommit: false });
    expect(failed.message).toContain('客户名称');
    expect((await importer.post(`/api/v1/customer-imports/${noHeader.id}/commit`)).statusCode).toBe(409);
  });

  it('R-CUS-30 5,000 rows with duplicates: exact counts, exactly the valid rows imported with consecutive codes', async () => {
    const rows: Row[] = [];
    for (let i = 0; i < 5_000; i++) {
      if (i % 100 === 99) rows.push({ name: `深圳批量${i - 1}号有限公司` }); // in-file duplicate of the row before
      else if (i % 250 === 0) rows.push({ name: `深圳批量${i}号有限公司`, contactName: '赵六', contactMobile: '12345' }); // bad mobile
      else rows.push({ name: `深圳批量${i}号有限公司`, uscc: usccOf(10_000 + i), contactName: `联系人${i}`, contactMobile: `139${String(i).padStart(8, '0')}` });
    }
    const created = (await upload(importer, 'bulk.xlsx', await xlsx(rows))).json();
    await settleJobRuns();
    const checked = (await importer.get(`/api/v1/customer-imports/${created.id}`)).json();
    expect(checked).toMatchObject({ status: 'validated', totalRows: 5_000, validRows: 4_930, invalidRows: 20, duplicateRows: 50 });
    expect(checked.preview.length).toBe(70);
    expect((await importer.post(`/api/v1/customer-imports/${created.id}/commit`)).statusCode).toBe(202);
    await settleJobRuns();
    expect((await importer.get(`/api/v1/customer-imports/${created.id}`)).json()).toMatchObject({ status: 'committed', importedRows: 4_930 });
    const imported = await t.database.db.select({ code: customers.code, name: customers.name }).from(customers).where(like(customers.name, '深圳批量%')).orderBy(asc(customers.id));
    // Every name survives the streamed read intact (multi-byte characters across chunk boundaries).
    const names = new Set(imported.map((c) => c.name));
    expect(rows.filter((_, i) => i % 100 !== 99 && i % 250 !== 0).every((r) => names.has(String(r.name)))).toBe(true);
    expect(imported).toHaveLength(4_930);
    const sequence = imported.map((c) => Number(c.code.slice(-6)));
    expect(sequence.every((n, i) => i === 0 || n === sequence[i - 1]! + 1)).toBe(true);
    const [unit] = await t.database.db.select().from(orgUnits).where(eq(orgUnits.id, unitA.id));
    expect(imported[0]!.code.startsWith(unit!.code)).toBe(true);
    expect((await t.database.db.select({ n: count() }).from(customerContacts).innerJoin(customers, eq(customers.id, customerContacts.customerId)).where(like(customers.name, '深圳批量%')))[0]!.n).toBe(4_930);
  });
});

describe('packed shared strings of an import workbook', () => {
  it('R-CUS-30 give back every string by index across chunk boundaries, keep rich text as it is, and nothing beyond the end', () => {
    const packed = new PackedStrings();
    const values: unknown[] = [];
    for (let i = 0; i < 5_000; i++) values.push(i % 997 === 0 ? { richText: [{ text: `富文本${i}` }] } : i % 3 === 0 ? '' : `上海华通${i}号 Ltd.`);
    for (const value of values) packed.push(value);
    packed.seal();
    const view = packed.asArray();
    expect(view.length).toBe(5_000);
    for (const i of [0, 1, 1_023, 1_024, 1_025, 2_047, 2_048, 4_999]) expect(view[i]).toEqual(values[i]);
    expect(values.every((value, i) => packed.get(i) === value || (typeof value === 'object' && packed.get(i) === value))).toBe(true);
    expect(view[5_000]).toBeUndefined();
    expect(view[-1]).toBeUndefined();
  });
});

describe('cells as spreadsheet programs store them', () => {
  it('R-CUS-30 full-width and spaced numbers are normalised; cells that lost their content are refused saying what happened', async () => {
    const code = usccOf(777);
    const fullWidth = (text: string) => text.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const file = await typedWorkbook([
      /* 2 */ [{ key: 'name', value: '上海全角物流有限公司' }, { key: 'uscc', value: fullWidth(code) }, { key: 'contactName', value: '全角' }, { key: 'contactMobile', value: '１３８ ０００ ０１１１９' }, { key: 'postcode', value: 200120 }],
      /* 3 */ [{ key: 'name', value: '上海空格贸易有限公司' }, { key: 'contactName', value: '空格' }, { key: 'contactMobile', value: '138 0000 1120' }, { key: 'phone', value: 4008123456 }],
      /* 4 */ [{ key: 'name', value: '上海科学计数有限公司' }, { key: 'contactName', value: '科学' }, { key: 'contactMobile', value: 13800000000, numFmt: '0.00E+00' }],
      /* 5 */ [{ key: 'name', value: '上海前导零有限公司' }, { key: 'phone', value: 2162345678 }, { key: 'postcode', value: 10010 }],
      /* 6 */ [{ key: 'name', value: '上海数字代码有限公司' }, { key: 'uscc', value: Number('913100001234567890') }],
      /* 7 */ [{ key: 'name', value: '上海日期简称有限公司' }, { key: 'shortName', value: new Date(Date.UTC(2025, 0, 5)), numFmt: 'yyyy/m/d' }],
      /* 8 */ [{ key: 'name', value: '上海文本科学有限公司' }, { key: 'contactName', value: '文本' }, { key: 'contactMobile', value: '1.38E+10' }],
    ]);
    const res = await upload(importer, '类型.xlsx', file);
    expect(res.statusCode, res.body).toBe(201);
    await settleJobRuns();
    const run = (await importer.get(`/api/v1/customer-imports/${res.json().id}`)).json();
    expect(run).toMatchObject({ status: 'validated', totalRows: 7, validRows: 2, invalidRows: 5 });
    const messages = Object.fromEntries(run.preview.map((p: { row: number; column: string; message: string }) => [p.row, `${p.column}：${p.message}`]));
    expect(messages[4]).toMatch(/^联系人手机：.*科学计数法.*（1\.38E\+10）.*设为文本/);
    expect(messages[5]).toMatch(/^电话：该单元格被存为数字，前导 0 已丢失（2162345678）/);
    expect(run.preview.filter((p: { row: number }) => p.row === 5).map((p: { column: string }) => p.column)).toEqual(['邮编', '电话']);
    expect(messages[6]).toMatch(/^统一社会信用代码：.*只保留了 15 位有效数字/);
    expect(messages[7]).toMatch(/^简称：该单元格被存为日期（2025-01-05）/);
    expect(messages[8]).toMatch(/^联系人手机：该单元格是科学计数法（1\.38E\+10）/);

    const committed = await importer.post(`/api/v1/customer-imports/${run.id}/commit`);
    expect(committed.statusCode, committed.body).toBe(202);
    await settleJobRuns();
    const rows = await t.database.db.select().from(customers).where(inArray(customers.name, ['上海全角物流有限公司', '上海空格贸易有限公司'])).orderBy(asc(customers.name));
    expect(rows.map((r) => [r.name, r.uscc, r.postcode, r.phone])).toEqual([
      ['上海全角物流有限公司', code, '200120', null],
      ['上海空格贸易有限公司', null, null, '4008123456'],
    ]);
    const mobiles = await t.database.db.select({ mobile: customerContacts.mobile }).from(customerContacts).where(inArray(customerContacts.customerId, rows.map((r) => r.id)));
    expect(mobiles.map((m) => m.mobile).sort()).toEqual(['13800001119', '13800001120']);
  });
});

/** GBK bytes of a text, by inverting the platform's GBK decoder (no encoder ships with Node). */
function gbk(text: string): Buffer {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder('gbk');
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const char = decoder.decode(Uint8Array.of(lead, trail));
      if (char.length === 1 && char !== '\ufffd' && !table.has(char)) table.set(char, [lead, trail]);
    }
  }
  return Buffer.from([...text].flatMap((char) => (char.charCodeAt(0) < 0x80 ? [char.charCodeAt(0)] : table.get(char)!)));
}

/** A valid 18-digit resident ID (GB 11643 check digit) from its first 17 digits. */
function residentId(body17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body17].reduce((total, digit, i) => total + Number(digit) * weights[i]!, 0);
  return body17 + '10X98765432'[sum % 11]!;
}

describe('individuals and key persons', () => {
  it('R-CUS-30 individual customers import with their ID number, key persons with position, mobile and a birthday typed or stored as a date; wrong combinations are refused by cell', async () => {
    const id = residentId('11010519491231002');
    const file = await typedWorkbook([
      /* 2 */ [{ key: 'name', value: '张个体户仓储' }, { key: 'kind', value: '个人' }, { key: 'idNumber', value: id.toLowerCase() }, { key: 'keyPersonName', value: '张三' }, { key: 'keyPersonMobile', value: 13900139001 }, { key: 'keyPersonBirthday', value: new Date(Date.UTC(1975, 7, 16)), numFmt: 'yyyy/m/d' }],
      /* 3 */ [{ key: 'name', value: '上海关键人物流有限公司' }, { key: 'kind', value: '企业' }, { key: 'keyPersonName', value: '王总' }, { key: 'keyPersonPosition', value: '总经理' }, { key: 'keyPersonBirthday', value: '1980年5月3日' }],
      /* 4 */ [{ key: 'name', value: '李个人坏证件' }, { key: 'kind', value: '个人' }, { key: 'idNumber', value: id.slice(0, 17) + (id.endsWith('1') ? '2' : '1') }],
      /* 5 */ [{ key: 'name', value: '上海企业带身份证有限公司' }, { key: 'idNumber', value: id }],
      /* 6 */ [{ key: 'name', value: '上海类型不明有限公司' }, { key: 'kind', value: '合伙' }],
      /* 7 */ [{ key: 'name', value: '上海关键人无名有限公司' }, { key: 'keyPersonPosition', value: '董事长' }],
      /* 8 */ [{ key: 'name', value: '赵个人数字证件' }, { key: 'kind', value: '个人' }, { key: 'idNumber', value: 110105194912310020 }],
      /* 9 */ [{ key: 'name', value: '上海生日有误有限公司' }, { key: 'keyPersonName', value: '钱总' }, { key: 'keyPersonBirthday', value: '1980-02-30' }],
    ]);
    const res = await upload(importer, '个人与关键人.xlsx', file);
    expect(res.statusCode, res.body).toBe(201);
    await settleJobRuns();
    const run = (await importer.get(`/api/v1/customer-imports/${res.json().id}`)).json();
    expect(run).toMatchObject({ status: 'validated', totalRows: 8, validRows: 2, invalidRows: 6 });
    const messages = Object.fromEntries(run.preview.map((p: { row: number; column: string; message: string }) => [p.row, `${p.column}：${p.message}`]));
    expect(messages[4]).toMatch(/^身份证号：身份证号码不正确/);
    expect(messages[5]).toMatch(/^身份证号：企业客户请填写统一社会信用代码/);
    expect(messages[6]).toMatch(/^客户类型：「合伙」不是可选值，请填写 企业 或 个人/);
    expect(messages[7]).toBe('关键人姓名：填写关键人时请填写关键人姓名');
    expect(messages[8]).toMatch(/^身份证号：该单元格被存为数字.*只保留了 15 位有效数字/);
    expect(messages[9]).toMatch(/^关键人生日：/);

    const committed = await importer.post(`/api/v1/customer-imports/${run.id}/commit`);
    expect(committed.statusCode, committed.body).toBe(202);
    await settleJobRuns();
    const rows = await t.database.db.select().from(customers).where(inArray(customers.name, ['张个体户仓储', '上海关键人物流有限公司'])).orderBy(asc(customers.name));
    expect(rows.map((r) => [r.name, r.kind, r.idNumber, r.uscc])).toEqual([
      ['上海关键人物流有限公司', 'organization', null, null],
      ['张个体户仓储', 'individual', id.toUpperCase(), null],
    ]);
    const people = await t.database.db.select().from(customerKeyPersons).where(inArray(customerKeyPersons.customerId, rows.map((r) => r.id))).orderBy(asc(customerKeyPersons.name));
    expect(people.map((p) => [p.name, p.position, p.mobile, p.birthday])).toEqual([
      ['张三', null, '13900139001', '1975-08-16'],
      ['王总', '总经理', null, '1980-05-03'],
    ]);
  });
});

describe('CSV files', () => {
  const header = '客户名称,统一社会信用代码,联系人姓名,联系人手机,主营产品';

  async function validate(fileName: string, content: Buffer) {
    const res = await upload(importer, fileName, content);
    expect(res.statusCode, res.body).toBe(201);
    await settleJobRuns();
    return (await importer.get(`/api/v1/customer-imports/${res.json().id}`)).json();
  }

  it('R-CUS-30 a GBK .csv as Excel saves it, a UTF-8 one with and without BOM, and a tab-separated one are read alike: quoted commas and line breaks kept, bad cells refused by row', async () => {
    const rows = (prefix: string) =>
      [
        header,
        `${prefix}华东冷链物流有限公司,${usccOf(4100 + prefix.length)},王芳,13800004101,"仓储, 冷链"`,
        `${prefix}华东短号有限公司,,赵六,1380000,"第一行\n第二行"`,
        `${prefix}华东科学计数有限公司,,钱七,1.38E+10,`,
      ].join('\r\n');
    const gbkRun = await validate('客户（GBK）.csv', gbk(rows('甲')));
    const utf8Run = await validate('客户.csv', Buffer.from(rows('乙'), 'utf8'));
    const bomRun = await validate('客户BOM.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(rows('丙'), 'utf8')]));
    const tabRun = await validate('客户.tsv', Buffer.from(rows('丁').replace(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/g, '\t'), 'utf8'));
    for (const run of [gbkRun, utf8Run, bomRun, tabRun]) {
      expect(run, JSON.stringify(run)).toMatchObject({ status: 'validated', totalRows: 3, validRows: 1, invalidRows: 2 });
      const messages = Object.fromEntries(run.preview.map((p: { row: number; column: string; message: string }) => [p.row, `${p.column}：${p.message}`]));
      expect(messages[3]).toMatch(/^联系人手机：/);
      expect(messages[4]).toMatch(/^联系人手机：该单元格是科学计数法（1\.38E\+10）/);
    }
    const committed = await importer.post(`/api/v1/customer-imports/${gbkRun.id}/commit`);
    expect(committed.statusCode, committed.body).toBe(202);
    await settleJobRuns();
    const [row] = await t.database.db.select().from(customers).where(eq(customers.name, '甲华东冷链物流有限公司'));
    expect(row).toMatchObject({ uscc: usccOf(4100 + 1), mainProducts: '仓储, 冷链' });
    const [contact] = await t.database.db.select().from(customerContacts).where(eq(customerContacts.customerId, row!.id));
    expect(contact).toMatchObject({ name: '王芳', mobile: '13800004101' });
  });

  it('R-CUS-30 a .csv that is neither UTF-8 nor GBK, or mixes encodings, is refused saying how to save it; nothing is imported', async () => {
    const before = await t.database.db.select({ n: count() }).from(customers);
    const binary = await upload(importer, '乱码.csv', Buffer.from([0x41, 0x00, 0xff, 0xfe, 0x00, 0x10]));
    expect(binary.statusCode).toBe(415);
    expect(binary.json().detail).toMatch(/UTF-8 或 GBK/);
    // Starts as valid UTF-8, then GBK bytes after the first megabyte.
    const mixed = Buffer.concat([Buffer.from(`${header}\r\n${'上海混合编码有限公司,,,,\r\n'.repeat(40_000)}`, 'utf8'), gbk('上海混合编码二有限公司,,,,\r\n')]);
    const run = await validate('混合.csv', mixed);
    expect(run.status).toBe('failed');
    expect(run.message).toMatch(/不是有效的 UTF-8 文本.*CSV UTF-8/);
    expect(await t.database.db.select({ n: count() }).from(customers)).toEqual(before);
  });
});
