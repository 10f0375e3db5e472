import { eq, sql, type SQL } from 'drizzle-orm';
import { requirePermission, type RequestContext } from '../../../platform/access/access';
import { diffChanges, recordAudit } from '../../../platform/audit/audit.service';
import { shanghaiDate } from '../../../platform/dates';
import type { Deps } from '../../../platform/deps';
import { uniqueViolationOf } from '../../../platform/db/errors';
import { AppError, fieldError } from '../../../platform/errors';
import { childLevel, levelNames, type CreateSpaceBody, type SpaceDetail, type SpaceLevel, type UnitListQuery, type UpdateSpaceBody } from './spaces.schema';
import { childrenCount, findSpace, listUnitsAtDate, occupancyHistory, spacesByIds, treeNodes, unitAtDate, unitSorts, type SpaceRow } from './spaces.queries';
import { historyItem, toUnitSummary } from './spaces.views';
import { spaces } from './spaces.table';

// 房源 inventory (R-LEA-01): the tree and its units. Reading needs space:read; shaping the
// inventory needs space:manage. Status is never edited here: only the condition (维修/不可租).

const today = (deps: Deps) => shanghaiDate(deps.clock.now());

export async function getTree(deps: Deps, ctx: RequestContext) {
  requirePermission(ctx.actor, 'space:read');
  const rows = await treeNodes(deps.db);
  return {
    items: rows.map((row) => ({
      id: Number(row.id),
      parentId: row.parent_id === null ? null : Number(row.parent_id),
      level: row.level as SpaceLevel,
      code: row.code,
      fullCode: row.full_code,
      name: row.name,
      unitCount: Number(row.unit_count),
      sortOrder: row.sort_order,
    })),
  };
}

/** `field:dir` of the unit list; unknown fields are a field error naming the allowed ones. */
function unitOrder(sort: string | undefined): SQL {
  if (!sort) return sql`u.full_code`;
  const [field, direction = 'asc'] = sort.split(':') as [string, string?];
  const column = unitSorts[field];
  if (!column) throw fieldError('sort', `不支持按 ${field} 排序，可选：${Object.keys(unitSorts).join('、')}`);
  return direction === 'desc' ? sql`${column} DESC NULLS LAST` : sql`${column} ASC NULLS LAST`;
}

export async function listUnits(deps: Deps, ctx: RequestContext, query: UnitListQuery) {
  const actor = requirePermission(ctx.actor, 'space:read');
  const date = query.date ?? today(deps);
  let parentPath: string | undefined;
  if (query.parentId) {
    const parent = await findSpace(deps.db, query.parentId);
    if (!parent) throw fieldError('parentId', '所选房源节点不存在');
    parentPath = parent.path;
  }
  const { rows, total, totalCapped } = await listUnitsAtDate(
    deps.db,
    actor,
    { date, parentPath, status: query.status, unitType: query.unitType, q: query.q },
    { limit: query.pageSize, offset: (query.page - 1) * query.pageSize, orderBy: unitOrder(query.sort) },
  );
  return { items: rows.map((row) => toUnitSummary(row, actor)), total, totalCapped, page: query.page, pageSize: query.pageSize };
}

