import type { AnyColumn, SQL } from 'drizzle-orm';
import { scopeCondition, type Actor } from '../../platform/access/access';

/**
 * The `development` data scope (R-PLT-03) for registrations, opportunities, visits, receptions
 * and projects: `self` = the record's owner/specialist, then unit, unit tree, all.
 */
export function developmentScope(actor: Actor, columns: { unit: AnyColumn | SQL; owners: (AnyColumn | SQL)[] }): SQL | undefined {
  return scopeCondition(actor, 'development', { unitColumn: columns.unit, ownerColumns: columns.owners });
}
