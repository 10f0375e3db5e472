import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { queryRows } from '../../platform/db/client';
import { getBytes, postMultipart } from '../../test/multipart';
import { createTestApp, type Agent, type TestApp } from '../../test/harness';
import { approve, auditOf, createWorld, moveClock, notificationsOf, reject, type World } from '../../test/world';
import { admittedCustomer, contractBody, docxText, parkWithUnits, signedContract } from '../leasing/leasing.fixtures';
import { followUpArrears } from './arrears/dunning';
import { windowsOf } from './bills/rebates';

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

  it('R-BIL-08 the statement of account runs from the opening balance through every bill and receipt to the closing one, which is the receivable; sent, it records the customer\'s confirmation or dispute', async () => {
    const statementOf = async (from: string, to: string) => (await w.finance.agent.get(`/api/v1/customers/${customerId}/statement?from=${from}&to=${to}`)).json();
    const statement = await statementOf('2026-09-01', '2026-09-01');
    expect(statement.opening).toBe('0.00');
    expect(statement.entries.map((e: { kind: string; debit: string; credit: string }) => `${e.kind} ${e.debit} ${e.credit}`)).toEqual(
      expect.arrayContaining(['bill 40150.00 0.00', 'bill 10050.00 0.00', 'receipt 0.00 20000.00', 'receipt 0.00 40000.00', 'receipt 0.00 500.00']),
    );
    expect(statement.closing).toBe((await accountOf(customerId)).receivable);
    expect(statement.entries.at(-1).balance).toBe(statement.closing);
    expect((await statementOf('2026-09-02', '2026-09-30')).opening).toBe(statement.closing);
    expect((await w.finance.agent.get(`/api/v1/customers/${customerId}/statement?from=2026-09-02&to=2026-09-01`)).json().errors[0].field).toBe('to');
    expect((await w.specialistB.agent.get(`/api/v1/customers/${customerId}/statement?from=2026-09-01&to=2026-09-01`)).statusCode).toBe(404);
    expect((await getBytes(t, w.finance.agent, `/api/v1/customers/${customerId}/statement/export?from=2026-09-01&to=2026-09-01`)).statusCode).toBe(200);

    expect((await w.specialistA.agent.post(`/api/v1/customers/${customerId}/statements`, { from: '2026-09-01', to: '2026-09-01' })).statusCode).toBe(403);
    const sent = await w.finance.agent.post(`/api/v1/customers/${customerId}/statements`, { from: '2026-09-01', to: '2026-09-01' });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json()).toMatchObject({ status: 'sent', opening: '0.00', closing: statement.closing });
    expect((await w.finance.agent.post(`/api/v1/account-statements/${sent.json().id}/dispute`, { response: '' })).json().errors[0].field).toBe('response');
    const disputed = await w.finance.agent.post(`/api/v1/account-statements/${sent.json().id}/dispute`, { response: '客户称 500 元现金未收到收据' });
    expect(disputed.json()).toMatchObject({ status: 'disputed', response: '客户称 500 元现金未收到收据' });
    expect((await w.finance.agent.post(`/api/v1/account-statements/${sent.json().id}/confirm`, {})).json().reason).toBe('statement.answered');
    expect((await w.finance.agent.get(`/api/v1/customers/${customerId}/statements`)).json()).toHaveLength(1);
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

describe('write-offs and refunds', () => {
  it('R-BIL-05 a refund never exceeds the credit balance and a write-off never the open amount; both take effect only when 分管领导/总经理 approves; the ledger balances throughout', async () => {
    const contract = await signedContract(t, w, 'W01', '2026-09-01', '2027-08-31');
    const id = contract.customerId as number;
    await runBilling('2026-09');
    await w.finance.agent.post('/api/v1/receipts', { customerId: id, method: 'cash', amount: '45000', receivedOn: '2026-09-01' });
    expect(await accountOf(id)).toMatchObject({ credit: '4850.00' });
    const refund = (body: Record<string, string>, agent: Agent = w.finance.agent) => agent.post(`/api/v1/customers/${id}/refunds`, { reason: '客户要求退还多付款项', payee: '客户基本户 工行 6222…', ...body });
    const tooMuch = await refund({ amount: '4850.01' });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.json()).toMatchObject({ reason: 'refund.exceeds_credit', errors: [{ field: 'amount', message: expect.stringContaining('4850.00') }] });
    expect((await refund({ amount: '-1' })).json().errors[0].field).toBe('amount');
    expect((await refund({ amount: '1' }, w.specialistA.agent)).statusCode).toBe(403);
    const pending = await refund({ amount: '4000' });
    expect(pending.statusCode, pending.body).toBe(201);
    expect(pending.json()).toMatchObject({ kind: 'refund', status: 'pending', amount: '4000.00' });
    // Pending refunds are reserved; nothing changes until approval.
    expect((await refund({ amount: '900' })).json().reason).toBe('refund.exceeds_credit');
    expect(await accountOf(id)).toMatchObject({ received: '45000.00', credit: '4850.00' });
    await approve(w.gm.agent, pending.json().approvalId);
    expect(await accountOf(id)).toMatchObject({ received: '41000.00', credit: '850.00', receivable: '-850.00' });
    await expectBalanced(id);

    // Write-off: the November bill, part paid while a write-off waits, cannot be written off beyond what is open.
    await runBilling('2026-11');
    const november = (await billsOf(id)).items.find((b: { period: string }) => b.period === '2026-11');
    const writeOff = (amount: string) => w.finance.agent.post(`/api/v1/bills/${november.id}/write-offs`, { amount, reason: '客户经营困难，经催收无果' });
    expect((await writeOff('10050.01')).json().errors[0].field).toBe('amount');
    const first = await writeOff('5000');
    expect(first.statusCode, first.body).toBe(201);
    await w.finance.agent.post(`/api/v1/receipts`, { customerId: id, method: 'transfer', amount: '5150', receivedOn: '2026-09-01' });
    // 850 credit stays unallocated; 5,150 pays November: 4,900 open < 5,000 → the approval is refused.
    const refused = await w.gm.agent.post(`/api/v1/approvals/${first.json().approvalId}/approve`, { comment: '同意', stepIndex: 0 });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().reason).toBe('write_off.exceeds_open');
    await reject(w.gm.agent, first.json().approvalId);
    const second = await writeOff('4900');
    await approve(w.gm.agent, second.json().approvalId);
    expect((await w.finance.agent.get(`/api/v1/bills/${november.id}`)).json()).toMatchObject({ paid: '5150.00', writtenOff: '4900.00', open: '0.00', settlement: 'paid' });
    expect(await accountOf(id)).toMatchObject({ writtenOff: '4900.00', open: '0.00', credit: '850.00' });
    expect((await w.finance.agent.get(`/api/v1/billing/adjustments?customerId=${id}`)).json().map((a: { kind: string; status: string }) => `${a.kind}:${a.status}`)).toEqual(['write_off:approved', 'write_off:rejected', 'refund:approved']);
    await expectBalanced(id);
  });
});

