import { and, eq, gte, isNull, lte } from 'drizzle-orm';
import { z } from 'zod';
import { requirePermission, type RequestContext } from '../../../platform/access/access';
import { activeUserIdsWithRole } from '../../../platform/approvals/approvals.queries';
import { diffChanges, recordAudit } from '../../../platform/audit/audit.service';
import { addDays, shanghaiDate, shanghaiTime } from '../../../platform/dates';
import type { DbOrTx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError } from '../../../platform/errors';
import { completeRuleTasks, createTask } from '../../../platform/tasks/tasks.service';
import { contractDisputes } from './breaches.table';
import { customerDisputed, findVisibleContract, renewalDecisionDue, RENEWAL_DECISION_WORKDAYS, type ContractRow } from './contracts.queries';
import { assertStatus, contractTimeline, getContract } from './contracts.service';
import { contracts } from './contracts.table';

// 续签决定 (R-LEA-31): for a customer marked 有争议 the renewal is decided by the responsible
// executive, due 30 working days before the contract ends. The daily job gives every executive
// the task once the end is within 90 days; renewal is refused until the decision is «续签».

export const RENEWAL_DECISION_RULE = 'contract_renewal_decision';
/** The task appears when the end is this many days away (with the first expiry reminder). */
const LEAD_DAYS = 90;

export const renewalDecisions = ['renew', 'not_renew'] as const;
export const renewalDecisionNames: Record<(typeof renewalDecisions)[number], string> = { renew: '续签', not_renew: '不续签' };
export const renewalDecisionBody = z.object({
  decision: z.enum(renewalDecisions, '续签决定应为 renew（续签）或 not_renew（不续签）'),
  note: z.string().trim().min(2, '请写明决定理由').max(2000, '决定理由不超过 2000 个字'),
});

export async function requestRenewalDecisions(deps: Pick<Deps, 'db' | 'clock'>): Promise<{ requested: number }> {
  const today = shanghaiDate(deps.clock.now());
  const due = await deps.db
    .selectDistinct({ id: contracts.id, number: contracts.number, title: contracts.title, endDate: contracts.endDate })
    .from(contracts)
    .innerJoin(contractDisputes, and(eq(contractDisputes.customerId, contracts.customerId), eq(contractDisputes.status, 'open')))
    .where(and(eq(contracts.status, 'effective'), isNull(contracts.renewalDecision), gte(contracts.endDate, today), lte(contracts.endDate, addDays(today, LEAD_DAYS))));
  if (due.length === 0) return { requested: 0 };
  const executives = await activeUserIdsWithRole(deps.db, 'executive');
  let requested = 0;
  for (const contract of due) {
    const decideBy = await renewalDecisionDue(deps.db, contract.endDate);
    for (const userId of executives) {
      const { created } = await deps.db.transaction((tx) =>
        createTask(tx, deps, {
          title: `续签决定：合同 ${contract.number}（客户有争议）`,
          description: `「${contract.title}」将于 ${contract.endDate} 到期，客户有未结纠纷。请在 ${decideBy}（到期前 ${RENEWAL_DECISION_WORKDAYS} 个工作日）前决定是否续签。`,
          assigneeId: userId,
          dueAt: shanghaiTime(decideBy < today ? today : decideBy, '18:00'),
          recordType: 'contract',
          recordId: contract.id,
          ruleKey: RENEWAL_DECISION_RULE,
          dedupeKey: `${RENEWAL_DECISION_RULE}:${contract.id}:${userId}`,
          createdById: null,
        }),
      );
      if (created) requested++;
    }
  }
  return { requested };
}

/** The executive's decision; it closes everyone's decision task for the contract. */
export async function decideRenewal(deps: Deps, ctx: RequestContext, id: number, body: z.infer<typeof renewalDecisionBody>) {
  const actor = requirePermission(ctx.actor, 'contract:read');
  await deps.db.transaction(async (tx) => {
    // Scope first: a contract outside it is 404 for everyone, executive or not.
    const before = await findVisibleContract(tx, actor, id, { forUpdate: true });
    if (!actor.roleCodes.includes('executive')) throw new AppError('FORBIDDEN', '有争议客户的续签由分管领导/总经理决定', { reason: 'contract.not_executive' });
    assertStatus(before, ['effective', 'expired'], '决定续签');
    if (!(await customerDisputed(tx, before.customerId))) throw new AppError('CONFLICT', '该客户没有未结纠纷，续签无需分管领导决定', { reason: 'contract.not_disputed' });
    const [after] = await tx
      .update(contracts)
      .set({ renewalDecision: body.decision, renewalDecisionNote: body.note, renewalDecidedAt: deps.clock.now(), renewalDecidedById: actor.userId, updatedAt: deps.clock.now() })
      .where(eq(contracts.id, id))
      .returning();
    await completeRuleTasks(tx, deps, { ruleKey: RENEWAL_DECISION_RULE, recordType: 'contract', recordId: id }, ctx);
    await recordAudit(tx, deps.clock, ctx, {
      action: 'renewal_decide',
      entityType: 'contract',
      entityId: id,
      customerId: before.customerId,
      summary: `有争议客户合同 ${before.number} 续签决定：${renewalDecisionNames[body.decision]}（${body.note}）`,
      changes: diffChanges(before, after!, ['renewalDecision', 'renewalDecisionNote']),
    });
    await contractTimeline(tx, deps, actor, after!, `续签决定：${renewalDecisionNames[body.decision]}`, 'renewal_decided');
  });
  return getContract(deps, ctx, id);
}

/** Renewal of a disputed customer's contract waits for the executive's «续签». */
export async function assertRenewalAllowed(db: DbOrTx, contract: ContractRow) {
  if (!(await customerDisputed(db, contract.customerId))) return;
  if (contract.renewalDecision === 'renew') return;
  const due = await renewalDecisionDue(db, contract.endDate);
  throw new AppError(
    'CONFLICT',
    contract.renewalDecision === 'not_renew'
      ? `客户有争议，分管领导已决定合同 ${contract.number} 不续签`
      : `客户有争议，合同 ${contract.number} 须由分管领导/总经理先作出续签决定（应于 ${due} 前决定）`,
    { reason: 'contract.renewal_decision_required' },
  );
}
