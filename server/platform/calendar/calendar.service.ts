import { and, asc, eq, gte, lte } from 'drizzle-orm';
import { requirePermission, type RequestContext } from '../access/access';
import { recordAudit } from '../audit/audit.service';
import type { Db, DbOrTx } from '../db/client';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import type { AddWorkdaysQuery, CalendarDay, CalendarOverride, CalendarYear, PutOverrideBody } from './calendar.schema';
import { calendarOverrides } from './calendar.table';
import {
  addWorkdays,
  officialDay,
  officialYears,
  workdayLookup,
  workdaysBetween,
  type OfficialDayKind,
  type OverrideKind,
} from './workdays';
import { fromDayNumber, toDayNumber, type IsoDate } from '../dates';

/** What modules use for deadlines in working days (R-PLT-40). */
export interface WorkdayCalendar {
  isWorkday(date: IsoDate): boolean;
  /** The n-th workday after `date`, not counting `date` (see workdays.ts for n ≤ 0). */
  addWorkdays(date: IsoDate, n: number): IsoDate;
  /** Workdays in (a, b]. */
  workdaysBetween(a: IsoDate, b: IsoDate): number;
}

// ── Override cache ─────────────────────────────────────────────────────────────────────────
// Overrides are a few dozen rows a year, so the whole table is loaded at once and kept per
// database for a short while. A change through this module invalidates it at once; a change
// made by another app instance sharing the PostgreSQL server is seen within OVERRIDE_CACHE_MS.
const OVERRIDE_CACHE_MS = 30_000;
interface CacheEntry {
  loadedAt: number;
  overrides: ReadonlyMap<IsoDate, OverrideKind>;
}
const cache = new WeakMap<object, CacheEntry>();
const generations = new WeakMap<object, number>();

export function invalidateWorkdayCache(db: Db): void {
  cache.delete(db);
  generations.set(db, (generations.get(db) ?? 0) + 1);
}

async function readOverrides(db: DbOrTx): Promise<Map<IsoDate, OverrideKind>> {
  const rows = await db.select({ day: calendarOverrides.day, kind: calendarOverrides.kind }).from(calendarOverrides);
  return new Map(rows.map((row) => [row.day, row.kind as OverrideKind]));
}

async function loadOverrides(db: DbOrTx, options: { fresh?: boolean }): Promise<ReadonlyMap<IsoDate, OverrideKind>> {
  if (options.fresh) return readOverrides(db);
  const now = performance.now();
  const hit = cache.get(db);
  if (hit && now - hit.loadedAt < OVERRIDE_CACHE_MS) return hit.overrides;
  const generation = generations.get(db) ?? 0;
  const overrides = await readOverrides(db);
  // Do not store a result that an override change raced past.
  if ((generations.get(db) ?? 0) === generation) cache.set(db, { loadedAt: now, overrides });
  return overrides;
}

/** Calendar from explicit overrides (pure; for tests and callers that already hold them). */
export function workdayCalendarFrom(overrides: ReadonlyMap<IsoDate, OverrideKind>): WorkdayCalendar {
  const lookup = workdayLookup(overrides);
  return {
    isWorkday: (date) => lookup(date),
    addWorkdays: (date, n) => addWorkdays(lookup, date, n),
    workdaysBetween: (a, b) => workdaysBetween(lookup, a, b),
  };
}

/**
 * The working-day calendar: official PRC holidays and make-up workdays plus admin overrides.
 * Cheap to call per request (overrides are cached). Pass `{ fresh: true }` — or a transaction —
 * to read overrides as of this moment.
 */
export async function createWorkdayCalendar(db: DbOrTx, options: { fresh?: boolean } = {}): Promise<WorkdayCalendar> {
  return workdayCalendarFrom(await loadOverrides(db, options));
}

// ── Year view and admin overrides ──────────────────────────────────────────────────────────
type OverrideRow = typeof calendarOverrides.$inferSelect;

function toOverride(row: OverrideRow): CalendarOverride {
  return {
    day: row.day,
    kind: row.kind as OverrideKind,
    note: row.note,
    createdById: row.createdById,
    createdAt: row.createdAt.toISOString(),
  };
}

