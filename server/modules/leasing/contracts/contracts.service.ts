import { and, eq, ne } from 'drizzle-orm';
import { hasPermission, requirePermission, type Actor, type RequestContext } from '../../../platform/access/access';
import { diffChanges, recordAudit } from '../../../platform/audit/audit.service';
import type { DbOrTx, Tx } from '../../../platform/db/client';
import { mapPage, selectPage } from '../../../platform/db/paging';
import type { Deps } from '../../../platform/deps';
import { dictionaryLabels } from '../../../platform/dictionaries/dictionaries.service';
import { AppError } from '../../../platform/errors';
import { nextNumber } from '../../../platform/numbering/numbering.service';
import { orgUnits, users } from '../../../platform/org/org.table';
import { addTimelineEvent, customers } from '../../customers';
import { holdUnits, withOccupancyRefusal } from '../spaces/occupancy.service';
import { appliesEscalation, appliesRentFree, termsInWords } from './contract-terms';
import { convertReservations, prepareDraft, releaseContractHolds, snapshotDiff, snapshotOf, type PreparedDraft } from './contract-draft';
import {
  contractStatusNames,
  type ContractDetail,
  type ContractListQuery,
  type ContractStatus,
  type ContractSummary,
  type ContractType,
  type ContractVersion,
  type CreateContractBody,
  type UpdateContractBody,
} from './contracts.schema';
import {
  contractUnitsOf,
  customerDisputed,
  findTemplate,
  renewalDecisionDue,
  findVisibleContract,
  listConditions,
  listOrder,
  selectContracts,
  summaryColumns,
  versionsOf,
  type ContractRow,
  type SummaryRow,
} from './contracts.queries';
import { contracts, contractUnits, contractVersions } from './contracts.table';

// 招商合同 drafts (R-LEA-10, 11): creating and revising a draft holds its units for the term
// (shown as 预留 until signed, so two drafts cannot promise one unit), every revision is kept
// as a version (R-LEA-13), and the customer's timeline shows each step.

export const contractLink = (id: number) => `/contracts/${id}`;

export const contractAuditFields: (keyof ContractRow)[] = [
  'status',
  'customerId',
  'contractType',
  'title',
  'startDate',
  'endDate',
  'totalArea',
  'estimatedAmount',
  'signingParty',
  'templateId',
  'version',
  'ownerId',
  'approvalId',
  'signedDate',
  'effectiveDate',
  'signedScanId',
  'financeDueDate',
  'handedToFinanceAt',
  'endedAt',
  'endReason',
];

/** The owner or, within the contract scope, anyone who may draft contracts and approve them. */
export function mayEdit(actor: Actor, contract: ContractRow): boolean {
  return hasPermission(actor, 'contract:write') && (contract.ownerId === actor.userId || hasPermission(actor, 'contract:approve'));
}

async function unitCodeOf(db: DbOrTx, unitId: number): Promise<string> {
  const [row] = await db.select({ code: orgUnits.code }).from(orgUnits).where(eq(orgUnits.id, unitId));
  return row?.code ?? 'HQ';
}

function draftColumns(draft: PreparedDraft) {
  return {
    customerId: draft.customerId,
    contractType: draft.contractType,
    title: draft.title,
    startDate: draft.startDate,
    endDate: draft.endDate,
    terms: draft.terms,
    totalArea: draft.totalArea,
    estimatedAmount: draft.estimatedAmount,
    discountRate: draft.discountRate,
    signingParty: draft.signingParty,
    ourSignatory: draft.ourSignatory,
    customerSignatory: draft.customerSignatory,
    safetyAgreement: draft.safetyAgreement,
    specialTerms: draft.specialTerms,
    templateId: draft.templateId,
    templateVersion: draft.templateVersion,
  };
}

async function holdDraftUnits(tx: Tx, deps: Deps, actor: Actor, contract: ContractRow, draft: PreparedDraft) {
  await tx.insert(contractUnits).values(draft.units.map((unit) => ({ contractId: contract.id, ...unit })));
  const spaceIds = draft.units.map((unit) => unit.spaceId);
  await convertReservations(tx, deps.clock, draft.customerId, spaceIds, draft.startDate, draft.endDate, actor.userId);
  await holdUnits(tx, deps.clock, {
    spaceIds,
    kind: 'reservation',
    startDate: draft.startDate,
    endDate: draft.endDate,
    customerId: draft.customerId,
    contractId: contract.id,
    reference: contract.number,
    note: `合同草稿 ${contract.number}`,
    createdById: actor.userId,
    unitId: contract.unitId,
  });
}

