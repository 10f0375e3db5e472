import { and, eq, isNull } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { requirePermission, type RequestContext } from '../../../platform/access/access';
import { recordAudit } from '../../../platform/audit/audit.service';
import type { Deps } from '../../../platform/deps';
import { dictionaryLabels } from '../../../platform/dictionaries/dictionaries.service';
import { AppError } from '../../../platform/errors';
import { bufferSource, sniffFileType } from '../../../platform/files/file-types';
import { cellText } from '../../../platform/files/xlsx-cells';
import type { UploadPart } from '../../../platform/http/multipart';
import { parseYuan, sumFen, yuanText } from '../../../platform/money';
import { customers } from '../../customers';
import { chargeItemNames } from '../charge-items';
import { createUsageBody } from './usage.schema';
import { insertUsage } from './usage.service';

// 用量导入 (R-BIL-03): one row per customer, charge item and month — a quantity, or a meter with
// its readings. Every row is checked as the form checks it (readings chain within the file too);
// any error and nothing is saved, the answer naming each row and column.

export const USAGE_IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const USAGE_IMPORT_MAX_ROWS = 10_000;

type Column = 'customerCode' | 'item' | 'period' | 'meterCode' | 'previousReading' | 'currentReading' | 'multiplier' | 'quantity' | 'unitPrice';
export const usageImportColumns: { key: Column; header: string; note: string; example: string }[] = [
  { key: 'customerCode', header: '客户编号*', note: '客户档案中的客户编号', example: 'SH2026000001' },
  { key: 'item', header: '收费项目*', note: '收费项目名称或编码，如 水电费、仓储费、装卸费', example: '水电费' },
  { key: 'period', header: '账期*', note: '年月，如 2026-03', example: '2026-03' },
  { key: 'meterCode', header: '表号', note: '抄表计费时填写', example: 'E-101' },
  { key: 'previousReading', header: '上期读数', note: '不填时取该表上月的本期读数', example: '1000' },
  { key: 'currentReading', header: '本期读数', note: '抄表计费时必填，不能小于上期读数', example: '1250' },
  { key: 'multiplier', header: '倍率', note: '默认 1', example: '1' },
  { key: 'quantity', header: '数量', note: '不抄表时填写，如吨数、次数', example: '' },
  { key: 'unitPrice', header: '单价*', note: '元，最多 4 位小数', example: '1.2' },
];

const headerKey = (text: string) => text.normalize('NFKC').replace(/[\s*]/g, '');
const headerLookup = new Map(usageImportColumns.map((column) => [headerKey(column.header), column.key]));
const labelOf = (key: string) => usageImportColumns.find((column) => column.key === key)?.header.replace(/\*$/, '') ?? key;

export async function buildUsageImportTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('用量');
  sheet.columns = usageImportColumns.map((column) => ({ header: column.header, key: column.key, width: 16 }));
  sheet.addRow(usageImportColumns.map((column) => column.example));
  usageImportColumns.forEach((column, index) => {
    sheet.getCell(1, index + 1).note = column.note;
    sheet.getColumn(index + 1).numFmt = '@';
  });
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A month typed as 2026-03, 2026/3, 2026年3月 or a date cell. */
function monthOf(text: string): string {
  const match = /^(\d{4})\D{1,2}(\d{1,2})/.exec(text);
  return match ? `${match[1]}-${match[2]!.padStart(2, '0')}` : text;
}

