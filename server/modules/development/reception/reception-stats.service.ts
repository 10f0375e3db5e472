import { sql, type SQL } from 'drizzle-orm';
import { requirePermission, type RequestContext } from '../../../platform/access/access';
import { queryRows } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { dictionaryLabels } from '../../../platform/dictionaries/dictionaries.service';
import { fieldError } from '../../../platform/errors';
import { receptionScope } from './reception.queries';
import type { ReceptionStats, StatsMeasures, StatsQuery } from './reception.schema';
import { receptionRecords } from './reception.table';
import { resolveDeskUnit, shanghaiMidnight } from './reception-units';
import { userNamesOf } from '../../../platform/org/org.queries';
import { addDays, dayOfWeek, shanghaiDate, toDayNumber } from '../../../platform/dates';

// 来人来电统计成交分析 (R-DEV-42): visits and calls per day / week / month (Asia/Shanghai), with
// conversion to customers and to deals, per receiver and per source.

type Period = StatsQuery['period'];
const MAX_DAYS: Record<Period, number> = { day: 92, week: 371, month: 1096 };

const mondayOf = (date: string) => addDays(date, -((dayOfWeek(date) + 6) % 7));
const monthOf = (date: string) => `${date.slice(0, 7)}-01`;
function nextMonth(date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
}

function defaultFrom(period: Period, to: string): string {
  if (period === 'day') return addDays(to, -13);
  if (period === 'week') return mondayOf(addDays(to, -7 * 7));
  let from = monthOf(to);
  for (let i = 0; i < 5; i++) from = monthOf(addDays(from, -1));
  return from;
}

/** Every bucket start between from and to, so empty periods show as zero rows. */
function bucketsOf(period: Period, from: string, to: string): { start: string; label: string }[] {
  const list: { start: string; label: string }[] = [];
  if (period === 'day') {
    for (let day = from; day <= to; day = addDays(day, 1)) list.push({ start: day, label: day });
  } else if (period === 'week') {
    for (let day = mondayOf(from); day <= to; day = addDays(day, 7)) list.push({ start: day, label: `${day.slice(5)} ~ ${addDays(day, 6).slice(5)}` });
  } else {
    for (let day = monthOf(from); day <= to; day = nextMonth(day)) list.push({ start: day, label: `${day.slice(0, 4)}年${Number(day.slice(5, 7))}月` });
  }
  return list;
}

interface CountRow {
  bucket: string;
  receiver_id: number;
  source_code: string | null;
  visits: number | string;
  calls: number | string;
  new_prospects: number | string;
  site_tours: number | string;
  converted_customers: number | string;
  converted_deals: number | string;
}

type Counts = Omit<StatsMeasures, 'customerRate' | 'dealRate'>;
const zero = (): Counts => ({ visits: 0, calls: 0, newProspects: 0, siteTours: 0, convertedCustomers: 0, convertedDeals: 0 });

function add(target: Counts, row: CountRow): void {
  target.visits += Number(row.visits);
  target.calls += Number(row.calls);
  target.newProspects += Number(row.new_prospects);
  target.siteTours += Number(row.site_tours);
  target.convertedCustomers += Number(row.converted_customers);
  target.convertedDeals += Number(row.converted_deals);
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);
const withRates = (counts: Counts): StatsMeasures => ({
  ...counts,
  customerRate: ratio(counts.convertedCustomers, counts.newProspects),
  dealRate: ratio(counts.convertedDeals, counts.visits + counts.calls),
});

