import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { requirePermission, type RequestContext } from '../../../platform/access/access';
import { recordAudit } from '../../../platform/audit/audit.service';
import { shanghaiDate } from '../../../platform/dates';
import type { DbOrTx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { bufferSource, sniffFileType } from '../../../platform/files/file-types';
import { cellText } from '../../../platform/files/xlsx-cells';
import type { UploadPart } from '../../../platform/http/multipart';
import { createSpaceBody, unitTypeNames, type SpaceLevel, type UnitType } from './spaces.schema';
import { findSpace, type SpaceRow } from './spaces.queries';
import { spaces } from './spaces.table';

// 单元导入 (R-LEA-01): a park's buildings, floors and units from one .xlsx. Every row is checked
// with the same rules as the form; any error and nothing is saved (the answer lists each row and
// column); otherwise buildings and floors are found by code or created, and the units added, in
// one transaction with one audit record.

export const UNIT_IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const UNIT_IMPORT_MAX_ROWS = 5_000;

type Column = 'buildingCode' | 'buildingName' | 'floorCode' | 'floorName' | 'code' | 'name' | 'unitType' | 'usableArea' | 'grossArea' | 'floorLoad' | 'ceilingHeight' | 'facilities' | 'listRent' | 'rentBasis' | 'availableFrom';

export const unitImportColumns: { key: Column; header: string; note: string; example: string }[] = [
  { key: 'buildingCode', header: '楼栋/库区编码*', note: '必填。已有的楼栋按编码找到，没有则新建', example: 'W5' },
  { key: 'buildingName', header: '楼栋/库区名称', note: '新建楼栋时必填', example: '5号库' },
  { key: 'floorCode', header: '楼层编码*', note: '必填。已有的楼层按编码找到，没有则新建', example: '1F' },
  { key: 'floorName', header: '楼层名称', note: '新建楼层时必填', example: '一层' },
  { key: 'code', header: '单元编码*', note: '必填，同一楼层内唯一', example: 'A01' },
  { key: 'name', header: '单元名称*', note: '必填，不超过 60 个字', example: '5号库 A01 库位' },
  { key: 'unitType', header: '单元类型*', note: '库位、场地、办公室 或 商铺', example: '库位' },
  { key: 'usableArea', header: '使用面积（㎡）*', note: '必填，最多 2 位小数', example: '1500' },
  { key: 'grossArea', header: '建筑面积（㎡）', note: '最多 2 位小数，不小于使用面积', example: '1580' },
  { key: 'floorLoad', header: '地面承重（吨/㎡）', note: '仓库填写', example: '3' },
  { key: 'ceilingHeight', header: '净高（米）', note: '仓库填写', example: '9.5' },
  { key: 'facilities', header: '设施', note: '多项用顿号或逗号分隔', example: '月台、消防喷淋' },
  { key: 'listRent', header: '挂牌租金', note: '元/㎡，最多 2 位小数', example: '1.10' },
  { key: 'rentBasis', header: '租金单位', note: '元/㎡/天 或 元/㎡/月；填写挂牌租金时必填', example: '元/㎡/天' },
  { key: 'availableFrom', header: '可租起始日', note: '日期，如 2026-01-01；不填为今天', example: '2026-01-01' },
];

const headerKey = (text: string) => text.normalize('NFKC').replace(/[\s*]/g, '').replace(/[（(][^）)]*[）)]$/, '');
const headerLookup = new Map(unitImportColumns.map((column) => [headerKey(column.header), column.key]));
const labelOf = (key: Column) => unitImportColumns.find((column) => column.key === key)!.header.replace(/\*$/, '');
const typeByName = new Map<string, UnitType>(Object.entries(unitTypeNames).map(([code, name]) => [name, code as UnitType]));

/** The template: header row, one example row, and the rules as cell notes. */
export async function buildUnitImportTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('单元');
  sheet.columns = unitImportColumns.map((column) => ({ header: column.header, key: column.key, width: Math.max(12, column.header.length * 2) }));
  sheet.addRow(unitImportColumns.map((column) => column.example));
  unitImportColumns.forEach((column, index) => {
    sheet.getCell(1, index + 1).note = column.note;
    sheet.getColumn(index + 1).numFmt = '@';
  });
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export interface RowProblem {
  row: number;
  column: string;
  message: string;
}

interface ParsedRow {
  row: number;
  buildingCode: string;
  buildingName: string;
  floorCode: string;
  floorName: string;
  unit: ReturnType<typeof createSpaceBody.parse>;
}

