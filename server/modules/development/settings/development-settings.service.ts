import { eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/client';
import { orgUnits } from '../../../platform/org/org.table';
import { developmentSettings } from './development-settings.table';

/** The rules of customer development as the services use them (numbers, not strings). */
export interface DevelopmentRules {
  /** The unit whose row supplied the rules; null = shipped defaults. */
  sourceUnitId: number | null;
  exclusiveDays: number;
  protectionDays: number;
  releaseDays: number;
  releaseWarningDays: number;
  ownerLimits: Record<string, number>;
  defaultOwnerLimit: number;
  opportunityFollowUpDays: number;
  visitReportDays: number;
  visitReportWorkdays: boolean;
  visitsWithoutProgress: number;
  projectPreBreakthroughCap: number;
  projectOverBudgetRate: number;
}

/** Shipped defaults, straight from 03-development.md. */
export const defaultDevelopmentRules: DevelopmentRules = {
  sourceUnitId: null,
  exclusiveDays: 30,
  protectionDays: 60,
  releaseDays: 90,
  releaseWarningDays: 7,
  ownerLimits: {},
  defaultOwnerLimit: 200,
  opportunityFollowUpDays: 30,
  visitReportDays: 2,
  visitReportWorkdays: false,
  visitsWithoutProgress: 5,
  projectPreBreakthroughCap: 30_000,
  projectOverBudgetRate: 0.05,
};

type SettingsRow = typeof developmentSettings.$inferSelect;

export function rulesFromRow(row: SettingsRow): DevelopmentRules {
  return {
    sourceUnitId: row.unitId,
    exclusiveDays: row.exclusiveDays,
    protectionDays: row.protectionDays,
    releaseDays: row.releaseDays,
    releaseWarningDays: row.releaseWarningDays,
    ownerLimits: row.ownerLimits,
    defaultOwnerLimit: row.defaultOwnerLimit,
    opportunityFollowUpDays: row.opportunityFollowUpDays,
    visitReportDays: row.visitReportDays,
    visitReportWorkdays: row.visitReportWorkdays,
    visitsWithoutProgress: row.visitsWithoutProgress,
    projectPreBreakthroughCap: Number(row.projectPreBreakthroughCap),
    projectOverBudgetRate: Number(row.projectOverBudgetRate),
  };
}

/** Ancestors of a unit from the unit itself up to the root (ids parsed from the materialised path). */
async function unitLineage(db: DbOrTx, unitId: number): Promise<number[]> {
  const [unit] = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, unitId));
  const ids = (unit?.path ?? '')
    .split('/')
    .filter(Boolean)
    .map(Number)
    .filter((id) => Number.isInteger(id));
  if (!ids.includes(unitId)) ids.push(unitId);
  return ids.reverse();
}

/**
 * The rules that apply to a unit: its own row, else the nearest ancestor's, else the defaults.
 * A branch can thus set 45-day exclusive rights for all its departments at once.
 */
export async function developmentRulesFor(db: DbOrTx, unitId: number): Promise<DevelopmentRules> {
  const lineage = await unitLineage(db, unitId);
  if (lineage.length === 0) return defaultDevelopmentRules;
  const rows = await db.select().from(developmentSettings).where(inArray(developmentSettings.unitId, lineage));
  const byUnit = new Map(rows.map((row) => [row.unitId, row]));
  for (const id of lineage) {
    const row = byUnit.get(id);
    if (row) return rulesFromRow(row);
  }
  return defaultDevelopmentRules;
}

/** R-DEV-12: the owned-customer limit of a user = the highest limit among their roles. */
export function ownerLimitOf(rules: DevelopmentRules, roleCodes: readonly string[]): number {
  const limits = roleCodes.map((code) => rules.ownerLimits[code]).filter((value): value is number => typeof value === 'number');
  return limits.length ? Math.max(...limits) : rules.defaultOwnerLimit;
}

export const DAY_MS = 86_400_000;
export const addDaysTo = (at: Date, days: number): Date => new Date(at.getTime() + days * DAY_MS);
