import { eq } from 'drizzle-orm';
import { requirePermission, type RequestContext } from '../../../platform/access/access';
import { recordAudit } from '../../../platform/audit/audit.service';
import type { Clock } from '../../../platform/clock';
import { addDays, shanghaiDate } from '../../../platform/dates';
import type { DbOrTx } from '../../../platform/db/client';
import { exclusionViolationOf } from '../../../platform/db/errors';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { notify } from '../../../platform/notifications/notifications.service';
import { addTimelineEvent, assertNotBlacklisted, canReadCustomer, getVisibleCustomer } from '../../customers';
import { unitStatusNames, type Occupancy, type ReserveBody } from './spaces.schema';
import { expiredReservations, findOccupancy, findOverlap, findSpace, occupancyFigures, spacesByIds, type OccupancyFigureRow } from './spaces.queries';
import { spaceOccupancies } from './spaces.table';

// Who holds a unit over which days (R-LEA-02). The database refuses two unreleased holds of one
// unit on the same day (exclusion constraint space_occupancies_no_overlap); this file turns that
// refusal into a sentence naming the other holder, and keeps reservations and their expiry.

export const RESERVATION_EXPIRED = 'space_reservation_expired';
export const reservationExpiredKind = { kind: RESERVATION_EXPIRED, label: '房源预留到期', labelEn: 'Space reservation expired' };

export interface HoldInput {
  spaceIds: number[];
  kind: 'reservation' | 'lease';
  startDate: string;
  endDate: string;
  customerId: number;
  opportunityId?: number | null;
  contractId?: number | null;
  /** The amendment whose application holds these days (R-LEA-30). */
  amendmentId?: number | null;
  /** A contract number, or 「预留」: what a refusal names. */
  reference: string;
  note?: string | null;
  createdById: number;
  unitId: number;
}

/**
 * The refusal of an overlapping hold: which unit, held by what (contract number or reservation),
 * for which customer (「其他客户」 outside the caller's scope) and over which days.
 */
export async function occupiedError(db: DbOrTx, ctx: RequestContext, spaceIds: number[], start: string, end: string): Promise<AppError> {
  const other = await findOverlap(db, spaceIds, start, end);
  if (!other) return new AppError('CONFLICT', '所选单元在该期间已被占用，请刷新后重试', { reason: 'space.occupied' });
  const visible = ctx.actor ? await canReadCustomer(db, ctx.actor, Number(other.customer_id)) : false;
  const customer = visible ? (await getVisibleCustomer(db, ctx.actor!, Number(other.customer_id))).name : '其他客户';
  const what = other.kind === 'lease' ? `合同 ${other.reference}` : other.contract_id !== null ? `合同草稿 ${other.reference}` : '预留';
  return new AppError('CONFLICT', `单元 ${other.full_code} 在 ${other.start_date} 至 ${other.end_date} 已有${what}（${customer}），与所选期间重叠，同一单元同一天只能出租给一个合同`, {
    reason: 'space.occupied',
    extra: { occupiedBy: { spaceId: Number(other.space_id), fullCode: other.full_code, kind: other.kind, reference: other.reference, contractId: other.contract_id === null ? null : Number(other.contract_id), startDate: other.start_date, endDate: other.end_date, customerName: customer } },
  });
}

/**
 * Holds units for a customer over [startDate, endDate] in the caller's transaction. Units must
 * exist, be in use and be let-able on those days (not 维修/不可租). An overlap with another hold
 * fails at the constraint; callers run `withOccupancyRefusal` around their transaction so the
 * refusal names the other holder. Contracts take leases through this too.
 */
export async function holdUnits(tx: DbOrTx, clock: Clock, input: HoldInput): Promise<number[]> {
  if (input.endDate < input.startDate) throw fieldError('endDate', '结束日不能早于开始日');
  const units = await spacesByIds(tx, input.spaceIds);
  for (const id of input.spaceIds) {
    const unit = units.find((candidate) => candidate.id === id);
    if (!unit || unit.level !== 'unit') throw fieldError('spaceIds', `房源 ${id} 不存在或不是可出租的单元`);
    if (unit.retired) throw fieldError('spaceIds', `单元 ${unit.fullCode} 已拆分或合并，不能再出租`);
    if (unit.condition !== 'available') throw new AppError('CONFLICT', `单元 ${unit.fullCode} 当前为「${unitStatusNames[unit.condition as 'maintenance']}」，不能预留或出租`, { reason: 'space.off_market' });
    if (input.endDate < unit.availableFrom) throw fieldError('startDate', `单元 ${unit.fullCode} 自 ${unit.availableFrom} 起才可出租`);
  }
  const rows = await tx
    .insert(spaceOccupancies)
    .values(
      input.spaceIds.map((spaceId) => ({
        spaceId,
        kind: input.kind,
        startDate: input.startDate,
        endDate: input.endDate,
        customerId: input.customerId,
        opportunityId: input.opportunityId ?? null,
        contractId: input.contractId ?? null,
        amendmentId: input.amendmentId ?? null,
        reference: input.reference,
        note: input.note ?? null,
        createdById: input.createdById,
        unitId: input.unitId,
        createdAt: clock.now(),
      })),
    )
    .returning({ id: spaceOccupancies.id });
  return rows.map((row) => row.id);
}

