import { asc, desc, type AnyColumn, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { fieldError } from '../errors';

export const MAX_PAGE_SIZE = 100;

/** Shared query parameters of every list endpoint (R-PLT-62, R-SEC-06: page size capped). */
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1).describe('页码，从 1 开始'),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20).describe(`每页条数，最多 ${MAX_PAGE_SIZE}`),
  sort: z
    .string()
    .max(64)
    .regex(/^[A-Za-z]+(:(asc|desc))?$/, '排序格式应为 字段名:asc 或 字段名:desc')
    .optional()
    .describe('排序，如 createdAt:desc'),
});
export type PageQuery = z.infer<typeof pageQuery>;

export function pageOf<T extends z.ZodTypeAny>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int().describe('匹配的条数，最多统计到 10,000（超过时 totalCapped 为 true）'),
    totalCapped: z.boolean().describe('实际条数超过 total（显示为「10,000+」）'),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

/** Turns `field:dir` into an ORDER BY; unknown fields are a 400 with a field error. */
export function orderByFrom(
  sort: string | undefined,
  allowed: Record<string, AnyColumn | SQL>,
  fallback: SQL,
): SQL[] {
  if (!sort) return [fallback];
  const [field, direction = 'asc'] = sort.split(':') as [string, string?];
  const column = allowed[field];
  if (!column) {
    const message = `不支持按 ${field} 排序，可选：${Object.keys(allowed).join('、')}`;
    throw fieldError('sort', message);
  }
  return [direction === 'desc' ? desc(column) : asc(column), fallback];
}


/** Escapes LIKE wildcards in user input. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const recordNumber = (max: number) => z.coerce.number('编号应为正整数').int('编号应为正整数').min(1, '编号应为正整数').max(max, '编号超出范围');

/** `{ id }` of a table whose ids are `integer` (users, units, roles, flows…). */
export const idParam = z.object({ id: recordNumber(2_147_483_647) });

/**
 * Path ids of `bigint`-keyed records: `idParams()` → `{ id }`, `idParams('id', 'contactId')` →
 * both; anything that is not a positive integer is a 400 naming the parameter.
 */
export function idParams<K extends string = 'id'>(...names: K[]) {
  const keys = (names.length ? names : ['id']) as K[];
  return z.object(Object.fromEntries(keys.map((key) => [key, recordNumber(Number.MAX_SAFE_INTEGER)])) as Record<K, ReturnType<typeof recordNumber>>);
}
