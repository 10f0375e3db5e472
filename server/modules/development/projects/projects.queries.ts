import { and, asc, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../../platform/access/access';
import { approvalInstances } from '../../../platform/approvals/approvals.table';
import { shanghaiDate } from '../../../platform/dates';
import type { DbOrTx } from '../../../platform/db/client';
import { selectPage } from '../../../platform/db/paging';
import { AppError } from '../../../platform/errors';
import { likePattern, orderByFrom } from '../../../platform/http/pagination';
import { canonicalYuan, parseYuan, type Fen } from '../../../platform/money';
import { orgUnits, users } from '../../../platform/org/org.table';
import { customers } from '../../customers';
import { developmentScope } from '../development-access';
import { progressDueDate } from './project-rules';
import type { ProjectListQuery, ProjectSummary } from './projects.schema';
import { developmentProjectBudgetItems, developmentProjectExpenses, developmentProjectProgress, developmentProjects } from './projects.table';

// SQL of development projects; the services hold the rules.

export type ProjectRow = typeof developmentProjects.$inferSelect;
export type BudgetItemRow = typeof developmentProjectBudgetItems.$inferSelect;

export const PROJECT_APPROVAL_TYPE = 'development_project';

/** The `development` data scope for projects: self = the owner. */
export function projectScope(actor: Actor): SQL | undefined {
  return developmentScope(actor, { unit: developmentProjects.unitId, owners: [developmentProjects.ownerId] });
}

/** A project the actor may see, or 404 — out-of-scope ids look exactly like missing ones. */
export async function findVisibleProject(db: DbOrTx, actor: Actor, id: number, options: { forUpdate?: boolean } = {}): Promise<ProjectRow> {
  const query = db
    .select()
    .from(developmentProjects)
    .where(and(eq(developmentProjects.id, id), projectScope(actor)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw new AppError('NOT_FOUND', '开发立项不存在或无权查看');
  return row;
}

export async function lockProject(db: DbOrTx, id: number): Promise<ProjectRow | undefined> {
  const [row] = await db.select().from(developmentProjects).where(eq(developmentProjects.id, id)).for('update');
  return row;
}

export async function budgetItemsOf(db: DbOrTx, projectId: number): Promise<BudgetItemRow[]> {
  return db.select().from(developmentProjectBudgetItems).where(eq(developmentProjectBudgetItems.projectId, projectId)).orderBy(asc(developmentProjectBudgetItems.id));
}

/** Spent per budget item (fen) and the pre-breakthrough total of a project. */
export async function spendingOf(db: DbOrTx, projectId: number): Promise<{ byItem: Map<number, Fen>; preBreakthroughFen: Fen }> {
  const rows = await db
    .select({
      itemId: developmentProjectExpenses.budgetItemId,
      total: sql<string>`coalesce(sum(${developmentProjectExpenses.amount}), 0)`,
      pre: sql<string>`coalesce(sum(${developmentProjectExpenses.amount}) filter (where ${developmentProjectExpenses.preBreakthrough}), 0)`,
    })
    .from(developmentProjectExpenses)
    .where(eq(developmentProjectExpenses.projectId, projectId))
    .groupBy(developmentProjectExpenses.budgetItemId);
  const byItem = new Map(rows.map((row) => [row.itemId, parseYuan(String(row.total))]));
  const preBreakthroughFen = rows.reduce((sum, row) => sum + parseYuan(String(row.pre)), 0n);
  return { byItem, preBreakthroughFen };
}

export async function expensesOf(db: DbOrTx, projectId: number) {
  return db
    .select({ expense: developmentProjectExpenses, category: developmentProjectBudgetItems.category, recordedByName: users.displayName })
    .from(developmentProjectExpenses)
    .innerJoin(developmentProjectBudgetItems, eq(developmentProjectBudgetItems.id, developmentProjectExpenses.budgetItemId))
    .leftJoin(users, eq(users.id, developmentProjectExpenses.recordedById))
    .where(eq(developmentProjectExpenses.projectId, projectId))
    .orderBy(desc(developmentProjectExpenses.spentOn), desc(developmentProjectExpenses.id));
}

export async function progressOf(db: DbOrTx, projectId: number) {
  return db
    .select({ progress: developmentProjectProgress, recordedByName: users.displayName })
    .from(developmentProjectProgress)
    .leftJoin(users, eq(users.id, developmentProjectProgress.recordedById))
    .where(eq(developmentProjectProgress.projectId, projectId))
    .orderBy(desc(developmentProjectProgress.reportedOn), desc(developmentProjectProgress.id));
}

export async function approvalsOf(db: DbOrTx, projectId: number) {
  return db
    .select({
      id: approvalInstances.id,
      status: approvalInstances.status,
      title: approvalInstances.title,
      applicantId: approvalInstances.applicantId,
      createdAt: approvalInstances.createdAt,
      completedAt: approvalInstances.completedAt,
    })
    .from(approvalInstances)
    .where(and(eq(approvalInstances.businessType, PROJECT_APPROVAL_TYPE), eq(approvalInstances.businessId, String(projectId))))
    .orderBy(asc(approvalInstances.id));
}

const budgetTotal = sql<string>`(SELECT coalesce(sum(amount), 0) FROM development_project_budget_items b WHERE b.project_id = ${developmentProjects.id})`;
const spentTotal = sql<string>`(SELECT coalesce(sum(amount), 0) FROM development_project_expenses e WHERE e.project_id = ${developmentProjects.id})`;
const preSpent = sql<string>`(SELECT coalesce(sum(amount), 0) FROM development_project_expenses e WHERE e.project_id = ${developmentProjects.id} AND e.pre_breakthrough)`;

const summaryColumns = {
  project: developmentProjects,
  customerName: customers.name,
  ownerName: users.displayName,
  unitName: orgUnits.name,
  budgetTotal,
  spentTotal,
  preSpent,
};

type SummaryRow = { project: ProjectRow; customerName: string | null; ownerName: string | null; unitName: string | null; budgetTotal: string; spentTotal: string; preSpent: string };

const iso = (value: Date | null) => value?.toISOString() ?? null;

export function toSummary(row: SummaryRow): ProjectSummary {
  const p = row.project;
  const progressBase = p.lastProgressAt ?? p.approvedAt;
  return {
    id: p.id,
    number: p.number,
    customerId: p.customerId,
    customerName: row.customerName ?? '',
    name: p.name,
    ownerId: p.ownerId,
    ownerName: row.ownerName,
    unitId: p.unitId,
    unitName: row.unitName,
    status: p.status as ProjectSummary['status'],
    flag: (p.flag as ProjectSummary['flag']) ?? null,
    reviewRequired: p.reviewRequired,
    reportRequired: p.reportRequired,
    expectedAnnualVolume: canonicalYuan(p.expectedAnnualVolume),
    target: p.target,
    budgetTotal: canonicalYuan(String(row.budgetTotal)),
    spentTotal: canonicalYuan(String(row.spentTotal)),
    preBreakthroughSpent: canonicalYuan(String(row.preSpent)),
    preBreakthroughCap: canonicalYuan(p.preBreakthroughCap),
    approvedAt: iso(p.approvedAt),
    lastProgressAt: iso(p.lastProgressAt),
    nextProgressDue: p.status === 'active' && progressBase ? progressDueDate(shanghaiDate(progressBase)) : null,
    breakthroughAt: iso(p.breakthroughAt),
    closedAt: iso(p.closedAt),
    createdAt: p.createdAt.toISOString(),
  };
}

function summarySelect(db: DbOrTx) {
  return db
    .select(summaryColumns)
    .from(developmentProjects)
    .leftJoin(customers, eq(customers.id, developmentProjects.customerId))
    .leftJoin(users, eq(users.id, developmentProjects.ownerId))
    .leftJoin(orgUnits, eq(orgUnits.id, developmentProjects.unitId));
}

export async function summaryOf(db: DbOrTx, projectId: number): Promise<ProjectSummary> {
  const [row] = await summarySelect(db).where(eq(developmentProjects.id, projectId));
  return toSummary(row!);
}

export async function pageProjects(db: DbOrTx, actor: Actor, query: ProjectListQuery) {
  const where = and(
    projectScope(actor),
    query.status ? eq(developmentProjects.status, query.status) : undefined,
    query.flag ? eq(developmentProjects.flag, query.flag) : undefined,
    query.ownerId ? eq(developmentProjects.ownerId, query.ownerId) : undefined,
    query.unitId
      ? sql`${developmentProjects.unitId} IN (SELECT id FROM org_units WHERE path LIKE (SELECT path FROM org_units WHERE id = ${query.unitId}) || '%')`
      : undefined,
    query.q
      ? or(
          ilike(developmentProjects.number, likePattern(query.q)),
          ilike(developmentProjects.name, likePattern(query.q)),
          ilike(customers.name, likePattern(query.q)),
        )
      : undefined,
  );
  const orderBy = orderByFrom(
    query.sort,
    { createdAt: developmentProjects.createdAt, approvedAt: developmentProjects.approvedAt, lastProgressAt: developmentProjects.lastProgressAt },
    sql`${developmentProjects.id} desc`,
  );
  const { rows, ...counted } = await selectPage(db, query, {
    rows: (limit, offset) => summarySelect(db).where(where).orderBy(...orderBy).limit(limit).offset(offset),
    matching: db
      .select({ one: sql`1` })
      .from(developmentProjects)
      .leftJoin(customers, eq(customers.id, developmentProjects.customerId))
      .where(where)
      .$dynamic(),
  });
  return { items: rows.map(toSummary), ...counted };
}

/** Open projects (not closed) of a customer, to refuse a second parallel project. */
export async function openProjectOfCustomer(db: DbOrTx, customerId: number): Promise<ProjectRow | undefined> {
  const [row] = await db
    .select()
    .from(developmentProjects)
    .where(and(eq(developmentProjects.customerId, customerId), inArray(developmentProjects.status, ['draft', 'pending', 'active'])))
    .limit(1);
  return row;
}
