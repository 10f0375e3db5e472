import { and, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import type { RequestContext } from '../../../platform/access/access';
import { diffChanges, recordAudit } from '../../../platform/audit/audit.service';
import { addDays } from '../../../platform/dates';
import type { Tx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { dictionaryLabels } from '../../../platform/dictionaries/dictionaries.service';
import { spaceOccupancies } from '../spaces/spaces.table';
import { stateInWords } from './amendment-state';
import type { SignAmendmentBody } from './amendments.schema';
import { contractAmendments } from './amendments.table';
import { estimateAmount } from './contract-terms';
import { contractAmendedHandlers } from './contract-lifecycle.service';
import { versionsOf, type ContractRow } from './contracts.queries';
import { contractAuditFields, contractTimeline } from './contracts.service';
import { contracts, contractUnits, contractVersions } from './contracts.table';

type AmendmentRow = typeof contractAmendments.$inferSelect;

/**
 * Ends this contract's holds of some units (or all) on `lastDay`: a hold that begins after it
 * is void, one that began keeps its days up to `lastDay` in the history.
 */
async function cutHolds(tx: Tx, deps: Pick<Deps, 'clock'>, contractId: number, lastDay: string, userId: number, spaceIds?: number[]) {
  const only = spaceIds ? sql`AND space_id = ANY(${sql`ARRAY[${sql.join(spaceIds.map((id) => sql`${id}`), sql`, `)}]::bigint[]`})` : sql``;
  await tx.execute(sql`
    UPDATE space_occupancies SET
      released_at = ${deps.clock.now()}, released_by_id = ${userId},
      release_reason = CASE WHEN start_date > ${lastDay}::date THEN 'void' ELSE 'amended' END,
      end_date = CASE WHEN start_date > ${lastDay}::date THEN end_date ELSE LEAST(end_date, ${lastDay}::date) END
    WHERE contract_id = ${contractId} AND released_at IS NULL AND end_date > ${lastDay}::date ${only}`);
}

/** 换名: from the effective date the contract's holds are the new customer's. */
async function renameHolds(tx: Tx, deps: Pick<Deps, 'clock'>, contract: ContractRow, customerId: number, from: string, userId: number) {
  const straddling = await tx
    .select()
    .from(spaceOccupancies)
    .where(and(eq(spaceOccupancies.contractId, contract.id), isNull(spaceOccupancies.releasedAt), lt(spaceOccupancies.startDate, from), gte(spaceOccupancies.endDate, from)));
  if (straddling.length) {
    await cutHolds(tx, deps, contract.id, addDays(from, -1), userId, straddling.map((row) => row.spaceId));
    await tx.insert(spaceOccupancies).values(
      straddling.map(({ id: _id, releasedAt: _r, releasedById: _b, releaseReason: _why, ...row }) => ({ ...row, startDate: from, customerId, createdById: userId, createdAt: deps.clock.now() })),
    );
  }
  await tx
    .update(spaceOccupancies)
    .set({ customerId })
    .where(and(eq(spaceOccupancies.contractId, contract.id), isNull(spaceOccupancies.releasedAt), gte(spaceOccupancies.startDate, from)));
}

/**
 * Applies a signed amendment in the caller's transaction (R-LEA-30): the units, areas, customer,
 * end date and terms become those of the amendment from its effective date; removed units and
 * days beyond a shortened term are released, the days it held become leases; a new contract
 * version records it; billing recomputes the schedule from that date (R-BIL-02).
 */
export async function applyAmendment(tx: Tx, deps: Deps, ctx: RequestContext, contract: ContractRow, amendment: AmendmentRow, body: SignAmendmentBody) {
  const actor = ctx.actor!;
  const { before, after, effectiveDate } = amendment;
  const kept = new Set(after.units.map((unit) => unit.spaceId));
  const removed = before.units.filter((unit) => !kept.has(unit.spaceId)).map((unit) => unit.spaceId);
  if (removed.length) await cutHolds(tx, deps, contract.id, addDays(effectiveDate, -1), actor.userId, removed);
  if (after.endDate < before.endDate) await cutHolds(tx, deps, contract.id, after.endDate, actor.userId);
  await tx
    .update(spaceOccupancies)
    .set({ kind: 'lease' })
    .where(and(eq(spaceOccupancies.amendmentId, amendment.id), isNull(spaceOccupancies.releasedAt)));
  if (after.customerId !== before.customerId) await renameHolds(tx, deps, contract, after.customerId, effectiveDate, actor.userId);

  await tx.delete(contractUnits).where(eq(contractUnits.contractId, contract.id));
  await tx.insert(contractUnits).values(after.units.map((unit) => ({ contractId: contract.id, ...unit })));
  const now = deps.clock.now();
  const [updated] = await tx
    .update(contracts)
    .set({
      customerId: after.customerId,
      endDate: after.endDate,
      terms: after.terms,
      totalArea: after.totalArea,
      estimatedAmount: estimateAmount(after.terms, after.totalArea, contract.startDate, after.endDate),
      version: contract.version + 1,
      updatedAt: now,
    })
    .where(eq(contracts.id, contract.id))
    .returning();
  const itemNames = await dictionaryLabels(tx, 'charge_item');
  const versions = await versionsOf(tx, contract.id);
  const previous = versions.at(-1)?.snapshot ?? {};
  const words = stateInWords(after, itemNames);
  const snapshot = { ...previous, ...words, 合同期限: `${contract.startDate} 至 ${after.endDate}`, 合同总额估算: `${updated!.estimatedAmount} 元` };
  delete (snapshot as Record<string, unknown>)['合同结束日'];
  await tx.insert(contractVersions).values({ contractId: contract.id, version: contract.version + 1, snapshot, note: `第 ${amendment.seq} 号补充协议，自 ${effectiveDate} 起`, createdById: actor.userId, createdAt: now });
  await tx.update(contractAmendments).set({ status: 'effective', signedDate: body.signedDate, annexScanId: body.annexScanId, appliedAt: now }).where(eq(contractAmendments.id, amendment.id));

  for (const handler of contractAmendedHandlers.items()) await handler(tx, { contract: updated!, effectiveDate, summary: amendment.summary }, deps);
  await recordAudit(tx, deps.clock, ctx, {
    action: 'amendment_effective',
    entityType: 'contract',
    entityId: contract.id,
    customerId: after.customerId,
    summary: `合同 ${contract.number} 第 ${amendment.seq} 号补充协议已签署生效：${amendment.summary}`,
    changes: diffChanges(contract, updated!, contractAuditFields),
  });
  await contractTimeline(tx, deps, actor, updated!, `第 ${amendment.seq} 号补充协议生效`, 'amendment_effective');
  if (after.customerId !== before.customerId) await contractTimeline(tx, deps, actor, contract, `合同换名/过户给 ${after.customerName}`, 'renamed_away');
}
