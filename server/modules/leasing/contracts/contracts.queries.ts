import { and, asc, eq, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { likePattern, orderByFrom } from '../../../platform/http/pagination';
import { scopeCondition, type Actor } from '../../../platform/access/access';
import type { DbOrTx } from '../../../platform/db/client';
import { createWorkdayCalendar } from '../../../platform/calendar/calendar.service';
import { AppError } from '../../../platform/errors';
import { users } from '../../../platform/org/org.table';
import { customerIdsNamed, customers } from '../../customers';
import { spaces } from '../spaces/spaces.table';
import type { ContractListQuery } from './contracts.schema';
import { contractDisputes } from './breaches.table';
import { contracts, contractTemplates, contractUnits, contractVersions } from './contracts.table';

export type ContractRow = typeof contracts.$inferSelect;
export type ContractUnitRow = typeof contractUnits.$inferSelect;
export type TemplateRow = typeof contractTemplates.$inferSelect;

export const CONTRACT_REVIEW_TYPE = 'contract_review';

/** The contract data scope (R-PLT-03): owner for `self`, the owning unit otherwise. */
export function contractScope(actor: Actor): SQL | undefined {
  return scopeCondition(actor, 'contract', { unitColumn: contracts.unitId, ownerColumns: [contracts.ownerId] });
}

/** A contract the actor may see, or 404 — out-of-scope ids look exactly like missing ones. */
export async function findVisibleContract(db: DbOrTx, actor: Actor, id: number, options: { forUpdate?: boolean } = {}): Promise<ContractRow> {
  const query = db
    .select()
    .from(contracts)
    .where(and(eq(contracts.id, id), contractScope(actor)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw new AppError('NOT_FOUND', '合同不存在或无权查看');
  return row;
}

export async function lockContract(db: DbOrTx, id: number): Promise<ContractRow | undefined> {
  const [row] = await db.select().from(contracts).where(eq(contracts.id, id)).for('update');
  return row;
}

export async function contractUnitsOf(db: DbOrTx, contractId: number) {
  return db
    .select({ spaceId: contractUnits.spaceId, fullCode: contractUnits.fullCode, area: contractUnits.area, unitType: spaces.unitType })
    .from(contractUnits)
    .leftJoin(spaces, eq(spaces.id, contractUnits.spaceId))
    .where(eq(contractUnits.contractId, contractId))
    .orderBy(asc(contractUnits.fullCode));
}

export async function versionsOf(db: DbOrTx, contractId: number) {
  return db
    .select({ version: contractVersions.version, snapshot: contractVersions.snapshot, note: contractVersions.note, createdAt: contractVersions.createdAt, createdByName: users.displayName })
    .from(contractVersions)
    .leftJoin(users, eq(users.id, contractVersions.createdById))
    .where(eq(contractVersions.contractId, contractId))
    .orderBy(asc(contractVersions.version));
}

export async function findTemplate(db: DbOrTx, id: number): Promise<TemplateRow | undefined> {
  const [row] = await db.select().from(contractTemplates).where(eq(contractTemplates.id, id));
  return row;
}

const unitCodes = sql<string>`(SELECT coalesce(string_agg(cu.full_code, '、' ORDER BY cu.full_code), '') FROM contract_units cu WHERE cu.contract_id = ${contracts.id})`;

export const summaryColumns = {
  contract: contracts,
  customerName: customers.name,
  ownerName: users.displayName,
  units: unitCodes,
};

export type SummaryRow = { contract: ContractRow; customerName: string; ownerName: string | null; units: string };

export function listConditions(actor: Actor, query: Partial<ContractListQuery>): SQL | undefined {
  // Full-width letters and digits (typed with a Chinese input method) match as half-width.
  const keyword = query.q ? likePattern(query.q.normalize('NFKC')) : undefined;
  return and(
    contractScope(actor),
    query.status ? eq(contracts.status, query.status) : undefined,
    query.contractType ? eq(contracts.contractType, query.contractType) : undefined,
    query.customerId ? eq(contracts.customerId, query.customerId) : undefined,
    query.ownerId ? eq(contracts.ownerId, query.ownerId) : undefined,
    query.endingBy ? and(lte(contracts.endDate, query.endingBy), inArray(contracts.status, ['effective', 'changing'])) : undefined,
    // Each way of matching is served by its own index (trigram on number, title and unit code;
    // the customer archive's name bigrams), joined as one id set: an OR across the joined tables
    // made the planner test every contract in turn.
    keyword
      ? sql`${contracts.id} IN (
          SELECT k.id FROM contracts k WHERE k.number ILIKE ${keyword} OR k.title ILIKE ${keyword}
          UNION SELECT k.id FROM contracts k WHERE k.customer_id IN (${customerIdsNamed(query.q!)})
          UNION SELECT cu.contract_id FROM contract_units cu WHERE cu.full_code ILIKE ${keyword})`
      : undefined,
  );
}

/** `sort=endDate:asc` etc.; newest first by default. */
export function listOrder(query: Pick<ContractListQuery, 'sort'>): SQL[] {
  return orderByFrom(query.sort, { createdAt: contracts.createdAt, startDate: contracts.startDate, endDate: contracts.endDate, number: contracts.number }, sql`${contracts.id} DESC`);
}

export async function selectContracts(db: DbOrTx, where: SQL | undefined, order: SQL[], limit: number, offset: number): Promise<SummaryRow[]> {
  return db
    .select(summaryColumns)
    .from(contracts)
    .innerJoin(customers, eq(customers.id, contracts.customerId))
    .leftJoin(users, eq(users.id, contracts.ownerId))
    .where(where)
    .orderBy(...order)
    .limit(limit)
    .offset(offset);
}

export async function countContracts(db: DbOrTx, where: SQL | undefined): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(contracts)
    .innerJoin(customers, eq(customers.id, contracts.customerId))
    .where(where);
  return Number(row?.n ?? 0);
}

export interface BillingContract {
  id: number;
  number: string;
  status: string;
  customerId: number;
  startDate: string;
  endDate: string;
  totalArea: string;
  terms: ContractRow['terms'];
}

/** What billing computes a schedule from, for a contract within the actor's scope (else 404). */
export async function contractForBilling(db: DbOrTx, actor: Actor, id: number): Promise<BillingContract> {
  const row = await findVisibleContract(db, actor, id);
  return { id: row.id, number: row.number, status: row.status, customerId: row.customerId, startDate: row.startDate, endDate: row.endDate, totalArea: row.totalArea, terms: row.terms };
}

/** 有争议 (R-LEA-22, 31): the customer has an open dispute on any of its contracts. */
export async function customerDisputed(db: DbOrTx, customerId: number): Promise<boolean> {
  const [row] = await db.select({ id: contractDisputes.id }).from(contractDisputes).where(and(eq(contractDisputes.customerId, customerId), eq(contractDisputes.status, 'open'))).limit(1);
  return Boolean(row);
}

/** R-LEA-31: a disputed customer's renewal is decided this many working days before the end. */
export const RENEWAL_DECISION_WORKDAYS = 30;
export async function renewalDecisionDue(db: DbOrTx, endDate: string): Promise<string> {
  const calendar = await createWorkdayCalendar(db);
  return calendar.addWorkdays(endDate, -RENEWAL_DECISION_WORKDAYS);
}

/** Contract numbers by id (bill lines, receipts and reports name the contract). */
export async function contractNumbersOf(db: DbOrTx, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: contracts.id, number: contracts.number }).from(contracts).where(inArray(contracts.id, ids));
  return new Map(rows.map((row) => [row.id, row.number]));
}