export async function getSpace(deps: Deps, ctx: RequestContext, id: number, date?: string): Promise<SpaceDetail> {
  const actor = requirePermission(ctx.actor, 'space:read');
  const row = await findSpace(deps.db, id);
  if (!row) throw new AppError('NOT_FOUND', '房源不存在');
  const ancestorIds = row.path.split('/').filter(Boolean).map(Number);
  const ancestors = await Promise.all(ancestorIds.map((ancestorId) => findSpace(deps.db, ancestorId)));
  const at = row.level === 'unit' ? await unitAtDate(deps.db, actor, id, date ?? today(deps)) : undefined;
  const history = row.level === 'unit' ? await occupancyHistory(deps.db, actor, id) : [];
  const related = await spacesByIds(deps.db, [...row.predecessorIds, ...row.successorIds]);
  const refs = (ids: number[]) => ids.flatMap((relatedId) => related.filter((node) => node.id === relatedId).map((node) => ({ id: node.id, fullCode: node.fullCode })));
  const summary = at
    ? toUnitSummary(at, actor)
    : {
        id: row.id,
        parentId: row.parentId,
        code: row.code,
        fullCode: row.fullCode,
        name: row.name,
        unitType: null,
        grossArea: null,
        usableArea: null,
        listRent: null,
        rentBasis: null,
        condition: row.condition as 'available',
        status: 'vacant' as const,
        occupant: null,
        vacantSince: null,
      };
  return {
    ...summary,
    level: row.level as SpaceLevel,
    path: ancestors.flatMap((node) => (node ? [{ id: node.id, code: node.code, name: node.name, level: node.level as SpaceLevel }] : [])),
    floorLoad: row.floorLoad,
    ceilingHeight: row.ceilingHeight,
    facilities: row.facilities,
    availableFrom: row.availableFrom,
    sortOrder: row.sortOrder,
    note: row.note,
    retired: row.retired,
    predecessors: refs(row.predecessorIds),
    successors: refs(row.successorIds),
    history: history.map((item) => historyItem(item, actor)),
  };
}

const spaceAuditFields: (keyof SpaceRow)[] = [
  'code',
  'name',
  'unitType',
  'grossArea',
  'usableArea',
  'floorLoad',
  'ceilingHeight',
  'facilities',
  'listRent',
  'rentBasis',
  'condition',
  'availableFrom',
  'note',
];

/** Unit-only fields must not be given for parks, buildings and floors, and units need their basics. */
function checkLevelFields(level: SpaceLevel, body: UpdateSpaceBody, existing?: SpaceRow) {
  const unitOnly = ['unitType', 'grossArea', 'usableArea', 'floorLoad', 'ceilingHeight', 'listRent', 'rentBasis'] as const;
  if (level !== 'unit') {
    const given = unitOnly.find((key) => body[key] !== undefined && body[key] !== null);
    if (given) throw fieldError(given, `${levelNames[level]}不填写单元的类型、面积与租金，请在其下的单元中填写`);
    return;
  }
  const unitType = body.unitType ?? existing?.unitType;
  if (!unitType) throw fieldError('unitType', '请选择单元类型（库位/场地/办公室/商铺）');
  const gross = body.grossArea !== undefined ? body.grossArea : existing?.grossArea;
  const usable = body.usableArea !== undefined ? body.usableArea : existing?.usableArea;
  if (!usable) throw fieldError('usableArea', '请填写使用面积（出租率按使用面积计算）');
  if (gross && Number(usable) > Number(gross)) throw fieldError('usableArea', `使用面积 ${usable} ㎡ 不能大于建筑面积 ${gross} ㎡`);
  const rent = body.listRent !== undefined ? body.listRent : existing?.listRent;
  const basis = body.rentBasis ?? existing?.rentBasis;
  if (rent && !basis) throw fieldError('rentBasis', '填写挂牌租金时请选择租金单位（元/㎡/天 或 元/㎡/月）');
}

function siblingCodeTaken(error: unknown, code: string): never {
  if (uniqueViolationOf(error) === 'spaces_sibling_code_key') {
    throw new AppError('DUPLICATE', `同一层级下已有编码为 ${code} 的房源`, { reason: 'space.code_taken', fields: [{ field: 'code', message: `同一层级下已有编码 ${code}` }] });
  }
  throw error;
}

