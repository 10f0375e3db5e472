import type { Clock } from '../clock';
import type { DbOrTx } from '../db/client';
import { notifications } from './notifications.table';

export interface NotifyInput {
  userId: number;
  /** task_assigned | task_escalated | approval_pending | approval_decided | … */
  kind: string;
  title: string;
  body?: string;
  /** In-app path to open, e.g. `/approvals/12`. */
  link?: string;
}

/** Creates an in-app notification inside the caller's transaction (R-PLT-31). */
export async function notify(tx: DbOrTx, clock: Clock, input: NotifyInput): Promise<void> {
  await tx.insert(notifications).values({
    userId: input.userId,
    kind: input.kind,
    title: input.title,
    body: input.body ?? '',
    link: input.link ?? null,
    createdAt: clock.now(),
  });
}
