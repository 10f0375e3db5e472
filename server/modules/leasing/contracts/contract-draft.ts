import { and, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Actor } from '../../../platform/access/access';
import type { Clock } from '../../../platform/clock';
import { addDays, addMonths, shanghaiDate } from '../../../platform/dates';
import type { DbOrTx } from '../../../platform/db/client';
import { assertDictionaryItem, dictionaryLabels } from '../../../platform/dictionaries/dictionaries.service';
import { fieldError } from '../../../platform/errors';
import { assertCustomerAdmitted, assertNotBlacklisted, getVisibleCustomer } from '../../customers';
import { spacesByIds } from '../spaces/spaces.queries';
import { spaceOccupancies } from '../spaces/spaces.table';
import { assertTerms, discountRate, estimateAmount, termsInWords, type ContractTerms } from './contract-terms';
import { contractTypeNames, MAX_TERM_YEARS, type ContractType, type UpdateContractBody } from './contracts.schema';
import { findTemplate } from './contracts.queries';

// Everything a draft must satisfy before it is saved (R-LEA-11, 12): the customer admitted and
// not blacklisted, the units let-able, the terms consistent, the template of the contract's type.

export interface DraftUnit {
  spaceId: number;
  fullCode: string;
  area: string;
}

export interface PreparedDraft {
  customerId: number;
  customerName: string;
  contractType: ContractType;
  title: string;
  startDate: string;
  endDate: string;
  terms: ContractTerms;
  units: DraftUnit[];
  totalArea: string;
  estimatedAmount: string;
  discountRate: string;
  signingParty: string;
  ourSignatory: string | null;
  customerSignatory: string | null;
  safetyAgreement: boolean;
  specialTerms: string | null;
  templateId: number | null;
  templateVersion: number | null;
  templateName: string | null;
}

type DraftInput = Omit<UpdateContractBody, 'note'> & { customerId: number };

/** Customers a contract may be made with: in scope, admitted (R-CUS-11), not blacklisted (R-CUS-40). */
export async function contractCustomer(db: DbOrTx, actor: Actor, customerId: number, unitId: number) {
  const customer = await getVisibleCustomer(db, actor, customerId).catch(() => {
    throw fieldError('customerId', '客户不存在或不在您的客户范围内');
  });
  await assertCustomerAdmitted(db, customer.id);
  await assertNotBlacklisted(db, customer.id, unitId);
  return customer;
}

/** The wanted units checked as let-able, with their let areas (default: the gross area). */
export async function resolveUnits(db: DbOrTx, wantedUnits: { spaceId: number; area?: string }[]) {
  const ids = wantedUnits.map((unit) => unit.spaceId);
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate !== undefined) throw fieldError('units', '同一单元只能选择一次');
  const rows = await spacesByIds(db, ids);
  const units: DraftUnit[] = [];
  const listRents: { area: string; listRent: string | null; rentBasis: string | null }[] = [];
  for (const [index, wanted] of wantedUnits.entries()) {
    const unit = rows.find((row) => row.id === wanted.spaceId);
    if (!unit || unit.level !== 'unit') throw fieldError(`units.${index}.spaceId`, `房源 ${wanted.spaceId} 不存在或不是可出租的单元`);
    if (unit.retired) throw fieldError(`units.${index}.spaceId`, `单元 ${unit.fullCode} 已拆分或合并，请选择拆分/合并后的单元`);
    const area = wanted.area ?? unit.grossArea ?? unit.usableArea;
    if (!area || Number(area) <= 0) throw fieldError(`units.${index}.area`, `单元 ${unit.fullCode} 没有登记面积，请填写计租面积`);
    if (unit.grossArea && Number(area) > Number(unit.grossArea)) throw fieldError(`units.${index}.area`, `单元 ${unit.fullCode} 的计租面积不能大于建筑面积 ${unit.grossArea} ㎡`);
    units.push({ spaceId: unit.id, fullCode: unit.fullCode, area: Number(area).toFixed(2) });
    listRents.push({ area, listRent: unit.listRent, rentBasis: unit.rentBasis });
  }
  return { units, listRents };
}

