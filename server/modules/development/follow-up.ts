import { and, eq, sql } from 'drizzle-orm';
import type { RequestContext } from '../../platform/access/access';
import type { Clock } from '../../platform/clock';
import type { DbOrTx } from '../../platform/db/client';
import { completeRuleTasks } from '../../platform/tasks/tasks.service';
import { touchCustomerFollowUp } from '../customers';
import { opportunities } from './opportunities/opportunities.table';

/** Rule keys of the reminders a valid follow-up fulfils. */
export const RELEASE_WARNING_RULE = 'customer_release_warning';
export const OPPORTUNITY_STALE_RULE = 'opportunity_stale';

/**
 * A valid follow-up (visit, call, reception of a known customer) keeps the customer owned
 * (R-DEV-11) and the opportunity fresh (R-DEV-22): dates move forward, the stale flag clears and
 * the pending reminders close — all in the caller's transaction.
 */
export async function recordValidFollowUp(
  tx: DbOrTx,
  clock: Clock,
  ctx: RequestContext,
  input: { customerId: number; opportunityId?: number | null; at: Date },
): Promise<void> {
  await touchCustomerFollowUp(tx, input.customerId, input.at);
  await completeRuleTasks(tx, { clock }, { ruleKey: RELEASE_WARNING_RULE, recordType: 'customer', recordId: input.customerId }, ctx);
  if (input.opportunityId) {
    await tx
      .update(opportunities)
      .set({ lastFollowUpAt: sql`GREATEST(COALESCE(${opportunities.lastFollowUpAt}, ${input.at}), ${input.at})`, stale: false })
      .where(and(eq(opportunities.id, input.opportunityId), eq(opportunities.status, 'open')));
    await completeRuleTasks(tx, { clock }, { ruleKey: OPPORTUNITY_STALE_RULE, recordType: 'opportunity', recordId: input.opportunityId }, ctx);
  }
}
