import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { requireActor, type Actor, type RequestContext } from '../../../platform/access/access';
import { submitApproval } from '../../../platform/approvals/approval-submit';
import { flowStep, numericBusinessId, type ApprovalCallbackDeps, type ApprovalTypeDefinition } from '../../../platform/approvals/approval-types';
import { type ApprovalInstanceRow } from '../../../platform/approvals/approvals.queries';
import { diffChanges, recordAudit } from '../../../platform/audit/audit.service';
import type { DbOrTx, Tx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError } from '../../../platform/errors';
import { numericRecordId } from '../../../platform/files/record-access';
import { canReadCustomer, getVisibleCustomer } from '../access';
import { customers } from '../customers.table';
import { lockCustomer, toComplianceState, updateCustomerRow } from '../lifecycle/lifecycle.service';
import { addTimelineEvent } from '../timeline';
import type { AdmissionBody, CustomerComplianceState } from './compliance.schema';
import { missingQualifications } from './qualifications.service';

// 准入审核 (R-CUS-11): documents complete → specialist submits → unit manager → finance → 合格.

export const ADMISSION_TYPE = 'customer_admission';
export const BLACKLIST_TYPE = 'blacklist';
export const BLACKLIST_REMOVAL_TYPE = 'blacklist_removal';

const admissionStatusNames: Record<string, string> = { none: '未审核', pending: '审核中', admitted: '合格', rejected: '未通过' };

const admissionData = z.object({
  customerId: z.number().int(),
  customerName: z.string(),
  previousStatus: z.string(),
  note: z.string().nullable().optional(),
});

export async function canViewCustomerRecord(db: DbOrTx, actor: Actor, customerId: string): Promise<boolean> {
  const id = numericRecordId(customerId, Number.MAX_SAFE_INTEGER);
  return id !== null && canReadCustomer(db, actor, id);
}

async function decideAdmission(tx: Tx, instance: ApprovalInstanceRow, deps: ApprovalCallbackDeps, outcome: 'admitted' | 'rejected' | 'withdrawn') {
  const customerId = numericBusinessId(instance);
  const before = customerId === null ? undefined : await lockCustomer(tx, customerId);
  if (!before) return;
  const previous = typeof instance.data.previousStatus === 'string' ? instance.data.previousStatus : 'none';
  const status = outcome === 'withdrawn' ? previous : outcome;
  const after = await updateCustomerRow(tx, deps.clock, before.id, {
    admissionStatus: status,
    ...(outcome === 'admitted' ? { admittedAt: deps.clock.now() } : {}),
  });
  const verb = { admitted: '准入审核通过，客户为合格客户', rejected: '准入审核未通过', withdrawn: '准入审核已撤回' }[outcome];
  await recordAudit(tx, deps.clock, deps.ctx, {
    action: `admission_${outcome}`,
    entityType: 'customer',
    entityId: before.id,
    customerId: before.id,
    summary: `客户「${before.name}」${verb}（审批 #${instance.id}）`,
    changes: diffChanges(before, after, ['admissionStatus', 'admittedAt']),
  });
  await addTimelineEvent(tx, deps.clock, {
    customerId: before.id,
    type: 'admission',
    title: verb,
    detail: { status, approvalId: instance.id },
    actorId: deps.ctx.actor?.userId ?? null,
    link: `/approvals/mine?id=${instance.id}`,
    sourceType: 'approval',
    sourceId: instance.id,
  });
}

