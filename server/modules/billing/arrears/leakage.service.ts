import { and, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { requirePermission, type RequestContext } from '../../../platform/access/access';
import { monthStart, shanghaiDate } from '../../../platform/dates';
import { queryRows } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { moneyOutput, parseYuan, yuanText } from '../../../platform/money';
import { customers } from '../../customers';
import { contractNumbersOf, rentsBelowListPrice, unitsOccupiedWithoutContract } from '../../leasing';
import { billingScope } from '../billing-scope';
import { chargeItemNames } from '../charge-items';

// 防跑冒滴漏 (R-BIL-13): what should be earning and is not — schedule lines already due that no bill
// carries, usage of past months not billed, units occupied without a
// contract in force, and rents agreed below the units' list price. Within the billing scope.

export const leakageSchema = z.object({
  asOf: z.string(),
  unbilled: z.array(z.object({ customerId: z.number().int(), customerName: z.string(), contractId: z.number().int(), contractNumber: z.string(), period: z.number().int(), itemName: z.string(), dueDate: z.string(), amount: moneyOutput })),
  usage: z.array(z.object({ customerId: z.number().int(), customerName: z.string(), period: z.string(), itemName: z.string(), amount: moneyOutput })),
  occupied: z.array(z.object({ unitCode: z.string(), customerId: z.number().int().nullable(), customerName: z.string().nullable(), contractNumber: z.string().nullable(), contractStatus: z.string().nullable() })),
  belowList: z.array(z.object({ contractId: z.number().int(), contractNumber: z.string(), customerName: z.string(), unitCode: z.string(), basis: z.string(), contractPrice: z.string(), listPrice: z.string() })),
});
export type Leakage = z.infer<typeof leakageSchema>;

export async function leakageReport(deps: Deps, ctx: RequestContext): Promise<Leakage> {
  const actor = requirePermission(ctx.actor, 'billing:read');
  requirePermission(actor, 'report:read');
  const today = shanghaiDate(deps.clock.now());
  const cutoff = monthStart(today);
  const nameOf = await chargeItemNames(deps.db);
  const unbilled = await queryRows<{ customer_id: string | number; contract_id: string | number; period: number; item: string; due_date: string; amount: string }>(
    deps.db,
    sql`SELECT s.customer_id, s.contract_id, s.period, s.item, min(s.due_date)::text AS due_date, sum(s.amount) AS amount
          FROM billing_schedule_lines s
         WHERE s.due_date < ${today}
           AND NOT EXISTS (SELECT 1 FROM bill_lines l WHERE l.active = 1 AND l.customer_id = s.customer_id AND l.contract_id = s.contract_id AND l.period = s.period AND l.item = s.item)
         GROUP BY 1, 2, 3, 4
        HAVING sum(s.amount) <> 0
         ORDER BY 5, 1
         LIMIT 1000`,
  );
  const usage = await queryRows<{ customer_id: string | number; period: string; item: string; amount: string }>(
    deps.db,
    sql`SELECT customer_id, period, item, amount FROM usage_charges WHERE status = 'pending' AND period < ${cutoff.slice(0, 7)} ORDER BY period, customer_id LIMIT 1000`,
  );
  const occupied = await unitsOccupiedWithoutContract(deps.db, today);
  const belowList = await rentsBelowListPrice(deps.db, today);
  // Only customers in the caller's billing scope.
  const ids = [...new Set([...unbilled.map((r) => Number(r.customer_id)), ...usage.map((r) => Number(r.customer_id)), ...occupied.flatMap((r) => (r.customerId ? [r.customerId] : [])), ...belowList.map((r) => r.customerId)])];
  const visible = ids.length ? await deps.db.select({ id: customers.id, name: customers.name }).from(customers).where(and(inArray(customers.id, ids), billingScope(actor))) : [];
  const names = new Map(visible.map((row) => [row.id, row.name]));
  const numbers = await contractNumbersOf(deps.db, [...new Set(unbilled.map((r) => Number(r.contract_id)))]);
  return {
    asOf: today,
    unbilled: unbilled
      .filter((r) => names.has(Number(r.customer_id)))
      .map((r) => ({ customerId: Number(r.customer_id), customerName: names.get(Number(r.customer_id))!, contractId: Number(r.contract_id), contractNumber: numbers.get(Number(r.contract_id)) ?? '', period: r.period, itemName: nameOf(r.item), dueDate: r.due_date, amount: yuanText(parseYuan(r.amount)) })),
    usage: usage.filter((r) => names.has(Number(r.customer_id))).map((r) => ({ customerId: Number(r.customer_id), customerName: names.get(Number(r.customer_id))!, period: r.period, itemName: nameOf(r.item), amount: yuanText(parseYuan(r.amount)) })),
    occupied: occupied.filter((r) => r.customerId === null || names.has(r.customerId)).map(({ unitCode, customerId, customerName, contractNumber, contractStatus }) => ({ unitCode, customerId, customerName, contractNumber, contractStatus })),
    belowList: belowList.filter((r) => names.has(r.customerId)).map(({ contractId, contractNumber, customerName, unitCode, basis, contractPrice, listPrice }) => ({ contractId, contractNumber, customerName, unitCode, basis, contractPrice, listPrice })),
  };
}

