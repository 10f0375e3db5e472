import { describe, expect, it } from 'vitest';
import { addMonths, shanghaiDate } from '../../../platform/dates';
import { parseYuan } from '../../../platform/money';
import {
  allocateQuota,
  BASE_GRADE,
  DEFAULT_TIERS,
  effectiveSetting,
  effectiveThresholdFen,
  gradeRank,
  gradesForMethod,
  isCalendarDate,
  monthStartOf,
  quotaGradeAt,
  quotaLimits,
  resolveRevenueGrade,
  rollingWindow,
  seriousDowngradeDeadline,
  seriousDowngradeTiming,
  type UnitSetting,
} from './grading-rules';

const yuan = (text: string) => parseYuan(text);

describe('grading — rolling window (Asia/Shanghai)', () => {
  it('R-CUS-21 the window is the 12 complete months before the current Shanghai month', () => {
    const window = rollingWindow(new Date('2026-03-02T02:00:00Z'));
    expect(window.from).toBe('2025-03-01');
    expect(window.to).toBe('2026-02-01');
    expect(window.months).toHaveLength(12);
    expect(window.months[0]).toBe('2025-03-01');
    expect(window.months[11]).toBe('2026-02-01');
    // 13 months back is outside; the current (incomplete) month is outside.
    expect(window.months).not.toContain('2025-02-01');
    expect(window.months).not.toContain('2026-03-01');
  });

  it('R-CUS-21 month boundaries follow Shanghai time, not UTC', () => {
    // 2026-02-28 16:00 UTC is already 1 March in Shanghai: February is complete.
    expect(rollingWindow(new Date('2026-02-28T16:00:00Z')).to).toBe('2026-02-01');
    expect(rollingWindow(new Date('2026-02-28T15:59:00Z')).to).toBe('2026-01-01');
    // Across a year end.
    expect(rollingWindow(new Date('2026-01-15T00:00:00Z'))).toMatchObject({ from: '2025-01-01', to: '2025-12-01' });
    expect(shanghaiDate(new Date('2025-12-31T16:00:00Z'))).toBe('2026-01-01');
  });

  it('R-CUS-21 month arithmetic and month parameters', () => {
    expect(addMonths('2026-01-01', -1)).toBe('2025-12-01');
    expect(addMonths('2025-12-01', 1)).toBe('2026-01-01');
    expect(addMonths('2026-03-01', -27)).toBe('2023-12-01');
    expect(monthStartOf('2026-02')).toBe('2026-02-01');
    expect(monthStartOf('2026-02-01')).toBe('2026-02-01');
    for (const bad of ['2026-13', '2026-00', '2026-2', '2026-02-15', 'x', '']) expect(monthStartOf(bad), bad).toBeNull();
  });
});