describe('invoices', () => {
  it('R-BIL-07 a 专票 needs complete invoicing details; a bill is invoiced once, without its deposit; finance registers the number and the pick-up', async () => {
    const contract = await signedContract(t, w, 'I01', '2026-09-01', '2027-08-31');
    const id = contract.customerId as number;
    await runBilling('2026-09');
    const [bill] = (await billsOf(id)).items;
    const ask = (kind: string, agent: Agent = w.specialistA.agent) => agent.post('/api/v1/invoices', { customerId: id, kind, billIds: [bill.id] });
    const incomplete = await ask('special');
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json()).toMatchObject({ reason: 'invoice.profile_incomplete', errors: [{ field: 'kind', message: expect.stringContaining('税号') }] });
    expect((await w.specialistA.agent.put(`/api/v1/customers/${id}/invoice-profile`, { title: '测试客户', taxNumber: 'abc' })).json().errors[0].field).toBe('taxNumber');
    const profile = await w.specialistA.agent.put(`/api/v1/customers/${id}/invoice-profile`, { title: '上海测试物流有限公司', taxNumber: '91310000MA1FL0000X', bankName: '工商银行上海分行', bankAccount: '1001 2345 6789', address: '上海市浦东新区', phone: '021-12345678' });
    expect(profile.statusCode, profile.body).toBe(200);
    expect((await ask('special', w.specialistB.agent)).statusCode).toBe(404);
    const requested = await ask('special');
    expect(requested.statusCode, requested.body).toBe(201);
    // Rent 9,100.00 (9 % VAT: 751.38) + fee 1,050.00 (6 %: 59.43); the 30,000 deposit is not invoiced.
    expect(requested.json()).toMatchObject({ status: 'requested', kindName: '增值税专用发票', title: '上海测试物流有限公司', amount: '10150.00', tax: '810.81', bills: [{ billId: bill.id, amount: '10150.00' }] });
    expect((await ask('normal')).json().reason).toBe('invoice.bill_invoiced');
    const invoiceId = requested.json().id as number;
    expect((await w.specialistA.agent.post(`/api/v1/invoices/${invoiceId}/issue`, { invoiceNumber: '04400123', invoiceDate: '2026-09-01' })).statusCode).toBe(403);
    expect((await w.finance.agent.post(`/api/v1/invoices/${invoiceId}/pick-up`, { pickedUpBy: '王五' })).json().reason).toBe('invoice.wrong_status');
    const issued = await w.finance.agent.post(`/api/v1/invoices/${invoiceId}/issue`, { invoiceNumber: '04400123', invoiceDate: '2026-09-01' });
    expect(issued.json()).toMatchObject({ status: 'issued', invoiceNumber: '04400123' });
    expect((await w.finance.agent.get(`/api/v1/bills/${bill.id}`)).json().invoice).toMatchObject({ status: 'issued', invoiceNumber: '04400123' });
    expect((await w.finance.agent.post(`/api/v1/invoices/${invoiceId}/pick-up`, { pickedUpBy: '客户财务 王五' })).json()).toMatchObject({ pickedUpBy: '客户财务 王五' });
    const cancelled = await w.finance.agent.post(`/api/v1/invoices/${invoiceId}/cancel`, { reason: '抬头有误，红冲重开' });
    expect(cancelled.json().status).toBe('cancelled');
    expect((await ask('normal')).statusCode).toBe(201);
  });
});

