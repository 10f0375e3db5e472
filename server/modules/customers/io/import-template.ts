import ExcelJS from 'exceljs';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/client';
import { dictionaryCodes } from '../../../platform/dictionaries/defaults';
import { dictionaryItems } from '../../../platform/dictionaries/dictionaries.table';

// The customer import template (R-CUS-30): its columns, the dictionaries behind them and the
// template file. How a cell is read and a row validated is in import-row.ts.

export type ImportField =
  | 'name'
  | 'kind'
  | 'shortName'
  | 'uscc'
  | 'idNumber'
  | 'natureCode'
  | 'industryCode'
  | 'sourceCode'
  | 'province'
  | 'city'
  | 'district'
  | 'street'
  | 'postcode'
  | 'phone'
  | 'email'
  | 'website'
  | 'legalRepresentative'
  | 'registeredCapital'
  | 'employees'
  | 'mainProducts'
  | 'contactName'
  | 'contactMobile'
  | 'contactTitle'
  | 'contactEmail'
  | 'keyPersonName'
  | 'keyPersonPosition'
  | 'keyPersonMobile'
  | 'keyPersonBirthday'
  | 'tags'
  | 'ownerUsername';

export interface ImportColumn {
  key: ImportField;
  header: string;
  /** Column name in messages (header without the 「*」). */
  label: string;
  width: number;
  note: string;
  example: string;
  dictionary?: string;
  aliases?: string[];
}

const column = (key: ImportField, header: string, width: number, note: string, example: string, extra: Partial<ImportColumn> = {}): ImportColumn => ({
  key,
  header,
  label: header.replace(/\*$/, ''),
  width,
  note,
  example,
  ...extra,
});

export const importColumns: ImportColumn[] = [
  column('name', '客户名称*', 30, '必填。企业全称，2–100 个字；按名称查重（忽略全半角、空格、标点与「有限公司」等后缀）', '上海华通物流有限公司', {
    aliases: ['客户名称', '企业名称', '公司名称', '客户全称'],
  }),
  column('kind', '客户类型', 10, '企业 或 个人；不填为企业。个人客户不填统一社会信用代码，可填身份证号', '企业', { aliases: ['客户类别', '类型'] }),
  column('shortName', '简称', 14, '不超过 40 个字', '华通物流'),
  column('uscc', '统一社会信用代码', 22, '18 位，按 GB 32100-2015 校验最后一位；按此查重', '91310115MA1H7G3K2J', { aliases: ['信用代码', '社会信用代码'] }),
  column('idNumber', '身份证号', 20, '仅个人客户，选填：18 位居民身份证号，按 GB 11643 校验最后一位（敏感信息，按权限脱敏）', '', { aliases: ['身份证', '身份证号码'] }),
  column('natureCode', '企业性质', 12, '从下拉列表选择，见右侧「企业性质」可选值', '民企', { dictionary: dictionaryCodes.customerNature }),
  column('industryCode', '行业代码', 26, 'GB/T 4754-2017 门类字母或大类两位代码（如 G 或 59），也可填名称', '59 装卸搬运和仓储业', {
    dictionary: dictionaryCodes.industry,
    aliases: ['行业', '所属行业'],
  }),
  column('sourceCode', '客户来源', 12, '从下拉列表选择，见右侧「客户来源」可选值', '自主开发', { dictionary: dictionaryCodes.customerSource, aliases: ['来源'] }),
  column('province', '省', 10, '如 上海市、江苏省', '上海市', { aliases: ['省份'] }),
  column('city', '市', 10, '如 上海市、苏州市', '上海市', { aliases: ['城市'] }),
  column('district', '区县', 10, '如 浦东新区', '浦东新区', { aliases: ['区', '区/县'] }),
  column('street', '详细地址', 30, '街道门牌，不超过 200 个字', '张江路 100 号', { aliases: ['地址'] }),
  column('postcode', '邮编', 8, '6 位数字', '201203', { aliases: ['邮政编码'] }),
  column('phone', '电话', 16, '座机，如 021-12345678 或 400-123-4567', '021-58001234', { aliases: ['公司电话', '联系电话'] }),
  column('email', '邮箱', 22, '如 info@example.com', 'info@huatong.example.com', { aliases: ['公司邮箱', '电子邮箱'] }),
  column('website', '网站', 20, '不超过 200 个字', 'www.huatong.example.com'),
  column('legalRepresentative', '法定代表人', 10, '不超过 40 个字', '王建国', { aliases: ['法人'] }),
  column('registeredCapital', '注册资本（元）', 16, '人民币元，最多 2 位小数', '5000000'),
  column('employees', '员工人数', 10, '整数', '120', { aliases: ['人数', '企业规模'] }),
  column('mainProducts', '主营产品', 24, '不超过 500 个字', '冷链仓储、城市配送'),
  column('contactName', '联系人姓名', 10, '填写联系人时必填', '李敏', { aliases: ['联系人'] }),
  column('contactMobile', '联系人手机', 14, '11 位手机号', '13800138000', { aliases: ['手机', '联系人电话'] }),
  column('contactTitle', '联系人职务', 12, '不超过 40 个字', '行政经理', { aliases: ['职务'] }),
  column('contactEmail', '联系人邮箱', 22, '如 li.min@example.com', 'li.min@huatong.example.com'),
  column('keyPersonName', '关键人姓名', 10, '选填。客户方的关键人（决策人、影响人），填写关键人其他列时必填', '王建国', { aliases: ['关键人'] }),
  column('keyPersonPosition', '关键人职务', 12, '不超过 60 个字', '总经理'),
  column('keyPersonMobile', '关键人手机', 14, '11 位手机号', '13900139000'),
  column('keyPersonBirthday', '关键人生日', 12, '日期，如 1975-08-16（可为日期格式的单元格）', '1975-08-16'),
  column('tags', '标签', 18, '多个标签用顿号、逗号或分号分隔，每个不超过 20 个字', '冷链、重点'),
  column('ownerUsername', '负责人账号', 14, '选填。客户经理的登录账号（须在您的数据范围内）；不填则为导入人', '', { aliases: ['负责人', '客户经理账号'] }),
];

