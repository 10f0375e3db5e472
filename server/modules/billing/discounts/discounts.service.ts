import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { requirePermission, type Actor, type RequestContext } from '../../../platform/access/access';
import { maskFields } from '../../../platform/access/masking';
import { submitApproval } from '../../../platform/approvals/approval-submit';
import { flowStep, numericBusinessId, type ApprovalCallbackDeps, type ApprovalTypeDefinition } from '../../../platform/approvals/approval-types';
import type { ApprovalInstanceRow } from '../../../platform/approvals/approvals.queries';
import { recordAudit } from '../../../platform/audit/audit.service';
import { isValidIsoDate, shanghaiDate } from '../../../platform/dates';
import { queryRows, type Tx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { assertDictionaryItem } from '../../../platform/dictionaries/dictionaries.service';
import { fieldError } from '../../../platform/errors';
import { moneyInput, moneyOutput, parseDecimal, roundDecimal } from '../../../platform/money';
import { notify } from '../../../platform/notifications/notifications.service';
import { addTimelineEvent, customers } from '../../customers';
import { contractForBilling, rentsBelowListPrice } from '../../leasing';
import { billingCustomer, billingScope } from '../billing-scope';
import { chargeItemNames } from '../charge-items';
import { discountLevel } from './ceilings.service';
import { discountRequests } from './discounts.table';

// 资费优惠 (R-BIL-20) — 分级管理、逐级审批、严格保密: a discount within the unit's standard range
// for the customer's grade (by default ≤ 5 % or ≤ 20,000 元) is approved by the unit manager;
// beyond it the next level up too; beyond the next level's range (by default > 10 % or
// > 100,000 元) the GM as well — the level is computed on applying (ceilings.service.ts). Approved ones are filed with the level
// above. Rates are masked for anyone without sensitive:view. The executed-discount report sets
// each contract's rent against the unit's list price and the approved discount.

export const DISCOUNT_TYPE = 'discount_request';
export const DISCOUNT_FILED_KIND = 'discount_filed';
const rateInput = z
  .string()
  .trim()
  .regex(/^0\.\d{1,4}$/, '优惠比例应为 0 到 1 之间、最多 4 位小数的数，如 "0.05" 表示 5%');
export const discountBody = z
  .object({
    customerId: z.number('请选择客户').int().positive('请选择客户'),
    contractId: z.number().int().positive().nullish(),
    kind: z.enum(['rate', 'amount'], '优惠方式应为 rate（比例）或 amount（金额）'),
    rate: rateInput.nullish(),
    amount: moneyInput({ label: '优惠金额', positive: true }).nullish(),
    items: z.array(z.string().trim().min(1).max(50)).min(1, '请选择优惠的收费项目').max(20),
    validFrom: z.string().refine(isValidIsoDate, '开始日期应为有效日期，格式 YYYY-MM-DD'),
    validTo: z.string().refine(isValidIsoDate, '结束日期应为有效日期，格式 YYYY-MM-DD'),
    reason: z.string().trim().min(4, '请写明优惠理由（至少 4 个字）').max(1000),
  })
  .superRefine((body, ctx) => {
    if (body.kind === 'rate' && !body.rate) ctx.addIssue({ code: 'custom', path: ['rate'], message: '按比例优惠须填写优惠比例' });
    if (body.kind === 'amount' && !body.amount) ctx.addIssue({ code: 'custom', path: ['amount'], message: '按金额优惠须填写优惠金额' });
    if (body.validTo < body.validFrom) ctx.addIssue({ code: 'custom', path: ['validTo'], message: '结束日期不能早于开始日期' });
  });

export const discountSchema = z.object({
  id: z.number().int(),
  customerId: z.number().int(),
  customerName: z.string(),
  contractId: z.number().int().nullable(),
  kind: z.enum(['rate', 'amount']),
  rate: z.string().nullable().describe('优惠比例；无 sensitive:view 权限时显示为 **'),
  amount: moneyOutput.nullable(),
  items: z.array(z.string()),
  itemNames: z.array(z.string()),
  validFrom: z.string(),
  validTo: z.string(),
  reason: z.string(),
  status: z.enum(['pending', 'approved', 'rejected', 'withdrawn']),
  level: z.number().int().describe('审批层级：1 部门经理，2 加上级部门负责人，3 加总经理'),
  approvalId: z.number().int().nullable(),
  createdAt: z.string(),
  decidedOn: z.string().nullable(),
});
export type Discount = z.infer<typeof discountSchema>;

type Row = typeof discountRequests.$inferSelect;
function toDiscount(actor: Actor, row: Row, customerName: string, nameOf: (code: string) => string): Discount {
  const plain: Discount = { ...row, customerName, kind: row.kind as Discount['kind'], itemNames: row.items.map(nameOf), status: row.status as Discount['status'], createdAt: row.createdAt.toISOString() };
  return maskFields(actor, plain, { rate: 'rate' });
}

export async function listDiscounts(deps: Deps, ctx: RequestContext, query: { customerId?: number; status?: Discount['status'] }): Promise<Discount[]> {
  const actor = requirePermission(ctx.actor, 'billing:read');
  const nameOf = await chargeItemNames(deps.db);
  const rows = await deps.db
    .select({ row: discountRequests, customerName: customers.name })
    .from(discountRequests)
    .innerJoin(customers, eq(customers.id, discountRequests.customerId))
    .where(and(billingScope(actor), query.customerId ? eq(discountRequests.customerId, query.customerId) : undefined, query.status ? eq(discountRequests.status, query.status) : undefined))
    .orderBy(desc(discountRequests.id))
    .limit(500);
  return rows.map(({ row, customerName }) => toDiscount(actor, row, customerName, nameOf));
}

/** 申请优惠 (whoever drafts contracts for the customer); goes to approval at the level it needs. */
export async function applyForDiscount(deps: Deps, ctx: RequestContext, body: z.infer<typeof discountBody>): Promise<Discount> {
  const actor = requirePermission(ctx.actor, 'billing:read');
  requirePermission(actor, 'contract:write');
  const id = await deps.db.transaction(async (tx) => {
    const customer = await billingCustomer(tx, actor, body.customerId);
    const [{ grade } = { grade: null }] = await tx.select({ grade: customers.grade }).from(customers).where(eq(customers.id, customer.id));
    const level = await discountLevel(tx, grade, body);
    if (body.contractId) {
      const contract = await contractForBilling(tx, actor, body.contractId).catch(() => null);
      if (!contract || contract.customerId !== customer.id) throw fieldError('contractId', '合同不存在或不属于该客户');
    }
    for (const [index, item] of body.items.entries()) await assertDictionaryItem(tx, 'charge_item', item, `items.${index}`);
    const [row] = await tx
      .insert(discountRequests)
      .values({ customerId: customer.id, contractId: body.contractId ?? null, kind: body.kind, rate: body.kind === 'rate' ? body.rate! : null, amount: body.kind === 'amount' ? body.amount! : null, items: body.items, validFrom: body.validFrom, validTo: body.validTo, reason: body.reason, status: 'pending', level, createdById: actor.userId, createdAt: deps.clock.now() })
      .returning();
    const instance = await submitApproval(tx, deps, ctx, {
      type: DISCOUNT_TYPE,
      businessId: String(row!.id),
      title: `资费优惠：${customer.name}`,
      data: { customerId: customer.id, customerName: customer.name, rate: body.kind === 'rate' ? Number(body.rate) : 0, amount: body.kind === 'amount' ? Number(body.amount) : 0, level, validFrom: body.validFrom, validTo: body.validTo },
    });
    await tx.update(discountRequests).set({ approvalId: instance.id }).where(eq(discountRequests.id, row!.id));
    // The rate itself stays out of the audit summary and the timeline (严格保密).
    await recordAudit(tx, deps.clock, ctx, { action: 'discount_apply', entityType: 'discount_request', entityId: row!.id, customerId: customer.id, summary: `申请资费优惠（${body.kind === 'rate' ? '按比例' : `优惠 ${body.amount} 元`}，${body.validFrom} 至 ${body.validTo}）` });
    return row!.id;
  });
  return (await listDiscounts(deps, ctx, { customerId: body.customerId })).find((item) => item.id === id)!;
}

async function decide(tx: Tx, instance: ApprovalInstanceRow, deps: ApprovalCallbackDeps, status: 'approved' | 'rejected' | 'withdrawn') {
  const id = numericBusinessId(instance);
  if (id === null) return;
  const [row] = await tx.select().from(discountRequests).where(eq(discountRequests.id, id)).for('update');
  if (!row || row.status !== 'pending') return;
  await tx.update(discountRequests).set({ status, decidedOn: shanghaiDate(deps.clock.now()) }).where(eq(discountRequests.id, id));
  const outcome = { approved: '已批准', rejected: '未通过审批', withdrawn: '已撤回' }[status];
  await recordAudit(tx, deps.clock, deps.ctx, { action: `discount_${status}`, entityType: 'discount_request', entityId: id, customerId: row.customerId, summary: `资费优惠${outcome}（审批 #${instance.id}）` });
  if (status !== 'approved') return;
  await addTimelineEvent(tx, deps.clock, { customerId: row.customerId, type: 'discount', title: `资费优惠已批准（${row.validFrom} 至 ${row.validTo}）`, sourceType: 'discount_request', sourceId: id });
  // 备案: the manager of the applicant's parent unit is told of every approved discount.
  const [parent] = await queryRows<{ manager_id: number | null }>(
    tx,
    sql`SELECT p.manager_id FROM users u JOIN org_units ou ON ou.id = u.unit_id JOIN org_units p ON p.id = ou.parent_id WHERE u.id = ${row.createdById}`,
  );
  if (parent?.manager_id) {
    await notify(tx, deps.clock, { userId: parent.manager_id, kind: DISCOUNT_FILED_KIND, title: `优惠备案：${String(instance.data.customerName)}`, body: `${row.validFrom} 至 ${row.validTo} 的资费优惠已按权限批准，报上级备案`, link: '/billing/discounts' });
  }
}

export const discountApprovalType: ApprovalTypeDefinition = {
  type: DISCOUNT_TYPE,
  name: '资费优惠',
  nameEn: 'Discount',
  defaultFlow: {
    name: '资费优惠审批',
    description: '按客户等级的优惠权限：部门标准范围内部门经理批准；超出的加上级部门负责人；超出上级权限的加总经理。',
    steps: [flowStep('部门经理审批', 'unit_manager'), flowStep('上级部门负责人审批', 'parent_unit_manager', 'level >= 2'), flowStep('总经理审批', 'gm', 'level >= 3')],
  },
  conditionFields: [
    { key: 'level', label: '审批层级（按客户等级的优惠权限：1 部门、2 上级、3 总经理）', labelEn: 'Approval level by the customer grade ceilings (1 unit, 2 next level, 3 GM)', format: 'number' },
    { key: 'rate', label: '优惠比例', labelEn: 'Discount rate', format: 'rate' },
    { key: 'amount', label: '优惠金额', labelEn: 'Discount amount', format: 'yuan' },
  ],
  dataSchema: z.object({ customerId: z.number().int(), customerName: z.string(), rate: z.number(), amount: z.number(), level: z.number().int().default(1), validFrom: z.string(), validTo: z.string() }),
  onApproved: (tx, instance, deps) => decide(tx, instance, deps, 'approved'),
  onRejected: (tx, instance, deps) => decide(tx, instance, deps, 'rejected'),
  onWithdrawn: (tx, instance, deps) => decide(tx, instance, deps, 'withdrawn'),
  describe: (instance) => ({ summary: `${String(instance.data.customerName)} 资费优惠（${String(instance.data.validFrom)} 至 ${String(instance.data.validTo)}）`, link: '/billing/discounts' }),
  canView: async (db, actor, businessId) => {
    if (!/^[1-9]\d{0,15}$/.test(businessId)) return false;
    const [row] = await db.select({ id: discountRequests.id }).from(discountRequests).innerJoin(customers, eq(customers.id, discountRequests.customerId)).where(and(eq(discountRequests.id, Number(businessId)), billingScope(actor)));
    return Boolean(row);
  },
};

export const executedDiscountSchema = z.object({
  contractId: z.number().int(),
  contractNumber: z.string(),
  customerName: z.string(),
  unitCode: z.string(),
  listPrice: z.string(),
  contractPrice: z.string(),
  impliedRate: z.string().describe('1 − 合同价 / 挂牌价'),
  approvedRate: z.string().nullable(),
  withinApproval: z.boolean(),
});

/** 优惠执行情况: rents below list price against the rate approved for that customer or contract today. */
export async function executedDiscounts(deps: Deps, ctx: RequestContext) {
  const actor = requirePermission(ctx.actor, 'billing:read');
  requirePermission(actor, 'report:read');
  const today = shanghaiDate(deps.clock.now());
  const rows = await rentsBelowListPrice(deps.db, today);
  const visible = new Set((await deps.db.select({ id: customers.id }).from(customers).where(billingScope(actor))).map((row) => row.id));
  const approved = await deps.db.select().from(discountRequests).where(and(eq(discountRequests.status, 'approved'), eq(discountRequests.kind, 'rate'), sql`${discountRequests.validFrom} <= ${today} AND ${discountRequests.validTo} >= ${today}`));
  return rows
    .filter((row) => visible.has(row.customerId))
    .map((row) => {
      const implied = impliedRate(row.contractPrice, row.listPrice);
      const grant = approved.filter((d) => d.customerId === row.customerId && (d.contractId === null || d.contractId === row.contractId) && d.items.includes('rent')).map((d) => d.rate!).sort().at(-1) ?? null;
      const within = grant !== null && compare(implied, grant) <= 0;
      return maskFields(actor, { contractId: row.contractId, contractNumber: row.contractNumber, customerName: row.customerName, unitCode: row.unitCode, listPrice: row.listPrice, contractPrice: row.contractPrice, impliedRate: implied, approvedRate: grant, withinApproval: within }, { impliedRate: 'rate', approvedRate: 'rate' });
    });
}

function impliedRate(contractPrice: string, listPrice: string): string {
  // 1 − contract / list, to 4 decimals (half-up)
  const c = parseDecimal(contractPrice);
  const l = parseDecimal(listPrice);
  const scale = Math.max(c.scale, l.scale);
  const cu = c.units * 10n ** BigInt(scale - c.scale);
  const lu = l.units * 10n ** BigInt(scale - l.scale);
  const ratio = { units: ((lu - cu) * 100000n) / lu, scale: 5 };
  return roundDecimal(ratio, 4);
}

function compare(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  return x === y ? 0 : x < y ? -1 : 1;
}