describe('discounts', () => {
  it('R-BIL-20 a discount is approved at the level its size needs under the ceilings of the customer grade and filed with the level above; its rate is masked without sensitive:view; the executed-discount report checks rents below list against it', async () => {
    await t.database.db.execute(sql`UPDATE org_units SET manager_id = ${w.gm.user.id} WHERE id = ${w.branch.id}`);
    const contract = await signedContract(t, w, 'Z01', '2026-09-01', '2027-08-31');
    const id = contract.customerId as number;
    const ask = (rate: string) => w.specialistA.agent.post('/api/v1/discounts', { customerId: id, contractId: contract.id, kind: 'rate', rate, items: ['rent'], validFrom: '2026-09-01', validTo: '2027-08-31', reason: '客户承租面积大、签约三年，申请租金优惠' });
    expect((await ask('5')).json().errors[0].field).toBe('rate');
    expect((await w.specialistA.agent.post('/api/v1/discounts', { customerId: id, kind: 'amount', items: ['rent'], validFrom: '2026-09-01', validTo: '2026-08-31', reason: '金额优惠缺金额' })).json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['amount', 'validTo']);
    expect((await w.specialistB.agent.post('/api/v1/discounts', { customerId: id, kind: 'rate', rate: '0.03', items: ['rent'], validFrom: '2026-09-01', validTo: '2027-08-31', reason: '越权申请优惠' })).statusCode).toBe(404);
    const stepsOf = async (approvalId: number) => (await w.admin.get(`/api/v1/approvals/${approvalId}`)).json().steps.map((step: { name: string }) => step.name);
    const small = (await ask('0.03')).json();
    const middle = (await ask('0.08')).json();
    const large = (await ask('0.15')).json();
    expect(await stepsOf(small.approvalId)).toEqual(['部门经理审批']);
    expect(await stepsOf(middle.approvalId)).toEqual(['部门经理审批', '上级部门负责人审批']);
    expect(await stepsOf(large.approvalId)).toEqual(['部门经理审批', '上级部门负责人审批', '总经理审批']);
    // 严格保密: the rate is masked for the applicant and finance, shown to managers.
    const rateSeenBy = async (agent: Agent) => (await agent.get(`/api/v1/discounts?customerId=${id}`)).json().find((d: { id: number }) => d.id === small.id).rate;
    expect(small.rate).toBe('**');
    expect(await rateSeenBy(w.finance.agent)).toBe('**');
    expect(await rateSeenBy(w.managerA.agent)).toBe('0.0300');
    await approve(w.managerA.agent, small.approvalId);
    expect((await notificationsOf(t, w.gm.user.id, 'discount_filed')).length).toBeGreaterThanOrEqual(1);
    // Executed: rent 1.00 against a list price of 1.05 is 4.76 % off — more than the 3 % approved.
    await t.database.db.execute(sql`UPDATE spaces SET list_rent = 1.05 WHERE id = ${contract.unitLines[0].spaceId}`);
    const executed = async () => (await w.managerA.agent.get('/api/v1/discounts/executed')).json().find((row: { contractId: number }) => row.contractId === contract.id);
    expect(await executed()).toMatchObject({ listPrice: '1.05', contractPrice: '1.00', impliedRate: '0.0476', approvedRate: '0.0300', withinApproval: false });
    await approve(w.managerA.agent, middle.approvalId);
    await approve(w.gm.agent, middle.approvalId);
    expect(await executed()).toMatchObject({ approvedRate: '0.0800', withinApproval: true });
    expect((await w.finance.agent.get('/api/v1/discounts/executed')).json().find((row: { contractId: number }) => row.contractId === contract.id)).toMatchObject({ impliedRate: '**', approvedRate: '**' });
    expect([small.level, middle.level, large.level]).toEqual([1, 2, 3]);

    // Ceilings differ by customer grade: a 钻石 customer's unit manager approves up to 8 %, the next level up to 15 %.
    const ceilings = (await w.finance.agent.get('/api/v1/discount-ceilings')).json();
    expect(ceilings.find((c: { grade: string }) => c.grade === 'diamond')).toMatchObject({ gradeName: '钻石', unitRate: '0.0800', nextRate: '0.1500' });
    await t.database.db.execute(sql`UPDATE customers SET grade = 'diamond' WHERE id = ${id}`);
    const diamondMiddle = (await ask('0.08')).json();
    const diamondLarge = (await ask('0.15')).json();
    expect([diamondMiddle.level, diamondLarge.level]).toEqual([1, 2]);
    expect(await stepsOf(diamondMiddle.approvalId)).toEqual(['部门经理审批']);
    expect(await stepsOf(diamondLarge.approvalId)).toEqual(['部门经理审批', '上级部门负责人审批']);
    // Only administrators set them; the next level's range never below the unit's.
    const body = { unitRate: '0.0200', unitAmount: '10000', nextRate: '0.0800', nextAmount: '80000' };
    expect((await w.managerA.agent.put('/api/v1/discount-ceilings/diamond', body)).statusCode).toBe(403);
    expect((await w.admin.put('/api/v1/discount-ceilings/diamond', { ...body, nextRate: '0.0100' })).json().errors[0].field).toBe('nextRate');
    expect((await w.admin.put('/api/v1/discount-ceilings/nosuch', body)).statusCode).toBe(404);
    expect((await w.admin.put('/api/v1/discount-ceilings/diamond', body)).statusCode).toBe(200);
    expect((await ask('0.03')).json().level).toBe(2);
  });
});

