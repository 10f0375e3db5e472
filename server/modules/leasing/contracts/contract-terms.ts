import { z } from 'zod';
import { addDays, addMonths, daysBetween, daysInclusive, isValidIsoDate, type IsoDate } from '../../../platform/dates';
import { AppError, type FieldError } from '../../../platform/errors';
import { amountOf, moneyInput, proratedAmount, sumFen, yuanText, type Fen } from '../../../platform/money';

// The price terms of a contract as data (R-LEA-11, R-LEA-35): everything billing (R-BIL-02)
// needs to compute the schedule from the contract alone. Pure functions; no database here.

export const billingCycles = ['monthly', 'quarterly', 'yearly'] as const;
export type BillingCycle = (typeof billingCycles)[number];
export const billingCycleNames: Record<BillingCycle, string> = { monthly: '按月', quarterly: '按季', yearly: '按年' };
export const cycleMonths: Record<BillingCycle, number> = { monthly: 1, quarterly: 3, yearly: 12 };

/**
 * How a charge item is priced: per m² per day, per m² per month, a fixed amount per month,
 * by recorded usage (tons, uses, meter readings — R-BIL-03) at the unit price, or once.
 */
export const chargeBases = ['sqm_day', 'sqm_month', 'month', 'usage', 'once'] as const;
export type ChargeBasis = (typeof chargeBases)[number];
export const chargeBasisNames: Record<ChargeBasis, string> = {
  sqm_day: '元/㎡·天',
  sqm_month: '元/㎡·月',
  month: '元/月',
  usage: '元/计量单位（按用量）',
  once: '元（一次性）',
};

const isoDate = (label: string) => z.string().refine(isValidIsoDate, `${label}应为有效日期，格式 YYYY-MM-DD`);

/** A rate as a decimal fraction (0.05 = 5 %) with at most `places` decimals, within [0, max]. */
export function rateInput(label: string, places: number, max = 1) {
  const pattern = new RegExp(`^\\d(\\.\\d{1,${places}})?$`);
  const message = `${label}应为 0 到 ${max} 之间的小数（如 0.05 表示 5%），最多 ${places} 位小数`;
  return z
    .union([z.string(), z.number()], message)
    .transform((value, ctx) => {
      const text = String(value).trim();
      if (!pattern.test(text) || Number(text) > max) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return Number(text).toFixed(places);
    });
}

export const chargeTermInput = z.object({
  /** A code of the 收费项目 dictionary (R-BIL-01). */
  item: z.string().trim().min(1, '请选择收费项目').max(40),
  basis: z.enum(chargeBases, `计价方式应为 ${chargeBases.join('/')} 之一`),
  unitPrice: moneyInput({ label: '单价', integerDigits: 10 }),
  /** Rent-free periods leave this item out (default: rent only). */
  rentFree: z.boolean().optional(),
  /** Yearly escalation applies to this item (default: rent only). */
  escalates: z.boolean().optional(),
  note: z.string().trim().max(200).optional(),
});

export const freePeriodInput = z.object({
  startDate: isoDate('免租开始日'),
  endDate: isoDate('免租结束日'),
  note: z.string().trim().max(200).optional(),
});

/**
 * 量价阶梯与年度量返 (R-BIL-20): the billed volume of some charge items over each billing period
 * (`period`) or contract year (`contract_year`) earns the rate of the highest tier it reaches
 * (达到 X 元以上给予 Y%), credited on the first bill after the window ends.
 */
export const rebateRuleInput = z.object({
  window: z.enum(['period', 'contract_year'], '计算期间应为 period（每个结算期）或 contract_year（每个合同年度）'),
  items: z.array(z.string().trim().min(1).max(50)).min(1, '请选择计入量返的收费项目').max(20),
  tiers: z
    .array(z.object({ threshold: moneyInput({ label: '量返门槛', positive: true }), rate: rateInput('返利比例', 4, 0.5) }))
    .min(1, '至少填写一档')
    .max(5, '不超过 5 档'),
});

export const contractTermsInput = z.object({
  billingCycle: z.enum(billingCycles, '结算周期应为 monthly/quarterly/yearly（按月/按季/按年）之一'),
  /** Day of month (1–28) on which a period is due, in advance (R-BIL-02). */
  paymentDay: z.number('付款日应为 1–28 的整数').int('付款日应为 1–28 的整数').min(1, '付款日应为 1–28 的整数').max(28, '付款日应为 1–28 的整数'),
  charges: z.array(chargeTermInput).min(1, '至少填写一个收费项目').max(20, '收费项目不超过 20 个'),
  freePeriods: z.array(freePeriodInput).max(24, '免租期不超过 24 段').default([]),
  /** Yearly escalation (递增), compounded from each anniversary of the start date. */
  escalationRate: rateInput('年递增率', 4, 1).default('0.0000'),
  deposit: moneyInput({ label: '保证金' }).default('0.00'),
  /** Late fee per day of the overdue amount (e.g. 0.0005 = 万分之五/天) after grace days. */
  lateFeeRate: rateInput('滞纳金日费率', 6, 0.01).default('0.000000'),
  lateFeeGraceDays: z.number().int().min(0, '滞纳金宽限天数不能为负').max(365, '滞纳金宽限天数不超过 365').default(0),
  /** 违约金 rule in words (R-LEA-35). */
  penaltyRule: z.string().trim().max(500).default(''),
  guarantor: z.string().trim().max(200).default(''),
  /** 代办费比率 where an agent is used. */
  agentCommissionRate: rateInput('代办费比率', 4, 1).default('0.0000'),
  /** The project's standard incentive package applied (e.g. 「首年免租 2 个月」), if any. */
  incentivePackage: z.string().trim().max(200).default(''),
  /** The standard package of the project taken (R-LEA-35): its rent-free months need no further approval. */
  incentivePackageId: z.number('优惠政策编号应为整数').int('优惠政策编号应为整数').positive('优惠政策编号应为整数').max(2_147_483_647, '编号超出范围').nullish(),
  /** Absent in contracts saved before rebates existed: read as none. */
  rebates: z.array(rebateRuleInput).max(5, '量返规则不超过 5 条').optional(),
});

