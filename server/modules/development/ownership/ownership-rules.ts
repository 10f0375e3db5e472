import type { DbOrTx } from '../../../platform/db/client';
import type { CustomerRow } from '../../customers';
import { addDaysTo, DAY_MS, developmentRulesFor, type DevelopmentRules } from '../settings/development-settings.service';

// 保护期与释放 (R-DEV-11): when an owned customer goes back to the pool, computed from the owning
// unit's rules. Pure functions plus a per-call cache of the rules by unit.

export interface OwnershipDates {
  ownedSince: Date | null;
  protectedUntil: Date | null;
  lastFollowUpAt: Date | null;
  releaseDueAt: Date | null;
  /** Whole days until the release (negative when overdue). */
  daysLeft: number | null;
  /** Within the warning period (releaseWarningDays) before the release. */
  dueSoon: boolean;
  warningFrom: Date | null;
}

type OwnershipColumns = Pick<CustomerRow, 'ownerId' | 'ownedSince' | 'protectedUntil' | 'lastFollowUpAt'>;

/**
 * Protection = the stored end, else owned since + protection days. Release is due at the later
 * of the protection end and (last valid follow-up, or owned since) + release days.
 */
export function ownershipDates(row: OwnershipColumns, rules: DevelopmentRules, now: Date): OwnershipDates {
  if (row.ownerId === null || !row.ownedSince) {
    return { ownedSince: null, protectedUntil: null, lastFollowUpAt: row.lastFollowUpAt, releaseDueAt: null, daysLeft: null, dueSoon: false, warningFrom: null };
  }
  const protectedUntil = row.protectedUntil ?? addDaysTo(row.ownedSince, rules.protectionDays);
  const servedAt = row.lastFollowUpAt && row.lastFollowUpAt > row.ownedSince ? row.lastFollowUpAt : row.ownedSince;
  const byFollowUp = addDaysTo(servedAt, rules.releaseDays);
  const releaseDueAt = byFollowUp > protectedUntil ? byFollowUp : protectedUntil;
  const warningFrom = addDaysTo(releaseDueAt, -rules.releaseWarningDays);
  return {
    ownedSince: row.ownedSince,
    protectedUntil,
    lastFollowUpAt: row.lastFollowUpAt,
    releaseDueAt,
    daysLeft: Math.ceil((releaseDueAt.getTime() - now.getTime()) / DAY_MS),
    dueSoon: now >= warningFrom,
    warningFrom,
  };
}

/** Rules by unit id, loaded once per unit for the lifetime of the returned function. */
export function rulesCache(db: DbOrTx): (unitId: number) => Promise<DevelopmentRules> {
  const cache = new Map<number, Promise<DevelopmentRules>>();
  return (unitId) => {
    let rules = cache.get(unitId);
    if (!rules) {
      rules = developmentRulesFor(db, unitId);
      cache.set(unitId, rules);
    }
    return rules;
  };
}

export const iso = (value: Date | null | undefined): string | null => (value ? value.toISOString() : null);
