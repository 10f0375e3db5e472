import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/client';
import { createTestApp, type Agent, type TestApp } from '../../test/harness';
import { auditOf, createWorld, moveClock, notificationsOf, type World } from '../../test/world';
import { contractBody, parkWithUnits, signedContract } from '../leasing/leasing.fixtures';

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
    // R-BIL-14: the month's revenue for grading — billed, without VAT and without the deposit:
    // rent 9,100.00 incl. 9 % VAT → 9,100 × 0.09 / 1.09 = 751.376… → 751.38 → 8,348.62;
    // fee 1,050.00 incl. 6 % → 59.433… → 59.43 → 990.57; together 9,339.19.
    const revenue = async (month: string) => (await queryRows<{ amount: string }>(t.database.db, sql`SELECT amount FROM customer_revenue WHERE customer_id = ${customerId} AND month = ${month}`))[0]?.amount;
    expect(await revenue('2026-09-01')).toBe('9339.19');

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
    expect(await revenue('2026-11-01')).toBe('0.00');
    await runBilling('2026-11');
    list = await billsOf(customerId);
    expect(list.items.filter((b: { settlement: string }) => b.settlement !== 'void').map((b: { total: string }) => b.total)).toEqual(['40150.00', '10050.00']);
    expect(list.items).toHaveLength(3);
    // 9,000 incl. 9 % → 743.12 → 8,256.88; 1,050 → 990.57; together 9,247.45.
    expect(await revenue('2026-11-01')).toBe('9247.45');

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

  it('R-BIL-05 R-CRD-05 the deposit held is applied to arrears only, never more than is held or owed, and an offset never creates deposit', async () => {
    const contract = await signedContract(t, w, 'D01', '2026-09-01', '2027-08-31');
    const id = contract.customerId as number;
    await runBilling('2026-09');
    const partial = await w.finance.agent.post('/api/v1/receipts', { customerId: id, method: 'cash', amount: '35000', receivedOn: '2026-09-01' });
    expect(partial.statusCode, partial.body).toBe(201);
    // The deposit line is paid first: 30,000 held; 5,150 still open.
    expect(await accountOf(id)).toMatchObject({ open: '5150.00', depositHeld: '30000.00' });
    expect((await w.finance.agent.post('/api/v1/receipts', { customerId: id, method: 'deposit_offset', amount: '5150.01', receivedOn: '2026-09-01' })).json().reason).toBe('receipt.deposit_exceeds_arrears');
    const offset = await w.finance.agent.post('/api/v1/receipts', { customerId: id, method: 'deposit_offset', amount: '5150', receivedOn: '2026-09-01' });
    expect(offset.statusCode, offset.body).toBe(201);
    expect(offset.json()).toMatchObject({ allocated: '5150.00', unallocated: '0.00' });
    expect(await accountOf(id)).toMatchObject({ open: '0.00', depositHeld: '24850.00', receivable: '0.00' });
    expect((await w.finance.agent.post('/api/v1/receipts', { customerId: id, method: 'deposit_offset', amount: '1', receivedOn: '2026-09-01' })).json().reason).toBe('receipt.deposit_exceeds_arrears');
    await expectBalanced(id);
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
  it('R-BIL-09 R-BIL-10 R-BIL-12 a returned cheque reopens its bill, the owner is told, and ageing at any date shows what was owed then', async () => {
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

    // R-BIL-12: past due at all stops credit sales; more than 60 days is the full hold — no new
    // contract goes to review, no amendment adds area — lifted as soon as it is paid.
    expect((await accountOf(customerId)).creditStatus).toMatchObject({ status: 'stopped', daysOverdue: 44, holdDays: 60 });
    await moveClock(t, w, '2026-11-05T02:00:00Z');
    expect((await accountOf(customerId)).creditStatus).toEqual({ status: 'hold', daysOverdue: 65, overdueAmount: '40150.00', holdDays: 60 });
    const { ids } = await parkWithUnits(w.admin, [
      { code: 'H01', usableArea: '50', grossArea: '50' },
      { code: 'H02', usableArea: '50', grossArea: '50' },
    ]);
    const draft = await w.specialistA.agent.post('/api/v1/contracts', contractBody(customerId, [ids[0]!], { startDate: '2026-12-01', endDate: '2027-11-30' }));
    expect(draft.statusCode, draft.body).toBe(201);
    const held = await w.specialistA.agent.post(`/api/v1/contracts/${draft.json().id}/submit`, {});
    expect(held.statusCode).toBe(409);
    expect(held.json()).toMatchObject({ reason: 'contract.credit_hold', detail: expect.stringContaining('40150.00 元，最长已逾期 65 天') });
    const moreArea = await w.specialistA.agent.post(`/api/v1/contracts/${contract.id}/amendments`, {
      requestedOn: '2026-11-05',
      effectiveDate: '2026-12-01',
      reason: '客户申请增加库位',
      units: [...contract.unitLines.map((line: { spaceId: number }) => ({ spaceId: line.spaceId })), { spaceId: ids[1]! }],
    });
    expect(moreArea.json().reason).toBe('contract.credit_hold');
    await w.finance.agent.post('/api/v1/receipts', { customerId, method: 'transfer', amount: '40150', receivedOn: '2026-11-05' });
    expect((await accountOf(customerId)).creditStatus.status).toBe('ok');
    expect((await w.specialistA.agent.post(`/api/v1/contracts/${draft.json().id}/submit`, {})).statusCode).toBe(200);
  });
});
