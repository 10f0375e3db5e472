import { describe, expect, it } from 'vitest';
import { workdayCalendarFrom } from '../../../platform/calendar/calendar.service';
import { complaintClocks, deadline, uncoveredDays, type Interval } from './sla';

// The complaint clocks on an injected clock (R-SVC-12), against the official 2026 calendar:
// 2026-09-05/06 is a weekend, 2026-10-01…07 National Day, 2026-10-10 (Saturday) a make-up workday.
// Times are Shanghai wall-clock (+08:00); every expected instant is worked out by hand in the comment.

const workdays = workdayCalendarFrom(new Map());
const at = (local: string) => new Date(`${local}+08:00`);
const HOUR = 3_600_000;
const stoppedFor = (from: Date, covered: string[], pauses: Interval[] = []) => [
  ...uncoveredDays(from, 60, { isWorkday: (d) => workdays.isWorkday(d), isCovered: (d) => covered.includes(d) }),
  ...pauses,
];

describe('complaint SLA clocks', () => {
  it('R-SVC-12 across a weekend: without duty cover the clock stands still on Saturday and Sunday; covered days count', () => {
    const received = at('2026-09-04T16:00:00'); // a Friday
    // Friday 16:00→24:00 is 8 h; Monday 00:00 + the remaining 64 h = Wednesday 16:00.
    expect(deadline(received, 72 * HOUR, stoppedFor(received, []))).toEqual(at('2026-09-09T16:00:00'));
    // Both days covered: plain calendar time, Monday 16:00.
    expect(deadline(received, 72 * HOUR, stoppedFor(received, ['2026-09-05', '2026-09-06']))).toEqual(at('2026-09-07T16:00:00'));
    // Saturday covered only: 8 h + 24 h, Sunday stands still, Monday 00:00 + 40 h = Tuesday 16:00.
    expect(deadline(received, 72 * HOUR, stoppedFor(received, ['2026-09-05']))).toEqual(at('2026-09-08T16:00:00'));
    // Received on an uncovered Saturday night: the 30 minutes start on Monday at 00:00.
    const late = at('2026-09-05T23:50:00');
    expect(deadline(late, 30 * 60_000, stoppedFor(late, []))).toEqual(at('2026-09-07T00:30:00'));
  });

  it('R-SVC-12 across a public holiday, with and without duty cover', () => {
    const received = at('2026-09-30T10:00:00');
    // 14 h on 30 September; 1–7 October stand still; 8 October 00:00 + 58 h = 10 October 10:00 (a make-up workday).
    expect(deadline(received, 72 * HOUR, stoppedFor(received, []))).toEqual(at('2026-10-10T10:00:00'));
    // 2 October covered: 14 h + 24 h; the remaining 34 h from 8 October 00:00 = 9 October 10:00.
    expect(deadline(received, 72 * HOUR, stoppedFor(received, ['2026-10-02']))).toEqual(at('2026-10-09T10:00:00'));
    // 1–3 October covered: the 58 h after 1 October 00:00 end on 3 October 10:00.
    expect(deadline(received, 72 * HOUR, stoppedFor(received, ['2026-10-01', '2026-10-02', '2026-10-03']))).toEqual(at('2026-10-03T10:00:00'));
  });

  it('R-SVC-12 a pause (waiting for the customer) stops both clocks visibly; an open pause has no deadline', () => {
    const received = at('2026-09-08T09:00:00'); // a Tuesday
    const pause = { start: at('2026-09-08T09:10:00'), end: at('2026-09-08T14:00:00') };
    const stopped = stoppedFor(received, [], [pause]);
    // The plan at 09:55: 10 running minutes before the pause, none during it — on time.
    const withPause = complaintClocks({ receivedAt: received, planAt: at('2026-09-08T09:55:00'), resolvedAt: null, now: at('2026-09-08T15:00:00'), stopped, paused: false });
    expect(withPause.plan).toMatchObject({ breached: false, usedMinutes: 10, dueAt: at('2026-09-08T14:20:00') });
    // 72 h plus the 4 h 50 min pause: Friday 13:50.
    expect(withPause.resolve).toMatchObject({ breached: false, dueAt: at('2026-09-11T13:50:00'), usedMinutes: 10 + 60 });
    // The same plan without the pause is 55 minutes late by 25.
    const without = complaintClocks({ receivedAt: received, planAt: at('2026-09-08T09:55:00'), resolvedAt: null, now: at('2026-09-08T15:00:00'), stopped: stoppedFor(received, []), paused: false });
    expect(without.plan).toMatchObject({ breached: true, usedMinutes: 55, dueAt: at('2026-09-08T09:30:00') });
    // Still waiting for the customer: no deadline, shown as paused, and not breached while it lasts.
    const open = complaintClocks({ receivedAt: received, planAt: at('2026-09-08T09:05:00'), resolvedAt: null, now: at('2026-09-20T09:00:00'), stopped: stoppedFor(received, [], [{ start: at('2026-09-08T10:00:00'), end: null }]), paused: true });
    expect(open.resolve).toMatchObject({ dueAt: null, paused: true, breached: false, usedMinutes: 60 });
    // Resolved late: used time counts to the resolution, and the breach stays on record.
    const late = complaintClocks({ receivedAt: received, planAt: at('2026-09-08T09:05:00'), resolvedAt: at('2026-09-12T09:00:00'), now: at('2026-09-20T09:00:00'), stopped: stoppedFor(received, []), paused: false });
    // Tuesday 09:00 → Saturday 00:00 is 15 h + 3 × 24 h = 87 h; the uncovered Saturday morning does not count.
    expect(late.resolve).toMatchObject({ breached: true, usedMinutes: 87 * 60 });
  });
});
