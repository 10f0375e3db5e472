import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import { once } from 'node:events';
import v8 from 'node:v8';
import vm from 'node:vm';
import ExcelJS from 'exceljs';
import { firstCsvLine, readCsvRows, type CsvEncoding } from './import-csv';
import type { Actor } from '../../../platform/access/access';
import type { Deps } from '../../../platform/deps';
import { AppError } from '../../../platform/errors';
import { cellText, parseImportRow, readCell, type CellError, type ValidImportRow } from './import-row';
import { columnLabel, importColumns, INSTRUCTIONS_SHEET, loadImportDictionaries, mapHeaderRow, type ImportField } from './import-template';
import { findExistingDuplicates, findUsersByUsername, ownerInScope, type OwnerCandidate } from './import.queries';
import type { ImportProblem, ProblemKind } from './import.schema';

// Streamed validation of an uploaded import file (R-CUS-30): rows are read one by one with
// exceljs' streaming reader, checked in batches of 1,000 (one duplicate query and one owner
// query per batch), and written to two NDJSON spill files — valid rows and rejected rows — so
// the file is never held in memory. Only the in-file duplicate keys stay in memory.

export const MAX_IMPORT_ROWS = 200_000;
const BATCH = 1_000;
const PREVIEW_ROWS = 200;

/**
 * Keeps an import's garbage from piling up. Streaming a workbook and committing batches allocate
 * a lot of short-lived objects that outlive a few young-generation collections (they wait on
 * database round trips) and so land in the old generation, which V8 collects lazily: measured on
 * 100,000 rows, the heap grew by 400–500 MB of garbage before a full collection, which then stayed
 * as process RSS. A full collection whenever the heap has grown by `allowance` since the last one
 * bounds that at a few tens of MB, for about the same total GC time.
 */
export class HeapPacer {
  private static collect: (() => void) | null | undefined;
  /** Heap in use after the last collection; 0 so that the first check starts from a collected heap. */
  private floor = 0;
  constructor(private readonly allowance = 48 * 1024 * 1024) {}

  private static collector(): (() => void) | null {
    if (HeapPacer.collect === undefined) {
      const exposed = (globalThis as { gc?: () => void }).gc;
      try {
        if (exposed) HeapPacer.collect = exposed;
        else {
          v8.setFlagsFromString('--expose-gc');
          HeapPacer.collect = vm.runInNewContext('gc') as () => void;
          v8.setFlagsFromString('--no-expose-gc');
        }
      } catch {
        HeapPacer.collect = null;
      }
    }
    return HeapPacer.collect ?? null;
  }

  /** Call between batches: collects when the heap grew by more than the allowance. */
  check(): void {
    const used = v8.getHeapStatistics().used_heap_size;
    if (used - this.floor < this.allowance) return;
    const collect = HeapPacer.collector();
    if (!collect) return;
    collect();
    this.floor = v8.getHeapStatistics().used_heap_size;
  }
}

/** One rejected row in the spill file: row number, template cells, reason, duplicate flag. */
export interface RejectedLine {
  r: number;
  v: string[];
  e: string;
  d: boolean;
}

export interface ImportCounts {
  totalRows: number;
  validRows: number;
  invalidRows: number;
  duplicateRows: number;
}

export interface ValidationResult {
  total: number;
  valid: number;
  invalid: number;
  duplicate: number;
  preview: ImportProblem[];
}

export async function* readLines<T>(file: string): AsyncGenerator<T> {
  const stream = createReadStream(file, { encoding: 'utf8' });
  let rest = '';
  for await (const chunk of stream as AsyncIterable<string>) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) if (line) yield JSON.parse(line) as T;
  }
  if (rest) yield JSON.parse(rest) as T;
}

