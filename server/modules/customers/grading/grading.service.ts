import { and, count, eq, sql } from 'drizzle-orm';
import { hasPermission, requireActor, requirePermission, scopeOf, type Actor, type RequestContext } from '../../../platform/access/access';
import { diffChanges, recordAudit } from '../../../platform/audit/audit.service';
import type { Clock } from '../../../platform/clock';
import { shanghaiDate } from '../../../platform/dates';
import type { Db, DbOrTx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { parseYuan, yuanText } from '../../../platform/money';
import { getVisibleCustomer } from '../access';
import { customerGradeChanges, customerGradeTiers, customerRevenue, customers, unitGradingSettings } from '../customers.table';
import { addTimelineEvent } from '../timeline';
import {
  BASE_GRADE,
  DEFAULT_TIERS,
  effectiveSetting,
  gradeName,
  gradeRank,
  gradesForMethod,
  isCalendarDate,
  monthStartOf,
  QUOTA_PERCENT,
  QUOTA_PREFERRED,
  QUOTA_VIP,
  quotaLimits,
  SERIOUS_DOWNGRADE_DAYS,
  seriousDowngradeDeadline,
  seriousDowngradeTiming,
} from './grading-rules';
import { findUnit, getCustomerGrading, loadSettings, loadTiers, requireUnit, unitContext, unitGradeCounts, type UnitRow } from './grading.queries';
import type { ChangeGradeBody, CreateTierBody, CustomerGrading, GradeTier, UnitGradingSetting, UpdateTierBody, UpdateUnitSettingBody } from './grading.schema';

// Write use cases of classification & grading (R-CUS-21…23); reads are in customer-grading.queries.ts.

/** Default tiers (R-CUS-21), written once into an empty tier table; admin edits are never overwritten. */
export async function ensureCustomerGradingData(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('customer_grade_tiers_seed'))`);
    const [existing] = await tx.select({ n: count() }).from(customerGradeTiers);
    if (Number(existing?.n ?? 0) > 0) return;
    await tx.insert(customerGradeTiers).values(DEFAULT_TIERS).onConflictDoNothing();
  });
}

// ── tiers ──────────────────────────────────────────────────────────────────

const RESERVED_GRADES = new Set([BASE_GRADE, QUOTA_PREFERRED]);

export async function listTiers(deps: Deps, ctx: RequestContext): Promise<GradeTier[]> {
  requirePermission(ctx.actor, 'customer:read');
  const [tiers, counts] = await Promise.all([
    loadTiers(deps.db),
    deps.db
      .select({ grade: customers.grade, n: sql<number>`count(*)::int` })
      .from(customers)
      .where(sql`${customers.mergedIntoId} IS NULL AND ${customers.grade} IS NOT NULL`)
      .groupBy(customers.grade),
  ]);
  const byGrade = new Map(counts.map((c) => [c.grade, c.n]));
  return tiers.map((tier) => ({ ...tier, minAnnualRevenue: yuanText(parseYuan(tier.minAnnualRevenue)), customerCount: byGrade.get(tier.code) ?? 0 }));
}

async function assertDistinctThreshold(tx: DbOrTx, minAnnualRevenue: string, exceptCode?: string) {
  const same = (await loadTiers(tx)).find((t) => t.code !== exceptCode && parseYuan(t.minAnnualRevenue) === parseYuan(minAnnualRevenue));
  if (same) {
    const message = `门槛与「${same.name}」相同，每个档次的年收入门槛必须不同`;
    throw fieldError('minAnnualRevenue', message);
  }
  if (parseYuan(minAnnualRevenue) <= 0n) {
    throw fieldError('minAnnualRevenue', '门槛必须大于 0');
  }
}

async function findTier(tx: DbOrTx, code: string) {
  const [row] = await tx.select().from(customerGradeTiers).where(eq(customerGradeTiers.code, code)).for('update');
  if (!row) throw new AppError('NOT_FOUND', `分级档次「${code}」不存在`);
  return row;
}

const tierFields = ['name', 'minAnnualRevenue', 'sortOrder'] as const;

export async function createTier(deps: Deps, ctx: RequestContext, body: CreateTierBody): Promise<GradeTier> {
  requirePermission(ctx.actor, 'system:manage');
  if (RESERVED_GRADES.has(body.code)) {
    const message = `「${body.code}」是保留的等级代码（合格 / 优选），请换一个`;
    throw fieldError('code', message);
  }
  await deps.db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('customer_grade_tiers'))`);
    const [existing] = await tx.select().from(customerGradeTiers).where(eq(customerGradeTiers.code, body.code));
    if (existing) throw new AppError('DUPLICATE', `档次代码「${body.code}」已被「${existing.name}」使用`, { reason: 'grading.duplicate_tier_code', fields: [{ field: 'code', message: '代码已存在' }] });
    await assertDistinctThreshold(tx, body.minAnnualRevenue);
    const values = { ...body, minAnnualRevenue: yuanText(parseYuan(body.minAnnualRevenue)) };
    await tx.insert(customerGradeTiers).values(values);
    await recordAudit(tx, deps.clock, ctx, {
      action: 'create',
      entityType: 'customer_grade_tier',
      entityId: body.code,
      summary: `新增客户分级档次「${body.name}」：年收入 ≥ ¥${values.minAnnualRevenue}`,
      changes: diffChanges<Record<string, unknown>>(null, values, ['code', ...tierFields]),
    });
  });
  return (await listTiers(deps, ctx)).find((t) => t.code === body.code)!;
}