export async function receptionStats(deps: Deps, ctx: RequestContext, query: StatsQuery): Promise<ReceptionStats> {
  const actor = requirePermission(ctx.actor, 'development:read');
  const to = query.to ?? shanghaiDate(deps.clock.now());
  const from = query.from ?? defaultFrom(query.period, to);
  if (from > to) throw fieldError('from', '开始日期不能晚于结束日期');
  if (toDayNumber(to) - toDayNumber(from) + 1 > MAX_DAYS[query.period]) {
    throw fieldError('from', `按${{ day: '日', week: '周', month: '月' }[query.period]}统计最多 ${MAX_DAYS[query.period]} 天，请缩小日期范围`);
  }
  const unit = query.unitId ? await resolveDeskUnit(deps.db, actor, query.unitId) : null;
  const conditions: SQL[] = [
    sql`r.time_in >= ${shanghaiMidnight(from).toISOString()}::timestamptz`,
    sql`r.time_in < ${shanghaiMidnight(addDays(to, 1)).toISOString()}::timestamptz`,
  ];
  if (unit) conditions.push(sql`r.unit_id IN (SELECT id FROM org_units WHERE path LIKE ${`${unit.path}%`})`);
  const scope = receptionScope(actor);
  if (scope) conditions.push(sql`r.id IN (SELECT ${receptionRecords.id} FROM ${receptionRecords} WHERE ${scope})`);
  // A deal: the linked customer has a won opportunity created or closed after the reception.
  const rows = await queryRows<CountRow>(
    deps.db,
    sql`SELECT to_char(date_trunc(${sql.raw(`'${query.period}'`)}, r.time_in AT TIME ZONE 'Asia/Shanghai'), 'YYYY-MM-DD') AS bucket,
          r.receiver_id, r.source_code,
          count(*) FILTER (WHERE r.kind = 'visit') AS visits,
          count(*) FILTER (WHERE r.kind = 'call') AS calls,
          count(*) FILTER (WHERE r.customer_id IS NULL OR r.converted_customer_id IS NOT NULL) AS new_prospects,
          count(*) FILTER (WHERE r.site_tour) AS site_tours,
          count(*) FILTER (WHERE r.converted_customer_id IS NOT NULL) AS converted_customers,
          count(*) FILTER (WHERE r.customer_id IS NOT NULL AND EXISTS (
            SELECT 1 FROM opportunities o
             WHERE o.customer_id = r.customer_id AND (o.status = 'won' OR o.stage_code = 'won')
               AND (o.created_at >= r.time_in OR o.closed_at >= r.time_in))) AS converted_deals
        FROM reception_records r
       WHERE ${sql.join(conditions, sql` AND `)}
       GROUP BY 1, 2, 3`,
  );

  const byBucket = new Map<string, Counts>();
  const byReceiver = new Map<number, Counts>();
  const bySource = new Map<string | null, Counts>();
  const totals = zero();
  for (const row of rows) {
    for (const [map, key] of [
      [byBucket, row.bucket],
      [byReceiver, Number(row.receiver_id)],
      [bySource, row.source_code],
    ] as const) {
      const target = (map as Map<unknown, Counts>).get(key) ?? zero();
      add(target, row);
      (map as Map<unknown, Counts>).set(key, target);
    }
    add(totals, row);
  }
  const [names, sources] = await Promise.all([userNamesOf(deps.db, [...byReceiver.keys()]), dictionaryLabels(deps.db, 'customer_source')]);
  const busiest = (a: Counts, b: Counts) => b.visits + b.calls - (a.visits + a.calls);
  return {
    period: query.period,
    from,
    to,
    buckets: bucketsOf(query.period, from, to).map((bucket) => ({ ...bucket, ...withRates(byBucket.get(bucket.start) ?? zero()) })),
    byReceiver: [...byReceiver.entries()]
      .sort(([, a], [, b]) => busiest(a, b))
      .map(([receiverId, counts]) => ({ receiverId, receiverName: names.get(receiverId) ?? String(receiverId), ...withRates(counts) })),
    bySource: [...bySource.entries()]
      .sort(([, a], [, b]) => busiest(a, b))
      .map(([sourceCode, counts]) => ({ sourceCode, sourceLabel: sourceCode ? (sources.get(sourceCode) ?? sourceCode) : '未填写', ...withRates(counts) })),
    totals: withRates(totals),
  };
}
