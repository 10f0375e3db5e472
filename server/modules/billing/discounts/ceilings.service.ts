import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { requirePermission, type RequestContext } from '../../../platform/access/access';
import { recordAudit } from '../../../platform/audit/audit.service';
import type { Clock } from '../../../platform/clock';
import { queryRows, type Db, type DbOrTx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { moneyInput, parseYuan } from '../../../platform/money';
import { discountCeilings } from './discounts.table';

// 优惠权限按客户等级 (R-BIL-20 分级管理): the unit manager approves a discount up to the ceiling of
// the customer's grade; the next level up to the second ceiling; anything larger goes to the GM.
// `*` applies to every grade without its own row (ungraded customers included).

export const ANY_GRADE = '*';
const defaults = [
  { grade: ANY_GRADE, unitRate: '0.0500', unitAmount: '20000.00', nextRate: '0.1000', nextAmount: '100000.00' },
  { grade: 'diamond', unitRate: '0.0800', unitAmount: '50000.00', nextRate: '0.1500', nextAmount: '200000.00' },
  { grade: 'platinum', unitRate: '0.0700', unitAmount: '40000.00', nextRate: '0.1200', nextAmount: '150000.00' },
  { grade: 'vip', unitRate: '0.0600', unitAmount: '30000.00', nextRate: '0.1200', nextAmount: '120000.00' },
];

export async function ensureDiscountCeilings(db: Db, clock: Clock): Promise<void> {
  await db
    .insert(discountCeilings)
    .values(defaults.map((row) => ({ ...row, updatedAt: clock.now() })))
    .onConflictDoNothing();
}

const rate = z
  .string()
  .trim()
  .regex(/^0\.\d{1,4}$/, '比例应为 0 到 1 之间、最多 4 位小数的数，如 "0.05" 表示 5%');
export const ceilingBody = z
  .object({ unitRate: rate, unitAmount: moneyInput({ label: '部门权限金额', positive: true }), nextRate: rate, nextAmount: moneyInput({ label: '上级权限金额', positive: true }) })
  .superRefine((body, ctx) => {
    if (Number(body.nextRate) < Number(body.unitRate)) ctx.addIssue({ code: 'custom', path: ['nextRate'], message: '上级权限比例不能小于部门权限比例' });
    if (Number(body.nextAmount) < Number(body.unitAmount)) ctx.addIssue({ code: 'custom', path: ['nextAmount'], message: '上级权限金额不能小于部门权限金额' });
  });
export const ceilingSchema = z.object({ grade: z.string(), gradeName: z.string(), unitRate: z.string(), unitAmount: z.string(), nextRate: z.string(), nextAmount: z.string() });
export type Ceiling = z.infer<typeof ceilingSchema>;

/** Grade codes and their names: the revenue tiers, the quota grades, and `*`. */
async function gradeNames(db: DbOrTx): Promise<Map<string, string>> {
  const tiers = await queryRows<{ code: string; name: string }>(db, sql`SELECT code, name FROM customer_grade_tiers`);
  const names = new Map<string, string>([[ANY_GRADE, '其他等级（含未定级）'], ['vip', 'VIP'], ['preferred', '优选'], ['qualified', '合格']]);
  for (const row of tiers) names.set(row.code, row.name);
  return names;
}

export async function listCeilings(deps: Deps, ctx: RequestContext): Promise<Ceiling[]> {
  requirePermission(ctx.actor, 'billing:read');
  const names = await gradeNames(deps.db);
  const rows = await deps.db.select().from(discountCeilings);
  return rows
    .map((row) => ({ grade: row.grade, gradeName: names.get(row.grade) ?? row.grade, unitRate: row.unitRate, unitAmount: row.unitAmount, nextRate: row.nextRate, nextAmount: row.nextAmount }))
    .sort((a, b) => (a.grade === ANY_GRADE ? 1 : b.grade === ANY_GRADE ? -1 : Number(b.nextAmount) - Number(a.nextAmount)));
}

/** 设置某等级的优惠权限 (system:manage). */
export async function saveCeiling(deps: Deps, ctx: RequestContext, grade: string, body: z.infer<typeof ceilingBody>): Promise<Ceiling[]> {
  requirePermission(ctx.actor, 'system:manage');
  const names = await gradeNames(deps.db);
  if (!names.has(grade)) throw new AppError('NOT_FOUND', `没有客户等级「${grade}」`, { reason: 'discount.unknown_grade' });
  await deps.db.transaction(async (tx) => {
    const values = { ...body, updatedAt: deps.clock.now() };
    await tx.insert(discountCeilings).values({ grade, ...values }).onConflictDoUpdate({ target: discountCeilings.grade, set: values });
    await recordAudit(tx, deps.clock, ctx, { action: 'update', entityType: 'discount_ceiling', entityId: grade, summary: `设置「${names.get(grade)}」客户的优惠权限：部门 ${body.unitRate} / ${body.unitAmount} 元，上级 ${body.nextRate} / ${body.nextAmount} 元` });
  });
  return listCeilings(deps, ctx);
}

/** The approval level a discount needs for a customer of `grade` (R-BIL-20): 1, 2 or 3. */
export async function discountLevel(db: DbOrTx, grade: string | null, discount: { kind: 'rate' | 'amount'; rate?: string | null; amount?: string | null }): Promise<number> {
  const [own] = grade ? await db.select().from(discountCeilings).where(eq(discountCeilings.grade, grade)) : [];
  const [any] = own ? [own] : await db.select().from(discountCeilings).where(eq(discountCeilings.grade, ANY_GRADE));
  if (!any) throw fieldError('customerId', '尚未设置优惠权限，请管理员在「资费优惠 → 优惠权限」中设置');
  if (discount.kind === 'rate') {
    const value = Number(discount.rate);
    return value <= Number(any.unitRate) ? 1 : value <= Number(any.nextRate) ? 2 : 3;
  }
  const value = parseYuan(discount.amount ?? '0');
  return value <= parseYuan(any.unitAmount) ? 1 : value <= parseYuan(any.nextAmount) ? 2 : 3;
}
