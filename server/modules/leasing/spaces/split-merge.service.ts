import { and, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import { requirePermission, type RequestContext } from '../../../platform/access/access';
import { recordAudit } from '../../../platform/audit/audit.service';
import { shanghaiDate } from '../../../platform/dates';
import type { DbOrTx } from '../../../platform/db/client';
import { uniqueViolationOf } from '../../../platform/db/errors';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import type { MergeBody, SplitBody } from './spaces.schema';
import { spacesByIds, type SpaceRow } from './spaces.queries';
import { spaceOccupancies, spaces } from './spaces.table';

// 拆分与合并 (R-LEA-04). The earlier unit is retired, never deleted: its reservations and leases
// stay attached to it, and the new units point back to it (predecessors) as it points to them.
// Only a unit nobody holds from today on can be split or merged.

const sumArea = (values: (string | null)[]) => (values.every((value) => value !== null) ? values.reduce((total, value) => total + Math.round(Number(value) * 100), 0) / 100 : null);

async function assertFree(tx: DbOrTx, units: SpaceRow[], today: string) {
  const [held] = await tx
    .select({ spaceId: spaceOccupancies.spaceId, reference: spaceOccupancies.reference, endDate: spaceOccupancies.endDate })
    .from(spaceOccupancies)
    .where(and(inArray(spaceOccupancies.spaceId, units.map((unit) => unit.id)), isNull(spaceOccupancies.releasedAt), gte(spaceOccupancies.endDate, today)))
    .limit(1);
  if (held) {
    const unit = units.find((candidate) => candidate.id === held.spaceId);
    throw new AppError('CONFLICT', `单元 ${unit?.fullCode ?? held.spaceId} 有${held.reference === '预留' ? '预留' : `合同 ${held.reference}`}至 ${held.endDate}，占用结束后才能拆分或合并`, { reason: 'space.occupied' });
  }
}

function codeTaken(error: unknown): never {
  if (uniqueViolationOf(error) === 'spaces_sibling_code_key') {
    throw new AppError('DUPLICATE', '同一楼层已有该编码的单元（拆分或合并前的单元仍保留其编码）', { reason: 'space.code_taken', fields: [{ field: 'code', message: '编码已被使用' }] });
  }
  throw error;
}

async function insertUnit(tx: DbOrTx, deps: Deps, template: SpaceRow, values: { code: string; name: string; usableArea: string; grossArea: string | null; predecessorIds: number[] }) {
  const now = deps.clock.now();
  const [created] = await tx
    .insert(spaces)
    .values({
      parentId: template.parentId,
      level: 'unit',
      path: '/',
      code: values.code,
      fullCode: `${template.fullCode.slice(0, template.fullCode.length - template.code.length)}${values.code}`,
      name: values.name,
      unitType: template.unitType,
      grossArea: values.grossArea,
      usableArea: values.usableArea,
      floorLoad: template.floorLoad,
      ceilingHeight: template.ceilingHeight,
      facilities: template.facilities,
      listRent: template.listRent,
      rentBasis: template.rentBasis,
      condition: 'available',
      predecessorIds: values.predecessorIds,
      availableFrom: shanghaiDate(now),
      sortOrder: template.sortOrder,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  const parentPath = template.path.slice(0, template.path.length - `${template.id}/`.length);
  await tx.update(spaces).set({ path: `${parentPath}${created!.id}/` }).where(eq(spaces.id, created!.id));
  return created!;
}

async function retire(tx: DbOrTx, deps: Deps, ids: number[], successorIds: number[]) {
  await tx
    .update(spaces)
    .set({ retired: true, retiredAt: deps.clock.now(), successorIds, updatedAt: deps.clock.now() })
    .where(inArray(spaces.id, ids));
}

/** One unit into several (e.g. a 3,000 ㎡ bay into 1,800 + 1,200). */
export async function splitUnit(deps: Deps, ctx: RequestContext, id: number, body: SplitBody): Promise<{ ids: number[] }> {
  requirePermission(ctx.actor, 'space:manage');
  const today = shanghaiDate(deps.clock.now());
  return deps.db
    .transaction(async (tx) => {
      const [unit] = await tx.select().from(spaces).where(eq(spaces.id, id)).for('update');
      if (!unit || unit.level !== 'unit') throw new AppError('NOT_FOUND', '单元不存在');
      if (unit.retired) throw new AppError('CONFLICT', `${unit.fullCode} 已拆分或合并`, { reason: 'space.retired' });
      await assertFree(tx, [unit], today);
      const total = sumArea(body.parts.map((part) => part.usableArea));
      if (unit.usableArea && total !== null && total > Number(unit.usableArea)) {
        throw fieldError('parts', `拆分后使用面积合计 ${total.toFixed(2)} ㎡ 超过原单元的 ${unit.usableArea} ㎡`);
      }
      const created = [];
      for (const part of body.parts) {
        created.push(await insertUnit(tx, deps, unit, { code: part.code, name: part.name ?? `${unit.name}（${part.code}）`, usableArea: part.usableArea, grossArea: part.grossArea ?? null, predecessorIds: [unit.id] }));
      }
      await retire(tx, deps, [unit.id], created.map((row) => row.id));
      await recordAudit(tx, deps.clock, ctx, {
        action: 'split',
        entityType: 'space',
        entityId: unit.id,
        summary: `单元 ${unit.fullCode} 拆分为 ${created.map((row) => `${row.fullCode}（${row.usableArea} ㎡）`).join('、')}`,
      });
      return { ids: created.map((row) => row.id) };
    })
    .catch(codeTaken);
}

/** Several adjacent units of one floor into one. */
export async function mergeUnits(deps: Deps, ctx: RequestContext, body: MergeBody): Promise<{ id: number }> {
  requirePermission(ctx.actor, 'space:manage');
  const today = shanghaiDate(deps.clock.now());
  const ids = [...new Set(body.unitIds)];
  if (ids.length < 2) throw fieldError('unitIds', '请选择至少两个单元合并');
  return deps.db
    .transaction(async (tx) => {
      await tx.execute(sql`SELECT id FROM spaces WHERE id = ANY(${sql`ARRAY[${sql.join(ids.map((value) => sql`${value}`), sql`, `)}]::bigint[]`}) ORDER BY id FOR UPDATE`);
      const units = await spacesByIds(tx, ids);
      if (units.length !== ids.length || units.some((unit) => unit.level !== 'unit')) throw fieldError('unitIds', '所选单元不存在');
      const retired = units.find((unit) => unit.retired);
      if (retired) throw new AppError('CONFLICT', `${retired.fullCode} 已拆分或合并`, { reason: 'space.retired' });
      if (new Set(units.map((unit) => unit.parentId)).size > 1) throw fieldError('unitIds', '只能合并同一楼层的单元');
      if (new Set(units.map((unit) => unit.unitType)).size > 1) throw fieldError('unitIds', '只能合并同一类型的单元');
      await assertFree(tx, units, today);
      const first = units.sort((a, b) => a.fullCode.localeCompare(b.fullCode))[0]!;
      const merged = await insertUnit(tx, deps, first, {
        code: body.code,
        name: body.name,
        usableArea: (sumArea(units.map((unit) => unit.usableArea)) ?? 0).toFixed(2),
        grossArea: sumArea(units.map((unit) => unit.grossArea))?.toFixed(2) ?? null,
        predecessorIds: units.map((unit) => unit.id),
      });
      await retire(tx, deps, ids, [merged.id]);
      await recordAudit(tx, deps.clock, ctx, {
        action: 'merge',
        entityType: 'space',
        entityId: merged.id,
        summary: `单元 ${units.map((unit) => unit.fullCode).join('、')} 合并为 ${merged.fullCode}（${merged.usableArea} ㎡）`,
      });
      return { id: merged.id };
    })
    .catch(codeTaken);
}
