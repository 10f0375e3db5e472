import { addDays, addMonths, type IsoDate } from '../../../platform/dates';
import type { Fen } from '../../../platform/money';

// Pure rules of development projects (R-DEV-50): the 5 % allowance and the time flags.

/** The most an item may spend: its budget plus the allowance (rate 0.05 → budget 10,000 allows 10,500). */
export function itemLimitFen(budgetFen: Fen, overBudgetRate: number): Fen {
  const basisPoints = BigInt(Math.round(overBudgetRate * 10_000));
  return budgetFen + (budgetFen * basisPoints) / 10_000n;
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
