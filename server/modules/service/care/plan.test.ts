import { describe, expect, it } from 'vitest';
import { decemberRound, festivalsBetween, nextBirthday } from './plan';

describe('care calendar planning', () => {
  it('R-SVC-23 the next birthday within the horizon, across the year end and on 29 February', () => {
    expect(nextBirthday('1975-12-20', '2026-12-07', '2027-01-06')).toBe('2026-12-20');
    expect(nextBirthday('1980-01-03', '2026-12-07', '2027-01-06')).toBe('2027-01-03');
    expect(nextBirthday('1980-01-08', '2026-12-07', '2027-01-06')).toBeNull();
    expect(nextBirthday('1976-02-29', '2027-02-01', '2027-03-03')).toBe('2027-02-28');
    expect(nextBirthday('1976-02-29', '2028-02-01', '2028-03-02')).toBe('2028-02-29');
  });
  it('R-SVC-23 festivals are the first days of the official holidays, each once', () => {
    // National Day and Mid-Autumn 2026 (1–7 October, 25–27 September).
    expect(festivalsBetween('2026-09-20', '2026-10-10')).toEqual([
      { date: '2026-09-25', name: '中秋' },
      { date: '2026-10-01', name: '国庆节' },
    ]);
    // A festival that began before the range was planned when its first day entered the horizon.
    expect(festivalsBetween('2026-10-03', '2026-10-10')).toEqual([]);
    expect(festivalsBetween('2026-11-01', '2026-11-30')).toEqual([]);
  });
  it('R-SVC-23 the December round falls on 20 December once the horizon reaches it', () => {
    expect(decemberRound('2026-11-19', '2026-12-19')).toBeNull();
    expect(decemberRound('2026-11-20', '2026-12-20')).toBe('2026-12-20');
    expect(decemberRound('2026-12-21', '2027-01-20')).toBeNull();
  });
});
