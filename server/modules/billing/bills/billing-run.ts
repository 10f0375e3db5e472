import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { requirePermission, type RequestContext } from '../../../platform/access/access';
import { recordAudit } from '../../../platform/audit/audit.service';
import type { Clock } from '../../../platform/clock';
import { addDays, addMonths, daysBetween, monthEnd, monthStart, shanghaiDate } from '../../../platform/dates';
import { queryRows, type DbOrTx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { defineJob } from '../../../platform/jobs/jobs.registry';
import { amountOf, parseDecimal, parseYuan, sumFen, yuanText } from '../../../platform/money';
import { nextNumber } from '../../../platform/numbering/numbering.service';
import { users } from '../../../platform/org/org.table';
import { addTimelineEvent } from '../../customers';
import { contractLateFeeRules, customersWithRebateRules } from '../../leasing';
import { chargeItemNames } from '../charge-items';
import { recordBilledRevenue } from '../charges/charge-settings.service';
import { billingScheduleLines } from '../schedule/schedule.table';
import { usageCharges } from '../usage/usage.table';
import type { BillingRun } from './bills.schema';
import { billingRuns, billLines, bills, lateFeeAccruals } from './bills.table';
import { rebateLines } from './rebates';

// 开账 (R-BIL-04): a run per month issues one numbered bill per customer from the schedule lines
// due by the month's end that are not billed yet. Lines are compared per contract period and
// charge item with what that customer was already billed, so a schedule re-computed by an
// amendment or an early end (R-BIL-02) gives one adjustment line (调整) for the difference instead
// of billing the period again. Each customer is one transaction: a run that stops is resumed
// and never issues a second bill for the month (unique key on customer and month).

const RUN_CHUNK = 200;
const active = new Set<number>();

/**
 * The customers a run visits: those with schedule lines due by `lastDay`, usage waiting, or an
 * overdue bill (late fees), without an issued bill for the month. Whether a customer's lines differ
 * from what was billed is decided per customer by `linesToBill` (a customer with nothing new gets
 * no bill): comparing every schedule line with every bill line in one statement took minutes at
 * a million lines and held the embedded database for all of it.
 */
async function customersToBill(db: DbOrTx, period: string, lastDay: string, today: string, afterId: number): Promise<number[]> {
  const rows = await queryRows<{ customer_id: string | number }>(
    db,
    sql`WITH c AS (SELECT DISTINCT customer_id FROM billing_schedule_lines WHERE due_date <= ${lastDay} AND customer_id > ${afterId}
                   UNION
                   SELECT customer_id FROM usage_charges WHERE status = 'pending' AND period <= ${period} AND customer_id > ${afterId}
                   UNION
                   SELECT customer_id FROM bills WHERE status = 'issued' AND paid + written_off < total AND due_date < ${today} AND customer_id > ${afterId})
        SELECT customer_id FROM c
         WHERE NOT EXISTS (SELECT 1 FROM bills WHERE bills.customer_id = c.customer_id AND bills.period = ${period} AND bills.status = 'issued')
         ORDER BY 1`,
  );
  return rows.map((row) => Number(row.customer_id));
}

interface NewLine {
  contractId: number | null;
  scheduleLineId: number | null;
  usageId?: number;
  lateFee?: { sourceBillId: number; daysLate: number };
  period: number | null;
  item: string;
  kind: 'schedule' | 'adjustment' | 'usage' | 'late_fee' | 'rebate';
  lineStart: string | null;
  lineEnd: string | null;
  dueDate: string;
  amount: string;
  explanation: string;
}

/** The lines a customer's bill for a month gets: new schedule lines, and adjustments of billed periods. */
/** What a run reads once instead of for every customer. */
export interface RunContext {
  /** Customers whose contracts carry rebate rules; the others need no rebate look-up. */
  rebateCustomers: Set<number>;
}

export async function linesToBill(tx: DbOrTx, customerId: number, lastDay: string, issueDate: string, run?: RunContext): Promise<NewLine[]> {
  const scheduled = await tx
    .select()
    .from(billingScheduleLines)
    .where(and(eq(billingScheduleLines.customerId, customerId), sql`${billingScheduleLines.dueDate} <= ${lastDay}`))
    .orderBy(billingScheduleLines.contractId, billingScheduleLines.period, billingScheduleLines.lineStart, billingScheduleLines.item);
  const billed = await queryRows<{ contract_id: string | number; period: number; item: string; amt: string }>(
    tx,
    sql`SELECT contract_id, period, item, sum(amount) AS amt FROM bill_lines WHERE customer_id = ${customerId} AND active = 1 AND kind IN ('schedule', 'adjustment') AND contract_id IS NOT NULL GROUP BY 1, 2, 3`,
  );
  const keyOf = (contractId: number | string, period: number | null, item: string) => `${contractId}/${period}/${item}`;
  const billedBy = new Map(billed.map((row) => [keyOf(row.contract_id, row.period, row.item), parseYuan(row.amt)]));
  const groups = new Map<string, (typeof scheduled)[number][]>();
  for (const line of scheduled) {
    const key = keyOf(line.contractId, line.period, line.item);
    groups.set(key, [...(groups.get(key) ?? []), line]);
  }
  // Item names are only needed to explain an adjustment, which most bills do not have.
  let names: ((code: string) => string) | undefined;
  const namesOf = async () => (names ??= await chargeItemNames(tx));
  const lines: NewLine[] = [];
  for (const [key, group] of groups) {
    const first = group[0]!;
    const already = billedBy.get(key);
    billedBy.delete(key);
    if (already === undefined) {
      for (const line of group) {
        lines.push({ contractId: line.contractId, scheduleLineId: line.id, period: line.period, item: line.item, kind: 'schedule', lineStart: line.lineStart, lineEnd: line.lineEnd, dueDate: line.dueDate, amount: line.amount, explanation: line.explanation });
      }
      continue;
    }
    const now = sumFen(group.map((line) => parseYuan(line.amount)));
    const difference = now - already;
    if (difference === 0n) continue;
    const dueDate = group.map((line) => line.dueDate).reduce((a, b) => (a > b ? a : b));
    const nameOf = await namesOf();
    lines.push({
      contractId: first.contractId,
      scheduleLineId: null,
      period: first.period,
      item: first.item,
      kind: 'adjustment',
      lineStart: first.periodStart,
      lineEnd: first.periodEnd,
      dueDate,
      amount: yuanText(difference),
      explanation: `变更调整：第 ${first.period} 期${nameOf(first.item)}（${first.periodStart} 至 ${first.periodEnd}）按现行账单计划应收 ${yuanText(now)} 元，已开账 ${yuanText(already)} 元，${difference > 0n ? '补收' : '冲减'} ${yuanText(difference > 0n ? difference : -difference)} 元。现行计划：${group.map((line) => line.explanation).join('；')}`,
    });
  }
  // Billed periods the schedule no longer has (an early end removed them): credited in full.
  for (const [key, amount] of billedBy) {
    if (amount === 0n) continue;
    const [contractId, period, item] = key.split('/') as [string, string, string];
    const nameOf = await namesOf();
    lines.push({
      contractId: Number(contractId),
      scheduleLineId: null,
      period: Number(period),
      item,
      kind: 'adjustment',
      lineStart: null,
      lineEnd: null,
      dueDate: issueDate,
      amount: yuanText(-amount),
      explanation: `变更调整：第 ${period} 期${nameOf(item)}已不在现行账单计划中（合同变更或提前解除），冲减已开账的 ${yuanText(amount)} 元`,
    });
  }
  // R-BIL-03: usage entered for this month or earlier and not billed yet.
  const usage = await tx
    .select()
    .from(usageCharges)
    .where(and(eq(usageCharges.customerId, customerId), eq(usageCharges.status, 'pending'), sql`${usageCharges.period} <= ${lastDay.slice(0, 7)}`))
    .orderBy(usageCharges.period, usageCharges.id);
  for (const entry of usage) {
    lines.push({ contractId: entry.contractId, scheduleLineId: null, usageId: entry.id, period: null, item: entry.item, kind: 'usage', lineStart: `${entry.period}-01`, lineEnd: monthEnd(`${entry.period}-01`), dueDate: issueDate, amount: entry.amount, explanation: entry.explanation });
  }
  lines.push(...(await lateFeeLines(tx, customerId, issueDate)));
  // A contract with rebates signed while the run is under way gets them on its next bill: a
  // rebate window is credited once, whenever the first bill after it is issued.
  if (!run || run.rebateCustomers.has(customerId)) lines.push(...(await rebateLines(tx, customerId, monthStart(lastDay), issueDate, lines)));
  return lines;
}

/**
 * 滞纳金 (R-BIL-11) on each overdue bill by its contract's rule: open amount × daily rate × the late
 * days (after the grace days) since what earlier runs charged, rounded half-up once.
 */
async function lateFeeLines(tx: DbOrTx, customerId: number, issueDate: string): Promise<NewLine[]> {
  const overdue = await queryRows<{ id: string | number; number: string; due_date: string; open: string; contract_id: string | number | null; charged: number | null }>(
    tx,
    sql`SELECT b.id, b.number, b.due_date::text, b.total - b.paid - b.written_off AS open,
               (SELECT l.contract_id FROM bill_lines l WHERE l.bill_id = b.id AND l.contract_id IS NOT NULL ORDER BY l.id LIMIT 1) AS contract_id,
               (SELECT max(a.days_late) FROM late_fee_accruals a WHERE a.source_bill_id = b.id AND a.active = 1) AS charged
          FROM bills b
         WHERE b.customer_id = ${customerId} AND b.status = 'issued' AND b.paid + b.written_off < b.total AND b.due_date < ${issueDate}
         ORDER BY b.due_date, b.id`,
  );
  const rules = await contractLateFeeRules(tx, [...new Set(overdue.flatMap((bill) => (bill.contract_id === null ? [] : [Number(bill.contract_id)])))]);
  const lines: NewLine[] = [];
  for (const bill of overdue) {
    const rule = bill.contract_id === null ? undefined : rules.get(Number(bill.contract_id));
    if (!rule || parseDecimal(rule.rate).units === 0n) continue;
    const daysLate = Math.max(0, daysBetween(bill.due_date, issueDate) - rule.graceDays);
    const days = daysLate - (bill.charged ?? 0);
    if (days <= 0) continue;
    const open = yuanText(parseYuan(bill.open));
    const fee = amountOf(open, rule.rate, days);
    if (fee === 0n) continue;
    lines.push({
      contractId: Number(bill.contract_id),
      scheduleLineId: null,
      lateFee: { sourceBillId: Number(bill.id), daysLate },
      period: null,
      item: 'late_fee',
      kind: 'late_fee',
      lineStart: addDays(bill.due_date, rule.graceDays + (bill.charged ?? 0) + 1),
      lineEnd: issueDate,
      dueDate: issueDate,
      amount: yuanText(fee),
      explanation: `滞纳金：账单 ${bill.number}（合同 ${rule.number}，${bill.due_date} 到期${rule.graceDays ? `，宽限 ${rule.graceDays} 天` : ''}）未收 ${open} 元 × 日费率 ${rule.rate} × ${days} 天 = ${yuanText(fee)} 元`,
    });
  }
  return lines;
}

/** Issues the customer's bill for the month inside `tx`, or nothing when there is nothing to bill. */
export async function issueBill(tx: DbOrTx, deps: { clock: Clock }, input: { customerId: number; period: string; runId: number | null; actorId: number | null }, run?: RunContext): Promise<{ id: number; total: bigint } | null> {
  const [existing] = await tx
    .select({ id: bills.id })
    .from(bills)
    .where(and(eq(bills.customerId, input.customerId), eq(bills.period, input.period), eq(bills.status, 'issued')));
  if (existing) return null;
  const issueDate = shanghaiDate(deps.clock.now());
  const lines = await linesToBill(tx, input.customerId, monthEnd(`${input.period}-01`), issueDate, run);
  if (lines.length === 0) return null;
  const total = sumFen(lines.map((line) => parseYuan(line.amount)));
  const dueDate = lines.map((line) => line.dueDate).reduce((a, b) => (a < b ? a : b));
  const number = await nextNumber(tx, deps, { docType: 'bill' });
  const [bill] = await tx
    .insert(bills)
    .values({ number, customerId: input.customerId, period: input.period, runId: input.runId, issueDate, dueDate, total: yuanText(total), status: 'issued', createdAt: deps.clock.now() })
    .returning({ id: bills.id });
  await tx.insert(billLines).values(lines.map(({ usageId: _usage, lateFee: _lateFee, ...line }) => ({ ...line, billId: bill!.id, customerId: input.customerId })));
  const accruals = lines.flatMap((line) => (line.lateFee ? [{ ...line.lateFee, customerId: input.customerId, billId: bill!.id, accruedTo: issueDate, amount: line.amount }] : []));
  if (accruals.length) await tx.insert(lateFeeAccruals).values(accruals);
  const usageIds = lines.flatMap((line) => (line.usageId ? [line.usageId] : []));
  if (usageIds.length) await tx.update(usageCharges).set({ status: 'billed', billId: bill!.id }).where(inArray(usageCharges.id, usageIds));
  await recordBilledRevenue(tx, deps.clock, input.customerId, input.period, `账单 ${number}`);
  await addTimelineEvent(tx, deps.clock, {
    customerId: input.customerId,
    type: 'bill',
    title: `出具 ${input.period} 账单 ${number}，金额 ${yuanText(total)} 元，${dueDate} 到期`,
    actorId: input.actorId,
    link: `/billing/bills/${bill!.id}`,
    sourceType: 'bill',
    sourceId: bill!.id,
  });
  return { id: bill!.id, total };
}

/** Carries out (or resumes) a run customer by customer, saving progress as it goes. */
export async function processBillingRun(deps: Deps, runId: number): Promise<void> {
  if (active.has(runId)) return;
  active.add(runId);
  try {
    const [run] = await deps.db.select().from(billingRuns).where(eq(billingRuns.id, runId));
    if (!run || run.status !== 'running') return;
    const lastDay = monthEnd(`${run.period}-01`);
    const remaining = await customersToBill(deps.db, run.period, lastDay, shanghaiDate(deps.clock.now()), 0);
    let done = run.customersDone;
    const context: RunContext = { rebateCustomers: await customersWithRebateRules(deps.db) };
    await deps.db.update(billingRuns).set({ customersTotal: done + remaining.length }).where(eq(billingRuns.id, runId));
    for (let start = 0; start < remaining.length; start += RUN_CHUNK) {
      for (const customerId of remaining.slice(start, start + RUN_CHUNK)) {
        await deps.db.transaction((tx) => issueBill(tx, deps, { customerId, period: run.period, runId, actorId: run.startedById }, context));
        done++;
      }
      await deps.db.update(billingRuns).set({ customersDone: done }).where(eq(billingRuns.id, runId));
    }
    await deps.db.transaction(async (tx) => {
      const [sums] = await queryRows<{ n: number; amount: string | null }>(tx, sql`SELECT count(*)::int AS n, sum(total) AS amount FROM bills WHERE run_id = ${runId}`);
      const amount = yuanText(parseYuan(sums?.amount ?? '0'));
      await tx.update(billingRuns).set({ status: 'succeeded', customersDone: done, billsIssued: sums?.n ?? 0, amount, finishedAt: deps.clock.now() }).where(eq(billingRuns.id, runId));
      await recordAudit(tx, deps.clock, {}, { action: 'billing_run_finish', entityType: 'billing_run', entityId: runId, summary: `${run.period} 开账完成：出具账单 ${sums?.n ?? 0} 张，合计 ${amount} 元`, actorName: '系统规则' });
    });
  } catch (error) {
    deps.log.error({ err: error, runId }, 'billing run failed');
    await deps.db
      .update(billingRuns)
      .set({ status: 'failed', error: (error as Error).message.slice(0, 500), finishedAt: deps.clock.now() })
      .where(eq(billingRuns.id, runId))
      .catch(() => undefined);
  } finally {
    active.delete(runId);
  }
}

const runColumns = { run: billingRuns, startedByName: users.displayName };
function toRun(row: { run: typeof billingRuns.$inferSelect; startedByName: string | null }): BillingRun {
  const r = row.run;
  return { ...r, status: r.status as BillingRun['status'], startedByName: row.startedByName, startedAt: r.startedAt.toISOString(), finishedAt: r.finishedAt?.toISOString() ?? null };
}

export async function listBillingRuns(deps: Deps, ctx: RequestContext): Promise<BillingRun[]> {
  requirePermission(ctx.actor, 'billing:read');
  const rows = await deps.db.select(runColumns).from(billingRuns).leftJoin(users, eq(users.id, billingRuns.startedById)).orderBy(desc(billingRuns.id)).limit(50);
  return rows.map(toRun);
}

export async function getBillingRun(deps: Deps, ctx: RequestContext, id: number): Promise<BillingRun> {
  requirePermission(ctx.actor, 'billing:read');
  const [row] = await deps.db.select(runColumns).from(billingRuns).leftJoin(users, eq(users.id, billingRuns.startedById)).where(eq(billingRuns.id, id));
  if (!row) throw new AppError('NOT_FOUND', '开账批次不存在');
  return toRun(row);
}

/**
 * 开账 (finance): starts the month's run and answers at once; the run goes on in the background
 * (progress on GET /billing-runs/:id). A failed run is started again and carries on.
 */
export async function startBillingRun(deps: Deps, ctx: RequestContext, period: string): Promise<BillingRun> {
  const actor = requirePermission(ctx.actor, 'billing:write');
  const thisMonth = shanghaiDate(deps.clock.now()).slice(0, 7);
  const latest = addMonths(`${thisMonth}-01`, 2).slice(0, 7);
  if (period > latest) throw fieldError('period', `最多提前两个月开账（可开到 ${latest}）`);
  const id = await deps.db.transaction(async (tx) => {
    const [row] = await tx.insert(billingRuns).values({ period, status: 'running', startedById: actor.userId, startedAt: deps.clock.now() }).onConflictDoNothing().returning({ id: billingRuns.id });
    if (!row) throw new AppError('CONFLICT', `${period} 的开账正在进行，请等待完成`, { reason: 'billing.run_in_progress' });
    await recordAudit(tx, deps.clock, ctx, { action: 'billing_run_start', entityType: 'billing_run', entityId: row.id, summary: `开始 ${period} 开账` });
    return row.id;
  });
  void processBillingRun(deps, id);
  return getBillingRun(deps, ctx, id);
}

/** 每月开账: on the 1st, the month's run; runs left unfinished by a restart are carried on first. */
export const monthlyBillingJob = defineJob({
  key: 'billing_monthly_run',
  name: '每月开账',
  nameEn: 'Monthly billing run',
  description: '每月 1 日按账单计划为每位客户出具当月账单；中断的开账批次接着完成，不重复出账',
  descriptionEn: 'Issues each customer’s bill for the month from the billing schedules; carries on interrupted runs without duplicates',
  defaultCron: '0 3 1 * *',
  async run({ deps, progress }) {
    const unfinished = await deps.db.select({ id: billingRuns.id }).from(billingRuns).where(eq(billingRuns.status, 'running'));
    for (const run of unfinished) await processBillingRun(deps, run.id);
    const period = shanghaiDate(deps.clock.now()).slice(0, 7);
    const [row] = await deps.db.insert(billingRuns).values({ period, status: 'running', startedAt: deps.clock.now() }).onConflictDoNothing().returning({ id: billingRuns.id });
    if (row) await processBillingRun(deps, row.id);
    await progress(1, 1);
    return { resumed: unfinished.length, period };
  },
});