/** Appends JSON lines to a file, honouring back-pressure. */
class LineWriter {
  private readonly out: WriteStream;
  constructor(file: string) {
    this.out = createWriteStream(file, { flags: 'w', mode: 0o600 });
  }
  async write(value: unknown): Promise<void> {
    if (!this.out.write(`${JSON.stringify(value)}\n`)) await once(this.out, 'drain');
  }
  async close(): Promise<void> {
    this.out.end();
    await once(this.out, 'finish');
  }
}

interface PendingRow {
  row: number;
  cells: Partial<Record<ImportField, string>>;
  /** Cells the spreadsheet changed (a date, a number that lost digits): the row is refused. */
  problems: { column: string; message: string }[];
}

interface Verdict {
  row: number;
  name: string;
  cells: Partial<Record<ImportField, string>>;
  value?: ValidImportRow;
  errors: CellError[];
  kind: ProblemKind;
}

const rawCells = (cells: Partial<Record<ImportField, string>>) => importColumns.map((c) => cells[c.key] ?? '');

type Chunks = AsyncIterable<Buffer | string>;
interface ReaderInternals {
  _parseWorksheet(iterator: Chunks, sheetNo: string): Generator<unknown>;
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
  _parseWorkbook(entry: NodeJS.ReadableStream): Promise<void>;
  _parseRels(entry: NodeJS.ReadableStream): Promise<void>;
}

async function* decodeUtf8(chunks: Chunks): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) yield typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  const rest = decoder.decode();
  if (rest) yield rest;
}

/**
 * The workbook's shared strings (every distinct text cell — about six per row of an import, so
 * 600,000 for 100,000 rows), packed into one string per 1,024 entries with their end offsets:
 * about a third of the heap of one JS string per entry (measured 55 MB → ~18 MB). Read by index
 * through a proxy, which is what exceljs' worksheet parser expects of its cache (an array).
 */
export class PackedStrings {
  private static readonly SHIFT = 10;
  private readonly chunks: string[] = [];
  private ends = new Uint32Array(4096);
  private readonly others = new Map<number, unknown>();
  private pending: string[] = [];
  private pendingLength = 0;
  length = 0;

