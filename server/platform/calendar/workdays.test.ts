import { describe, expect, it } from 'vitest';
import {
  addWorkdays,
  isOfficialWorkday,
  officialDay,
  officialYears,
  workdayLookup,
  workdaysBetween,
  type OverrideKind,
} from './workdays';
import { addDays, dayOfWeek, isValidIsoDate, shanghaiDate } from '../dates';

const official = workdayLookup(new Map());
const withOverrides = (entries: [string, OverrideKind][]) => workdayLookup(new Map(entries));

describe('workdays — pure arithmetic', () => {
  it('R-PLT-40 the 2025 National Day holiday: 1–8 October off, 28 September and 11 October worked', () => {
    for (let day = 1; day <= 8; day++) {
      const date = `2025-10-0${day}`;
      expect(officialDay(date).kind, date).toBe('holiday');
      expect(official(date), date).toBe(false);
    }
    expect(officialDay('2025-10-01').name).toBe('国庆节');
    expect(officialDay('2025-10-06').name).toBe('中秋');
    expect(officialDay('2025-09-28')).toMatchObject({ kind: 'makeup_workday', name: '国庆节' });
    expect(dayOfWeek('2025-09-28')).toBe(0); // a Sunday
    expect(officialDay('2025-10-11').kind).toBe('makeup_workday');
    expect(dayOfWeek('2025-10-11')).toBe(6); // a Saturday
    expect(officialDay('2025-09-27').kind).toBe('weekend');
    expect(officialDay('2025-10-12').kind).toBe('weekend');
    expect(officialDay('2025-10-09').kind).toBe('workday');
  });

  it('R-PLT-40 addWorkdays counts the n-th workday after the date, skipping the holiday', () => {
    expect(addWorkdays(official, '2025-09-30', 1)).toBe('2025-10-09');
    expect(addWorkdays(official, '2025-09-27', 1)).toBe('2025-09-28'); // Sunday make-up workday
    expect(addWorkdays(official, '2025-09-26', 2)).toBe('2025-09-29');
    expect(addWorkdays(official, '2025-09-30', 3)).toBe('2025-10-11'); // 9th, 10th, Saturday 11th
    expect(addWorkdays(official, '2025-09-30', 4)).toBe('2025-10-13');
    // On the holiday itself: the first workday after it.
    expect(addWorkdays(official, '2025-10-03', 1)).toBe('2025-10-09');
    // Backwards.
    expect(addWorkdays(official, '2025-10-09', -1)).toBe('2025-09-30');
    expect(addWorkdays(official, '2025-09-29', -1)).toBe('2025-09-28');
    expect(addWorkdays(official, '2025-09-29', -2)).toBe('2025-09-26');
  });

  it('R-PLT-40 addWorkdays with 0 keeps a workday and rolls an off day forward', () => {
    expect(addWorkdays(official, '2025-09-30', 0)).toBe('2025-09-30');
    expect(addWorkdays(official, '2025-10-01', 0)).toBe('2025-10-09');
    expect(addWorkdays(official, '2025-09-27', 0)).toBe('2025-09-28');
  });

  it('R-PLT-40 workdaysBetween counts (a, b] across the National Day holiday', () => {
    // (2025-09-26, 2025-10-12]: Sat 27 off, Sun 28 make-up (1), Mon 29 (2), Tue 30 (3),
    // 1–8 Oct holiday, Thu 9 (4), Fri 10 (5), Sat 11 make-up (6), Sun 12 off → 6 workdays.
    expect(workdaysBetween(official, '2025-09-26', '2025-10-12')).toBe(6);
    expect(workdaysBetween(official, '2025-10-12', '2025-09-26')).toBe(-6);
    expect(workdaysBetween(official, '2025-09-30', '2025-09-30')).toBe(0);
    expect(workdaysBetween(official, '2025-09-30', '2025-10-08')).toBe(0);
    expect(workdaysBetween(official, '2025-09-30', '2025-10-09')).toBe(1);
  });

  it('R-PLT-40 addWorkdays and workdaysBetween are inverse over a whole year', () => {
    for (let offset = 0; offset < 366; offset += 7) {
      const from = addDays('2025-01-01', offset);
      for (const n of [1, 2, 5, 10, 30]) {
        const due = addWorkdays(official, from, n);
        expect(workdaysBetween(official, from, due)).toBe(n);
        expect(official(due)).toBe(true);
        expect(addWorkdays(official, due, -n) <= from).toBe(true);
      }
    }
  });

  it('R-PLT-40 an override wins over the official calendar', () => {
    const lookup = withOverrides([
      ['2025-10-09', 'holiday'],
      ['2025-10-05', 'workday'],
    ]);
    expect(lookup('2025-10-09')).toBe(false);
    expect(lookup('2025-10-05')).toBe(true);
    expect(addWorkdays(lookup, '2025-09-30', 1)).toBe('2025-10-05');
    expect(addWorkdays(lookup, '2025-10-05', 1)).toBe('2025-10-10');
  });

  it('R-PLT-40 a year without package data uses plain weekends plus overrides', () => {
    expect(officialYears.has(2025)).toBe(true);
    expect(officialYears.has(2099)).toBe(false);
    expect(officialDay('2099-10-01').kind).toBe('workday'); // a Thursday, no notice for 2099
    expect(officialDay('2099-10-03').kind).toBe('weekend');
    expect(addWorkdays(official, '2099-10-02', 1)).toBe('2099-10-05');
    const lookup = withOverrides([['2099-10-05', 'holiday']]);
    expect(addWorkdays(lookup, '2099-10-02', 1)).toBe('2099-10-06');
  });

  it('handles dates without time-zone drift and rejects impossible dates', () => {
    expect(shanghaiDate(new Date('2025-09-30T16:30:00Z'))).toBe('2025-10-01');
    expect(shanghaiDate(new Date('2025-09-30T15:59:59Z'))).toBe('2025-09-30');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(isValidIsoDate('2025-02-29')).toBe(false);
    expect(isValidIsoDate('2024-02-29')).toBe(true);
    expect(isValidIsoDate('2025-13-01')).toBe(false);
    expect(isValidIsoDate('25-01-01')).toBe(false);
    expect(() => addWorkdays(official, '2025-02-30', 1)).toThrow(RangeError);
    expect(isOfficialWorkday('2026-02-14')).toBe(true); // Saturday make-up before the 2026 Spring Festival
  });
});
