import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { parse } from 'csv-parse';
import { AppError } from '../../../platform/errors';

// R-CUS-30: .csv besides .xlsx. Excel on Chinese Windows saves 「CSV（逗号分隔）」 in GBK and
// 「CSV UTF-8」 with a byte-order mark; other programs write UTF-8 without one. The encoding is
// decided from the file's start and then enforced for the whole file, so a file that is neither
// is refused rather than imported with replacement characters.

export type CsvEncoding = 'utf-8' | 'gb18030';

const SAMPLE_BYTES = 1024 * 1024;

/** UTF-8 (with or without BOM) or GBK/GB18030, or null when the start is not text in either. */
export async function detectCsvEncoding(file: string): Promise<CsvEncoding | null> {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, SAMPLE_BYTES);
    const sample = Buffer.alloc(length);
    await handle.read(sample, 0, length, 0);
    if (sample.includes(0)) return null;
    if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
    // A cut at the end of the sample may split a character: decode in streaming mode.
    const partial = length < size;
    for (const encoding of ['utf-8', 'gb18030'] as const) {
      try {
        new TextDecoder(encoding, { fatal: true }).decode(sample, { stream: partial });
        return encoding;
      } catch {
        // try the next encoding
      }
    }
    return null;
  } finally {
    await handle.close();
  }
}

/** Bytes → text in one encoding; an invalid byte sequence stops the import with its position. */
class StrictDecoder extends Transform {
  private readonly decoder: TextDecoder;
  private offset = 0;

  constructor(private readonly encoding: CsvEncoding) {
    super({ readableObjectMode: false, decodeStrings: true });
    this.decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: false });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    try {
      const text = this.decoder.decode(chunk, { stream: true });
      this.offset += chunk.length;
      callback(null, text);
    } catch {
      callback(this.invalid());
    }
  }

  override _flush(callback: TransformCallback) {
    try {
      callback(null, this.decoder.decode());
    } catch {
      callback(this.invalid());
    }
  }

  private invalid() {
    const name = this.encoding === 'utf-8' ? 'UTF-8' : 'GBK';
    return new AppError('VALIDATION_FAILED', `CSV 文件约第 ${this.offset.toLocaleString('en-US')} 字节之后不是有效的 ${name} 文本（文件混用了编码或已损坏），请在 Excel 中另存为「CSV UTF-8」后重新上传`);
  }
}

export interface CsvRow {
  /** 1-based record number, the header being 1 — the row number a spreadsheet shows. */
  number: number;
  /** Cells by 1-based column, like exceljs row values (index 0 unused). */
  values: (string | undefined)[];
}

/**
 * The records of a CSV (or tab-separated) file. The separator is a tab when the header line
 * has one and no comma, otherwise a comma; quoted cells may hold separators and line breaks.
 */
export async function* readCsvRows(input: NodeJS.ReadableStream, encoding: CsvEncoding, firstLine: string): AsyncGenerator<CsvRow> {
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  const parser = parse({ delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, max_record_size: 1_000_000 });
  const decoder = new StrictDecoder(encoding);
  decoder.on('error', (error) => parser.destroy(error));
  input.on('error', (error) => decoder.destroy(error));
  input.pipe(decoder).pipe(parser);
  let number = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      number += 1;
      yield { number, values: [undefined, ...record] };
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    const where = number ? `第 ${number + 1} 行附近` : '开头';
    throw new AppError('VALIDATION_FAILED', `CSV 文件${where}格式有误（如引号未成对），请检查后重新上传，或改用 .xlsx 模板`);
  }
}

/** The first line of the file as text, for choosing the separator. */
export async function firstCsvLine(file: string, encoding: CsvEncoding): Promise<string> {
  const stream = createReadStream(file, { start: 0, end: 64 * 1024 - 1 });
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const text = new TextDecoder(encoding).decode(Buffer.concat(chunks), { stream: true });
  return text.split(/\r?\n/, 1)[0] ?? '';
}
