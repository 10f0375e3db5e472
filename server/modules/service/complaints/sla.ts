import { addDays, shanghaiDate, shanghaiTime, type IsoDate } from '../../../platform/dates';

// Complaint clocks (R-SVC-12), pure. A clock runs on calendar time, except:
// - on a day off (weekend or public holiday of the working-day calendar) that the holiday duty
//   roster does not cover — nobody is there to handle it, so the clock stands still that day;
// - while the complaint waits for the customer (a pause, shown on the complaint).
// A deadline is the instant at which the running time reaches the limit.

export const PLAN_MINUTES = 30;
export const RESOLVE_DAYS = 3;
const MINUTE = 60_000;

export interface Interval {
  start: Date;
  /** null: still going (an open pause). */
  end: Date | null;
}

export interface ClockCalendar {
  isWorkday(date: IsoDate): boolean;
  /** A day off with someone on the duty roster. */
  isCovered(date: IsoDate): boolean;
}

/** Uncovered days off from `from`'s day through `days` days later, as Shanghai day intervals. */
export function uncoveredDays(from: Date, days: number, calendar: ClockCalendar): Interval[] {
  const out: Interval[] = [];
  let date = shanghaiDate(from);
  for (let i = 0; i <= days; i++, date = addDays(date, 1)) {
    if (!calendar.isWorkday(date) && !calendar.isCovered(date)) out.push({ start: shanghaiTime(date), end: shanghaiTime(addDays(date, 1)) });
  }
  return out;
}

/** Sorted, merged stopped intervals (an open one runs to the end of time). */
function merged(stopped: Interval[]): { start: number; end: number }[] {
  const list = stopped.map((i) => ({ start: i.start.getTime(), end: i.end ? i.end.getTime() : Number.POSITIVE_INFINITY })).filter((i) => i.end > i.start);
  list.sort((a, b) => a.start - b.start);
  const out: { start: number; end: number }[] = [];
  for (const i of list) {
    const last = out.at(-1);
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push({ ...i });
  }
  return out;
}

/** Running time between `from` and `to`, in ms. */
export function runningTime(from: Date, to: Date, stopped: Interval[]): number {
  let total = Math.max(0, to.getTime() - from.getTime());
  for (const i of merged(stopped)) {
    const start = Math.max(i.start, from.getTime());
    const end = Math.min(i.end, to.getTime());
    if (end > start) total -= end - start;
  }
  return total;
}

/** The instant at which `limitMs` of running time has passed since `from`; null while stopped for good (open pause). */
export function deadline(from: Date, limitMs: number, stopped: Interval[]): Date | null {
  let at = from.getTime();
  let left = limitMs;
  for (const i of merged(stopped)) {
    if (i.end <= at) continue;
    const start = Math.max(i.start, at);
    if (start - at >= left) break;
    left -= start - at;
    if (i.end === Number.POSITIVE_INFINITY) return null;
    at = i.end;
  }
  return new Date(at + left);
}

export interface ClockState {
  /** When the limit is reached (null while paused). */
  dueAt: Date | null;
  /** When the step was done, if it was. */
  doneAt: Date | null;
  /** Done late, or not done and past due at `now`. */
  breached: boolean;
  /** Running time used so far (to `doneAt` or `now`), in minutes. */
  usedMinutes: number;
  limitMinutes: number;
  paused: boolean;
}

/**
 * Both clocks of a complaint received at `receivedAt`. `stopped` holds the pauses and the
 * uncovered days off (see `uncoveredDays`), reaching far enough past the deadline.
 */
export function complaintClocks(input: { receivedAt: Date; planAt: Date | null; resolvedAt: Date | null; now: Date; stopped: Interval[]; paused: boolean }): { plan: ClockState; resolve: ClockState } {
  const clock = (limitMinutes: number, doneAt: Date | null): ClockState => {
    const dueAt = deadline(input.receivedAt, limitMinutes * MINUTE, input.stopped);
    const until = doneAt ?? input.now;
    const used = runningTime(input.receivedAt, until, input.stopped);
    return {
      dueAt,
      doneAt,
      breached: used > limitMinutes * MINUTE,
      usedMinutes: Math.floor(used / MINUTE),
      limitMinutes,
      paused: doneAt === null && input.paused,
    };
  };
  return { plan: clock(PLAN_MINUTES, input.planAt), resolve: clock(RESOLVE_DAYS * 24 * 60, input.resolvedAt) };
}
