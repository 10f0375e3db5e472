import { describe, expect, it } from 'vitest';
import { contractVisitDates, keyAccountVisitDates, renewalVisitDate } from './plan';

describe('return visit plan', () => {
  it('R-SVC-20 a contract is visited monthly in its first year and quarterly after, within the contract', () => {
    const all = contractVisitDates('2026-01-15', '2028-01-14', '2026-01-01', '2028-12-31');
    expect(all.slice(0, 12)).toEqual(['2026-02-15', '2026-03-15', '2026-04-15', '2026-05-15', '2026-06-15', '2026-07-15', '2026-08-15', '2026-09-15', '2026-10-15', '2026-11-15', '2026-12-15', '2027-01-15']);
    // Then quarterly; 2028-01-15 is past the end.
    expect(all.slice(12)).toEqual(['2027-04-15', '2027-07-15', '2027-10-15']);
    // Only the window asked for; a month-end start keeps to month ends.
    expect(contractVisitDates('2026-01-31', '2030-01-30', '2026-02-01', '2026-04-30')).toEqual(['2026-02-28', '2026-03-31', '2026-04-30']);
  });

  it('R-SVC-20 key accounts are visited as their grade requires, and before a renewal', () => {
    expect(keyAccountVisitDates(1, '2026-01-01', '2026-03-31')).toEqual(['2026-01-10', '2026-02-10', '2026-03-10']);
    expect(keyAccountVisitDates(3, '2026-01-11', '2026-12-31')).toEqual(['2026-04-10', '2026-07-10', '2026-10-10']);
    expect(keyAccountVisitDates(2, '2026-01-01', '2026-06-30')).toEqual(['2026-01-10', '2026-03-10', '2026-05-10']);
    expect(renewalVisitDate('2027-03-31')).toBe('2027-01-30');
  });
});
