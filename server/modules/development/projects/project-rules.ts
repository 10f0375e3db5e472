import { addDays, type IsoDate } from '../../../platform/calendar/workdays';

// Pure rules of development projects (R-DEV-50): money in fen, the 5 % allowance, the time flags.

/** "10500.5" / "10500.50" / 10500.5 → 1050050 fen. The caller has validated the format. */
export function toFen(value: string | number): number {
  const [whole = '0', fraction = ''] = String(value).split('.');
  return Number(whole) * 100 + Number((fraction + '00').slice(0, 2));
}

/** 1050050 → "10500.50" (the wire and numeric(16,2) form). */
export function fenText(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** 1050050 → "10,500.50" for Chinese messages. */
export function yuan(fen: number): string {
  const [whole, fraction] = fenText(fen).split('.');
  return `${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`;
}

/** The most an item may spend: its budget plus the allowance (rate 0.05 → budget 10,000 allows 10,500). */
export function itemLimitFen(budgetFen: number, overBudgetRate: number): number {
  const basisPoints = Math.round(overBudgetRate * 10_000);
  return budgetFen + Math.floor((budgetFen * basisPoints) / 10_000);
}

/** Same day `months` calendar months later, clamped to the month's end (01-31 + 1 → 02-28). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7)) - 1 + months;
  const targetYear = year + Math.floor(month / 12);
  const targetMonth = ((month % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  const day = Math.min(Number(date.slice(8, 10)), lastDay);
  return `${String(targetYear).padStart(4, '0')}-${String(targetMonth + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export const PROGRESS_INTERVAL_DAYS = 30;

export type ProjectFlag = 'no_progress_3m' | 'review_6m' | 'report_12m';

export const flagLabels: Record<ProjectFlag, string> = {
  no_progress_3m: '3 个月无进展',
  review_6m: '6 个月无进展，需评审',
  report_12m: '立项满 12 个月未达成目标，需书面报告',
};

/** When the next progress report is due: 30 days after the last one (or the approval). */
export function progressDueDate(lastProgressDate: IsoDate): IsoDate {
  return addDays(lastProgressDate, PROGRESS_INTERVAL_DAYS);
}

/**
 * The strongest flag that applies to an active project on `today` (Shanghai dates): 12 months
 * since approval (still active = target not reached) → report_12m; 6 months without progress →
 * review_6m; 3 months → no_progress_3m; else none.
 */
export function projectFlagOn(today: IsoDate, approvedDate: IsoDate, lastProgressDate: IsoDate): ProjectFlag | null {
  if (addMonths(approvedDate, 12) <= today) return 'report_12m';
  if (addMonths(lastProgressDate, 6) <= today) return 'review_6m';
  if (addMonths(lastProgressDate, 3) <= today) return 'no_progress_3m';
  return null;
}
