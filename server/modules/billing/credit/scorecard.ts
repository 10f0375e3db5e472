import { z } from 'zod';
import { moneyInput } from '../../../platform/money';

// 信用评分卡 (R-CRD-01…03) as pure rules: five dimensions scored 0–100, weighted by the version in
// force into a total (2 decimals, half-up), the total mapped to A/B/C/D by the version's
// thresholds, and each rating mapped to its policy. No I/O here, so the rules are tested alone.

export const dimensions = ['completeness', 'quality', 'strength', 'solvency', 'performance'] as const;
export type Dimension = (typeof dimensions)[number];
export const dimensionNames: Record<Dimension, string> = {
  completeness: '信息完整度',
  quality: '企业素质',
  strength: '经济实力与规模',
  solvency: '偿债能力',
  performance: '履约表现',
};
export const ratings = ['A', 'B', 'C', 'D'] as const;
export type Rating = (typeof ratings)[number];

export type Weights = Record<Dimension, number>;
export type Scores = Record<Dimension, number>;
export interface Thresholds {
  A: number;
  B: number;
  C: number;
}
export interface RatingPolicy {
  /** one_period: the value of one billing period; fixed: `fixedLimit`; none: 先款后货. */
  limitMode: 'one_period' | 'fixed' | 'none';
  fixedLimit: string;
  /** Months of billing history before the limit applies; until then the customer pays in advance. */
  limitAfterMonths: number;
  /** A contract needs a guarantor, joint guarantee or collateral (R-CRD-04). */
  security: boolean;
}
export type Policies = Record<Rating, RatingPolicy>;

const score = z.number('分值应为 0–100 的整数').int('分值应为 0–100 的整数').min(0, '分值应为 0–100 的整数').max(100, '分值应为 0–100 的整数');
const policyInput = z.object({
  limitMode: z.enum(['one_period', 'fixed', 'none'], '额度方式应为 one_period（一个结算期）、fixed（固定额度）或 none（先款后货）'),
  fixedLimit: moneyInput({ label: '固定额度' }).default('0.00'),
  limitAfterMonths: z.number().int().min(0, '月数不能为负').max(36, '月数不超过 36').default(0),
  security: z.boolean().default(false),
});
export const scorecardInput = z
  .object({
    weights: z.object({ completeness: score, quality: score, strength: score, solvency: score, performance: score }),
    thresholds: z.object({ A: score, B: score, C: score }),
    policies: z.object({ A: policyInput, B: policyInput, C: policyInput, D: policyInput }),
    note: z.string().trim().min(4, '请说明本版评分卡的修订理由（至少 4 个字）').max(1000),
  })
  .superRefine((body, ctx) => {
    const sum = dimensions.reduce((total, key) => total + body.weights[key], 0);
    if (sum !== 100) ctx.addIssue({ code: 'custom', path: ['weights'], message: `五个维度的权重合计应为 100，现为 ${sum}` });
    if (!(body.thresholds.A > body.thresholds.B && body.thresholds.B > body.thresholds.C)) {
      ctx.addIssue({ code: 'custom', path: ['thresholds'], message: '分数线应满足 A > B > C（低于 C 线为 D 级）' });
    }
    for (const rating of ratings) {
      const policy = body.policies[rating];
      if (policy.limitMode === 'fixed' && Number(policy.fixedLimit) <= 0) ctx.addIssue({ code: 'custom', path: ['policies', rating, 'fixedLimit'], message: `${rating} 级按固定额度时须填写大于 0 的额度` });
    }
  });
export type ScorecardInput = z.infer<typeof scorecardInput>;

export const defaultScorecard: ScorecardInput = {
  weights: { completeness: 10, quality: 20, strength: 20, solvency: 20, performance: 30 },
  thresholds: { A: 85, B: 70, C: 55 },
  policies: {
    A: { limitMode: 'one_period', fixedLimit: '0.00', limitAfterMonths: 0, security: false },
    B: { limitMode: 'fixed', fixedLimit: '20000.00', limitAfterMonths: 3, security: false },
    C: { limitMode: 'fixed', fixedLimit: '5000.00', limitAfterMonths: 0, security: false },
    D: { limitMode: 'none', fixedLimit: '0.00', limitAfterMonths: 0, security: true },
  },
  note: '初始评分卡：A 级可赊一个结算期；B 级先预付，满 3 个月后额度 2 万元；C 级复评后 5 千元；D 级先款后货并须担保',
};

/**
 * Weighted total: the weights are whole percentages summing to 100 and the scores whole points,
 * so Σ weight × score is an integer number of hundredths — exact, no rounding to decide a grade.
 */
export function totalScore(weights: Weights, scores: Scores): string {
  const hundredths = dimensions.reduce((sum, key) => sum + weights[key] * scores[key], 0);
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
}

export function ratingOf(thresholds: Thresholds, total: string): Rating {
  const points = Math.round(Number(total) * 100); // hundredths, integers on both sides
  if (points >= thresholds.A * 100) return 'A';
  if (points >= thresholds.B * 100) return 'B';
  if (points >= thresholds.C * 100) return 'C';
  return 'D';
}

/** Months until the next review: A every 6, B every 3, C and D monthly (R-CRD-03). */
export const reviewMonths: Record<Rating, number> = { A: 6, B: 3, C: 1, D: 1 };

/** Grades worse than before; 0 when equal or better. */
export function gradesDropped(before: Rating | null, after: Rating): number {
  if (!before) return 0;
  return Math.max(0, ratings.indexOf(after) - ratings.indexOf(before));
}

export interface PaymentBehaviour {
  billsDue: number;
  onTimeRate: number | null;
  averageDaysLate: number | null;
  maxDaysOverdueNow: number;
}

/**
 * 履约表现 from billing (R-CRD-03): the on-time rate as points (100 × rate), less the average days
 * late of settled bills (at most 30 points) and the days the oldest open bill is overdue now (at
 * most 40 points). A customer without bills due yet scores 60 — neither trusted nor suspect.
 */
export function performanceScore(behaviour: PaymentBehaviour): number {
  const overduePenalty = Math.min(40, Math.max(0, behaviour.maxDaysOverdueNow));
  if (behaviour.billsDue === 0 || behaviour.onTimeRate === null) return Math.max(0, 60 - overduePenalty);
  const latePenalty = Math.min(30, Math.max(0, Math.round(behaviour.averageDaysLate ?? 0)));
  return Math.max(0, Math.min(100, Math.round(behaviour.onTimeRate * 100) - latePenalty - overduePenalty));
}

export const performanceRule = '履约表现 = 近 12 个月按时结清率 × 100 − 已结清账单平均逾期天数（最多扣 30 分）− 当前最长逾期天数（最多扣 40 分）；尚无到期账单时按 60 分计';
