import { addDays, addMonths, daysBetween, shanghaiDate } from '../../../platform/dates';
import { parseYuan } from '../../../platform/money';
// Pure grading rules (R-CUS-21…23): the rolling revenue window (money in integer fen), revenue
// tiers × unit coefficient, quota allocation and the serious-downgrade deadline. No I/O here.

// ── months (Asia/Shanghai) ─────────────────────────────────────────────────

export interface RevenueWindow {
  /** First month counted (first day). */
  from: string;
  /** Last month counted: the last complete month in Shanghai (first day). */
  to: string;
  /** The 12 months, oldest first. */
  months: string[];
}

/** Rolling 12 months ending at the last complete month in Asia/Shanghai (R-CUS-21). */
export function rollingWindow(now: Date): RevenueWindow {
  const currentMonth = `${shanghaiDate(now).slice(0, 7)}-01`;
  const to = addMonths(currentMonth, -1);
  const months = Array.from({ length: 12 }, (_, i) => addMonths(to, i - 11));
  return { from: months[0]!, to, months };
}

/** `2026-02` or `2026-02-01` → `2026-02-01`; null when not a real month. */
export function monthStartOf(text: string): string | null {
  const match = /^(\d{4})-(0[1-9]|1[0-2])(?:-01)?$/.exec(text);
  return match ? `${match[1]}-${match[2]}-01` : null;
}

// ── grades ─────────────────────────────────────────────────────────────────

/** Below every tier, and the rest under quota grading (合格). */
export const BASE_GRADE = 'qualified';
/** Quota grading (R-CUS-22): VIP ≤ 15 %, 优选 ≤ 30 %, the rest 合格. */
export const QUOTA_VIP = 'vip';
export const QUOTA_PREFERRED = 'preferred';
export const QUOTA_GRADES = [QUOTA_VIP, QUOTA_PREFERRED, BASE_GRADE] as const;
export const QUOTA_PERCENT = { vip: 15, preferred: 30 } as const;
export const FIXED_GRADE_NAMES: Record<string, string> = { vip: 'VIP', preferred: '优选', qualified: '合格' };

export type GradingMethod = 'revenue' | 'quota';

export interface Tier {
  code: string;
  name: string;
  /** CNY per year before the coefficient, numeric string. */
  minAnnualRevenue: string;
}

/** Default tiers (R-CUS-21), seeded once into an empty tier table. */
export const DEFAULT_TIERS: (Tier & { sortOrder: number })[] = [
  { code: 'diamond', name: '钻石', minAnnualRevenue: '5000000.00', sortOrder: 1 },
  { code: 'platinum', name: '白金', minAnnualRevenue: '2000000.00', sortOrder: 2 },
  { code: 'gold', name: '黄金', minAnnualRevenue: '200000.00', sortOrder: 3 },
  { code: 'vip', name: 'VIP', minAnnualRevenue: '10000.00', sortOrder: 4 },
];

/** `0.8`, `"0.80"` → 80n (hundredths); the coefficient has two decimals (numeric(4,2)). */
export function coefficientHundredths(coefficient: string | number): bigint {
  const text = typeof coefficient === 'number' ? coefficient.toFixed(2) : coefficient;
  return parseYuan(text);
}

/** The threshold a unit applies: tier × coefficient, in fen, rounded up to the next fen. */
export function effectiveThresholdFen(minAnnualRevenue: string, coefficient: string | number): bigint {
  const product = parseYuan(minAnnualRevenue) * coefficientHundredths(coefficient);
  return (product + 99n) / 100n;
}

/**
 * R-CUS-21: the highest tier whose threshold × coefficient the annual revenue reaches; below
 * every tier → 合格. Compared in integer fen: revenue × 100 ≥ threshold × coefficient-hundredths.
 */
export function resolveRevenueGrade(revenueFen: bigint, tiers: readonly Tier[], coefficient: string | number): string {
  const factor = coefficientHundredths(coefficient);
  let best: { code: string; threshold: bigint } | null = null;
  for (const tier of tiers) {
    const threshold = parseYuan(tier.minAnnualRevenue);
    if (revenueFen * 100n >= threshold * factor && (!best || threshold > best.threshold)) best = { code: tier.code, threshold };
  }
  return best?.code ?? BASE_GRADE;
}

export interface QuotaLimits {
  total: number;
  vip: number;
  preferred: number;
}

/** Quota sizes for a unit of `total` customers, rounded DOWN: 20 → 3 VIP, 6 优选; 6 → 0 VIP, 1 优选. */
export function quotaLimits(total: number): QuotaLimits {
  return {
    total,
    vip: Math.floor((total * QUOTA_PERCENT.vip) / 100),
    preferred: Math.floor((total * QUOTA_PERCENT.preferred) / 100),
  };
}

