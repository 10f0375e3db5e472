import { addDays, addMonths, monthStart, type IsoDate } from '../../../platform/dates';

// Which return visits are due (R-SVC-20), pure.

/** Contract visits: a month after the start and monthly through the first year, then every three months to the end. */
export function contractVisitDates(startDate: IsoDate, endDate: IsoDate, from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let months = 1; months <= 12 * 50; months += months < 12 ? 1 : 3) {
    const date = addMonths(startDate, months);
    if (date > endDate || date > to) break;
    if (date >= from) out.push(date);
  }
  return out;
}

/** Months between key-account visits by grade: 钻石 monthly, 白金 every two months, VIP quarterly. */
export const keyAccountIntervals: Record<string, number> = { diamond: 1, platinum: 2, vip: 3 };

/** Key-account visits: on the 10th of every `interval`-th month (counted from January). */
export function keyAccountVisitDates(interval: number, from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let month = monthStart(from); month <= to; month = addMonths(month, 1)) {
    const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
    const date = addDays(month, 9);
    if (index % interval === 0 && date >= from && date <= to) out.push(date);
  }
  return out;
}

/** Renewal visit: 60 days before the end. */
export const renewalVisitDate = (endDate: IsoDate): IsoDate => addDays(endDate, -60);
