import { dictionaryLabels } from '../../platform/dictionaries/dictionaries.service';
import type { DbOrTx } from '../../platform/db/client';

// Lines the schedule writes that are not charge items of the dictionary.
const builtInNames: Record<string, string> = { deposit: '保证金', transfer_fee: '过户费', earnest_to_deposit: '定金转保证金', earnest_to_rent: '定金抵租金', late_fee: '滞纳金' };

/** Names of charge items (dictionary 收费项目, R-BIL-01) and of the schedule's own line kinds. */
export async function chargeItemNames(db: DbOrTx): Promise<(code: string) => string> {
  const names = await dictionaryLabels(db, 'charge_item');
  return (code) => names.get(code) ?? builtInNames[code] ?? code;
}
