import { sql } from 'drizzle-orm';
import { requirePermission, type RequestContext } from '../../../platform/access/access';
import { activeUserIdsWithRole } from '../../../platform/approvals/approvals.queries';
import { recordAudit } from '../../../platform/audit/audit.service';
import { addDays, daysBetween, shanghaiDate } from '../../../platform/dates';
import { queryRows } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError } from '../../../platform/errors';
import { renderDocx } from '../../../platform/files/docx';
import { singleStepJob } from '../../../platform/jobs/jobs.registry';
import { formatYuan, parseYuan } from '../../../platform/money';
import { notify } from '../../../platform/notifications/notifications.service';
import { contractById, contractLateFeeRules, insertBreach } from '../../leasing';
import { getBill } from '../bills/bills.service';
import { dunningSteps } from './dunning.table';

// 欠费预警与催收 (R-BIL-11): a daily job reminds the customer's owner three days before a bill is
// due, and escalates an unpaid bill as the days grow — the owner from the first day overdue, the
// unit's manager after 30 days, legal after 60 days with a breach opened on its contract (two
// months overdue, R-LEA-22). Each step happens once per bill. The 催款通知单 is a .docx.

export const REMINDER_DAYS = 3;
export const ARREARS_KIND = 'arrears_escalated';
const steps = [
  { step: 'owner', fromDays: 1, title: '账单逾期，请催收' },
  { step: 'manager', fromDays: 31, title: '账单逾期超过 30 天' },
  { step: 'legal', fromDays: 61, title: '账单逾期超过 60 天，已记录违约' },
] as const;

interface OpenBill {
  id: string | number;
  number: string;
  customer_id: string | number;
  customer_name: string;
  owner_id: number | null;
  manager_id: number | null;
  due_date: string;
  open: string;
  contract_id: string | number | null;
}

async function claim(tx: Parameters<Parameters<Deps['db']['transaction']>[0]>[0], billId: number, step: string, now: Date): Promise<boolean> {
  const rows = await tx.insert(dunningSteps).values({ billId, step, createdAt: now }).onConflictDoNothing().returning({ id: dunningSteps.id });
  return rows.length > 0;
}

export async function followUpArrears(deps: Deps): Promise<{ reminders: number; escalations: number; breaches: number }> {
  const today = shanghaiDate(deps.clock.now());
  const now = deps.clock.now();
  const bills = await queryRows<OpenBill>(
    deps.db,
    sql`SELECT b.id, b.number, b.customer_id, c.name AS customer_name, c.owner_id, ou.manager_id, b.due_date::text, b.total - b.paid - b.written_off AS open,
               (SELECT l.contract_id FROM bill_lines l WHERE l.bill_id = b.id AND l.contract_id IS NOT NULL ORDER BY l.id LIMIT 1) AS contract_id
          FROM bills b JOIN customers c ON c.id = b.customer_id JOIN org_units ou ON ou.id = c.unit_id
         WHERE b.status = 'issued' AND b.paid + b.written_off < b.total AND b.due_date <= ${addDays(today, REMINDER_DAYS)}
         ORDER BY b.due_date, b.id`,
  );
  const legal = await activeUserIdsWithRole(deps.db, 'legal');
  const counts = { reminders: 0, escalations: 0, breaches: 0 };
  for (const bill of bills) {
    const billId = Number(bill.id);
    const late = daysBetween(bill.due_date, today);
    const open = formatYuan(parseYuan(bill.open));
    const link = `/billing/bills/${billId}`;
    await deps.db.transaction(async (tx) => {
      if (late < 0) {
        if (bill.owner_id && (await claim(tx, billId, 'reminder', now))) {
          await notify(tx, deps.clock, { userId: bill.owner_id, kind: ARREARS_KIND, title: `账单将于 ${bill.due_date} 到期：${bill.customer_name}`, body: `账单 ${bill.number} 未收 ${open} 元，请提醒客户按时付款`, link });
          counts.reminders++;
        }
        return;
      }
      for (const { step, fromDays, title } of steps) {
        if (late < fromDays || !(await claim(tx, billId, step, now))) continue;
        const recipients = step === 'owner' ? [bill.owner_id] : step === 'manager' ? [bill.manager_id, bill.owner_id] : [...legal, bill.manager_id];
        for (const userId of new Set(recipients.filter((id): id is number => typeof id === 'number'))) {
          await notify(tx, deps.clock, { userId, kind: ARREARS_KIND, title: `${title}：${bill.customer_name}`, body: `账单 ${bill.number} ${bill.due_date} 到期，已逾期 ${late} 天，未收 ${open} 元`, link });
        }
        counts.escalations++;
        if (step === 'legal' && bill.contract_id !== null) {
          const contract = await contractById(tx, Number(bill.contract_id));
          if (contract) {
            await insertBreach(tx, deps, {}, contract, { breachType: 'arrears', occurredOn: addDays(bill.due_date, 1), description: `欠费逾期超过两个月：账单 ${bill.number}（${bill.due_date} 到期）未收 ${open} 元`, amount: parseYuan(bill.open) > 0n ? bill.open : undefined, measures: ['notice'] }, `arrears:${billId}`);
            counts.breaches++;
          }
        }
        await recordAudit(tx, deps.clock, {}, { action: `arrears_${step}`, entityType: 'bill', entityId: billId, customerId: Number(bill.customer_id), summary: `账单 ${bill.number} 逾期 ${late} 天（未收 ${open} 元）：${title}`, actorName: '系统规则' });
      }
    });
  }
  return counts;
}

