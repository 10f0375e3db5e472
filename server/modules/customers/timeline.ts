import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { Clock } from '../../platform/clock';
import type { DbOrTx } from '../../platform/db/client';
import { customerTimeline } from './customers.table';

export interface TimelineEventInput {
  customerId: number;
  /** Module-defined type, e.g. created, updated, assigned, visit, approval, contract, bill, grade_changed. */
  type: string;
  title: string;
  detail?: Record<string, unknown>;
  actorId?: number | null;
  /** In-app path of the source record, e.g. `/approvals/mine?id=12`. */
  link?: string;
  sourceType?: string;
  sourceId?: string | number;
  occurredAt?: Date;
}

/**
 * Appends to a customer's timeline (R-CUS-02) inside the caller's transaction. Any module adds
 * its own event types by calling this; the timeline itself needs no change.
 */
export async function addTimelineEvent(tx: DbOrTx, clock: Clock, input: TimelineEventInput): Promise<void> {
  await tx.insert(customerTimeline).values({
    customerId: input.customerId,
    occurredAt: input.occurredAt ?? clock.now(),
    type: input.type,
    title: input.title,
    detail: input.detail ?? null,
    actorId: input.actorId ?? null,
    link: input.link ?? null,
    sourceType: input.sourceType ?? null,
    sourceId: input.sourceId === undefined ? null : String(input.sourceId),
  });
}

/** One page of a customer's timeline, newest first, continued with a keyset cursor. */
export async function readTimeline(db: DbOrTx, customerId: number, options: { limit: number; before?: { at: Date; id: number } }) {
  const conditions: (SQL | undefined)[] = [eq(customerTimeline.customerId, customerId)];
  if (options.before) {
    conditions.push(
      or(
        lt(customerTimeline.occurredAt, options.before.at),
        and(eq(customerTimeline.occurredAt, options.before.at), lt(customerTimeline.id, options.before.id)),
      ),
    );
  }
  return db
    .select()
    .from(customerTimeline)
    .where(and(...conditions))
    .orderBy(desc(customerTimeline.occurredAt), desc(customerTimeline.id))
    .limit(options.limit);
}
