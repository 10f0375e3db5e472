import { contactBody, createCustomerBody, keyPersonBody, type CustomerKind } from '../archive/archive.schema';
import { customerSearchKeys, type CustomerSearchKeys } from '../search/keys';
import { columnLabel, dictionaryFields, type ImportDictionaries, type ImportField } from './import-template';
import { cellText } from '../../../platform/files/xlsx-cells';

export { cellText };

// How a cell of an import file is read and how one row becomes a validated customer (R-CUS-30).
// The service streams rows through `readCell` and `parseImportRow`.

// R-CUS-30: cells as spreadsheet programs store them. A number where text was meant, a date or
// scientific notation changes what the person typed; where the intent is certain the cell is
// read as meant (an 11-digit mobile, a 6-digit postcode), otherwise the row is refused with a
// message that says what happened to the cell.

const numberFields = new Set<ImportField>(['uscc', 'idNumber', 'contactMobile', 'keyPersonMobile', 'phone', 'postcode']);
const SCIENTIFIC = /^[+-]?\d+(\.\d+)?E[+-]?\d+$/i;
const AS_TEXT = '请将该列设为文本格式后重新填写';

export interface CellReading {
  text: string;
  /** What the spreadsheet did to the cell, when it cannot be read as meant. */
  problem?: string;
}

const shownNumber = (value: number, numFmt: string | undefined) =>
  (numFmt && /E\+/i.test(numFmt)) || Math.abs(value) >= 1e11 ? value.toExponential(2).toUpperCase() : String(value);

/** A cell's text for an import column, or what went wrong with it. */
export function readCell(field: ImportField, value: unknown, numFmt?: string): CellReading {
  if (value && typeof value === 'object' && !(value instanceof Date) && 'result' in (value as object)) {
    return readCell(field, (value as { result?: unknown }).result, numFmt);
  }
  if (value instanceof Date) {
    const date = Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
    // A birthday is a date: a date cell is what was meant.
    if (field === 'keyPersonBirthday') return { text: date };
    return { text: date, problem: `该单元格被存为日期（${date}），原来填写的内容已改变，${AS_TEXT}` };
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    const scientific = Boolean(numFmt && /E\+/i.test(numFmt));
    const digits = Number.isInteger(value) ? String(value) : '';
    switch (field) {
      case 'uscc':
        return { text: String(value), problem: `该单元格被存为数字（${shownNumber(value, numFmt)}），统一社会信用代码只保留了 15 位有效数字，${AS_TEXT}` };
      case 'idNumber':
        return { text: String(value), problem: `该单元格被存为数字（${shownNumber(value, numFmt)}），身份证号只保留了 15 位有效数字，${AS_TEXT}` };
      case 'keyPersonBirthday':
        return { text: String(value), problem: `该单元格是数字（${String(value)}），请填写日期，如 1975-08-16` };
      case 'contactMobile':
      case 'keyPersonMobile':
        if (!scientific && /^1\d{10}$/.test(digits)) return { text: digits };
        return { text: String(value), problem: `该单元格被存为数字并以科学计数法显示（${shownNumber(value, numFmt)}），手机号已不完整，${AS_TEXT}` };
      case 'phone':
        // A mobile or a 400/800 number has no leading zero to lose; a landline starts with 0.
        if (!scientific && (/^1\d{10}$/.test(digits) || /^[48]00\d{7}$/.test(digits))) return { text: digits };
        return { text: String(value), problem: `该单元格被存为数字，前导 0 已丢失（${shownNumber(value, numFmt)}），${AS_TEXT}` };
      case 'postcode':
        if (/^\d{6}$/.test(digits)) return { text: digits };
        return { text: String(value), problem: `该单元格被存为数字，前导 0 已丢失（${shownNumber(value, numFmt)}），${AS_TEXT}` };
      default:
        return { text: String(value) };
    }
  }
  const text = cellText(value);
  if (numberFields.has(field) && SCIENTIFIC.test(text)) {
    return { text, problem: `该单元格是科学计数法（${text}），原来的号码已丢失，${AS_TEXT}` };
  }
  return { text };
}