export const admissionApprovalType: ApprovalTypeDefinition = {
  type: ADMISSION_TYPE,
  name: '客户准入审核',
  nameEn: 'Customer admission',
  defaultFlow: { name: '客户准入审核', description: '招商专员提交 → 部门负责人审核 → 财务审核，通过后客户成为合格客户，可以签订合同。', steps: [flowStep('部门负责人审核', 'unit_manager'), flowStep('财务审核', 'finance')] },
  dataSchema: admissionData,
  onApproved: (tx, instance, deps) => decideAdmission(tx, instance, deps, 'admitted'),
  onRejected: (tx, instance, deps) => decideAdmission(tx, instance, deps, 'rejected'),
  onWithdrawn: (tx, instance, deps) => decideAdmission(tx, instance, deps, 'withdrawn'),
  // Returned for revision: the documents are fixed and the request resubmitted; it stays 审核中.
  onReturned: async () => {},
  describe: (instance) => ({
    summary: typeof instance.data.customerName === 'string' ? `客户：${instance.data.customerName}` : undefined,
    link: `/customers/${instance.businessId}`,
  }),
  canView: canViewCustomerRecord,
};

/**
 * 提交准入审核: only when every required document is present and unexpired; the customer is
 * 审核中 until the flow completes.
 */
export async function submitAdmission(deps: Deps, ctx: RequestContext, customerId: number, body: AdmissionBody): Promise<CustomerComplianceState> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const before = await getVisibleCustomer(tx, actor, customerId, { forUpdate: true });
    if (before.admissionStatus === 'pending') throw new AppError('CONFLICT', `客户「${before.name}」的准入审核正在进行中，请等待审批结果`, { reason: 'admission.in_progress' });
    if (before.admissionStatus === 'admitted') throw new AppError('CONFLICT', `客户「${before.name}」已是合格客户，无需再次准入审核`, { reason: 'admission.already_admitted' });
    const missing = await missingQualifications(tx, deps.clock, before);
    if (missing.length) {
      throw new AppError(
        'VALIDATION_FAILED',
        `请先补齐以下资质文件后再提交准入审核：${missing.map((m) => m.message).join('、')}`,
        missing.map((m) => ({ field: `qualifications.${m.docType}`, message: m.message })),
      );
    }
    const after = await updateCustomerRow(tx, deps.clock, before.id, { admissionStatus: 'pending' });
    const instance = await submitApproval(tx, deps, ctx, {
      type: ADMISSION_TYPE,
      businessId: String(before.id),
      title: `客户准入审核：${before.name}`,
      data: { customerId: before.id, customerName: before.name, previousStatus: before.admissionStatus, note: body.note },
    });
    await recordAudit(tx, deps.clock, ctx, {
      action: 'admission_submit',
      entityType: 'customer',
      entityId: before.id,
      customerId: before.id,
      summary: `提交客户「${before.name}」的准入审核（审批 #${instance.id}）`,
      changes: diffChanges(before, after, ['admissionStatus']),
    });
    await addTimelineEvent(tx, deps.clock, {
      customerId: before.id,
      type: 'admission',
      title: '提交准入审核',
      detail: { status: 'pending', approvalId: instance.id, note: body.note },
      actorId: actor.userId,
      link: `/approvals/mine?id=${instance.id}`,
      sourceType: 'approval',
      sourceId: instance.id,
    });
    return toComplianceState(after, instance.id);
  });
}

/**
 * For later modules (contracts): contracts can be signed only with admitted customers (R-CUS-11).
 * Throws a CONFLICT that says what to do otherwise.
 */
export async function assertCustomerAdmitted(db: DbOrTx, customerId: number): Promise<void> {
  const [row] = await db
    .select({ name: customers.name, admissionStatus: customers.admissionStatus, mergedIntoId: customers.mergedIntoId })
    .from(customers)
    .where(eq(customers.id, customerId));
  if (!row) throw new AppError('NOT_FOUND', '客户不存在');
  if (row.mergedIntoId !== null) throw new AppError('CONFLICT', `客户「${row.name}」已被合并，请选择合并后的客户`, { reason: 'customer.merged' });
  if (row.admissionStatus !== 'admitted') {
    const status = admissionStatusNames[row.admissionStatus] ?? row.admissionStatus;
    throw new AppError('CONFLICT', `客户「${row.name}」尚未通过准入审核（当前：${status}），请先在客户档案的「资质文件」中补齐资料并提交准入审核`, { reason: 'customer.not_admitted' });
  }
}
