import { and, eq, gte, lte } from 'drizzle-orm';
import { addDays, daysBetween, shanghaiDate, shanghaiTime } from '../../../platform/dates';
import type { Deps } from '../../../platform/deps';
import { createTask } from '../../../platform/tasks/tasks.service';
import { contracts } from './contracts.table';

// 到期提醒 (R-LEA-31): 90, 60 and 30 days before a contract in force ends, its owner gets a task
// to settle renewal with the customer. One task per contract and threshold (dedupe key), and only
// the nearest threshold when the job first sees a contract late, so a missed day sends nothing twice.

export const EXPIRY_REMINDER_RULE = 'contract_expiry_reminder';
export const EXPIRY_REMINDER_DAYS = [90, 60, 30] as const;

export async function remindExpiringContracts(deps: Pick<Deps, 'db' | 'clock'>): Promise<{ reminded: number }> {
  const today = shanghaiDate(deps.clock.now());
  const due = await deps.db
    .select({ id: contracts.id, number: contracts.number, title: contracts.title, endDate: contracts.endDate, ownerId: contracts.ownerId })
    .from(contracts)
    .where(and(eq(contracts.status, 'effective'), gte(contracts.endDate, today), lte(contracts.endDate, addDays(today, EXPIRY_REMINDER_DAYS[0]))));
  let reminded = 0;
  for (const contract of due) {
    const left = daysBetween(today, contract.endDate);
    const threshold = [...EXPIRY_REMINDER_DAYS].reverse().find((days) => left <= days)!;
    const { created } = await deps.db.transaction((tx) =>
      createTask(tx, deps, {
        title: `合同 ${contract.number} 将于 ${contract.endDate} 到期（剩 ${left} 天）`,
        description: `「${contract.title}」${threshold} 天到期提醒：请与客户确认续签或退租意向，并在系统中办理续签或到期交还。`,
        assigneeId: contract.ownerId,
        dueAt: shanghaiTime(addDays(today, Math.min(7, left)), '18:00'),
        recordType: 'contract',
        recordId: contract.id,
        ruleKey: EXPIRY_REMINDER_RULE,
        dedupeKey: `${EXPIRY_REMINDER_RULE}:${contract.id}:${threshold}`,
        createdById: null,
      }),
    );
    if (created) reminded++;
  }
  return { reminded };
}