export async function prepareDraft(db: DbOrTx, actor: Actor, input: DraftInput, unitId: number): Promise<PreparedDraft> {
  const customer = await contractCustomer(db, actor, input.customerId, unitId);
  if (input.endDate < input.startDate) throw fieldError('endDate', '合同结束日不能早于开始日');
  if (input.endDate >= addMonths(input.startDate, MAX_TERM_YEARS * 12)) throw fieldError('endDate', `合同期限不超过 ${MAX_TERM_YEARS} 年`);
  assertTerms(input.terms, input.startDate, input.endDate);
  for (const [index, charge] of input.terms.charges.entries()) await assertDictionaryItem(db, 'charge_item', charge.item, `terms.charges.${index}.item`);

  const { units, listRents } = await resolveUnits(db, input.units);
  const totalArea = units.reduce((sum, unit) => sum + Math.round(Number(unit.area) * 100), 0);
  const totalAreaText = (totalArea / 100).toFixed(2);

  let template: { id: number; version: number; name: string } | null = null;
  if (input.templateId !== null) {
    const row = await findTemplate(db, input.templateId);
    if (!row || !row.active) throw fieldError('templateId', '所选范本合同不存在或已停用，请重新选择');
    if (row.contractType !== input.contractType) throw fieldError('templateId', `所选范本适用于${contractTypeNames[row.contractType as ContractType]}，与合同类型不符`);
    template = { id: row.id, version: row.version, name: row.name };
  }
  return {
    customerId: customer.id,
    customerName: customer.name,
    contractType: input.contractType,
    title: input.title || `${customer.name}${contractTypeNames[input.contractType]}`,
    startDate: input.startDate,
    endDate: input.endDate,
    terms: input.terms,
    units,
    totalArea: totalAreaText,
    estimatedAmount: estimateAmount(input.terms, totalAreaText, input.startDate, input.endDate),
    discountRate: discountRate(input.terms, listRents),
    signingParty: input.signingParty,
    ourSignatory: input.ourSignatory || null,
    customerSignatory: input.customerSignatory || null,
    safetyAgreement: input.safetyAgreement,
    specialTerms: input.specialTerms || null,
    templateId: template?.id ?? null,
    templateVersion: template?.version ?? null,
    templateName: template?.name ?? null,
  };
}

/** A revision's snapshot in words (R-LEA-13): what the version list shows and diffs. */
export async function snapshotOf(db: DbOrTx, draft: PreparedDraft): Promise<Record<string, string>> {
  const itemNames = await dictionaryLabels(db, 'charge_item');
  return {
    客户: draft.customerName,
    合同类型: contractTypeNames[draft.contractType],
    合同名称: draft.title,
    合同期限: `${draft.startDate} 至 ${draft.endDate}`,
    单元: draft.units.map((unit) => `${unit.fullCode}（${unit.area} ㎡）`).join('、'),
    计租面积: `${draft.totalArea} ㎡`,
    ...termsInWords(draft.terms, itemNames),
    合同总额估算: `${draft.estimatedAmount} 元`,
    签约主体: draft.signingParty,
    我方签约人: draft.ourSignatory ?? '',
    客户签约人: draft.customerSignatory ?? '',
    安全管理协议: draft.safetyAgreement ? '附' : '不附',
    特别约定: draft.specialTerms ?? '',
    合同文本: draft.templateName ? `范本「${draft.templateName}」第 ${draft.templateVersion} 版` : '非范本文本',
  };
}

/** Field-by-field differences of two snapshots, in the order of the newer one. */
export function snapshotDiff(before: Record<string, unknown> | null, after: Record<string, unknown>) {
  if (!before) return [];
  const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])];
  return keys
    .filter((key) => String(before[key] ?? '') !== String(after[key] ?? ''))
    .map((key) => ({ field: key, before: String(before[key] ?? ''), after: String(after[key] ?? '') }));
}

/**
 * The customer's own open reservations of these units that overlap the term give way to the
 * contract (预留 → 合同): released as `converted` in the caller's transaction.
 */
export async function convertReservations(tx: DbOrTx, clock: Clock, customerId: number, spaceIds: number[], startDate: string, endDate: string, userId: number) {
  await tx
    .update(spaceOccupancies)
    .set({ releasedAt: clock.now(), releasedById: userId, releaseReason: 'converted' })
    .where(
      and(
        eq(spaceOccupancies.customerId, customerId),
        eq(spaceOccupancies.kind, 'reservation'),
        isNull(spaceOccupancies.contractId),
        isNull(spaceOccupancies.releasedAt),
        inArray(spaceOccupancies.spaceId, spaceIds),
        lte(spaceOccupancies.startDate, endDate),
        gte(spaceOccupancies.endDate, startDate),
      ),
    );
}

/**
 * Releases the holds of a contract (a revised draft, a terminated one) in the caller's
 * transaction. As with reservations, a hold that had not begun is void; one that had keeps the
 * days up to yesterday in the history. `lastDay` (a termination date) ends the hold on that day.
 */
export async function releaseContractHolds(tx: DbOrTx, clock: Clock, contractId: number, userId: number | null, reason: string, lastDay?: string) {
  const today = shanghaiDate(clock.now());
  const cut = lastDay ?? addDays(today, -1);
  await tx.execute(sql`
    UPDATE space_occupancies SET
      released_at = ${clock.now()}, released_by_id = ${userId},
      release_reason = CASE WHEN start_date > ${cut}::date THEN 'void' ELSE ${reason} END,
      end_date = CASE WHEN start_date > ${cut}::date THEN end_date ELSE LEAST(end_date, ${cut}::date) END
    WHERE contract_id = ${contractId} AND released_at IS NULL`);
}

/** A signed contract's holds become leases (已租) over the term. */
export async function turnHoldsIntoLeases(tx: DbOrTx, contractId: number) {
  await tx
    .update(spaceOccupancies)
    .set({ kind: 'lease' })
    .where(and(eq(spaceOccupancies.contractId, contractId), isNull(spaceOccupancies.releasedAt)));
}

export const todayIn = (clock: Clock) => shanghaiDate(clock.now());
