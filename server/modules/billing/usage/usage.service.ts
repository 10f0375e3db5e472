import { and, desc, eq, ne, sql, type SQL } from 'drizzle-orm';
import { requirePermission, type Actor, type RequestContext } from '../../../platform/access/access';
import { recordAudit } from '../../../platform/audit/audit.service';
import type { Clock } from '../../../platform/clock';
import type { AppConfig } from '../../../platform/config';
import { shanghaiDate } from '../../../platform/dates';
import type { DbOrTx, Tx } from '../../../platform/db/client';
import { mapPage, selectPage } from '../../../platform/db/paging';
import type { Deps } from '../../../platform/deps';
import { assertDictionaryItem } from '../../../platform/dictionaries/dictionaries.service';
import { AppError, fieldError } from '../../../platform/errors';
import { orderByFrom } from '../../../platform/http/pagination';
import { amountOf, multiplyDecimals, parseDecimal, roundDecimal, yuanText } from '../../../platform/money';
import { customers } from '../../customers';
import { contractForBilling } from '../../leasing';
import { billingCustomer, billingScope } from '../billing-scope';
import { chargeItemNames } from '../charge-items';
import { assertCreditSaleAllowed } from '../credit/credit-policy';
import type { CreateUsageBody, Usage } from './usage.schema';
import { usageCharges } from './usage.table';

// 用量登记 (R-BIL-03): finance enters (or imports) usage per customer and month — a quantity, or a
// meter's current reading that continues from last month's — priced once (half-up to the fen)
// and billed with the customer's next bill.

type Row = typeof usageCharges.$inferSelect;
/** 10,000.00 元 in fen. */
const SIGNED_CONTRACT_FROM = 1_000_000n;
const selectUsage = (db: DbOrTx) => db.select({ usage: usageCharges, customerName: customers.name }).from(usageCharges).innerJoin(customers, eq(customers.id, usageCharges.customerId)).$dynamic();

function toUsage(row: { usage: Row; customerName: string }, nameOf: (code: string) => string): Usage {
  const u = row.usage;
  return { ...u, customerName: row.customerName, itemName: nameOf(u.item), status: u.status as Usage['status'], createdAt: u.createdAt.toISOString() };
}

const decimalCompare = (a: string, b: string) => {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  const scale = Math.max(x.scale, y.scale);
  const ax = x.units * 10n ** BigInt(scale - x.scale);
  const by = y.units * 10n ** BigInt(scale - y.scale);
  return ax === by ? 0 : ax < by ? -1 : 1;
};

/** The reading the meter ended last time (an earlier month), or null for a new meter. */
async function lastReading(tx: DbOrTx, customerId: number, meterCode: string, period: string): Promise<{ period: string; reading: string } | null> {
  const [row] = await tx
    .select({ period: usageCharges.period, reading: usageCharges.currentReading })
    .from(usageCharges)
    .where(and(eq(usageCharges.customerId, customerId), eq(usageCharges.meterCode, meterCode), ne(usageCharges.status, 'void'), sql`${usageCharges.period} < ${period}`))
    .orderBy(desc(usageCharges.period))
    .limit(1);
  return row?.reading ? { period: row.period, reading: row.reading } : null;
}

/**
 * Checks and prices one entry; `at` prefixes field names (the import's row). Throws a field error
 * naming what to fix; nothing is written here.
 */
