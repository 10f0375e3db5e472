import { localized } from '../../../platform/http/request-language';
import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { hasPermission, requireActor, requirePermission, type RequestContext } from '../../../platform/access/access';
import { queryRows, type DbOrTx } from '../../../platform/db/client';
import { selectPage } from '../../../platform/db/paging';
import type { Deps } from '../../../platform/deps';
import { dictionaryCodes } from '../../../platform/dictionaries/defaults';
import { dictionaryLabels } from '../../../platform/dictionaries/dictionaries.service';
import { AppError } from '../../../platform/errors';
import { parseYuan, yuanText } from '../../../platform/money';
import { orgUnits } from '../../../platform/org/org.table';
import { customerScope, getVisibleCustomer } from '../access';
import { customerGradeChanges, customerGradeTiers, customerRevenue, customers, unitGradingSettings } from '../customers.table';
import {
  BASE_GRADE,
  effectiveSetting,
  FIXED_GRADE_NAMES,
  gradeName,
  gradesForMethod,
  QUOTA_PREFERRED,
  QUOTA_VIP,
  quotaLimits,
  resolveRevenueGrade,
  rollingWindow,
  type GradingMethod,
  type RevenueWindow,
  type Tier,
  type UnitSetting,
} from './grading-rules';
import type { CustomerGrading, Distribution, GradeChange, TopCustomers } from './grading.schema';

// SQL of classification & grading. Revenue is always summed in the database as numeric and
// read back as text, then handled as integer fen (grading.ts) — never as a float.

export interface UnitRow {
  id: number;
  name: string;
  path: string;
}

export async function findUnit(db: DbOrTx, id: number): Promise<UnitRow | undefined> {
  const [row] = await db.select({ id: orgUnits.id, name: orgUnits.name, path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, id));
  return row;
}