export type ContractTermsInput = z.input<typeof contractTermsInput>;
export type ContractTerms = z.output<typeof contractTermsInput>;
export type ChargeTerm = ContractTerms['charges'][number];

/** Whether rent-free days and escalation apply to a charge (defaults: rent only). */
export const appliesRentFree = (charge: ChargeTerm) => charge.rentFree ?? charge.item === 'rent';
export const appliesEscalation = (charge: ChargeTerm) => charge.escalates ?? charge.item === 'rent';

/**
 * Checks the terms against the contract's term: rent-free periods inside the term, start not
 * after end, no two overlapping; one line per charge item. Field paths are those of the request.
 */
export function termProblems(terms: ContractTerms, startDate: IsoDate, endDate: IsoDate): FieldError[] {
  const problems: FieldError[] = [];
  if (endDate < startDate) problems.push({ field: 'endDate', message: '合同结束日不能早于开始日' });
  const sorted = terms.freePeriods.map((period, index) => ({ ...period, index })).sort((a, b) => a.startDate.localeCompare(b.startDate));
  for (const period of sorted) {
    const at = `terms.freePeriods.${period.index}`;
    if (period.endDate < period.startDate) problems.push({ field: `${at}.endDate`, message: '免租结束日不能早于开始日' });
    else if (period.startDate < startDate || period.endDate > endDate) problems.push({ field: `${at}.startDate`, message: `免租期应在合同期限 ${startDate} 至 ${endDate} 之内` });
  }
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1]!;
    const current = sorted[i]!;
    if (current.startDate <= previous.endDate) {
      problems.push({ field: `terms.freePeriods.${current.index}.startDate`, message: `免租期 ${current.startDate} 至 ${current.endDate} 与 ${previous.startDate} 至 ${previous.endDate} 重叠` });
    }
  }
  const billedItems = new Set(terms.charges.map((charge) => charge.item));
  (terms.rebates ?? []).forEach((rule, index) => {
    rule.items.forEach((item, itemIndex) => {
      if (!billedItems.has(item)) problems.push({ field: `terms.rebates.${index}.items.${itemIndex}`, message: `量返项目「${item}」不是本合同的收费项目` });
    });
    rule.tiers.forEach((tier, tierIndex) => {
      const previous = rule.tiers[tierIndex - 1];
      if (previous && Number(tier.threshold) <= Number(previous.threshold)) problems.push({ field: `terms.rebates.${index}.tiers.${tierIndex}.threshold`, message: '各档门槛应从低到高排列' });
      else if (previous && Number(tier.rate) < Number(previous.rate)) problems.push({ field: `terms.rebates.${index}.tiers.${tierIndex}.rate`, message: '高一档的返利比例不能低于低一档' });
    });
  });
  const seen = new Map<string, number>();
  terms.charges.forEach((charge, index) => {
    const key = `${charge.item}|${charge.basis}`;
    if (seen.has(key)) problems.push({ field: `terms.charges.${index}.item`, message: `收费项目与第 ${seen.get(key)! + 1} 行重复` });
    else seen.set(key, index);
  });
  return problems;
}

export function assertTerms(terms: ContractTerms, startDate: IsoDate, endDate: IsoDate): void {
  const problems = termProblems(terms, startDate, endDate);
  if (problems.length) throw new AppError('VALIDATION_FAILED', `合同条款有误 — ${problems.map((p) => p.message).join('；')}`, problems);
}

/**
 * The term as whole one-month spans counted from the start plus the remaining days as a
 * fraction of the next span (R-BIL-02's convention): 2027-01-15 … 2027-03-20 = 2 + 6/31.
 */
export function termMonths(startDate: IsoDate, endDate: IsoDate): { months: number; partDays: number; spanDays: number } {
  const after = addDays(endDate, 1);
  let months = 0;
  while (addMonths(startDate, months + 1) <= after) months++;
  const spanStart = addMonths(startDate, months);
  return { months, partDays: daysBetween(spanStart, after), spanDays: daysBetween(spanStart, addMonths(startDate, months + 1)) };
}

