import { createRequire } from 'node:module';
import { assertDate, fromDayNumber, isWeekend, toDayNumber, type IsoDate } from '../dates';

/**
 * 工作日 — working-day arithmetic over the official PRC calendar (R-PLT-40).
 *
 * Dates are `YYYY-MM-DD` strings meaning a calendar day in Asia/Shanghai. Arithmetic is done on
 * whole days since 1970-01-01 (UTC midnight), so no JS Date ever meets a local time zone.
 *
 * Conventions (one place, used everywhere):
 * - `addWorkdays(d, n)` for n > 0 is the n-th workday AFTER d, not counting d itself — the
 *   「N 个工作日内」 reading: a duty arising on d with a 2-working-day limit is due on
 *   `addWorkdays(d, 2)`, whether or not d is a workday.
 *   For n < 0 it is the |n|-th workday BEFORE d (not counting d).
 *   For n = 0 it is d when d is a workday, otherwise the next workday after d
 *   (「当日」 on an off day rolls forward to the first working day).
 * - `workdaysBetween(a, b)` counts the workdays in the half-open range (a, b]: a excluded,
 *   b included; negative (−count of (b, a]) when b is before a, 0 when equal. It is the inverse
 *   of `addWorkdays`: workdaysBetween(a, addWorkdays(a, n)) === n for every n ≥ 1.
 */


/** Official kind of a day: 工作日 / 周末 / 法定节假日 / 调休上班. */
export type OfficialDayKind = 'workday' | 'weekend' | 'holiday' | 'makeup_workday';
/** Admin override: 上班 or 休息. */
export type OverrideKind = 'workday' | 'holiday';

export interface OfficialDay {
  kind: OfficialDayKind;
  /** Holiday name for holidays and make-up workdays (e.g. 国庆节). */
  name: string | null;
  nameEn: string | null;
}

/** Answers whether a day is worked; the arithmetic below needs nothing else. */
export type WorkdayLookup = (date: IsoDate) => boolean;

/** Far enough for any business deadline; stops a bad lookup from looping forever. */
export const MAX_WORKDAY_STEPS = 5000;

// ── Official data from `chinese-days` (PRC State Council notices) ───────────────────────────
interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

// The package ships the raw notice data as JSON; reading it directly avoids its Date-based
// helpers, which depend on the process time zone.
const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as ChineseDaysData;

/** Years for which the package carries the official holiday notice. */
export const officialYears: ReadonlySet<number> = new Set(Object.keys(data.holidays).map((day) => Number(day.slice(0, 4))));

function holidayName(entry: string): { name: string; nameEn: string } {
  // "National Day,国庆节,3"
  const [nameEn = '', name = ''] = entry.split(',');
  return { name, nameEn };
}

/** The official kind of a day; years without package data fall back to plain weekends. */
export function officialDay(date: IsoDate): OfficialDay {
  assertDate(date);
  const holiday = data.holidays[date];
  if (holiday) return { kind: 'holiday', ...holidayName(holiday) };
  const makeup = data.workdays[date];
  if (makeup) return { kind: 'makeup_workday', ...holidayName(makeup) };
  return { kind: isWeekend(date) ? 'weekend' : 'workday', name: null, nameEn: null };
}

export function isOfficialWorkday(date: IsoDate): boolean {
  const { kind } = officialDay(date);
  return kind === 'workday' || kind === 'makeup_workday';
}

/** Official calendar with admin overrides on top; an override always wins. */
export function workdayLookup(overrides: ReadonlyMap<IsoDate, OverrideKind>): WorkdayLookup {
  return (date) => {
    const override = overrides.get(date);
    if (override) return override === 'workday';
    return isOfficialWorkday(date);
  };
}

// ── Arithmetic ─────────────────────────────────────────────────────────────────────────────

/** See the module comment for the conventions. */
export function addWorkdays(isWorkday: WorkdayLookup, date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`workdays must be an integer: ${n}`);
  let day = toDayNumber(date);
  if (n === 0) {
    for (let steps = 0; steps < MAX_WORKDAY_STEPS; steps++, day++) {
      if (isWorkday(fromDayNumber(day))) return fromDayNumber(day);
    }
    throw new RangeError('no workday found');
  }
  const step = n > 0 ? 1 : -1;
  let remaining = Math.abs(n);
  for (let steps = 0; steps < MAX_WORKDAY_STEPS + Math.abs(n) * 7; steps++) {
    day += step;
    if (isWorkday(fromDayNumber(day)) && --remaining === 0) return fromDayNumber(day);
  }
  throw new RangeError('no workday found');
}

/** Workdays in (a, b]; negative when b is before a. */
export function workdaysBetween(isWorkday: WorkdayLookup, a: IsoDate, b: IsoDate): number {
  const start = toDayNumber(a);
  const end = toDayNumber(b);
  if (end < start) return -workdaysBetween(isWorkday, b, a);
  let count = 0;
  for (let day = start + 1; day <= end; day++) if (isWorkday(fromDayNumber(day))) count++;
  return count;
}
