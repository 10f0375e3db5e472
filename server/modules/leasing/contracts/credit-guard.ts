import type { AppConfig } from '../../../platform/config';
import type { DbOrTx } from '../../../platform/db/client';
import { AppError } from '../../../platform/errors';
import { extensionPoint } from '../../../platform/manifests/manifest';

/**
 * Credit gates before more space is let. Billing contributes the guards (it knows arrears and
 * ratings); leasing asks them before a contract goes to review or is signed, and before an
 * amendment that increases the let area: 信用冻结 (R-BIL-12) and the security a rating requires
 * (R-CRD-04). A guard answers why it refuses, or null.
 */
export interface CreditCheck {
  what: 'new_contract' | 'area_increase';
  /** The contract's guarantor (担保人), when a contract is checked. */
  guarantor: string;
}
export type ContractCreditGuard = (db: DbOrTx, customerId: number, today: string, config: AppConfig, check: CreditCheck) => Promise<{ message: string; reason: `${string}.${string}` } | null>;
export const contractCreditGuards = extensionPoint<ContractCreditGuard>('leasing.contract-credit-guard');

export async function assertCreditAllows(db: DbOrTx, config: AppConfig, customerId: number, today: string, check: CreditCheck): Promise<void> {
  for (const guard of contractCreditGuards.items()) {
    const refusal = await guard(db, customerId, today, config, check);
    if (refusal) throw new AppError('CONFLICT', refusal.message, { reason: refusal.reason });
  }
}