export async function priceUsage(tx: DbOrTx, body: CreateUsageBody, nameOf: (code: string) => string) {
  await assertDictionaryItem(tx, 'charge_item', body.item, 'item');
  const itemName = nameOf(body.item);
  if (body.meterCode) {
    if (!body.currentReading) throw fieldError('currentReading', '抄表计费须填写本期读数');
    const last = await lastReading(tx, body.customerId, body.meterCode, body.period);
    if (last && body.previousReading && decimalCompare(body.previousReading, last.reading) !== 0) {
      throw fieldError('previousReading', `上期读数应为 ${last.reading}（表 ${body.meterCode} 在 ${last.period} 的本期读数）`);
    }
    const previous = body.previousReading ?? last?.reading;
    if (!previous) throw fieldError('previousReading', `表 ${body.meterCode} 第一次抄表，请填写上期读数`);
    if (decimalCompare(body.currentReading, previous) < 0) throw fieldError('currentReading', `本期读数 ${body.currentReading} 小于上期读数 ${previous}，读数不能倒退`);
    const multiplier = body.multiplier ?? '1';
    const used = parseDecimal(body.currentReading);
    const before = parseDecimal(previous);
    const scale = Math.max(used.scale, before.scale);
    const difference = { units: used.units * 10n ** BigInt(scale - used.scale) - before.units * 10n ** BigInt(scale - before.scale), scale };
    const differenceText = roundDecimal(difference, 2);
    const quantity = roundDecimal(multiplyDecimals(differenceText, multiplier), 4);
    const amount = amountOf(quantity, body.unitPrice);
    const explanation = `${itemName}：表 ${body.meterCode} 本期读数 ${body.currentReading} − 上期读数 ${previous} = ${differenceText}，× 倍率 ${multiplier} = ${quantity}，× 单价 ${body.unitPrice} 元 = ${yuanText(amount)} 元`;
    return { previousReading: previous, currentReading: body.currentReading, multiplier, quantity, amount, explanation };
  }
  if (!body.quantity) throw fieldError('quantity', '请填写数量（不抄表时）或表号与读数');
  const amount = amountOf(body.quantity, body.unitPrice);
  const explanation = `${itemName}：${body.period} 用量 ${body.quantity} × 单价 ${body.unitPrice} 元 = ${yuanText(amount)} 元`;
  return { previousReading: null, currentReading: null, multiplier: null, quantity: body.quantity, amount, explanation };
}