const columnByKey = new Map(importColumns.map((c) => [c.key, c]));
export const columnLabel = (key: ImportField): string => columnByKey.get(key)?.label ?? key;

/** 注册资本（元）, ＊客户名称 → 注册资本, 客户名称: spaces, 「*」 and a trailing unit in brackets removed. */
function headerKey(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s*]/g, '')
    .replace(/\([^)]*\)$/, '');
}

const headerLookup = new Map<string, ImportField>();
for (const c of importColumns) for (const name of [c.header, c.label, ...(c.aliases ?? [])]) headerLookup.set(headerKey(name), c.key);

/** Which template field each column of the header row holds; unknown headers are ignored. */
export function mapHeaderRow(cells: string[]): { fields: Map<number, ImportField>; missing: string[] } {
  const fields = new Map<number, ImportField>();
  const seen = new Set<ImportField>();
  cells.forEach((cell, index) => {
    const field = headerLookup.get(headerKey(cell));
    if (field && !seen.has(field)) {
      fields.set(index, field);
      seen.add(field);
    }
  });
  return { fields, missing: seen.has('name') ? [] : ['客户名称'] };
}

// ── dictionaries ──────────────────────────────────────────────────────────────

export interface DictionaryResolver {
  /** code | label | 「code label」 → code, or undefined. */
  resolve(text: string): string | undefined;
  /** A short list of allowed values for messages. */
  hint: string;
}

export type ImportDictionaries = Record<string, DictionaryResolver>;

export const dictionaryFields = importColumns.filter((c) => c.dictionary);

/** Enabled items of the template's dictionaries, loaded once per validation run. */
export async function loadImportDictionaries(db: DbOrTx): Promise<ImportDictionaries> {
  const codes = dictionaryFields.map((c) => c.dictionary!);
  const rows = await db
    .select({ dictionaryCode: dictionaryItems.dictionaryCode, code: dictionaryItems.code, label: dictionaryItems.label })
    .from(dictionaryItems)
    .where(and(inArray(dictionaryItems.dictionaryCode, codes), eq(dictionaryItems.enabled, true)))
    .orderBy(asc(dictionaryItems.dictionaryCode), asc(dictionaryItems.sortOrder), asc(dictionaryItems.id));
  const result: ImportDictionaries = {};
  for (const dictionary of codes) {
    const items = rows.filter((r) => r.dictionaryCode === dictionary);
    const lookup = new Map<string, string>();
    for (const item of items) {
      lookup.set(item.code.toLowerCase(), item.code);
      lookup.set(headerKey(item.label), item.code);
      lookup.set(headerKey(`${item.code}${item.label}`), item.code);
    }
    const labels = items.map((i) => i.label);
    result[dictionary] = {
      resolve(text) {
        const compact = headerKey(text).replace(/[-—–:：]/g, '');
        const direct = lookup.get(text.toLowerCase()) ?? lookup.get(compact) ?? lookup.get(compact.toLowerCase());
        if (direct) return direct;
        // 5 → 05 (a numeric cell loses its leading zero)
        if (/^\d$/.test(text)) return lookup.get(`0${text}`);
        const leading = /^([A-Za-z]|\d{2})(?![\dA-Za-z])/.exec(text)?.[1];
        return leading ? lookup.get(leading.toLowerCase()) : undefined;
      },
      hint: labels.length > 8 ? `${labels.slice(0, 8).join('、')} 等（见模板「填写说明」）` : labels.join('、'),
    };
  }
  return result;
}

