import { z } from 'zod';

/**
 * 金额 — money in integer fen (分) as `bigint`, the only representation the code computes with
 * (R-BIL-01/02, ARCHITECTURE "Money"). Over HTTP and in numeric(16,2) columns money is a decimal
 * string of yuan with two places ("1200.50"); nobody multiplies floats.
 *
 * Conventions, written once:
 * - Rounding is half-up, i.e. half away from zero (¥0.005 → ¥0.01, −¥0.005 → −¥0.01), applied
 *   once per line to the exact product (never to intermediate results).
 * - `allocate` splits a total over lines in proportion to weights without losing or inventing a
 *   fen (largest remainder; ties go to the earlier line).
 * - Decimal factors (areas, unit prices, rates, days) are exact decimal strings, never floats.
 */

export type Fen = bigint;

const YUAN = /^(-)?(\d+)(?:\.(\d+))?$/;
/** The most integer digits a stored amount has (numeric(16,2)). */
export const MAX_YUAN_DIGITS = 14;

/** An exact decimal: `units / 10^scale`. */
export interface DecimalValue {
  units: bigint;
  scale: number;
}

/** "120.50" → { units: 12050n, scale: 2 }. Throws RangeError on anything that is not a plain decimal. */
export function parseDecimal(text: string | number | bigint): DecimalValue {
  if (typeof text === 'bigint') return { units: text, scale: 0 };
  const value = typeof text === 'number' ? numberText(text) : text.trim();
  const match = YUAN.exec(value);
  if (!match) throw new RangeError(`not a decimal number: ${value}`);
  const [, minus, whole, fraction = ''] = match;
  const units = BigInt(whole! + fraction);
  return { units: minus ? -units : units, scale: fraction.length };
}

