import { and, eq } from 'drizzle-orm';
import { daysBetween, monthStart } from '../../platform/dates';
import type { DemoStory } from '../../platform/seed/demo-story.types';
import { processBillingRun } from './bills/billing-run';
import { billingRuns, bills } from './bills/bills.table';
import { recordReceiptBody } from './receipts/receipts.schema';
import { recordReceipt } from './receipts/receipts.service';
import { rateCustomer } from './credit/ratings.service';
import { createUsageBody } from './usage/usage.schema';
import { createUsage } from './usage/usage.service';

// Billing's part of the demo story: 浦江冷链's lease (signed 50 days before the first start) is
// billed on the 1st of every month; 赵六 records the first month in full and half of the next,
// enters the cold store's electricity and rates the customer's credit — so 账单, 收款, 欠费与账龄
// and 信用评级 have something to show.

export function scheduleBillingDemo(story: DemoStory): void {
  const start = story.dateAgo(50);
  const runOn = (date: string, hhmm = '03:00') => {
    story.on(Math.max(1, daysBetween(date, story.today)), hhmm, async () => {
      const [run] = await story.deps.db.insert(billingRuns).values({ period: date.slice(0, 7), status: 'running', startedById: story.userId('zhaoliu'), startedAt: story.deps.clock.now() }).returning({ id: billingRuns.id });
      await processBillingRun(story.deps, run!.id);
      story.count('bills');
    });
  };
  runOn(start, '11:00'); // the afternoon it was signed
  for (let month = monthStart(start); ; ) {
    const [y, m] = month.split('-').map(Number) as [number, number];
    month = `${m === 12 ? y + 1 : y}-${String((m % 12) + 1).padStart(2, '0')}-01`;
    if (month > story.today) break;
    runOn(month);
  }
  const pay = (daysAgo: number, share: 'all' | 'half', reference: string) =>
    story.on(daysAgo, '10:30', async () => {
      const customerId = story.id('customer:pujiang');
      const open = await story.deps.db.select().from(bills).where(and(eq(bills.customerId, customerId), eq(bills.status, 'issued'))).orderBy(bills.dueDate);
      const bill = open.find((row) => Number(row.paid) < Number(row.total));
      if (!bill) return;
      const owed = Math.round((Number(bill.total) - Number(bill.paid)) * 100);
      const amount = share === 'all' ? owed : Math.floor(owed / 200) * 100;
      await recordReceipt(story.deps, story.by('zhaoliu'), recordReceiptBody.parse({ customerId, method: 'transfer', amount: (amount / 100).toFixed(2), receivedOn: story.dateAgo(daysAgo), reference }));
      story.count('receipts');
    });
  pay(47, 'all', '工行网银 20240001');
  pay(12, 'half', '工行网银 20240002');
  story.on(40, '16:00', async () => {
    await rateCustomer(story.deps, story.by('zhaoliu'), story.id('customer:pujiang'), { quality: 82, strength: 76, solvency: 70, basis: '2025 年度审计报告：资产负债率 52%，流动比率 1.4，经营现金流为正；首月账单按期结清。' });
  });
  story.on(5, '15:00', async () => {
    await createUsage(story.deps, story.by('zhaoliu'), createUsageBody.parse({ customerId: story.id('customer:pujiang'), contractId: story.id('contract:pujiang'), item: 'utilities', period: story.dateAgo(35).slice(0, 7), meterCode: 'W1-A01-电表', previousReading: '12680', currentReading: '15230', multiplier: '1', unitPrice: '0.98' }));
  });
}
