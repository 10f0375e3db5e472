import { addDays, addMonths, dayNumberOf, daysInMonth, fromDayNumber, toDayNumber, type IsoDate } from '../../../platform/dates';
import { amountOf, parseDecimal, proratedDecimals, yuanText, type Fen } from '../../../platform/money';
import type { ChargeTerm, ContractTerms } from '../../leasing';

// 账单计划 (R-BIL-02): the billing schedule of a contract, computed from its price terms alone.
// Pure and deterministic — the same contract always gives the same lines — so it can be checked
// by hand and by an independent implementation of the spec's conventions:
//  - periods of 1/3/12 months counted from the original start (31 Jan → 28/29 Feb → 31 Mar);
//  - due on the last payment day D on or before the period's start; the first on the start date;
//  - per m²·day: area × price × days; per month: full one-month spans (counted from the start)
//    at the monthly price, parts of a span at monthly × days / days of that span;
//  - escalation from each anniversary, compounded and rounded half-up to 4 decimals, a period
//    crossing an anniversary split into two lines;
//  - rent-free days left out of the items they apply to, a wholly free line kept at zero;
//  - every line rounded half-up to the fen once.

export interface ScheduleContract {
  startDate: IsoDate;
  endDate: IsoDate;
  /** Total let area (m², two decimals). */
  area: string;
  terms: ContractTerms;
}

export interface ScheduleLine {
  /** 1-based period number. */
  period: number;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  dueDate: IsoDate;
  /** Charge item code (dictionary 收费项目), `deposit` for the deposit line. */
  item: string;
  basis: ChargeTerm['basis'] | 'deposit';
  /** The days this line covers (inside the period, one price year). */
  lineStart: IsoDate;
  lineEnd: IsoDate;
  /** The unit price applied (escalated, 4 decimals). */
  unitPrice: string;
  /** Days billed (covered days minus rent-free days), for per-day items. */
  billedDays: number;
  /** Rent-free days left out of this line. */
  freeDays: number;
  /** For per-month items: billed months as a decimal text (e.g. "2 + 16/31"). */
  months: string | null;
  amount: string;
  /** How it was computed, in words a finance user can check by hand. */
  explanation: string;
}

const cycleMonths = { monthly: 1, quarterly: 3, yearly: 12 } as const;
/** A common multiple of every possible one-month span length (28…31 days). */
const SPAN_LCM = 28n * 29n * 30n * 31n / 2n; // 377,580: divisible by 28, 29, 30 and 31

// Inside the engine a date is its day number (days since 1970-01-01) and `addMonths(start, k)` is
// `anchors.at(k)`, computed once per contract: schedules run to millions of lines (R-BIL-02 at
// scale), and parsing and formatting date strings per line was most of their time. Strings are
// made once per period and segment, for the output.
type Day = number;

/** `addMonths(startDate, k)` for k ≥ 0 as day numbers, remembered. */
class MonthAnchors {
  private readonly year: number;
  private readonly month: number;
  private readonly day: number;
  private readonly days: Day[] = [];

  constructor(startDate: IsoDate) {
    const first = toDayNumber(startDate); // validates
    this.year = Number(startDate.slice(0, 4));
    this.month = Number(startDate.slice(5, 7));
    this.day = Number(startDate.slice(8, 10));
    this.days[0] = first;
  }

  at(k: number): Day {
    let value = this.days[k];
    if (value === undefined) {
      const index = this.month - 1 + k;
      const year = this.year + Math.floor(index / 12);
      const month = (index % 12) + 1;
      value = dayNumberOf(year, month, Math.min(this.day, daysInMonth(year, month)));
      this.days[k] = value;
    }
    return value;
  }
}

function periodDays(anchors: MonthAnchors, end: Day, months: number): { start: Day; end: Day }[] {
  const periods: { start: Day; end: Day }[] = [];
  for (let k = 0; ; k++) {
    const start = anchors.at(k * months);
    if (start > end) break;
    const last = anchors.at((k + 1) * months) - 1;
    periods.push({ start, end: last < end ? last : end });
  }
  return periods;
}

/** Periods [start, end] of the contract, counted from the original start date. */
export function periodsOf(startDate: IsoDate, endDate: IsoDate, cycle: keyof typeof cycleMonths): { start: IsoDate; end: IsoDate }[] {
  return periodDays(new MonthAnchors(startDate), toDayNumber(endDate), cycleMonths[cycle]).map((p) => ({ start: fromDayNumber(p.start), end: fromDayNumber(p.end) }));
}

