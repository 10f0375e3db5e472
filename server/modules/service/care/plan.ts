import { officialDay } from '../../../platform/calendar/workdays';
import { addDays, daysInMonth, type IsoDate } from '../../../platform/dates';

// Which care actions fall due (R-SVC-23), pure.

/** The next birthday on or after `from` (29 February is kept on the 28th in other years), if within `to`. */
export function nextBirthday(birthday: IsoDate, from: IsoDate, to: IsoDate): IsoDate | null {
  const month = Number(birthday.slice(5, 7));
  const day = Number(birthday.slice(8, 10));
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
    const date = `${year}-${String(month).padStart(2, '0')}-${String(Math.min(day, daysInMonth(year, month))).padStart(2, '0')}`;
    if (date >= from && date <= to) return date;
  }
  return null;
}

/** The first day of each official holiday (the festival) starting within [from, to]. */
export function festivalsBetween(from: IsoDate, to: IsoDate): { date: IsoDate; name: string }[] {
  const out: { date: IsoDate; name: string }[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const day = officialDay(date);
    if (day.kind !== 'holiday' || !day.name) continue;
    const before = officialDay(addDays(date, -1));
    if (before.kind === 'holiday' && before.name === day.name) continue;
    out.push({ date, name: day.name });
  }
  return out;
}

/** The December round (年末关怀: gifts and next year's needs) is due on 20 December. */
export function decemberRound(from: IsoDate, to: IsoDate): IsoDate | null {
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
    const date = `${year}-12-20`;
    if (date >= from && date <= to) return date;
  }
  return null;
}