/** 起草合同: a numbered draft for an admitted customer, its units held for the term. */
export async function createContract(deps: Deps, ctx: RequestContext, body: CreateContractBody): Promise<ContractDetail> {
  const actor = requirePermission(ctx.actor, 'contract:write');
  const draft = await prepareDraft(deps.db, actor, body, actor.unitId);
  const spaceIds = draft.units.map((unit) => unit.spaceId);
  const id = await withOccupancyRefusal(deps, ctx, spaceIds, draft.startDate, draft.endDate, () =>
    deps.db.transaction(async (tx) => {
      const now = deps.clock.now();
      const number = await nextNumber(tx, deps, { docType: 'contract', unitCode: await unitCodeOf(tx, actor.unitId) });
      const [row] = await tx
        .insert(contracts)
        .values({ number, ...draftColumns(draft), status: 'draft', version: 1, ownerId: actor.userId, unitId: actor.unitId, createdById: actor.userId, createdAt: now, updatedAt: now })
        .returning();
      const contract = row!;
      await holdDraftUnits(tx, deps, actor, contract, draft);
      await tx.insert(contractVersions).values({ contractId: contract.id, version: 1, snapshot: await snapshotOf(tx, draft), note: '起草', createdById: actor.userId, createdAt: now });
      await recordAudit(tx, deps.clock, ctx, {
        action: 'create',
        entityType: 'contract',
        entityId: contract.id,
        customerId: contract.customerId,
        summary: `起草合同 ${number}「${contract.title}」，单元 ${draft.units.map((u) => u.fullCode).join('、')}，${draft.startDate} 至 ${draft.endDate}`,
        changes: diffChanges(null, contract, contractAuditFields),
      });
      await contractTimeline(tx, deps, actor, contract, '起草合同', 'draft');
      return contract.id;
    }),
  );
  return getContract(deps, ctx, id);
}

/** Revises a draft: a new version when anything changed; units re-held when units or term changed. */
export async function updateContract(deps: Deps, ctx: RequestContext, id: number, body: UpdateContractBody): Promise<ContractDetail> {
  const actor = requirePermission(ctx.actor, 'contract:write');
  const current = await findVisibleContract(deps.db, actor, id);
  const draft = await prepareDraft(deps.db, actor, { ...body, customerId: current.customerId }, current.unitId);
  const spaceIds = draft.units.map((unit) => unit.spaceId);
  await withOccupancyRefusal(deps, ctx, spaceIds, draft.startDate, draft.endDate, () =>
    deps.db.transaction(async (tx) => {
      const before = await findVisibleContract(tx, actor, id, { forUpdate: true });
      if (!mayEdit(actor, before)) throw new AppError('FORBIDDEN', '只有合同经办人或审核人可以修改合同草稿', { reason: 'contract.not_owner' });
      assertStatus(before, ['draft'], '修改');
      const versions = await versionsOf(tx, id);
      const previous = versions.at(-1)?.snapshot ?? null;
      const snapshot = await snapshotOf(tx, draft);
      const changes = snapshotDiff(previous, snapshot);
      if (changes.length === 0) return;
      const units = await contractUnitsOf(tx, id);
      const unitsChanged =
        before.startDate !== draft.startDate ||
        before.endDate !== draft.endDate ||
        units.map((u) => `${u.spaceId}`).sort().join() !== draft.units.map((u) => `${u.spaceId}`).sort().join();
      const now = deps.clock.now();
      const [after] = await tx
        .update(contracts)
        .set({ ...draftColumns(draft), version: before.version + 1, updatedAt: now })
        .where(eq(contracts.id, id))
        .returning();
      if (unitsChanged) {
        await releaseContractHolds(tx, deps.clock, id, actor.userId, 'revised');
        await tx.delete(contractUnits).where(eq(contractUnits.contractId, id));
        await holdDraftUnits(tx, deps, actor, after!, draft);
      } else {
        for (const unit of draft.units) {
          await tx.update(contractUnits).set({ area: unit.area }).where(and(eq(contractUnits.contractId, id), eq(contractUnits.spaceId, unit.spaceId)));
        }
      }
      await tx.insert(contractVersions).values({ contractId: id, version: before.version + 1, snapshot, note: body.note || '修改草稿', createdById: actor.userId, createdAt: now });
      await recordAudit(tx, deps.clock, ctx, {
        action: 'update',
        entityType: 'contract',
        entityId: id,
        customerId: before.customerId,
        summary: `修改合同草稿 ${before.number}（第 ${before.version + 1} 版）：${changes.map((c) => c.field).join('、')}`,
        changes: diffChanges(before, after!, contractAuditFields),
      });
    }),
  );
  return getContract(deps, ctx, id);
}