export async function updateTier(deps: Deps, ctx: RequestContext, code: string, body: UpdateTierBody): Promise<GradeTier> {
  requirePermission(ctx.actor, 'system:manage');
  await deps.db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('customer_grade_tiers'))`);
    const before = await findTier(tx, code);
    const values = {
      name: body.name ?? before.name,
      minAnnualRevenue: yuanText(parseYuan(body.minAnnualRevenue ?? before.minAnnualRevenue)),
      sortOrder: body.sortOrder ?? before.sortOrder,
    };
    if (body.minAnnualRevenue !== undefined) await assertDistinctThreshold(tx, values.minAnnualRevenue, code);
    const changes = diffChanges<Record<string, unknown>>({ ...before, minAnnualRevenue: yuanText(parseYuan(before.minAnnualRevenue)) }, values, [...tierFields]);
    if (!Object.keys(changes).length) return;
    await tx.update(customerGradeTiers).set(values).where(eq(customerGradeTiers.code, code));
    await recordAudit(tx, deps.clock, ctx, {
      action: 'update',
      entityType: 'customer_grade_tier',
      entityId: code,
      summary: `修改客户分级档次「${values.name}」（下次重新分级时生效）`,
      changes,
    });
  });
  return (await listTiers(deps, ctx)).find((t) => t.code === code)!;
}

/** Customers keep a deleted tier's grade until the next regrading moves them. */
export async function deleteTier(deps: Deps, ctx: RequestContext, code: string): Promise<void> {
  requirePermission(ctx.actor, 'system:manage');
  await deps.db.transaction(async (tx) => {
    const before = await findTier(tx, code);
    await tx.delete(customerGradeTiers).where(eq(customerGradeTiers.code, code));
    await recordAudit(tx, deps.clock, ctx, {
      action: 'delete',
      entityType: 'customer_grade_tier',
      entityId: code,
      summary: `删除客户分级档次「${before.name}」（该等级的客户在下次重新分级时调整）`,
      changes: diffChanges<Record<string, unknown>>(before, null, ['code', ...tierFields]),
    });
  });
}

// ── unit settings ──────────────────────────────────────────────────────────

/** system:manage, or development:assign with a customer scope that covers the unit. */
export function canManageUnitGrading(actor: Actor, unit: UnitRow): boolean {
  if (hasPermission(actor, 'system:manage')) return true;
  if (!hasPermission(actor, 'development:assign')) return false;
  switch (scopeOf(actor, 'customer')) {
    case 'all':
      return true;
    case 'unit_tree':
      return unit.path.startsWith(actor.unitPath);
    case 'unit':
      return unit.id === actor.unitId;
    case 'self':
      return false;
  }
}

/**
 * A unit whose grading the actor may see: system:manage, or one their customer or org scope
 * covers (`self` = their own unit). Other units answer 404 like missing ones (R-PLT-03).
 */
function assertUnitVisible(actor: Actor, unit: UnitRow): void {
  if (hasPermission(actor, 'system:manage')) return;
  const covers = (scope: ReturnType<typeof scopeOf>) =>
    scope === 'all' || (scope === 'unit_tree' ? unit.path.startsWith(actor.unitPath) : unit.id === actor.unitId);
  if (!covers(scopeOf(actor, 'customer')) && !covers(scopeOf(actor, 'org'))) throw new AppError('NOT_FOUND', '单位不存在或不在您的范围内');
}

export async function getUnitSetting(deps: Deps, ctx: RequestContext, unitId: number): Promise<UnitGradingSetting> {
  const actor = requirePermission(ctx.actor, 'customer:read');
  const unit = await requireUnit(deps.db, unitId);
  assertUnitVisible(actor, unit);
  const settings = await loadSettings(deps.db);
  const effective = effectiveSetting(unit.path, settings);
  const source = effective.sourceUnitId === null ? undefined : await findUnit(deps.db, effective.sourceUnitId);
  return {
    unitId: unit.id,
    unitName: unit.name,
    method: effective.method,
    coefficient: Number(effective.coefficient),
    topN: effective.topN,
    sourceUnitId: effective.sourceUnitId,
    sourceUnitName: source?.name ?? null,
    inherited: effective.sourceUnitId !== unit.id,
    canEdit: canManageUnitGrading(actor, unit),
  };
}

function assertCanManage(actor: Actor, unit: UnitRow) {
  if (!canManageUnitGrading(actor, unit)) {
    throw new AppError('FORBIDDEN', `您不能调整「${unit.name}」的分级设置：需要系统设置权限，或对该单位有管辖范围的分配权限`, { reason: 'grading.unit_out_of_scope' });
  }
}

/** Sets a unit's own method / coefficient / top N (audited); units below inherit it. */
export async function updateUnitSetting(deps: Deps, ctx: RequestContext, unitId: number, body: UpdateUnitSettingBody): Promise<UnitGradingSetting> {
  const actor = requireActor(ctx);
  await deps.db.transaction(async (tx) => {
    const unit = await requireUnit(tx, unitId);
    assertUnitVisible(actor, unit);
    assertCanManage(actor, unit);
    const [before] = await tx.select().from(unitGradingSettings).where(eq(unitGradingSettings.unitId, unitId)).for('update');
    const values = { method: body.method, coefficient: body.coefficient.toFixed(2), topN: body.topN, updatedAt: deps.clock.now() };
    await tx
      .insert(unitGradingSettings)
      .values({ unitId, ...values })
      .onConflictDoUpdate({ target: unitGradingSettings.unitId, set: values });
    const changes = diffChanges<Record<string, unknown>>(before ?? null, values, ['method', 'coefficient', 'topN']);
    if (Object.keys(changes).length) {
      await recordAudit(tx, deps.clock, ctx, {
        action: before ? 'update' : 'create',
        entityType: 'unit_grading_setting',
        entityId: unitId,
        summary: `修改「${unit.name}」的客户分级设置：${body.method === 'quota' ? '按配额' : `按收入，系数 ${values.coefficient}`}，重点客户 ${body.topN} 名`,
        changes,
      });
    }
  });
  return getUnitSetting(deps, ctx, unitId);
}

/** Removes a unit's own setting so it inherits again (audited). */
export async function deleteUnitSetting(deps: Deps, ctx: RequestContext, unitId: number): Promise<UnitGradingSetting> {
  const actor = requireActor(ctx);
  await deps.db.transaction(async (tx) => {
    const unit = await requireUnit(tx, unitId);
    assertUnitVisible(actor, unit);
    assertCanManage(actor, unit);
    const [removed] = await tx.delete(unitGradingSettings).where(eq(unitGradingSettings.unitId, unitId)).returning();
    if (!removed) throw new AppError('NOT_FOUND', `「${unit.name}」没有单独的分级设置，已在沿用上级或默认设置`);
    await recordAudit(tx, deps.clock, ctx, {
      action: 'delete',
      entityType: 'unit_grading_setting',
      entityId: unitId,
      summary: `「${unit.name}」恢复沿用上级的客户分级设置`,
      changes: diffChanges<Record<string, unknown>>(removed, null, ['method', 'coefficient', 'topN']),
    });
  });
  return getUnitSetting(deps, ctx, unitId);
}

// ── revenue ────────────────────────────────────────────────────────────────

export interface RecordRevenueInput {
  customerId: number;
  /** Any day of the month, `2026-02` or `2026-02-01`; stored as the first day. */
  month: string;
  /** Numeric string with at most two decimals; replaces the month's figure. */
  amount: string;
  /** Audit summary suffix, e.g. the bill number. */
  source?: string;
}

/**
 * Writes one month's revenue of a customer (upsert) in the caller's transaction, with its audit
 * entry. Billing calls this for every month it (re)computes; grading only ever reads the table.
 */
export async function recordCustomerRevenue(tx: DbOrTx, clock: Clock, ctx: RequestContext, input: RecordRevenueInput): Promise<{ month: string; amount: string }> {
  const month = monthStartOf(input.month.length === 10 ? `${input.month.slice(0, 7)}` : input.month);
  if (!month) throw fieldError('month', '月份格式应为 YYYY-MM');
  let fen: bigint;
  try {
    fen = parseYuan(input.amount);
    if (fen >= 10n ** 16n || fen <= -(10n ** 16n)) throw new Error('out of range');
  } catch {
    throw fieldError('amount', '金额应为不超过两位小数的数字');
  }
  const amount = yuanText(fen);
  const [before] = await tx
    .select({ amount: customerRevenue.amount })
    .from(customerRevenue)
    .where(and(eq(customerRevenue.customerId, input.customerId), eq(customerRevenue.month, month)))
    .for('update');
  if (before && parseYuan(before.amount) === fen) return { month, amount };
  await tx
    .insert(customerRevenue)
    .values({ customerId: input.customerId, month, amount, updatedAt: clock.now() })
    .onConflictDoUpdate({ target: [customerRevenue.customerId, customerRevenue.month], set: { amount, updatedAt: clock.now() } });
  await recordAudit(tx, clock, ctx, {
    action: before ? 'update' : 'create',
    entityType: 'customer_revenue',
    entityId: `${input.customerId}:${month.slice(0, 7)}`,
    customerId: input.customerId,
    summary: `登记 ${month.slice(0, 7)} 收入 ¥${amount}${input.source ? `（${input.source}）` : ''}`,
    changes: { amount: { before: before ? yuanText(parseYuan(before.amount)) : null, after: amount } },
  });
  return { month, amount };
}

/** PUT /customers/{id}/revenue/{month}: manual entry until billing feeds the table. */
export async function recordRevenueByHand(deps: Deps, ctx: RequestContext, customerId: number, month: string, amount: string) {
  const actor = requirePermission(ctx.actor, 'billing:write');
  const monthStart = monthStartOf(month);
  const currentMonth = `${shanghaiDate(deps.clock.now()).slice(0, 7)}-01`;
  if (!monthStart || monthStart > currentMonth) {
    throw fieldError('month', '不能登记未来月份的收入');
  }
  return deps.db.transaction(async (tx) => {
    await getVisibleCustomer(tx, actor, customerId);
    const saved = await recordCustomerRevenue(tx, deps.clock, ctx, { customerId, month, amount, source: '手工登记' });
    return { customerId, month: saved.month.slice(0, 7), amount: saved.amount };
  });
}

/**
 * Manual grade change (R-CUS-23) with a required reason. Under quota grading the VIP / 优选
 * quotas of the unit are enforced (R-CUS-22). A downgrade for a serious problem records the
 * evaluation date and is refused once more than 5 days have passed since it.
 */
export async function changeCustomerGrade(deps: Deps, ctx: RequestContext, customerId: number, body: ChangeGradeBody): Promise<CustomerGrading> {
  const actor = requireActor(ctx);
  if (!hasPermission(actor, 'development:assign') && !hasPermission(actor, 'system:manage')) {
    throw new AppError('FORBIDDEN', '没有权限调整客户等级（需要权限 development:assign 或 system:manage）', { reason: 'access.missing_permission' });
  }
  await deps.db.transaction(async (tx) => {
    const customer = await getVisibleCustomer(tx, actor, customerId, { forUpdate: true });
    const { unit, tiers, setting, names } = await unitContext(tx, customer.unitId);
    const allowed = gradesForMethod(setting.method, tiers);
    if (!allowed.includes(body.grade)) {
      const message = `「${unit.name}」${setting.method === 'quota' ? '按配额分级' : '按收入分级'}，可选等级：${allowed.map((g) => gradeName(g, names)).join('、')}`;
      throw fieldError('grade', message);
    }
    if (body.grade === customer.grade) {
      throw new AppError('VALIDATION_FAILED', `客户当前已是「${gradeName(body.grade, names)}」`, [{ field: 'grade', message: '与当前等级相同' }]);
    }
    let reason = body.reason;
    if (body.serious) {
      if (gradeRank(body.grade, tiers) >= gradeRank(customer.grade, tiers)) {
        const message = '「严重问题降级」只能调低等级';
        throw fieldError('grade', message);
      }
      const evaluatedAt = body.evaluatedAt;
      if (!evaluatedAt || !isCalendarDate(evaluatedAt)) {
        const message = '请填写严重问题的评估日期（YYYY-MM-DD）';
        throw fieldError('evaluatedAt', message);
      }
      const timing = seriousDowngradeTiming(evaluatedAt, deps.clock.now());
      if (timing === 'future') {
        const message = '评估日期不能晚于今天';
        throw fieldError('evaluatedAt', message);
      }
      if (timing === 'late') {
        throw new AppError(
          'CONFLICT',
          `严重问题降级须在评估后 ${SERIOUS_DOWNGRADE_DAYS} 天内执行：评估日 ${evaluatedAt}，最迟应在 ${seriousDowngradeDeadline(evaluatedAt)} 调整，现已逾期。请重新评估后以新的评估日期提交`,
        );
      }
      reason = `【严重问题降级，评估日 ${evaluatedAt}】${body.reason}`;
    }
    if (setting.method === 'quota' && (body.grade === QUOTA_VIP || body.grade === QUOTA_PREFERRED)) {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`customer_grade_quota:${customer.unitId}`}))`);
      const counts = await unitGradeCounts(tx, customer.unitId);
      const limits = quotaLimits(counts.total);
      const limit = body.grade === QUOTA_VIP ? limits.vip : limits.preferred;
      const current = counts.byGrade.get(body.grade) ?? 0;
      if (current + 1 > limit) {
        const label = gradeName(body.grade, names);
        const percent = body.grade === QUOTA_VIP ? QUOTA_PERCENT.vip : QUOTA_PERCENT.preferred;
        throw new AppError(
          'VALIDATION_FAILED',
          `「${unit.name}」共 ${counts.total} 个客户，${label} 最多 ${limit} 个（${percent}%，向下取整），当前已有 ${current} 个，不能再调为${label}。请先调低其他客户的等级`,
          [{ field: 'grade', message: `${label} 名额已满（${current}/${limit}）` }],
          { quota: { grade: body.grade, total: counts.total, limit, current } },
        );
      }
    }
    await applyGradeChange(tx, deps.clock, ctx, {
      customerId,
      fromGrade: customer.grade,
      toGrade: body.grade,
      reason,
      method: body.serious ? 'serious' : 'manual',
      names,
      detail: body.serious ? { evaluatedAt: body.evaluatedAt, deadline: seriousDowngradeDeadline(body.evaluatedAt!) } : {},
    });
  });
  return getCustomerGrading(deps, ctx, customerId);
}