const freeDaysOf = (terms: ContractTerms) => terms.freePeriods.reduce((sum, p) => sum + daysInclusive(p.startDate, p.endDate), 0);

/**
 * 合同总额（估算）: what the review thresholds compare against (R-LEA-13). Each item over the
 * whole term at its starting price, rent-free days left out of the items they apply to;
 * escalation and usage-based items are not estimated. The billing schedule is the exact figure.
 */
export function estimateAmount(terms: ContractTerms, totalArea: string, startDate: IsoDate, endDate: IsoDate): string {
  const days = daysInclusive(startDate, endDate);
  const { months, partDays, spanDays } = termMonths(startDate, endDate);
  const freeDays = freeDaysOf(terms);
  // Month-priced items: (months + partDays / spanDays) months, scaled by the share of billed days.
  const monthUnits = BigInt(months) * BigInt(spanDays) + BigInt(partDays);
  const lines = terms.charges.map((charge): Fen => {
    const billedDays = appliesRentFree(charge) ? Math.max(0, days - freeDays) : days;
    switch (charge.basis) {
      case 'sqm_day':
        return amountOf(charge.unitPrice, totalArea, billedDays);
      case 'sqm_month':
        return proratedAmount([charge.unitPrice, totalArea, monthUnits, billedDays], BigInt(spanDays) * BigInt(days));
      case 'month':
        return proratedAmount([charge.unitPrice, monthUnits, billedDays], BigInt(spanDays) * BigInt(days));
      case 'once':
        return amountOf(charge.unitPrice);
      default:
        return 0n;
    }
  });
  return yuanText(sumFen(lines));
}

/** A rent per m² per month from a price and its basis (a month of days = 365/12). */
function monthlyPerSqm(price: string, basis: 'day' | 'month' | 'sqm_day' | 'sqm_month'): number {
  const value = Number(price);
  return basis === 'day' || basis === 'sqm_day' ? (value * 365) / 12 : value;
}

/**
 * 折扣率 of the rent against the units' list rent (R-BIL-20), weighted by let area: 0.1000 when
 * the contract's rent is 10 % below list. Units without a list rent, and contracts without a
 * rent priced per m², give 0.
 */
export function discountRate(terms: ContractTerms, units: { area: string; listRent: string | null; rentBasis: string | null }[]): string {
  const rent = terms.charges.find((charge) => charge.item === 'rent' && (charge.basis === 'sqm_day' || charge.basis === 'sqm_month'));
  if (!rent) return '0.0000';
  let list = 0;
  let agreed = 0;
  for (const unit of units) {
    if (!unit.listRent || Number(unit.listRent) <= 0) continue;
    const area = Number(unit.area);
    list += area * monthlyPerSqm(unit.listRent, unit.rentBasis === 'day' ? 'day' : 'month');
    agreed += area * monthlyPerSqm(rent.unitPrice, rent.basis as 'sqm_day' | 'sqm_month');
  }
  if (list <= 0 || agreed >= list) return '0.0000';
  return (1 - agreed / list).toFixed(4);
}

export const percentText = (rate: string) => `${(Number(rate) * 100).toFixed(2).replace(/\.?0+$/, '')}%`;

/** The terms in words, one entry per subject, for versions, the diff and the template. */
export function termsInWords(terms: ContractTerms, itemNames: Map<string, string>): Record<string, string> {
  const charges = terms.charges.map((charge) => {
    const flags = [appliesRentFree(charge) ? '' : '不适用免租', appliesEscalation(charge) && Number(terms.escalationRate) > 0 ? '' : '不递增'].filter(Boolean);
    return `${itemNames.get(charge.item) ?? charge.item} ${charge.unitPrice} ${chargeBasisNames[charge.basis]}${flags.length ? `（${flags.join('，')}）` : ''}`;
  });
  return {
    收费项目: charges.join('；'),
    结算周期: `${billingCycleNames[terms.billingCycle]}预付，每期付款日 ${terms.paymentDay} 日`,
    免租期: terms.freePeriods.length ? terms.freePeriods.map((p) => `${p.startDate} 至 ${p.endDate}`).join('；') : '无',
    年递增率: Number(terms.escalationRate) > 0 ? percentText(terms.escalationRate) : '不递增',
    保证金: `${terms.deposit} 元`,
    滞纳金: Number(terms.lateFeeRate) > 0 ? `逾期每日 ${percentText(terms.lateFeeRate)}，宽限 ${terms.lateFeeGraceDays} 天` : '不收取',
    违约金: terms.penaltyRule || '无',
    担保人: terms.guarantor || '无',
    代办费比率: Number(terms.agentCommissionRate) > 0 ? percentText(terms.agentCommissionRate) : '无',
    优惠政策: terms.incentivePackage || '无',
    量价返利: terms.rebates?.length
      ? terms.rebates
          .map((rule) => `${rule.window === 'period' ? '每个结算期' : '每个合同年度'}${rule.items.map((item) => itemNames.get(item) ?? item).join('、')}开账达到 ${rule.tiers.map((tier) => `${tier.threshold} 元返 ${percentText(tier.rate)}`).join('、')}`)
          .join('；')
      : '无',
  };
}
