import { shanghaiTime } from '../../../platform/dates';
import { and, asc, eq, gt, gte, isNotNull, isNull, lte } from 'drizzle-orm';
import type { Deps } from '../../../platform/deps';
import type { JobContext } from '../../../platform/jobs/jobs.registry';
import { defineJob } from '../../../platform/jobs/jobs.registry';
import { createTask } from '../../../platform/tasks/tasks.service';
import { users } from '../../../platform/org/org.table';
import { EXPIRY_NOTICE_DAYS } from './compliance.schema';
import { docTypeName } from './qualifications.service';
import { customerQualifications, customers } from '../customers.table';
import { addDays, shanghaiDate } from '../../../platform/dates';

export const QUALIFICATION_EXPIRY_RULE = 'customer_qualification_expiry';

/**
 * 资质到期提醒 (R-CUS-10): a task for the customer's owner for every document whose validity
 * ends within 30 days. One task per document and expiry date (dedupe key), so daily runs and a
 * renewed document with a new date do not repeat or lose reminders.
 */
export async function remindExpiringQualifications(deps: Deps, job?: Pick<JobContext, 'progress' | 'audit'>) {
  const today = shanghaiDate(deps.clock.now());
  const horizon = addDays(today, EXPIRY_NOTICE_DAYS);
  const due = and(
    isNotNull(customerQualifications.validUntil),
    gte(customerQualifications.validUntil, today),
    lte(customerQualifications.validUntil, horizon),
    isNull(customers.mergedIntoId),
    isNotNull(customers.ownerId),
  );
  const result = { due: 0, created: 0, skippedInactiveOwner: 0 };
  let lastId = 0;
  for (;;) {
    const batch = await deps.db
      .select({
        id: customerQualifications.id,
        docType: customerQualifications.docType,
        number: customerQualifications.number,
        validUntil: customerQualifications.validUntil,
        customerId: customers.id,
        customerName: customers.name,
        ownerId: customers.ownerId,
        ownerStatus: users.status,
      })
      .from(customerQualifications)
      .innerJoin(customers, eq(customers.id, customerQualifications.customerId))
      .leftJoin(users, eq(users.id, customers.ownerId))
      .where(and(due, gt(customerQualifications.id, lastId)))
      .orderBy(asc(customerQualifications.id))
      .limit(200);
    if (!batch.length) break;
    for (const row of batch) {
      lastId = row.id;
      result.due++;
      if (row.ownerStatus !== 'active') {
        result.skippedInactiveOwner++;
        continue;
      }
      const label = docTypeName(row.docType);
      const { created } = await deps.db.transaction((tx) =>
        createTask(
          tx,
          deps,
          {
            title: `资质即将到期：${row.customerName} ${label}`,
            description: `${label}（${row.number ?? ''}）将于 ${row.validUntil} 到期，请联系客户更新证件并上传新文件。`,
            assigneeId: row.ownerId!,
            dueAt: shanghaiTime(row.validUntil!, '23:59'),
            recordType: 'customer',
            recordId: row.customerId,
            ruleKey: QUALIFICATION_EXPIRY_RULE,
            dedupeKey: `${QUALIFICATION_EXPIRY_RULE}:${row.id}:${row.validUntil}`,
            createdById: null,
          },
          job?.audit ?? {},
        ),
      );
      if (created) result.created++;
    }
    await job?.progress(result.due, null, `已检查 ${result.due} 份即将到期的资质文件`);
  }
  return result;
}

export const qualificationExpiryJob = defineJob({
  key: QUALIFICATION_EXPIRY_RULE,
  name: '客户资质到期提醒',
  nameEn: 'Expiring qualifications',
  description: `资质文件在有效期届满前 ${EXPIRY_NOTICE_DAYS} 天起，为客户负责人创建更新资质的待办（每份文件每个有效期一次）`,
  descriptionEn: 'From 30 days before a document expires, the customer owner gets a task to renew it (once per document and validity period).',
  defaultCron: '0 8 * * *',
  run: (context) => remindExpiringQualifications(context.deps, context),
});
