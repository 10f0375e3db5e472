import { and, asc, count, eq, ne } from 'drizzle-orm';
import { requirePermission, type RequestContext } from '../../../platform/access/access';
import type { DbOrTx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError } from '../../../platform/errors';
import { customerSavedViews } from '../customers.table';
import { customerFiltersSchema, MAX_SAVED_VIEWS, type SavedView, type SavedViewBody, type UpdateSavedViewBody } from './search.schema';

// 保存的列表视图 (R-PLT-62): a user's own named filter/column/sort sets for the customer list.
// Views are personal: nobody sees, changes or deletes another user's views.

type ViewRow = typeof customerSavedViews.$inferSelect;

function toSavedView(row: ViewRow): SavedView {
  // Stored filters are re-read through the schema, so a view saved by an older version with a
  // filter that no longer exists still loads.
  const filters = customerFiltersSchema.safeParse(row.filters);
  return {
    id: row.id,
    name: row.name,
    filters: filters.success ? filters.data : {},
    columns: row.columns ?? [],
    sort: row.sort,
    isDefault: row.isDefault,
    createdAt: row.createdAt.toISOString(),
  };
}

async function ownView(db: DbOrTx, userId: number, id: number): Promise<ViewRow> {
  const [row] = await db
    .select()
    .from(customerSavedViews)
    .where(and(eq(customerSavedViews.id, id), eq(customerSavedViews.userId, userId)));
  if (!row) throw new AppError('NOT_FOUND', '视图不存在或已删除');
  return row;
}

async function assertUniqueName(db: DbOrTx, userId: number, name: string, exceptId?: number) {
  const conditions = [eq(customerSavedViews.userId, userId), eq(customerSavedViews.name, name)];
  if (exceptId !== undefined) conditions.push(ne(customerSavedViews.id, exceptId));
  const [clash] = await db
    .select({ id: customerSavedViews.id })
    .from(customerSavedViews)
    .where(and(...conditions));
  if (clash) {
    const message = `已有名为「${name}」的视图，请换一个名称`;
    throw new AppError('DUPLICATE', message, { reason: 'saved_view.duplicate_name', fields: [{ field: 'name', message }] });
  }
}

async function clearDefault(db: DbOrTx, userId: number) {
  await db
    .update(customerSavedViews)
    .set({ isDefault: false })
    .where(and(eq(customerSavedViews.userId, userId), eq(customerSavedViews.isDefault, true)));
}

export async function listSavedViews(deps: Deps, ctx: RequestContext): Promise<{ items: SavedView[] }> {
  const actor = requirePermission(ctx.actor, 'customer:read');
  const rows = await deps.db
    .select()
    .from(customerSavedViews)
    .where(eq(customerSavedViews.userId, actor.userId))
    .orderBy(asc(customerSavedViews.name), asc(customerSavedViews.id));
  return { items: rows.map(toSavedView) };
}

export async function createSavedView(deps: Deps, ctx: RequestContext, body: SavedViewBody): Promise<SavedView> {
  const actor = requirePermission(ctx.actor, 'customer:read');
  return deps.db.transaction(async (tx) => {
    const [mine] = await tx.select({ n: count() }).from(customerSavedViews).where(eq(customerSavedViews.userId, actor.userId));
    if (Number(mine?.n ?? 0) >= MAX_SAVED_VIEWS) {
      throw new AppError('CONFLICT', `最多保存 ${MAX_SAVED_VIEWS} 个视图，请先删除不用的视图`, { reason: 'saved_view.limit_reached' });
    }
    await assertUniqueName(tx, actor.userId, body.name);
    if (body.isDefault) await clearDefault(tx, actor.userId);
    const [row] = await tx
      .insert(customerSavedViews)
      .values({
        userId: actor.userId,
        name: body.name,
        filters: body.filters,
        columns: body.columns,
        sort: body.sort ?? null,
        isDefault: body.isDefault,
        createdAt: deps.clock.now(),
      })
      .returning();
    return toSavedView(row!);
  });
}

export async function updateSavedView(deps: Deps, ctx: RequestContext, id: number, body: UpdateSavedViewBody): Promise<SavedView> {
  const actor = requirePermission(ctx.actor, 'customer:read');
  return deps.db.transaction(async (tx) => {
    await ownView(tx, actor.userId, id);
    if (body.name !== undefined) await assertUniqueName(tx, actor.userId, body.name, id);
    if (body.isDefault) await clearDefault(tx, actor.userId);
    const patch: Partial<typeof customerSavedViews.$inferInsert> = {};
    if (body.name !== undefined) patch.name = body.name;
    if (body.filters !== undefined) patch.filters = body.filters;
    if (body.columns !== undefined) patch.columns = body.columns;
    if (body.sort !== undefined) patch.sort = body.sort;
    if (body.isDefault !== undefined) patch.isDefault = body.isDefault;
    if (Object.keys(patch).length === 0) return toSavedView(await ownView(tx, actor.userId, id));
    const [row] = await tx.update(customerSavedViews).set(patch).where(eq(customerSavedViews.id, id)).returning();
    return toSavedView(row!);
  });
}

export async function deleteSavedView(deps: Deps, ctx: RequestContext, id: number): Promise<void> {
  const actor = requirePermission(ctx.actor, 'customer:read');
  await ownView(deps.db, actor.userId, id);
  await deps.db.delete(customerSavedViews).where(and(eq(customerSavedViews.id, id), eq(customerSavedViews.userId, actor.userId)));
}