describe('usage charges', () => {
  it('R-BIL-03 R-LEA-36 meter readings chain and never go down, quantities are priced once, both go on the next bill; an .xlsx import is all or nothing', async () => {
    const contract = await signedContract(t, w, 'U01', '2026-09-01', '2027-08-31');
    const customerId = contract.customerId as number;
    const meter = (period: string, extra: Record<string, string>) => w.finance.agent.post('/api/v1/usage-charges', { customerId, item: 'utilities', period, meterCode: 'E-101', unitPrice: '1.2', ...extra });
    expect((await meter('2026-09', { currentReading: '1250' })).json().errors[0].field).toBe('previousReading');
    const september = await meter('2026-09', { previousReading: '1000', currentReading: '1250' });
    expect(september.statusCode, september.body).toBe(201);
    // (1250 − 1000) × 1 = 250 × 1.2 = 300.00
    expect(september.json()).toMatchObject({ quantity: '250.0000', amount: '300.00', status: 'pending', explanation: expect.stringContaining('1250') });
    expect((await meter('2026-09', { previousReading: '1000', currentReading: '1300' })).json().reason).toBe('usage.duplicate_reading');
    const backwards = await meter('2026-10', { currentReading: '1200' });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors[0]).toMatchObject({ field: 'currentReading', message: expect.stringContaining('读数不能倒退') });
    expect((await meter('2026-10', { previousReading: '1100', currentReading: '1400' })).json().errors[0]).toMatchObject({ field: 'previousReading', message: expect.stringContaining('1250') });
    // 1400 − 1250 = 150 × multiplier 2 = 300 × 1.2 = 360.00
    expect((await meter('2026-10', { currentReading: '1400', multiplier: '2' })).json()).toMatchObject({ previousReading: '1250.00', amount: '360.00' });
    const storage = await w.finance.agent.post('/api/v1/usage-charges', { customerId, item: 'storage_fee', period: '2026-09', quantity: '12.5', unitPrice: '30' });
    expect(storage.json()).toMatchObject({ amount: '375.00' });
    expect((await w.specialistA.agent.post('/api/v1/usage-charges', { customerId, item: 'storage_fee', period: '2026-09', quantity: '1', unitPrice: '1' })).statusCode).toBe(403);
    // R-LEA-36: 10,000 元 or more only under a signed contract.
    const big = { customerId, item: 'handling_fee', period: '2026-09', quantity: '400', unitPrice: '25' };
    expect((await w.finance.agent.post('/api/v1/usage-charges', big)).json()).toMatchObject({ reason: 'usage.contract_required', errors: [{ field: 'contractId' }] });
    expect((await w.finance.agent.post('/api/v1/usage-charges', { ...big, quantity: '399.96' })).statusCode).toBe(201);
    const underContract = await w.finance.agent.post('/api/v1/usage-charges', { ...big, period: '2026-10', contractId: contract.id });
    expect(underContract.statusCode, underContract.body).toBe(201);
    await w.finance.agent.post(`/api/v1/usage-charges/${underContract.json().id}/void`, { reason: '演示后撤销' });

    await runBilling('2026-09');
    const [bill] = (await billsOf(customerId)).items;
    expect(bill.total).toBe('50824.00'); // 40,150 + 300 + 375 + 399.96 × 25 = 9,999.00
    const detail = (await w.finance.agent.get(`/api/v1/bills/${bill.id}`)).json();
    expect(detail.lines.filter((line: { kind: string }) => line.kind === 'usage').map((line: { amount: string }) => line.amount)).toEqual(['300.00', '375.00', '9999.00']);
    expect((await w.finance.agent.get(`/api/v1/usage-charges?customerId=${customerId}&status=pending`)).json().items.map((u: { period: string }) => u.period)).toEqual(['2026-10']);
    await expectBalanced(customerId);

    // Import: one bad row (the reading goes down) and nothing is saved; fixed, it goes in.
    const code = (await w.finance.agent.get(`/api/v1/customers/${customerId}`)).json().code as string;
    const file = async (rows: string[][]) => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('用量');
      sheet.addRow(['客户编号*', '收费项目*', '账期*', '表号', '上期读数', '本期读数', '倍率', '数量', '单价*']);
      for (const row of rows) sheet.addRow(row);
      return Buffer.from(await workbook.xlsx.writeBuffer());
    };
    const upload = async (content: Buffer) => postMultipart(t, w.finance.agent, '/api/v1/usage-charges/import', {}, { fileName: '用量.xlsx', content });
    const bad = await upload(await file([['SH-NOBODY', '水电费', '2026-11', 'E-101', '', '1500', '', '', '1.2'], [code, '水电费', '2026年11月', 'E-101', '', '1300', '', '', '1.2']]));
    expect(bad.statusCode, bad.body).toBe(400);
    expect(bad.json().rows).toEqual([
      { row: 2, column: '客户编号', message: expect.stringContaining('SH-NOBODY') },
      { row: 3, column: '本期读数', message: expect.stringContaining('读数不能倒退') },
    ]);
    expect((await w.finance.agent.get(`/api/v1/usage-charges?customerId=${customerId}`)).json().total).toBe(5);
    const good = await upload(await file([[code, '水电费', '2026-11', 'E-101', '', '1500', '', '', '1.2'], [code, '装卸费', '2026-11', '', '', '', '', '40', '15']]));
    expect(good.statusCode, good.body).toBe(201);
    // (1500 − 1400) × 1.2 = 120.00; 40 × 15 = 600.00
    expect(good.json()).toEqual({ rows: 2, amount: '720.00' });
  });
});

