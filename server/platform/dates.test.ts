import { describe, expect, it } from 'vitest';
import { addMonths, dayNumberOf, fromDayNumber, toDayNumber } from './dates';

describe('business dates', () => {
  it('fromDayNumber formats every day from 1900 to 2200 as Date does', () => {
    const first = toDayNumber('1900-01-01');
    const last = toDayNumber('2200-12-31');
    for (let n = first; n <= last; n++) {
      const expected = new Date(n * 86_400_000).toISOString().slice(0, 10);
      if (fromDayNumber(n) !== expected) expect(fromDayNumber(n)).toBe(expected);
    }
    expect(fromDayNumber(0)).toBe('1970-01-01');
    expect(fromDayNumber(toDayNumber('2028-02-29'))).toBe('2028-02-29');
  });

  it('dayNumberOf agrees with toDayNumber, month ends included', () => {
    expect(dayNumberOf(2027, 1, 31)).toBe(toDayNumber('2027-01-31'));
    expect(dayNumberOf(2028, 2, 29)).toBe(toDayNumber('2028-02-29'));
    expect(dayNumberOf(2027, 13, 1)).toBe(toDayNumber('2028-01-01'));
  });

  it('addMonths clamps to the month end and counts from the original date', () => {
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2027-01-31', 2)).toBe('2027-03-31');
    expect(addMonths('2027-03-31', -1)).toBe('2027-02-28');
  });
});