async function readRows(buffer: Buffer): Promise<{ rows: ParsedRow[]; problems: RowProblem[] }> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', '文件无法读取：不是有效的 .xlsx 文件或已损坏，请用 Excel 另存为 .xlsx 后重新上传');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new AppError('VALIDATION_FAILED', '文件中没有工作表，请使用单元导入模板');
  const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).map((value) => headerKey(cellText(value)));
  const columns = new Map<number, Column>();
  header.forEach((text, index) => {
    const key = headerLookup.get(text);
    if (key) columns.set(index, key);
  });
  const missing = unitImportColumns.filter((column) => column.header.endsWith('*') && ![...columns.values()].includes(column.key));
  if (missing.length) throw new AppError('VALIDATION_FAILED', `第 1 行不是模板的表头：缺少「${missing.map((column) => column.header.replace(/\*$/, '')).join('、')}」列，请下载单元导入模板`);
  const rows: ParsedRow[] = [];
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  const lastRow = sheet.actualRowCount;
  if (lastRow - 1 > UNIT_IMPORT_MAX_ROWS) throw new AppError('VALIDATION_FAILED', `一次最多导入 ${UNIT_IMPORT_MAX_ROWS.toLocaleString('en-US')} 个单元，请拆分文件`);
  sheet.eachRow({ includeEmpty: false }, (excelRow, number) => {
    if (number === 1) return;
    const cells = {} as Record<Column, string>;
    for (const [index, key] of columns) cells[key] = cellText(excelRow.getCell(index).value);
    if (Object.values(cells).every((text) => !text)) return;
    const problem = (key: Column, message: string) => problems.push({ row: number, column: labelOf(key), message });
    for (const key of ['buildingCode', 'floorCode'] as const) if (!cells[key]) problem(key, '必填');
    const unitType = typeByName.get(cells.unitType) ?? (cells.unitType in unitTypeNames ? (cells.unitType as UnitType) : undefined);
    if (!unitType) problem('unitType', `「${cells.unitType.slice(0, 20)}」不是可选值，请填写 库位、场地、办公室 或 商铺`);
    const basis = /天|day/i.test(cells.rentBasis) ? 'day' : /月|month/i.test(cells.rentBasis) ? 'month' : undefined;
    if (cells.rentBasis && !basis) problem('rentBasis', '请填写 元/㎡/天 或 元/㎡/月');
    const parsed = createSpaceBody.safeParse({
      code: cells.code,
      name: cells.name,
      unitType,
      usableArea: cells.usableArea || null,
      grossArea: cells.grossArea || null,
      floorLoad: cells.floorLoad || null,
      ceilingHeight: cells.ceilingHeight || null,
      facilities: cells.facilities ? cells.facilities.split(/[、,，;；]+/).map((item) => item.trim()).filter(Boolean) : [],
      listRent: cells.listRent || null,
      rentBasis: basis,
      availableFrom: cells.availableFrom ? cells.availableFrom.replace(/\//g, '-').replace(/-(\d)(?=-|$)/g, '-0$1') : undefined,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? 'code') as Column;
        if (key === 'unitType' && !unitType) continue;
        problem(unitImportColumns.some((column) => column.key === key) ? key : 'code', issue.message);
      }
      return;
    }
    const unit = parsed.data;
    if (!unit.usableArea) problem('usableArea', '必填');
    if (unit.grossArea && unit.usableArea && Number(unit.usableArea) > Number(unit.grossArea)) problem('usableArea', `使用面积 ${unit.usableArea} ㎡ 不能大于建筑面积 ${unit.grossArea} ㎡`);
    if (unit.listRent && !unit.rentBasis) problem('rentBasis', '填写挂牌租金时请填写租金单位');
    const key = `${cells.buildingCode}|${cells.floorCode}|${unit.code}`;
    if (seen.has(key)) problem('code', `与第 ${seen.get(key)} 行的单元编码重复`);
    else seen.set(key, number);
    rows.push({ row: number, buildingCode: cells.buildingCode, buildingName: cells.buildingName ?? '', floorCode: cells.floorCode, floorName: cells.floorName ?? '', unit });
  });
  return { rows, problems };
}

async function child(tx: DbOrTx, parent: SpaceRow, code: string): Promise<SpaceRow | undefined> {
  const [row] = await tx.select().from(spaces).where(and(eq(spaces.parentId, parent.id), eq(spaces.code, code)));
  return row;
}

async function insertNode(tx: DbOrTx, deps: Deps, parent: SpaceRow, level: SpaceLevel, values: Partial<typeof spaces.$inferInsert> & { code: string; name: string }): Promise<SpaceRow> {
  const now = deps.clock.now();
  const [created] = await tx
    .insert(spaces)
    .values({ ...values, parentId: parent.id, level, path: '/', fullCode: `${parent.fullCode}-${values.code}`, availableFrom: values.availableFrom ?? shanghaiDate(now), createdAt: now, updatedAt: now })
    .returning();
  const path = `${parent.path}${created!.id}/`;
  await tx.update(spaces).set({ path }).where(eq(spaces.id, created!.id));
  return { ...created!, path };
}

