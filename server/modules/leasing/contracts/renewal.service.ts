import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { requirePermission, type RequestContext } from '../../../platform/access/access';
import { recordAudit } from '../../../platform/audit/audit.service';
import { addDays, addMonths, daysBetween, isValidIsoDate } from '../../../platform/dates';
import { termMonths } from './contract-terms';
import type { Deps } from '../../../platform/deps';
import { AppError } from '../../../platform/errors';
import { contractUnitsOf, findVisibleContract } from './contracts.queries';
import { assertStatus, contractTimeline, createContract, mayEdit } from './contracts.service';
import { contracts } from './contracts.table';
import { assertRenewalAllowed } from './renewal-decision';
import type { ContractDetail, ContractType } from './contracts.schema';

// 续签 (R-LEA-31): a new draft linked to the contract it renews, starting the day after it ends,
// with the same customer, units and terms to edit in the wizard and take through review again.

export const renewBody = z.object({
  /** Defaults to the day after the current contract ends. */
  startDate: z.string().refine(isValidIsoDate, '开始日期应为有效日期，格式 YYYY-MM-DD').optional(),
  /** Defaults to a term as long as the current one. */
  endDate: z.string().refine(isValidIsoDate, '结束日期应为有效日期，格式 YYYY-MM-DD').optional(),
});

export async function renewContract(deps: Deps, ctx: RequestContext, id: number, body: z.infer<typeof renewBody>): Promise<ContractDetail> {
  const actor = requirePermission(ctx.actor, 'contract:write');
  const current = await findVisibleContract(deps.db, actor, id);
  if (!mayEdit(actor, current)) throw new AppError('FORBIDDEN', '只有合同经办人或审核人可以办理续签', { reason: 'contract.not_owner' });
  assertStatus(current, ['effective', 'expired'], '续签');
  await assertRenewalAllowed(deps.db, current);
  const [existing] = await deps.db.select({ number: contracts.number, status: contracts.status }).from(contracts).where(eq(contracts.renewalOfId, id));
  if (existing && existing.status !== 'terminated') throw new AppError('CONFLICT', `合同 ${current.number} 已有续签合同 ${existing.number}`, { reason: 'contract.already_renewed' });
  const startDate = body.startDate ?? addDays(current.endDate, 1);
  // As long as the current term: whole months when it was whole months (a year stays a year), else days.
  const term = termMonths(current.startDate, current.endDate);
  const endDate = body.endDate ?? (term.partDays === 0 ? addDays(addMonths(startDate, term.months), -1) : addDays(startDate, daysBetween(current.startDate, current.endDate)));
  const units = await contractUnitsOf(deps.db, id);
  // Rent-free periods and one-off charges belonged to the first term; the rest carries over.
  const terms = { ...current.terms, freePeriods: [], charges: current.terms.charges.filter((charge) => charge.basis !== 'once') };
  const draft = await createContract(deps, ctx, {
    customerId: current.customerId,
    contractType: current.contractType as ContractType,
    title: current.title.includes('续签') ? current.title : `${current.title}（续签）`,
    startDate,
    endDate,
    units: units.map((unit) => ({ spaceId: unit.spaceId, area: unit.area })),
    terms,
    signingParty: current.signingParty,
    ourSignatory: current.ourSignatory ?? undefined,
    customerSignatory: current.customerSignatory ?? undefined,
    safetyAgreement: current.safetyAgreement,
    specialTerms: current.specialTerms ?? undefined,
    templateId: current.templateId,
  });
  await deps.db.transaction(async (tx) => {
    const [renewal] = await tx.update(contracts).set({ renewalOfId: id }).where(eq(contracts.id, draft.id)).returning();
    await recordAudit(tx, deps.clock, ctx, { action: 'renew', entityType: 'contract', entityId: id, customerId: current.customerId, summary: `为合同 ${current.number} 起草续签合同 ${draft.number}（${startDate} 至 ${endDate}）` });
    await contractTimeline(tx, deps, actor, renewal!, `起草续签合同（续 ${current.number}）`, 'renewal');
  });
  return { ...draft, renewalOfId: id, renewalOfNumber: current.number };
}