export interface GradeChangeInput {
  customerId: number;
  fromGrade: string | null;
  toGrade: string;
  reason: string;
  method: 'revenue' | 'quota' | 'manual' | 'serious';
  names: ReadonlyMap<string, string>;
  detail?: Record<string, unknown>;
  /** Per-customer audit entry (manual changes); the regrading job audits per batch instead. */
  audit?: boolean;
}

/**
 * Writes one grade change: customers.grade/gradedAt (only if the grade is still `fromGrade`),
 * the change log and a `grade_changed` timeline event. False when someone changed it meanwhile.
 */
export async function applyGradeChange(tx: DbOrTx, clock: Clock, ctx: RequestContext, input: GradeChangeInput): Promise<boolean> {
  const now = clock.now();
  const updated = await tx
    .update(customers)
    .set({ grade: input.toGrade, gradedAt: now })
    .where(and(eq(customers.id, input.customerId), sql`${customers.grade} IS NOT DISTINCT FROM ${input.fromGrade}`))
    .returning({ id: customers.id });
  if (!updated.length) return false;
  const actorId = ctx.actor?.userId ?? null;
  const [change] = await tx
    .insert(customerGradeChanges)
    .values({ customerId: input.customerId, fromGrade: input.fromGrade, toGrade: input.toGrade, reason: input.reason, method: input.method, changedById: actorId, at: now })
    .returning({ id: customerGradeChanges.id });
  const from = gradeName(input.fromGrade, input.names) ?? '未分级';
  const to = gradeName(input.toGrade, input.names)!;
  await addTimelineEvent(tx, clock, {
    customerId: input.customerId,
    type: 'grade_changed',
    title: `客户等级 ${from} → ${to}`,
    detail: { from: input.fromGrade, to: input.toGrade, reason: input.reason, method: input.method, ...input.detail },
    actorId,
    sourceType: 'customer_grade_change',
    sourceId: change!.id,
  });
  if (input.audit !== false) {
    await recordAudit(tx, clock, ctx, {
      action: 'change_grade',
      entityType: 'customer',
      entityId: input.customerId,
      customerId: input.customerId,
      summary: `调整客户等级：${from} → ${to}。原因：${input.reason}`,
      changes: { grade: { before: input.fromGrade, after: input.toGrade } },
    });
  }
  return true;
}

