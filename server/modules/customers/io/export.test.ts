import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../../platform/audit/audit.table';
import { settleJobRuns } from '../../../platform/jobs/jobs.service';
import { jobRuns } from '../../../platform/jobs/jobs.table';
import { customers } from '../customers.table';
import { createTestApp, type Agent, type TestApp, type TestUser, headersOf } from '../../../test/harness';
import { insertCustomer } from '../../../test/customers';

let t: TestApp;
let dataDir: string;
let unitA: number;
let unitB: number;
let specialistUser: TestUser;
let specialist: Agent;
let manager: Agent;
const ids: Record<string, number> = {};


/** Starts an export, waits for the background job and returns the finished run and its rows. */
async function exportRows(agent: Agent, body: Record<string, unknown>) {
  const started = await agent.post('/api/v1/customer-exports', body);
  expect(started.statusCode, started.body).toBe(202);
  await settleJobRuns();
  const run = (await agent.get(`/api/v1/customer-exports/${started.json().id}`)).json();
  const file = await t.app.inject({ method: 'GET', url: `/api/v1/customer-exports/${run.id}/download`, headers: headersOf(agent) });
  expect(file.statusCode).toBe(200);
  expect(file.headers['content-disposition']).toContain('.xlsx');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
  const rows: string[][] = [];
  workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
  return { run, header: rows[0]!, rows: rows.slice(1) };
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zs-export-test-'));
  t = await createTestApp({ config: { dataDir } });
  unitA = (await t.createUnit('甲招商部')).id;
  unitB = (await t.createUnit('乙招商部')).id;
  specialistUser = await t.createUser({ unitId: unitA, permissions: ['customer:read', 'customer:export'], scope: 'unit' });
  specialist = await t.login(specialistUser);
  manager = await t.login(await t.createUser({ unitId: unitA, permissions: ['customer:read', 'customer:export', 'sensitive:view'], scope: 'unit' }));
  const db = t.database.db;
  ids.a1 = (
    await insertCustomer(db, {
      name: '上海甲一物流有限公司',
      unitId: unitA,
      ownerId: specialistUser.id,
      phone: '021-58001234',
      email: 'info@jiayi.example.com',
      natureCode: 'private',
      contacts: [
        { name: '次要联系人', mobile: '13900139000', isPrimary: false },
        { name: '李敏', mobile: '13800138000', title: '行政经理', isPrimary: true },
      ],
    })
  ).id;
  ids.a2 = (await insertCustomer(db, { name: '上海甲二科技有限公司', unitId: unitA, lifecycleCode: 'signed', tags: ['重点'] })).id;
  ids.a3 = (await insertCustomer(db, { name: '上海甲三贸易有限公司', unitId: unitA })).id;
  ids.b1 = (await insertCustomer(db, { name: '北京乙一制造有限公司', unitId: unitB, phone: '010-12345678', lifecycleCode: 'signed' })).id;
  ids.b2 = (await insertCustomer(db, { name: '北京乙二电子有限公司', unitId: unitB })).id;
});
afterAll(async () => {
  await settleJobRuns();
  await t?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('customer export', () => {
  it('R-CUS-31 a unit-scoped specialist exports only their unit, with the visible columns, masked, and the export is audited', async () => {
    const columns = ['code', 'name', 'natureCode', 'phone', 'email', 'contactName', 'contactMobile', 'unitName'];
    const { run, header, rows } = await exportRows(specialist, { columns, filters: {} });
    expect(run).toMatchObject({ status: 'succeeded', rowCount: 3, progress: 3, total: 3 });
    expect(header).toEqual(['客户编号', '客户名称', '企业性质', '电话', '邮箱', '联系人', '联系人手机', '所属单位']);
    expect(rows.map((r) => r[1]).sort()).toEqual(['上海甲一物流有限公司', '上海甲三贸易有限公司', '上海甲二科技有限公司']);
    expect(rows.some((r) => r.join('|').includes('北京'))).toBe(false);
    const a1 = rows.find((r) => r[1] === '上海甲一物流有限公司')!;
    expect(a1.slice(2)).toEqual(['民企', '021****1234', 'i***@jiayi.example.com', '李敏', '138****8000', '甲招商部']);
    expect(JSON.stringify(rows)).not.toContain('13800138000');

    const [event] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'export'), eq(auditEvents.actorId, specialistUser.id)));
    expect(event).toMatchObject({ entityType: 'customer', entityId: `export-${run.id}` });
    expect(event!.summary).toContain('3 行');
    expect(event!.summary).toContain('已脱敏');
    expect(event!.changes).toMatchObject({ rowCount: { after: 3 }, filters: { after: {} }, columns: { after: columns } });
  });

  it('R-CUS-31 filters and ticked ids narrow the export inside the scope; sensitive:view sees plain values', async () => {
    const signed = await exportRows(manager, { columns: ['name', 'lifecycleCode'], filters: { lifecycleCode: 'signed' } });
    expect(signed.rows).toEqual([['上海甲二科技有限公司', '签约']]);
    const ticked = await exportRows(manager, { columns: ['name', 'phone', 'contactMobile'], ids: [ids.a1, ids.b1] });
    expect(ticked.rows).toEqual([['上海甲一物流有限公司', '021-58001234', '13800138000']]);
    const tagged = await exportRows(manager, { columns: ['name', 'tags'], filters: { tags: ['重点'] } });
    expect(tagged.rows).toEqual([['上海甲二科技有限公司', '重点']]);
    const [event] = await t.database.db.select().from(auditEvents).where(eq(auditEvents.entityId, `export-${ticked.run.id}`));
    expect(event!.summary).toContain('含敏感字段明文');
  });

  it('R-CUS-31 R-CUS-21 grades are exported by their names (a revenue tier, VIP/优选/合格), not by their codes', async () => {
    await t.database.db.update(customers).set({ grade: 'qualified' }).where(eq(customers.id, ids.a2!));
    await t.database.db.update(customers).set({ grade: 'diamond' }).where(eq(customers.id, ids.a3!));
    const graded = await exportRows(manager, { columns: ['name', 'grade'], ids: [ids.a1, ids.a2, ids.a3] });
    // An empty last cell is not in the row at all.
    expect(graded.rows.map(([name, grade]) => [name!, grade ?? '']).sort((a, b) => a[0]!.localeCompare(b[0]!))).toEqual(
      [
        ['上海甲一物流有限公司', ''],
        ['上海甲二科技有限公司', '合格'],
        ['上海甲三贸易有限公司', '钻石'],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
  });

  it('R-CUS-31 requires customer:export; progress and file are the requester’s alone', async () => {
    const reader = await t.login(await t.createUser({ unitId: unitA, permissions: ['customer:read'], scope: 'unit' }));
    const refused = await reader.post('/api/v1/customer-exports', { columns: ['name'] });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('FORBIDDEN');

    const started = await specialist.post('/api/v1/customer-exports', { columns: ['name'] });
    await settleJobRuns();
    const other = await t.login(await t.createUser({ unitId: unitA, permissions: ['customer:read', 'customer:export'], scope: 'all' }));
    expect((await other.get(`/api/v1/customer-exports/${started.json().id}`)).statusCode).toBe(404);
    const download = await t.app.inject({ method: 'GET', url: `/api/v1/customer-exports/${started.json().id}/download`, headers: headersOf(other) });
    expect(download.statusCode).toBe(404);
    expect((await reader.get(`/api/v1/customer-exports/${started.json().id}`)).statusCode).toBe(403);
  });

  it('R-SEC-06 export starts are limited per user: one at a time', async () => {
    const limited = await t.login(await t.createUser({ unitId: unitA, permissions: ['customer:read', 'customer:export'], scope: 'unit' }));
    await t.database.db.insert(jobRuns).values({
      jobKey: 'customer_export',
      periodKey: `export:test-${limited.userId}`,
      status: 'running',
      triggeredById: limited.userId,
      startedAt: t.clock.now(),
      heartbeatAt: t.clock.now(),
    });
    const res = await limited.post('/api/v1/customer-exports', { columns: ['name'] });
    expect(res.statusCode).toBe(429);
    expect(res.json().detail).toContain('正在进行');
  });

  it('R-QLT-06 an export runs as a job whose progress stays readable after it finished', async () => {
    const started = await manager.post('/api/v1/customer-exports', { columns: ['code', 'name'] });
    expect(started.json()).toMatchObject({ status: 'running', total: 3 });
    await settleJobRuns();
    const [row] = await t.database.db.select().from(jobRuns).where(eq(jobRuns.id, started.json().id));
    expect(row).toMatchObject({ jobKey: 'customer_export', status: 'succeeded', progress: 3, total: 3 });
    const again = (await manager.get(`/api/v1/customer-exports/${started.json().id}`)).json();
    expect(again).toMatchObject({ status: 'succeeded', rowCount: 3, fileName: expect.stringMatching(/^客户导出-\d{12}\.xlsx$/) });
  });
});