/**
 * R-CUS-22: the grade of the customer at 1-based `rank` when a unit's customers are ordered by
 * rolling revenue, highest first (ties by id). Only customers with revenue above zero can take a
 * VIP or 优选 place; places left over stay empty.
 */
export function quotaGradeAt(rank: number, revenueFen: bigint, limits: QuotaLimits): string {
  if (revenueFen <= 0n) return BASE_GRADE;
  if (rank <= limits.vip) return QUOTA_VIP;
  if (rank <= limits.vip + limits.preferred) return QUOTA_PREFERRED;
  return BASE_GRADE;
}

/** Whole-unit allocation (used by tests and small units): id → grade. */
export function allocateQuota(customers: readonly { id: number; revenueFen: bigint }[]): Map<number, string> {
  const ordered = [...customers].sort((a, b) => (a.revenueFen === b.revenueFen ? a.id - b.id : a.revenueFen > b.revenueFen ? -1 : 1));
  const limits = quotaLimits(ordered.length);
  return new Map(ordered.map((customer, index) => [customer.id, quotaGradeAt(index + 1, customer.revenueFen, limits)]));
}

/** The grades a unit using `method` may assign, best first. */
export function gradesForMethod(method: GradingMethod, tiers: readonly Tier[]): string[] {
  if (method === 'quota') return [...QUOTA_GRADES];
  const ordered = [...tiers].sort((a, b) => (parseYuan(b.minAnnualRevenue) > parseYuan(a.minAnnualRevenue) ? 1 : -1));
  return [...ordered.map((tier) => tier.code).filter((code) => code !== BASE_GRADE), BASE_GRADE];
}

/**
 * Rank of a grade for "is this a downgrade": tiers by threshold (higher = better), 优选 between
 * VIP and 合格, 合格 = 0, no grade = -1. Unknown codes rank as 合格.
 */
export function gradeRank(grade: string | null, tiers: readonly Tier[]): number {
  if (grade === null) return -1;
  if (grade === BASE_GRADE) return 0;
  const ordered = [...tiers].sort((a, b) => (parseYuan(a.minAnnualRevenue) > parseYuan(b.minAnnualRevenue) ? 1 : -1));
  const index = ordered.findIndex((tier) => tier.code === grade);
  if (grade === QUOTA_PREFERRED && index < 0) return 0.5;
  if (grade === QUOTA_VIP && index < 0) return 1;
  return index < 0 ? 0 : index + 1;
}

export function gradeName(grade: string | null, names: ReadonlyMap<string, string>): string | null {
  if (grade === null) return null;
  return names.get(grade) ?? FIXED_GRADE_NAMES[grade] ?? grade;
}

// ── unit settings ──────────────────────────────────────────────────────────

export interface UnitSetting {
  unitId: number;
  method: GradingMethod;
  coefficient: string;
  topN: number;
}

export const DEFAULT_SETTING: Omit<UnitSetting, 'unitId'> = { method: 'revenue', coefficient: '1.00', topN: 100 };

/**
 * The setting that applies to a unit: its own, else the nearest ancestor's (walking the
 * materialised path `/1/4/9/` upwards), else the default (revenue, 1.00, top 100).
 */
export function effectiveSetting(
  unitPath: string,
  settings: ReadonlyMap<number, UnitSetting>,
): Omit<UnitSetting, 'unitId'> & { sourceUnitId: number | null } {
  const ids = unitPath.split('/').filter(Boolean).map(Number).reverse();
  for (const id of ids) {
    const own = settings.get(id);
    if (own) return { method: own.method, coefficient: own.coefficient, topN: own.topN, sourceUnitId: id };
  }
  return { ...DEFAULT_SETTING, sourceUnitId: null };
}

// ── serious downgrade (R-CUS-23) ───────────────────────────────────────────

/** A downgrade after a serious problem must be applied within this many days of the evaluation. */
export const SERIOUS_DOWNGRADE_DAYS = 5;


/** The last Shanghai calendar day on which the downgrade may still be applied. */
export function seriousDowngradeDeadline(evaluatedAt: string): string {
  return addDays(evaluatedAt, SERIOUS_DOWNGRADE_DAYS);
}

/** `future` (evaluation date after today), `late` (more than 5 days ago) or `ok`. */
export function seriousDowngradeTiming(evaluatedAt: string, now: Date): 'ok' | 'late' | 'future' {
  const days = daysBetween(evaluatedAt, shanghaiDate(now));
  if (days < 0) return 'future';
  return days > SERIOUS_DOWNGRADE_DAYS ? 'late' : 'ok';
}

/** True for a real calendar date `YYYY-MM-DD`. */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}
