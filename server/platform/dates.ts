/**
 * 日期 — calendar days and instants in the business time zone, written once.
 *
 * A business date is a `YYYY-MM-DD` string meaning a calendar day in Asia/Shanghai (UTC+8 all
 * year: China has kept no daylight saving since 1991). Arithmetic runs on whole days since
 * 1970-01-01 (UTC midnight), so no JS Date ever meets a local time zone. Instants stay `Date`
 * (timestamptz); `shanghaiDate` and `shanghaiTime` convert between the two.
 *
 * Conventions:
 * - `daysBetween(a, b)` = b − a in days (0 for the same day); `daysInclusive(a, b)` counts both
 *   ends (a one-day lease from 1 Mar to 1 Mar has 1 day).
 * - `addMonths(d, n)` keeps the day of month, clamped to the target month's last day
 *   (31 Jan + 1 → 28/29 Feb); counted from the original date, never chained
 *   (31 Jan + 2 → 31 Mar, not 28 Mar).
 */

export type IsoDate = string;

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in `month` (1–12) of `year` (Gregorian; arithmetic, as schedules call it millions of times). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return MONTH_DAYS[month - 1] ?? new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function assertDate(value: IsoDate): void {
  if (!isValidIsoDate(value)) throw new RangeError(`not a YYYY-MM-DD date: ${value}`);
}

/** Days since 1970-01-01. */
export function toDayNumber(date: IsoDate): number {
  assertDate(date);
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

/**
 * Days since 1970-01-01 → YYYY-MM-DD, by integer arithmetic (the proleptic Gregorian calendar in
 * 400-year eras): schedules format millions of dates, and a Date plus toISOString per call was a
 * tenth of their time.
 */
export function fromDayNumber(dayNumber: number): IsoDate {
  const z = dayNumber + 719_468; // days since 0000-03-01
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shifted = Math.floor((5 * dayOfYear + 2) / 153); // 0 = March … 11 = February
  const day = dayOfYear - Math.floor((153 * shifted + 2) / 5) + 1;
  const month = shifted < 10 ? shifted + 3 : shifted - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${year < 1000 ? String(year).padStart(4, '0') : year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** The day number of a calendar date given as numbers (month 1–12); no validation. */
export function dayNumberOf(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** b − a in days. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** Days from `from` to `to`, both included (0 when `to` is before `from`). */
export function daysInclusive(from: IsoDate, to: IsoDate): number {
  return Math.max(0, daysBetween(from, to) + 1);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return new Date(toDayNumber(date) * DAY_MS).getUTCDay();
}

export function isWeekend(date: IsoDate): boolean {
  const dow = dayOfWeek(date);
  return dow === 0 || dow === 6;
}

/** Same day `months` calendar months later (n may be negative), clamped to the month's end. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  assertDate(date);
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7)) - 1 + months;
  const targetYear = year + Math.floor(month / 12);
  const targetMonth = ((month % 12) + 12) % 12;
  const day = Math.min(Number(date.slice(8, 10)), daysInMonth(targetYear, targetMonth + 1));
  return `${String(targetYear).padStart(4, '0')}-${String(targetMonth + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The first day of the date's month: `2026-03-17` → `2026-03-01`. */
export function monthStart(date: IsoDate): IsoDate {
  return `${date.slice(0, 7)}-01`;
}

/** The last day of the date's month: `2028-02-10` → `2028-02-29`. */
export function monthEnd(date: IsoDate): IsoDate {
  return `${date.slice(0, 7)}-${String(daysInMonth(Number(date.slice(0, 4)), Number(date.slice(5, 7)))).padStart(2, '0')}`;
}

/** `2026-12` → `2027-01`. */
export function nextMonth(month: string): string {
  return addMonths(`${month}-01`, 1).slice(0, 7);
}

/** The calendar day in Asia/Shanghai of an instant. */
export function shanghaiDate(instant: Date): IsoDate {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** `2026-03-02 10:00` — an instant as a Shanghai wall-clock minute, for messages and files. */
export function shanghaiMinute(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** The instant of a Shanghai wall-clock time on a date: `shanghaiTime('2026-03-02', '18:00')`. */
export function shanghaiTime(date: IsoDate, hhmm = '00:00'): Date {
  assertDate(date);
  if (!/^\d{2}:\d{2}(:\d{2})?$/.test(hhmm)) throw new RangeError(`not a HH:MM time: ${hhmm}`);
  return new Date(`${date}T${hhmm.length === 5 ? `${hhmm}:00` : hhmm}+08:00`);
}

/** The first instant of the quarter containing `instant`, in Asia/Shanghai. */
export function quarterStart(instant: Date): Date {
  const date = shanghaiDate(instant);
  const month = Number(date.slice(5, 7));
  const first = `${date.slice(0, 4)}-${String(month - ((month - 1) % 3)).padStart(2, '0')}-01`;
  return shanghaiTime(first);
}