export async function importUsage(deps: Deps, ctx: RequestContext, parts: AsyncIterable<UploadPart>) {
  const actor = requirePermission(ctx.actor, 'billing:write');
  let buffer: Buffer | undefined;
  for await (const part of parts) {
    if (part.type === 'file') {
      const chunks: Buffer[] = [];
      for await (const chunk of part.stream) chunks.push(chunk as Buffer);
      if (part.stream.truncated) throw new AppError('PAYLOAD_TOO_LARGE', `文件超过 ${USAGE_IMPORT_MAX_BYTES / 1024 / 1024} MB 的上限`, { reason: 'upload.too_large' });
      buffer = Buffer.concat(chunks);
    }
  }
  if (!buffer?.length) throw new AppError('VALIDATION_FAILED', '请选择要导入的 .xlsx 文件', { fields: [{ field: 'file', message: '请选择要导入的 .xlsx 文件' }] });
  const sniffed = await sniffFileType(bufferSource(buffer), 'usage.xlsx');
  if (!sniffed.ok || sniffed.kind.kind !== 'xlsx') throw new AppError('UNSUPPORTED_MEDIA_TYPE', `${sniffed.ok ? `文件内容是${sniffed.kind.label}` : sniffed.reason}。请上传 .xlsx 文件，可先下载用量导入模板`);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', '文件无法读取：不是有效的 .xlsx 文件或已损坏，请用 Excel 另存为 .xlsx 后重新上传');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new AppError('VALIDATION_FAILED', '文件中没有工作表，请使用用量导入模板');
  const columns = new Map<number, Column>();
  (sheet.getRow(1).values as ExcelJS.CellValue[]).forEach((value, index) => {
    const key = headerLookup.get(headerKey(cellText(value)));
    if (key) columns.set(index, key);
  });
  const missing = usageImportColumns.filter((column) => column.header.endsWith('*') && ![...columns.values()].includes(column.key));
  if (missing.length) throw new AppError('VALIDATION_FAILED', `第 1 行不是模板的表头：缺少「${missing.map((column) => labelOf(column.key)).join('、')}」列，请下载用量导入模板`);
  if (sheet.actualRowCount - 1 > USAGE_IMPORT_MAX_ROWS) throw new AppError('VALIDATION_FAILED', `一次最多导入 ${USAGE_IMPORT_MAX_ROWS.toLocaleString('en-US')} 行，请拆分文件`);
  const rows: { row: number; cells: Record<Column, string> }[] = [];
  sheet.eachRow({ includeEmpty: false }, (excelRow, number) => {
    if (number === 1) return;
    const cells = {} as Record<Column, string>;
    for (const [index, key] of columns) cells[key] = cellText(excelRow.getCell(index).value);
    if (Object.values(cells).some(Boolean)) rows.push({ row: number, cells });
  });
  if (!rows.length) throw new AppError('VALIDATION_FAILED', '文件中没有用量，请从第二行起填写');

  const labels = await dictionaryLabels(deps.db, 'charge_item');
  const itemByLabel = new Map([...labels].map(([code, label]) => [label, code]));
  const nameOf = await chargeItemNames(deps.db);
  const problems: { row: number; column: string; message: string }[] = [];
  let total = 0n;
  await deps.db.transaction(async (tx) => {
    const amounts: bigint[] = [];
    for (const { row, cells } of rows) {
      const problem = (key: string, message: string) => problems.push({ row, column: labelOf(key), message });
      const [customer] = cells.customerCode ? await tx.select({ id: customers.id }).from(customers).where(and(eq(customers.code, cells.customerCode), isNull(customers.mergedIntoId))) : [];
      if (!customer) {
        problem('customerCode', cells.customerCode ? `没有编号为 ${cells.customerCode.slice(0, 30)} 的客户` : '必填');
        continue;
      }
      const parsed = createUsageBody.safeParse({
        customerId: customer.id,
        item: itemByLabel.get(cells.item) ?? cells.item,
        period: monthOf(cells.period ?? ''),
        meterCode: cells.meterCode || null,
        previousReading: cells.previousReading || null,
        currentReading: cells.currentReading || null,
        multiplier: cells.multiplier || null,
        quantity: cells.quantity || null,
        unitPrice: cells.unitPrice ?? '',
      });
      if (!parsed.success) {
        for (const issue of parsed.error.issues) problem(String(issue.path[0] ?? 'item'), issue.message);
        continue;
      }
      try {
        const created = await insertUsage(tx, deps, actor, parsed.data, nameOf);
        amounts.push(parseYuan(created.amount));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        const fields = error.fields ?? [];
        if (fields.length) for (const field of fields) problem(field.field === 'customerId' ? 'customerCode' : field.field, field.message);
        else problem('customerCode', error.message);
      }
    }
    if (problems.length) {
      throw new AppError('VALIDATION_FAILED', `有 ${new Set(problems.map((p) => p.row)).size} 行有错误，未导入任何用量；请按提示修改后重新上传`, { reason: 'usage.import_invalid', extra: { rows: problems.slice(0, 500) } });
    }
    total = sumFen(amounts);
    await recordAudit(tx, deps.clock, ctx, { action: 'import', entityType: 'usage_charge', summary: `导入用量 ${rows.length} 行，合计 ${yuanText(total)} 元` });
  });
  return { rows: rows.length, amount: yuanText(total) };
}
