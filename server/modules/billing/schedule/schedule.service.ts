import { and, asc, eq, gt, gte, inArray, lt, not, sql } from 'drizzle-orm';
import { z } from 'zod';
import { requirePermission, type RequestContext } from '../../../platform/access/access';
import { recordAudit } from '../../../platform/audit/audit.service';
import type { Deps } from '../../../platform/deps';
import { dictionaryLabels } from '../../../platform/dictionaries/dictionaries.service';
import { proratedAmount, sumFen, parseYuan, yuanText } from '../../../platform/money';
import { queryRows } from '../../../platform/db/client';
import { contractForBilling, contractTermSegments, type ContractAmendedHandler, type ContractEffectiveHandler, type ContractEndedHandler, type ExecutionFiguresSource } from '../../leasing';
import { buildAmendedSchedule, buildSchedule, type ScheduleLine } from './billing-schedule';
import { billingScheduleLines } from './schedule.table';

// The schedule of a contract: stored when the contract takes effect (the handler billing
// contributes to leasing's contract-effective extension point), computed as a preview before.

/** Writes the schedule in the signing transaction; a second run adds nothing (unique key). */
export const generateScheduleOnEffect: ContractEffectiveHandler = async (tx, { contract }, deps) => {
  // The contract's own terms, with the 定金 it converted as first-period credits (R-LEA-34).
  const lines = buildAmendedSchedule(contract.startDate, contract.endDate, await contractTermSegments(tx, contract));
  if (lines.length === 0) return;
  await tx
    .insert(billingScheduleLines)
    .values(lines.map((line) => ({ ...line, contractId: contract.id, customerId: contract.customerId, createdAt: deps.clock.now() })))
    .onConflictDoNothing();
  const total = sumFen(lines.map((line) => parseYuan(line.amount)));
  await recordAudit(tx, deps.clock, {}, {
    action: 'schedule_generate',
    entityType: 'contract',
    entityId: contract.id,
    customerId: contract.customerId,
    summary: `合同 ${contract.number} 生成账单计划：${lines.length} 行，合计 ${yuanText(total)} 元`,
    actorName: '系统规则',
  });
};

/**
 * An early end on `lastDay`: the periods reaching past it are computed again with the term ending
 * there (earlier lines are the same by construction and stay); later periods go.
 */
export const cutScheduleOnEnd: ContractEndedHandler = async (tx, { contract, lastDay }, deps) => {
  const removed = await tx
    .delete(billingScheduleLines)
    .where(and(eq(billingScheduleLines.contractId, contract.id), gt(billingScheduleLines.periodEnd, lastDay)))
    .returning({ period: billingScheduleLines.period });
  if (removed.length === 0) return;
  const firstCut = Math.min(...removed.map((row) => row.period));
  const segments = await contractTermSegments(tx, contract);
  const lines = buildAmendedSchedule(contract.startDate, lastDay, segments).filter((line) => line.period >= firstCut);
  if (lines.length) {
    await tx
      .insert(billingScheduleLines)
      .values(lines.map((line) => ({ ...line, contractId: contract.id, customerId: contract.customerId, createdAt: deps.clock.now() })))
      .onConflictDoNothing();
  }
  await recordAudit(tx, deps.clock, {}, {
    action: 'schedule_cut',
    entityType: 'contract',
    entityId: contract.id,
    customerId: contract.customerId,
    summary: `合同 ${contract.number} 于 ${lastDay} 提前解除：账单计划自第 ${firstCut} 期起按解除日重新计算`,
    actorName: '系统规则',
  });
};

/**
 * An amendment effective on D (R-BIL-02, R-LEA-30): every line reaching D or later is computed
 * again from the contract's term segments; earlier lines stay as they are (the recomputation
 * gives them unchanged, so the unique key skips them). Bills do not exist yet; once they do,
 * differences on billed lines become adjustment lines of the next bill.
 */
export const rescheduleOnAmendment: ContractAmendedHandler = async (tx, { contract, effectiveDate, summary }, deps) => {
  const before = await tx.select({ amount: billingScheduleLines.amount }).from(billingScheduleLines).where(eq(billingScheduleLines.contractId, contract.id));
  const removed = await tx
    .delete(billingScheduleLines)
    .where(
      and(
        eq(billingScheduleLines.contractId, contract.id),
        gte(billingScheduleLines.lineEnd, effectiveDate),
        // the opening deposit and one-off lines of the first period stay
        not(and(inArray(billingScheduleLines.basis, ['deposit', 'once']), lt(billingScheduleLines.lineStart, effectiveDate))!),
      ),
    )
    .returning({ period: billingScheduleLines.period, item: billingScheduleLines.item, lineStart: billingScheduleLines.lineStart, customerId: billingScheduleLines.customerId });
  // Days before D stay the customer's who had them (换名 changes the customer from D only).
  const earlierCustomer = new Map(removed.map((row) => [`${row.period}|${row.item}|${row.lineStart}`, row.customerId]));
  const segments = await contractTermSegments(tx, contract);
  const lines = buildAmendedSchedule(contract.startDate, contract.endDate, segments);
  await tx
    .insert(billingScheduleLines)
    .values(
      lines.map((line) => ({
        ...line,
        contractId: contract.id,
        customerId: line.lineStart < effectiveDate ? (earlierCustomer.get(`${line.period}|${line.item}|${line.lineStart}`) ?? contract.customerId) : contract.customerId,
        createdAt: deps.clock.now(),
      })),
    )
    .onConflictDoNothing();
  const after = await tx.select({ amount: billingScheduleLines.amount }).from(billingScheduleLines).where(eq(billingScheduleLines.contractId, contract.id));
  const total = (rows: { amount: string }[]) => sumFen(rows.map((row) => parseYuan(row.amount)));
  await recordAudit(tx, deps.clock, {}, {
    action: 'schedule_amend',
    entityType: 'contract',
    entityId: contract.id,
    customerId: contract.customerId,
    summary: `合同 ${contract.number} 补充协议自 ${effectiveDate} 起生效（${summary}）：账单计划自该日起重新计算，合计由 ${yuanText(total(before))} 元变为 ${yuanText(total(after))} 元`,
    actorName: '系统规则',
  });
};

