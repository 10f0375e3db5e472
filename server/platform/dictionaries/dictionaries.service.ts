import { localized } from '../http/request-language';
import { and, asc, eq, inArray, max, sql } from 'drizzle-orm';
import { requireActor, requirePermission, type RequestContext } from '../access/access';
import { diffChanges, recordAudit } from '../audit/audit.service';
import type { Db, DbOrTx } from '../db/client';
import type { Deps } from '../deps';
import { AppError, fieldError } from '../errors';
import { builtInItemKeys, defaultDictionaries } from './defaults';
import type {
  CreateDictionaryItemBody,
  Dictionary,
  DictionaryItem,
  DictionaryItemsResult,
  DictionaryTreeNode,
  ListItemsQuery,
  ReorderItemsBody,
  UpdateDictionaryItemBody,
} from './dictionaries.schema';
import { dictionaries, dictionaryItems } from './dictionaries.table';

const MANAGE = 'system:manage';
type DictionaryRow = typeof dictionaries.$inferSelect;
type ItemRow = typeof dictionaryItems.$inferSelect;

/**
 * Adds the shipped dictionaries and items that are missing (R-PLT-50). Idempotent; never
 * changes a dictionary or item that already exists, so admin edits and disables survive.
 */
export async function ensureDefaultDictionaries(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .insert(dictionaries)
      .values(
        defaultDictionaries.map((d) => ({
          code: d.code,
          name: d.name,
          nameEn: d.nameEn,
          description: d.description,
          builtIn: true,
          hierarchical: d.hierarchical ?? false,
        })),
      )
      .onConflictDoNothing({ target: dictionaries.code });
    await tx
      .insert(dictionaryItems)
      .values(
        defaultDictionaries.flatMap((d) =>
          d.items.map((item, index) => ({
            dictionaryCode: d.code,
            code: item.code,
            label: item.label,
            labelEn: item.labelEn,
            parentCode: item.parentCode ?? null,
            sortOrder: (index + 1) * 10,
          })),
        ),
      )
      .onConflictDoNothing({ target: [dictionaryItems.dictionaryCode, dictionaryItems.code] });
  });
}

const isBuiltInItem = (item: Pick<ItemRow, 'dictionaryCode' | 'code'>) => builtInItemKeys.has(`${item.dictionaryCode}/${item.code}`);

