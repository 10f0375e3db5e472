import { and, desc, eq, inArray, max } from 'drizzle-orm';
import { requirePermission, type RequestContext } from '../../../platform/access/access';
import { submitApproval } from '../../../platform/approvals/approval-submit';
import { recordAudit } from '../../../platform/audit/audit.service';
import { addDays, addMonths, shanghaiDate } from '../../../platform/dates';
import type { DbOrTx, Tx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { assertDictionaryItem, dictionaryLabels } from '../../../platform/dictionaries/dictionaries.service';
import { AppError, fieldError } from '../../../platform/errors';
import { parseYuan } from '../../../platform/money';
import { customers } from '../../customers';
import { exclusionViolationOf } from '../../../platform/db/errors';
import { holdUnits, occupiedError } from '../spaces/occupancy.service';
import { findOverlap } from '../spaces/spaces.queries';
import { AMENDMENT_TYPE } from './amendment-approval';
import { applyAmendment } from './amendment-apply';
import {
  amendmentKindNames,
  amendmentStatusNames,
  type Amendment,
  type AmendmentBody,
  type AmendmentKind,
  type AmendmentStatus,
  type SignAmendmentBody,
} from './amendments.schema';
import { contractAmendments, type AmendmentState } from './amendments.table';
import { assertTerms, estimateAmount } from './contract-terms';
import { kindsOf, stateInWords } from './amendment-state';
import { contractCustomer, resolveUnits, snapshotDiff } from './contract-draft';
import { assertCreditAllows } from './credit-guard';
import { assertSignedScan } from './contract-lifecycle.service';
import { MAX_TERM_YEARS } from './contracts.schema';
import { contractUnitsOf, findVisibleContract, type ContractRow } from './contracts.queries';
import { assertStatus, contractTimeline, mayEdit } from './contracts.service';
import { pendingTermination } from './termination.service';

// 变更/补充协议 (R-LEA-30): application → approval (部门经理 → 法务 → 财务) → signed annex →
// applied from the effective date. Days the amendment adds (new units, a longer term) are held
// from the application, so nobody else can let them meanwhile; a refusal releases them.

type AmendmentRow = typeof contractAmendments.$inferSelect;

const areaFen = (units: { area: string }[]) => units.reduce((sum, unit) => sum + Math.round(Number(unit.area) * 100), 0);
const areaText = (fen: number) => (fen / 100).toFixed(2);

export async function contractState(db: DbOrTx, contract: ContractRow): Promise<AmendmentState> {
  const units = await contractUnitsOf(db, contract.id);
  const [customer] = await db.select({ name: customers.name }).from(customers).where(eq(customers.id, contract.customerId));
  return {
    customerId: contract.customerId,
    customerName: customer?.name ?? '',
    endDate: contract.endDate,
    units: units.map((unit) => ({ spaceId: unit.spaceId, fullCode: unit.fullCode, area: unit.area })),
    totalArea: contract.totalArea,
    terms: contract.terms,
  };
}

async function lastAppliedDate(db: DbOrTx, contractId: number): Promise<string | null> {
  const [row] = await db
    .select({ date: max(contractAmendments.effectiveDate) })
    .from(contractAmendments)
    .where(and(eq(contractAmendments.contractId, contractId), eq(contractAmendments.status, 'effective')));
  return row?.date ?? null;
}

/** The state the application asks for, checked: customer, units, end date and terms. */
async function wantedState(db: DbOrTx, ctx: RequestContext, contract: ContractRow, before: AmendmentState, body: AmendmentBody): Promise<AmendmentState> {
  const actor = ctx.actor!;
  const endDate = body.endDate ?? contract.endDate;
  if (endDate < body.effectiveDate) throw fieldError('endDate', `合同结束日不能早于变更生效日 ${body.effectiveDate}`);
  if (endDate >= addMonths(contract.startDate, MAX_TERM_YEARS * 12)) throw fieldError('endDate', `合同期限不超过 ${MAX_TERM_YEARS} 年`);
  const terms = body.terms ?? contract.terms;
  assertTerms(terms, contract.startDate, endDate);
  for (const [index, charge] of terms.charges.entries()) await assertDictionaryItem(db, 'charge_item', charge.item, `terms.charges.${index}.item`);
  const wanted = body.units ?? before.units.map((unit) => ({ spaceId: unit.spaceId, area: unit.area }));
  const { units } = await resolveUnits(db, wanted);
  let customer = { id: before.customerId, name: before.customerName };
  if (body.customerId !== undefined && body.customerId !== contract.customerId) {
    const next = await contractCustomer(db, actor, body.customerId, contract.unitId);
    customer = { id: next.id, name: next.name };
  }
  return { customerId: customer.id, customerName: customer.name, endDate, units, totalArea: areaText(areaFen(units)), terms };
}

/** The days the amendment adds to the contract's holds: new units from its date, kept units beyond the old end. */
function addedDays(before: AmendmentState, after: AmendmentState, effectiveDate: string) {
  const was = new Set(before.units.map((unit) => unit.spaceId));
  const holds: { spaceIds: number[]; startDate: string; endDate: string }[] = [];
  const added = after.units.filter((unit) => !was.has(unit.spaceId)).map((unit) => unit.spaceId);
  if (added.length) holds.push({ spaceIds: added, startDate: effectiveDate, endDate: after.endDate });
  const kept = after.units.filter((unit) => was.has(unit.spaceId)).map((unit) => unit.spaceId);
  if (kept.length && after.endDate > before.endDate) holds.push({ spaceIds: kept, startDate: addDays(before.endDate, 1), endDate: after.endDate });
  return holds;
}

function toAmendment(row: AmendmentRow, itemNames: Map<string, string>, canSign: boolean): Amendment {
  const kinds = row.kinds as AmendmentKind[];
  const state = ({ terms: _terms, ...rest }: AmendmentState) => rest;
  return {
    id: row.id,
    contractId: row.contractId,
    seq: row.seq,
    kinds,
    kindNames: kinds.map((kind) => amendmentKindNames[kind]),
    requestedOn: row.requestedOn,
    effectiveDate: row.effectiveDate,
    reason: row.reason,
    summary: row.summary,
    changes: snapshotDiff(stateInWords(row.before, itemNames), stateInWords(row.after, itemNames)),
    before: state(row.before),
    after: state(row.after),
    transferFee: row.transferFee,
    status: row.status as AmendmentStatus,
    statusName: amendmentStatusNames[row.status as AmendmentStatus],
    approvalId: row.approvalId,
    annexScanId: row.annexScanId,
    signedDate: row.signedDate,
    createdAt: row.createdAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    appliedAt: row.appliedAt?.toISOString() ?? null,
    actions: canSign && row.status === 'approved' ? ['sign'] : [],
  };
}

/** Runs `work`; a hold refused by the database names the other holder of the first refused range. */
async function refusingOverlaps<T>(deps: Deps, ctx: RequestContext, planned: () => ReturnType<typeof addedDays>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (exclusionViolationOf(error) !== 'space_occupancies_no_overlap') throw error;
    for (const hold of planned()) {
      if (await findOverlap(deps.db, hold.spaceIds, hold.startDate, hold.endDate)) throw await occupiedError(deps.db, ctx, hold.spaceIds, hold.startDate, hold.endDate);
    }
    throw await occupiedError(deps.db, ctx, planned()[0]?.spaceIds ?? [0], '1900-01-01', '1900-01-01');
  }
}

