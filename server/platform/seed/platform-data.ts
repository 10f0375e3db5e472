import type { Clock } from '../clock';
import type { Db } from '../db/client';
import { ensureDefaultDictionaries } from '../dictionaries/dictionaries.service';
import { ensureDefaultNumberRules } from '../numbering/numbering.service';
import { ensureBuiltInRoles } from './demo';
import { ensureDefaultFlows } from '../approvals/approval-types';

/**
 * Reference data every installation needs (built-in roles, default approval flows, number
 * rules, dictionaries). Idempotent: adds what is missing, never overwrites admin edits.
 * Runs at every start and in every test database.
 */
export async function ensurePlatformData(db: Db, clock: Clock): Promise<void> {
  await ensureBuiltInRoles(db, clock);
  await ensureDefaultNumberRules(db);
  await ensureDefaultDictionaries(db);
  await ensureDefaultFlows(db, clock);
}
