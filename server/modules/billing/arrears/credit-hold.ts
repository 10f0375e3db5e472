import { sql } from 'drizzle-orm';
import type { AppConfig } from '../../../platform/config';
import { queryRows, type DbOrTx } from '../../../platform/db/client';
import { parseYuan, yuanText } from '../../../platform/money';
import type { ContractCreditGuard } from '../../leasing';

// 停止记欠与信用冻结 (R-BIL-12), computed from the open bills at a date — never stored, so paying
// lifts it at once: past due at all (beyond the grace days) stops credit sales; more than
// `creditHoldDays` past due is the full hold that also blocks new contracts and added area.

export type CreditStatus = 'ok' | 'stopped' | 'hold';
export interface CreditStanding {
  status: CreditStatus;
  daysOverdue: number;
  overdueAmount: string;
}

export async function creditStandingOf(db: DbOrTx, customerId: number, today: string, config: Pick<AppConfig, 'creditStopGraceDays' | 'creditHoldDays'>): Promise<CreditStanding> {
  const [row] = await queryRows<{ days: number | null; amount: string | null }>(
    db,
    sql`SELECT max(${today}::date - due_date) AS days, sum(total - paid - written_off) AS amount
          FROM bills WHERE customer_id = ${customerId} AND status = 'issued' AND paid + written_off < total AND due_date < ${today}`,
  );
  const days = Number(row?.days ?? 0);
  const status: CreditStatus = days > config.creditHoldDays ? 'hold' : days > config.creditStopGraceDays ? 'stopped' : 'ok';
  return { status, daysOverdue: days, overdueAmount: yuanText(parseYuan(row?.amount ?? '0')) };
}

/** The guard billing contributes to leasing: refuses while the customer is on full credit hold. */
export const creditHoldGuard: ContractCreditGuard = async (db, customerId, today, config, check) => {
  const standing = await creditStandingOf(db, customerId, today, config);
  if (standing.status !== 'hold') return null;
  const blocked = check.what === 'new_contract' ? '不能提交或签署新合同' : '不能办理增加面积的变更';
  return {
    message: `该客户欠费 ${standing.overdueAmount} 元，最长已逾期 ${standing.daysOverdue} 天（超过 ${config.creditHoldDays} 天），处于信用冻结，${blocked}；结清欠费后恢复`,
    reason: 'contract.credit_hold',
  };
};
