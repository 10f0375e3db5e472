import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { requirePermission, type RequestContext } from '../../../platform/access/access';
import { diffChanges, recordAudit } from '../../../platform/audit/audit.service';
import type { Clock } from '../../../platform/clock';
import { queryRows, type Db, type DbOrTx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError } from '../../../platform/errors';
import { parseYuan, splitTax, sumFen, yuanText } from '../../../platform/money';
import { recordCustomerRevenue } from '../../customers';
import { chargeItemNames } from '../charge-items';
import { billingChargeSettings } from './charge-settings.table';

// The one revenue basis (R-BIL-14): billed amounts of revenue items, net of the VAT they include,
// per customer and bill month — written into the customer module's revenue table that grading
// reads (R-CUS-21) whenever a bill is issued or voided.

const defaults: { item: string; taxRate: string; revenue: boolean }[] = [
  { item: 'rent', taxRate: '0.09', revenue: true },
  { item: 'property_fee', taxRate: '0.06', revenue: true },
  { item: 'storage_fee', taxRate: '0.06', revenue: true },
  { item: 'handling_fee', taxRate: '0.06', revenue: true },
  { item: 'utilities', taxRate: '0.09', revenue: true },
  { item: 'parking_fee', taxRate: '0.09', revenue: true },
  { item: 'late_fee', taxRate: '0.09', revenue: true },
  { item: 'transfer_fee', taxRate: '0.06', revenue: true },
  { item: 'deposit', taxRate: '0', revenue: false },
  { item: 'earnest_to_deposit', taxRate: '0', revenue: false },
  { item: 'earnest_to_rent', taxRate: '0', revenue: false },
];

export async function ensureChargeSettings(db: Db, clock: Clock): Promise<void> {
  await db
    .insert(billingChargeSettings)
    .values(defaults.map((row) => ({ ...row, updatedAt: clock.now() })))
    .onConflictDoNothing();
}

export const chargeSettingSchema = z.object({ item: z.string(), itemName: z.string(), taxRate: z.string().describe('增值税率，如 0.0900'), revenue: z.boolean().describe('计入收入统计口径') });
export type ChargeSetting = z.infer<typeof chargeSettingSchema>;
export const updateChargeSettingBody = z.object({
  taxRate: z
    .string()
    .trim()
    .regex(/^0(\.\d{1,4})?$/, '税率应为 0 到 1 之间、最多 4 位小数的数，如 "0.09"'),
  revenue: z.boolean('请说明是否计入收入'),
});

export async function listChargeSettings(deps: Deps, ctx: RequestContext): Promise<ChargeSetting[]> {
  requirePermission(ctx.actor, 'billing:read');
  const nameOf = await chargeItemNames(deps.db);
  const rows = await deps.db.select().from(billingChargeSettings).orderBy(billingChargeSettings.item);
  return rows.map((row) => ({ item: row.item, itemName: nameOf(row.item), taxRate: row.taxRate, revenue: row.revenue }));
}

/** 修改税率与收入口径 (system:manage); applies to revenue computed from then on. */
export async function updateChargeSetting(deps: Deps, ctx: RequestContext, item: string, body: z.infer<typeof updateChargeSettingBody>): Promise<ChargeSetting> {
  requirePermission(ctx.actor, 'system:manage');
  const nameOf = await chargeItemNames(deps.db);
  if (nameOf(item) === item && item !== 'rent') {
    const [known] = await queryRows<{ n: number }>(deps.db, sql`SELECT count(*)::int AS n FROM dictionary_items WHERE dictionary_code = 'charge_item' AND code = ${item}`);
    if (!known?.n) throw new AppError('NOT_FOUND', '收费项目不存在');
  }
  await deps.db.transaction(async (tx) => {
    const [before] = await tx.select().from(billingChargeSettings).where(eq(billingChargeSettings.item, item)).for('update');
    const [after] = await tx
      .insert(billingChargeSettings)
      .values({ item, taxRate: body.taxRate, revenue: body.revenue, updatedAt: deps.clock.now() })
      .onConflictDoUpdate({ target: billingChargeSettings.item, set: { taxRate: body.taxRate, revenue: body.revenue, updatedAt: deps.clock.now() } })
      .returning();
    await recordAudit(tx, deps.clock, ctx, { action: before ? 'update' : 'create', entityType: 'billing_charge_setting', entityId: item, summary: `收费项目「${nameOf(item)}」税率 ${body.taxRate}，${body.revenue ? '计入' : '不计入'}收入`, changes: diffChanges(before ?? null, after!, ['taxRate', 'revenue']) });
  });
  return (await listChargeSettings(deps, ctx)).find((row) => row.item === item)!;
}

/**
 * Recomputes a customer's revenue of one bill month from its issued bills' live lines and writes
 * it through the customer module (audited there when it changes).
 */
export async function recordBilledRevenue(tx: DbOrTx, clock: Clock, customerId: number, period: string, source: string): Promise<void> {
  const lines = await queryRows<{ item: string; amount: string; tax_rate: string | null; revenue: boolean | null }>(
    tx,
    sql`SELECT l.item, l.amount, s.tax_rate, s.revenue
          FROM bill_lines l JOIN bills b ON b.id = l.bill_id
          LEFT JOIN billing_charge_settings s ON s.item = l.item
         WHERE b.customer_id = ${customerId} AND b.period = ${period} AND b.status = 'issued' AND l.active = 1`,
  );
  const net = sumFen(
    lines
      .filter((line) => line.revenue !== false)
      .map((line) => {
        const gross = parseYuan(line.amount);
        return splitTax(gross, line.tax_rate ?? '0').net;
      }),
  );
  await recordCustomerRevenue(tx, clock, {}, { customerId, month: period, amount: yuanText(net), source });
}
