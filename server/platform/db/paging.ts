import { count, sql } from 'drizzle-orm';
import type { PgSelect } from 'drizzle-orm/pg-core';
import type { DbOrTx } from './client';

/**
 * The most rows a list counts. Counting every match of a large table is a sequential scan on
 * every page view; a LIMITed sub-select stops after `COUNT_CAP + 1` rows and the list shows
 * 「10,000+ 条」 (`totalCapped`).
 */
export const COUNT_CAP = 10_000;

export interface PageRequest {
  page: number;
  pageSize: number;
}

/** One page of a list: the rows, the (capped) total and the page asked for. */
export interface Page<T> {
  items: T[];
  total: number;
  /** The real total is higher than `total` (which is then `COUNT_CAP`). */
  totalCapped: boolean;
  page: number;
  pageSize: number;
}

export interface PageSource<Row> {
  /** The page's rows: the list query with its ORDER BY; limit and offset come from here. */
  rows(limit: number, offset: number): Promise<Row[]>;
  /** The same FROM / JOIN / WHERE as a bare `$dynamic()` select, counted up to the cap. */
  matching: PgSelect;
  cap?: number;
}

/**
 * The one way lists page (R-PLT-62): rows and a capped count, in two statements (the count is
 * skipped when the first page already holds every match).
 */
export async function selectPage<Row>(db: DbOrTx, request: PageRequest, source: PageSource<Row>): Promise<Omit<Page<Row>, 'items'> & { rows: Row[] }> {
  const cap = source.cap ?? COUNT_CAP;
  const offset = (request.page - 1) * request.pageSize;
  const rows = await source.rows(request.pageSize, offset);
  const counted = offset === 0 && rows.length < request.pageSize ? { total: rows.length, totalCapped: false } : await countUpTo(db, source.matching, cap);
  return { rows, ...counted, page: request.page, pageSize: request.pageSize };
}

/** Counts the rows of `matching` up to `cap`; `totalCapped` says there are more. */
export async function countUpTo(db: DbOrTx, matching: PgSelect, cap = COUNT_CAP): Promise<{ total: number; totalCapped: boolean }> {
  const matched = matching.limit(cap + 1).as('matched');
  const [row] = await db.select({ n: count(sql`1`) }).from(matched);
  const total = Number(row?.n ?? 0);
  return { total: Math.min(total, cap), totalCapped: total > cap };
}

/** The page envelope with rows mapped to their response shape. */
export async function mapPage<Row, Item>(page: Omit<Page<Row>, 'items'> & { rows: Row[] }, map: (rows: Row[]) => Item[] | Promise<Item[]>): Promise<Page<Item>> {
  const { rows, ...rest } = page;
  return { items: await map(rows), ...rest };
}
