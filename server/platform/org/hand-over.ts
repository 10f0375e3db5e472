import type { RequestContext } from '../access/access';
import type { Clock } from '../clock';
import type { DbOrTx, Tx } from '../db/client';

/**
 * One kind of duty a departing user hands to a successor (R-PLT-05): customers, open tasks,
 * pending approvals, opportunities, registrations… Each module registers its step when it loads;
 * the hand-over runs every step in one transaction and audits the counts.
 */
export interface HandOverStep {
  key: string;
  /** Chinese name of what is handed over, e.g. 客户 / 待办 / 商机. */
  label: string;
  /** Order among steps (lower first); customers go before the records that follow them. */
  order: number;
  /** Moves the duties from `fromUserId` to `toUserId`; returns how many records moved. */
  run(tx: Tx, clock: Clock, ctx: RequestContext, fromUserId: number, toUserId: number): Promise<number>;
  /** Optional: how many records `run` would move now, for the preview before the hand-over. */
  count?(db: DbOrTx, fromUserId: number): Promise<number>;
}

const steps = new Map<string, HandOverStep>();

export function registerHandOverStep(step: HandOverStep): void {
  steps.set(step.key, step);
}

export function handOverSteps(): HandOverStep[] {
  return [...steps.values()].sort((a, b) => a.order - b.order || a.key.localeCompare(b.key));
}