export async function createSpace(deps: Deps, ctx: RequestContext, body: CreateSpaceBody): Promise<SpaceDetail> {
  requirePermission(ctx.actor, 'space:manage');
  const parent = body.parentId ? await findSpace(deps.db, body.parentId) : undefined;
  if (body.parentId && !parent) throw fieldError('parentId', '上级房源不存在');
  const level: SpaceLevel | null = parent ? childLevel[parent.level as SpaceLevel] : 'park';
  if (!level) throw fieldError('parentId', '单元之下不能再建房源');
  if (parent?.retired) throw fieldError('parentId', '上级房源已拆分或合并，不能再添加');
  checkLevelFields(level, body);
  const now = deps.clock.now();
  const id = await deps.db
    .transaction(async (tx) => {
      const [created] = await tx
        .insert(spaces)
        .values({
          parentId: parent?.id ?? null,
          level,
          path: '/',
          code: body.code,
          fullCode: parent ? `${parent.fullCode}-${body.code}` : body.code,
          name: body.name,
          unitType: level === 'unit' ? (body.unitType ?? null) : null,
          grossArea: body.grossArea ?? null,
          usableArea: body.usableArea ?? null,
          floorLoad: body.floorLoad ?? null,
          ceilingHeight: body.ceilingHeight ?? null,
          facilities: [...new Set(body.facilities ?? [])],
          listRent: body.listRent ?? null,
          rentBasis: body.listRent ? (body.rentBasis ?? null) : null,
          condition: body.condition ?? 'available',
          availableFrom: body.availableFrom ?? shanghaiDate(now),
          sortOrder: body.sortOrder ?? (parent ? await childrenCount(tx, parent.id) : 0),
          note: body.note ?? null,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      const path = `${parent?.path ?? '/'}${created!.id}/`;
      await tx.update(spaces).set({ path }).where(eq(spaces.id, created!.id));
      await recordAudit(tx, deps.clock, ctx, {
        action: 'create',
        entityType: 'space',
        entityId: created!.id,
        summary: `新建${levelNames[level]} ${created!.fullCode} ${created!.name}`,
        changes: diffChanges(null, created!, spaceAuditFields),
      });
      return created!.id;
    })
    .catch((error: unknown) => siblingCodeTaken(error, body.code));
  return getSpace(deps, ctx, id);
}

export async function updateSpace(deps: Deps, ctx: RequestContext, id: number, body: UpdateSpaceBody): Promise<SpaceDetail> {
  requirePermission(ctx.actor, 'space:manage');
  await deps.db
    .transaction(async (tx) => {
      const before = await findSpace(tx, id, { forUpdate: true });
      if (!before) throw new AppError('NOT_FOUND', '房源不存在');
      if (before.retired) throw new AppError('CONFLICT', `${before.fullCode} 已拆分或合并，不能再修改`, { reason: 'space.retired' });
      checkLevelFields(before.level as SpaceLevel, body, before);
      const codeChanged = body.code !== undefined && body.code !== before.code;
      const [after] = await tx
        .update(spaces)
        .set({
          ...body,
          facilities: body.facilities ? [...new Set(body.facilities)] : undefined,
          fullCode: codeChanged ? before.fullCode.slice(0, before.fullCode.length - before.code.length) + body.code : undefined,
          updatedAt: deps.clock.now(),
        })
        .where(eq(spaces.id, id))
        .returning();
      if (codeChanged) {
        // Descendants carry the code in their full code.
        await tx.execute(sqlReplacePrefix(before.path, before.fullCode, after!.fullCode));
      }
      const changes = diffChanges(before, after!, spaceAuditFields);
      if (changes) await recordAudit(tx, deps.clock, ctx, { action: 'update', entityType: 'space', entityId: id, summary: `修改房源 ${after!.fullCode}`, changes });
    })
    .catch((error: unknown) => siblingCodeTaken(error, body.code ?? ''));
  return getSpace(deps, ctx, id);
}


function sqlReplacePrefix(path: string, oldPrefix: string, newPrefix: string) {
  return sql`UPDATE spaces SET full_code = ${newPrefix} || substr(full_code, ${oldPrefix.length + 1})
             WHERE path LIKE ${`${path}%`} AND path <> ${path}`;
}
