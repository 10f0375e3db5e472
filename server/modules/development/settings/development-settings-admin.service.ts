import { asc, eq } from 'drizzle-orm';
import { hasPermission, isInScope, requireActor, requirePermission, type Actor, type RequestContext } from '../../../platform/access/access';
import { diffChanges, recordAudit } from '../../../platform/audit/audit.service';
import type { DbOrTx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { orgUnits, roles, users } from '../../../platform/org/org.table';
import type { DevelopmentRulesBody, EffectiveSettings } from './development-settings.schema';
import { defaultDevelopmentRules, developmentRulesFor, rulesFromRow, type DevelopmentRules } from './development-settings.service';
import { developmentSettings } from './development-settings.table';

// 客户开发规则设置: read the effective rules of a unit (and where they come from), set a unit's
// own rules, or delete them to inherit again. Changes are audited.

const ruleFields = [
  'exclusiveDays',
  'protectionDays',
  'releaseDays',
  'releaseWarningDays',
  'ownerLimits',
  'defaultOwnerLimit',
  'opportunityFollowUpDays',
  'visitReportDays',
  'visitReportWorkdays',
  'visitsWithoutProgress',
  'projectPreBreakthroughCap',
  'projectOverBudgetRate',
] as const;

function plainRules(rules: DevelopmentRules) {
  const { sourceUnitId, ...rest } = rules;
  void sourceUnitId;
  return rest;
}

async function unitRow(db: DbOrTx, unitId: number, field?: string) {
  const [unit] = await db.select({ id: orgUnits.id, name: orgUnits.name, path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, unitId));
  if (!unit) {
    if (field) throw fieldError(field, '所选单位不存在');
    throw new AppError('NOT_FOUND', '单位不存在');
  }
  return unit;
}

const canEditUnit = (actor: Actor, unit: { id: number; path: string }) =>
  hasPermission(actor, 'development:settings') && isInScope(actor, 'development', { unitPath: unit.path, unitId: unit.id });

/** The rules in force for a unit and where they come from. */
export async function getEffectiveSettings(deps: Deps, ctx: RequestContext, unitId?: number): Promise<EffectiveSettings> {
  const actor = requireActor(ctx);
  const unit = await unitRow(deps.db, unitId ?? actor.unitId, unitId ? 'unitId' : undefined);
  const rules = await developmentRulesFor(deps.db, unit.id);
  const source = rules.sourceUnitId === null ? null : await unitRow(deps.db, rules.sourceUnitId).catch(() => null);
  const [own] = await deps.db
    .select({ updatedAt: developmentSettings.updatedAt, updatedByName: users.displayName })
    .from(developmentSettings)
    .leftJoin(users, eq(users.id, developmentSettings.updatedById))
    .where(eq(developmentSettings.unitId, rules.sourceUnitId ?? -1));
  const roleRows = await deps.db.select({ code: roles.code, name: roles.name }).from(roles).orderBy(asc(roles.id));
  return {
    unitId: unit.id,
    unitName: unit.name,
    source: rules.sourceUnitId === null ? 'default' : rules.sourceUnitId === unit.id ? 'own' : 'inherited',
    sourceUnitId: rules.sourceUnitId,
    sourceUnitName: source?.name ?? null,
    rules: plainRules(rules),
    defaults: plainRules(defaultDevelopmentRules),
    roles: roleRows,
    canEdit: canEditUnit(actor, unit),
    updatedAt: own?.updatedAt.toISOString() ?? null,
    updatedByName: own?.updatedByName ?? null,
  };
}

async function editableUnit(db: DbOrTx, actor: Actor, unitId: number) {
  const unit = await unitRow(db, unitId);
  if (!isInScope(actor, 'development', { unitPath: unit.path, unitId: unit.id })) throw new AppError('NOT_FOUND', '单位不存在或不在您的管理范围内');
  return unit;
}

/** Sets a unit's own rules (they apply to its sub-units that have none of their own). */
export async function putUnitSettings(deps: Deps, ctx: RequestContext, unitId: number, body: DevelopmentRulesBody): Promise<EffectiveSettings> {
  const actor = requirePermission(ctx.actor, 'development:settings');
  await deps.db.transaction(async (tx) => {
    const unit = await editableUnit(tx, actor, unitId);
    const roleCodes = new Set((await tx.select({ code: roles.code }).from(roles)).map((row) => row.code));
    const unknown = Object.keys(body.ownerLimits).filter((code) => !roleCodes.has(code));
    if (unknown.length) throw fieldError('ownerLimits', `角色不存在：${unknown.join('、')}`);
    const before = await developmentRulesFor(tx, unit.id);
    const values = {
      ...body,
      projectPreBreakthroughCap: body.projectPreBreakthroughCap.toFixed(2),
      projectOverBudgetRate: body.projectOverBudgetRate.toFixed(4),
      updatedById: actor.userId,
      updatedAt: deps.clock.now(),
    };
    await tx
      .insert(developmentSettings)
      .values({ unitId: unit.id, ...values })
      .onConflictDoUpdate({ target: developmentSettings.unitId, set: values });
    await recordAudit(tx, deps.clock, ctx, {
      action: 'update',
      entityType: 'development_settings',
      entityId: unit.id,
      summary: `设置「${unit.name}」的客户开发规则`,
      changes: diffChanges(plainRules(before), body, [...ruleFields]),
    });
  });
  return getEffectiveSettings(deps, ctx, unitId);
}

/** Deletes a unit's own rules: the unit inherits from above (or the defaults) again. */
export async function deleteUnitSettings(deps: Deps, ctx: RequestContext, unitId: number): Promise<EffectiveSettings> {
  const actor = requirePermission(ctx.actor, 'development:settings');
  await deps.db.transaction(async (tx) => {
    const unit = await editableUnit(tx, actor, unitId);
    const deleted = await tx.delete(developmentSettings).where(eq(developmentSettings.unitId, unit.id)).returning();
    if (!deleted.length) throw new AppError('CONFLICT', `「${unit.name}」没有单独设置的规则，已在沿用上级或默认规则`, { reason: 'development_settings.nothing_to_reset' });
    const after = await developmentRulesFor(tx, unit.id);
    await recordAudit(tx, deps.clock, ctx, {
      action: 'delete',
      entityType: 'development_settings',
      entityId: unit.id,
      summary: `删除「${unit.name}」单独设置的客户开发规则，改为沿用${after.sourceUnitId === null ? '系统默认' : '上级单位'}规则`,
      changes: diffChanges(plainRules(rulesFromRow(deleted[0]!)), plainRules(after), [...ruleFields]),
    });
  });
  return getEffectiveSettings(deps, ctx, unitId);
}
