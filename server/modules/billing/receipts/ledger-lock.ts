import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/client';

const LEDGER_LOCK = 7301;

/**
 * Serialises every change of one customer's money (receipt, allocation, reversal, billing) for
 * the rest of the transaction, so 20 finance users recording receipts for the same customer at
 * once each see the bills as the previous one left them and no fen is applied twice.
 */
export async function lockCustomerLedger(tx: DbOrTx, customerId: number): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${LEDGER_LOCK}, ${customerId}::int)`);
}