/** Due date: the last day-of-month `paymentDay` on or before the period's start; the first period on its start. */
export function dueDateOf(periodStart: IsoDate, paymentDay: number, first: boolean): IsoDate {
  if (first) return periodStart;
  const day = Number(periodStart.slice(8, 10));
  const month = day >= paymentDay ? periodStart.slice(0, 7) : addMonths(`${periodStart.slice(0, 7)}-01`, -1).slice(0, 7);
  return `${month}-${String(paymentDay).padStart(2, '0')}`;
}

/** The unit price of each contract year (index 0 = first year), compounded and rounded to 4 decimals. */
export function yearlyPrices(unitPrice: string, rate: string, years: number): string[] {
  const prices = [roundTo4(parseDecimal(unitPrice))];
  const factor = parseDecimal(rate);
  for (let y = 1; y < years; y++) {
    const previous = parseDecimal(prices[y - 1]!);
    // previous × (1 + rate), exactly, then half-up to 4 decimals
    const onePlus = { units: 10n ** BigInt(factor.scale) + factor.units, scale: factor.scale };
    prices.push(roundTo4({ units: previous.units * onePlus.units, scale: previous.scale + onePlus.scale }));
  }
  return prices;
}

function roundTo4(value: { units: bigint; scale: number }): string {
  const shift = value.scale - 4;
  const units = shift <= 0 ? value.units * 10n ** BigInt(-shift) : halfUp(value.units, 10n ** BigInt(shift));
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const text = `${abs / 10000n}.${String(abs % 10000n).padStart(4, '0')}`;
  return negative ? `-${text}` : text;
}

function halfUp(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (n * 2n + d) / (2n * d);
  return negative ? -q : q;
}

/** Rent-free periods as day ranges. */
type FreeDays = readonly { from: Day; to: Day }[];

/** Days of [a, b] that fall in any of the rent-free periods. */
function freeDaysIn(a: Day, b: Day, free: FreeDays): number {
  let days = 0;
  for (const period of free) {
    const from = period.from > a ? period.from : a;
    const to = period.to < b ? period.to : b;
    if (to >= from) days += to - from + 1;
  }
  return days;
}

/** Splits [a, b] at each anniversary of the contract start: segments with their contract-year index. */
function byContractYear(anchors: MonthAnchors, a: Day, b: Day): { from: Day; to: Day; year: number }[] {
  const segments: { from: Day; to: Day; year: number }[] = [];
  let year = 0;
  while (anchors.at(12 * (year + 1)) <= a) year++;
  let from = a;
  while (from <= b) {
    const beforeAnniversary = anchors.at(12 * (year + 1)) - 1;
    const to = beforeAnniversary < b ? beforeAnniversary : b;
    segments.push({ from, to, year });
    from = to + 1;
    year++;
  }
  return segments;
}

/**
 * Month fractions of [a, b] by one-month spans counted from the start, rent-free days left out:
 * the sum scaled by SPAN_LCM (exact), and the same in words ("2 + 16/31").
 */
function monthsIn(anchors: MonthAnchors, a: Day, b: Day, free: FreeDays | null): { scaled: bigint; words: string } {
  // The span containing a: a month has at most 31 days, so a/31 months in is at or before it.
  let k = Math.max(0, Math.floor((a - anchors.at(0)) / 31) - 1);
  while (k > 0 && anchors.at(k) > a) k--;
  while (anchors.at(k + 1) <= a) k++;
  let scaled = 0n;
  let full = 0;
  const parts: string[] = [];
  for (; anchors.at(k) <= b; k++) {
    const spanStart = anchors.at(k);
    const next = anchors.at(k + 1);
    const spanDays = next - spanStart;
    const from = spanStart > a ? spanStart : a;
    const to = next - 1 < b ? next - 1 : b;
    const covered = (to >= from ? to - from + 1 : 0) - (free ? freeDaysIn(from, to, free) : 0);
    if (covered <= 0) continue;
    scaled += (BigInt(covered) * SPAN_LCM) / BigInt(spanDays);
    if (covered === spanDays) full++;
    else parts.push(`${covered}/${spanDays}`);
  }
  const words = parts.length === 0 ? (full ? String(full) : '0') : full ? `${full} + ${parts.join(' + ')}` : parts.join(' + ');
  return { scaled, words };
}

