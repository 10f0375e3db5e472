import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { requirePermission, type RequestContext } from '../../../platform/access/access';
import { isValidIsoDate, shanghaiDate } from '../../../platform/dates';
import { queryRows } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { fieldError } from '../../../platform/errors';
import { moneyOutput, parseYuan, yuanText } from '../../../platform/money';
import { billingScope } from '../billing-scope';

// 账龄 (R-BIL-10): what each customer owed at a date, by days past due — current (not yet due),
// 1–30, 31–60, 61–90 and over 90 — per customer, owner or owning unit. "At a date" is exact for
// past dates: a bill counts from its issue date until it was voided, a receipt's allocation from
// the day it was applied until the cheque or transfer was returned, a write-off from its approval.

export const ageingBuckets = ['current', 'd1_30', 'd31_60', 'd61_90', 'over90'] as const;
export const ageingQuery = z.object({
  asOf: z.string().refine(isValidIsoDate, '账龄日期应为有效日期，格式 YYYY-MM-DD').optional().describe('默认今天'),
  groupBy: z.enum(['customer', 'owner', 'unit'], '分组应为 customer（客户）、owner（负责人）或 unit（所属单位）').default('customer'),
});
export type AgeingQuery = z.infer<typeof ageingQuery>;

const ageingRowSchema = z.object({
  key: z.number().int().nullable().describe('客户、负责人或单位的编号'),
  name: z.string(),
  bills: z.number().int(),
  current: moneyOutput,
  d1_30: moneyOutput,
  d31_60: moneyOutput,
  d61_90: moneyOutput,
  over90: moneyOutput,
  total: moneyOutput,
  oldestDueDate: z.string().nullable(),
});
export const ageingSchema = z.object({ asOf: z.string(), groupBy: z.string(), rows: z.array(ageingRowSchema), totals: ageingRowSchema.omit({ key: true, name: true, oldestDueDate: true }) });
export type Ageing = z.infer<typeof ageingSchema>;

export async function ageing(deps: Deps, ctx: RequestContext, query: AgeingQuery): Promise<Ageing> {
  const actor = requirePermission(ctx.actor, 'billing:read');
  const today = shanghaiDate(deps.clock.now());
  const asOf = query.asOf ?? today;
  if (asOf > today) throw fieldError('asOf', '账龄日期不能晚于今天');
  const group = {
    customer: { key: sql`customers.id`, name: sql`customers.name` },
    owner: { key: sql`customers.owner_id`, name: sql`coalesce(u.display_name, '（无负责人）')` },
    unit: { key: sql`customers.unit_id`, name: sql`ou.name` },
  }[query.groupBy];
  const rows = await queryRows<Record<string, string | number | null>>(
    deps.db,
    sql`WITH open_bills AS (
          SELECT b.customer_id, b.due_date,
                 b.total - coalesce((SELECT sum(w.amount) FROM bill_write_offs w WHERE w.bill_id = b.id AND w.status = 'approved' AND w.decided_on <= ${asOf}), 0)
                         - coalesce((SELECT sum(a.amount) FROM receipt_allocations a
                                                      WHERE a.bill_id = b.id AND a.allocated_on <= ${asOf}
                                                        AND (a.reversed_on IS NULL OR a.reversed_on > ${asOf})), 0) AS open,
                 (${asOf}::date - b.due_date) AS late
            FROM bills b
           WHERE b.issue_date <= ${asOf} AND b.total > 0 AND (b.status = 'issued' OR b.voided_on > ${asOf}))
        SELECT ${group.key} AS key, ${group.name} AS name, count(*)::int AS bills,
               coalesce(sum(ob.open) FILTER (WHERE ob.late <= 0), 0) AS current,
               coalesce(sum(ob.open) FILTER (WHERE ob.late BETWEEN 1 AND 30), 0) AS d1_30,
               coalesce(sum(ob.open) FILTER (WHERE ob.late BETWEEN 31 AND 60), 0) AS d31_60,
               coalesce(sum(ob.open) FILTER (WHERE ob.late BETWEEN 61 AND 90), 0) AS d61_90,
               coalesce(sum(ob.open) FILTER (WHERE ob.late > 90), 0) AS over90,
               sum(ob.open) AS total, min(ob.due_date)::text AS oldest
          FROM open_bills ob
          JOIN customers ON customers.id = ob.customer_id
          LEFT JOIN users u ON u.id = customers.owner_id
          JOIN org_units ou ON ou.id = customers.unit_id
         WHERE ob.open > 0 AND ${billingScope(actor) ?? sql`true`}
         GROUP BY 1, 2
         ORDER BY sum(ob.open) DESC, 1
         LIMIT 5000`,
  );
  const totals = { bills: 0, current: 0n, d1_30: 0n, d31_60: 0n, d61_90: 0n, over90: 0n, total: 0n };
  const list = rows.map((row) => {
    totals.bills += Number(row.bills);
    const money = Object.fromEntries(
      [...ageingBuckets, 'total'].map((bucket) => {
        const fen = parseYuan(String(row[bucket] ?? '0'));
        totals[bucket as keyof typeof totals] = ((totals[bucket as keyof typeof totals] as bigint) + fen) as never;
        return [bucket, yuanText(fen)];
      }),
    ) as Record<(typeof ageingBuckets)[number] | 'total', string>;
    return { key: row.key === null ? null : Number(row.key), name: String(row.name ?? ''), bills: Number(row.bills), ...money, oldestDueDate: (row.oldest as string | null) ?? null };
  });
  return {
    asOf,
    groupBy: query.groupBy,
    rows: list,
    totals: { bills: totals.bills, current: yuanText(totals.current), d1_30: yuanText(totals.d1_30), d31_60: yuanText(totals.d31_60), d61_90: yuanText(totals.d61_90), over90: yuanText(totals.over90), total: yuanText(totals.total) },
  };
}