describe('reversals and ageing', () => {
  it('R-BIL-09 R-BIL-10 R-BIL-11 R-BIL-12 R-CRD-03 R-CRD-06 a returned cheque reopens its bill, the owner is told, and ageing at any date shows what was owed then', async () => {
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

    // R-BIL-11: 44 days overdue — the owner and, past 30 days, the manager are told once; the 催款通知单 names the debt.
    const deps = { db: t.database.db, database: t.database, clock: t.clock, config: t.config, log: t.app.log };
    const septemberBill = (await billsOf(customerId)).items[0];
    const toldAbout = async (userId: number) => (await notificationsOf(t, userId, 'arrears_escalated')).filter((n) => n.body.includes(septemberBill.number)).map((n) => n.title);
    await followUpArrears(deps);
    await followUpArrears(deps);
    expect(await toldAbout(w.specialistA.user.id)).toEqual([expect.stringContaining('账单逾期，请催收'), expect.stringContaining('逾期超过 30 天')]);
    expect(await toldAbout(w.managerA.user.id)).toHaveLength(1);
    expect(await toldAbout(w.legal.user.id)).toHaveLength(0);
    const notice = await getBytes(t, w.finance.agent, `/api/v1/bills/${septemberBill.id}/dunning-notice`);
    expect(notice.statusCode).toBe(200);
    const noticeText = docxText(notice.body);
    expect(noticeText).toContain(septemberBill.number);
    expect(noticeText).toContain('已逾期 44 天');
    expect(noticeText).toContain('40,150.00');

    // Ageing by owner and by unit; a specialist of another unit sees none of it.
    const byOwner = (await w.finance.agent.get('/api/v1/billing/ageing?groupBy=owner')).json();
    expect(byOwner.rows.find((row: { key: number }) => row.key === w.specialistA.user.id)).toBeTruthy();
    expect((await w.specialistB.agent.get('/api/v1/billing/ageing')).json().rows).toEqual([]);

    // R-BIL-12: past due at all stops credit sales; more than 60 days is the full hold — no new
    // contract goes to review, no amendment adds area — lifted as soon as it is paid.
    expect((await accountOf(customerId)).creditStatus).toMatchObject({ status: 'stopped', daysOverdue: 44, holdDays: 60 });
    await moveClock(t, w, '2026-11-05T02:00:00Z');
    expect((await accountOf(customerId)).creditStatus).toEqual({ status: 'hold', daysOverdue: 65, overdueAmount: '40150.00', holdDays: 60 });
    // R-BIL-11: November's bill carries the late fee of the September bill by the contract's rule
    // (0.05 % a day, no grace): 40,150.00 × 0.0005 × 65 days = 1,304.875 → 1,304.88.
    await runBilling('2026-11');
    const novemberBill = (await billsOf(customerId)).items.find((b: { period: string }) => b.period === '2026-11');
    const novemberLines = (await w.finance.agent.get(`/api/v1/bills/${novemberBill.id}`)).json().lines as { kind: string; amount: string; explanation: string }[];
    expect(novemberLines.filter((line) => line.kind === 'late_fee')).toEqual([expect.objectContaining({ amount: '1304.88', explanation: expect.stringContaining('× 65 天') })]);
    expect(novemberBill.total).toBe('11354.88');
    await expectBalanced(customerId);
    // Past 60 days: legal is told and an arrears breach is on the contract — once.
    await followUpArrears(deps);
    await followUpArrears(deps);
    expect(await toldAbout(w.legal.user.id)).toEqual([expect.stringContaining('超过 60 天')]);
    const breaches = (await w.legal.agent.get(`/api/v1/contracts/${contract.id}/breaches`)).json();
    expect(breaches.filter((b: { breachType: string }) => b.breachType === 'arrears')).toHaveLength(1);
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
    // R-CRD-03: the payment behaviour the scorecard reads — the September bill was settled 65 days late.
    const credit = (await w.finance.agent.get(`/api/v1/customers/${customerId}/credit`)).json();
    expect(credit.behaviour).toMatchObject({ billsDue: 1, paidOnTime: 0, onTimeRate: 0, averageDaysLate: 65, maxDaysOverdueNow: 0 });
    // R-CRD-06: investigations and the payment profile, by credit:manage only.
    const investigation = { channel: 'bank', investigatedOn: '2026-11-05', source: '开户行客户经理', findings: '近半年账户流水稳定，无不良贷款记录，但有一次支票退票。', assessment: 'fair' };
    expect((await w.specialistA.agent.post(`/api/v1/customers/${customerId}/credit-investigations`, investigation)).statusCode).toBe(403);
    expect((await w.finance.agent.post(`/api/v1/customers/${customerId}/credit-investigations`, { ...investigation, findings: '短' })).json().errors[0].field).toBe('findings');
    const recorded = await w.finance.agent.post(`/api/v1/customers/${customerId}/credit-investigations`, investigation);
    expect(recorded.statusCode, recorded.body).toBe(201);
    expect(recorded.json().investigations).toEqual([expect.objectContaining({ channelName: '银行', assessmentName: '一般' })]);
    const profile = await w.finance.agent.put(`/api/v1/customers/${customerId}/payment-profile`, { attitude: 'delays', moneyController: '实际控制人 陈浦生', bankRelationships: '工商银行康桥支行（基本户）' });
    expect(profile.json().profile).toMatchObject({ attitudeName: '时有拖延', moneyController: '实际控制人 陈浦生' });
    expect((await w.specialistB.agent.get(`/api/v1/customers/${customerId}/credit`)).statusCode).toBe(404);
    expect((await w.specialistA.agent.post(`/api/v1/contracts/${draft.json().id}/submit`, {})).statusCode).toBe(200);
  });
});