/** Imports the units of one .xlsx under a park; all rows or none. */
export async function importUnits(deps: Deps, ctx: RequestContext, parts: AsyncIterable<UploadPart>) {
  requirePermission(ctx.actor, 'space:manage');
  let parkId: number | undefined;
  let buffer: Buffer | undefined;
  for await (const part of parts) {
    if (part.type === 'field' && part.name === 'parkId') parkId = Number(part.value);
    if (part.type === 'file') {
      const chunks: Buffer[] = [];
      for await (const chunk of part.stream) chunks.push(chunk as Buffer);
      if (part.stream.truncated) throw new AppError('PAYLOAD_TOO_LARGE', `文件超过 ${UNIT_IMPORT_MAX_BYTES / 1024 / 1024} MB 的上限`, { reason: 'upload.too_large' });
      buffer = Buffer.concat(chunks);
    }
  }
  if (!parkId || !Number.isSafeInteger(parkId) || parkId < 1) throw fieldError('parkId', '请选择导入到哪个园区');
  if (!buffer?.length) throw fieldError('file', '请选择要导入的 .xlsx 文件');
  const park = await findSpace(deps.db, parkId);
  if (!park || park.level !== 'park') throw fieldError('parkId', '所选园区不存在');
  const sniffed = await sniffFileType(bufferSource(buffer), 'units.xlsx');
  if (!sniffed.ok || sniffed.kind.kind !== 'xlsx') throw new AppError('UNSUPPORTED_MEDIA_TYPE', `${sniffed.ok ? `文件内容是${sniffed.kind.label}` : sniffed.reason}。请上传 .xlsx 文件，可先下载单元导入模板`);

  const { rows, problems } = await readRows(buffer);
  if (!rows.length && !problems.length) throw new AppError('VALIDATION_FAILED', '文件中没有单元，请从第二行起填写');
  const created = { buildings: 0, floors: 0, units: 0 };
  const badRows = new Set(problems.map((problem) => problem.row));
  await deps.db.transaction(async (tx) => {
    const nodes = new Map<string, SpaceRow>();
    const node = async (parent: SpaceRow, level: SpaceLevel, code: string, name: string, row: number, column: Column): Promise<SpaceRow | undefined> => {
      const key = `${parent.id}|${code}`;
      const cached = nodes.get(key);
      if (cached) return cached;
      let found = await child(tx, parent, code);
      if (found && found.level !== level) {
        problems.push({ row, column: labelOf(column), message: `编码 ${code} 已是${found.level === 'unit' ? '单元' : '其他层级'}，不能作为${level === 'building' ? '楼栋/库区' : '楼层'}` });
        return undefined;
      }
      if (!found) {
        if (!name) {
          problems.push({ row, column: labelOf(column === 'buildingCode' ? 'buildingName' : 'floorName'), message: `园区中没有编码为 ${code} 的${level === 'building' ? '楼栋/库区' : '楼层'}，新建时请填写名称` });
          return undefined;
        }
        found = await insertNode(tx, deps, parent, level, { code, name, sortOrder: nodes.size });
        if (level === 'building') created.buildings += 1;
        else created.floors += 1;
      }
      nodes.set(key, found);
      return found;
    };
    for (const row of rows) {
      if (badRows.has(row.row)) continue;
      const building = await node(park, 'building', row.buildingCode, row.buildingName, row.row, 'buildingCode');
      const floor = building && (await node(building, 'floor', row.floorCode, row.floorName, row.row, 'floorCode'));
      if (!floor) continue;
      if (await child(tx, floor, row.unit.code)) {
        problems.push({ row: row.row, column: labelOf('code'), message: `${floor.fullCode} 已有编码为 ${row.unit.code} 的单元` });
        continue;
      }
      if (problems.length) continue;
      const { parentId: _parentId, condition, ...unit } = row.unit;
      await insertNode(tx, deps, floor, 'unit', { ...unit, facilities: [...new Set(unit.facilities ?? [])], condition: condition ?? 'available', sortOrder: created.units });
      created.units += 1;
    }
    if (problems.length) {
      problems.sort((a, b) => a.row - b.row);
      throw new AppError('VALIDATION_FAILED', `有 ${new Set(problems.map((problem) => problem.row)).size} 行有错误，未导入任何单元；请按提示修改后重新上传`, {
        reason: 'space.import_invalid',
        extra: { rows: problems.slice(0, 500) },
      });
    }
    await recordAudit(tx, deps.clock, ctx, {
      action: 'import',
      entityType: 'space',
      entityId: park.id,
      summary: `导入 ${park.fullCode} 的房源：新建楼栋/库区 ${created.buildings} 个、楼层 ${created.floors} 个、单元 ${created.units} 个`,
    });
  });
  return created;
}