export async function unitNames(db: DbOrTx, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await db.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits).where(inArray(orgUnits.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Customers of a unit and every unit below it. */
export const inUnitTree = (path: string): SQL =>
  sql`${customers.unitId} IN (SELECT id FROM org_units WHERE path LIKE ${`${path}%`})`;

export type TierRow = Tier & { sortOrder: number };

export async function loadTiers(db: DbOrTx): Promise<TierRow[]> {
  return db
    .select({
      code: customerGradeTiers.code,
      name: customerGradeTiers.name,
      minAnnualRevenue: customerGradeTiers.minAnnualRevenue,
      sortOrder: customerGradeTiers.sortOrder,
    })
    .from(customerGradeTiers)
    .orderBy(asc(customerGradeTiers.sortOrder), asc(customerGradeTiers.code));
}

export async function loadSettings(db: DbOrTx): Promise<Map<number, UnitSetting>> {
  const rows = await db.select().from(unitGradingSettings);
  return new Map(
    rows.map((r) => [r.unitId, { unitId: r.unitId, method: r.method as GradingMethod, coefficient: r.coefficient, topN: r.topN }]),
  );
}

/** Sum of a customer's revenue over the window, as a numeric string. */
export const rollingRevenueSql = (window: RevenueWindow): SQL<string> =>
  sql<string>`coalesce((SELECT sum(r.amount) FROM customer_revenue r WHERE r.customer_id = ${customers.id} AND r.month BETWEEN ${window.from} AND ${window.to}), 0)::text`;

export async function monthlyRevenue(db: DbOrTx, customerIds: number[], window: RevenueWindow): Promise<Map<number, Map<string, string>>> {
  const result = new Map<number, Map<string, string>>();
  if (!customerIds.length) return result;
  const rows = await db
    .select({ customerId: customerRevenue.customerId, month: customerRevenue.month, amount: customerRevenue.amount })
    .from(customerRevenue)
    .where(
      and(
        inArray(customerRevenue.customerId, customerIds),
        sql`${customerRevenue.month} BETWEEN ${window.from} AND ${window.to}`,
      ),
    );
  for (const row of rows) {
    if (!result.has(row.customerId)) result.set(row.customerId, new Map());
    result.get(row.customerId)!.set(row.month, row.amount);
  }
  return result;
}

/** How many active customers of one unit hold each grade, and the unit's total (R-CUS-22). */
export async function unitGradeCounts(db: DbOrTx, unitId: number): Promise<{ total: number; byGrade: Map<string, number> }> {
  const rows = await db
    .select({ grade: customers.grade, n: sql<number>`count(*)::int` })
    .from(customers)
    .where(and(eq(customers.unitId, unitId), isNull(customers.mergedIntoId)))
    .groupBy(customers.grade);
  const byGrade = new Map<string, number>();
  let total = 0;
  for (const row of rows) {
    total += row.n;
    if (row.grade) byGrade.set(row.grade, row.n);
  }
  return { total, byGrade };
}

export interface GradingCandidate {
  id: number;
  grade: string | null;
  revenue: string;
  rank: number;
}

/** One keyset batch of a unit's customers by id, with rolling revenue (revenue grading). */
export async function revenueBatch(db: DbOrTx, unitId: number, window: RevenueWindow, afterId: number, limit: number): Promise<GradingCandidate[]> {
  const rows = await db
    .select({ id: customers.id, grade: customers.grade, revenue: rollingRevenueSql(window) })
    .from(customers)
    .where(and(eq(customers.unitId, unitId), isNull(customers.mergedIntoId), sql`${customers.id} > ${afterId}`))
    .orderBy(asc(customers.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, id: Number(r.id), rank: 0 }));
}

/** One batch of a unit's customers ranked by rolling revenue, highest first (quota grading). */
export async function quotaBatch(db: DbOrTx, unitId: number, window: RevenueWindow, afterRank: number, limit: number): Promise<GradingCandidate[]> {
  const rows = await queryRows<{ id: string | number; grade: string | null; revenue: string; rank: string | number }>(
    db,
    sql`SELECT id, grade, revenue::text AS revenue, rank FROM (
          SELECT id, grade, revenue, row_number() OVER (ORDER BY revenue DESC, id) AS rank FROM (
            SELECT c.id, c.grade,
                   coalesce((SELECT sum(r.amount) FROM customer_revenue r
                             WHERE r.customer_id = c.id AND r.month BETWEEN ${window.from} AND ${window.to}), 0) AS revenue
            FROM customers c
            WHERE c.unit_id = ${unitId} AND c.merged_into_id IS NULL
          ) totals
        ) ranked
        WHERE rank > ${afterRank} ORDER BY rank LIMIT ${limit}`,
  );
  return rows.map((r) => ({ id: Number(r.id), grade: r.grade, revenue: r.revenue, rank: Number(r.rank) }));
}

/** Units that own at least one active customer, within a unit tree when a path is given. */
export async function unitsWithCustomers(db: DbOrTx, path?: string): Promise<UnitRow[]> {
  return queryRows<UnitRow>(
    db,
    sql`SELECT u.id, u.name, u.path FROM org_units u
        WHERE EXISTS (SELECT 1 FROM customers c WHERE c.unit_id = u.id AND c.merged_into_id IS NULL)
        ${path ? sql`AND u.path LIKE ${`${path}%`}` : sql``}
        ORDER BY u.id`,
  );
}

export async function countActiveCustomers(db: DbOrTx, path?: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(customers)
    .where(and(isNull(customers.mergedIntoId), path ? inUnitTree(path) : undefined));
  return row?.n ?? 0;
}

export interface TopRow {
  id: number;
  code: string;
  name: string;
  ownerId: number | null;
  ownerName: string | null;
  unitId: number;
  unitName: string;
  grade: string | null;
  revenue: string;
}

/** Customers matching `where`, ranked by rolling revenue (only those with revenue in the window). */
export async function topByRevenue(db: DbOrTx, where: SQL, window: RevenueWindow, limit: number): Promise<TopRow[]> {
  const totals = db
    .select({ customerId: customerRevenue.customerId, total: sql<string>`sum(${customerRevenue.amount})`.as('total') })
    .from(customerRevenue)
    .where(
      and(
        sql`${customerRevenue.month} BETWEEN ${window.from} AND ${window.to}`,
        inArray(customerRevenue.customerId, db.select({ id: customers.id }).from(customers).where(where)),
      ),
    )
    .groupBy(customerRevenue.customerId)
    .as('totals');
  const rows = await db
    .select({
      id: customers.id,
      code: customers.code,
      name: customers.name,
      ownerId: customers.ownerId,
      ownerName: sql<string | null>`(SELECT display_name FROM users u WHERE u.id = ${customers.ownerId})`,
      unitId: customers.unitId,
      unitName: sql<string>`coalesce((SELECT name FROM org_units o WHERE o.id = ${customers.unitId}), '')`,
      grade: customers.grade,
      revenue: sql<string>`${totals.total}::text`,
    })
    .from(totals)
    .innerJoin(customers, eq(customers.id, totals.customerId))
    .where(where)
    .orderBy(sql`${totals.total} DESC`, asc(customers.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** Counts of `expression` over customers matching `where`, biggest first. */
export async function countBy(db: DbOrTx, where: SQL, expression: SQL, limit = 50): Promise<{ code: string | null; count: number }[]> {
  const rows = await queryRows<{ code: string | null; count: number | string }>(
    db,
    sql`SELECT ${expression} AS code, count(*)::int AS count FROM customers WHERE ${where} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${limit}`,
  );
  return rows.map((r) => ({ code: r.code, count: Number(r.count) }));
}

/** Counts per usage code (a customer may carry several). */
export async function countUsages(db: DbOrTx, where: SQL): Promise<{ code: string | null; count: number }[]> {
  const rows = await queryRows<{ code: string; count: number | string }>(
    db,
    sql`SELECT u.code, count(*)::int AS count FROM customers, jsonb_array_elements_text(customers.usage_codes) AS u(code)
        WHERE ${where} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 50`,
  );
  return rows.map((r) => ({ code: r.code, count: Number(r.count) }));
}

// ── read use cases (permission and scope checked here) ─────────────────────

export function gradeNames(tiers: readonly TierRow[]): Map<string, string> {
  return new Map([...Object.entries(FIXED_GRADE_NAMES), ...tiers.map((t) => [t.code, t.name] as [string, string])]);
}

export async function requireUnit(db: DbOrTx, unitId: number): Promise<UnitRow> {
  const unit = await findUnit(db, unitId);
  if (!unit) throw new AppError('NOT_FOUND', '单位不存在');
  return unit;
}

const SERIOUS_PREFIX = /^【严重问题降级，评估日 (\d{4}-\d{2}-\d{2})】/;

export async function unitContext(db: DbOrTx, unitId: number) {
  const [unit, settings, tiers] = await Promise.all([requireUnit(db, unitId), loadSettings(db), loadTiers(db)]);
  return { unit, tiers, setting: effectiveSetting(unit.path, settings), names: gradeNames(tiers) };
}

export async function getCustomerGrading(deps: Deps, ctx: RequestContext, customerId: number): Promise<CustomerGrading> {
  const actor = requirePermission(ctx.actor, 'customer:read');
  const customer = await getVisibleCustomer(deps.db, actor, customerId);
  const { tiers, setting, names } = await unitContext(deps.db, customer.unitId);
  const window = rollingWindow(deps.clock.now());
  const [[revenueRow], monthly, counts] = await Promise.all([
    deps.db.select({ revenue: rollingRevenueSql(window) }).from(customers).where(eq(customers.id, customerId)),
    monthlyRevenue(deps.db, [customerId], window),
    setting.method === 'quota' ? unitGradeCounts(deps.db, customer.unitId) : Promise.resolve(null),
  ]);
  const revenueFen = parseYuan(revenueRow?.revenue ?? '0');
  const computed = setting.method === 'revenue' ? resolveRevenueGrade(revenueFen, tiers, setting.coefficient) : (customer.grade ?? BASE_GRADE);
  const limits = counts ? quotaLimits(counts.total) : null;
  return {
    customerId,
    unitId: customer.unitId,
    grade: customer.grade,
    gradeName: gradeName(customer.grade, names),
    gradedAt: customer.gradedAt?.toISOString() ?? null,
    method: setting.method,
    coefficient: Number(setting.coefficient),
    computedGrade: computed,
    computedGradeName: gradeName(computed, names)!,
    rollingRevenue: yuanText(revenueFen),
    window: { from: window.from.slice(0, 7), to: window.to.slice(0, 7) },
    months: window.months.map((month) => ({
      month: month.slice(0, 7),
      amount: yuanText(parseYuan(monthly.get(customerId)?.get(month) ?? '0')),
    })),
    grades: gradesForMethod(setting.method, tiers).map((code) => ({ code, name: gradeName(code, names)! })),
    quota:
      counts && limits
        ? { ...limits, vipUsed: counts.byGrade.get(QUOTA_VIP) ?? 0, preferredUsed: counts.byGrade.get(QUOTA_PREFERRED) ?? 0 }
        : null,
  };
}

export async function listGradeChanges(deps: Deps, ctx: RequestContext, customerId: number, query: { page: number; pageSize: number }) {
  const actor = requirePermission(ctx.actor, 'customer:read');
  await getVisibleCustomer(deps.db, actor, customerId);
  const names = gradeNames(await loadTiers(deps.db));
  const where = eq(customerGradeChanges.customerId, customerId);
  const { rows, ...counted } = await selectPage(deps.db, query, {
    rows: (limit, offset) =>
      deps.db
      .select({
        change: customerGradeChanges,
        changedByName: sql<string | null>`(SELECT display_name FROM users u WHERE u.id = ${customerGradeChanges.changedById})`,
      })
      .from(customerGradeChanges)
      .where(where)
      .orderBy(desc(customerGradeChanges.at), desc(customerGradeChanges.id))
      .limit(limit)
      .offset(offset),
    matching: deps.db.select({ one: sql`1` }).from(customerGradeChanges).where(where).$dynamic(),
  });
  const items: GradeChange[] = rows.map(({ change, changedByName }) => ({
    id: Number(change.id),
    customerId: Number(change.customerId),
    fromGrade: change.fromGrade,
    fromGradeName: gradeName(change.fromGrade, names),
    toGrade: change.toGrade,
    toGradeName: gradeName(change.toGrade, names),
    reason: change.reason,
    method: change.method,
    evaluatedAt: SERIOUS_PREFIX.exec(change.reason)?.[1] ?? null,
    changedById: change.changedById,
    changedByName: change.changedById === null ? '系统' : changedByName,
    at: change.at.toISOString(),
  }));
  return { items, ...counted };
}

/** Top-N monitor (R-CUS-23): the unit tree's customers in the caller's scope by rolling revenue. */
export async function topCustomers(deps: Deps, ctx: RequestContext, query: { unitId?: number; n?: number }): Promise<TopCustomers> {
  const actor = requireActor(ctx);
  if (!hasPermission(actor, 'report:read') && !hasPermission(actor, 'development:assign')) {
    throw new AppError('FORBIDDEN', '没有权限查看重点客户监控（需要权限 report:read 或 development:assign）', { reason: 'access.missing_permission' });
  }
  const unit = await requireUnit(deps.db, query.unitId ?? actor.unitId);
  const setting = effectiveSetting(unit.path, await loadSettings(deps.db));
  const n = query.n ?? setting.topN;
  const window = rollingWindow(deps.clock.now());
  const [rows, names] = await Promise.all([
    topByRevenue(deps.db, and(customerScope(actor), inUnitTree(unit.path))!, window, n),
    loadTiers(deps.db).then(gradeNames),
  ]);
  const monthly = await monthlyRevenue(
    deps.db,
    rows.map((r) => r.id),
    window,
  );
  return {
    unitId: unit.id,
    unitName: unit.name,
    n,
    window: { from: window.from.slice(0, 7), to: window.to.slice(0, 7) },
    months: window.months.map((m) => m.slice(0, 7)),
    items: rows.map((row, index) => ({
      rank: index + 1,
      customerId: row.id,
      code: row.code,
      name: row.name,
      ownerId: row.ownerId,
      ownerName: row.ownerName,
      unitId: row.unitId,
      unitName: row.unitName,
      grade: row.grade,
      gradeName: gradeName(row.grade, names),
      revenue: yuanText(parseYuan(row.revenue)),
      monthly: window.months.map((m) => yuanText(parseYuan(monthly.get(row.id)?.get(m) ?? '0'))),
    })),
  };
}

const dimensionDefs = [
  { key: 'value', name: '价值分类', nameEn: 'Value class', dictionary: dictionaryCodes.customerValue, expression: sql`value_code` },
  { key: 'strategic', name: '战略地位', nameEn: 'Strategic status', dictionary: dictionaryCodes.strategicWeight, expression: sql`strategic_code` },
  { key: 'lifecycle', name: '生命周期', nameEn: 'Lifecycle', dictionary: dictionaryCodes.lifecycleStatus, expression: sql`lifecycle_code` },
  { key: 'industry', name: '行业', nameEn: 'Industry', dictionary: dictionaryCodes.industry, expression: sql`industry_code` },
  { key: 'usage', name: '用途', nameEn: 'Space use', dictionary: dictionaryCodes.usageCategory, expression: null },
] as const;

/** Counts per grade and per classification dimension (R-CUS-20) for the charts; scope-respecting. */
export async function gradingDistribution(deps: Deps, ctx: RequestContext, query: { unitId?: number }): Promise<Distribution> {
  const actor = requirePermission(ctx.actor, 'customer:read');
  const unit = query.unitId === undefined ? undefined : await requireUnit(deps.db, query.unitId);
  const where = and(customerScope(actor), unit ? inUnitTree(unit.path) : undefined)!;
  const [[total], grades, names, ...dimensions] = await Promise.all([
    deps.db.select({ n: sql<number>`count(*)::int` }).from(customers).where(where),
    countBy(deps.db, where, sql`grade`),
    loadTiers(deps.db).then(gradeNames),
    ...dimensionDefs.map(async (def) => {
      const [buckets, labels] = await Promise.all([
        def.expression ? countBy(deps.db, where, def.expression) : countUsages(deps.db, where),
        dictionaryLabels(deps.db, def.dictionary),
      ]);
      return {
        key: def.key,
        name: localized(def.name, def.nameEn),
        buckets: buckets.map((b) => ({ code: b.code, name: b.code === null ? localized('未填写', 'Not set') : (labels.get(b.code) ?? b.code), count: b.count })),
      };
    }),
  ]);
  return {
    total: Number(total?.n ?? 0),
    byGrade: grades.map((b) => ({ code: b.code, name: b.code === null ? localized('未分级', 'Not graded') : gradeName(b.code, names)!, count: b.count })),
    dimensions,
  };
}