describe('revenue leakage', () => {
  it('R-BIL-13 the report lists schedule lines due but on no bill, usage of past months not billed and rents below the list price, within the billing scope', async () => {
    await moveClock(t, w, '2026-11-05T02:00:00Z');
    const contract = await signedContract(t, w, 'L01', '2026-11-05', '2027-11-04');
    const customerId = contract.customerId as number;
    await runBilling('2026-11');
    const [bill] = (await billsOf(customerId)).items;
    expect((await w.finance.agent.post(`/api/v1/bills/${bill.id}/void`, { reason: '演示漏开' })).statusCode).toBe(200);
    await t.database.db.execute(sql`UPDATE spaces SET list_rent = 1.50 WHERE id = ${contract.unitLines[0].spaceId}`);
    await w.finance.agent.post('/api/v1/usage-charges', { customerId, item: 'handling_fee', period: '2026-10', quantity: '10', unitPrice: '15' });
    await moveClock(t, w, '2026-11-06T02:00:00Z');
    const report = await w.finance.agent.get('/api/v1/billing/leakage');
    expect(report.statusCode, report.body).toBe(200);
    const mine = (rows: any[]) => rows.filter((row) => row.customerId === customerId || row.contractNumber === contract.number);
    expect(mine(report.json().unbilled).map((row: { itemName: string; amount: string }) => `${row.itemName} ${row.amount}`).sort()).toEqual(['保证金 30000.00', '物业费 1050.00', '租金 9200.00'].sort()) // rent: 5 Nov – 4 Feb = 92 days × 100 m² × 1.00;
    expect(mine(report.json().usage)).toEqual([expect.objectContaining({ period: '2026-10', amount: '150.00' })]);
    expect(mine(report.json().belowList)).toEqual([expect.objectContaining({ contractPrice: '1.00', listPrice: '1.50', basis: 'sqm_day' })]);
    expect((await w.specialistA.agent.get('/api/v1/billing/leakage')).statusCode).toBe(403);
    const other = (await w.managerB.agent.get('/api/v1/billing/leakage')).json();
    expect(mine(other.unbilled)).toEqual([]);
    expect(mine(other.belowList)).toEqual([]);
  });
});

