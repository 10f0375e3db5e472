import type { MessageKey, Translate } from '../../app/i18n/dictionary';

// Jobs in words rather than codes (「每天 02:30」, 「到期 0，失效 0」): the schedule and the
// counts a run reports. The raw cron stays in a tooltip for administrators who edit it.

const WEEKDAYS: MessageKey[] = ['jobs.weekday.0', 'jobs.weekday.1', 'jobs.weekday.2', 'jobs.weekday.3', 'jobs.weekday.4', 'jobs.weekday.5', 'jobs.weekday.6'];
const pad = (n: string) => n.padStart(2, '0');
const isNumber = (part: string) => /^\d{1,2}$/.test(part);

/** A five-field cron as words; anything unusual is shown as written. */
export function cronInWords(cron: string, t: Translate): string {
  const parts = cron.trim().split(/\s+/);
  if (parts.length !== 5) return cron;
  const [minute, hour, day, month, weekday] = parts as [string, string, string, string, string];
  const time = isNumber(minute) && isNumber(hour) ? `${pad(hour)}:${pad(minute)}` : null;
  if (day === '*' && month === '*' && weekday === '*') {
    if (minute === '*' && hour === '*') return t('jobs.cron.everyMinute');
    const every = /^\*\/(\d+)$/.exec(minute);
    if (every && hour === '*') return t('jobs.cron.everyMinutes', { n: every[1]! });
    if (isNumber(minute) && hour === '*') return t('jobs.cron.hourly', { m: minute });
    if (time) return t('jobs.cron.daily', { time });
  }
  if (time && day === '*' && month === '*' && /^[0-6]$/.test(weekday)) return t('jobs.cron.weekly', { day: t(WEEKDAYS[Number(weekday)]!), time });
  if (time && isNumber(day) && month === '*' && weekday === '*') return t('jobs.cron.monthly', { day, time });
  if (time && isNumber(day) && isNumber(month) && weekday === '*') return t('jobs.cron.yearly', { month, day, time });
  return cron;
}

/** Labels of the counts jobs report; a key without one is shown as it is. */
export const outputLabels: Record<string, MessageKey> = {
  checked: 'jobs.output.checked',
  changed: 'jobs.output.changed',
  cleared: 'jobs.output.cleared',
  completed: 'jobs.output.completed',
  created: 'jobs.output.created',
  due: 'jobs.output.due',
  durationMs: 'jobs.output.durationMs',
  escalated: 'jobs.output.escalated',
  failed: 'jobs.output.failed',
  file: 'jobs.output.file',
  flagged: 'jobs.output.flagged',
  lapsed: 'jobs.output.lapsed',
  lastId: 'jobs.output.lastId',
  missed: 'jobs.output.missed',
  overdue: 'jobs.output.overdue',
  processed: 'jobs.output.processed',
  pruned: 'jobs.output.pruned',
  released: 'jobs.output.released',
  reminded: 'jobs.output.reminded',
  reminders: 'jobs.output.reminders',
  removed: 'jobs.output.removed',
  reports: 'jobs.output.reports',
  reviews: 'jobs.output.reviews',
  sent: 'jobs.output.sent',
  skipped: 'jobs.output.skipped',
  skippedInactiveOwner: 'jobs.output.skippedInactiveOwner',
  stale: 'jobs.output.stale',
  tasks: 'jobs.output.tasks',
  units: 'jobs.output.units',
  warned: 'jobs.output.warned',
  withoutManager: 'jobs.output.withoutManager',
};

/** 「到期 0，失效 0」 from `{ due: 0, lapsed: 0 }`. */
export function outputInWords(output: Record<string, unknown>, t: Translate): string {
  return Object.entries(output)
    .map(([key, value]) => {
      const label = outputLabels[key] ? t(outputLabels[key]) : key;
      const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
      return `${label} ${key === 'file' ? text.split(/[\\/]/).pop() : text}`;
    })
    .join(t('jobs.output.separator'));
}
