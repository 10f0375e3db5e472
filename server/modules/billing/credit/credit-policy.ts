import { sql } from 'drizzle-orm';
import type { AppConfig } from '../../../platform/config';
import { addDays, addMonths } from '../../../platform/dates';
import { queryRows, type DbOrTx } from '../../../platform/db/client';
import { fieldError } from '../../../platform/errors';
import { parseYuan, yuanText } from '../../../platform/money';
import type { ContractCreditGuard, CustomerCreditCheck } from '../../leasing';
import { creditStandingOf } from '../arrears/credit-hold';
import type { Rating, RatingPolicy } from './scorecard';

// 评级 → 信用政策 (R-CRD-02, 04): the customer's current rating gives a credit limit for credit
// sales (记欠) and whether a contract needs security. Computed from the rows at a date, never
// stored, so a payment or an approved exception takes effect at once. A customer not yet rated
// has no limit beyond the arrears rules of R-BIL-12.

export const securityKinds = ['guarantor', 'joint_guarantee', 'collateral'] as const;

export interface CreditPosition {
  rating: Rating | null;
  scorecardVersion: number | null;
  policy: RatingPolicy | null;
  /** null: no rating, so no limit applies. */
  limit: string | null;
  limitBasis: string;
  /** The largest 超额度 exception approved and valid today, already included in `limit`. */
  exception: string | null;
  /** Open bills plus credit sales not billed yet. */
  exposure: string;
  available: string | null;
  securityRequired: boolean;
  securityOnFile: boolean;
}

interface Latest {
  rating: Rating;
  version: number;
  policies: Record<Rating, RatingPolicy>;
}

async function latestRating(db: DbOrTx, customerId: number): Promise<Latest | null> {
  const [row] = await queryRows<{ rating: Rating; version: number; policies: Record<Rating, RatingPolicy> }>(
    db,
    sql`SELECT r.rating, s.version, s.policies FROM credit_ratings r JOIN credit_scorecards s ON s.id = r.scorecard_id
         WHERE r.customer_id = ${customerId} ORDER BY r.id DESC LIMIT 1`,
  );
  if (!row) return null;
  // The policy of the version in force today applies to the rating, not the one it was computed under.
  const [active] = await queryRows<{ policies: Record<Rating, RatingPolicy> }>(db, sql`SELECT policies FROM credit_scorecards WHERE status = 'active'`);
  return { rating: row.rating, version: row.version, policies: active?.policies ?? row.policies };
}