export const arrearsFollowUpJob = singleStepJob(
  {
    key: 'billing_arrears_follow_up',
    name: '欠费预警与催收升级',
    nameEn: 'Arrears reminders and escalation',
    description: `账单到期前 ${REMINDER_DAYS} 天提醒客户负责人；逾期后通知负责人，超过 30 天通知部门经理，超过 60 天通知法务并记录合同违约`,
    descriptionEn: 'Reminds owners before bills fall due; escalates overdue bills to the owner, the manager after 30 days and legal (with a breach) after 60',
    defaultCron: '0 8 * * *',
  },
  (deps) => followUpArrears(deps),
);

const noticeParagraphs = [
  '催款通知单',
  '{客户名称}：',
  '贵单位账单 {账单编号}（账期 {账期}）应于 {到期日} 前支付，截至 {通知日期} 尚欠 {未收金额} 元，已逾期 {逾期天数} 天。',
  '{滞纳金说明}',
  '请于收到本通知之日起 5 日内付清欠款。如已付款，请忽略本通知并将付款凭证告知我司。',
  '账单明细：',
  '{#明细}{收费项目} {计费区间} {金额} 元；{/明细}',
  '特此通知。',
  '{通知日期}',
];

/** 催款通知单 (.docx) of an overdue bill in the caller's scope; audited. */
export async function dunningNotice(deps: Deps, ctx: RequestContext, billId: number): Promise<{ buffer: Buffer; fileName: string }> {
  requirePermission(ctx.actor, 'billing:read');
  const bill = await getBill(deps, ctx, billId);
  const today = shanghaiDate(deps.clock.now());
  if (bill.settlement === 'void' || parseYuan(bill.open) === 0n || bill.dueDate >= today) throw new AppError('CONFLICT', '只有已逾期且未结清的账单才能生成催款通知单', { reason: 'bill.not_overdue' });
  const contractId = bill.lines.find((line) => line.contractId !== null)?.contractId ?? null;
  const rule = contractId ? (await contractLateFeeRules(deps.db, [contractId])).get(contractId) : undefined;
  const buffer = renderDocx(noticeParagraphs, {
    客户名称: bill.customerName,
    账单编号: bill.number,
    账期: bill.period,
    到期日: bill.dueDate,
    通知日期: today,
    未收金额: formatYuan(parseYuan(bill.open)),
    逾期天数: String(daysBetween(bill.dueDate, today)),
    滞纳金说明: rule && Number(rule.rate) > 0 ? `按合同 ${rule.number} 约定，逾期每日按未付金额的 ${rule.rate} 计收滞纳金${rule.graceDays ? `（宽限 ${rule.graceDays} 天）` : ''}，随下期账单收取。` : '',
    明细: bill.lines.map((line) => ({ 收费项目: line.itemName, 计费区间: line.lineStart ? `${line.lineStart} 至 ${line.lineEnd}` : '', 金额: formatYuan(parseYuan(line.amount)) })),
  });
  await deps.db.transaction((tx) => recordAudit(tx, deps.clock, ctx, { action: 'dunning_notice', entityType: 'bill', entityId: billId, customerId: bill.customerId, summary: `生成账单 ${bill.number} 的催款通知单（未收 ${bill.open} 元）` }));
  return { buffer, fileName: `催款通知单-${bill.number}.docx` };
}