/** Runs `work`; an overlap refused by the database becomes the refusal naming the other holder. */
export async function withOccupancyRefusal<T>(deps: Deps, ctx: RequestContext, spaceIds: number[], start: string, end: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (exclusionViolationOf(error) === 'space_occupancies_no_overlap') throw await occupiedError(deps.db, ctx, spaceIds, start, end);
    throw error;
  }
}

/** 预留 (R-LEA-02): a unit held for a customer the caller develops, until a date. */
export async function reserveUnit(deps: Deps, ctx: RequestContext, spaceId: number, body: ReserveBody) {
  const actor = requirePermission(ctx.actor, 'development:write');
  requirePermission(actor, 'space:read');
  const customer = await getVisibleCustomer(deps.db, actor, body.customerId).catch(() => {
    throw fieldError('customerId', '客户不存在或不在您的客户范围内');
  });
  await assertNotBlacklisted(deps.db, customer.id, customer.unitId);
  const unit = await findSpace(deps.db, spaceId);
  if (!unit || unit.level !== 'unit') throw new AppError('NOT_FOUND', '单元不存在');
  const today = shanghaiDate(deps.clock.now());
  const startDate = body.startDate ?? today;
  if (startDate < today) throw fieldError('startDate', '预留不能从过去的日期开始');
  if (body.endDate > addDays(startDate, 365)) throw fieldError('endDate', '预留最长一年，请缩短预留期限');
  const [id] = await withOccupancyRefusal(deps, ctx, [spaceId], startDate, body.endDate, () =>
    deps.db.transaction(async (tx) => {
      const ids = await holdUnits(tx, deps.clock, {
        spaceIds: [spaceId],
        kind: 'reservation',
        startDate,
        endDate: body.endDate,
        customerId: customer.id,
        reference: '预留',
        note: body.note ?? null,
        createdById: actor.userId,
        unitId: actor.unitId,
      });
      await recordAudit(tx, deps.clock, ctx, {
        action: 'reserve',
        entityType: 'space_occupancy',
        entityId: ids[0],
        customerId: customer.id,
        summary: `预留单元 ${unit.fullCode} 给 ${customer.name}（${startDate} 至 ${body.endDate}）`,
      });
      await addTimelineEvent(tx, deps.clock, {
        customerId: customer.id,
        type: 'space_reserved',
        title: `预留单元 ${unit.fullCode}（${startDate} 至 ${body.endDate}）`,
        actorId: actor.userId,
        link: `/spaces?unit=${unit.id}`,
        sourceType: 'space_occupancy',
        sourceId: ids[0],
      });
      return ids;
    }),
  );
  return { id: id! };
}

/**
 * Ends a reservation before its last day: the days already held stay in the history; one that
 * had not begun is void. Its creator or a space manager may release it.
 */
export async function releaseReservation(deps: Deps, ctx: RequestContext, occupancyId: number) {
  const actor = requirePermission(ctx.actor, 'space:read');
  await deps.db.transaction(async (tx) => {
    const row = await findOccupancy(tx, occupancyId, { forUpdate: true });
    const mayRelease = row && row.kind === 'reservation' && row.contractId === null && (row.createdById === actor.userId || actor.permissions.has('space:manage'));
    if (!row || !mayRelease) throw new AppError('NOT_FOUND', '预留不存在或无权解除');
    if (row.releasedAt) throw new AppError('CONFLICT', '该预留已解除', { reason: 'space.reservation_released' });
    const today = shanghaiDate(deps.clock.now());
    const void_ = row.startDate >= today;
    await tx
      .update(spaceOccupancies)
      .set({ releasedAt: deps.clock.now(), releasedById: actor.userId, releaseReason: void_ ? 'void' : 'cancelled', endDate: void_ ? row.endDate : addDays(today, -1) < row.endDate ? addDays(today, -1) : row.endDate })
      .where(eq(spaceOccupancies.id, occupancyId));
    const unit = await findSpace(tx, row.spaceId);
    await recordAudit(tx, deps.clock, ctx, { action: 'release', entityType: 'space_occupancy', entityId: occupancyId, customerId: row.customerId, summary: `解除单元 ${unit?.fullCode ?? row.spaceId} 的预留` });
    await addTimelineEvent(tx, deps.clock, { customerId: row.customerId, type: 'space_released', title: `解除单元 ${unit?.fullCode ?? ''} 的预留`, actorId: actor.userId, sourceType: 'space_occupancy', sourceId: occupancyId });
  });
}