const basisUnit: Record<string, string> = { sqm_day: '元/㎡·天', sqm_month: '元/㎡·月', month: '元/月' };

/**
 * The whole schedule of a contract: one line per period, charge item and contract year. With a
 * window, only the days inside it are billed (periods still counted from the contract start):
 * an amendment's terms apply from its effective date.
 */
export function buildSchedule(contract: ScheduleContract, window?: { from: IsoDate; to: IsoDate }): ScheduleLine[] {
  const { terms, startDate, endDate, area } = contract;
  const anchors = new MonthAnchors(startDate);
  const startDay = anchors.at(0);
  const endDay = toDayNumber(endDate);
  const windowDays = window ? { from: toDayNumber(window.from), to: toDayNumber(window.to) } : null;
  const periods = periodDays(anchors, endDay, cycleMonths[terms.billingCycle]);
  const years = byContractYear(anchors, startDay, endDay).length;
  const areaValue = parseDecimal(area);
  const freePeriods: FreeDays = terms.freePeriods.map((period) => ({ from: toDayNumber(period.startDate), to: toDayNumber(period.endDate) }));
  const escalation = parseDecimal(terms.escalationRate).units > 0n;
  // Per charge, once: which free periods apply, whether it escalates, its price in each contract year.
  const pricing = terms.charges.map((charge) => {
    const escalates = (charge.escalates ?? charge.item === 'rent') && escalation;
    const prices = yearlyPrices(charge.unitPrice, escalates ? terms.escalationRate : '0', years);
    return { free: (charge.rentFree ?? charge.item === 'rent') ? freePeriods : null, escalates, prices, values: prices.map(parseDecimal) };
  });
  const deposit = parseDecimal(terms.deposit).units > 0n;
  const lines: ScheduleLine[] = [];
  periods.forEach((whole, index) => {
    const from = windowDays && windowDays.from > whole.start ? windowDays.from : whole.start;
    const to = windowDays && windowDays.to < whole.end ? windowDays.to : whole.end;
    if (from > to) return;
    const periodStart = fromDayNumber(whole.start);
    const periodEnd = fromDayNumber(whole.end);
    const dueDate = dueDateOf(periodStart, terms.paymentDay, index === 0);
    const period = index + 1;
    const opening = index === 0 && from === whole.start;
    const line = (item: string, basis: ScheduleLine['basis'], lineStart: IsoDate, lineEnd: IsoDate, unitPrice: string, billedDays: number, freeDays: number, months: string | null, amount: string, explanation: string): ScheduleLine => ({
      period,
      periodStart,
      periodEnd,
      dueDate,
      item,
      basis,
      lineStart,
      lineEnd,
      unitPrice,
      billedDays,
      freeDays,
      months,
      amount,
      explanation,
    });
    if (opening && deposit) lines.push(line('deposit', 'deposit', fromDayNumber(from), fromDayNumber(to), roundTo4(parseDecimal(terms.deposit)), 0, 0, null, yuanText(amountOf(terms.deposit)), `保证金 ${terms.deposit} 元，于合同开始日收取`));
    const segments = byContractYear(anchors, from, to);
    for (const [chargeIndex, charge] of terms.charges.entries()) {
      if (charge.basis === 'usage') continue; // billed from recorded usage (R-BIL-03)
      if (charge.basis === 'once') {
        if (opening) lines.push(line(charge.item, 'once', fromDayNumber(from), fromDayNumber(to), roundTo4(parseDecimal(charge.unitPrice)), 0, 0, null, yuanText(amountOf(charge.unitPrice)), `一次性收费 ${charge.unitPrice} 元`));
        continue;
      }
      const { free, escalates, prices, values } = pricing[chargeIndex]!;
      for (const segment of segments) {
        const price = prices[segment.year]!;
        const priceValue = values[segment.year]!;
        const days = segment.to - segment.from + 1;
        const freeDays = free ? freeDaysIn(segment.from, segment.to, free) : 0;
        const billedDays = days - freeDays;
        const lineStart = fromDayNumber(segment.from);
        const lineEnd = fromDayNumber(segment.to);
        const range = `${lineStart} 至 ${lineEnd}`;
        const yearNote = escalates && segment.year > 0 ? `（第 ${segment.year + 1} 年，递增后单价）` : '';
        let amount: Fen;
        let months: string | null = null;
        let explanation: string;
        if (charge.basis === 'sqm_day') {
          amount = proratedDecimals([areaValue, priceValue, { units: BigInt(billedDays), scale: 0 }], 1n);
          explanation = `${range}：${area} ㎡ × ${price} ${basisUnit.sqm_day}${yearNote} × ${billedDays} 天`;
        } else {
          const counted = monthsIn(anchors, segment.from, segment.to, free);
          months = counted.words;
          const scaled = { units: counted.scaled, scale: 0 };
          amount = charge.basis === 'sqm_month' ? proratedDecimals([areaValue, priceValue, scaled], SPAN_LCM) : proratedDecimals([priceValue, scaled], SPAN_LCM);
          explanation = `${range}：${charge.basis === 'sqm_month' ? `${area} ㎡ × ` : ''}${price} ${basisUnit[charge.basis]}${yearNote} × ${counted.words} 个月`;
        }
        if (freeDays > 0) explanation += billedDays === 0 ? `；整段为免租期（${freeDays} 天），本行为 0` : `；扣除免租 ${freeDays} 天`;
        lines.push(line(charge.item, charge.basis, lineStart, lineEnd, price, billedDays, freeDays, months, yuanText(amount), explanation));
      }
    }
  });
  return lines;
}

