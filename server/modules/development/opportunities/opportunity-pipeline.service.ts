import { and, count, desc, eq, gte, lt, sql } from 'drizzle-orm';
import { requirePermission, type RequestContext } from '../../../platform/access/access';
import { addDays, shanghaiDate, shanghaiTime } from '../../../platform/dates';
import type { Deps } from '../../../platform/deps';
import { fieldError } from '../../../platform/errors';
import { orgUnits, users } from '../../../platform/org/org.table';
import { customers } from '../../customers';
import { opportunityCondition, selectJoined, toOpportunities } from './opportunities.queries';
import type { Board, BoardQuery, Funnel, FunnelGroup, FunnelQuery } from './opportunities.schema';
import { opportunities, opportunityStageChanges } from './opportunities.table';
import { defaultProbability } from './opportunity-intervals';
import { LOST_STAGE, loadStages, type StageDef } from './opportunity-stages';

// 商机看板与漏斗 (R-DEV-21): columns by configured stage, and per-stage conversion per owner/unit.

export async function getOpportunityBoard(deps: Deps, ctx: RequestContext, query: BoardQuery): Promise<Board> {
  const actor = requirePermission(ctx.actor, 'development:read');
  const { limit, ...filters } = query;
  const where = opportunityCondition(actor, filters);
  const stages = await loadStages(deps.db);
  const totals = await deps.db
    .select({
      stageCode: opportunities.stageCode,
      n: count(),
      amount: sql<string>`COALESCE(SUM(${opportunities.amount}), 0)::numeric(18,2)::text`,
    })
    .from(opportunities)
    .innerJoin(customers, eq(customers.id, opportunities.customerId))
    .where(where)
    .groupBy(opportunities.stageCode);
  const byStage = new Map(totals.map((row) => [row.stageCode, row]));
  const columns = await Promise.all(
    stages.map(async (stage) => {
      const total = byStage.get(stage.code);
      const rows = total
        ? await selectJoined(deps.db)
            .where(and(where, eq(opportunities.stageCode, stage.code)))
            .orderBy(desc(opportunities.updatedAt), desc(opportunities.id))
            .limit(limit)
        : [];
      return {
        ...stage,
        probability: defaultProbability(stage, stages),
        count: Number(total?.n ?? 0),
        amountSum: total?.amount ?? '0.00',
        items: await toOpportunities(deps.db, stages, rows),
      };
    }),
  );
  return { columns };
}

const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);

interface FunnelRow {
  id: number;
  status: string;
  stageCode: string;
  ownerId: number;
  ownerName: string;
  unitId: number;
  unitName: string;
}

/** The funnel of a set of opportunities: how many reached at least each stage (lost excluded). */
function funnelOf(key: string, id: number | null, name: string, rows: FunnelRow[], reached: Map<number, number>, stages: StageDef[]): FunnelGroup {
  const funnelStages = stages.filter((stage) => stage.code !== LOST_STAGE);
  let previous: number | null = null;
  const won = rows.filter((row) => row.status === 'won').length;
  return {
    key,
    id,
    name,
    total: rows.length,
    open: rows.filter((row) => row.status === 'open').length,
    won,
    lost: rows.filter((row) => row.status === 'lost').length,
    winRate: rate(won, rows.length),
    stages: funnelStages.map((stage) => {
      const count = rows.filter((row) => (reached.get(row.id) ?? -1) >= stage.order).length;
      const conversionRate = previous === null ? rate(count, rows.length) : rate(count, previous);
      previous = count;
      return { code: stage.code, label: stage.label, reached: count, conversionRate };
    }),
  };
}

export async function getOpportunityFunnel(deps: Deps, ctx: RequestContext, query: FunnelQuery): Promise<Funnel> {
  const actor = requirePermission(ctx.actor, 'development:read');
  const today = shanghaiDate(deps.clock.now());
  const from = query.from ?? `${today.slice(0, 4)}-01-01`;
  const to = query.to ?? today;
  if (from > to) throw fieldError('from', '开始日期不能晚于结束日期');
  const where = and(
    opportunityCondition(actor, { ownerId: query.ownerId, unitId: query.unitId }),
    gte(opportunities.createdAt, shanghaiTime(from)),
    lt(opportunities.createdAt, shanghaiTime(addDays(to, 1))),
  );
  const stages = await loadStages(deps.db);
  const orderOf = new Map(stages.map((stage) => [stage.code, stage.order]));
  const [rows, moves] = await Promise.all([
    deps.db
      .select({
        id: opportunities.id,
        status: opportunities.status,
        stageCode: opportunities.stageCode,
        ownerId: opportunities.ownerId,
        ownerName: users.displayName,
        unitId: opportunities.unitId,
        unitName: orgUnits.name,
      })
      .from(opportunities)
      .innerJoin(customers, eq(customers.id, opportunities.customerId))
      .innerJoin(users, eq(users.id, opportunities.ownerId))
      .innerJoin(orgUnits, eq(orgUnits.id, opportunities.unitId))
      .where(where),
    deps.db
      .selectDistinct({ id: opportunityStageChanges.opportunityId, stage: opportunityStageChanges.toStage })
      .from(opportunityStageChanges)
      .innerJoin(opportunities, eq(opportunities.id, opportunityStageChanges.opportunityId))
      .innerJoin(customers, eq(customers.id, opportunities.customerId))
      .where(where),
  ]);
  // The furthest configured stage each opportunity ever reached (a lost one keeps its progress).
  const reached = new Map<number, number>();
  const note = (id: number, stage: string) => {
    const order = orderOf.get(stage);
    if (stage === LOST_STAGE || order === undefined) return;
    reached.set(id, Math.max(reached.get(id) ?? -1, order));
  };
  for (const move of moves) note(move.id, move.stage);
  for (const row of rows) note(row.id, row.stageCode);

  const overall = funnelOf('all', null, '全部', rows, reached, stages);
  const groups: FunnelGroup[] = [];
  if (query.groupBy !== 'stage') {
    const buckets = new Map<number, { name: string; rows: FunnelRow[] }>();
    for (const row of rows) {
      const id = query.groupBy === 'owner' ? row.ownerId : row.unitId;
      const name = query.groupBy === 'owner' ? row.ownerName : row.unitName;
      const bucket = buckets.get(id) ?? { name, rows: [] };
      bucket.rows.push(row);
      buckets.set(id, bucket);
    }
    for (const [id, bucket] of buckets) groups.push(funnelOf(`${query.groupBy}:${id}`, id, bucket.name, bucket.rows, reached, stages));
    groups.sort((a, b) => b.total - a.total || a.name.localeCompare(b.name, 'zh-CN'));
  }
  return { from, to, groupBy: query.groupBy, overall, groups };
}