describe('deposits', () => {
  it('R-CRD-05 the deposit ledger per contract; after the end and settlement it is refunded in stages through approval, a retained part never; the ledger stays balanced', async () => {
    await moveClock(t, w, '2026-09-01T02:00:00Z');
    // 3 months, quarterly: one bill of 9,100.00 + 1,050.00 + deposit 30,000.00 = 40,150.00.
    const contract = await signedContract(t, w, 'D01', '2026-09-01', '2026-11-30');
    const customerId = contract.customerId as number;
    await runBilling('2026-09');
    expect((await w.finance.agent.post('/api/v1/receipts', { customerId, method: 'transfer', amount: '40150', receivedOn: '2026-09-01', reference: 'BANK-D01' })).statusCode).toBe(201);
    const ledger = async () => (await w.finance.agent.get(`/api/v1/customers/${customerId}/deposits`)).json();
    expect((await ledger()).contracts).toEqual([{ contractId: contract.id, contractNumber: contract.number, required: '30000.00', received: '30000.00', offset: '0.00', refunded: '0.00', committed: '0.00', held: '30000.00' }]);

    const plan = { stages: [{ amount: '12000', dueOn: '2026-12-02' }, { amount: '12000', dueOn: '2027-04-02' }], retained: '6000', retainedReason: '库区地坪损坏，按合同约定扣除维修费', payee: '上海某物流有限公司 招商银行 6225 0000 0000 0001' };
    const apply = (body: Record<string, unknown> = plan, agent: Agent = w.finance.agent) => agent.post(`/api/v1/contracts/${contract.id}/deposit-refunds`, body);
    expect((await apply()).json().reason).toBe('deposit.contract_not_ended');
    await moveClock(t, w, '2026-12-02T02:00:00Z');
    await t.database.db.execute(sql`UPDATE contracts SET status = 'expired' WHERE id = ${contract.id}`);
    expect((await apply(plan, w.specialistA.agent)).statusCode).toBe(403);
    expect((await apply({ ...plan, retainedReason: null })).json().errors[0].field).toBe('retainedReason');
    expect((await apply({ ...plan, retained: '6000.01' })).json()).toMatchObject({ reason: 'deposit.exceeds_held', errors: [{ field: 'stages' }] });
    const applied = await apply();
    expect(applied.statusCode, applied.body).toBe(201);
    const refund = applied.json().refunds[0];
    expect(refund).toMatchObject({ status: 'pending', total: '24000.00', retained: '6000.00', heldAtRequest: '30000.00' });
    // Nothing is left to refund while this plan stands — the retained part included.
    expect((await apply({ ...plan, stages: [{ amount: '0.01', dueOn: '2026-12-03' }], retained: '0' })).json().reason).toBe('deposit.exceeds_held');

    const firstStage = refund.stages[0].id;
    const secondStage = refund.stages[1].id;
    expect((await w.finance.agent.post(`/api/v1/deposit-refund-stages/${firstStage}/pay`, { paidOn: '2026-12-02', reference: 'PAY-1' })).json().reason).toBe('deposit.stage_not_payable');
    await approve(w.gm.agent, refund.approvalId);
    expect((await w.finance.agent.post(`/api/v1/deposit-refund-stages/${secondStage}/pay`, { paidOn: '2026-12-02', reference: 'PAY-2' })).json().errors[0].field).toBe('paidOn');
    expect((await w.specialistA.agent.post(`/api/v1/deposit-refund-stages/${firstStage}/pay`, { paidOn: '2026-12-02', reference: 'PAY-1' })).statusCode).toBe(403);
    const paid = await w.finance.agent.post(`/api/v1/deposit-refund-stages/${firstStage}/pay`, { paidOn: '2026-12-02', reference: 'PAY-1' });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json().contracts[0]).toMatchObject({ refunded: '12000.00', committed: '18000.00', held: '18000.00' });
    // Paid back: billed and received both 12,000.00 lower, the receivable unchanged.
    const account = await accountOf(customerId);
    expect(account).toMatchObject({ billed: '28150.00', received: '28150.00', receivable: '0.00', depositHeld: '18000.00' });
    await expectBalanced(customerId);
    expect((await w.finance.agent.post(`/api/v1/deposit-refund-stages/${firstStage}/pay`, { paidOn: '2026-12-02', reference: 'PAY-1' })).json().reason).toBe('deposit.stage_not_payable');
    // Out of scope: another unit's specialist sees no ledger.
    expect((await w.specialistB.agent.get(`/api/v1/customers/${customerId}/deposits`)).statusCode).toBe(404);

    await moveClock(t, w, '2027-04-02T02:00:00Z');
    expect((await w.finance.agent.post(`/api/v1/deposit-refund-stages/${secondStage}/pay`, { paidOn: '2027-04-02', reference: 'PAY-2' })).json().contracts[0]).toMatchObject({ refunded: '24000.00', held: '6000.00', committed: '6000.00' });
    await expectBalanced(customerId);
    expect((await auditOf(t, 'deposit_refund', refund.id)).map((event) => event.action)).toEqual(['deposit_refund_apply', 'deposit_refund_approved', 'deposit_refund_pay', 'deposit_refund_pay']);
  });
});

