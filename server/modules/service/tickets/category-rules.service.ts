import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { requirePermission, type RequestContext } from '../../../platform/access/access';
import { recordAudit } from '../../../platform/audit/audit.service';
import type { Clock } from '../../../platform/clock';
import type { Db, DbOrTx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { assertDictionaryItem, dictionaryLabels } from '../../../platform/dictionaries/dictionaries.service';
import { fieldError } from '../../../platform/errors';
import { orgUnits } from '../../../platform/org/org.table';
import type { categoryRuleBody } from './tickets.schema';
import { serviceCategoryRules } from './tickets.table';

// 派单矩阵 (R-SVC-04): category → responsible department → deadline; key accounts — 钻石, 白金,
// VIP grades and government bodies (机关事业) — get the shorter deadline and at least 紧急 priority.
// Deadlines run on calendar hours (service is covered around the clock by the duty roster).

export const KEY_GRADES = new Set(['diamond', 'platinum', 'vip']);
const DEFAULT_HOURS = 48;
const defaults = [
  { category: 'repair', deadlineHours: 24, keyAccountDeadlineHours: 8 },
  { category: 'consultation', deadlineHours: 24, keyAccountDeadlineHours: 4 },
  { category: 'access', deadlineHours: 8, keyAccountDeadlineHours: 2 },
  { category: 'moving', deadlineHours: 72, keyAccountDeadlineHours: 24 },
  { category: 'cargo', deadlineHours: 24, keyAccountDeadlineHours: 4 },
  { category: 'other', deadlineHours: 48, keyAccountDeadlineHours: 24 },
];

export async function ensureCategoryRules(db: Db, clock: Clock): Promise<void> {
  await db
    .insert(serviceCategoryRules)
    .values(defaults.map((row) => ({ ...row, unitId: null, updatedAt: clock.now() })))
    .onConflictDoNothing();
}

export const isKeyAccount = (customer: { grade: string | null; natureCode: string | null }) => (customer.grade !== null && KEY_GRADES.has(customer.grade)) || customer.natureCode === 'public_institution';

export async function deadlineFor(db: DbOrTx, category: string, keyAccount: boolean, from: Date): Promise<Date> {
  const [rule] = await db.select().from(serviceCategoryRules).where(eq(serviceCategoryRules.category, category));
  const hours = rule ? (keyAccount ? rule.keyAccountDeadlineHours : rule.deadlineHours) : DEFAULT_HOURS;
  return new Date(from.getTime() + hours * 3_600_000);
}

/** The responsible department of a category, if the matrix names one. */
export async function responsibleUnit(db: DbOrTx, category: string): Promise<number | null> {
  const [rule] = await db.select({ unitId: serviceCategoryRules.unitId }).from(serviceCategoryRules).where(eq(serviceCategoryRules.category, category));
  return rule?.unitId ?? null;
}

export async function listCategoryRules(deps: Deps, ctx: RequestContext) {
  requirePermission(ctx.actor, 'service:read');
  const names = await dictionaryLabels(deps.db, 'ticket_category');
  const rows = await deps.db.select({ rule: serviceCategoryRules, unitName: orgUnits.name }).from(serviceCategoryRules).leftJoin(orgUnits, eq(orgUnits.id, serviceCategoryRules.unitId)).orderBy(serviceCategoryRules.category);
  return rows.map(({ rule, unitName }) => ({ category: rule.category, categoryName: names.get(rule.category) ?? rule.category, unitId: rule.unitId, unitName, deadlineHours: rule.deadlineHours, keyAccountDeadlineHours: rule.keyAccountDeadlineHours }));
}

/** 设置派单矩阵的一行 (system:manage). */
export async function saveCategoryRule(deps: Deps, ctx: RequestContext, category: string, body: z.infer<typeof categoryRuleBody>) {
  requirePermission(ctx.actor, 'system:manage');
  await deps.db.transaction(async (tx) => {
    await assertDictionaryItem(tx, 'ticket_category', category, 'category');
    if (body.unitId !== null) {
      const [unit] = await tx.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.id, body.unitId));
      if (!unit) throw fieldError('unitId', '责任部门不存在');
    }
    const values = { unitId: body.unitId, deadlineHours: body.deadlineHours, keyAccountDeadlineHours: body.keyAccountDeadlineHours, updatedAt: deps.clock.now() };
    await tx.insert(serviceCategoryRules).values({ category, ...values }).onConflictDoUpdate({ target: serviceCategoryRules.category, set: values });
    await recordAudit(tx, deps.clock, ctx, { action: 'update', entityType: 'service_category_rule', entityId: category, summary: `设置「${category}」类服务请求：时限 ${body.deadlineHours} 小时，重点客户 ${body.keyAccountDeadlineHours} 小时` });
  });
  return listCategoryRules(deps, ctx);
}
