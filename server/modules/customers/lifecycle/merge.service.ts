import { and, eq, sql } from 'drizzle-orm';
import { requireActor, type RequestContext } from '../../../platform/access/access';
import { recordAudit } from '../../../platform/audit/audit.service';
import { queryRows, type Tx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { attachments } from '../../../platform/files/files.table';
import { extensionPoint } from '../../../platform/manifests/manifest';
import { canReadCustomer, getVisibleCustomer } from '../access';
import { refreshBlacklistColumns } from '../compliance/blacklist.service';
import type { MergeBody, MergeResult } from '../compliance/compliance.schema';
import {
  customerBlacklistEntries,
  customerContacts,
  customerGradeChanges,
  customerKeyPersons,
  customerQualifications,
  customers,
  customerTimeline,
} from '../customers.table';
import { addTimelineEvent } from '../timeline';
import { lockCustomer, updateCustomerRow } from './lifecycle.service';

// 合并客户 (R-CUS-07): everything recorded about the duplicate moves to the kept record.

export interface MergeStepInput {
  fromId: number;
  intoId: number;
  now: Date;
}

/**
 * Moves one kind of record from the merged customer to the kept one in the merge transaction and
 * returns how many rows moved. Later modules (opportunities, contracts, bills) contribute theirs through their manifests.
 */
export type MergeStep = (tx: Tx, input: MergeStepInput) => Promise<number>;

/** A named merge step; the archive's own are below, other modules contribute theirs. */
export interface NamedMergeStep {
  name: string;
  run: MergeStep;
}

/** Other modules' records that follow a merged customer (opportunities, contracts, bills…). */
export const customerMergeSteps = extensionPoint<NamedMergeStep>('customers.merge-steps');

const ownSteps: NamedMergeStep[] = [];
const step = (name: string, run: MergeStep) => void ownSteps.push({ name, run });

const moved = (rows: unknown[]) => rows.length;

step('contacts', async (tx, { fromId, intoId }) => {
  // The kept record keeps its primary contact; moved contacts stop being primary if it has one.
  const [primary] = await tx
    .select({ id: customerContacts.id })
    .from(customerContacts)
    .where(and(eq(customerContacts.customerId, intoId), eq(customerContacts.isPrimary, true)))
    .limit(1);
  return moved(
    await tx
      .update(customerContacts)
      .set({ customerId: intoId, ...(primary ? { isPrimary: false } : {}) })
      .where(eq(customerContacts.customerId, fromId))
      .returning({ id: customerContacts.id }),
  );
});
step('keyPersons', async (tx, { fromId, intoId }) =>
  moved(
    await tx.update(customerKeyPersons).set({ customerId: intoId }).where(eq(customerKeyPersons.customerId, fromId)).returning({ id: customerKeyPersons.id }),
  ),
);
step('timeline', async (tx, { fromId, intoId }) =>
  moved(await tx.update(customerTimeline).set({ customerId: intoId }).where(eq(customerTimeline.customerId, fromId)).returning({ id: customerTimeline.id })),
);
step('qualifications', async (tx, { fromId, intoId }) =>
  moved(
    await tx
      .update(customerQualifications)
      .set({ customerId: intoId })
      .where(eq(customerQualifications.customerId, fromId))
      .returning({ id: customerQualifications.id }),
  ),
);
step('attachments', async (tx, { fromId, intoId }) =>
  moved(
    await tx
      .update(attachments)
      .set({ recordId: String(intoId) })
      .where(and(eq(attachments.recordType, 'customer'), eq(attachments.recordId, String(fromId))))
      .returning({ id: attachments.id }),
  ),
);
step('revenueMonths', async (tx, { fromId, intoId, now }) => {
  // Months both records have are summed.
  const rows = await queryRows<{ month: string }>(
    tx,
    sql`INSERT INTO customer_revenue (customer_id, month, amount, updated_at)
        SELECT ${intoId}, month, amount, ${now.toISOString()}::timestamptz FROM customer_revenue WHERE customer_id = ${fromId}
        ON CONFLICT (customer_id, month) DO UPDATE SET amount = customer_revenue.amount + EXCLUDED.amount, updated_at = EXCLUDED.updated_at
        RETURNING month`,
  );
  await tx.execute(sql`DELETE FROM customer_revenue WHERE customer_id = ${fromId}`);
  return rows.length;
});
step('gradeChanges', async (tx, { fromId, intoId }) =>
  moved(
    await tx
      .update(customerGradeChanges)
      .set({ customerId: intoId })
      .where(eq(customerGradeChanges.customerId, fromId))
      .returning({ id: customerGradeChanges.id }),
  ),
);
step('blacklistEntries', async (tx, { fromId, intoId }) =>
  moved(
    await tx
      .update(customerBlacklistEntries)
      .set({ customerId: intoId })
      .where(eq(customerBlacklistEntries.customerId, fromId))
      .returning({ id: customerBlacklistEntries.id }),
  ),
);
step('mergedRecords', async (tx, { fromId, intoId }) =>
  // Records merged into the duplicate earlier now point at the kept record.
  moved(await tx.update(customers).set({ mergedIntoId: intoId }).where(eq(customers.mergedIntoId, fromId)).returning({ id: customers.id })),
);

const movedLabels: Record<string, string> = {
  contacts: '联系人',
  keyPersons: '关键人',
  timeline: '时间线',
  qualifications: '资质文件',
  attachments: '附件',
  revenueMonths: '月度收入',
  gradeChanges: '分级记录',
  blacklistEntries: '黑名单记录',
  mergedRecords: '已合并记录',
};

const describeCounts = (counts: Record<string, number>) =>
  Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `${movedLabels[name] ?? name} ${n}`)
    .join('、') || '无关联记录';

