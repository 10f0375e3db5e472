import { localized } from '../../../platform/http/request-language';
import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/client';
import { dictionaryItems } from '../../../platform/dictionaries/dictionaries.table';
import { dictionaryCodes } from '../../../platform/dictionaries/defaults';

/** The fixed terminal stages; every other stage comes from the `opportunity_stage` dictionary. */
export const WON_STAGE = 'won';
export const LOST_STAGE = 'lost';
export const terminalStages: ReadonlySet<string> = new Set([WON_STAGE, LOST_STAGE]);

/**
 * Stages that count as significant progress (R-DEV-03 洽谈/签约): reaching one of them keeps an
 * exclusive right from lapsing; a visit that follows such a move is not "without effect" (R-DEV-32).
 */
export const significantStages: ReadonlySet<string> = new Set(['negotiation', 'contract_approval', WON_STAGE]);

export interface StageDef {
  code: string;
  label: string;
  /** Position in the configured order (0-based); `lost` sorts last. */
  order: number;
  terminal: boolean;
}

/** The enabled stages in their configured order (admins edit the dictionary). */
export async function loadStages(db: DbOrTx): Promise<StageDef[]> {
  const rows = await db
    .select({ code: dictionaryItems.code, label: dictionaryItems.label, labelEn: dictionaryItems.labelEn })
    .from(dictionaryItems)
    .where(and(eq(dictionaryItems.dictionaryCode, dictionaryCodes.opportunityStage), eq(dictionaryItems.enabled, true)))
    .orderBy(asc(dictionaryItems.sortOrder), asc(dictionaryItems.id));
  const open = rows.filter((row) => !terminalStages.has(row.code));
  const ordered = [...open, ...rows.filter((row) => row.code === WON_STAGE), ...rows.filter((row) => row.code === LOST_STAGE)];
  return ordered.map((row, order) => ({ code: row.code, label: localized(row.label, row.labelEn), order, terminal: terminalStages.has(row.code) }));
}