/** 变更申请 (R-LEA-30): what the contract becomes from a date, submitted for approval. */
export async function applyForAmendment(deps: Deps, ctx: RequestContext, contractId: number, body: AmendmentBody): Promise<Amendment> {
  const actor = requirePermission(ctx.actor, 'contract:write');
  const today = shanghaiDate(deps.clock.now());
  if (body.requestedOn > today) throw fieldError('requestedOn', '申请日期不能晚于今天');
  let planned: ReturnType<typeof addedDays> = [];
  const id = await refusingOverlaps(deps, ctx, () => planned, () =>
    deps.db.transaction(async (tx) => {
      const contract = await findVisibleContract(tx, actor, contractId, { forUpdate: true });
      if (!mayEdit(actor, contract)) throw new AppError('FORBIDDEN', '只有合同经办人或审核人可以申请变更', { reason: 'contract.not_owner' });
      assertStatus(contract, ['effective'], '申请变更');
      if (await pendingTermination(tx, contractId)) throw new AppError('CONFLICT', `合同 ${contract.number} 有待审批的提前解除申请，不能同时申请变更`, { reason: 'contract.termination_pending' });
      const [open] = await tx.select({ seq: contractAmendments.seq }).from(contractAmendments).where(and(eq(contractAmendments.contractId, contractId), inArray(contractAmendments.status, ['pending', 'approved'])));
      if (open) throw new AppError('CONFLICT', `合同 ${contract.number} 的第 ${open.seq} 号变更尚未办结，请办结后再申请`, { reason: 'contract.amendment_open' });
      if (body.effectiveDate < contract.startDate || body.effectiveDate > contract.endDate) {
        throw fieldError('effectiveDate', `变更生效日应在合同期限 ${contract.startDate} 至 ${contract.endDate} 之内`);
      }
      const lastApplied = await lastAppliedDate(tx, contractId);
      if (lastApplied && body.effectiveDate <= lastApplied) throw fieldError('effectiveDate', `变更生效日应晚于上一份补充协议的生效日 ${lastApplied}`);

      const before = await contractState(tx, contract);
      const after = await wantedState(tx, ctx, contract, before, body);
      const kinds = kindsOf(before, after);
      if (kinds.length === 0) throw fieldError('units', '变更申请没有改变任何内容：请修改单元、计租面积、结束日、收费条款或承接客户');
      if (Number(after.totalArea) > Number(before.totalArea)) await assertCreditAllows(tx, deps.config, after.customerId, shanghaiDate(deps.clock.now()), { what: 'area_increase', guarantor: after.terms.guarantor ?? '' });
      const renamed = kinds.includes('rename');
      if (renamed && (body.transferFee === undefined || body.transferFee === null)) throw fieldError('transferFee', '换名/过户须填写过户费（不收取时填 0）');
      if (!renamed && body.transferFee && parseYuan(body.transferFee) !== 0n) throw fieldError('transferFee', '只有换名/过户才收取过户费');

      const itemNames = await dictionaryLabels(tx, 'charge_item');
      const changes = snapshotDiff(stateInWords(before, itemNames), stateInWords(after, itemNames));
      const summary = `${kinds.map((kind) => amendmentKindNames[kind]).join('、')}，自 ${body.effectiveDate} 起：${changes.map((c) => `${c.field} ${c.before || '（无）'} → ${c.after || '（无）'}`).join('；')}${renamed ? `；过户费 ${body.transferFee} 元` : ''}`;
      const [last] = await tx.select({ seq: max(contractAmendments.seq) }).from(contractAmendments).where(eq(contractAmendments.contractId, contractId));
      const seq = (last?.seq ?? 0) + 1;
      const [row] = await tx
        .insert(contractAmendments)
        .values({ contractId, seq, kinds, requestedOn: body.requestedOn, effectiveDate: body.effectiveDate, reason: body.reason, before, after, transferFee: renamed ? body.transferFee! : null, summary, status: 'pending', createdById: actor.userId, createdAt: deps.clock.now() })
        .returning();
      planned = addedDays(before, after, body.effectiveDate);
      for (const hold of planned) {
        await holdUnits(tx, deps.clock, { ...hold, kind: 'reservation', customerId: after.customerId, contractId, amendmentId: row!.id, reference: contract.number, note: `合同 ${contract.number} 第 ${seq} 号变更`, createdById: actor.userId, unitId: contract.unitId });
      }
      const oldAmount = Number(contract.estimatedAmount);
      const newAmount = Number(estimateAmount(after.terms, after.totalArea, contract.startDate, after.endDate));
      const instance = await submitApproval(tx, deps, ctx, {
        type: AMENDMENT_TYPE,
        businessId: String(row!.id),
        title: `合同变更：${contract.number} 第 ${seq} 号补充协议`,
        data: { number: contract.number, contractId, seq, summary, areaIncrease: Number(after.totalArea) - Number(before.totalArea), amountChange: Math.round((newAmount - oldAmount) * 100) / 100 },
      });
      await tx.update(contractAmendments).set({ approvalId: instance.id }).where(eq(contractAmendments.id, row!.id));
      await recordAudit(tx, deps.clock, ctx, { action: 'amendment_apply', entityType: 'contract', entityId: contractId, customerId: contract.customerId, summary: `申请变更合同 ${contract.number}（第 ${seq} 号）：${summary}` });
      await contractTimeline(tx, deps, actor, contract, `申请合同变更（${kinds.map((kind) => amendmentKindNames[kind]).join('、')}）`, 'amendment_applied');
      return row!.id;
    }),
  );
  return getAmendment(deps, ctx, contractId, id);
}