export function assertStatus(contract: ContractRow, allowed: ContractStatus[], action: string): void {
  if (allowed.includes(contract.status as ContractStatus)) return;
  const now = contractStatusNames[contract.status as ContractStatus] ?? contract.status;
  const need = allowed.map((status) => `「${contractStatusNames[status]}」`).join('或');
  throw new AppError('CONFLICT', `合同 ${contract.number} 当前为「${now}」，只有${need}的合同可以${action}`, { reason: 'contract.wrong_status' });
}

export async function contractTimeline(tx: DbOrTx, deps: Pick<Deps, 'clock'>, actor: Pick<Actor, 'userId'> | null, contract: ContractRow, title: string, event: string) {
  await addTimelineEvent(tx, deps.clock, {
    customerId: contract.customerId,
    type: 'contract',
    title: `${title}：${contract.number}`,
    detail: { contractId: contract.id, number: contract.number, event, status: contract.status },
    actorId: actor?.userId ?? null,
    link: contractLink(contract.id),
    sourceType: 'contract',
    sourceId: contract.id,
  });
}

function toSummary(row: SummaryRow): ContractSummary {
  const c = row.contract;
  return {
    id: c.id,
    number: c.number,
    title: c.title,
    contractType: c.contractType as ContractType,
    status: c.status as ContractStatus,
    statusName: contractStatusNames[c.status as ContractStatus] ?? c.status,
    customerId: c.customerId,
    customerName: row.customerName,
    startDate: c.startDate,
    endDate: c.endDate,
    totalArea: c.totalArea,
    estimatedAmount: c.estimatedAmount,
    units: row.units,
    ownerId: c.ownerId,
    ownerName: row.ownerName,
    effectiveDate: c.effectiveDate,
    financeDueDate: c.financeDueDate,
    handedToFinanceAt: c.handedToFinanceAt?.toISOString() ?? null,
    templateId: c.templateId,
    createdAt: c.createdAt.toISOString(),
  };
}

export async function listContracts(deps: Deps, ctx: RequestContext, query: ContractListQuery) {
  const actor = requirePermission(ctx.actor, 'contract:read');
  const where = listConditions(actor, query);
  const page = await selectPage(deps.db, query, {
    rows: (limit, offset) => selectContracts(deps.db, where, listOrder(query), limit, offset),
    matching: deps.db
      .select({ one: summaryColumns.contract.id })
      .from(contracts)
      .innerJoin(customers, eq(customers.id, contracts.customerId))
      .where(where)
      .$dynamic(),
  });
  return mapPage(page, (rows) => rows.map(toSummary));
}

function actionsFor(actor: Actor, contract: ContractRow, renewed: boolean, disputed: boolean): ContractDetail['actions'] {
  const actions: ContractDetail['actions'] = [];
  const editor = mayEdit(actor, contract);
  if (editor && contract.status === 'draft') actions.push('edit', 'submit');
  if (editor && contract.status === 'to_sign') actions.push('sign');
  if (contract.status === 'effective' && !contract.handedToFinanceAt && (contract.ownerId === actor.userId || hasPermission(actor, 'billing:write'))) actions.push('hand_to_finance');
  if (editor && ['draft', 'to_sign'].includes(contract.status)) actions.push('terminate');
  if (editor && contract.status === 'effective') actions.push('apply_termination', 'amend');
  if (editor && !renewed && ['effective', 'expired'].includes(contract.status)) actions.push('renew');
  const inForce = ['effective', 'changing', 'expired', 'terminated_early'].includes(contract.status);
  if (inForce && (contract.ownerId === actor.userId || hasPermission(actor, 'contract:approve'))) actions.push('record_breach');
  if (['effective', 'expired', 'terminated_early'].includes(contract.status) && (contract.ownerId === actor.userId || hasPermission(actor, 'contract:approve'))) actions.push('record_dispute');
  if (disputed && ['effective', 'expired'].includes(contract.status) && actor.roleCodes.includes('executive')) actions.push('decide_renewal');
  return actions;
}

