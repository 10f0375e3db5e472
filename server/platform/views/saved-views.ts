import { and, asc, count, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import { requirePermission, type RequestContext } from '../access/access';
import type { DbOrTx } from '../db/client';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import { idParam } from '../http/pagination';
import { problemResponses } from '../http/problem';
import { contextOf, type AppInstance } from '../http/types';
import { savedViews } from './saved-views.table';

// 保存的列表视图 (R-PLT-62) for any list: a module names its list, the permission that reads it
// and the schema of its filters, and gets the four routes (list, save, change, delete) under its
// own path. Views are personal — another user's view id answers 404 like a missing one.

export const MAX_SAVED_VIEWS = 50;

type Filters = z.ZodType<Record<string, unknown>>;

export interface SavedViewList {
  /** Stored in `saved_views.list_key`, e.g. `contracts`. */
  key: string;
  /** Reading the list needs it; so does keeping views of it. */
  permission: string;
  filters: Filters;
  /** The OpenAPI component name of a view, e.g. `ContractSavedView`. */
  schemaId: string;
}

const viewName = z.string().trim().min(1, '请填写视图名称').max(40, '视图名称不能超过 40 个字符');
const columnKey = z.string().regex(/^[A-Za-z]{1,40}$/, '列名只能是字母');
const viewSort = z
  .string()
  .regex(/^[A-Za-z]+:(asc|desc)$/, '排序格式应为 字段名:asc 或 字段名:desc')
  .max(64)
  .nullable();

export function savedViewSchemas(list: SavedViewList) {
  const create = z.object({ name: viewName, filters: list.filters.default({}), columns: z.array(columnKey).max(50).default([]), sort: viewSort.optional(), isDefault: z.boolean().default(false) });
  const update = z.object({ name: viewName.optional(), filters: list.filters.optional(), columns: z.array(columnKey).max(50).optional(), sort: viewSort.optional(), isDefault: z.boolean().optional() });
  const view = z.object({ id: z.number().int(), name: z.string(), filters: list.filters, columns: z.array(z.string()), sort: z.string().nullable(), isDefault: z.boolean(), createdAt: z.string() }).meta({ id: list.schemaId });
  return { create, update, view };
}

type ViewRow = typeof savedViews.$inferSelect;
type CreateBody = { name: string; filters: Record<string, unknown>; columns: string[]; sort?: string | null; isDefault: boolean };
type UpdateBody = Partial<CreateBody>;

export function savedViewsService(list: SavedViewList) {
  const toView = (row: ViewRow) => {
    // Stored filters are re-read through the schema, so a view saved by an older version with a
    // filter that no longer exists still loads.
    const filters = list.filters.safeParse(row.filters);
    return { id: row.id, name: row.name, filters: filters.success ? filters.data : {}, columns: row.columns ?? [], sort: row.sort, isDefault: row.isDefault, createdAt: row.createdAt.toISOString() };
  };
  const mine = (userId: number) => and(eq(savedViews.userId, userId), eq(savedViews.listKey, list.key));
  async function own(db: DbOrTx, userId: number, id: number): Promise<ViewRow> {
    const [row] = await db.select().from(savedViews).where(and(eq(savedViews.id, id), mine(userId)));
    if (!row) throw new AppError('NOT_FOUND', '视图不存在或已删除');
    return row;
  }
  async function assertUniqueName(db: DbOrTx, userId: number, name: string, exceptId?: number) {
    const [clash] = await db.select({ id: savedViews.id }).from(savedViews).where(and(mine(userId), eq(savedViews.name, name), exceptId === undefined ? undefined : ne(savedViews.id, exceptId)));
    if (clash) {
      const message = `已有名为「${name}」的视图，请换一个名称`;
      throw new AppError('DUPLICATE', message, { reason: 'saved_view.duplicate_name', fields: [{ field: 'name', message }] });
    }
  }
  const clearDefault = (db: DbOrTx, userId: number) => db.update(savedViews).set({ isDefault: false }).where(and(mine(userId), eq(savedViews.isDefault, true)));

  return {
    async list(deps: Deps, ctx: RequestContext) {
      const actor = requirePermission(ctx.actor, list.permission);
      const rows = await deps.db.select().from(savedViews).where(mine(actor.userId)).orderBy(asc(savedViews.name), asc(savedViews.id));
      return { items: rows.map(toView) };
    },
    async create(deps: Deps, ctx: RequestContext, body: CreateBody) {
      const actor = requirePermission(ctx.actor, list.permission);
      return deps.db.transaction(async (tx) => {
        const [counted] = await tx.select({ n: count() }).from(savedViews).where(mine(actor.userId));
        if (Number(counted?.n ?? 0) >= MAX_SAVED_VIEWS) throw new AppError('CONFLICT', `最多保存 ${MAX_SAVED_VIEWS} 个视图，请先删除不用的视图`, { reason: 'saved_view.limit_reached' });
        await assertUniqueName(tx, actor.userId, body.name);
        if (body.isDefault) await clearDefault(tx, actor.userId);
        const [row] = await tx
          .insert(savedViews)
          .values({ userId: actor.userId, listKey: list.key, name: body.name, filters: body.filters, columns: body.columns, sort: body.sort ?? null, isDefault: body.isDefault, createdAt: deps.clock.now() })
          .returning();
        return toView(row!);
      });
    },
    async update(deps: Deps, ctx: RequestContext, id: number, body: UpdateBody) {
      const actor = requirePermission(ctx.actor, list.permission);
      return deps.db.transaction(async (tx) => {
        await own(tx, actor.userId, id);
        if (body.name !== undefined) await assertUniqueName(tx, actor.userId, body.name, id);
        if (body.isDefault) await clearDefault(tx, actor.userId);
        const patch: Partial<typeof savedViews.$inferInsert> = {};
        if (body.name !== undefined) patch.name = body.name;
        if (body.filters !== undefined) patch.filters = body.filters;
        if (body.columns !== undefined) patch.columns = body.columns;
        if (body.sort !== undefined) patch.sort = body.sort;
        if (body.isDefault !== undefined) patch.isDefault = body.isDefault;
        if (Object.keys(patch).length === 0) return toView(await own(tx, actor.userId, id));
        const [row] = await tx.update(savedViews).set(patch).where(eq(savedViews.id, id)).returning();
        return toView(row!);
      });
    },
    async remove(deps: Deps, ctx: RequestContext, id: number) {
      const actor = requirePermission(ctx.actor, list.permission);
      await own(deps.db, actor.userId, id);
      await deps.db.delete(savedViews).where(and(eq(savedViews.id, id), mine(actor.userId)));
    },
  };
}

/** The four routes of a list's views under `path` (e.g. `/api/v1/contract-views`). */
export function savedViewRoutes(app: AppInstance, deps: Deps, path: string, list: SavedViewList, tag: string) {
  const schemas = savedViewSchemas(list);
  const service = savedViewsService(list);
  const config = { permission: list.permission };
  const tags = [tag];
  app.get(path, { config, schema: { tags, summary: '我保存的列表视图', response: { 200: z.object({ items: z.array(schemas.view) }), ...problemResponses } } }, async (request) => service.list(deps, contextOf(request)));
  app.post(path, { config, schema: { tags, summary: '保存当前筛选、列与排序为视图', body: schemas.create, response: { 201: schemas.view, ...problemResponses } } }, async (request, reply) =>
    reply.status(201).send(await service.create(deps, contextOf(request), request.body as CreateBody)),
  );
  app.patch(`${path}/:id`, { config, schema: { tags, summary: '修改视图（名称、筛选、列、排序、设为默认）', params: idParam, body: schemas.update, response: { 200: schemas.view, ...problemResponses } } }, async (request) =>
    service.update(deps, contextOf(request), request.params.id, request.body as UpdateBody),
  );
  app.delete(`${path}/:id`, { config, schema: { tags, summary: '删除视图', params: idParam, response: { 204: z.null(), ...problemResponses } } }, async (request, reply) => {
    await service.remove(deps, contextOf(request), request.params.id);
    return reply.status(204).send(null);
  });
}
