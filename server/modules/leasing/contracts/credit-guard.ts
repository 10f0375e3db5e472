import type { AppConfig } from '../../../platform/config';
import type { DbOrTx } from '../../../platform/db/client';
import { AppError } from '../../../platform/errors';
import { extensionPoint } from '../../../platform/manifests/manifest';

/**
 * 信用冻结 (R-BIL-12): a customer long overdue may not take on more space. Billing contributes the
 * guard (it knows the arrears); leasing asks it before a contract goes to review or is signed,
 * and before an amendment that increases the let area. A guard answers why it refuses, or null.
 */
export type ContractCreditGuard = (db: DbOrTx, customerId: number, today: string, config: AppConfig) => Promise<string | null>;
export const contractCreditGuards = extensionPoint<ContractCreditGuard>('leasing.contract-credit-guard');

export async function assertCreditAllows(db: DbOrTx, config: AppConfig, customerId: number, today: string, what: 'new_contract' | 'area_increase'): Promise<void> {
  for (const guard of contractCreditGuards.items()) {
    const refusal = await guard(db, customerId, today, config);
    if (refusal) {
      const blocked = what === 'new_contract' ? '不能提交或签署新合同' : '不能办理增加面积的变更';
      throw new AppError('CONFLICT', `${refusal}，${blocked}；结清欠费后恢复`, { reason: 'contract.credit_hold' });
    }
  }
}
