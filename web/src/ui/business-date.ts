import dayjs, { type Dayjs } from 'dayjs';

/** Asia/Shanghai keeps UTC+8 all year. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/**
 * Today in the company's calendar (Asia/Shanghai), whatever the browser's time zone — the server
 * judges "today" and "not in the future" the same way. Given as local midnight of that date, like
 * the values of a date picker, so a browser abroad (or one on UTC between 00:00 and 08:00 Beijing
 * time) neither proposes yesterday nor refuses today.
 */
export function businessToday(): Dayjs {
  return dayjs(new Date(Date.now() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10));
}
