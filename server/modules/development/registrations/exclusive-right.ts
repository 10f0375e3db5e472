import { and, eq, gt, or } from 'drizzle-orm';
import type { Clock } from '../../../platform/clock';
import type { DbOrTx } from '../../../platform/db/client';
import { AppError } from '../../../platform/errors';
import { shanghaiMinute } from '../../../platform/jobs/jobs.service';
import { orgUnits, users } from '../../../platform/org/org.table';
import { developmentRegistrations } from './registrations.table';

export interface ExclusiveRight {
  registrationId: number;
  number: string;
  status: 'pending' | 'active';
  holderId: number;
  holderName: string;
  unitId: number;
  unitName: string;
  /** End of the exclusive period; null while the registration awaits approval. */
  until: Date | null;
}

/**
 * The live registration holding a customer (R-DEV-02, 13): an approved one within its exclusive
 * period, or one still awaiting approval (first registration wins from the moment it is filed).
 */
export async function exclusiveRightOf(db: DbOrTx, clock: Clock, customerId: number): Promise<ExclusiveRight | undefined> {
  const [row] = await db
    .select({
      registrationId: developmentRegistrations.id,
      number: developmentRegistrations.number,
      status: developmentRegistrations.status,
      holderId: developmentRegistrations.ownerId,
      holderName: users.displayName,
      unitId: developmentRegistrations.unitId,
      unitName: orgUnits.name,
      until: developmentRegistrations.exclusiveUntil,
    })
    .from(developmentRegistrations)
    .innerJoin(users, eq(users.id, developmentRegistrations.ownerId))
    .innerJoin(orgUnits, eq(orgUnits.id, developmentRegistrations.unitId))
    .where(
      and(
        eq(developmentRegistrations.customerId, customerId),
        or(
          eq(developmentRegistrations.status, 'pending'),
          and(eq(developmentRegistrations.status, 'active'), gt(developmentRegistrations.exclusiveUntil, clock.now())),
        ),
      ),
    )
    .limit(1);
  return row ? { ...row, status: row.status as ExclusiveRight['status'] } : undefined;
}

/** The refusal of R-DEV-02: names the holder and until when, so the user knows whom to ask. */
export function exclusiveRightError(right: ExclusiveRight, action: string): AppError {
  const period = right.until ? `独家开发期至 ${shanghaiMinute(right.until)}` : '报备正在审批中';
  const detail = `该客户已由 ${right.holderName}（${right.unitName}）报备（${right.number}），${period}，不能${action}`;
  return new AppError('CONFLICT', detail, { reason: 'registration.exclusive_right_held', extra: {
        exclusiveRight: {
          registrationId: right.registrationId,
          number: right.number,
          status: right.status,
          holderId: right.holderId,
          holderName: right.holderName,
          unitName: right.unitName,
          until: right.until?.toISOString() ?? null,
        },
      } });
}

/**
 * Refuses an action on a customer held by someone else's registration: another registration, a
 * claim, an opportunity, an event invitation (R-DEV-02). The holder may go on. `action` is the
 * Chinese verb phrase, e.g. 「认领」「创建商机」「邀请参加活动」.
 */
export async function assertNoExclusiveRight(db: DbOrTx, clock: Clock, actorUserId: number, customerId: number, action: string): Promise<void> {
  const right = await exclusiveRightOf(db, clock, customerId);
  if (right && right.holderId !== actorUserId) throw exclusiveRightError(right, action);
}