export async function creditPositionOf(db: DbOrTx, customerId: number, today: string): Promise<CreditPosition> {
  const [figures] = await queryRows<{ open: string; unbilled: string; first_bill: string | null; largest_bill: string | null; largest_period: string | null; exception: string | null; security: number }>(
    db,
    sql`SELECT
          (SELECT coalesce(sum(total - paid - written_off), 0) FROM bills WHERE customer_id = ${customerId} AND status = 'issued' AND total - paid - written_off > 0) AS open,
          (SELECT coalesce(sum(amount), 0) FROM usage_charges WHERE customer_id = ${customerId} AND status = 'pending') AS unbilled,
          (SELECT min(issue_date)::text FROM bills WHERE customer_id = ${customerId} AND status = 'issued' AND total > 0) AS first_bill,
          (SELECT max(total) FROM bills WHERE customer_id = ${customerId} AND status = 'issued' AND issue_date > ${addDays(today, -365)}) AS largest_bill,
          (SELECT max(s) FROM (SELECT sum(amount) AS s FROM billing_schedule_lines WHERE customer_id = ${customerId} AND item <> 'deposit'
                                 AND due_date BETWEEN ${addDays(today, -365)} AND ${addDays(today, 365)} GROUP BY contract_id, due_date) p) AS largest_period,
          (SELECT max(amount) FROM credit_measures WHERE customer_id = ${customerId} AND kind = 'limit_increase' AND status = 'approved' AND valid_to >= ${today}) AS exception,
          (SELECT count(*)::int FROM credit_measures WHERE customer_id = ${customerId} AND kind IN ('guarantor', 'joint_guarantee', 'collateral') AND status = 'approved' AND (valid_to IS NULL OR valid_to >= ${today})) AS security`,
  );
  const exposure = parseYuan(figures!.open) + parseYuan(figures!.unbilled);
  const latest = await latestRating(db, customerId);
  const exception = figures!.exception ? parseYuan(figures!.exception) : 0n;
  const base = { exception: exception ? yuanText(exception) : null, exposure: yuanText(exposure), securityOnFile: figures!.security > 0 };
  if (!latest) return { rating: null, scorecardVersion: null, policy: null, limit: null, limitBasis: '尚未评级，不设记欠额度（仍受逾期停止记欠约束）', available: null, securityRequired: false, ...base };
  const policy = latest.policies[latest.rating];
  let limit = 0n;
  let limitBasis: string;
  const months = figures!.first_bill ? monthsSince(figures!.first_bill, today) : 0;
  if (policy.limitMode === 'none') {
    limitBasis = `${latest.rating} 级：先款后货，不给记欠额度`;
  } else if (months < policy.limitAfterMonths) {
    limitBasis = `${latest.rating} 级：出账满 ${policy.limitAfterMonths} 个月前先预付（现 ${months} 个月）`;
  } else if (policy.limitMode === 'fixed') {
    limit = parseYuan(policy.fixedLimit);
    limitBasis = `${latest.rating} 级：固定额度 ${policy.fixedLimit} 元`;
  } else {
    const bill = figures!.largest_bill ? parseYuan(figures!.largest_bill) : 0n;
    const period = figures!.largest_period ? parseYuan(figures!.largest_period) : 0n;
    limit = bill > period ? bill : period;
    limitBasis = `${latest.rating} 级：一个结算期的金额（近一年最大一期 ${yuanText(limit)} 元）`;
  }
  const total = limit + exception;
  if (exception) limitBasis += `，另有批准的超额度 ${yuanText(exception)} 元`;
  return { rating: latest.rating, scorecardVersion: latest.version, policy, limit: yuanText(total), limitBasis, available: yuanText(total - exposure), securityRequired: policy.security, ...base };
}

function monthsSince(from: string, today: string): number {
  let months = 0;
  while (months < 120 && addMonths(from, months + 1) <= today) months += 1;
  return months;
}

/**
 * 记欠 (credit sales, R-BIL-12 and R-CRD-02): a service delivered before payment is refused while
 * the customer is past due, or when it would take the customer beyond the limit of its rating.
 * Meter readings are consumption that already happened and are always billed; callers pass
 * only new services here.
 */
export async function assertCreditSaleAllowed(db: DbOrTx, config: AppConfig, customerId: number, amount: bigint, today: string): Promise<void> {
  const standing = await creditStandingOf(db, customerId, today, config);
  if (standing.status !== 'ok') {
    throw fieldError('customerId', `该客户欠费 ${standing.overdueAmount} 元已逾期 ${standing.daysOverdue} 天，停止记欠业务；结清后恢复`, 'credit.sales_stopped');
  }
  const position = await creditPositionOf(db, customerId, today);
  if (position.limit === null) return;
  const after = parseYuan(position.exposure) + amount;
  if (after > parseYuan(position.limit)) {
    throw fieldError(
      'customerId',
      `本笔 ${yuanText(amount)} 元记欠后占用 ${yuanText(after)} 元，超过信用额度 ${position.limit} 元（${position.limitBasis}）；超额须经销售经理及以上审批（信用措施：超额度例外）`,
      'credit.limit_exceeded',
    );
  }
}

/** The guard billing gives leasing for R-CRD-04: a rating that requires security needs it on file. */
export const creditSecurityGuard: ContractCreditGuard = async (db, customerId, today, _config, check) => {
  if (check.what !== 'new_contract') return null;
  const position = await creditPositionOf(db, customerId, today);
  if (!position.securityRequired || position.securityOnFile || check.guarantor.trim()) return null;
  return {
    message: `客户信用等级为 ${position.rating} 级，须提供担保后才能提交或签署新合同：在合同条款中填写担保人，或办理经批准的担保、连带保证或抵押措施`,
    reason: 'contract.security_required',
  };
};

/** R-LEA-33: a customer whose rating gives a credit limit gets its keys before the first payment. */
export const customerHasCredit: CustomerCreditCheck = async (db, customerId, today) => {
  const position = await creditPositionOf(db, customerId, today);
  return position.limit !== null && parseYuan(position.limit) > 0n;
};
