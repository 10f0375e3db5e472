import { and, asc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../../platform/access/access';
import type { DbOrTx } from '../../../platform/db/client';
import { likePattern } from '../../../platform/http/pagination';
import { orgUnits, users } from '../../../platform/org/org.table';
import { customers } from '../../customers';
import { developmentScope } from '../development-access';
import type { IntentLevel, Opportunity, OpportunityFilters } from './opportunities.schema';
import { opportunities, opportunityStageChanges } from './opportunities.table';
import { followUpDueDate, lastActivityOf, opportunityIntervalDays, rulesCache } from './opportunity-intervals';
import type { StageDef } from './opportunity-stages';

// SQL of 商机: the scoped filter, the joined row and its DTO.

export type OpportunityRow = typeof opportunities.$inferSelect;

/** The development data scope of opportunities: owner for `self`, else the owning unit. */
export function opportunityScope(actor: Actor): SQL | undefined {
  return developmentScope(actor, { unit: opportunities.unitId, owners: [opportunities.ownerId] });
}

/** The WHERE of the list, board and funnel: scope plus filters. */
export function opportunityCondition(actor: Actor, filters: OpportunityFilters): SQL | undefined {
  const conditions: (SQL | undefined)[] = [opportunityScope(actor)];
  if (filters.q) {
    const pattern = likePattern(filters.q);
    conditions.push(or(ilike(opportunities.name, pattern), ilike(opportunities.number, pattern), ilike(customers.name, pattern)));
  }
  if (filters.stageCode) conditions.push(eq(opportunities.stageCode, filters.stageCode));
  if (filters.status) conditions.push(eq(opportunities.status, filters.status));
  if (filters.ownerId !== undefined) conditions.push(eq(opportunities.ownerId, filters.ownerId));
  if (filters.unitId !== undefined) {
    conditions.push(sql`${opportunities.unitId} IN (SELECT id FROM org_units WHERE path LIKE (SELECT path FROM org_units WHERE id = ${filters.unitId}) || '%')`);
  }
  if (filters.intentLevel) conditions.push(eq(opportunities.intentLevel, filters.intentLevel));
  if (filters.stale !== undefined) conditions.push(eq(opportunities.stale, filters.stale === 'true'));
  if (filters.customerId !== undefined) conditions.push(eq(opportunities.customerId, filters.customerId));
  return and(...conditions);
}

export const joinedColumns = {
  row: opportunities,
  customerName: customers.name,
  ownerName: users.displayName,
  unitName: orgUnits.name,
};

/** opportunities ⋈ customers, owner, unit — the base of every read. */
export function selectJoined(db: DbOrTx) {
  return db
    .select(joinedColumns)
    .from(opportunities)
    .innerJoin(customers, eq(customers.id, opportunities.customerId))
    .innerJoin(users, eq(users.id, opportunities.ownerId))
    .innerJoin(orgUnits, eq(orgUnits.id, opportunities.unitId));
}

export interface JoinedRow {
  row: OpportunityRow;
  customerName: string;
  ownerName: string;
  unitName: string;
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);

/** Rows → DTOs with stage labels and the next follow-up day of open ones. */
export async function toOpportunities(db: DbOrTx, stages: StageDef[], rows: JoinedRow[]): Promise<Opportunity[]> {
  const labels = new Map(stages.map((stage) => [stage.code, stage.label]));
  const rulesOf = rulesCache(db);
  return Promise.all(
    rows.map(async ({ row, customerName, ownerName, unitName }) => {
      let dueDate: string | null = null;
      if (row.status === 'open') {
        const rules = await rulesOf(row.unitId);
        dueDate = followUpDueDate(lastActivityOf(row), opportunityIntervalDays(row.intentLevel, rules));
      }
      return {
        id: row.id,
        number: row.number,
        customerId: row.customerId,
        customerName,
        name: row.name,
        ownerId: row.ownerId,
        ownerName,
        unitId: row.unitId,
        unitName,
        spaceTypeCode: row.spaceTypeCode,
        area: row.area,
        budget: row.budget,
        amount: row.amount,
        probability: row.probability,
        expectedSignDate: row.expectedSignDate,
        stageCode: row.stageCode,
        stageLabel: labels.get(row.stageCode) ?? row.stageCode,
        status: row.status as Opportunity['status'],
        intentLevel: row.intentLevel as IntentLevel,
        lostReasonCode: row.lostReasonCode,
        lostNote: row.lostNote,
        lastFollowUpAt: iso(row.lastFollowUpAt),
        stageChangedAt: row.stageChangedAt.toISOString(),
        stale: row.stale,
        followUpDueDate: dueDate,
        closedAt: iso(row.closedAt),
        note: row.note,
        createdAt: row.createdAt.toISOString(),
        updatedAt: row.updatedAt.toISOString(),
        version: row.version,
      };
    }),
  );
}

/** One opportunity within the actor's scope (optionally locked), or undefined. */
export async function findVisibleOpportunity(db: DbOrTx, actor: Actor, id: number, options: { forUpdate?: boolean } = {}) {
  const query = db
    .select()
    .from(opportunities)
    .where(and(eq(opportunities.id, id), opportunityScope(actor)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

export async function joinedById(db: DbOrTx, id: number): Promise<JoinedRow | undefined> {
  const [row] = await selectJoined(db).where(eq(opportunities.id, id));
  return row;
}

export async function stageHistoryOf(db: DbOrTx, opportunityId: number) {
  return db
    .select({
      id: opportunityStageChanges.id,
      fromStage: opportunityStageChanges.fromStage,
      toStage: opportunityStageChanges.toStage,
      forward: opportunityStageChanges.forward,
      actorName: users.displayName,
      at: opportunityStageChanges.at,
    })
    .from(opportunityStageChanges)
    .leftJoin(users, eq(users.id, opportunityStageChanges.actorId))
    .where(eq(opportunityStageChanges.opportunityId, opportunityId))
    .orderBy(asc(opportunityStageChanges.at), asc(opportunityStageChanges.id));
}