const rate = (part: string, whole: string) => (Number(whole) > 0 ? ((Number(part) / Number(whole)) * 100).toFixed(2) : '0.00');
const countRate = (part: number, whole: number) => (whole > 0 ? ((part / whole) * 100).toFixed(2) : '0.00');

function figures(row: OccupancyFigureRow | undefined) {
  const n = (value: string | number | undefined) => Number(value ?? 0);
  const units = n(row?.units);
  const leasedUnits = n(row?.leased_units);
  const offMarket = n(row?.off_market_units);
  const area = row?.area ?? '0.00';
  const leasedArea = row?.leased_area ?? '0.00';
  return {
    units,
    leasedUnits,
    reservedUnits: n(row?.reserved_units),
    vacantUnits: n(row?.vacant_units),
    offMarketUnits: offMarket,
    area,
    leasedArea,
    reservedArea: row?.reserved_area ?? '0.00',
    vacantArea: row?.vacant_area ?? '0.00',
    rateByArea: rate(leasedArea, area),
    rateByCount: countRate(leasedUnits, units - offMarket),
  };
}

/** 出租率 at any date (R-LEA-03): by usable area and by count, per building and per unit type. */
export async function occupancyAt(deps: Deps, ctx: RequestContext, query: { parentId?: number; date?: string }): Promise<Occupancy> {
  requirePermission(ctx.actor, 'space:read');
  const date = query.date ?? shanghaiDate(deps.clock.now());
  let parentPath: string | undefined;
  if (query.parentId) {
    const parent = await findSpace(deps.db, query.parentId);
    if (!parent) throw fieldError('parentId', '所选房源节点不存在');
    parentPath = parent.path;
  }
  const { total, byBuilding, byType } = await occupancyFigures(deps.db, date, parentPath);
  const buildings = await spacesByIds(deps.db, byBuilding.map((row) => Number(row.key)));
  return {
    date,
    total: figures(total[0]),
    byBuilding: byBuilding
      .map((row) => {
        const building = buildings.find((candidate) => candidate.id === Number(row.key));
        return { id: Number(row.key), name: building?.name ?? '', fullCode: building?.fullCode ?? '', ...figures(row) };
      })
      .sort((a, b) => a.fullCode.localeCompare(b.fullCode)),
    byType: byType.filter((row) => row.key).map((row) => ({ unitType: row.key as 'bay', ...figures(row) })),
  };
}

/** Daily: reservations past their last day are closed and their holders told (R-LEA-02). */
export async function expireReservations(deps: Deps, limit = 500): Promise<{ released: number }> {
  const today = shanghaiDate(deps.clock.now());
  const rows = await expiredReservations(deps.db, today, limit);
  for (const row of rows) {
    await deps.db.transaction(async (tx) => {
      await tx
        .update(spaceOccupancies)
        .set({ releasedAt: deps.clock.now(), releaseReason: 'expired' })
        .where(eq(spaceOccupancies.id, row.id));
      const unit = await findSpace(tx, row.spaceId);
      await recordAudit(tx, deps.clock, { requestId: 'job:space_reservation_expiry' }, { action: 'expire', entityType: 'space_occupancy', entityId: row.id, customerId: row.customerId, summary: `单元 ${unit?.fullCode ?? row.spaceId} 的预留已于 ${row.endDate} 到期` });
      await addTimelineEvent(tx, deps.clock, { customerId: row.customerId, type: 'space_released', title: `单元 ${unit?.fullCode ?? ''} 的预留到期（${row.endDate}）`, sourceType: 'space_occupancy', sourceId: row.id });
      await notify(tx, deps.clock, {
        userId: row.createdById,
        kind: RESERVATION_EXPIRED,
        title: `单元 ${unit?.fullCode ?? ''} 的预留已到期`,
        body: `预留期 ${row.startDate} 至 ${row.endDate} 已结束，单元恢复可租。如仍需要，请重新预留或起草合同。`,
        link: `/spaces?unit=${row.spaceId}`,
      });
    });
  }
  return { released: rows.length };
}