// ── one row ──────────────────────────────────────────────────────────────────

export interface CellError {
  column: string;
  message: string;
}

/** A validated row, as kept in the spill file until commit. */
export interface ValidImportRow {
  row: number;
  customer: {
    kind: CustomerKind;
    name: string;
    shortName: string | null;
    uscc: string | null;
    idNumber: string | null;
    natureCode: string | null;
    industryCode: string | null;
    sourceCode: string | null;
    province: string | null;
    city: string | null;
    district: string | null;
    street: string | null;
    postcode: string | null;
    phone: string | null;
    email: string | null;
    website: string | null;
    legalRepresentative: string | null;
    registeredCapital: string | null;
    employees: number | null;
    mainProducts: string | null;
    tags: string[];
  };
  keys: CustomerSearchKeys;
  contact: { name: string; title: string | null; mobile: string | null; email: string | null } | null;
  keyPerson: { name: string; position: string | null; mobile: string | null; birthday: string | null } | null;
  ownerUsername: string | null;
  ownerId: number | null;
}

export type ParsedRow = { ok: true; value: ValidImportRow } | { ok: false; errors: CellError[]; name: string };

const customerFieldKeys = new Set<string>([
  'kind',
  'idNumber',
  'name',
  'shortName',
  'uscc',
  'province',
  'city',
  'district',
  'street',
  'postcode',
  'phone',
  'email',
  'website',
  'legalRepresentative',
  'registeredCapital',
  'employees',
  'mainProducts',
  'tags',
]);
const contactColumn: Record<string, ImportField> = { name: 'contactName', mobile: 'contactMobile', title: 'contactTitle', email: 'contactEmail' };

const keyPersonColumn: Record<string, ImportField> = { name: 'keyPersonName', position: 'keyPersonPosition', mobile: 'keyPersonMobile', birthday: 'keyPersonBirthday' };

const orNull = (text: string | undefined) => (text ? text : null);

const kindWords: Record<string, CustomerKind> = { 企业: 'organization', 单位: 'organization', 公司: 'organization', organization: 'organization', 个人: 'individual', 自然人: 'individual', individual: 'individual' };

/** 1975/8/16, 1975.8.16, 1975年8月16日 → 1975-08-16; anything else is left for the schema to refuse. */
function isoDate(text: string): string {
  const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text);
  return match ? `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}` : text;
}