function effectiveDay(date: IsoDate, override: OverrideRow | undefined): CalendarDay {
  const official = officialDay(date);
  const officialWork = official.kind === 'workday' || official.kind === 'makeup_workday';
  let kind: OfficialDayKind = official.kind;
  let name = official.name;
  let nameEn = official.nameEn;
  if (override) {
    if (override.kind === 'holiday') {
      kind = 'holiday';
      if (officialWork) {
        name = override.note || '调整休息';
        nameEn = 'Day off (adjusted)';
      }
    } else if (!officialWork) {
      kind = 'makeup_workday';
      name = override.note || '调整上班';
      nameEn = 'Workday (adjusted)';
    }
  }
  return {
    date,
    kind,
    officialKind: official.kind,
    isWorkday: kind === 'workday' || kind === 'makeup_workday',
    name,
    nameEn,
    override: override ? { kind: override.kind as OverrideKind, note: override.note } : null,
  };
}

export async function getCalendarYear(deps: Pick<Deps, 'db'>, year: number): Promise<CalendarYear> {
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  const rows = await deps.db
    .select()
    .from(calendarOverrides)
    .where(and(gte(calendarOverrides.day, first), lte(calendarOverrides.day, last)))
    .orderBy(asc(calendarOverrides.day));
  const byDay = new Map(rows.map((row) => [row.day, row]));
  const days: CalendarDay[] = [];
  for (let day = toDayNumber(first); day <= toDayNumber(last); day++) {
    const date = fromDayNumber(day);
    days.push(effectiveDay(date, byDay.get(date)));
  }
  return {
    year,
    hasOfficialData: officialYears.has(year),
    workdayCount: days.filter((d) => d.isWorkday).length,
    days,
    overrides: rows.map(toOverride),
  };
}

/** Adds or replaces the admin override of one day (audited). */
export async function putCalendarOverride(deps: Deps, ctx: RequestContext, day: IsoDate, body: PutOverrideBody): Promise<CalendarDay> {
  const actor = requirePermission(ctx.actor, 'system:manage');
  const note = (body.note ?? '').trim();
  const result = await deps.db.transaction(async (tx) => {
    const [before] = await tx.select().from(calendarOverrides).where(eq(calendarOverrides.day, day));
    const [saved] = await tx
      .insert(calendarOverrides)
      .values({ day, kind: body.kind, note, createdById: actor.userId, createdAt: deps.clock.now() })
      .onConflictDoUpdate({
        target: calendarOverrides.day,
        set: { kind: body.kind, note, createdById: actor.userId, createdAt: deps.clock.now() },
      })
      .returning();
    const label = body.kind === 'workday' ? '上班' : '休息';
    await recordAudit(tx, deps.clock, ctx, {
      action: before ? 'update' : 'create',
      entityType: 'calendar_override',
      entityId: day,
      summary: `工作日历：${day} 调整为${label}${note ? `（${note}）` : ''}`,
      changes: {
        kind: { before: before?.kind ?? null, after: body.kind },
        ...(before?.note !== note ? { note: { before: before?.note ?? null, after: note } } : {}),
      },
    });
    return effectiveDay(day, saved!);
  });
  invalidateWorkdayCache(deps.db);
  return result;
}

/** Removes the override of one day; the official calendar applies again (audited). */
export async function deleteCalendarOverride(deps: Deps, ctx: RequestContext, day: IsoDate): Promise<void> {
  requirePermission(ctx.actor, 'system:manage');
  await deps.db.transaction(async (tx) => {
    const [removed] = await tx.delete(calendarOverrides).where(eq(calendarOverrides.day, day)).returning();
    if (!removed) throw new AppError('NOT_FOUND', `${day} 没有调整记录`);
    await recordAudit(tx, deps.clock, ctx, {
      action: 'delete',
      entityType: 'calendar_override',
      entityId: day,
      summary: `工作日历：撤销 ${day} 的调整，恢复官方安排`,
      changes: { kind: { before: removed.kind, after: null }, note: { before: removed.note, after: null } },
    });
  });
  invalidateWorkdayCache(deps.db);
}

export async function computeAddWorkdays(deps: Pick<Deps, 'db'>, query: AddWorkdaysQuery) {
  const calendar = await createWorkdayCalendar(deps.db);
  const date = calendar.addWorkdays(query.from, query.days);
  return { from: query.from, days: query.days, date, calendarDays: toDayNumber(date) - toDayNumber(query.from) };
}