export async function insertUsage(tx: Tx, deps: { clock: Clock; config: AppConfig }, actor: Actor, body: CreateUsageBody, nameOf: (code: string) => string): Promise<Row> {
  const customer = await billingCustomer(tx, actor, body.customerId);
  if (body.contractId) {
    const contract = await contractForBilling(tx, actor, body.contractId).catch(() => null);
    if (!contract || contract.customerId !== customer.id) throw fieldError('contractId', '合同不存在或不属于该客户');
  }
  const priced = await priceUsage(tx, body, nameOf);
  // R-LEA-36: a service of 10,000 元 or more is billed only under a signed (经济) contract.
  if (priced.amount >= SIGNED_CONTRACT_FROM) {
    const contract = body.contractId ? await contractForBilling(tx, actor, body.contractId).catch(() => null) : null;
    if (!contract || !['effective', 'changing', 'expired', 'terminated_early'].includes(contract.status)) {
      throw fieldError('contractId', `金额 ${yuanText(priced.amount)} 元达到 1 万元，须关联已签署的合同后才能计费`, 'usage.contract_required');
    }
  }
  // 记欠 (R-BIL-12, R-CRD-02): a new service on credit must fit the customer's standing and limit.
  // A meter reading is consumption that already happened and is billed regardless.
  if (!body.meterCode) {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('credit_sale'), ${customer.id}::int)`);
    await assertCreditSaleAllowed(tx, deps.config, customer.id, priced.amount, shanghaiDate(deps.clock.now()));
  }
  const [row] = await tx
    .insert(usageCharges)
    .values({ customerId: customer.id, contractId: body.contractId ?? null, item: body.item, period: body.period, meterCode: body.meterCode || null, ...priced, unitPrice: body.unitPrice, amount: yuanText(priced.amount), status: 'pending', createdById: actor.userId, createdAt: deps.clock.now() })
    .onConflictDoNothing()
    .returning();
  if (!row) throw fieldError('meterCode', `表 ${body.meterCode} 在 ${body.period} 已登记读数；如需更正请先作废原记录`, 'usage.duplicate_reading');
  return row;
}

/** 登记用量 (finance). */
export async function createUsage(deps: Deps, ctx: RequestContext, body: CreateUsageBody): Promise<Usage> {
  const actor = requirePermission(ctx.actor, 'billing:write');
  const nameOf = await chargeItemNames(deps.db);
  const row = await deps.db.transaction(async (tx) => {
    const created = await insertUsage(tx, deps, actor, body, nameOf);
    await recordAudit(tx, deps.clock, ctx, { action: 'usage_record', entityType: 'usage_charge', entityId: created.id, customerId: created.customerId, summary: `登记用量：${created.explanation}` });
    return created;
  });
  return getUsage(deps, actor, row.id, nameOf);
}

async function getUsage(deps: Deps, actor: Actor, id: number, nameOf: (code: string) => string): Promise<Usage> {
  const [row] = await selectUsage(deps.db).where(and(eq(usageCharges.id, id), billingScope(actor)));
  if (!row) throw new AppError('NOT_FOUND', '用量记录不存在或无权查看');
  return toUsage(row, nameOf);
}

export async function listUsage(deps: Deps, ctx: RequestContext, query: { page: number; pageSize: number; sort?: string; customerId?: number; period?: string; status?: Usage['status'] }) {
  const actor = requirePermission(ctx.actor, 'billing:read');
  const nameOf = await chargeItemNames(deps.db);
  const where: SQL | undefined = and(
    billingScope(actor),
    query.customerId ? eq(usageCharges.customerId, query.customerId) : undefined,
    query.period ? eq(usageCharges.period, query.period) : undefined,
    query.status ? eq(usageCharges.status, query.status) : undefined,
  );
  const order = orderByFrom(query.sort, { period: usageCharges.period, amount: usageCharges.amount }, desc(usageCharges.id));
  const page = await selectPage(deps.db, query, {
    rows: (limit, offset) => selectUsage(deps.db).where(where).orderBy(...order).limit(limit).offset(offset),
    matching: deps.db.select({ id: usageCharges.id }).from(usageCharges).innerJoin(customers, eq(customers.id, usageCharges.customerId)).where(where).$dynamic(),
  });
  return mapPage(page, (rows) => rows.map((row) => toUsage(row, nameOf)));
}

/** 作废 (finance): a pending entry only — a billed one is corrected by voiding its bill first. */
export async function voidUsage(deps: Deps, ctx: RequestContext, id: number, reason: string): Promise<Usage> {
  const actor = requirePermission(ctx.actor, 'billing:read');
  const nameOf = await chargeItemNames(deps.db);
  await deps.db.transaction(async (tx) => {
    const [row] = await selectUsage(tx).where(and(eq(usageCharges.id, id), billingScope(actor)));
    if (!row) throw new AppError('NOT_FOUND', '用量记录不存在或无权查看');
    requirePermission(actor, 'billing:write');
    if (row.usage.status !== 'pending') throw new AppError('CONFLICT', row.usage.status === 'billed' ? '该用量已出账，请先作废所在账单' : '该用量已作废', { reason: 'usage.not_pending' });
    const later = row.usage.meterCode ? await tx.select({ id: usageCharges.id }).from(usageCharges).where(and(eq(usageCharges.customerId, row.usage.customerId), eq(usageCharges.meterCode, row.usage.meterCode), ne(usageCharges.status, 'void'), sql`${usageCharges.period} > ${row.usage.period}`)) : [];
    if (later.length) throw new AppError('CONFLICT', `表 ${row.usage.meterCode} 之后月份已有读数，不能作废本条（读数须连续）`, { reason: 'usage.later_readings' });
    await tx.update(usageCharges).set({ status: 'void', voidReason: reason }).where(eq(usageCharges.id, id));
    await recordAudit(tx, deps.clock, ctx, { action: 'usage_void', entityType: 'usage_charge', entityId: id, customerId: row.usage.customerId, summary: `作废用量（${reason}）：${row.usage.explanation}` });
  });
  return getUsage(deps, actor, id, nameOf);
}


/**
 * A charge for a service already delivered (e.g. a chargeable repair confirmed by the customer,
 * R-SVC-03): billed with the customer's next bill like any usage. The caller has checked the
 * customer and the amount; the charge item must be a charge item of the dictionary.
 */
export async function addServiceCharge(tx: Tx, clock: Clock, input: { customerId: number; item: string; period: string; amount: string; explanation: string; createdById: number }): Promise<number> {
  await assertDictionaryItem(tx, 'charge_item', input.item, 'chargeItem');
  const [row] = await tx
    .insert(usageCharges)
    .values({ customerId: input.customerId, contractId: null, item: input.item, period: input.period, meterCode: null, quantity: '1', unitPrice: input.amount, amount: input.amount, explanation: input.explanation, status: 'pending', createdById: input.createdById, createdAt: clock.now() })
    .returning({ id: usageCharges.id });
  return row!.id;
}
