import { describe, expect, it } from 'vitest';
import { formatNumber, parsePattern, PatternError, periodKey, shanghaiParts, validateRule } from './number-format';

const parts = { year: 2026, month: 3, day: 7 };

describe('number formats (R-PLT-51)', () => {
  it('R-PLT-51 renders every token', () => {
    const fmt = (pattern: string, seq = 42, unitCode = 'SH') => formatNumber(parsePattern(pattern), { parts, unitCode, seq });
    expect(fmt('HT-{YYYY}-{unit}-{seq:5}')).toBe('HT-2026-SH-00042');
    expect(fmt('{unit}{YYYY}{seq:6}')).toBe('SH2026000042');
    expect(fmt('GD-{YYYY}{MM}-{seq:5}')).toBe('GD-202603-00042');
    expect(fmt('{YY}{MM}{DD}.{seq:3}')).toBe('260307.042');
    expect(fmt('A/{seq:1}', 7)).toBe('A/7');
    // A sequence wider than its field is printed in full, never truncated into a duplicate.
    expect(fmt('X{seq:2}', 123)).toBe('X123');
  });

  it('R-PLT-51 derives the period in Asia/Shanghai', () => {
    // 2025-12-31 16:30 UTC is already 2026-01-01 in Shanghai.
    expect(shanghaiParts(new Date('2025-12-31T16:30:00Z'))).toEqual({ year: 2026, month: 1, day: 1 });
    expect(shanghaiParts(new Date('2025-12-31T15:59:59Z'))).toEqual({ year: 2025, month: 12, day: 31 });
    expect(periodKey('yearly', parts)).toBe('2026');
    expect(periodKey('monthly', parts)).toBe('2026-03');
    expect(periodKey('never', parts)).toBe('all');
  });

  it('R-PLT-51 refuses patterns without one {seq:N}, unknown tokens and odd characters, in Chinese', () => {
    const problem = (pattern: string, reset: 'never' | 'yearly' | 'monthly' = 'never') => {
      try {
        validateRule(pattern, reset);
        return null;
      } catch (error) {
        expect(error).toBeInstanceOf(PatternError);
        return (error as Error).message;
      }
    };
    expect(problem('HT-{YYYY}')).toMatch(/必须包含流水号/);
    expect(problem('{seq:3}{seq:3}')).toMatch(/只能包含一个/);
    expect(problem('{seq:0}')).toMatch(/位数/);
    expect(problem('{seq:13}')).toMatch(/位数/);
    expect(problem('{seq}')).toMatch(/不认识的占位符/);
    expect(problem('{YYYYMM}{seq:3}')).toMatch(/不认识的占位符/);
    expect(problem('HT {seq:3}')).toMatch(/固定部分/);
    expect(problem('合同{seq:3}')).toMatch(/固定部分/);
    expect(problem('{seq:3')).toMatch(/没有对应/);
    expect(problem('seq:3}')).toMatch(/多余/);
    expect(problem('HT-{seq:5}', 'yearly')).toMatch(/按年重置/);
    expect(problem('HT-{YYYY}-{seq:5}', 'monthly')).toMatch(/按月重置/);
    expect(problem('HT-{YYYY}-{seq:5}', 'yearly')).toBeNull();
    expect(problem('HT-{YY}{MM}-{seq:5}', 'monthly')).toBeNull();
    expect(problem('HT-{seq:5}', 'never')).toBeNull();
  });
});
