import { randomBytes } from 'node:crypto';
import { eq, like } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, unique, type Agent, type TestApp } from '../../../test/harness';
import { createWorld, type World } from '../../../test/world';
import { spaces } from './spaces.table';
import { unitImportColumns } from './unit-import';

let t: TestApp;
let w: World;
let admin: Agent;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
  admin = w.admin;
});
afterAll(async () => {
  await t?.close();
});

type Cells = Partial<Record<(typeof unitImportColumns)[number]['key'], string | number | Date>>;

async function workbook(rows: Cells[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('单元');
  sheet.addRow(unitImportColumns.map((column) => column.header));
  for (const row of rows) sheet.addRow(unitImportColumns.map((column) => row[column.key] ?? null));
  return Buffer.from(await book.xlsx.writeBuffer());
}

function multipart(fields: Record<string, string>, fileName: string, content: Buffer) {
  const boundary = `----zs${randomBytes(8).toString('hex')}`;
  const parts = Object.entries(fields).map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  return { payload: Buffer.concat([...parts, head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(agent: Agent, parkId: number, content: Buffer, fileName = '单元.xlsx') {
  const body = multipart({ parkId: String(parkId) }, fileName, content);
  const cookie = Object.entries(agent.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
  return t.app.inject({ method: 'POST', url: '/api/v1/spaces/import', headers: { cookie, 'x-csrf-token': agent.cookies.zs_csrf ?? '', 'content-type': body.contentType }, payload: body.payload });
}

describe('unit import', () => {
  it('R-LEA-01 a park\'s buildings, floors and units come from one .xlsx: existing ones are found by code, new ones created, dates typed or stored as dates', async () => {
    const park = (await admin.post('/api/v1/spaces', { code: unique('I').slice(0, 12), name: '导入园区' })).json();
    const existing = (await admin.post('/api/v1/spaces', { parentId: park.id, code: 'W1', name: '1号库' })).json();
    const template = await t.app.inject({ method: 'GET', url: '/api/v1/spaces/import-template', headers: { cookie: `zs_session=${admin.cookies.zs_session}` } });
    expect(template.statusCode).toBe(200);
    expect(template.headers['content-type']).toContain('spreadsheetml');

    const file = await workbook([
      { buildingCode: 'W1', floorCode: '1F', floorName: '一层', code: 'A01', name: '1号库 A01', unitType: '库位', usableArea: 1500, grossArea: '1580', floorLoad: 3, facilities: '月台、消防喷淋', listRent: '1.10', rentBasis: '元/㎡/天', availableFrom: new Date(Date.UTC(2026, 0, 1)) },
      { buildingCode: 'W1', floorCode: '1F', code: 'A02', name: '1号库 A02', unitType: '库位', usableArea: '1500.5', availableFrom: '2026/1/5' },
      { buildingCode: 'S1', buildingName: '综合楼', floorCode: '3F', floorName: '三层', code: '301', name: '综合楼 301', unitType: '办公室', usableArea: '120', listRent: '75', rentBasis: '元/㎡/月' },
    ]);
    const res = await upload(admin, park.id, file);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({ buildings: 1, floors: 2, units: 3 });
    const units = await t.database.db.select().from(spaces).where(like(spaces.fullCode, `${park.code}-%`));
    const byCode = new Map(units.map((unit) => [unit.fullCode, unit]));
    expect(byCode.get(`${park.code}-W1-1F-A01`)).toMatchObject({ level: 'unit', usableArea: '1500.00', grossArea: '1580.00', floorLoad: '3.00', facilities: ['月台', '消防喷淋'], rentBasis: 'day', availableFrom: '2026-01-01' });
    expect(byCode.get(`${park.code}-W1-1F-A02`)).toMatchObject({ usableArea: '1500.50', availableFrom: '2026-01-05' });
    expect(byCode.get(`${park.code}-S1-3F-301`)).toMatchObject({ unitType: 'office', rentBasis: 'month' });
    expect(byCode.get(`${park.code}-W1`)!.id).toBe(existing.id);
    expect(byCode.get(`${park.code}-W1-1F-A01`)!.path).toBe(`/${park.id}/${existing.id}/${byCode.get(`${park.code}-W1-1F`)!.id}/${byCode.get(`${park.code}-W1-1F-A01`)!.id}/`);
  });

  it('R-LEA-01 any bad row and nothing is imported: every row and column is named; a non-.xlsx file, a specialist and a missing park are refused', async () => {
    const park = (await admin.post('/api/v1/spaces', { code: unique('J').slice(0, 12), name: '校验园区' })).json();
    const file = await workbook([
      { buildingCode: 'W1', buildingName: '1号库', floorCode: '1F', floorName: '一层', code: 'A01', name: 'ok', unitType: '库位', usableArea: '100' },
      { buildingCode: 'W1', floorCode: '1F', code: 'A02', name: '负面积', unitType: '库位', usableArea: '-5' },
      { buildingCode: 'W1', floorCode: '1F', code: 'A03', name: '三位小数', unitType: '仓库', usableArea: '10.123' },
      { buildingCode: 'W1', floorCode: '1F', code: 'A01', name: '重复', unitType: '场地', usableArea: '10' },
      { buildingCode: 'W9', floorCode: '1F', code: 'B01', name: '无名楼', unitType: '场地', usableArea: '10' },
      { buildingCode: 'W1', floorCode: '1F', code: 'A05', name: '租金无单位', unitType: '场地', usableArea: '10', grossArea: '5', listRent: '2' },
    ]);
    const res = await upload(admin, park.id, file);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().reason).toBe('space.import_invalid');
    const rows = res.json().rows as { row: number; column: string; message: string }[];
    const text = rows.map((r) => `${r.row}:${r.column}:${r.message}`);
    expect(text).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^3:使用面积（㎡）:.*非负数/),
        expect.stringMatching(/^4:单元类型:「仓库」不是可选值/),
        expect.stringMatching(/^4:使用面积（㎡）:.*2 位小数/),
        expect.stringMatching(/^5:单元编码:与第 2 行的单元编码重复/),
        expect.stringMatching(/^6:楼栋\/库区名称:.*W9.*新建时请填写名称/),
        expect.stringMatching(/^7:使用面积（㎡）:使用面积 10\.00 ㎡ 不能大于建筑面积 5\.00 ㎡/),
        expect.stringMatching(/^7:租金单位:/),
      ]),
    );
    expect(rows.some((r) => r.row === 2)).toBe(false);
    expect(await t.database.db.select().from(spaces).where(eq(spaces.parentId, park.id))).toHaveLength(0);

    expect((await upload(admin, park.id, Buffer.from('名称,面积\nA,1\n'), 'units.xlsx')).statusCode).toBe(415);
    expect((await upload(w.specialistA.agent, park.id, file)).statusCode).toBe(403);
    const missing = await upload(admin, 999_999_999, file);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].field).toBe('parkId');
  });
});