  push(value: unknown): void {
    const text = typeof value === 'string' ? value : '';
    if (typeof value !== 'string') this.others.set(this.length, value);
    if (this.length === this.ends.length) {
      const grown = new Uint32Array(this.ends.length * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
    this.pending.push(text);
    this.pendingLength += text.length;
    this.ends[this.length] = this.pendingLength;
    this.length += 1;
    if (this.pending.length === 1 << PackedStrings.SHIFT) this.seal();
  }

  /** Closes the current chunk; call once all strings are in. */
  seal(): void {
    if (!this.pending.length) return;
    this.chunks.push(this.pending.join(''));
    this.pending = [];
    this.pendingLength = 0;
  }

  get(index: number): unknown {
    if (!(index >= 0 && index < this.length)) return undefined;
    const other = this.others.get(index);
    if (other !== undefined) return other;
    const chunk = this.chunks[index >> PackedStrings.SHIFT];
    if (chunk === undefined) return undefined;
    const start = index & ((1 << PackedStrings.SHIFT) - 1) ? this.ends[index - 1]! : 0;
    return chunk.slice(start, this.ends[index]);
  }

  /** An array-like view (`strings[i]`) for exceljs. */
  asArray(): unknown[] {
    return new Proxy([] as unknown[], {
      get: (target, key) => {
        if (typeof key === 'string') {
          const index = Number(key);
          if (Number.isInteger(index)) return this.get(index);
          if (key === 'length') return this.length;
        }
        return Reflect.get(target, key) as unknown;
      },
    });
  }
}

/**
 * exceljs' streaming reader decodes every zip chunk on its own, so a Chinese character split
 * across two chunks turns into 「��」 (exceljs 4.4). This reader hands exceljs whole strings
 * decoded as one stream instead; everything else is exceljs' own streaming parser. With
 * `sharedStrings: 'cache'` the shared strings are kept packed (PackedStrings) rather than as
 * one JS string each.
 */
export function utf8SafeWorkbookReader(input: NodeJS.ReadableStream, options: Partial<ExcelJS.stream.xlsx.WorkbookStreamReaderOptions>) {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input as unknown as import('node:stream').Stream, options);
  const internals = reader as unknown as ReaderInternals;
  const parseWorksheet = internals._parseWorksheet.bind(reader);
  internals._parseWorksheet = (iterator, sheetNo) => parseWorksheet(decodeUtf8(iterator), sheetNo);
  for (const method of ['_parseSharedStrings', '_parseWorkbook', '_parseRels'] as const) {
    const original = (internals[method] as (entry: NodeJS.ReadableStream) => unknown).bind(reader);
    (internals as unknown as Record<string, unknown>)[method] = (entry: NodeJS.ReadableStream) => {
      entry.setEncoding('utf8');
      return original(entry);
    };
  }
  if (options.sharedStrings === 'cache') {
    const parseSharedStrings = internals._parseSharedStrings;
    const state = reader as unknown as { options: { sharedStrings: string }; sharedStrings?: unknown[] };
    // eslint-disable-next-line require-yield -- takes exceljs' shared-string events itself; the caller gets none
    internals._parseSharedStrings = async function* packed(entry) {
      // exceljs' 'emit' mode hands over each string as {index, text}; they are packed here and
      // exposed as the cache the worksheet parser reads.
      const strings = new PackedStrings();
      state.options.sharedStrings = 'emit';
      try {
        for await (const item of parseSharedStrings(entry)) strings.push((item as { text: unknown }).text);
      } finally {
        state.options.sharedStrings = 'cache';
      }
      strings.seal();
      state.sharedStrings = strings.asArray();
    };
  }
  return reader;
}

export type ImportFormat = { kind: 'xlsx' } | { kind: 'csv'; encoding: CsvEncoding };

interface SourceRow {
  number: number;
  /** Cell values by 1-based column. */
  values: unknown[];
  numFmt(index: number): string | undefined;
}

interface SourceSheet {
  name?: string;
  rows: AsyncIterable<SourceRow>;
}

async function* xlsxSheets(input: NodeJS.ReadableStream): AsyncGenerator<SourceSheet> {
  const reader = utf8SafeWorkbookReader(input, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'ignore' });
  for await (const sheet of reader) {
    const rows = async function* (): AsyncGenerator<SourceRow> {
      for await (const row of sheet) yield { number: row.number, values: row.values as unknown[], numFmt: (index) => row.getCell(index).numFmt };
    };
    yield { name: (sheet as unknown as { name?: string }).name, rows: rows() };
  }
}

async function* csvSheets(input: NodeJS.ReadableStream, encoding: CsvEncoding, firstLine: string): AsyncGenerator<SourceSheet> {
  const rows = async function* (): AsyncGenerator<SourceRow> {
    for await (const row of readCsvRows(input, encoding, firstLine)) yield { ...row, numFmt: () => undefined };
  };
  yield { rows: rows() };
}

