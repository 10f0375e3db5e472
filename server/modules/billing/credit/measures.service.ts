import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { AppError, fieldError } from '../../../platform/errors';
import { requirePermission, type RequestContext } from '../../../platform/access/access';
import { submitApproval } from '../../../platform/approvals/approval-submit';
import { flowStep, numericBusinessId, type ApprovalCallbackDeps, type ApprovalTypeDefinition } from '../../../platform/approvals/approval-types';
import type { ApprovalInstanceRow } from '../../../platform/approvals/approvals.queries';
import { recordAudit } from '../../../platform/audit/audit.service';
import { isValidIsoDate, shanghaiDate } from '../../../platform/dates';
import type { DbOrTx, Tx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { moneyInput, moneyOutput } from '../../../platform/money';
import { users } from '../../../platform/org/org.table';
import { addTimelineEvent, customers } from '../../customers';
import { billingCustomer, billingScope } from '../billing-scope';
import { creditMeasures } from './credit.table';

// 信用措施 (R-CRD-02, 04): countermeasures for deteriorating credit and exceptions above the credit
// limit are taken only with the superior's approval (the applicant's manager; large exceptions
// also the GM) and recorded on the customer. An approved guarantee, joint guarantee or collateral
// is the security a D-rated customer's contract needs; an approved 超额度例外 raises the limit
// by its amount until its end date.

export const MEASURE_TYPE = 'credit_measure';
export const measureKinds = ['guarantor', 'joint_guarantee', 'collateral', 'higher_deposit', 'notarised', 'reduced_supply', 'offset', 'payment_in_kind', 'limit_increase'] as const;
export const measureKindNames: Record<(typeof measureKinds)[number], string> = {
  guarantor: '担保人担保',
  joint_guarantee: '连带责任保证',
  collateral: '抵押/质押',
  higher_deposit: '提高保证金',
  notarised: '合同公证',
  reduced_supply: '减少供货/服务',
  offset: '债务抵销',
  payment_in_kind: '以物抵债',
  limit_increase: '超额度例外',
};

export const measureBody = z
  .object({
    kind: z.enum(measureKinds, `措施类型应为 ${measureKinds.join('、')} 之一`),
    description: z.string().trim().min(6, '请写明措施内容（至少 6 个字），如担保人名称、抵押物、金额').max(2000, '措施内容不超过 2000 个字'),
    amount: moneyInput({ label: '金额', positive: true }).nullish(),
    validTo: z.string().refine(isValidIsoDate, '有效期至应为有效日期，格式 YYYY-MM-DD').nullish(),
  })
  .superRefine((body, ctx) => {
    if (body.kind === 'limit_increase' && !body.amount) ctx.addIssue({ code: 'custom', path: ['amount'], message: '超额度例外须填写增加的额度' });
    if (body.kind === 'limit_increase' && !body.validTo) ctx.addIssue({ code: 'custom', path: ['validTo'], message: '超额度例外须填写有效期至' });
  });

export const measureSchema = z.object({
  id: z.number().int(),
  customerId: z.number().int(),
  kind: z.enum(measureKinds),
  kindName: z.string(),
  description: z.string(),
  amount: moneyOutput.nullable(),
  validTo: z.string().nullable(),
  status: z.enum(['pending', 'approved', 'rejected', 'withdrawn']),
  approvalId: z.number().int().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  decidedOn: z.string().nullable(),
});
export type CreditMeasure = z.infer<typeof measureSchema>;

export async function measuresOf(db: DbOrTx, customerId: number): Promise<CreditMeasure[]> {
  const rows = await db.select({ row: creditMeasures, name: users.displayName }).from(creditMeasures).leftJoin(users, eq(users.id, creditMeasures.createdById)).where(eq(creditMeasures.customerId, customerId)).orderBy(desc(creditMeasures.id)).limit(100);
  return rows.map(({ row, name }) => ({ ...row, kind: row.kind as CreditMeasure['kind'], kindName: measureKindNames[row.kind as CreditMeasure['kind']], status: row.status as CreditMeasure['status'], createdByName: name, createdAt: row.createdAt.toISOString() }));
}

/** 申请信用措施: finance (credit:manage) or whoever handles the customer's contracts. */
export async function applyForMeasure(deps: Deps, ctx: RequestContext, customerId: number, body: z.infer<typeof measureBody>): Promise<CreditMeasure> {
  const actor = requirePermission(ctx.actor, 'billing:read');
  if (!actor.permissions.has('credit:manage') && !actor.permissions.has('contract:write')) throw new AppError('FORBIDDEN', '需要信用管理或合同经办权限才能申请信用措施', { reason: 'credit.measure_forbidden' });
  if (body.validTo && body.validTo < shanghaiDate(deps.clock.now())) throw fieldError('validTo', '有效期至不能早于今天');
  const id = await deps.db.transaction(async (tx) => {
    const customer = await billingCustomer(tx, actor, customerId);
    const [row] = await tx
      .insert(creditMeasures)
      .values({ customerId, kind: body.kind, description: body.description, amount: body.amount ?? null, validTo: body.validTo ?? null, status: 'pending', createdById: actor.userId, createdAt: deps.clock.now() })
      .returning();
    const name = measureKindNames[body.kind];
    const instance = await submitApproval(tx, deps, ctx, {
      type: MEASURE_TYPE,
      businessId: String(row!.id),
      title: `信用措施：${customer.name} ${name}`,
      data: { customerId, customerName: customer.name, kind: name, amount: body.amount ? Number(body.amount) : 0 },
    });
    await tx.update(creditMeasures).set({ approvalId: instance.id }).where(eq(creditMeasures.id, row!.id));
    await recordAudit(tx, deps.clock, ctx, { action: 'credit_measure_apply', entityType: 'credit_measure', entityId: row!.id, customerId, summary: `申请信用措施：${name}${body.amount ? ` ${body.amount} 元` : ''}（审批 #${instance.id}）` });
    return row!.id;
  });
  return (await measuresOf(deps.db, customerId)).find((measure) => measure.id === id)!;
}

async function decide(tx: Tx, instance: ApprovalInstanceRow, deps: ApprovalCallbackDeps, status: 'approved' | 'rejected' | 'withdrawn') {
  const id = numericBusinessId(instance);
  if (id === null) return;
  const [row] = await tx.select().from(creditMeasures).where(eq(creditMeasures.id, id)).for('update');
  if (!row || row.status !== 'pending') return;
  await tx.update(creditMeasures).set({ status, decidedOn: shanghaiDate(deps.clock.now()) }).where(eq(creditMeasures.id, id));
  const name = measureKindNames[row.kind as CreditMeasure['kind']];
  const outcome = { approved: '已批准', rejected: '未通过审批', withdrawn: '已撤回' }[status];
  const title = `信用措施${outcome}：${name}${row.amount ? ` ${row.amount} 元` : ''}${row.validTo ? `（至 ${row.validTo}）` : ''}`;
  await recordAudit(tx, deps.clock, deps.ctx, { action: `credit_measure_${status}`, entityType: 'credit_measure', entityId: id, customerId: row.customerId, summary: `${title}（审批 #${instance.id}）` });
  if (status === 'approved') await addTimelineEvent(tx, deps.clock, { customerId: row.customerId, type: 'credit', title, sourceType: 'credit_measure', sourceId: id });
}

export const measureApprovalType: ApprovalTypeDefinition = {
  type: MEASURE_TYPE,
  name: '信用措施',
  nameEn: 'Credit measure',
  defaultFlow: {
    name: '信用措施审批',
    description: '担保、抵押、提高保证金等信用措施及超额度例外由申请人上级（销售经理）批准；超额度 20 万元以上的加总经理。',
    steps: [flowStep('上级审批', 'unit_manager'), flowStep('总经理审批', 'gm', 'amount > 200000')],
  },
  conditionFields: [{ key: 'amount', label: '金额', labelEn: 'Amount', format: 'yuan' }],
  dataSchema: z.object({ customerId: z.number().int(), customerName: z.string(), kind: z.string(), amount: z.number() }),
  onApproved: (tx, instance, deps) => decide(tx, instance, deps, 'approved'),
  onRejected: (tx, instance, deps) => decide(tx, instance, deps, 'rejected'),
  onWithdrawn: (tx, instance, deps) => decide(tx, instance, deps, 'withdrawn'),
  describe: (instance) => ({ summary: `${String(instance.data.customerName)}：${String(instance.data.kind)}`, link: `/customers/${String(instance.data.customerId)}?tab=account` }),
  canView: async (db, actor, businessId) => {
    if (!/^[1-9]\d{0,15}$/.test(businessId)) return false;
    const [row] = await db.select({ id: creditMeasures.id }).from(creditMeasures).innerJoin(customers, eq(customers.id, creditMeasures.customerId)).where(and(eq(creditMeasures.id, Number(businessId)), billingScope(actor)));
    return Boolean(row);
  },
};
