import { shanghaiTime } from '../../../platform/dates';
import { createWorkdayCalendar } from '../../../platform/calendar/calendar.service';
import type { Clock } from '../../../platform/clock';
import type { DbOrTx } from '../../../platform/db/client';
import { developmentRulesFor, type DevelopmentRules } from '../settings/development-settings.service';
import { addDays, daysInMonth, shanghaiDate, type IsoDate } from '../../../platform/dates';

// Date rules of visits: plan months, the report deadline (R-DEV-31) and the follow-up instant.

export const todayOf = (clock: Clock): IsoDate => shanghaiDate(clock.now());
export const monthOfDate = (date: IsoDate): string => date.slice(0, 7);

export function monthBounds(month: string): { first: IsoDate; last: IsoDate } {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return { first: `${month}-01`, last: `${month}-${String(daysInMonth(year, monthNumber)).padStart(2, '0')}` };
}

/**
 * R-DEV-30: a plan is due by the last day of the previous month, so it is late when submitted
 * (Asia/Shanghai date) on or after the first day of its own month.
 */
export const isLateSubmission = (clock: Clock, month: string): boolean => todayOf(clock) >= monthBounds(month).first;

/** The visit report is due `visitReportDays` calendar days — or working days — after the visit. */
export async function reportDueDateOf(db: DbOrTx, rules: DevelopmentRules, visitDate: IsoDate): Promise<IsoDate> {
  if (!rules.visitReportWorkdays) return addDays(visitDate, rules.visitReportDays);
  const calendar = await createWorkdayCalendar(db);
  return calendar.addWorkdays(visitDate, rules.visitReportDays);
}

export async function reportDueDateFor(db: DbOrTx, unitId: number, visitDate: IsoDate): Promise<IsoDate> {
  return reportDueDateOf(db, await developmentRulesFor(db, unitId), visitDate);
}

/**
 * The instant a visit counts as a follow-up: now for today's visit, else the end of the visit day
 * (Asia/Shanghai) — never in the future.
 */
export function followUpInstant(clock: Clock, visitDate: IsoDate): Date {
  const now = clock.now();
  const endOfDay = shanghaiTime(visitDate, '23:59:59');
  return endOfDay < now ? endOfDay : now;
}
