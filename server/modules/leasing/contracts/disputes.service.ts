import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { hasPermission, requirePermission, type RequestContext } from '../../../platform/access/access';
import { activeUserIdsWithRole } from '../../../platform/approvals/approvals.queries';
import { diffChanges, recordAudit } from '../../../platform/audit/audit.service';
import { isValidIsoDate, shanghaiDate } from '../../../platform/dates';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { moneyOutput, optionalMoneyInput } from '../../../platform/money';
import { notify } from '../../../platform/notifications/notifications.service';
import { contractDisputes } from './breaches.table';
import { customerDisputed, findVisibleContract, type ContractRow } from './contracts.queries';
import { contractLink, contractTimeline } from './contracts.service';

// 纠纷 (R-LEA-22): a dispute is its own record — parties, claim, legal opinion, measures and
// outcome — reported to legal and the executives when opened. A customer with an open dispute
// is 有争议 (R-LEA-31): its renewal is the executive's decision.

export const DISPUTE_OPENED_KIND = 'contract_dispute_opened';
export const disputeOpenedKind = { kind: DISPUTE_OPENED_KIND, label: '合同纠纷登记', labelEn: 'Contract dispute opened' };

const text = (label: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min, `请填写${label}`)
    .max(max, `${label}不超过 ${max} 个字`);

export const openDisputeBody = z.object({
  openedOn: z.string().refine(isValidIsoDate, '发生日期应为有效日期，格式 YYYY-MM-DD'),
  parties: text('当事人', 2, 500),
  claim: text('争议请求', 2, 2000),
  claimAmount: optionalMoneyInput({ label: '争议金额' }),
  legalOpinion: text('法律意见', 0, 4000).optional(),
  measures: text('处理措施', 0, 2000).optional(),
});
export type OpenDisputeBody = z.infer<typeof openDisputeBody>;
export const updateDisputeBody = z.object({ legalOpinion: text('法律意见', 0, 4000).optional(), measures: text('处理措施', 0, 2000).optional() });
export const closeDisputeBody = z.object({ outcome: text('处理结果', 2, 2000) });

