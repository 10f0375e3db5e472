import { describe, expect, it } from 'vitest';
import type { ContractTerms } from '../../leasing';
import { buildAmendedSchedule, buildSchedule, dueDateOf, periodsOf, yearlyPrices } from './billing-schedule';

const terms = (overrides: Partial<ContractTerms> = {}): ContractTerms => ({
  billingCycle: 'monthly',
  paymentDay: 5,
  charges: [{ item: 'rent', basis: 'sqm_day', unitPrice: '1.00' }],
  freePeriods: [],
  escalationRate: '0.0000',
  deposit: '0.00',
  lateFeeRate: '0.000000',
  lateFeeGraceDays: 0,
  penaltyRule: '',
  guarantor: '',
  agentCommissionRate: '0.0000',
  incentivePackage: '',
  ...overrides,
});

describe('R-BIL-02 billing schedule conventions', () => {
  it('R-BIL-02 periods are counted from the original start; a missing day is the month\'s last (31 Jan → 28 Feb → 31 Mar); the last period stops at the end', () => {
    expect(periodsOf('2027-01-31', '2027-05-15', 'monthly')).toEqual([
      { start: '2027-01-31', end: '2027-02-27' },
      { start: '2027-02-28', end: '2027-03-30' },
      { start: '2027-03-31', end: '2027-04-29' },
      { start: '2027-04-30', end: '2027-05-15' },
    ]);
    expect(periodsOf('2027-01-01', '2027-12-31', 'quarterly').map((p) => p.start)).toEqual(['2027-01-01', '2027-04-01', '2027-07-01', '2027-10-01']);
    expect(periodsOf('2027-03-15', '2029-03-14', 'yearly')).toEqual([
      { start: '2027-03-15', end: '2028-03-14' },
      { start: '2028-03-15', end: '2029-03-14' },
    ]);
  });

  it('R-BIL-02 due on the last payment day on or before the period start; the first period on its start', () => {
    expect(dueDateOf('2027-01-20', 5, true)).toBe('2027-01-20');
    expect(dueDateOf('2027-04-01', 5, false)).toBe('2027-03-05');
    expect(dueDateOf('2027-04-05', 5, false)).toBe('2027-04-05');
    expect(dueDateOf('2027-04-20', 5, false)).toBe('2027-04-05');
    expect(dueDateOf('2027-01-03', 28, false)).toBe('2026-12-28');
  });

  it('R-BIL-02 escalation compounds from each anniversary and is rounded half-up to 4 decimals', () => {
    expect(yearlyPrices('1.00', '0.05', 4)).toEqual(['1.0000', '1.0500', '1.1025', '1.1576']);
    expect(yearlyPrices('1.00', '0.05', 5)[4]).toBe('1.2155'); // 1.1576 × 1.05 = 1.21548
    expect(yearlyPrices('32.50', '0.03', 3)).toEqual(['32.5000', '33.4750', '34.4793']); // 34.479250 → 34.4793
  });

  it('R-BIL-02 per m²·day bills area × price × days, rent-free days left out; other items still bill; the deposit is due at the start', () => {
    const lines = buildSchedule({
      startDate: '2027-01-01',
      endDate: '2027-06-30',
      area: '1000.00',
      terms: terms({
        billingCycle: 'quarterly',
        charges: [
          { item: 'rent', basis: 'sqm_day', unitPrice: '1.00' },
          { item: 'property_fee', basis: 'sqm_month', unitPrice: '3.50' },
        ],
        freePeriods: [{ startDate: '2027-01-01', endDate: '2027-01-31' }],
        deposit: '30000.00',
      }),
    });
    expect(lines.map((l) => [l.period, l.item, l.dueDate, l.billedDays, l.amount])).toEqual([
      [1, 'deposit', '2027-01-01', 0, '30000.00'],
      [1, 'rent', '2027-01-01', 59, '59000.00'],
      [1, 'property_fee', '2027-01-01', 90, '10500.00'],
      [2, 'rent', '2027-03-05', 91, '91000.00'],
      [2, 'property_fee', '2027-03-05', 91, '10500.00'],
    ]);
    expect(lines[1]!.explanation).toBe('2027-01-01 至 2027-03-31：1000.00 ㎡ × 1.0000 元/㎡·天 × 59 天；扣除免租 31 天');
  });

  it('R-BIL-02 per month bills full one-month spans at the monthly price and parts at monthly × days / days of that span, rounded once per line', () => {
    const lines = buildSchedule({ startDate: '2027-03-15', endDate: '2027-05-20', area: '100.00', terms: terms({ charges: [{ item: 'rent', basis: 'sqm_month', unitPrice: '30.00' }] }) });
    expect(lines.map((l) => [l.periodStart, l.periodEnd, l.months, l.amount])).toEqual([
      ['2027-03-15', '2027-04-14', '1', '3000.00'],
      ['2027-04-15', '2027-05-14', '1', '3000.00'],
      ['2027-05-15', '2027-05-20', '6/31', '580.65'], // 3000 × 6 / 31 = 580.645…
    ]);
    // A rent-free start cuts the first span: 10,000 × 21/31 = 6,774.19
    const free = buildSchedule({
      startDate: '2027-01-01',
      endDate: '2027-02-28',
      area: '500.00',
      terms: terms({ charges: [{ item: 'rent', basis: 'month', unitPrice: '10000.00' }], freePeriods: [{ startDate: '2027-01-01', endDate: '2027-01-10' }] }),
    });
    expect(free.map((l) => [l.months, l.amount])).toEqual([
      ['21/31', '6774.19'],
      ['1', '10000.00'],
    ]);
  });

  it('R-BIL-02 a wholly rent-free period gives a zero line that says why; escalation applies from the anniversary; generating twice gives the same lines', () => {
    const contract = {
      startDate: '2027-01-01',
      endDate: '2028-12-31',
      area: '100.00',
      terms: terms({ billingCycle: 'yearly' as const, escalationRate: '0.0500', freePeriods: [{ startDate: '2027-01-01', endDate: '2027-12-31' }] }),
    };
    const lines = buildSchedule(contract);
    expect(lines.map((l) => [l.unitPrice, l.billedDays, l.amount])).toEqual([
      ['1.0000', 0, '0.00'],
      ['1.0500', 366, '38430.00'],
    ]);
    expect(lines[0]!.explanation).toContain('整段为免租期（365 天），本行为 0');
    expect(lines[1]!.explanation).toContain('第 2 年，递增后单价');
    expect(buildSchedule(contract)).toEqual(lines);
  });

  it('R-BIL-02 usage-based items are not scheduled; one-off items bill once in the first period', () => {
    const lines = buildSchedule({
      startDate: '2027-01-01',
      endDate: '2027-03-31',
      area: '10.00',
      terms: terms({ charges: [{ item: 'utilities', basis: 'usage', unitPrice: '1.20' }, { item: 'other', basis: 'once', unitPrice: '500.00' }] }),
    });
    expect(lines.map((l) => [l.period, l.item, l.amount])).toEqual([[1, 'other', '500.00']]);
  });

  it('R-BIL-02 R-LEA-30 an amendment re-computes from its effective date: the cut period is split there, earlier days keep the old terms, the deposit difference is billed on that date', () => {
    const before = terms({ charges: [{ item: 'rent', basis: 'sqm_month', unitPrice: '30.00' }], deposit: '10000.00' });
    const after = terms({ charges: [{ item: 'rent', basis: 'sqm_month', unitPrice: '33.00' }], deposit: '12000.00' });
    const original = buildSchedule({ startDate: '2027-01-01', endDate: '2027-06-30', area: '100.00', terms: before });
    const amended = buildAmendedSchedule('2027-01-01', '2027-06-30', [
      { from: '2027-01-01', area: '100.00', terms: before },
      { from: '2027-03-11', area: '120.00', terms: after, oneOff: [{ item: 'transfer_fee', amount: '500.00', explanation: '过户费 500.00 元' }] },
    ]);
    // Before 11 March nothing changes.
    const untouched = (lines: typeof original) => lines.filter((line) => line.period < 3);
    expect(untouched(amended)).toEqual(untouched(original));
    const march = amended.filter((line) => line.period === 3);
    // March: 10/31 at 100 m² × 30 = 967.74; 21/31 at 120 m² × 33 = 2682.58; +2000 deposit; +500 fee.
    expect(march.map((line) => [line.item, line.lineStart, line.lineEnd, line.amount, line.dueDate])).toEqual([
      ['rent', '2027-03-01', '2027-03-10', '967.74', '2027-02-05'],
      ['deposit', '2027-03-11', '2027-03-11', '2000.00', '2027-03-11'],
      ['transfer_fee', '2027-03-11', '2027-03-11', '500.00', '2027-03-11'],
      ['rent', '2027-03-11', '2027-03-31', '2682.58', '2027-03-11'],
    ]);
    expect(march[3]!.explanation).toContain('补充协议自 2027-03-11 起');
    expect(march[3]!.months).toBe('21/31');
    // Later periods bill the new terms in full; April's due date (5 March) had passed by the
    // amendment, so its recomputed line is due on the amendment's date; May keeps its own.
    const april = amended.find((line) => line.period === 4)!;
    expect([april.amount, april.dueDate]).toEqual(['3960.00', '2027-03-11']);
    expect(amended.find((line) => line.period === 5)!.dueDate).toBe('2027-04-05');
    // Generating twice gives the same lines.
    expect(buildAmendedSchedule('2027-01-01', '2027-06-30', [
      { from: '2027-01-01', area: '100.00', terms: before },
      { from: '2027-03-11', area: '120.00', terms: after, oneOff: [{ item: 'transfer_fee', amount: '500.00', explanation: '过户费 500.00 元' }] },
    ])).toEqual(amended);
  });

  it('R-BIL-02 an amendment that shortens the term stops the schedule at the new end; one that extends it adds periods', () => {
    const t = terms({ charges: [{ item: 'rent', basis: 'sqm_day', unitPrice: '1.00' }] });
    const shorter = buildAmendedSchedule('2027-01-01', '2027-02-14', [
      { from: '2027-01-01', area: '10.00', terms: t },
      { from: '2027-02-01', area: '10.00', terms: t },
    ]);
    expect(shorter.map((line) => [line.period, line.lineStart, line.lineEnd, line.amount])).toEqual([
      [1, '2027-01-01', '2027-01-31', '310.00'],
      [2, '2027-02-01', '2027-02-14', '140.00'],
    ]);
    const longer = buildAmendedSchedule('2027-01-01', '2027-04-30', [
      { from: '2027-01-01', area: '10.00', terms: t },
      { from: '2027-02-01', area: '10.00', terms: t },
    ]);
    expect(longer.map((line) => line.period)).toEqual([1, 2, 3, 4]);
  });
});