describe('grading — revenue tiers with coefficient (R-CUS-21)', () => {
  it('R-CUS-21 default tiers: 钻石 ≥ 5,000,000; 白金 ≥ 2,000,000; 黄金 ≥ 200,000; VIP ≥ 10,000; below → 合格', () => {
    const grade = (amount: string) => resolveRevenueGrade(yuan(amount), DEFAULT_TIERS, '1.00');
    expect(grade('5000000')).toBe('diamond');
    expect(grade('4999999.99')).toBe('platinum');
    expect(grade('2000000')).toBe('platinum');
    expect(grade('200000')).toBe('gold');
    expect(grade('199999.99')).toBe('vip');
    expect(grade('10000')).toBe('vip');
    expect(grade('9999.99')).toBe(BASE_GRADE);
    expect(grade('0')).toBe(BASE_GRADE);
    expect(grade('-100')).toBe(BASE_GRADE);
  });

  it('R-CUS-21 coefficient 0.8 moves 180,000 into 黄金 (200,000 × 0.8 = 160,000)', () => {
    expect(resolveRevenueGrade(yuan('180000'), DEFAULT_TIERS, '1.00')).toBe('vip');
    expect(resolveRevenueGrade(yuan('180000'), DEFAULT_TIERS, '0.80')).toBe('gold');
    expect(resolveRevenueGrade(yuan('180000'), DEFAULT_TIERS, 0.8)).toBe('gold');
    expect(resolveRevenueGrade(yuan('160000'), DEFAULT_TIERS, 0.8)).toBe('gold');
    expect(resolveRevenueGrade(yuan('159999.99'), DEFAULT_TIERS, 0.8)).toBe('vip');
    expect(resolveRevenueGrade(yuan('4500000'), DEFAULT_TIERS, 0.9)).toBe('diamond');
    // A coefficient above 1 raises the bar.
    expect(resolveRevenueGrade(yuan('200000'), DEFAULT_TIERS, 1.5)).toBe('vip');
    expect(resolveRevenueGrade(yuan('9000'), DEFAULT_TIERS, 0.9)).toBe('vip');
    expect(resolveRevenueGrade(yuan('8999.99'), DEFAULT_TIERS, 0.9)).toBe(BASE_GRADE);
  });

  it('R-CUS-21 thresholds × coefficient are exact in fen and rounded up to a whole fen', () => {
    expect(effectiveThresholdFen('200000', 0.8)).toBe(16_000_000n);
    expect(effectiveThresholdFen('10000.01', 0.85)).toBe(850_001n); // 850000.85 fen → 850001
    expect(effectiveThresholdFen('0.01', 0.5)).toBe(1n);
  });

  it('R-CUS-21 tiers need not be sorted; an admin tier in between is honoured', () => {
    const tiers = [...DEFAULT_TIERS].reverse().concat({ code: 'silver', name: '白银', minAnnualRevenue: '50000', sortOrder: 5 });
    expect(resolveRevenueGrade(yuan('60000'), tiers, 1)).toBe('silver');
    expect(gradesForMethod('revenue', tiers)).toEqual(['diamond', 'platinum', 'gold', 'silver', 'vip', 'qualified']);
    expect(gradesForMethod('quota', tiers)).toEqual(['vip', 'preferred', 'qualified']);
    expect(resolveRevenueGrade(yuan('1000000000'), [], 1)).toBe(BASE_GRADE);
  });

  it('R-CUS-23 grade rank tells a downgrade from an upgrade', () => {
    expect(gradeRank('diamond', DEFAULT_TIERS)).toBeGreaterThan(gradeRank('platinum', DEFAULT_TIERS));
    expect(gradeRank('gold', DEFAULT_TIERS)).toBeGreaterThan(gradeRank('vip', DEFAULT_TIERS));
    expect(gradeRank('vip', DEFAULT_TIERS)).toBeGreaterThan(gradeRank('preferred', DEFAULT_TIERS));
    expect(gradeRank('preferred', DEFAULT_TIERS)).toBeGreaterThan(gradeRank('qualified', DEFAULT_TIERS));
    expect(gradeRank('qualified', DEFAULT_TIERS)).toBeGreaterThan(gradeRank(null, DEFAULT_TIERS));
    // Without a vip tier, quota VIP still ranks above 优选.
    expect(gradeRank('vip', [])).toBeGreaterThan(gradeRank('preferred', []));
  });
});

