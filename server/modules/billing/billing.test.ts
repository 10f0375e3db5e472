import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../../test/harness';
import { auditOf, createWorld, moveClock, notificationsOf, type World } from '../../test/world';
import { signedContract } from '../leasing/leasing.fixtures';

// Bills, receipts, hand-overs, reversals and ageing over HTTP (R-BIL-04…06, 09, 10). Every
// contract here: 100 m² at 1.00 元/㎡·天 rent, 3.50 元/㎡·月 property fee, quarterly in advance
// (payment day 5), deposit 30,000 — so its first bill is, by hand:
//   rent 100 × 1.00 × 91 days (1 Sep – 30 Nov) = 9,100.00; fee 100 × 3.50 × 3 months = 1,050.00;
//   deposit 30,000.00 → 40,150.00, due on the start date.
// Its second quarter (1 Dec – 28 Feb, 90 days, due 5 Nov): 9,000.00 + 1,050.00 = 10,050.00.

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
  await moveClock(t, w, '2026-09-01T02:00:00Z');
});
afterAll(async () => {
  await t?.close();
});

async function runBilling(period: string, agent: Agent = w.finance.agent) {
  const started = await agent.post('/api/v1/billing-runs', { period });
  expect(started.statusCode, started.body).toBe(202);
  for (let i = 0; i < 400; i++) {
    const run = (await agent.get(`/api/v1/billing-runs/${started.json().id}`)).json();
    if (run.status !== 'running') {
      expect(run.status, run.error).toBe('succeeded');
      return run;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('billing run did not finish');
}

const billsOf = async (customerId: number, agent: Agent = w.finance.agent) => (await agent.get(`/api/v1/bills?customerId=${customerId}&sort=dueDate:asc`)).json();
const accountOf = async (customerId: number) => (await w.finance.agent.get(`/api/v1/customers/${customerId}/account`)).json();

/** The ledger identity, checked by the reconciliation report and by the customer's account. */
async function expectBalanced(customerId?: number) {
  const report = await w.finance.agent.get('/api/v1/billing/reconciliation');
  expect(report.statusCode, report.body).toBe(200);
  expect(report.json().problems).toEqual([]);
  expect(report.json().balanced).toBe(true);
  const { billed, received, writtenOff, receivable } = report.json().totals;
  expect(cents(receivable)).toBe(cents(billed) - cents(received) - cents(writtenOff));
  if (customerId) {
    const account = await accountOf(customerId);
    expect(cents(account.receivable)).toBe(cents(account.billed) - cents(account.received) - cents(account.writtenOff));
    expect(cents(account.receivable)).toBe(cents(account.open) - cents(account.credit));
  }
}
const cents = (yuan: string) => Math.round(Number(yuan) * 100);

describe('billing runs and bills', () => {
  it('R-BIL-04 a run issues one numbered bill per customer from the due schedule lines; running it again issues nothing; a voided bill is issued again by the next run', async () => {
    const contract = await signedContract(t, w, 'B01', '2026-09-01', '2027-08-31');
    const customerId = contract.customerId as number;
    expect((await w.specialistA.agent.post('/api/v1/billing-runs', { period: '2026-09' })).statusCode).toBe(403);
    expect((await w.finance.agent.post('/api/v1/billing-runs', { period: '2026-13' })).json().errors[0].field).toBe('period');
    expect((await w.finance.agent.post('/api/v1/billing-runs', { period: '2027-01' })).json().errors[0].message).toContain('2026-11');

    const first = await runBilling('2026-09');
    expect(first.billsIssued).toBeGreaterThanOrEqual(1);
    let list = await billsOf(customerId);
    expect(list.items).toHaveLength(1);
    const bill = list.items[0];
    expect(bill).toMatchObject({ period: '2026-09', issueDate: '2026-09-01', dueDate: '2026-09-01', total: '40150.00', paid: '0.00', open: '40150.00', settlement: 'unpaid' });
    expect(bill.number).toMatch(/^ZD-202609-\d{6}$/);
    const detail = (await w.finance.agent.get(`/api/v1/bills/${bill.id}`)).json();
    expect(detail.lines.map((line: { item: string; amount: string }) => [line.item, line.amount])).toEqual(
      expect.arrayContaining([
        ['rent', '9100.00'],
        ['property_fee', '1050.00'],
        ['deposit', '30000.00'],
      ]),
    );
    expect(detail.lines.every((line: { explanation: string; contractNumber: string }) => line.explanation.length > 5 && line.contractNumber === contract.number)).toBe(true);

    // Again: nothing new. October has nothing due; November bills the second quarter (due 5 Nov).
    expect((await runBilling('2026-09')).billsIssued).toBe(0);
    await runBilling('2026-10');
    expect((await billsOf(customerId)).items).toHaveLength(1);
    await runBilling('2026-11');
    list = await billsOf(customerId);
    expect(list.items.map((b: { period: string; total: string; dueDate: string }) => [b.period, b.total, b.dueDate])).toEqual([
      ['2026-09', '40150.00', '2026-09-01'],
      ['2026-11', '10050.00', '2026-11-05'],
    ]);
    expect(list.sums).toEqual({ total: '50200.00', paid: '0.00', open: '50200.00' });

    // Void: finance only, with a reason; the lines come back in the next run.
    const november = list.items[1];
    expect((await w.specialistA.agent.post(`/api/v1/bills/${november.id}/void`, { reason: '金额有误' })).statusCode).toBe(403);
    expect((await w.finance.agent.post(`/api/v1/bills/${november.id}/void`, { reason: '' })).json().errors[0].field).toBe('reason');
    const voided = await w.finance.agent.post(`/api/v1/bills/${november.id}/void`, { reason: '客户名称更正后重开' });
    expect(voided.statusCode, voided.body).toBe(200);
    expect(voided.json()).toMatchObject({ settlement: 'void', voidReason: '客户名称更正后重开', open: '0.00' });
    expect((await auditOf(t, 'bill', november.id)).map((event) => event.action)).toContain('bill_void');
    await runBilling('2026-11');
    list = await billsOf(customerId);
    expect(list.items.filter((b: { settlement: string }) => b.settlement !== 'void').map((b: { total: string }) => b.total)).toEqual(['40150.00', '10050.00']);
    expect(list.items).toHaveLength(3);

    // Scope: another unit's specialist sees nothing of it; .xlsx export and the printable notice exist.
    expect((await w.specialistB.agent.get(`/api/v1/bills/${bill.id}`)).statusCode).toBe(404);
    expect((await billsOf(customerId, w.specialistB.agent)).items).toEqual([]);
    expect((await billsOf(customerId, w.specialistA.agent)).items).toHaveLength(3);
    const exported = await w.finance.agent.get(`/api/v1/bills/export?customerId=${customerId}`);
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toContain('spreadsheetml');
    expect((await w.finance.agent.get(`/api/v1/bills/${bill.id}/notice`)).statusCode).toBe(200);
    await expectBalanced(customerId);
  });
});

describe('receipts', () => {
  let customerId: number;
  let contractId: number;
  let september: { id: number };
  let november: { id: number };

  it('R-BIL-05 bad input is refused with a Chinese message and nothing is saved', async () => {
    const contract = await signedContract(t, w, 'R01', '2026-09-01', '2027-08-31');
    customerId = contract.customerId;
    contractId = contract.id;
    await runBilling('2026-09');
    await runBilling('2026-11');
    [september, november] = (await billsOf(customerId)).items;
    const base = { customerId, method: 'transfer', receivedOn: '2026-09-01' };
    const refused = [
      [{ ...base, amount: '-5' }, 'amount'],
      [{ ...base, amount: '100.005' }, 'amount'],
      [{ ...base, amount: '0' }, 'amount'],
      [{ ...base, amount: '100', receivedOn: '2026-09-02' }, 'receivedOn'],
      [{ ...base, amount: '100', allocations: [{ billId: november.id, amount: '10050.01' }] }, 'allocations.0.amount'],
      [{ ...base, amount: '100', allocations: [{ billId: november.id, amount: '200' }] }, 'allocations'],
      [{ ...base, amount: '100', method: 'barter' }, 'method'],
    ] as const;
    for (const [body, field] of refused) {
      const res = await w.finance.agent.post('/api/v1/receipts', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().errors[0].field).toBe(field);
      expect(res.json().errors[0].message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect((await w.finance.agent.get(`/api/v1/receipts?customerId=${customerId}`)).json().total).toBe(0);
    expect((await billsOf(customerId)).sums.paid).toBe('0.00');
  });

  it('R-BIL-05 oldest due first, chosen bills, over-payment as credit applied later — the ledger balances after each', async () => {
    const partial = await w.finance.agent.post('/api/v1/receipts', { customerId, method: 'transfer', amount: '20000', receivedOn: '2026-09-01', reference: 'BANK-001' });
    expect(partial.statusCode, partial.body).toBe(201);
    expect(partial.json()).toMatchObject({ allocated: '20000.00', unallocated: '0.00', allocations: [{ billId: september.id, amount: '20000.00' }] });
    expect(partial.json().number).toMatch(/^SK-202609-\d{6}$/);
    await expectBalanced(customerId);
    expect(await accountOf(customerId)).toMatchObject({ billed: '50200.00', received: '20000.00', receivable: '30200.00', open: '30200.00', credit: '0.00' });

    const chosen = await w.finance.agent.post('/api/v1/receipts', { customerId, method: 'cash', amount: '40000', receivedOn: '2026-09-01', allocations: [{ billId: november.id, amount: '10050' }] });
    expect(chosen.statusCode, chosen.body).toBe(201);
    expect(chosen.json()).toMatchObject({ allocated: '10050.00', unallocated: '29950.00' });
    await expectBalanced(customerId);
    expect(await accountOf(customerId)).toMatchObject({ receivable: '-9800.00', open: '20150.00', credit: '29950.00' });

    const applied = await w.finance.agent.post(`/api/v1/receipts/${chosen.json().id}/allocate`, {});
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json()).toMatchObject({ allocated: '30200.00', unallocated: '9800.00' });
    expect((await billsOf(customerId)).items.map((b: { settlement: string }) => b.settlement)).toEqual(['paid', 'paid']);
    await expectBalanced(customerId);
    expect((await w.finance.agent.post(`/api/v1/receipts/${chosen.json().id}/allocate`, {})).json().reason).toBe('receipt.nothing_to_allocate');
    // R-LEA-24: the contract's execution report now knows what was paid.
    expect((await w.finance.agent.get(`/api/v1/contracts/${contractId}/execution-report?asOf=2026-09-01`)).json().billing).toMatchObject({ dueToDate: '40150.00', paidToDate: '50200.00' });
    // A paid bill cannot be voided.
    expect((await w.finance.agent.post(`/api/v1/bills/${november.id}/void`, { reason: '试图作废' })).json().reason).toBe('bill.has_receipts');

    // 保证金抵扣: at most the deposit received (30,000 on a paid bill).
    expect(await accountOf(customerId)).toMatchObject({ depositHeld: '30000.00' });
    const tooMuch = await w.finance.agent.post('/api/v1/receipts', { customerId, method: 'deposit_offset', amount: '30000.01', receivedOn: '2026-09-01' });
    expect(tooMuch.json().reason).toBe('receipt.deposit_insufficient');
  });

  it('R-BIL-06 sales roles can never record, apply or reverse a receipt; a field collection is a hand-over that finance confirms', async () => {
    const { items } = (await w.finance.agent.get(`/api/v1/receipts?customerId=${customerId}`)).json();
    const receiptId = items[0].id as number;
    for (const agent of [w.specialistA.agent, w.managerA.agent]) {
      expect((await agent.post('/api/v1/receipts', { customerId, method: 'cash', amount: '1', receivedOn: '2026-09-01' })).statusCode).toBe(403);
      expect((await agent.post(`/api/v1/receipts/${receiptId}/allocate`, {})).statusCode).toBe(403);
      expect((await agent.post(`/api/v1/receipts/${receiptId}/reverse`, { reason: '退票', reversedOn: '2026-09-01' })).statusCode).toBe(403);
      expect((await agent.get(`/api/v1/receipts/${receiptId}`)).statusCode).toBe(200);
    }
    expect((await w.specialistB.agent.get(`/api/v1/receipts/${receiptId}`)).statusCode).toBe(404);
    expect((await w.specialistB.agent.get(`/api/v1/customers/${customerId}/account`)).statusCode).toBe(404);

    const handover = await w.specialistA.agent.post('/api/v1/receipt-handovers', { customerId, method: 'cash', amount: '500', collectedOn: '2026-09-01', note: '客户现场交来现金' });
    expect(handover.statusCode, handover.body).toBe(201);
    expect(handover.json()).toMatchObject({ status: 'pending', overdue: false, canDecide: false });
    expect((await w.specialistB.agent.post('/api/v1/receipt-handovers', { customerId, method: 'cash', amount: '500', collectedOn: '2026-09-01' })).statusCode).toBe(404);
    expect((await w.specialistA.agent.post(`/api/v1/receipt-handovers/${handover.json().id}/confirm`)).statusCode).toBe(403);
    const confirmed = await w.finance.agent.post(`/api/v1/receipt-handovers/${handover.json().id}/confirm`);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'confirmed', receiptId: expect.any(Number) });
    expect((await w.finance.agent.post(`/api/v1/receipt-handovers/${handover.json().id}/confirm`)).json().reason).toBe('handover.decided');
    const receipt = (await w.finance.agent.get(`/api/v1/receipts/${confirmed.json().receiptId}`)).json();
    expect(receipt).toMatchObject({ amount: '500.00', method: 'cash', handoverId: handover.json().id });
    await expectBalanced(customerId);
  });

  it('R-BIL-05 twenty finance users recording receipts for one customer at once apply each fen once', async () => {
    const contract = await signedContract(t, w, 'C01', '2026-09-01', '2027-08-31');
    await runBilling('2026-09');
    const [bill] = (await billsOf(contract.customerId)).items;
    const results = await Promise.all(Array.from({ length: 20 }, () => w.finance.agent.post('/api/v1/receipts', { customerId: contract.customerId, method: 'transfer', amount: '2500', receivedOn: '2026-09-01' })));
    expect(results.map((res) => res.statusCode)).toEqual(Array(20).fill(201));
    const after = (await w.finance.agent.get(`/api/v1/bills/${bill.id}`)).json();
    expect(after).toMatchObject({ paid: '40150.00', open: '0.00', settlement: 'paid' });
    expect(await accountOf(contract.customerId)).toMatchObject({ received: '50000.00', credit: '9850.00', receivable: '-9850.00' });
    await expectBalanced(contract.customerId);
  });
});

describe('reversals and ageing', () => {
  it('R-BIL-09 R-BIL-10 a returned cheque reopens its bill, the owner is told, and ageing at any date shows what was owed then', async () => {
    const contract = await signedContract(t, w, 'A01', '2026-09-01', '2027-08-31');
    const customerId = contract.customerId as number;
    await runBilling('2026-09');
    const ageingAt = async (asOf: string) => ((await w.finance.agent.get(`/api/v1/billing/ageing?asOf=${asOf}`)).json().rows as { key: number; current: string; d1_30: string; d31_60: string; total: string }[]).find((row) => row.key === customerId);
    expect(await ageingAt('2026-08-31')).toBeUndefined();
    expect(await ageingAt('2026-09-01')).toMatchObject({ current: '40150.00', d1_30: '0.00', total: '40150.00' });

    await moveClock(t, w, '2026-10-15T02:00:00Z');
    expect(await ageingAt('2026-10-01')).toMatchObject({ current: '0.00', d1_30: '40150.00' });
    expect(await ageingAt('2026-10-15')).toMatchObject({ d1_30: '0.00', d31_60: '40150.00' });
    const cheque = await w.finance.agent.post('/api/v1/receipts', { customerId, method: 'cheque', amount: '40150', receivedOn: '2026-10-10', reference: '支票 00123' });
    expect(cheque.statusCode, cheque.body).toBe(201);
    expect(await ageingAt('2026-10-15')).toBeUndefined();
    expect(await ageingAt('2026-10-09')).toMatchObject({ d31_60: '40150.00' });

    const cash = (await w.finance.agent.post('/api/v1/receipts', { customerId, method: 'cash', amount: '10', receivedOn: '2026-10-15' })).json();
    expect((await w.finance.agent.post(`/api/v1/receipts/${cash.id}/reverse`, { reason: '误录', reversedOn: '2026-10-15' })).json().reason).toBe('receipt.not_reversible');
    expect((await w.finance.agent.post(`/api/v1/receipts/${cheque.json().id}/reverse`, { reason: '银行退票', reversedOn: '2026-10-09' })).json().errors[0].field).toBe('reversedOn');
    const reversed = await w.finance.agent.post(`/api/v1/receipts/${cheque.json().id}/reverse`, { reason: '支票空头，银行退票', reversedOn: '2026-10-14' });
    expect(reversed.statusCode, reversed.body).toBe(200);
    expect(reversed.json()).toMatchObject({ status: 'reversed', allocated: '0.00', allocations: [{ amount: '40150.00', reversedOn: '2026-10-14' }] });
    // The cash 10 元 sat as credit; the reopened bill is open in full again, and was paid between 10 and 13 Oct.
    expect((await w.finance.agent.get(`/api/v1/bills?customerId=${customerId}`)).json().items[0]).toMatchObject({ paid: '0.00', open: '40150.00', settlement: 'unpaid', daysOverdue: 44 });
    expect(await ageingAt('2026-10-15')).toMatchObject({ d31_60: '40150.00' });
    expect(await ageingAt('2026-10-12')).toBeUndefined();
    expect(await notificationsOf(t, w.specialistA.user.id, 'receipt_reversed')).toHaveLength(1);
    await expectBalanced(customerId);

    // Ageing by owner and by unit; a specialist of another unit sees none of it.
    const byOwner = (await w.finance.agent.get('/api/v1/billing/ageing?groupBy=owner')).json();
    expect(byOwner.rows.find((row: { key: number }) => row.key === w.specialistA.user.id)).toBeTruthy();
    expect((await w.specialistB.agent.get('/api/v1/billing/ageing')).json().rows).toEqual([]);
  });
});