// ── the template file ────────────────────────────────────────────────────────

export const TEMPLATE_SHEET = '客户';
export const INSTRUCTIONS_SHEET = '填写说明';
/** Rows of the data sheet that carry drop-down lists. */
const VALIDATED_ROWS = 10_001;

function columnLetter(index: number): string {
  let n = index;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** The .xlsx template: a header row, one example row, drop-down lists, and a 填写说明 sheet. */
export async function buildImportTemplate(db: DbOrTx): Promise<Buffer> {
  const rows = await db
    .select({ dictionaryCode: dictionaryItems.dictionaryCode, code: dictionaryItems.code, label: dictionaryItems.label, parentCode: dictionaryItems.parentCode })
    .from(dictionaryItems)
    .where(and(inArray(dictionaryItems.dictionaryCode, dictionaryFields.map((c) => c.dictionary!)), eq(dictionaryItems.enabled, true)))
    .orderBy(asc(dictionaryItems.sortOrder), asc(dictionaryItems.id));
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '招商客户管理平台';
  const sheet = workbook.addWorksheet(TEMPLATE_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  const help = workbook.addWorksheet(INSTRUCTIONS_SHEET);

  sheet.columns = importColumns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F0FF' } };
  importColumns.forEach((c, i) => {
    header.getCell(i + 1).note = c.note;
    sheet.getColumn(i + 1).numFmt = '@';
  });
  sheet.addRow(Object.fromEntries(importColumns.map((c) => [c.key, c.example])));

  // 填写说明: the rules per column, then one column of allowed values per dictionary.
  help.getColumn(1).width = 18;
  help.getColumn(2).width = 8;
  help.getColumn(3).width = 70;
  help.addRow(['列名', '必填', '填写要求']).font = { bold: true };
  for (const c of importColumns) help.addRow([c.label, c.key === 'name' ? '是' : '', c.note]);
  help.addRow([]);
  help.addRow(['说明', '', '第一行是表头，请勿修改列名；从第二行起每行一个客户（示例行请删除）。同一文件内名称或统一社会信用代码重复的行，只导入第一行。']);
  help.addRow(['', '', '导入前会逐行校验并查重，只导入校验通过的行；有问题的行可下载「被拒行」文件修改后重新导入。单次最多 200,000 行。']);

  dictionaryFields.forEach((c, i) => {
    const listColumn = 5 + i;
    const items = rows.filter((r) => r.dictionaryCode === c.dictionary);
    const values = c.key === 'industryCode' ? items.map((r) => `${r.code} ${r.label}`) : items.map((r) => r.label);
    help.getColumn(listColumn).width = c.key === 'industryCode' ? 36 : 14;
    help.getCell(1, listColumn).value = `${c.label}可选值`;
    help.getCell(1, listColumn).font = { bold: true };
    values.forEach((value, j) => (help.getCell(j + 2, listColumn).value = value));
    if (!values.length) return;
    const letter = columnLetter(listColumn);
    const target = columnLetter(importColumns.indexOf(c) + 1);
    (sheet as unknown as { dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void } }).dataValidations.add(`${target}2:${target}${VALIDATED_ROWS}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`'${INSTRUCTIONS_SHEET}'!$${letter}$2:$${letter}$${values.length + 1}`],
      showErrorMessage: true,
      errorStyle: 'warning',
      errorTitle: c.label,
      error: `请从下拉列表选择${c.label}`,
    });
  });
  const kindColumn = columnLetter(importColumns.findIndex((c) => c.key === 'kind') + 1);
  (sheet as unknown as { dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void } }).dataValidations.add(`${kindColumn}2:${kindColumn}${VALIDATED_ROWS}`, {
    type: 'list',
    allowBlank: true,
    formulae: ['"企业,个人"'],
    showErrorMessage: true,
    errorStyle: 'warning',
    errorTitle: '客户类型',
    error: '请选择 企业 或 个人',
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
