import { checkRentFree } from '../incentives/incentives.service';
import { and, eq, inArray, isNull, lt } from 'drizzle-orm';
import { hasPermission, requirePermission, type RequestContext } from '../../../platform/access/access';
import { resubmitApproval } from '../../../platform/approvals/approval-decisions';
import { submitApproval } from '../../../platform/approvals/approval-submit';
import { findInstance } from '../../../platform/approvals/approvals.queries';
import { diffChanges, recordAudit } from '../../../platform/audit/audit.service';
import { createWorkdayCalendar } from '../../../platform/calendar/calendar.service';
import { shanghaiDate, shanghaiTime } from '../../../platform/dates';
import type { Tx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { attachments } from '../../../platform/files/files.table';
import { extensionPoint } from '../../../platform/manifests/manifest';
import { completeRuleTasks, createTask } from '../../../platform/tasks/tasks.service';
import { customers } from '../../customers';
import { contractCustomer, releaseContractHolds, turnHoldsIntoLeases } from './contract-draft';
import { assertCreditAllows } from './credit-guard';
import type { ContractDetail, SignContractBody } from './contracts.schema';
import { CONTRACT_REVIEW_TYPE, contractUnitsOf, findVisibleContract, type ContractRow } from './contracts.queries';
import { assertStatus, contractAuditFields, contractLink, contractTimeline, getContract, mayEdit } from './contracts.service';
import { contracts } from './contracts.table';
import { convertDeposits } from './deposits.service';
import { createMoveInChecklist } from './move-in.service';

// The contract's way from draft to its end (R-LEA-10, 13, 14): every transition is one function
// here, refused with the reason when the state does not allow it.

export const TO_FINANCE_RULE = 'contract_to_finance';
/** R-LEA-14: the contract reaches finance within this many working days of taking effect. */
export const TO_FINANCE_WORKDAYS = 2;

/**
 * What happens when a contract takes effect, for other modules (billing builds the schedule,
 * R-BIL-02): each handler runs in the signing transaction with the contract as signed.
 */
export interface ContractEffectiveEvent {
  contract: ContractRow;
  units: { spaceId: number; fullCode: string; area: string }[];
}
export type ContractEffectiveHandler = (tx: Tx, event: ContractEffectiveEvent, deps: Pick<Deps, 'clock' | 'config'>) => Promise<void>;
export const contractEffectiveHandlers = extensionPoint<ContractEffectiveHandler>('leasing.contract-effective');

/**
 * An amendment took effect (R-LEA-30): billing recomputes the schedule from `effectiveDate`
 * with the contract's term segments (R-BIL-02).
 */
export type ContractAmendedHandler = (tx: Tx, event: { contract: ContractRow; effectiveDate: string; summary: string }, deps: Pick<Deps, 'clock'>) => Promise<void>;
export const contractAmendedHandlers = extensionPoint<ContractAmendedHandler>('leasing.contract-amended');

/** A contract in force ended early on `lastDay` (提前解除): billing cuts its schedule there. */
export type ContractEndedHandler = (tx: Tx, event: { contract: ContractRow; lastDay: string }, deps: Pick<Deps, 'clock'>) => Promise<void>;
export const contractEndedHandlers = extensionPoint<ContractEndedHandler>('leasing.contract-ended');

function assertEditor(actor: NonNullable<RequestContext['actor']>, contract: ContractRow) {
  if (!mayEdit(actor, contract)) throw new AppError('FORBIDDEN', '只有合同经办人或审核人可以办理该合同', { reason: 'contract.not_owner' });
}

/** 提交审核 (R-LEA-13): a draft goes to review; after a return, the same request is resubmitted. */
export async function submitContract(deps: Deps, ctx: RequestContext, id: number, note?: string): Promise<ContractDetail> {
  const actor = requirePermission(ctx.actor, 'contract:write');
  const contract = await findVisibleContract(deps.db, actor, id);
  assertEditor(actor, contract);
  assertStatus(contract, ['draft'], '提交审核');
  await contractCustomer(deps.db, actor, contract.customerId, contract.unitId);
  await assertCreditAllows(deps.db, deps.config, contract.customerId, shanghaiDate(deps.clock.now()), { what: 'new_contract', guarantor: contract.terms.guarantor ?? '' });
  const units = await contractUnitsOf(deps.db, id);
  const [customer] = await deps.db.select({ name: customers.name }).from(customers).where(eq(customers.id, contract.customerId));
  // R-LEA-35: rent-free time within the project's standard package needs no further approval.
  const rentFree = await checkRentFree(deps.db, { startDate: contract.startDate, spaceIds: units.map((unit) => unit.spaceId), freePeriods: contract.terms.freePeriods, packageId: contract.terms.incentivePackageId });
  const data = {
    amount: Number(contract.estimatedAmount),
    discountRate: Number(contract.discountRate),
    nonTemplate: contract.templateId === null,
    rentFreeBeyondPackage: rentFree.beyondPackage,
    incentivePackage: rentFree.packageName,
    number: contract.number,
    customerId: contract.customerId,
    customerName: customer?.name ?? '',
    units: units.map((unit) => unit.fullCode).join('、'),
    term: `${contract.startDate} 至 ${contract.endDate}`,
  };
  const returned = contract.approvalId ? await findInstance(deps.db, contract.approvalId) : undefined;
  if (returned?.status === 'returned') {
    await resubmitApproval(deps, ctx, returned.id, { data, comment: note });
    return getContract(deps, ctx, id);
  }
  await deps.db.transaction(async (tx) => {
    const before = await findVisibleContract(tx, actor, id, { forUpdate: true });
    assertStatus(before, ['draft'], '提交审核');
    await tx.update(contracts).set({ status: 'reviewing', reviewComment: null, updatedAt: deps.clock.now() }).where(eq(contracts.id, id));
    const instance = await submitApproval(tx, deps, ctx, { type: CONTRACT_REVIEW_TYPE, businessId: String(id), title: `合同审核：${contract.number} ${contract.title}`, data });
    const [after] = await tx.update(contracts).set({ approvalId: instance.id }).where(eq(contracts.id, id)).returning();
    await recordAudit(tx, deps.clock, ctx, {
      action: 'submit',
      entityType: 'contract',
      entityId: id,
      customerId: contract.customerId,
      summary: `提交合同 ${contract.number} 审核（审批 #${instance.id}）${note ? `：${note}` : ''}`,
      changes: diffChanges(before, after!, contractAuditFields),
    });
    if (after!.status === 'reviewing') await contractTimeline(tx, deps, actor, after!, '提交合同审核', 'reviewing');
  });
  return getContract(deps, ctx, id);
}

/** A PDF or image attached to the contract: the signed scan of the contract or of an annex. */
export async function assertSignedScan(tx: Tx, contractId: number, attachmentId: number, field = 'signedScanId') {
  const [scan] = await tx
    .select({ id: attachments.id, mimeType: attachments.mimeType })
    .from(attachments)
    .where(and(eq(attachments.id, attachmentId), eq(attachments.recordType, 'contract'), eq(attachments.recordId, String(contractId)), isNull(attachments.deletedAt)));
  if (!scan) throw fieldError(field, '签署扫描件不是本合同的附件，请先在合同附件中上传签署后的扫描件');
  if (!(scan.mimeType === 'application/pdf' || scan.mimeType.startsWith('image/'))) throw fieldError(field, '签署扫描件应为 PDF 或图片');
}

/**
 * 签署 (R-LEA-14): the signed scan and the effective date; the units become 已租 for the term,
 * billing hears of it, and the 交财务 task is due 2 working days after the effective date.
 */
export async function signContract(deps: Deps, ctx: RequestContext, id: number, body: SignContractBody): Promise<ContractDetail> {
  const actor = requirePermission(ctx.actor, 'contract:write');
  const today = shanghaiDate(deps.clock.now());
  if (body.signedDate > today) throw fieldError('signedDate', '签署日期不能晚于今天');
  await deps.db.transaction(async (tx) => {
    const before = await findVisibleContract(tx, actor, id, { forUpdate: true });
    assertEditor(actor, before);
    assertStatus(before, ['to_sign'], '签署');
    if (body.effectiveDate < body.signedDate) throw fieldError('effectiveDate', '生效日期不能早于签署日期');
    if (body.effectiveDate > before.endDate) throw fieldError('effectiveDate', `生效日期不能晚于合同结束日 ${before.endDate}`);
    await contractCustomer(tx, actor, before.customerId, before.unitId);
    await assertCreditAllows(tx, deps.config, before.customerId, today, { what: 'new_contract', guarantor: before.terms.guarantor ?? '' });
    await assertSignedScan(tx, id, body.signedScanId);
    await turnHoldsIntoLeases(tx, id);
    const calendar = await createWorkdayCalendar(tx);
    const financeDueDate = calendar.addWorkdays(body.effectiveDate, TO_FINANCE_WORKDAYS);
    const now = deps.clock.now();
    const [after] = await tx
      .update(contracts)
      .set({ status: 'effective', signedDate: body.signedDate, effectiveDate: body.effectiveDate, signedScanId: body.signedScanId, financeDueDate, updatedAt: now })
      .where(eq(contracts.id, id))
      .returning();
    const contract = after!;
    await createTask(
      tx,
      deps,
      {
        title: `合同 ${contract.number} 交财务`,
        description: `合同于 ${body.effectiveDate} 生效，请在 ${financeDueDate}（${TO_FINANCE_WORKDAYS} 个工作日内）将合同交财务并由财务签收。`,
        assigneeId: contract.ownerId,
        dueAt: shanghaiTime(financeDueDate, '23:59'),
        recordType: 'contract',
        recordId: contract.id,
        ruleKey: TO_FINANCE_RULE,
        dedupeKey: `${TO_FINANCE_RULE}:${contract.id}`,
      },
      ctx,
    );
    await createMoveInChecklist(tx, contract, body.effectiveDate);
    const units = await contractUnitsOf(tx, id);
    await convertDeposits(tx, deps, contract, units.map((unit) => unit.spaceId));
    for (const handler of contractEffectiveHandlers.items()) await handler(tx, { contract, units }, deps);
    await recordAudit(tx, deps.clock, ctx, {
      action: 'sign',
      entityType: 'contract',
      entityId: id,
      customerId: contract.customerId,
      summary: `合同 ${contract.number} 已签署，${body.effectiveDate} 生效；单元 ${units.map((u) => u.fullCode).join('、')} 已租至 ${contract.endDate}`,
      changes: diffChanges(before, contract, contractAuditFields),
    });
    await contractTimeline(tx, deps, actor, contract, '合同签署生效', 'effective');
  });
  return getContract(deps, ctx, id);
}

/** 交财务 (R-LEA-14): finance (or the owner handing it over) records that the contract arrived. */
export async function handToFinance(deps: Deps, ctx: RequestContext, id: number): Promise<ContractDetail> {
  const actor = requirePermission(ctx.actor, 'contract:read');
  await deps.db.transaction(async (tx) => {
    const before = await findVisibleContract(tx, actor, id, { forUpdate: true });
    if (before.ownerId !== actor.userId && !hasPermission(actor, 'billing:write')) throw new AppError('FORBIDDEN', '只有合同经办人或财务可以登记交财务', { reason: 'contract.not_owner' });
    assertStatus(before, ['effective', 'changing'], '登记交财务');
    if (before.handedToFinanceAt) throw new AppError('CONFLICT', `合同 ${before.number} 已于 ${shanghaiDate(before.handedToFinanceAt)} 交财务`, { reason: 'contract.already_handed' });
    const [after] = await tx.update(contracts).set({ handedToFinanceAt: deps.clock.now(), updatedAt: deps.clock.now() }).where(eq(contracts.id, id)).returning();
    await completeRuleTasks(tx, deps, { ruleKey: TO_FINANCE_RULE, recordType: 'contract', recordId: id }, ctx);
    const late = before.financeDueDate !== null && shanghaiDate(deps.clock.now()) > before.financeDueDate;
    await recordAudit(tx, deps.clock, ctx, {
      action: 'hand_to_finance',
      entityType: 'contract',
      entityId: id,
      customerId: before.customerId,
      summary: `合同 ${before.number} 已交财务${late ? `（逾期，应于 ${before.financeDueDate} 前）` : ''}`,
      changes: diffChanges(before, after!, contractAuditFields),
    });
    await contractTimeline(tx, deps, actor, after!, '合同已交财务', 'handed_to_finance');
  });
  return getContract(deps, ctx, id);
}

/** 终止 a draft or an approved contract that will not be signed; its units are released. */
export async function terminateContract(deps: Deps, ctx: RequestContext, id: number, reason: string): Promise<ContractDetail> {
  const actor = requirePermission(ctx.actor, 'contract:write');
  await deps.db.transaction(async (tx) => {
    const before = await findVisibleContract(tx, actor, id, { forUpdate: true });
    assertEditor(actor, before);
    if (before.status === 'reviewing') throw new AppError('CONFLICT', `合同 ${before.number} 正在审批中，请先撤回审批再终止`, { reason: 'contract.wrong_status' });
    assertStatus(before, ['draft', 'to_sign'], '终止');
    await releaseContractHolds(tx, deps.clock, id, actor.userId, 'cancelled');
    const now = deps.clock.now();
    const [after] = await tx.update(contracts).set({ status: 'terminated', endedAt: now, endReason: reason, updatedAt: now }).where(eq(contracts.id, id)).returning();
    await recordAudit(tx, deps.clock, ctx, {
      action: 'terminate',
      entityType: 'contract',
      entityId: id,
      customerId: before.customerId,
      summary: `终止合同 ${before.number}：${reason}`,
      changes: diffChanges(before, after!, contractAuditFields),
    });
    await contractTimeline(tx, deps, actor, after!, '合同终止', 'terminated');
  });
  return getContract(deps, ctx, id);
}

/** 到期 (R-LEA-10): effective contracts past their end date; the leases stay in the history. */
export async function expireContracts(deps: Deps, limit = 500): Promise<{ expired: number }> {
  const today = shanghaiDate(deps.clock.now());
  const due = await deps.db
    .select({ id: contracts.id })
    .from(contracts)
    .where(and(inArray(contracts.status, ['effective']), lt(contracts.endDate, today)))
    .limit(limit);
  for (const { id } of due) {
    await deps.db.transaction(async (tx) => {
      const [before] = await tx.select().from(contracts).where(eq(contracts.id, id)).for('update');
      if (!before || before.status !== 'effective' || before.endDate >= today) return;
      const [after] = await tx.update(contracts).set({ status: 'expired', endedAt: deps.clock.now(), endReason: '合同期满', updatedAt: deps.clock.now() }).where(eq(contracts.id, id)).returning();
      await recordAudit(tx, deps.clock, { requestId: 'job:contract_expiry' }, { action: 'expire', entityType: 'contract', entityId: id, customerId: before.customerId, summary: `合同 ${before.number} 已于 ${before.endDate} 期满`, changes: diffChanges(before, after!, contractAuditFields) });
      await contractTimeline(tx, deps, null, after!, '合同期满', 'expired');
    });
  }
  return { expired: due.length };
}

export { contractLink };
