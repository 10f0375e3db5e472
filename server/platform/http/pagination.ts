import { asc, desc, type AnyColumn, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { AppError } from '../errors';

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
    total: z.number().int(),
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
    throw new AppError('VALIDATION_FAILED', message, [{ field: 'sort', message }]);
  }
  return [direction === 'desc' ? desc(column) : asc(column), fallback];
}

export const offsetOf = (query: { page: number; pageSize: number }) => (query.page - 1) * query.pageSize;

/** Escapes LIKE wildcards in user input. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export const idParam = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) });