export async function listAmendments(deps: Deps, ctx: RequestContext, contractId: number): Promise<Amendment[]> {
  const actor = requirePermission(ctx.actor, 'contract:read');
  const contract = await findVisibleContract(deps.db, actor, contractId);
  const rows = await deps.db.select().from(contractAmendments).where(eq(contractAmendments.contractId, contractId)).orderBy(desc(contractAmendments.seq));
  const itemNames = await dictionaryLabels(deps.db, 'charge_item');
  return rows.map((row) => toAmendment(row, itemNames, mayEdit(actor, contract)));
}

async function getAmendment(deps: Deps, ctx: RequestContext, contractId: number, id: number): Promise<Amendment> {
  const all = await listAmendments(deps, ctx, contractId);
  const found = all.find((amendment) => amendment.id === id);
  if (!found) throw new AppError('NOT_FOUND', '变更申请不存在');
  return found;
}

/** 签署补充协议: the signed annex; the changes apply from the effective date. */
export async function signAmendment(deps: Deps, ctx: RequestContext, contractId: number, amendmentId: number, body: SignAmendmentBody): Promise<Amendment> {
  const actor = requirePermission(ctx.actor, 'contract:write');
  const today = shanghaiDate(deps.clock.now());
  if (body.signedDate > today) throw fieldError('signedDate', '签署日期不能晚于今天');
  await deps.db.transaction(async (tx: Tx) => {
    const contract = await findVisibleContract(tx, actor, contractId, { forUpdate: true });
    if (!mayEdit(actor, contract)) throw new AppError('FORBIDDEN', '只有合同经办人或审核人可以签署补充协议', { reason: 'contract.not_owner' });
    const [amendment] = await tx.select().from(contractAmendments).where(and(eq(contractAmendments.id, amendmentId), eq(contractAmendments.contractId, contractId))).for('update');
    if (!amendment) throw new AppError('NOT_FOUND', '变更申请不存在');
    if (amendment.status !== 'approved') {
      throw new AppError('CONFLICT', `第 ${amendment.seq} 号变更当前为「${amendmentStatusNames[amendment.status as AmendmentStatus]}」，审批通过后才能签署补充协议`, { reason: 'amendment.wrong_status' });
    }
    assertStatus(contract, ['effective'], '签署补充协议');
    await assertSignedScan(tx, contractId, body.annexScanId, 'annexScanId');
    await applyAmendment(tx, deps, ctx, contract, amendment, body);
  });
  return getAmendment(deps, ctx, contractId, amendmentId);
}