describe('volume rebates', () => {
  it('R-BIL-20 a rebate rule on the contract credits the tier reached by the volume billed in each period once the period is over, once; contract years are windows too', async () => {
    await moveClock(t, w, '2026-09-01T02:00:00Z');
    const rule = { window: 'period', items: ['rent'], tiers: [{ threshold: '9000', rate: '0.01' }, { threshold: '9100', rate: '0.02' }] };
    const { ids } = await parkWithUnits(w.admin, [{ code: 'RB0', usableArea: '100', grossArea: '100', listRent: '1.00' }]);
    const contractCustomer = (await admittedCustomer(t, w.specialistA.user)).id;
    const probe = (await w.specialistA.agent.post('/api/v1/contracts', contractBody(contractCustomer, ids, { startDate: '2026-09-01', endDate: '2027-08-31', terms: { ...contractBody(0, []).terms, freePeriods: [], rebates: [{ ...rule, items: ['parking'] }, { ...rule, tiers: [...rule.tiers].reverse() }] } }))).json();
    expect(probe.errors.map((e: { field: string }) => e.field)).toEqual(['terms.rebates.0.items.0', 'terms.rebates.1.tiers.1.threshold']);

    const contract = await signedContract(t, w, 'RB1', '2026-09-01', '2027-08-31', { rebates: [rule], lateFeeRate: '0' });
    const customerId = contract.customerId as number;
    await runBilling('2026-09');
    await runBilling('2026-11');
    await moveClock(t, w, '2026-12-01T02:00:00Z');
    await runBilling('2026-12');
    // The first quarter's rent, 100 m² × 1.00 × 91 days = 9,100.00, reaches the 9,100 tier: 2 % = 182.00.
    const december = (await billsOf(customerId)).items.find((bill: { period: string }) => bill.period === '2026-12');
    expect(december).toMatchObject({ total: '-182.00' });
    const detail = (await w.finance.agent.get(`/api/v1/bills/${december.id}`)).json();
    expect(detail.lines).toHaveLength(1);
    expect(detail.lines[0]).toMatchObject({ kind: 'rebate', item: 'rent', amount: '-182.00', lineStart: '2026-09-01', lineEnd: '2026-11-30' });
    expect(detail.lines[0].explanation).toContain('租金 9100.00 元 × 0.0200 = 182.00 元');
    // Voided, it is credited again by the next run — once.
    await w.finance.agent.post(`/api/v1/bills/${december.id}/void`, { reason: '重开' });
    await runBilling('2026-12');
    const credited = (await billsOf(customerId)).items.filter((bill: { period: string; settlement: string }) => bill.period === '2026-12' && bill.settlement !== 'void');
    expect(credited.map((bill: { total: string }) => bill.total)).toEqual(['-182.00']);
    // The second quarter (1 Dec – 28 Feb, 90 days) bills 9,000.00: the 1 % tier, 90.00, after it ends.
    await moveClock(t, w, '2027-02-01T02:00:00Z');
    await runBilling('2027-02');
    expect((await billsOf(customerId)).items.find((bill: { period: string }) => bill.period === '2027-02').total).not.toContain('-');
    await moveClock(t, w, '2027-03-01T02:00:00Z');
    await runBilling('2027-03');
    const march = (await billsOf(customerId)).items.find((bill: { period: string }) => bill.period === '2027-03');
    expect((await w.finance.agent.get(`/api/v1/bills/${march.id}`)).json().lines.filter((line: { kind: string }) => line.kind === 'rebate').map((line: { amount: string }) => line.amount)).toEqual(['-90.00']);
    await expectBalanced(customerId);

    // Contract-year windows: whole years from the start, the last one cut at the end; only those over before the month.
    expect(await windowsOf(t.database.db, { id: contract.id, startDate: '2026-03-31', endDate: '2028-01-15' }, 'contract_year', '2028-02-01')).toEqual([
      { start: '2026-03-31', end: '2027-03-30', label: '第 1 合同年度（2026-03-31 至 2027-03-30）' },
      { start: '2027-03-31', end: '2028-01-15', label: '第 2 合同年度（2027-03-31 至 2028-01-15）' },
    ]);
    expect(await windowsOf(t.database.db, { id: contract.id, startDate: '2026-03-31', endDate: '2028-01-15' }, 'contract_year', '2027-04-01')).toHaveLength(1);
  });
});