describe('grading — quota allocation (R-CUS-22)', () => {
  it('R-CUS-22 quotas are rounded down: 20 → 3 VIP and 6 优选; 6 → 0 VIP and 1 优选', () => {
    expect(quotaLimits(20)).toEqual({ total: 20, vip: 3, preferred: 6 });
    expect(quotaLimits(6)).toEqual({ total: 6, vip: 0, preferred: 1 });
    expect(quotaLimits(7)).toEqual({ total: 7, vip: 1, preferred: 2 });
    expect(quotaLimits(0)).toEqual({ total: 0, vip: 0, preferred: 0 });
    expect(quotaLimits(200_000)).toEqual({ total: 200_000, vip: 30_000, preferred: 60_000 });
    for (let n = 0; n <= 500; n++) {
      const limits = quotaLimits(n);
      expect(limits.vip * 100).toBeLessThanOrEqual(n * 15);
      expect(limits.preferred * 100).toBeLessThanOrEqual(n * 30);
      expect((limits.vip + 1) * 100).toBeGreaterThan(n * 15);
    }
  });

  it('R-CUS-22 20 customers: the 3 highest revenues are VIP, the next 6 优选, the rest 合格', () => {
    const customers = Array.from({ length: 20 }, (_, i) => ({ id: i + 1, revenueFen: BigInt((i + 1) * 100_000) }));
    const grades = allocateQuota(customers);
    const of = (grade: string) => [...grades].filter(([, g]) => g === grade).map(([id]) => id);
    expect(of('vip')).toEqual([20, 19, 18]);
    expect(of('preferred')).toEqual([17, 16, 15, 14, 13, 12]);
    expect(of('qualified')).toHaveLength(11);
  });

  it('R-CUS-22 ties rank by id; customers without revenue never take a VIP or 优选 place', () => {
    const customers = [
      { id: 5, revenueFen: 100n },
      { id: 3, revenueFen: 100n },
      ...Array.from({ length: 18 }, (_, i) => ({ id: 100 + i, revenueFen: 0n })),
    ];
    const grades = allocateQuota(customers);
    expect(grades.get(3)).toBe('vip');
    expect(grades.get(5)).toBe('vip');
    expect([...grades.values()].filter((g) => g !== 'qualified')).toHaveLength(2);
    expect(quotaGradeAt(1, 0n, quotaLimits(20))).toBe('qualified');
    expect(quotaGradeAt(4, 1n, quotaLimits(20))).toBe('preferred');
    expect(quotaGradeAt(10, 1n, quotaLimits(20))).toBe('qualified');
  });
});

describe('grading — unit settings and serious downgrades', () => {
  it('R-CUS-21 a unit uses its own setting, else the nearest ancestor, else the default', () => {
    const settings = new Map<number, UnitSetting>([
      [1, { unitId: 1, method: 'revenue', coefficient: '0.90', topN: 50 }],
      [4, { unitId: 4, method: 'quota', coefficient: '1.00', topN: 20 }],
    ]);
    expect(effectiveSetting('/1/4/9/', settings)).toMatchObject({ method: 'quota', sourceUnitId: 4, topN: 20 });
    expect(effectiveSetting('/1/5/', settings)).toMatchObject({ method: 'revenue', coefficient: '0.90', sourceUnitId: 1 });
    expect(effectiveSetting('/2/7/', settings)).toEqual({ method: 'revenue', coefficient: '1.00', topN: 100, sourceUnitId: null });
  });

  it('R-CUS-23 a serious-problem downgrade is due within 5 days of the evaluation (Shanghai dates)', () => {
    expect(seriousDowngradeDeadline('2026-02-25')).toBe('2026-03-02');
    expect(seriousDowngradeDeadline('2024-02-26')).toBe('2024-03-02');
    const now = new Date('2026-03-02T02:00:00Z'); // 10:00 on 2 March in Shanghai
    expect(seriousDowngradeTiming('2026-03-02', now)).toBe('ok');
    expect(seriousDowngradeTiming('2026-02-25', now)).toBe('ok');
    expect(seriousDowngradeTiming('2026-02-24', now)).toBe('late');
    expect(seriousDowngradeTiming('2026-03-03', now)).toBe('future');
    // 23:30 on 2 March Shanghai is still 2 March; 00:30 on 3 March is not.
    expect(seriousDowngradeTiming('2026-02-25', new Date('2026-03-02T15:30:00Z'))).toBe('ok');
    expect(seriousDowngradeTiming('2026-02-25', new Date('2026-03-02T16:30:00Z'))).toBe('late');
    expect(isCalendarDate('2026-02-28')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-2-1')).toBe(false);
  });
});