/** Integers only: a float such as 0.1 has no exact decimal and is refused. */
function numberText(value: number): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not an exact integer: ${value} (pass decimals as strings)`);
  return String(value);
}

/** `numerator / denominator` rounded half away from zero. */
export function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  if (denominator < 0n) return divideHalfUp(-numerator, -denominator);
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  const quotient = (abs * 2n + denominator) / (denominator * 2n);
  return negative ? -quotient : quotient;
}

/** "1200.5" / "1200.50" / "-0.05" → fen. More than two decimals are rounded half-up. */
export function parseYuan(text: string | number | bigint): Fen {
  const { units, scale } = parseDecimal(text);
  if (scale <= 2) return units * 10n ** BigInt(2 - scale);
  return divideHalfUp(units, 10n ** BigInt(scale - 2));
}

/** Fen from a numeric column, which both drivers return as a string; null stays null. */
export function fenOf(value: string | number | null | undefined): Fen | null {
  return value === null || value === undefined ? null : parseYuan(value);
}

/** 120050n → "1200.50" (the wire and numeric(16,2) form). */
export function yuanText(fen: Fen): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  return `${negative ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** A decimal string in the stored form ("1200.5" → "1200.50"), so audit diffs compare equal values equal. */
export function canonicalYuan(text: string): string;
export function canonicalYuan(text: string | null | undefined): string | null | undefined;
export function canonicalYuan(text: string | null | undefined): string | null | undefined {
  return text === null || text === undefined ? text : yuanText(parseYuan(text));
}

/** 120050n → "1,200.50" for messages and printed documents. */
export function formatYuan(fen: Fen): string {
  const [whole, fraction] = yuanText(fen).split('.') as [string, string];
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`;
}

/** 120050n → "¥1,200.50". */
export function formatCny(fen: Fen): string {
  return fen < 0n ? `-¥${formatYuan(-fen)}` : `¥${formatYuan(fen)}`;
}

export function sumFen(values: Iterable<Fen>): Fen {
  let total = 0n;
  for (const value of values) total += value;
  return total;
}

/**
 * The product of decimal factors, as money in fen, rounded half-up once:
 * `amountOf('120.50', '3.2500', 31)` is area × price per m²·day × days in yuan → fen.
 * `divisor` divides the exact product first (e.g. days of the month for proration).
 */
export function amountOf(...factors: (string | number | bigint)[]): Fen {
  return proratedAmount(factors, 1n);
}

export function proratedAmount(factors: (string | number | bigint)[], divisor: bigint | number): Fen {
  return proratedDecimals(factors.map(parseDecimal), divisor);
}

/** `proratedAmount` for factors already parsed (a schedule parses its area and prices once). */
export function proratedDecimals(factors: readonly DecimalValue[], divisor: bigint | number): Fen {
  let units = 1n;
  let scale = 0;
  for (const value of factors) {
    units *= value.units;
    scale += value.scale;
  }
  // yuan × 100 = fen: shift the scale by two places, then divide once.
  const denominator = 10n ** BigInt(Math.max(0, scale - 2)) * BigInt(divisor);
  const numerator = scale < 2 ? units * 10n ** BigInt(2 - scale) : units;
  return divideHalfUp(numerator, denominator);
}

/** A money amount times a decimal rate (a discount, a late-fee rate), rounded half-up once. */
export function applyRate(fen: Fen, rate: string | number): Fen {
  const { units, scale } = parseDecimal(rate);
  return divideHalfUp(fen * units, 10n ** BigInt(scale));
}

/** A decimal rounded half-up to `places` decimals, as a string: price escalation to 4 places. */
export function roundDecimal(value: DecimalValue, places: number): string {
  const units = value.scale <= places ? value.units * 10n ** BigInt(places - value.scale) : divideHalfUp(value.units, 10n ** BigInt(value.scale - places));
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(places + 1, '0');
  const text = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return negative ? `-${text}` : text;
}

/** Exact product of decimals, e.g. a unit price × (1 + rate), before any rounding. */
export function multiplyDecimals(...factors: (string | number | bigint)[]): DecimalValue {
  return factors.map(parseDecimal).reduce((acc, value) => ({ units: acc.units * value.units, scale: acc.scale + value.scale }), { units: 1n, scale: 0 });
}

/**
 * Splits `total` over lines in proportion to `weights` (largest remainder): the parts always sum
 * to `total`, each within one fen of its exact share; ties go to the earlier line. Zero weights
 * get nothing; all-zero weights split evenly.
 */
export function allocate(total: Fen, weights: readonly bigint[]): Fen[] {
  if (weights.length === 0) {
    if (total !== 0n) throw new RangeError('cannot allocate a non-zero total over no lines');
    return [];
  }
  if (weights.some((weight) => weight < 0n)) throw new RangeError('weights must not be negative');
  if (total < 0n) return allocate(-total, weights).map((part) => -part);
  let basis = sumFen(weights);
  const effective = basis === 0n ? weights.map(() => 1n) : weights;
  if (basis === 0n) basis = BigInt(weights.length);
  const parts = effective.map((weight) => (total * weight) / basis);
  const remainders = effective.map((weight, index) => ({ index, rest: (total * weight) % basis }));
  let left = total - sumFen(parts);
  remainders.sort((a, b) => (a.rest === b.rest ? a.index - b.index : a.rest > b.rest ? -1 : 1));
  for (const { index } of remainders) {
    if (left === 0n) break;
    parts[index]! += 1n;
    left -= 1n;
  }
  return parts;
}

/** A tax-inclusive amount split into net and tax at `rate` ("0.09"): tax rounded half-up once. */
export function splitTax(grossFen: Fen, rate: string): { net: Fen; tax: Fen } {
  const { units, scale } = parseDecimal(rate);
  const one = 10n ** BigInt(scale);
  const tax = divideHalfUp(grossFen * units, one + units);
  return { net: grossFen - tax, tax };
}

/** Tax on a net amount at `rate`, rounded half-up once. */
export function taxOn(netFen: Fen, rate: string): Fen {
  return applyRate(netFen, rate);
}

// ── The one zod money schema ─────────────────────────────────────────────────

const FULL_WIDTH_DIGITS = /[０-９．，－]/g;
const toHalfWidth = (text: string) => text.replace(FULL_WIDTH_DIGITS, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

export interface MoneyInputOptions {
  /** Chinese name used in the message, e.g. 「预算金额」; defaults to 「金额」. */
  label?: string;
  /** Refuse zero (and negatives): budgets, payments. */
  positive?: boolean;
  /** Allow negative amounts (adjustments, refunds). */
  negative?: boolean;
  /** At most this many integer digits (default 14, numeric(16,2)). */
  integerDigits?: number;
  /**
   * Accept JSON numbers (default true): `1200.5` is read as the text it was sent as (JavaScript
   * prints the shortest text that parses back to the same number, so no precision is invented).
   * `false` asks for strings only, as the customer archive's API documents.
   */
  numbers?: boolean;
}

function moneyRules(options: MoneyInputOptions) {
  const label = options.label ?? '金额';
  const digits = options.integerDigits ?? MAX_YUAN_DIGITS;
  const pattern = new RegExp(`^${options.negative ? '-?' : ''}\\d{1,${digits}}(\\.\\d{1,2})?$`);
  const kind = options.negative ? '数' : options.positive ? '正数' : '非负数';
  const message = `${label}应为不超过 ${digits} 位整数、最多 2 位小数的${kind}，如 "1200.50"`;
  /** The canonical string, or undefined after adding the issue. */
  const normalize = (value: string | number, ctx: z.RefinementCtx): string | undefined => {
    if (typeof value === 'number' && (options.numbers === false || !Number.isFinite(value))) {
      ctx.addIssue({ code: 'custom', message: `${label}请以字符串提交，如 "1200.50"` });
      return undefined;
    }
    const text = typeof value === 'number' ? String(value) : toHalfWidth(value).trim().replace(/,/g, '');
    if (!pattern.test(text) || (options.positive && parseYuan(text) <= 0n)) {
      ctx.addIssue({ code: 'custom', message });
      return undefined;
    }
    return yuanText(parseYuan(text));
  };
  return { label, message, normalize };
}

/**
 * Money as the API accepts it: a decimal string of yuan with at most two places ("1200.5",
 * "1,200.50", full-width digits) or a JSON number with at most two places; the output is the
 * canonical string ("1200.50").
 */
export function moneyInput(options: MoneyInputOptions = {}) {
  const { label, message, normalize } = moneyRules(options);
  return z
    .union([z.string(), z.number()], message)
    .transform((value, ctx) => normalize(value, ctx) ?? z.NEVER)
    .meta({ description: `${label}（元），两位小数的十进制字符串，如 "1200.50"` });
}

/** An optional money field: omitted stays undefined; null and "" mean "no amount" (null). */
export function optionalMoneyInput(options: MoneyInputOptions = {}) {
  const { label, message, normalize } = moneyRules(options);
  return z
    .union([z.string(), z.number(), z.null()], message)
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      if (value === null || (typeof value === 'string' && value.trim() === '')) return null;
      return normalize(value, ctx) ?? z.NEVER;
    })
    .meta({ description: `${label}（元），两位小数的十进制字符串；null 表示不填` });
}

/** Money in a response: the canonical decimal string of yuan. */
export const moneyOutput = z.string().meta({ description: '金额（元），两位小数的十进制字符串' });