/**
 * 合并: `id` (the duplicate) goes into `intoId` (kept). The duplicate stays as a hidden record
 * pointing at the kept one; both get an audit entry with the counts (R-CUS-07).
 */
export async function mergeCustomers(deps: Deps, ctx: RequestContext, id: number, body: MergeBody): Promise<MergeResult> {
  const actor = requireActor(ctx);
  if (body.intoId === id) throw fieldError('intoId', '不能把客户合并到它自己，请选择另一条客户记录');
  return deps.db.transaction(async (tx) => {
    // Lock both in id order so two opposite merges cannot deadlock.
    for (const lockId of [id, body.intoId].sort((a, b) => a - b)) await lockCustomer(tx, lockId);
    const source = await getVisibleCustomer(tx, actor, id);
    const [target] = await tx.select().from(customers).where(eq(customers.id, body.intoId));
    if (target?.mergedIntoId != null && (await canReadCustomer(tx, actor, target.mergedIntoId))) {
      const [final] = await tx.select({ name: customers.name, code: customers.code }).from(customers).where(eq(customers.id, target.mergedIntoId));
      throw new AppError('CONFLICT', `目标客户「${target.name}」已合并到「${final?.name ?? ''}」（${final?.code ?? ''}），请选择合并后的客户`, { reason: 'customer.merge_target_merged' });
    }
    const kept = await getVisibleCustomer(tx, actor, body.intoId).catch(() => {
      throw new AppError('NOT_FOUND', '要保留的客户不存在或无权查看');
    });
    if (source.admissionStatus === 'pending') {
      throw new AppError('CONFLICT', `客户「${source.name}」的准入审核正在进行，请等待审批结束或撤回后再合并`, { reason: 'customer.admission_in_progress' });
    }

    const counts: Record<string, number> = {};
    for (const { name, run } of [...ownSteps, ...customerMergeSteps.items()]) counts[name] = await run(tx, { fromId: source.id, intoId: kept.id, now: deps.clock.now() });

    const merged = await updateCustomerRow(tx, deps.clock, source.id, { mergedIntoId: kept.id, blacklistLevel: null, blacklistUnitId: null });
    await refreshBlacklistColumns(tx, deps, (await lockCustomer(tx, kept.id))!);
    const summary = describeCounts(counts);
    await recordAudit(tx, deps.clock, ctx, {
      action: 'merge',
      entityType: 'customer',
      entityId: source.id,
      customerId: source.id,
      summary: `客户「${source.name}」（${source.code}）合并到「${kept.name}」（${kept.code}），转移：${summary}`,
      changes: { mergedIntoId: { before: null, after: merged.mergedIntoId }, moved: { before: null, after: counts } },
    });
    await recordAudit(tx, deps.clock, ctx, {
      action: 'merge',
      entityType: 'customer',
      entityId: kept.id,
      customerId: kept.id,
      summary: `合并客户「${source.name}」（${source.code}）到本客户，转入：${summary}`,
      changes: { mergedFromId: { before: null, after: source.id }, moved: { before: null, after: counts } },
    });
    await addTimelineEvent(tx, deps.clock, {
      customerId: kept.id,
      type: 'merged',
      title: `合并客户「${source.name}」（${source.code}）`,
      detail: { mergedId: source.id, mergedCode: source.code, mergedName: source.name, moved: counts },
      actorId: actor.userId,
    });
    return { keptId: kept.id, mergedId: source.id, moved: counts };
  });
}