export const disputeSchema = z.object({
  id: z.number().int(),
  contractId: z.number().int(),
  openedOn: z.string(),
  parties: z.string(),
  claim: z.string(),
  claimAmount: moneyOutput.nullable(),
  legalOpinion: z.string().nullable(),
  measures: z.string().nullable(),
  status: z.enum(['open', 'closed']),
  outcome: z.string().nullable(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
});
export type Dispute = z.infer<typeof disputeSchema>;
type DisputeRow = typeof contractDisputes.$inferSelect;

const toDispute = (row: DisputeRow): Dispute => ({
  id: row.id,
  contractId: row.contractId,
  openedOn: row.openedOn,
  parties: row.parties,
  claim: row.claim,
  claimAmount: row.claimAmount,
  legalOpinion: row.legalOpinion,
  measures: row.measures,
  status: row.status as Dispute['status'],
  outcome: row.outcome,
  createdAt: row.createdAt.toISOString(),
  closedAt: row.closedAt?.toISOString() ?? null,
});

/** The contract's owner or a reviewer (contract:approve, e.g. legal) within the contract scope. */
function mayHandle(actor: NonNullable<RequestContext['actor']>, contract: ContractRow) {
  return contract.ownerId === actor.userId || hasPermission(actor, 'contract:approve');
}

export async function listDisputes(deps: Deps, ctx: RequestContext, contractId: number): Promise<Dispute[]> {
  const actor = requirePermission(ctx.actor, 'contract:read');
  await findVisibleContract(deps.db, actor, contractId);
  const rows = await deps.db.select().from(contractDisputes).where(eq(contractDisputes.contractId, contractId)).orderBy(desc(contractDisputes.id));
  return rows.map(toDispute);
}

export async function openDispute(deps: Deps, ctx: RequestContext, contractId: number, body: OpenDisputeBody): Promise<Dispute> {
  const actor = requirePermission(ctx.actor, 'contract:read');
  if (body.openedOn > shanghaiDate(deps.clock.now())) throw fieldError('openedOn', '发生日期不能晚于今天');
  return deps.db.transaction(async (tx) => {
    const contract = await findVisibleContract(tx, actor, contractId, { forUpdate: true });
    if (!mayHandle(actor, contract)) throw new AppError('FORBIDDEN', '只有合同经办人、法务或审核人可以登记纠纷', { reason: 'contract.not_owner' });
    if (!['effective', 'expired', 'terminated_early'].includes(contract.status)) throw new AppError('CONFLICT', `合同 ${contract.number} 尚未生效，不能登记纠纷`, { reason: 'contract.wrong_status' });
    const wasDisputed = await customerDisputed(tx, contract.customerId);
    const now = deps.clock.now();
    const [row] = await tx
      .insert(contractDisputes)
      .values({ contractId, customerId: contract.customerId, ...body, claimAmount: body.claimAmount ?? null, legalOpinion: body.legalOpinion || null, measures: body.measures || null, status: 'open', createdById: actor.userId, createdAt: now, updatedAt: now })
      .returning();
    const recipients = new Set([...(await activeUserIdsWithRole(tx, 'legal')), ...(await activeUserIdsWithRole(tx, 'executive'))]);
    for (const userId of recipients) {
      await notify(tx, deps.clock, {
        userId,
        kind: DISPUTE_OPENED_KIND,
        title: `合同纠纷：${contract.number}`,
        body: `${body.openedOn} 当事人：${body.parties}；请求：${body.claim}${body.claimAmount ? `；金额 ${body.claimAmount} 元` : ''}`,
        link: contractLink(contract.id),
      });
    }
    await recordAudit(tx, deps.clock, ctx, {
      action: 'dispute_open',
      entityType: 'contract',
      entityId: contractId,
      customerId: contract.customerId,
      summary: `登记合同 ${contract.number} 纠纷（${body.openedOn}），已报告法务与分管领导 ${recipients.size} 人${wasDisputed ? '' : '；客户标记为「有争议」'}`,
      changes: diffChanges(null, row!, ['openedOn', 'parties', 'claim', 'claimAmount']),
    });
    await contractTimeline(tx, deps, actor, contract, '登记合同纠纷（客户有争议）', 'dispute_opened');
    return toDispute(row!);
  });
}

async function changeDispute(deps: Deps, ctx: RequestContext, contractId: number, disputeId: number, change: (row: DisputeRow) => Partial<DisputeRow>, describe: (contract: ContractRow) => string, event?: string) {
  const actor = requirePermission(ctx.actor, 'contract:read');
  return deps.db.transaction(async (tx) => {
    const contract = await findVisibleContract(tx, actor, contractId);
    if (!mayHandle(actor, contract)) throw new AppError('FORBIDDEN', '只有合同经办人、法务或审核人可以处理纠纷', { reason: 'contract.not_owner' });
    const [before] = await tx.select().from(contractDisputes).where(and(eq(contractDisputes.id, disputeId), eq(contractDisputes.contractId, contractId))).for('update');
    if (!before) throw new AppError('NOT_FOUND', '纠纷记录不存在');
    if (before.status !== 'open') throw new AppError('CONFLICT', '该纠纷已处理完毕', { reason: 'dispute.closed' });
    const [after] = await tx.update(contractDisputes).set({ ...change(before), updatedAt: deps.clock.now() }).where(eq(contractDisputes.id, disputeId)).returning();
    await recordAudit(tx, deps.clock, ctx, {
      action: event ? 'dispute_close' : 'dispute_update',
      entityType: 'contract',
      entityId: contractId,
      customerId: contract.customerId,
      summary: describe(contract),
      changes: diffChanges(before, after!, ['legalOpinion', 'measures', 'status', 'outcome']),
    });
    if (event) await contractTimeline(tx, deps, actor, contract, '合同纠纷处理完毕', event);
    return toDispute(after!);
  });
}

/** 法律意见 and measures as the dispute develops. */
export function updateDispute(deps: Deps, ctx: RequestContext, contractId: number, disputeId: number, body: z.infer<typeof updateDisputeBody>) {
  return changeDispute(
    deps,
    ctx,
    contractId,
    disputeId,
    (row) => ({ legalOpinion: body.legalOpinion ?? row.legalOpinion, measures: body.measures ?? row.measures }),
    (contract) => `更新合同 ${contract.number} 纠纷的法律意见与处理措施`,
  );
}

/** 结案: the outcome; the customer stays 有争议 while another dispute is open. */
export function closeDispute(deps: Deps, ctx: RequestContext, contractId: number, disputeId: number, body: z.infer<typeof closeDisputeBody>) {
  return changeDispute(
    deps,
    ctx,
    contractId,
    disputeId,
    () => ({ status: 'closed', outcome: body.outcome, closedAt: deps.clock.now(), closedById: ctx.actor!.userId }),
    (contract) => `合同 ${contract.number} 纠纷结案：${body.outcome}`,
    'dispute_closed',
  );
}
