import type { DbOrTx } from '../../../platform/db/client';
import { developmentRulesFor, type DevelopmentRules } from '../settings/development-settings.service';
import type { IntentLevel } from './opportunities.schema';
import { LOST_STAGE, WON_STAGE, type StageDef } from './opportunity-stages';
import { addDays, shanghaiDate, type IsoDate } from '../../../platform/dates';

/** R-DEV-23: A weekly, B fortnightly, C monthly, D quarterly. */
export const intentLevelDays: Record<IntentLevel, number> = { A: 7, B: 14, C: 30, D: 90 };

export const intentLevelLabels: Record<IntentLevel, string> = { A: 'A 级（高）', B: 'B 级', C: 'C 级', D: 'D 级（低）' };

const levelDays = (level: string | null | undefined): number => intentLevelDays[(level ?? 'C') as IntentLevel] ?? intentLevelDays.C;

/**
 * Days between follow-ups of an open opportunity: the intent level's interval, never longer than
 * the unit's opportunity rule (R-DEV-22, default 30 days: at least one follow-up a month).
 */
export function opportunityIntervalDays(level: string | null | undefined, rules: Pick<DevelopmentRules, 'opportunityFollowUpDays'>): number {
  return Math.min(levelDays(level), rules.opportunityFollowUpDays);
}

export function customerIntervalDays(level: string | null | undefined): number | null {
  return level ? levelDays(level) : null;
}

/** The Shanghai day by which the next follow-up is due; overdue once that day has passed. */
export function followUpDueDate(lastActivity: Date, days: number): IsoDate {
  return addDays(shanghaiDate(lastActivity), days);
}

/** When the opportunity was last served: the last follow-up, else its last stage move / creation. */
export function lastActivityOf(row: { lastFollowUpAt: Date | null; stageChangedAt: Date | null; createdAt: Date }): Date {
  return row.lastFollowUpAt ?? row.stageChangedAt ?? row.createdAt;
}

/** Development rules per unit, loaded once per request or job run. */
export function rulesCache(db: DbOrTx) {
  const cache = new Map<number, Promise<DevelopmentRules>>();
  return (unitId: number): Promise<DevelopmentRules> => {
    let rules = cache.get(unitId);
    if (!rules) {
      rules = developmentRulesFor(db, unitId);
      cache.set(unitId, rules);
    }
    return rules;
  };
}

/** Shipped default probability per stage; custom stages interpolate by their position. */
const stageProbabilities: Record<string, number> = {
  initial: 10,
  requirement: 20,
  proposal: 40,
  negotiation: 60,
  contract_approval: 80,
  [WON_STAGE]: 100,
  [LOST_STAGE]: 0,
};

export function defaultProbability(stage: StageDef, stages: StageDef[]): number {
  const known = stageProbabilities[stage.code];
  if (known !== undefined) return known;
  const open = stages.filter((item) => !item.terminal);
  const index = open.findIndex((item) => item.code === stage.code);
  if (index < 0 || open.length === 0) return 10;
  return Math.round(10 + (index / Math.max(1, open.length)) * 80);
}
