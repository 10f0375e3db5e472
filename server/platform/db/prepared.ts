import { createHash } from 'node:crypto';
import type { Db } from './client';

// Prepared queries for the hottest lists (08-quality throughput): building a select's SQL with
// Drizzle took about 0.2 ms of CPU per request, a fifth of a list request. A list keeps one
// prepared query per shape (which filters are present, the sort) per database; values travel as
// placeholders. On PostgreSQL the statement is also named, so each connection parses and plans
// it once.

const MAX_SHAPES = 64;
const byDatabase = new WeakMap<Db, Map<string, unknown>>();

/**
 * The prepared query of `shape` for `db`, built by `build(name)` the first time. Past
 * MAX_SHAPES shapes per database (a caller passing unbounded keys) it is built every time.
 */
export function preparedFor<Q>(db: Db, shape: string, build: (name: string) => Q): Q {
  let shapes = byDatabase.get(db);
  if (!shapes) {
    shapes = new Map();
    byDatabase.set(db, shapes);
  }
  const found = shapes.get(shape) as Q | undefined;
  if (found) return found;
  const query = build(`q_${createHash('sha1').update(shape).digest('hex').slice(0, 20)}`);
  if (shapes.size < MAX_SHAPES) shapes.set(shape, query);
  return query;
}

/** A list's `sort` parameter as part of a shape: `field:asc` / `field:desc`, '' when absent. */
export function sortShape(sort: string | undefined): string {
  if (!sort) return '';
  const [field, direction] = sort.split(':');
  return `${field}:${direction === 'desc' ? 'desc' : 'asc'}`;
}