/** Validates one row with the same rules as the create form (createCustomerBody, contactBody). */
export function parseImportRow(row: number, cells: Partial<Record<ImportField, string>>, dictionaries: ImportDictionaries): ParsedRow {
  const errors: CellError[] = [];
  const name = cells.name ?? '';
  const resolved: Record<string, string | null> = {};
  for (const c of dictionaryFields) {
    const text = cells[c.key];
    if (!text) {
      resolved[c.key] = null;
      continue;
    }
    const code = dictionaries[c.dictionary!]?.resolve(text);
    if (code) resolved[c.key] = code;
    else errors.push({ column: c.label, message: `「${text.slice(0, 40)}」不是可选值，可选：${dictionaries[c.dictionary!]?.hint ?? '（字典为空）'}` });
  }
  let employees: number | null = null;
  if (cells.employees) {
    const n = Number(cells.employees.replace(/[,，\s]/g, ''));
    if (Number.isInteger(n)) employees = n;
    else errors.push({ column: columnLabel('employees'), message: '员工人数应为整数' });
  }
  const kind = cells.kind ? kindWords[cells.kind.replace(/\s+/g, '').toLowerCase()] : 'organization';
  if (!kind) errors.push({ column: columnLabel('kind'), message: `「${cells.kind!.slice(0, 20)}」不是可选值，请填写 企业 或 个人` });
  const tags = cells.tags ? [...new Set(cells.tags.split(/[、,，;；\s]+/).filter(Boolean))] : [];
  const body = {
    kind: kind ?? 'organization',
    name,
    shortName: orNull(cells.shortName),
    uscc: orNull(cells.uscc?.replace(/\s+/g, '')),
    idNumber: orNull(cells.idNumber?.replace(/\s+/g, '')),
    province: orNull(cells.province),
    city: orNull(cells.city),
    district: orNull(cells.district),
    street: orNull(cells.street),
    postcode: orNull(cells.postcode),
    phone: orNull(cells.phone),
    email: orNull(cells.email),
    website: orNull(cells.website),
    legalRepresentative: orNull(cells.legalRepresentative),
    registeredCapital: orNull(cells.registeredCapital),
    employees,
    mainProducts: orNull(cells.mainProducts),
    tags,
  };
  const parsed = createCustomerBody.safeParse(body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'name');
      const label = customerFieldKeys.has(field) ? columnLabel(field as ImportField) : field;
      if (!errors.some((e) => e.column === label)) errors.push({ column: label, message: name || field !== 'name' ? issue.message : '请填写客户名称' });
    }
  }
  let contact: ValidImportRow['contact'] = null;
  const hasContact = Boolean(cells.contactName || cells.contactMobile || cells.contactTitle || cells.contactEmail);
  if (hasContact) {
    const parsedContact = contactBody.safeParse({
      name: cells.contactName ?? '',
      title: orNull(cells.contactTitle),
      mobile: orNull(cells.contactMobile),
      email: orNull(cells.contactEmail),
    });
    if (parsedContact.success) {
      const c = parsedContact.data;
      contact = { name: c.name, title: c.title ?? null, mobile: c.mobile ?? null, email: c.email ?? null };
    } else {
      for (const issue of parsedContact.error.issues) {
        const field = contactColumn[String(issue.path[0])] ?? 'contactName';
        errors.push({ column: columnLabel(field), message: issue.message });
      }
    }
  }
  let keyPerson: ValidImportRow['keyPerson'] = null;
  if (cells.keyPersonName || cells.keyPersonPosition || cells.keyPersonMobile || cells.keyPersonBirthday) {
    const parsedKeyPerson = keyPersonBody.safeParse({
      name: cells.keyPersonName ?? '',
      position: orNull(cells.keyPersonPosition),
      mobile: orNull(cells.keyPersonMobile),
      birthday: cells.keyPersonBirthday ? isoDate(cells.keyPersonBirthday) : null,
    });
    if (parsedKeyPerson.success) {
      const k = parsedKeyPerson.data;
      keyPerson = { name: k.name, position: k.position ?? null, mobile: k.mobile ?? null, birthday: k.birthday ?? null };
    } else {
      for (const issue of parsedKeyPerson.error.issues) {
        const field = keyPersonColumn[String(issue.path[0])] ?? 'keyPersonName';
        errors.push({ column: columnLabel(field), message: field === 'keyPersonName' && !cells.keyPersonName ? '填写关键人时请填写关键人姓名' : issue.message });
      }
    }
  }
  if (cells.ownerUsername && cells.ownerUsername.length > 64) errors.push({ column: columnLabel('ownerUsername'), message: '账号不超过 64 个字符' });
  if (errors.length || !parsed.success) return { ok: false, errors, name };
  const data = parsed.data;
  return {
    ok: true,
    value: {
      row,
      customer: {
        kind: data.kind,
        name: data.name,
        shortName: data.shortName,
        uscc: data.kind === 'individual' ? null : (data.uscc ?? null),
        idNumber: data.kind === 'individual' ? (data.idNumber ?? null) : null,
        natureCode: resolved.natureCode ?? null,
        industryCode: resolved.industryCode ?? null,
        sourceCode: resolved.sourceCode ?? null,
        province: data.province,
        city: data.city,
        district: data.district,
        street: data.street,
        postcode: data.postcode ?? null,
        phone: data.phone ?? null,
        email: data.email ?? null,
        website: data.website,
        legalRepresentative: data.legalRepresentative,
        registeredCapital: data.registeredCapital ?? null,
        employees: data.employees ?? null,
        mainProducts: data.mainProducts,
        tags: data.tags ?? [],
      },
      keys: customerSearchKeys(data.name, data.shortName),
      contact,
      keyPerson,
      ownerUsername: cells.ownerUsername || null,
      ownerId: null,
    },
  };
}