function toItem(row: ItemRow): DictionaryItem {
  return {
    id: row.id,
    dictionaryCode: row.dictionaryCode,
    code: row.code,
    label: row.label,
    labelEn: row.labelEn,
    parentCode: row.parentCode,
    sortOrder: row.sortOrder,
    enabled: row.enabled,
    builtIn: isBuiltInItem(row),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function toDictionary(row: DictionaryRow, itemCount: number, enabledCount: number): Dictionary {
  return {
    code: row.code,
    name: row.name,
    nameEn: row.nameEn,
    description: row.description,
    builtIn: row.builtIn,
    hierarchical: row.hierarchical,
    itemCount,
    enabledCount,
  };
}

const canManage = (ctx: RequestContext) => ctx.actor?.permissions.has(MANAGE) ?? false;

export async function listDictionaries(deps: Deps, ctx: RequestContext): Promise<Dictionary[]> {
  requireActor(ctx);
  const rows = await deps.db
    .select({
      dictionary: dictionaries,
      itemCount: sql<number>`(SELECT count(*)::int FROM dictionary_items i WHERE i.dictionary_code = "dictionaries"."code")`,
      enabledCount: sql<number>`(SELECT count(*)::int FROM dictionary_items i WHERE i.dictionary_code = "dictionaries"."code" AND i.enabled)`,
    })
    .from(dictionaries)
    .orderBy(asc(dictionaries.name));
  const manager = canManage(ctx);
  // Readers see what they may pick from; admins see every item.
  return rows.map((r) => toDictionary(r.dictionary, Number(manager ? r.itemCount : r.enabledCount), Number(r.enabledCount)));
}

async function getDictionaryRow(db: DbOrTx, code: string): Promise<DictionaryRow> {
  const [row] = await db.select().from(dictionaries).where(eq(dictionaries.code, code));
  if (!row) throw new AppError('NOT_FOUND', `数据字典「${code}」不存在`);
  return row;
}

/** Items in display order: top level by sortOrder, each parent followed by its children. */
function orderItems(rows: ItemRow[]): ItemRow[] {
  const byOrder = (a: ItemRow, b: ItemRow) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code);
  const codes = new Set(rows.map((r) => r.code));
  const roots = rows.filter((r) => !r.parentCode || !codes.has(r.parentCode)).sort(byOrder);
  const ordered: ItemRow[] = [];
  for (const root of roots) {
    ordered.push(root);
    ordered.push(...rows.filter((r) => r.parentCode === root.code && r !== root).sort(byOrder));
  }
  return ordered;
}

async function loadItems(db: DbOrTx, dictionary: DictionaryRow, includeDisabled: boolean): Promise<DictionaryItemsResult> {
  const all = await db.select().from(dictionaryItems).where(eq(dictionaryItems.dictionaryCode, dictionary.code));
  const enabledCount = all.filter((r) => r.enabled).length;
  let visible = all;
  if (!includeDisabled) {
    // A disabled parent hides its children too.
    const disabledParents = new Set(all.filter((r) => !r.enabled).map((r) => r.code));
    visible = all.filter((r) => r.enabled && !(r.parentCode && disabledParents.has(r.parentCode)));
  }
  const ordered = orderItems(visible);
  const items = ordered.map(toItem);
  let tree: DictionaryTreeNode[] | null = null;
  if (dictionary.hierarchical) {
    const codes = new Set(items.map((i) => i.code));
    tree = items
      .filter((i) => !i.parentCode || !codes.has(i.parentCode))
      .map((root) => ({ ...root, children: items.filter((i) => i.parentCode === root.code) }));
  }
  return {
    dictionary: toDictionary(dictionary, includeDisabled ? all.length : visible.length, enabledCount),
    items,
    tree,
  };
}

export async function listDictionaryItems(deps: Deps, ctx: RequestContext, code: string, query: ListItemsQuery): Promise<DictionaryItemsResult> {
  requireActor(ctx);
  const dictionary = await getDictionaryRow(deps.db, code);
  return loadItems(deps.db, dictionary, query.includeDisabled === 'true' && canManage(ctx));
}

/** For modules: the enabled item with this code, or a field error (e.g. a customer's industry). */
export async function assertDictionaryItem(db: DbOrTx, dictionaryCode: string, code: string, field: string): Promise<DictionaryItem> {
  const [row] = await db
    .select()
    .from(dictionaryItems)
    .where(and(eq(dictionaryItems.dictionaryCode, dictionaryCode), eq(dictionaryItems.code, code)));
  if (!row || !row.enabled) {
    const message = row ? `「${row.label}」已停用，请选择其他项目` : `所选项目「${code}」不存在`;
    throw new AppError('VALIDATION_FAILED', message, [{ field, message }]);
  }
  return toItem(row);
}

/** For modules: code → label of every item (enabled or not, so old records still show a name). */
export async function dictionaryLabels(db: DbOrTx, dictionaryCode: string): Promise<Map<string, string>> {
  const rows = await db
    .select({ code: dictionaryItems.code, label: dictionaryItems.label, labelEn: dictionaryItems.labelEn })
    .from(dictionaryItems)
    .where(eq(dictionaryItems.dictionaryCode, dictionaryCode));
  return new Map(rows.map((r) => [r.code, localized(r.label, r.labelEn)]));
}

async function getItemRow(db: DbOrTx, dictionaryCode: string, id: number): Promise<ItemRow> {
  const [row] = await db
    .select()
    .from(dictionaryItems)
    .where(and(eq(dictionaryItems.id, id), eq(dictionaryItems.dictionaryCode, dictionaryCode)));
  if (!row) throw new AppError('NOT_FOUND', '字典项目不存在');
  return row;
}

async function assertParent(tx: DbOrTx, dictionary: DictionaryRow, parentCode: string | null | undefined, self?: ItemRow) {
  if (parentCode === null || parentCode === undefined) return;
  const fail = (message: string) => {
    throw fieldError('parentCode', message);
  };
  if (!dictionary.hierarchical) fail(`「${dictionary.name}」不分级，不能设置上级`);
  if (self && parentCode === self.code) fail('上级不能是项目自己');
  const [parent] = await tx
    .select()
    .from(dictionaryItems)
    .where(and(eq(dictionaryItems.dictionaryCode, dictionary.code), eq(dictionaryItems.code, parentCode)));
  if (!parent) fail(`上级项目「${parentCode}」不存在`);
  if (parent!.parentCode) fail('字典最多两级，上级必须是顶级项目');
  if (self) {
    const [child] = await tx
      .select({ id: dictionaryItems.id })
      .from(dictionaryItems)
      .where(and(eq(dictionaryItems.dictionaryCode, dictionary.code), eq(dictionaryItems.parentCode, self.code)))
      .limit(1);
    if (child) fail('该项目有下级项目，不能再放到其他项目之下');
  }
}

const auditedFields: (keyof ItemRow)[] = ['code', 'label', 'labelEn', 'parentCode', 'sortOrder', 'enabled'];

export async function createDictionaryItem(deps: Deps, ctx: RequestContext, code: string, body: CreateDictionaryItemBody): Promise<DictionaryItem> {
  requirePermission(ctx.actor, MANAGE);
  return deps.db.transaction(async (tx) => {
    const dictionary = await getDictionaryRow(tx, code);
    const [clash] = await tx
      .select({ label: dictionaryItems.label })
      .from(dictionaryItems)
      .where(and(eq(dictionaryItems.dictionaryCode, code), eq(dictionaryItems.code, body.code)));
    if (clash) {
      const message = `编码 ${body.code} 已被「${clash.label}」使用`;
      throw new AppError('DUPLICATE', message, { reason: 'dictionary.duplicate_code', fields: [{ field: 'code', message }] });
    }
    await assertParent(tx, dictionary, body.parentCode);
    let sortOrder = body.sortOrder;
    if (sortOrder === undefined) {
      const parentCondition = body.parentCode ? eq(dictionaryItems.parentCode, body.parentCode) : sql`${dictionaryItems.parentCode} IS NULL`;
      const [last] = await tx
        .select({ value: max(dictionaryItems.sortOrder) })
        .from(dictionaryItems)
        .where(and(eq(dictionaryItems.dictionaryCode, code), parentCondition));
      sortOrder = Math.min(1_000_000, Number(last?.value ?? 0) + 10);
    }
    const [created] = await tx
      .insert(dictionaryItems)
      .values({
        dictionaryCode: code,
        code: body.code,
        label: body.label,
        labelEn: body.labelEn ?? '',
        parentCode: body.parentCode ?? null,
        sortOrder,
        enabled: body.enabled ?? true,
        updatedAt: deps.clock.now(),
      })
      .returning();
    await recordAudit(tx, deps.clock, ctx, {
      action: 'create',
      entityType: 'dictionary_item',
      entityId: created!.id,
      summary: `数据字典「${dictionary.name}」新增「${body.label}」`,
      changes: diffChanges(null, created!, auditedFields),
    });
    return toItem(created!);
  });
}

export async function updateDictionaryItem(
  deps: Deps,
  ctx: RequestContext,
  code: string,
  id: number,
  body: UpdateDictionaryItemBody,
): Promise<DictionaryItem> {
  requirePermission(ctx.actor, MANAGE);
  return deps.db.transaction(async (tx) => {
    const dictionary = await getDictionaryRow(tx, code);
    const item = await getItemRow(tx, code, id);
    if (body.parentCode !== undefined && body.parentCode !== item.parentCode) await assertParent(tx, dictionary, body.parentCode, item);
    const [updated] = await tx
      .update(dictionaryItems)
      .set({
        ...(body.label !== undefined ? { label: body.label } : {}),
        ...(body.labelEn !== undefined ? { labelEn: body.labelEn } : {}),
        ...(body.parentCode !== undefined ? { parentCode: body.parentCode } : {}),
        ...(body.sortOrder !== undefined ? { sortOrder: body.sortOrder } : {}),
        ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
        updatedAt: deps.clock.now(),
      })
      .where(eq(dictionaryItems.id, id))
      .returning();
    const changes = diffChanges(item, updated!, auditedFields);
    const verb =
      Object.keys(changes).length === 1 && changes.enabled ? (updated!.enabled ? '启用' : '停用') : '修改';
    await recordAudit(tx, deps.clock, ctx, {
      action: 'update',
      entityType: 'dictionary_item',
      entityId: id,
      summary: `数据字典「${dictionary.name}」${verb}「${updated!.label}」`,
      changes,
    });
    return toItem(updated!);
  });
}

/** Sets the order of sibling items to the order of `ids` (audited). */
export async function reorderDictionaryItems(deps: Deps, ctx: RequestContext, code: string, body: ReorderItemsBody): Promise<DictionaryItemsResult> {
  requirePermission(ctx.actor, MANAGE);
  return deps.db.transaction(async (tx) => {
    const dictionary = await getDictionaryRow(tx, code);
    const ids = [...new Set(body.ids)];
    if (ids.length !== body.ids.length) throw fieldError('ids', '排序列表中有重复的项目');
    const rows = await tx
      .select()
      .from(dictionaryItems)
      .where(and(eq(dictionaryItems.dictionaryCode, code), inArray(dictionaryItems.id, ids)));
    if (rows.length !== ids.length) {
      throw fieldError('ids', '排序列表中有不属于该字典的项目');
    }
    if (new Set(rows.map((r) => r.parentCode ?? '')).size > 1) {
      throw fieldError('ids', '只能对同一级的项目排序');
    }
    const before = new Map(rows.map((r) => [r.id, r.sortOrder]));
    const now = deps.clock.now();
    for (const [index, id] of ids.entries()) {
      const sortOrder = (index + 1) * 10;
      if (before.get(id) !== sortOrder) {
        await tx.update(dictionaryItems).set({ sortOrder, updatedAt: now }).where(eq(dictionaryItems.id, id));
      }
    }
    const byId = new Map(rows.map((r) => [r.id, r]));
    await recordAudit(tx, deps.clock, ctx, {
      action: 'update',
      entityType: 'dictionary',
      entityId: code,
      summary: `数据字典「${dictionary.name}」调整顺序`,
      changes: { order: { before: [...rows].sort((a, b) => a.sortOrder - b.sortOrder).map((r) => r.code), after: ids.map((id) => byId.get(id)!.code) } },
    });
    return loadItems(tx, dictionary, true);
  });
}

/** Deletes an item added by an admin; shipped items can only be disabled. */
export async function deleteDictionaryItem(deps: Deps, ctx: RequestContext, code: string, id: number): Promise<void> {
  requirePermission(ctx.actor, MANAGE);
  await deps.db.transaction(async (tx) => {
    const dictionary = await getDictionaryRow(tx, code);
    const item = await getItemRow(tx, code, id);
    if (isBuiltInItem(item)) throw new AppError('CONFLICT', `「${item.label}」是系统内置项目，不能删除；不再使用时请停用`, { reason: 'dictionary.built_in' });
    const [child] = await tx
      .select({ id: dictionaryItems.id })
      .from(dictionaryItems)
      .where(and(eq(dictionaryItems.dictionaryCode, code), eq(dictionaryItems.parentCode, item.code)))
      .limit(1);
    if (child) throw new AppError('CONFLICT', `「${item.label}」下还有下级项目，请先删除或移走下级项目`, { reason: 'dictionary.has_children' });
    await tx.delete(dictionaryItems).where(eq(dictionaryItems.id, id));
    await recordAudit(tx, deps.clock, ctx, {
      action: 'delete',
      entityType: 'dictionary_item',
      entityId: id,
      summary: `数据字典「${dictionary.name}」删除「${item.label}」`,
      changes: diffChanges(item, null, auditedFields),
    });
  });
}