export async function validateImportFile(
  deps: Deps,
  actor: Actor,
  files: {
    source: string;
    /** .xlsx, or .csv in the encoding detected at upload. */
    format: ImportFormat;
    validPath: string;
    rejectedPath: string;
    onProgress: (counts: ImportCounts, progress: number) => Promise<unknown>;
  },
): Promise<ValidationResult> {
  const dictionaries = await loadImportDictionaries(deps.db);
  const { size } = await fs.stat(files.source);
  const input = createReadStream(files.source);
  const reader = files.format.kind === 'csv' ? csvSheets(input, files.format.encoding, await firstCsvLine(files.source, files.format.encoding)) : xlsxSheets(input);
  const validOut = new LineWriter(files.validPath);
  const rejectedOut = new LineWriter(files.rejectedPath);
  const result: ValidationResult = { total: 0, valid: 0, invalid: 0, duplicate: 0, preview: [] };
  let previewRows = 0;
  const seenNames = new Map<string, number>();
  const seenUscc = new Map<string, number>();
  const owners = new Map<string, OwnerCandidate | null>();
  const pacer = new HeapPacer();
  let pending: PendingRow[] = [];

  async function resolveOwners(usernames: string[]) {
    const missing = [...new Set(usernames.map((u) => u.toLowerCase()))].filter((u) => !owners.has(u));
    if (!missing.length) return;
    const found = await findUsersByUsername(deps.db, missing);
    for (const u of missing) owners.set(u, found.find((f) => f.username.toLowerCase() === u) ?? null);
  }

  async function flush() {
    const verdicts: Verdict[] = pending.map(({ row, cells, problems }) => {
      const parsed = parseImportRow(row, cells, dictionaries);
      if (problems.length) {
        const others = parsed.ok ? [] : parsed.errors.filter((e) => !problems.some((p) => p.column === e.column));
        return { row, cells, name: parsed.ok ? parsed.value.customer.name : parsed.name, errors: [...problems, ...others], kind: 'invalid' };
      }
      return parsed.ok
        ? { row, cells, name: parsed.value.customer.name, value: parsed.value, errors: [], kind: 'invalid' }
        : { row, cells, name: parsed.name, errors: parsed.errors, kind: 'invalid' };
    });
    pending = [];
    await resolveOwners(verdicts.flatMap((v) => (v.value?.ownerUsername ? [v.value.ownerUsername] : [])));
    for (const v of verdicts) {
      const username = v.value?.ownerUsername;
      if (!v.value || !username) continue;
      const owner = owners.get(username.toLowerCase());
      const problem = !owner ? `账号 ${username} 不存在` : !owner.active ? `账号 ${username} 已停用` : !ownerInScope(actor, owner) ? `账号 ${username} 不在您的数据范围内，不能指定为负责人` : null;
      if (problem) {
        v.errors.push({ column: columnLabel('ownerUsername'), message: problem });
        v.value = undefined;
      } else v.value.ownerId = owner!.id;
    }
    const candidates = verdicts.filter((v) => v.value);
    const existing = await findExistingDuplicates(
      deps.db,
      [...new Set(candidates.map((v) => v.value!.keys.normalizedName))],
      [...new Set(candidates.flatMap((v) => (v.value!.customer.uscc ? [v.value!.customer.uscc] : [])))],
    );
    const byName = new Map(existing.map((e) => [e.normalizedName, e]));
    const byUscc = new Map(existing.filter((e) => e.uscc).map((e) => [e.uscc!, e]));
    for (const v of candidates) {
      const { keys, customer } = v.value!;
      const inDb = (customer.uscc && byUscc.get(customer.uscc)) || byName.get(keys.normalizedName);
      const usccRow = customer.uscc ? seenUscc.get(customer.uscc) : undefined;
      const nameRow = seenNames.get(keys.normalizedName);
      if (inDb) {
        const column = columnLabel(customer.uscc && byUscc.has(customer.uscc) ? 'uscc' : 'name');
        v.errors.push({ column, message: `与已有客户「${inDb.name}」重复（负责人 ${inDb.ownerName ?? '无'}，${inDb.status}），请勿重复建档` });
        v.kind = 'duplicate_in_database';
      } else if (usccRow !== undefined || nameRow !== undefined) {
        const by = usccRow !== undefined ? 'uscc' : 'name';
        v.errors.push({ column: columnLabel(by), message: `与文件第 ${usccRow ?? nameRow} 行重复（${by === 'uscc' ? '统一社会信用代码' : '客户名称'}相同），只导入第一行` });
        v.kind = 'duplicate_in_file';
      } else {
        seenNames.set(keys.normalizedName, v.row);
        if (customer.uscc) seenUscc.set(customer.uscc, v.row);
        continue;
      }
      v.value = undefined;
    }
    for (const v of verdicts) {
      if (v.value) {
        result.valid += 1;
        await validOut.write(v.value);
        continue;
      }
      if (v.kind === 'invalid') result.invalid += 1;
      else result.duplicate += 1;
      await rejectedOut.write({ r: v.row, v: rawCells(v.cells), e: v.errors.map((e) => (e.column ? `${e.column}：${e.message}` : e.message)).join('；'), d: v.kind !== 'invalid' });
      if (previewRows < PREVIEW_ROWS) {
        previewRows += 1;
        for (const e of v.errors) result.preview.push({ row: v.row, column: e.column, message: e.message, kind: v.kind, name: v.name.slice(0, 100) });
      }
    }
    const progress = Math.min(99, Math.floor((input.bytesRead / Math.max(1, size)) * 100));
    await files.onProgress({ totalRows: result.total, validRows: result.valid, invalidRows: result.invalid, duplicateRows: result.duplicate }, progress);
    pacer.check();
  }

  try {
    let handled = false;
    for await (const sheet of reader) {
      const skip = handled || sheet.name === INSTRUCTIONS_SHEET;
      let fields: Map<number, ImportField> | null = null;
      for await (const row of sheet.rows) {
        if (skip) continue;
        const values = row.values as unknown[];
        if (!fields) {
          const header = Array.from({ length: values.length }, (_, i) => cellText(values[i]));
          if (header.every((h) => !h)) continue;
          const mapped = mapHeaderRow(header);
          if (mapped.missing.length) {
            throw new AppError('VALIDATION_FAILED', `第 ${row.number} 行不是模板的表头：缺少「${mapped.missing.join('、')}」列。请下载导入模板，按模板的列填写`);
          }
          fields = mapped.fields;
          continue;
        }
        const cells: Partial<Record<ImportField, string>> = {};
        const problems: { column: string; message: string }[] = [];
        let empty = true;
        for (const [index, field] of fields) {
          const value = values[index];
          const reading = readCell(field, value, value === undefined || value === null ? undefined : row.numFmt(index));
          const text = reading.text.slice(0, 1000);
          if (text) {
            cells[field] = text;
            empty = false;
          }
          if (reading.problem) problems.push({ column: columnLabel(field), message: reading.problem });
        }
        if (empty) continue;
        result.total += 1;
        if (result.total > MAX_IMPORT_ROWS) {
          throw new AppError('VALIDATION_FAILED', `文件超过单次导入上限 ${MAX_IMPORT_ROWS.toLocaleString('en-US')} 行，请拆分为多个文件分别导入`);
        }
        pending.push({ row: row.number, cells, problems });
        if (pending.length >= BATCH) await flush();
      }
      if (!skip) {
        if (!fields) {
          throw new AppError(
            'VALIDATION_FAILED',
            files.format.kind === 'csv' ? 'CSV 文件是空的：第一行应为模板的表头（客户名称等列名）' : '第一个工作表是空的：请在模板的「客户」工作表中填写，第一行为表头',
          );
        }
        handled = true;
      }
    }
    if (pending.length) await flush();
    if (!handled) throw new AppError('VALIDATION_FAILED', '文件中没有可导入的工作表，请使用导入模板');
    return result;
  } finally {
    input.destroy();
    await Promise.all([validOut.close(), rejectedOut.close()]);
  }
}

/** 被拒行 .xlsx from the rejected spill: original row number, the template's cells, 错误原因 (streamed). */
export async function writeRejectedWorkbook(rejectedPath: string, target: string): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: target, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet('被拒行');
  sheet.columns = [
    { header: '原行号', key: 'row', width: 8 },
    ...importColumns.map((c) => ({ header: c.header, key: c.key, width: c.width })),
    { header: '错误原因', key: 'reason', width: 60 },
  ];
  sheet.getRow(1).commit();
  if (await fs.stat(rejectedPath).catch(() => null)) {
    for await (const line of readLines<RejectedLine>(rejectedPath)) sheet.addRow([line.r, ...line.v, line.e]).commit();
  }
  sheet.commit();
  await workbook.commit();
}