export async function detailOf(db: DbOrTx, actor: Actor, contract: ContractRow): Promise<ContractDetail> {
  const [summary] = await selectContracts(db, eq(contracts.id, contract.id), [], 1, 0);
  const units = await contractUnitsOf(db, contract.id);
  const itemNames = await dictionaryLabels(db, 'charge_item');
  const template = contract.templateId ? await findTemplate(db, contract.templateId) : undefined;
  const [renewalOf] = contract.renewalOfId ? await db.select({ number: contracts.number }).from(contracts).where(eq(contracts.id, contract.renewalOfId)) : [];
  const [renewedBy] = await db.select({ id: contracts.id, number: contracts.number }).from(contracts).where(and(eq(contracts.renewalOfId, contract.id), ne(contracts.status, 'terminated')));
  const terms = contract.terms;
  const disputed = await customerDisputed(db, contract.customerId);
  const [decider] = contract.renewalDecidedById ? await db.select({ name: users.displayName }).from(users).where(eq(users.id, contract.renewalDecidedById)) : [];
  return {
    ...toSummary(summary!),
    terms: {
      ...terms,
      charges: terms.charges.map((charge) => ({ ...charge, itemName: itemNames.get(charge.item) ?? charge.item, rentFree: appliesRentFree(charge), escalates: appliesEscalation(charge) })),
    },
    termsInWords: termsInWords(terms, itemNames),
    unitLines: units.map((unit) => ({ spaceId: unit.spaceId, fullCode: unit.fullCode, area: unit.area, unitType: unit.unitType })),
    // R-PLT-04, R-BIL-20: discount rates are confidential.
    discountRate: hasPermission(actor, 'sensitive:view') ? contract.discountRate : null,
    signingParty: contract.signingParty,
    ourSignatory: contract.ourSignatory,
    customerSignatory: contract.customerSignatory,
    safetyAgreement: contract.safetyAgreement,
    specialTerms: contract.specialTerms,
    templateName: template?.name ?? null,
    templateVersion: contract.templateVersion,
    version: contract.version,
    approvalId: contract.approvalId,
    reviewComment: contract.reviewComment,
    signedDate: contract.signedDate,
    signedScanId: contract.signedScanId,
    endedAt: contract.endedAt?.toISOString() ?? null,
    endReason: contract.endReason,
    unitId: contract.unitId,
    renewalOfId: contract.renewalOfId,
    renewalOfNumber: renewalOf?.number ?? null,
    renewedById: renewedBy?.id ?? null,
    renewedByNumber: renewedBy?.number ?? null,
    customerDisputed: disputed,
    renewalDecisionDue: disputed && ['effective', 'expired'].includes(contract.status) ? await renewalDecisionDue(db, contract.endDate) : null,
    renewalDecision: contract.renewalDecision
      ? { decision: contract.renewalDecision as 'renew' | 'not_renew', note: contract.renewalDecisionNote ?? '', decidedAt: contract.renewalDecidedAt?.toISOString() ?? '', decidedByName: decider?.name ?? null }
      : null,
    actions: actionsFor(actor, contract, Boolean(renewedBy), disputed),
  };
}

export async function getContract(deps: Deps, ctx: RequestContext, id: number): Promise<ContractDetail> {
  const actor = requirePermission(ctx.actor, 'contract:read');
  const contract = await findVisibleContract(deps.db, actor, id);
  return detailOf(deps.db, actor, contract);
}

/** Every revision with what changed against the one before (R-LEA-13). */
export async function listVersions(deps: Deps, ctx: RequestContext, id: number): Promise<ContractVersion[]> {
  const actor = requirePermission(ctx.actor, 'contract:read');
  await findVisibleContract(deps.db, actor, id);
  const rows = await versionsOf(deps.db, id);
  return rows
    .map((row, index) => ({
      version: row.version,
      note: row.note,
      createdByName: row.createdByName,
      createdAt: row.createdAt.toISOString(),
      changes: snapshotDiff(index > 0 ? rows[index - 1]!.snapshot : null, row.snapshot),
    }))
    .reverse();
}
