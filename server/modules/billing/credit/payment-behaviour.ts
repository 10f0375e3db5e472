import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { addDays } from '../../../platform/dates';
import { queryRows, type DbOrTx } from '../../../platform/db/client';

// 付款表现 (R-CRD-03): computed from billing over the 12 months before a date — bills due, the
// share settled by their due date, days late — for the scorecard's performance dimension.

export const behaviourSchema = z.object({
  since: z.string(),
  billsDue: z.number().int().describe('近 12 个月到期的账单数'),
  paidOnTime: z.number().int(),
  onTimeRate: z.number().nullable().describe('按时结清率（0–1），没有到期账单时为空'),
  averageDaysLate: z.number().nullable().describe('已结清账单的平均逾期天数'),
  maxDaysOverdueNow: z.number().int(),
});
/** 付款表现 from the bills due in the 12 months before `today` and their allocations. */
export async function paymentBehaviour(db: DbOrTx, customerId: number, today: string): Promise<z.infer<typeof behaviourSchema>> {
  const since = addDays(today, -365);
  const [row] = await queryRows<{ due: number; on_time: number; avg_late: string | null; max_now: number | null }>(
    db,
    sql`WITH due AS (
          SELECT b.id, b.due_date, b.total, b.paid + b.written_off >= b.total AS settled,
                 (SELECT max(a.allocated_on) FROM receipt_allocations a WHERE a.bill_id = b.id AND a.reversed_on IS NULL) AS last_paid
            FROM bills b
           WHERE b.customer_id = ${customerId} AND b.status = 'issued' AND b.total > 0 AND b.due_date >= ${since} AND b.due_date < ${today})
        SELECT count(*)::int AS due,
               count(*) FILTER (WHERE settled AND last_paid <= due_date)::int AS on_time,
               avg(greatest(last_paid - due_date, 0)) FILTER (WHERE settled) AS avg_late,
               max(${today}::date - due_date) FILTER (WHERE NOT settled) AS max_now
          FROM due`,
  );
  const due = row?.due ?? 0;
  return {
    since,
    billsDue: due,
    paidOnTime: row?.on_time ?? 0,
    onTimeRate: due ? Math.round(((row?.on_time ?? 0) / due) * 10000) / 10000 : null,
    averageDaysLate: row?.avg_late === null || row?.avg_late === undefined ? null : Math.round(Number(row.avg_late) * 10) / 10,
    maxDaysOverdueNow: Number(row?.max_now ?? 0),
  };
}