/** 量价返利 (R-BIL-20): the signed contracts of a customer that carry rebate rules, with their term. */
export async function contractRebateRules(db: DbOrTx, customerId: number) {
  const rows = await db
    .select({ id: contracts.id, number: contracts.number, startDate: contracts.startDate, endDate: contracts.endDate, terms: contracts.terms })
    .from(contracts)
    .where(and(eq(contracts.customerId, customerId), inArray(contracts.status, ['effective', 'changing', 'expired', 'terminated_early'])));
  return rows.filter((row) => (row.terms.rebates ?? []).length > 0).map((row) => ({ id: row.id, number: row.number, startDate: row.startDate, endDate: row.endDate, rebates: row.terms.rebates ?? [] }));
}

/** Customers with a signed contract that carries rebate rules: a billing run reads it once. */
export async function customersWithRebateRules(db: DbOrTx): Promise<Set<number>> {
  const rows = await db
    .selectDistinct({ customerId: contracts.customerId })
    .from(contracts)
    .where(and(inArray(contracts.status, ['effective', 'changing', 'expired', 'terminated_early']), sql`jsonb_array_length(coalesce(${contracts.terms} -> 'rebates', '[]'::jsonb)) > 0`));
  return new Set(rows.map((row) => row.customerId));
}

/** The late-fee rule of each contract (R-BIL-11): daily rate and grace days, from its terms. */
export async function contractLateFeeRules(db: DbOrTx, ids: number[]): Promise<Map<number, { number: string; rate: string; graceDays: number }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: contracts.id, number: contracts.number, terms: contracts.terms }).from(contracts).where(inArray(contracts.id, ids));
  return new Map(rows.map((row) => [row.id, { number: row.number, rate: row.terms.lateFeeRate ?? '0', graceDays: row.terms.lateFeeGraceDays ?? 0 }]));
}

/** A contract by id without a caller's scope, for system rules (arrears breaches). */
export async function contractById(db: DbOrTx, id: number): Promise<ContractRow | undefined> {
  const [row] = await db.select().from(contracts).where(eq(contracts.id, id));
  return row;
}

/** Contracts in force (已生效 or 变更中) as of `asOf`, for the service module's return visits (R-SVC-20). */
export async function contractsInForce(db: DbOrTx, asOf: string): Promise<{ id: number; number: string; customerId: number; startDate: string; endDate: string }[]> {
  return db
    .select({ id: contracts.id, number: contracts.number, customerId: contracts.customerId, startDate: contracts.startDate, endDate: contracts.endDate })
    .from(contracts)
    .where(and(inArray(contracts.status, ['effective', 'changing']), lte(contracts.startDate, asOf), sql`${contracts.endDate} >= ${asOf}`))
    .orderBy(asc(contracts.id));
}
