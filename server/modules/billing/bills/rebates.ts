import { sql } from 'drizzle-orm';
import { addDays, addMonths } from '../../../platform/dates';
import { queryRows, type DbOrTx } from '../../../platform/db/client';
import { amountOf, parseYuan, sumFen, yuanText } from '../../../platform/money';
import { contractRebateRules } from '../../leasing';
import { chargeItemNames } from '../charge-items';

// 量价阶梯与年度量返 (R-BIL-20): once a window of a contract's rebate rule has ended — one of its
// billing periods, or a contract year — the volume billed in it for the rule's items (schedule,
// adjustment and usage lines dated in the window, this bill's included) earns the rate of the
// highest tier it reaches, on the whole volume. The credit goes on the first bill issued after
// the window, one line per item (volume × rate, half-up, negative). A window is rebated once:
// the line carries the rule's index in `period` and the window's start in `line_start`; voiding
// its bill makes it due again.

export interface PendingLine {
  contractId: number | null;
  item: string;
  kind: string;
  lineStart: string | null;
  amount: string;
}

export interface RebateLine {
  contractId: number;
  scheduleLineId: null;
  period: number;
  item: string;
  kind: 'rebate';
  lineStart: string;
  lineEnd: string;
  dueDate: string;
  amount: string;
  explanation: string;
}

interface Window {
  start: string;
  end: string;
  label: string;
}

export async function windowsOf(db: DbOrTx, contract: { id: number; startDate: string; endDate: string }, kind: 'period' | 'contract_year', before: string): Promise<Window[]> {
  if (kind === 'contract_year') {
    const windows: Window[] = [];
    for (let year = 0; ; year++) {
      const start = addMonths(contract.startDate, 12 * year);
      if (start > contract.endDate) break;
      const fullEnd = addDays(addMonths(contract.startDate, 12 * (year + 1)), -1);
      const end = fullEnd < contract.endDate ? fullEnd : contract.endDate;
      if (end >= before) break;
      windows.push({ start, end, label: `第 ${year + 1} 合同年度（${start} 至 ${end}）` });
    }
    return windows;
  }
  const periods = await queryRows<{ period: number; start: string; end: string }>(
    db,
    sql`SELECT period, min(period_start)::text AS start, max(period_end)::text AS end FROM billing_schedule_lines
         WHERE contract_id = ${contract.id} GROUP BY period HAVING max(period_end) < ${before} ORDER BY period`,
  );
  return periods.map((row) => ({ start: row.start, end: row.end, label: `第 ${row.period} 期（${row.start} 至 ${row.end}）` }));
}

/** The rebate lines due on a customer's bill issued in the month starting `monthStart`. */
export async function rebateLines(db: DbOrTx, customerId: number, monthStart: string, issueDate: string, pending: PendingLine[]): Promise<RebateLine[]> {
  const contracts = await contractRebateRules(db, customerId);
  if (contracts.length === 0) return [];
  const nameOf = await chargeItemNames(db);
  const lines: RebateLine[] = [];
  for (const contract of contracts) {
    const done = new Set(
      (await queryRows<{ period: number; line_start: string }>(db, sql`SELECT period, line_start::text FROM bill_lines WHERE contract_id = ${contract.id} AND kind = 'rebate' AND active = 1`)).map((row) => `${row.period}/${row.line_start}`),
    );
    for (const [index, rule] of contract.rebates.entries()) {
      for (const window of await windowsOf(db, contract, rule.window, monthStart)) {
        if (done.has(`${index}/${window.start}`)) continue;
        const billed = await queryRows<{ item: string; amount: string }>(
          db,
          sql`SELECT l.item, sum(l.amount) AS amount FROM bill_lines l JOIN bills b ON b.id = l.bill_id AND b.status = 'issued'
               WHERE l.contract_id = ${contract.id} AND l.active = 1 AND l.kind IN ('schedule', 'adjustment', 'usage')
                 AND l.item IN ${rule.items}
                 AND l.line_start BETWEEN ${window.start} AND ${window.end}
               GROUP BY l.item`,
        );
        const volumes = new Map(billed.map((row) => [row.item, parseYuan(row.amount)]));
        for (const line of pending) {
          if (line.contractId !== contract.id || !line.lineStart || line.lineStart < window.start || line.lineStart > window.end) continue;
          if (!['schedule', 'adjustment', 'usage'].includes(line.kind) || !rule.items.includes(line.item)) continue;
          volumes.set(line.item, (volumes.get(line.item) ?? 0n) + parseYuan(line.amount));
        }
        const total = sumFen([...volumes.values()]);
        const tier = [...rule.tiers].reverse().find((candidate) => total >= parseYuan(candidate.threshold));
        if (!tier || total <= 0n) continue;
        const rate = `${(Number(tier.rate) * 100).toFixed(2).replace(/\.?0+$/, '')}%`;
        for (const item of rule.items) {
          const volume = volumes.get(item) ?? 0n;
          if (volume <= 0n) continue;
          const credit = amountOf(yuanText(volume), tier.rate);
          if (credit === 0n) continue;
          lines.push({
            contractId: contract.id,
            scheduleLineId: null,
            period: index,
            item,
            kind: 'rebate',
            lineStart: window.start,
            lineEnd: window.end,
            dueDate: issueDate,
            amount: yuanText(-credit),
            explanation: `量价返利：合同 ${contract.number} ${window.label}${rule.items.map((code) => nameOf(code)).join('、')}开账合计 ${yuanText(total)} 元，达到 ${tier.threshold} 元档，返 ${rate}；其中${nameOf(item)} ${yuanText(volume)} 元 × ${tier.rate} = ${yuanText(credit)} 元`,
          });
        }
      }
    }
  }
  return lines;
}
