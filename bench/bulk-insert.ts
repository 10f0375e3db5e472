// Fast multi-row loading for the data generator: COPY FROM a blob on PGlite, multi-row
// INSERT … SELECT FROM unnest(arrays) on PostgreSQL (node-postgres has no COPY without an
// extra package). Never one statement per row.
import type { Database } from '../server/platform/db/client';

export interface Column {
  name: string;
  /** PostgreSQL type of the column, used for the unnest casts. */
  type: 'int' | 'bigint' | 'text' | 'date' | 'timestamptz' | 'jsonb' | 'boolean' | 'numeric' | 'text[]';
}

export type Value = string | number | boolean | Date | null | undefined | object;

/** A PostgreSQL array literal of texts, every element quoted: {"华通","通物"}. */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

function copyValue(value: Value, type: Column['type']): string {
  if (value === null || value === undefined) return '\\N';
  if (type === 'text[]' && Array.isArray(value)) value = textArrayLiteral(value as string[]);
  let text: string;
  if (value instanceof Date) text = value.toISOString();
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  return text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

function arrayValue(value: Value, type: Column['type']): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (type === 'text[]' && Array.isArray(value)) return textArrayLiteral(value as string[]);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}

const COPY_CHUNK = 25_000;
const INSERT_CHUNK = 5_000;

export async function bulkInsert(database: Database, tableName: string, columns: Column[], rows: Value[][]): Promise<void> {
  const columnList = columns.map((c) => `"${c.name}"`).join(', ');
  if (database.mode === 'pglite') {
    const client = database.pglite!;
    for (let start = 0; start < rows.length; start += COPY_CHUNK) {
      const chunk = rows.slice(start, start + COPY_CHUNK);
      const text = chunk.map((row) => row.map((value, column) => copyValue(value, columns[column]!.type)).join('\t')).join('\n') + '\n';
      await client.query(`COPY "${tableName}" (${columnList}) FROM '/dev/blob'`, [], { blob: new Blob([text]) });
    }
    return;
  }
  const pool = database.pool!;
  // A text[] column travels as its array literal (unnest cannot take ragged 2-D arrays).
  const casts = columns.map((c, index) => `$${index + 1}::${c.type === 'text[]' ? 'text' : c.type}[]`).join(', ');
  const aliases = columns.map((_, index) => `c${index}`);
  const selected = columns.map((c, index) => (c.type === 'text[]' ? `c${index}::text[]` : `c${index}`)).join(', ');
  const statement = `INSERT INTO "${tableName}" (${columnList}) SELECT ${selected} FROM unnest(${casts}) AS t(${aliases.join(', ')})`;
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const chunk = rows.slice(start, start + INSERT_CHUNK);
    const arrays = columns.map((_, column) => chunk.map((row) => arrayValue(row[column]!, columns[column]!.type)));
    await pool.query(statement, arrays);
  }
}