/**
 * 执行情况 figures (R-LEA-24) from the stored schedule and the bills: its total, what fell due by
 * the date, and the receipts applied by then to the contract's share of its bills (a bill with
 * lines of several contracts is shared in proportion to their amounts).
 */
export const scheduleExecutionFigures: ExecutionFiguresSource = async (db, contractId, asOf) => {
  const lines = await db.select({ amount: billingScheduleLines.amount, dueDate: billingScheduleLines.dueDate }).from(billingScheduleLines).where(eq(billingScheduleLines.contractId, contractId));
  const bills = await queryRows<{ total: string; part: string; paid: string }>(
    db,
    sql`SELECT b.total,
               (SELECT coalesce(sum(l.amount), 0) FROM bill_lines l WHERE l.bill_id = b.id AND l.contract_id = ${contractId} AND l.active = 1) AS part,
               (SELECT coalesce(sum(a.amount), 0) FROM receipt_allocations a WHERE a.bill_id = b.id AND a.allocated_on <= ${asOf} AND (a.reversed_on IS NULL OR a.reversed_on > ${asOf})) AS paid
          FROM bills b
         WHERE b.status = 'issued' AND b.id IN (SELECT bill_id FROM bill_lines WHERE contract_id = ${contractId})`,
  );
  const paid = sumFen(
    bills.map((bill) => {
      const total = parseYuan(bill.total);
      const part = parseYuan(bill.part);
      if (total <= 0n || part <= 0n) return 0n;
      return part === total ? parseYuan(bill.paid) : proratedAmount([yuanText(parseYuan(bill.paid)), part], total);
    }),
  );
  return {
    scheduledTotal: yuanText(sumFen(lines.map((line) => parseYuan(line.amount)))),
    dueToDate: yuanText(sumFen(lines.filter((line) => line.dueDate <= asOf).map((line) => parseYuan(line.amount)))),
    paidToDate: yuanText(paid),
  };
};

const fallbackNames: Record<string, string> = { deposit: '保证金', transfer_fee: '过户费', earnest_to_deposit: '定金转保证金', earnest_to_rent: '定金抵租金' };

export const scheduleLineSchema = z.object({
  period: z.number().int(),
  periodStart: z.string(),
  periodEnd: z.string(),
  dueDate: z.string(),
  item: z.string(),
  itemName: z.string(),
  basis: z.string(),
  lineStart: z.string(),
  lineEnd: z.string(),
  unitPrice: z.string(),
  billedDays: z.number().int(),
  freeDays: z.number().int(),
  months: z.string().nullable(),
  amount: z.string(),
  explanation: z.string(),
});
export const scheduleSchema = z.object({
  contractId: z.number().int(),
  /** True while the contract is not in force: computed from its current terms, not stored. */
  preview: z.boolean(),
  total: z.string(),
  lines: z.array(scheduleLineSchema),
});
export type Schedule = z.infer<typeof scheduleSchema>;

/** 账单计划 of a contract in the caller's contract scope: the stored lines, or a preview. */
export async function getSchedule(deps: Deps, ctx: RequestContext, contractId: number): Promise<Schedule> {
  const actor = requirePermission(ctx.actor, 'contract:read');
  const contract = await contractForBilling(deps.db, actor, contractId);
  const stored = await deps.db.select().from(billingScheduleLines).where(eq(billingScheduleLines.contractId, contractId)).orderBy(asc(billingScheduleLines.period), asc(billingScheduleLines.id));
  const names = await dictionaryLabels(deps.db, 'charge_item');
  const lines: ScheduleLine[] = stored.length
    ? stored.map((row) => ({ ...row, basis: row.basis as ScheduleLine['basis'], unitPrice: row.unitPrice }))
    : buildSchedule({ startDate: contract.startDate, endDate: contract.endDate, area: contract.totalArea, terms: contract.terms });
  return {
    contractId,
    preview: stored.length === 0,
    total: yuanText(sumFen(lines.map((line) => parseYuan(line.amount)))),
    lines: lines.map((line) => ({
      period: line.period,
      periodStart: line.periodStart,
      periodEnd: line.periodEnd,
      dueDate: line.dueDate,
      item: line.item,
      itemName: names.get(line.item) ?? fallbackNames[line.item] ?? line.item,
      basis: line.basis,
      lineStart: line.lineStart,
      lineEnd: line.lineEnd,
      unitPrice: line.unitPrice,
      billedDays: line.billedDays,
      freeDays: line.freeDays,
      months: line.months,
      amount: line.amount,
      explanation: line.explanation,
    })),
  };
}