/** The terms in force from `from` (the contract's own from its start, an amendment's from its date). */
export interface TermSegment {
  from: IsoDate;
  area: string;
  terms: ContractTerms;
  /** One-off lines on the segment's first day: an amendment's 过户费, the contract's 定金 credits. */
  oneOff?: { item: string; amount: string; explanation: string }[];
}

/**
 * The schedule of a contract changed by amendments (R-BIL-02, R-LEA-30): each segment's terms
 * bill the days from its date to the day before the next; a period cut by an amendment is split
 * there, the part after it due no earlier than the amendment's date. A changed deposit gives a
 * line for the difference on that date.
 */
export function buildAmendedSchedule(startDate: IsoDate, endDate: IsoDate, segments: TermSegment[]): ScheduleLine[] {
  const lines: ScheduleLine[] = [];
  segments.forEach((segment, index) => {
    const to = index + 1 < segments.length ? addDays(segments[index + 1]!.from, -1) : endDate;
    if (segment.from > to) return;
    const part = buildSchedule({ startDate, endDate, area: segment.area, terms: segment.terms }, { from: segment.from, to });
    const note = index === 0 ? '签约时' : `补充协议自 ${segment.from} 起`;
    for (const line of index === 0 ? [] : part) {
      if (line.dueDate < segment.from) line.dueDate = segment.from;
      line.explanation = `${note}：${line.explanation}`;
    }
    const periods = periodsOf(startDate, endDate, segment.terms.billingCycle);
    const period = periods.findIndex((candidate) => candidate.start <= segment.from && segment.from <= candidate.end);
    const at = (item: string, basis: ScheduleLine['basis'], amount: Fen, explanation: string): ScheduleLine => ({
      period: period + 1,
      periodStart: periods[period]!.start,
      periodEnd: periods[period]!.end,
      dueDate: segment.from,
      item,
      basis,
      lineStart: segment.from,
      lineEnd: segment.from,
      unitPrice: roundTo4(parseDecimal(yuanText(amount))),
      billedDays: 0,
      freeDays: 0,
      months: null,
      amount: yuanText(amount),
      explanation,
    });
    const before = index === 0 ? segment.terms.deposit : segments[index - 1]!.terms.deposit;
    const difference = amountOf(segment.terms.deposit) - amountOf(before);
    if (difference !== 0n) {
      lines.push(at('deposit', 'deposit', difference, `${note}：保证金由 ${before} 元调整为 ${segment.terms.deposit} 元，${difference > 0n ? '补收' : '退还'}差额`));
    }
    for (const charge of segment.oneOff ?? []) lines.push(at(charge.item, 'once', amountOf(charge.amount), `${note}：${charge.explanation}`));
    lines.push(...part);
  });
  return lines.sort((a, b) => a.period - b.period || (a.lineStart < b.lineStart ? -1 : a.lineStart > b.lineStart ? 1 : 0));
}
