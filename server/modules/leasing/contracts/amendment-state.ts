import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/client';
import type { AmendmentKind } from './amendments.schema';
import { contractAmendments, type AmendmentState } from './amendments.table';
import { termsInWords, type ContractTerms } from './contract-terms';
import { depositCredits } from './deposits.service';

/** The parts of a contract an amendment may change, in words (for the diff and the version). */
export function stateInWords(state: AmendmentState, itemNames: Map<string, string>): Record<string, string> {
  return {
    客户: state.customerName,
    合同结束日: state.endDate,
    单元: state.units.map((unit) => `${unit.fullCode}（${unit.area} ㎡）`).join('、'),
    计租面积: `${state.totalArea} ㎡`,
    ...termsInWords(state.terms, itemNames),
  };
}

/** What kinds of change `after` makes to `before` (R-LEA-30). */
export function kindsOf(before: AmendmentState, after: AmendmentState): AmendmentKind[] {
  const kinds: AmendmentKind[] = [];
  const was = new Map(before.units.map((unit) => [unit.spaceId, unit.area]));
  const now = new Map(after.units.map((unit) => [unit.spaceId, unit.area]));
  const added = after.units.some((unit) => !was.has(unit.spaceId));
  const removed = before.units.some((unit) => !now.has(unit.spaceId));
  if (added && removed) kinds.push('swap');
  else if (added) kinds.push('units_add');
  else if (removed) kinds.push('units_remove');
  if (after.units.some((unit) => was.has(unit.spaceId) && was.get(unit.spaceId) !== unit.area)) kinds.push('area');
  if (before.customerId !== after.customerId) kinds.push('rename');
  if (JSON.stringify(before.terms) !== JSON.stringify(after.terms)) kinds.push('price');
  if (before.endDate !== after.endDate) kinds.push('term');
  return kinds;
}

/** The terms in force from a date: the contract's own from its start, each applied amendment's from its date. */
export interface ContractTermSegment {
  from: string;
  area: string;
  terms: ContractTerms;
  /** One-off lines on the segment's first day: an amendment's 过户费, the first segment's 定金 credits. */
  oneOff?: { item: string; amount: string; explanation: string }[];
}

/**
 * What billing computes a contract's schedule from (R-BIL-02): the original terms until the
 * first applied amendment, then each amendment's terms from its effective date.
 */
export async function contractTermSegments(db: DbOrTx, contract: { id: number; startDate: string; totalArea: string; terms: ContractTerms }): Promise<ContractTermSegment[]> {
  const applied = await db
    .select({ seq: contractAmendments.seq, effectiveDate: contractAmendments.effectiveDate, before: contractAmendments.before, after: contractAmendments.after, transferFee: contractAmendments.transferFee })
    .from(contractAmendments)
    .where(and(eq(contractAmendments.contractId, contract.id), eq(contractAmendments.status, 'effective')))
    .orderBy(asc(contractAmendments.effectiveDate));
  // 定金 converted on signing (R-LEA-34) are credits of the first period.
  const credits = await depositCredits(db, contract.id);
  const oneOff = credits.length ? credits : undefined;
  if (applied.length === 0) return [{ from: contract.startDate, area: contract.totalArea, terms: contract.terms, oneOff }];
  const segments: ContractTermSegment[] = [{ from: contract.startDate, area: applied[0]!.before.totalArea, terms: applied[0]!.before.terms, oneOff }];
  for (const amendment of applied) {
    const fee = amendment.transferFee && Number(amendment.transferFee) !== 0 ? amendment.transferFee : null;
    segments.push({
      from: amendment.effectiveDate,
      area: amendment.after.totalArea,
      terms: amendment.after.terms,
      oneOff: fee ? [{ item: 'transfer_fee', amount: fee, explanation: `第 ${amendment.seq} 号补充协议换名/过户费 ${fee} 元` }] : undefined,
    });
  }
  return segments;
}
