import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalateOverdueTasks } from '../../../platform/tasks/tasks.service';
import { timelineTypes } from '../../../test/customers';
import { createTestApp, type TestApp } from '../../../test/harness';
import { getBytes } from '../../../test/multipart';
import { approve, auditOf, createWorld, decide, moveClock, notificationsOf, tasksOf, type World } from '../../../test/world';
import { admittedCustomer, approveAll as approveAllSteps, contractBody, docxText, parkWithUnits, signedContract as signedContractOf, standardTemplate, uploadScan, uploadTemplate } from '../leasing.fixtures';
import { createCustomer } from '../../../test/customers';
import { expireContracts, TO_FINANCE_RULE } from './contract-lifecycle.service';
import { EXPIRY_REMINDER_RULE, remindExpiringContracts } from './contract-reminders';
import { LEDGER_REPORT_RULE, runQuarterlyLedger } from './ledger-reports';
import { contracts, contractVersions } from './contracts.table';

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

const count = async () => (await t.database.db.select({ id: contracts.id }).from(contracts)).length;

const approveAll = (approvalId: number) => approveAllSteps(w, approvalId);

describe('contract drafts', () => {
  it('R-LEA-11 a draft for an admitted customer gets its number, holds its units as 预留, records version 1 and shows on the timeline; price terms are stored as data', async () => {
    const { ids } = await parkWithUnits(w.admin, [{ code: 'A01', usableArea: '1000', grossArea: '1000' }, { code: 'A02', usableArea: '500', grossArea: '520' }]);
    const customer = await admittedCustomer(t, w.specialistA.user);
    const res = await w.specialistA.agent.post('/api/v1/contracts', contractBody(customer.id, ids, { units: [{ spaceId: ids[0] }, { spaceId: ids[1], area: '500' }] }));
    expect(res.statusCode, res.body).toBe(201);
    const contract = res.json();
    expect(contract).toMatchObject({
      status: 'draft',
      statusName: '草稿',
      customerId: customer.id,
      totalArea: '1500.00',
      version: 1,
      actions: expect.arrayContaining(['edit', 'submit', 'terminate']),
      terms: { billingCycle: 'quarterly', paymentDay: 5, escalationRate: '0.0500', deposit: '30000.00', lateFeeRate: '0.000500', freePeriods: [{ startDate: '2027-01-01', endDate: '2027-01-31' }] },
    });
    expect(contract.number).toMatch(new RegExp(`^HT-\\d{4}-${w.unitA.code}-\\d{5}$`));
    expect(contract.terms.charges[0]).toMatchObject({ item: 'rent', itemName: '租金', basis: 'sqm_day', unitPrice: '1.00', rentFree: true, escalates: true });
    expect(contract.terms.charges[1]).toMatchObject({ item: 'property_fee', rentFree: false, escalates: false });
    // 1500 m² × 1.00 × (731 − 31) days + 1500 × 3.50 × 24 months = 1,050,000 + 126,000
    expect(contract.estimatedAmount).toBe('1176000.00');
    // list 1.10/day against 1.00/day: 9.09 % below list; a specialist without sensitive:view sees no rate
    expect(contract.discountRate).toBeNull();
    expect((await w.managerA.agent.get(`/api/v1/contracts/${contract.id}`)).json().discountRate).toBe('0.0909');

    const unit = (await w.admin.get(`/api/v1/spaces/${ids[0]}?date=2027-03-01`)).json();
    expect(unit.status).toBe('reserved');
    expect(unit.occupant).toMatchObject({ reference: contract.number, contractId: contract.id, canRelease: false });
    expect(await timelineTypes(t, customer.id)).toContain('contract');
    expect((await auditOf(t, 'contract', contract.id)).map((e) => e.action)).toEqual(['create']);
  });

  it('R-LEA-11 only admitted customers within scope; bad terms are refused field by field and nothing is saved', async () => {
    const { ids } = await parkWithUnits(w.admin, [{ code: 'B01', usableArea: '300', grossArea: '300' }]);
    const pending = await createCustomer(t, w.specialistA.user);
    const notAdmitted = await w.specialistA.agent.post('/api/v1/contracts', contractBody(pending.id, ids));
    expect(notAdmitted.statusCode).toBe(409);
    expect(notAdmitted.json().reason).toBe('customer.not_admitted');
    const others = await admittedCustomer(t, w.specialistB.user);
    const outOfScope = await w.specialistA.agent.post('/api/v1/contracts', contractBody(others.id, ids));
    expect(outOfScope.statusCode).toBe(400);
    expect(outOfScope.json().errors[0].field).toBe('customerId');

    const customer = await admittedCustomer(t, w.specialistA.user);
    const base = contractBody(customer.id, ids);
    const before = await count();
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ ...base, endDate: '2026-12-31' }, 'endDate', /不能早于开始日/],
      [{ ...base, units: [{ spaceId: ids[0], area: '-5' }] }, 'units.0.area', /大于 0/],
      [{ ...base, units: [{ spaceId: ids[0], area: '10.125' }] }, 'units.0.area', /最多 2 位小数/],
      [{ ...base, units: [{ spaceId: ids[0], area: '301' }] }, 'units.0.area', /不能大于建筑面积/],
      [{ ...base, terms: { ...base.terms, charges: [{ item: 'rent', basis: 'sqm_day', unitPrice: '1.005' }] } }, 'terms.charges.0.unitPrice', /最多 2 位小数/],
      [{ ...base, terms: { ...base.terms, charges: [{ item: 'rent', basis: 'sqm_day', unitPrice: '-1' }] } }, 'terms.charges.0.unitPrice', /非负数/],
      [{ ...base, terms: { ...base.terms, charges: [{ item: 'no_such_item', basis: 'sqm_day', unitPrice: '1' }] } }, 'terms.charges.0.item', /不存在/],
      [
        { ...base, terms: { ...base.terms, freePeriods: [{ startDate: '2027-01-01', endDate: '2027-02-10' }, { startDate: '2027-02-01', endDate: '2027-02-28' }] } },
        'terms.freePeriods.1.startDate',
        /重叠/,
      ],
      [{ ...base, terms: { ...base.terms, freePeriods: [{ startDate: '2026-12-01', endDate: '2027-01-10' }] } }, 'terms.freePeriods.0.startDate', /合同期限/],
      [{ ...base, terms: { ...base.terms, paymentDay: 31 } }, 'terms.paymentDay', /1–28/],
      [{ ...base, terms: { ...base.terms, escalationRate: '1.5' } }, 'terms.escalationRate', /0 到 1/],
    ];
    for (const [body, field, message] of cases) {
      const res = await w.specialistA.agent.post('/api/v1/contracts', body);
      expect(res.statusCode, `${field}: ${res.body}`).toBe(400);
      const error = res.json().errors.find((e: { field: string }) => e.field === field);
      expect(error, `${field}: ${res.body}`).toBeTruthy();
      expect(error.message).toMatch(message);
    }
    expect(await count()).toBe(before);
  });

  it('R-LEA-02 a unit held by one contract is refused to another over the same days, naming the contract, its customer and dates; 50 simultaneous drafts give exactly one', async () => {
    const { ids } = await parkWithUnits(w.admin, [{ code: 'C01', usableArea: '800', grossArea: '800' }]);
    const customer = await admittedCustomer(t, w.specialistA.user);
    const first = (await w.specialistA.agent.post('/api/v1/contracts', contractBody(customer.id, ids))).json();
    const second = await w.specialistA2.agent.post('/api/v1/contracts', contractBody((await admittedCustomer(t, w.specialistA2.user)).id, ids, { startDate: '2028-06-01', endDate: '2029-05-31', terms: { ...contractBody(0, []).terms, freePeriods: [] } }));
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ reason: 'space.occupied', occupiedBy: { reference: first.number, contractId: first.id, startDate: '2027-01-01', endDate: '2028-12-31', customerName: '其他客户' } });
    expect(second.json().detail).toContain(first.number);

    const { ids: [free] } = await parkWithUnits(w.admin, [{ code: 'C02', usableArea: '100', grossArea: '100' }]);
    const before = await count();
    const customers = await Promise.all(Array.from({ length: 5 }, () => admittedCustomer(t, w.specialistA.user)));
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => w.specialistA.agent.post('/api/v1/contracts', contractBody(customers[i % 5]!.id, [free!]))));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(49);
    expect(results.every((r) => r.statusCode === 201 || r.json().reason === 'space.occupied')).toBe(true);
    expect(await count()).toBe(before + 1);
  });

  it('R-LEA-02 a customer\'s own reservation of the unit gives way to its contract (预留 → 合同)', async () => {
    const { ids } = await parkWithUnits(w.admin, [{ code: 'D01', usableArea: '200', grossArea: '200' }]);
    const customer = await admittedCustomer(t, w.specialistA.user);
    const reserved = await w.specialistA.agent.post(`/api/v1/spaces/${ids[0]}/reservations`, { customerId: customer.id, endDate: '2027-03-01' });
    expect(reserved.statusCode, reserved.body).toBe(201);
    const res = await w.specialistA.agent.post('/api/v1/contracts', contractBody(customer.id, ids));
    expect(res.statusCode, res.body).toBe(201);
    const history = (await w.admin.get(`/api/v1/spaces/${ids[0]}`)).json().history;
    expect(history.find((h: { id: number }) => h.id === reserved.json().id)).toMatchObject({ released: true, releaseReason: 'converted' });
  });
});

describe('review, signing and hand-over', () => {
  it('R-LEA-13 部门经理 → 法务 → 财务; a return goes back to 草稿 with the comment, the revision is a new version with a visible diff, and approval makes it 待签署', async () => {
    const { ids } = await parkWithUnits(w.admin, [{ code: 'E01', usableArea: '100', grossArea: '100', listRent: '1.00' }]);
    const customer = await admittedCustomer(t, w.specialistA.user);
    const upload = await uploadTemplate(t, w.admin, standardTemplate());
    expect(upload.statusCode, upload.body).toBe(201);
    const draft = (await w.specialistA.agent.post('/api/v1/contracts', contractBody(customer.id, ids, { templateId: upload.json().id }))).json();
    const submitted = await w.specialistA.agent.post(`/api/v1/contracts/${draft.id}/submit`, {});
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'reviewing', statusName: '审批中' });
    const approvalId = submitted.json().approvalId;
    const instance = (await w.specialistA.agent.get(`/api/v1/approvals/${approvalId}`)).json();
    expect(instance.steps.map((s: { name: string }) => s.name)).toEqual(['部门经理审核', '法务审核（合法性）', '财务审核（经济条款）']);
    const busy = await w.specialistA.agent.put(`/api/v1/contracts/${draft.id}`, { ...contractBody(customer.id, ids), templateId: upload.json().id });
    expect(busy.json().reason, busy.body).toBe('contract.wrong_status');

    await approve(w.managerA.agent, approvalId, '同意');
    await decide(w.legal.agent, approvalId, 'return', '第 5 条违约金比例请改为 20%');
    const returned = (await w.specialistA.agent.get(`/api/v1/contracts/${draft.id}`)).json();
    expect(returned).toMatchObject({ status: 'draft', reviewComment: '第 5 条违约金比例请改为 20%' });

    const revised = await w.specialistA.agent.put(`/api/v1/contracts/${draft.id}`, {
      ...contractBody(customer.id, ids, { templateId: upload.json().id }),
      terms: { ...contractBody(0, []).terms, penaltyRule: '违约金为年租金的 20%' },
      note: '按法务意见修改违约金',
    });
    expect(revised.statusCode, revised.body).toBe(200);
    expect(revised.json().version).toBe(2);
    const versions = (await w.specialistA.agent.get(`/api/v1/contracts/${draft.id}/versions`)).json();
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(versions[0]).toMatchObject({ note: '按法务意见修改违约金', changes: [{ field: '违约金', before: '无', after: '违约金为年租金的 20%' }] });

    const again = await w.specialistA.agent.post(`/api/v1/contracts/${draft.id}/submit`, { note: '已修改' });
    expect(again.json()).toMatchObject({ status: 'reviewing', approvalId });
    const steps = await approveAll(approvalId);
    expect(steps).toEqual(['部门经理审核', '法务审核（合法性）', '财务审核（经济条款）']);
    expect((await w.specialistA.agent.get(`/api/v1/contracts/${draft.id}`)).json()).toMatchObject({ status: 'to_sign', statusName: '待签署', actions: expect.arrayContaining(['sign']) });
  });

  it('R-LEA-12 R-LEA-13 a non-template text adds the extra review step; a discount beyond 10 % or a large amount adds 分管领导/总经理; rejection returns the draft with the reason', async () => {
    const { ids } = await parkWithUnits(w.admin, [{ code: 'F01', usableArea: '100', grossArea: '100', listRent: '2.00' }]);
    const customer = await admittedCustomer(t, w.specialistA.user);
    const draft = (await w.specialistA.agent.post('/api/v1/contracts', contractBody(customer.id, ids))).json();
    const approvalId = (await w.specialistA.agent.post(`/api/v1/contracts/${draft.id}/submit`, {})).json().approvalId;
    const instance = (await w.managerA.agent.get(`/api/v1/approvals/${approvalId}`)).json();
    expect(instance.steps.map((s: { name: string }) => s.name)).toEqual(['部门经理审核', '法务审核（合法性）', '非范本合同法务加审', '财务审核（经济条款）', '分管领导/总经理审批']);
    await decide(w.managerA.agent, approvalId, 'reject', '折扣过大，请重新谈判');
    expect((await w.specialistA.agent.get(`/api/v1/contracts/${draft.id}`)).json()).toMatchObject({ status: 'draft', reviewComment: '折扣过大，请重新谈判' });
    // a new request after a rejection
    const second = (await w.specialistA.agent.post(`/api/v1/contracts/${draft.id}/submit`, {})).json();
    expect(second.approvalId).not.toBe(approvalId);
  });

  it('R-LEA-14 signing needs the scan; units turn 已租 for the term; the 交财务 task is due 2 working days after the effective date (across 国庆); overdue it escalates; finance signs it off', async () => {
    await moveClock(t, w, '2026-09-29T02:00:00Z');
    const { ids } = await parkWithUnits(w.admin, [{ code: 'G01', usableArea: '100', grossArea: '100', listRent: '1.00' }]);
    const customer = await admittedCustomer(t, w.specialistA.user);
    const draft = (await w.specialistA.agent.post('/api/v1/contracts', contractBody(customer.id, ids, { startDate: '2026-10-01', endDate: '2027-09-30', terms: { ...contractBody(0, []).terms, freePeriods: [] } }))).json();
    const approvalId = (await w.specialistA.agent.post(`/api/v1/contracts/${draft.id}/submit`, {})).json().approvalId;
    await approveAll(approvalId);

    const early = await w.specialistA.agent.post(`/api/v1/contracts/${draft.id}/hand-to-finance`, {});
    expect(early.json().reason).toBe('contract.wrong_status');
    const noScan = await w.specialistA.agent.post(`/api/v1/contracts/${draft.id}/sign`, { signedDate: '2026-09-29', effectiveDate: '2026-09-30', signedScanId: 999999 });
    expect(noScan.statusCode).toBe(400);
    expect(noScan.json().errors[0].field).toBe('signedScanId');
    const scan = await uploadScan(t, w.specialistA.agent, draft.id);
    const future = await w.specialistA.agent.post(`/api/v1/contracts/${draft.id}/sign`, { signedDate: '2026-10-02', effectiveDate: '2026-10-02', signedScanId: scan });
    expect(future.json().errors[0].field).toBe('signedDate');

    const preview = (await w.finance.agent.get(`/api/v1/billing/contracts/${draft.id}/schedule`)).json();
    expect(preview).toMatchObject({ preview: true });
    const signed = await w.specialistA.agent.post(`/api/v1/contracts/${draft.id}/sign`, { signedDate: '2026-09-29', effectiveDate: '2026-09-30', signedScanId: scan });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json()).toMatchObject({ status: 'effective', effectiveDate: '2026-09-30', financeDueDate: '2026-10-09', signedScanId: scan, actions: ['hand_to_finance', 'apply_termination', 'amend', 'renew', 'record_breach', 'record_dispute'] });
    // R-BIL-02: the schedule billing will issue bills from is stored with the signing, same as the preview
    const schedule = (await w.finance.agent.get(`/api/v1/billing/contracts/${draft.id}/schedule`)).json();
    expect(schedule).toMatchObject({ preview: false, total: preview.total });
    expect(schedule.lines).toEqual(preview.lines);
    // 100 m² × 1.00 × 92 days (2026-10-01…12-31), deposit 30,000 and property fee 100 × 3.50 × 3 months
    expect(schedule.lines.slice(0, 3).map((l: { item: string; amount: string; dueDate: string }) => [l.item, l.dueDate, l.amount])).toEqual([
      ['deposit', '2026-10-01', '30000.00'],
      ['rent', '2026-10-01', '9200.00'],
      ['property_fee', '2026-10-01', '1050.00'],
    ]);
    const unit = (await w.admin.get(`/api/v1/spaces/${ids[0]}?date=2027-06-01`)).json();
    expect(unit).toMatchObject({ status: 'leased', occupant: { kind: 'lease', reference: draft.number, contractId: draft.id } });
    expect((await w.admin.get(`/api/v1/spaces/${ids[0]}?date=2027-10-01`)).json().status).toBe('vacant');
    const [task] = await tasksOf(t, TO_FINANCE_RULE, w.specialistA.user.id);
    expect(task).toMatchObject({ title: `合同 ${draft.number} 交财务`, status: 'open', recordType: 'contract', recordId: String(draft.id) });
    expect(task!.dueAt.toISOString()).toBe('2026-10-09T15:59:00.000Z');

    await moveClock(t, w, '2026-10-12T02:00:00Z');
    await escalateOverdueTasks({ db: t.database.db, clock: t.clock, config: t.config } as never);
    const [overdue] = await tasksOf(t, TO_FINANCE_RULE, w.specialistA.user.id);
    expect(overdue!.escalatedToId).toBe(w.managerA.user.id);

    const other = await w.specialistB.agent.post(`/api/v1/contracts/${draft.id}/hand-to-finance`, {});
    expect(other.statusCode).toBe(404);
    const handed = await w.finance.agent.post(`/api/v1/contracts/${draft.id}/hand-to-finance`, {});
    expect(handed.statusCode, handed.body).toBe(200);
    expect(handed.json().handedToFinanceAt).not.toBeNull();
    expect((await tasksOf(t, TO_FINANCE_RULE, w.specialistA.user.id))[0]!.status).toBe('done');
    expect((await auditOf(t, 'contract', draft.id)).find((e) => e.action === 'hand_to_finance')?.summary).toContain('逾期');
    const events = (await w.specialistA.agent.get(`/api/v1/customers/${customer.id}/timeline`)).json().items.map((e: { title: string }) => e.title);
    expect(events.join('|')).toMatch(/合同已交财务.*合同签署生效.*审核通过.*提交合同审核.*起草合同/);

    // 到期 (R-LEA-10): past its end date the contract expires; the lease stays in the history
    await moveClock(t, w, '2027-10-01T02:00:00Z');
    await expireContracts({ db: t.database.db, clock: t.clock, config: t.config } as never);
    expect((await w.specialistA.agent.get(`/api/v1/contracts/${draft.id}`)).json().status).toBe('expired');
    await moveClock(t, w, '2026-09-01T02:00:00Z');
  });

  it('R-LEA-10 a draft can be terminated with a reason and its units are free again; a contract under review cannot', async () => {
    const { ids } = await parkWithUnits(w.admin, [{ code: 'H01', usableArea: '100', grossArea: '100' }]);
    const customer = await admittedCustomer(t, w.specialistA.user);
    const draft = (await w.specialistA.agent.post('/api/v1/contracts', contractBody(customer.id, ids))).json();
    await w.specialistA.agent.post(`/api/v1/contracts/${draft.id}/submit`, {});
    const refused = await w.specialistA.agent.post(`/api/v1/contracts/${draft.id}/terminate`, { reason: '客户放弃' });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().detail).toMatch(/先撤回审批/);
    const withdrawn = await w.specialistA.agent.post(`/api/v1/approvals/${(await w.specialistA.agent.get(`/api/v1/contracts/${draft.id}`)).json().approvalId}/withdraw`, {});
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    const ended = await w.specialistA.agent.post(`/api/v1/contracts/${draft.id}/terminate`, { reason: '客户放弃' });
    expect(ended.json()).toMatchObject({ status: 'terminated', endReason: '客户放弃' });
    expect((await w.admin.get(`/api/v1/spaces/${ids[0]}?date=2027-03-01`)).json().status).toBe('vacant');
    const again = await w.specialistA.agent.post('/api/v1/contracts', contractBody(customer.id, ids));
    expect(again.statusCode).toBe(201);
  });
});

/** A contract taken through review and signed today, for the time-driven rules. */
const signedContract = (spaceCode: string, startDate: string, endDate: string) => signedContractOf(t, w, spaceCode, startDate, endDate);

describe('expiry reminders', () => {
  it('R-LEA-31 the owner is reminded 90, 60 and 30 days before the end, once each; a contract first seen late gets only the nearest reminder', async () => {
    await moveClock(t, w, '2026-09-01T02:00:00Z');
    const contract = await signedContract('R01', '2026-09-01', '2026-12-30');
    const late = await signedContract('R02', '2026-09-01', '2026-09-20');
    const deps = { db: t.database.db, clock: t.clock };
    const mine = async () => (await tasksOf(t, EXPIRY_REMINDER_RULE, w.specialistA.user.id)).filter((task) => task.recordId === String(contract.id));
    await remindExpiringContracts(deps);
    expect(await mine()).toHaveLength(0);
    const lateTasks = (await tasksOf(t, EXPIRY_REMINDER_RULE, w.specialistA.user.id)).filter((task) => task.recordId === String(late.id));
    expect(lateTasks.map((task) => task.dedupeKey)).toEqual([`${EXPIRY_REMINDER_RULE}:${late.id}:30`]);

    for (const [day, count] of [['2026-10-01', 1], ['2026-10-02', 1], ['2026-11-25', 2], ['2026-12-20', 3], ['2026-12-21', 3]] as const) {
      t.clock.set(`${day}T01:00:00Z`);
      await remindExpiringContracts(deps);
      expect(await mine(), day).toHaveLength(count);
    }
    const tasks = await mine();
    expect(tasks.map((task) => task.dedupeKey!.split(':').pop())).toEqual(['90', '60', '30']);
    expect(tasks[0]!.title).toBe(`合同 ${contract.number} 将于 2026-12-30 到期（剩 90 天）`);
    await moveClock(t, w, '2026-12-21T01:00:00Z');
    const listed = (await w.specialistA.agent.get('/api/v1/contracts?endingBy=2026-12-31&pageSize=100')).json().items.map((c: { id: number }) => c.id);
    expect(listed).toContain(contract.id);
    await moveClock(t, w, '2026-09-01T02:00:00Z');
  });
});

describe('breaches', () => {
  it('R-LEA-22 a breach is recorded with type, date, amount and measures, reported to legal and the executives, shown on the timeline, and closed with its result', async () => {
    await moveClock(t, w, '2026-09-01T02:00:00Z');
    const contract = await signedContract('S01', '2026-09-01', '2027-08-31');
    const body = { breachType: 'sublet', occurredOn: '2026-09-01', description: '未经同意将 A 区转租给第三方', amount: '5000', measures: ['warning', 'notice'] };
    const bad = await w.specialistA.agent.post(`/api/v1/contracts/${contract.id}/breaches`, { ...body, amount: '12.345', measures: [] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['amount', 'measures']);
    expect((await w.specialistB.agent.post(`/api/v1/contracts/${contract.id}/breaches`, body)).statusCode).toBe(404);
    expect((await w.specialistA2.agent.post(`/api/v1/contracts/${contract.id}/breaches`, body)).statusCode).toBe(404);
    const res = await w.specialistA.agent.post(`/api/v1/contracts/${contract.id}/breaches`, body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ breachTypeName: '擅自转租', amount: '5000.00', measureNames: ['警告', '书面通知'], status: 'open', automatic: false });
    for (const person of [w.legal, w.gm]) {
      const notes = await notificationsOf(t, person.user.id, 'contract_breach_reported');
      expect(notes.map((n) => n.title)).toContain(`合同违约：${contract.number}（擅自转租）`);
    }
    expect((await timelineTypes(t, contract.customerId))).toContain('contract');
    const closed = await w.legal.agent.post(`/api/v1/contracts/${contract.id}/breaches/${res.json().id}/close`, { result: '客户已解除转租并书面承诺' });
    expect(closed.json()).toMatchObject({ status: 'closed', result: '客户已解除转租并书面承诺' });
    const list = (await w.managerA.agent.get(`/api/v1/contracts/${contract.id}/breaches`)).json();
    expect(list).toHaveLength(1);

    const { ids } = await parkWithUnits(w.admin, [{ code: 'S02', usableArea: '100', grossArea: '100' }]);
    const draft = (await w.specialistA.agent.post('/api/v1/contracts', contractBody((await admittedCustomer(t, w.specialistA.user)).id, ids))).json();
    expect((await w.specialistA.agent.post(`/api/v1/contracts/${draft.id}/breaches`, body)).json().reason).toBe('contract.wrong_status');
  });
});

describe('early termination', () => {
  it('R-LEA-32 the application with its settlement goes through 部门经理 → 法务 → 分管领导/总经理; once approved the contract is 提前解除 and its units are free from the day after the termination date', async () => {
    await moveClock(t, w, '2026-09-01T02:00:00Z');
    const contract = await signedContract('T01', '2026-09-01', '2027-08-31');
    const body = { requestedOn: '2026-09-01', terminationDate: '2027-02-28', reason: '客户业务收缩', negotiationResult: '双方同意按月结清租金，保证金扣除一个月违约金后退还', rentDue: '0', penalty: '3000', depositRefund: '27000' };
    const outside = await w.specialistA.agent.post(`/api/v1/contracts/${contract.id}/terminations`, { ...body, terminationDate: '2027-08-31' });
    expect(outside.json().errors[0].field).toBe('terminationDate');
    expect((await w.specialistB.agent.post(`/api/v1/contracts/${contract.id}/terminations`, body)).statusCode).toBe(404);
    const applied = await w.specialistA.agent.post(`/api/v1/contracts/${contract.id}/terminations`, body);
    expect(applied.statusCode, applied.body).toBe(201);
    expect(applied.json()).toMatchObject({ status: 'pending', penalty: '3000.00', depositRefund: '27000.00' });
    expect((await w.specialistA.agent.post(`/api/v1/contracts/${contract.id}/terminations`, body)).json().reason).toBe('contract.termination_pending');
    expect(await approveAll(applied.json().approvalId)).toEqual(['部门经理确认', '法务审核', '分管领导/总经理审批']);
    expect((await w.specialistA.agent.get(`/api/v1/contracts/${contract.id}`)).json()).toMatchObject({ status: 'terminated_early', statusName: '提前解除' });
    expect((await w.specialistA.agent.get(`/api/v1/contracts/${contract.id}/terminations`)).json()[0].status).toBe('approved');
    const unitId = (await w.specialistA.agent.get(`/api/v1/contracts/${contract.id}`)).json().unitLines[0].spaceId;
    expect((await w.admin.get(`/api/v1/spaces/${unitId}?date=2027-02-28`)).json().status).toBe('leased');
    expect((await w.admin.get(`/api/v1/spaces/${unitId}?date=2027-03-01`)).json().status).toBe('vacant');
    // R-BIL-02: the schedule stops at the termination date; later periods go
    const schedule = (await w.finance.agent.get(`/api/v1/billing/contracts/${contract.id}/schedule`)).json();
    const last = schedule.lines.at(-1);
    expect(last).toMatchObject({ periodStart: '2026-12-01', periodEnd: '2027-02-28', lineEnd: '2027-02-28' });
    expect(schedule.lines.every((line: { periodEnd: string }) => line.periodEnd <= '2027-02-28')).toBe(true);
  });
});

describe('renewal', () => {
  it('R-LEA-31 renewal drafts a new contract linked to the old one from the day after it ends, with its units and terms; only once', async () => {
    await moveClock(t, w, '2026-09-01T02:00:00Z');
    const contract = await signedContract('N01', '2026-09-01', '2027-08-31');
    const renewed = await w.specialistA.agent.post(`/api/v1/contracts/${contract.id}/renew`, {});
    expect(renewed.statusCode, renewed.body).toBe(201);
    expect(renewed.json()).toMatchObject({ status: 'draft', startDate: '2027-09-01', endDate: '2028-08-31', renewalOfId: contract.id, renewalOfNumber: contract.number, customerId: contract.customerId, totalArea: contract.totalArea });
    expect(renewed.json().terms.freePeriods).toEqual([]);
    expect(renewed.json().terms.charges.map((c: { item: string }) => c.item)).toEqual(contract.terms.charges.map((c: { item: string }) => c.item));
    expect((await w.specialistA.agent.get(`/api/v1/contracts/${contract.id}`)).json()).toMatchObject({ renewedById: renewed.json().id, renewedByNumber: renewed.json().number });
    expect((await w.specialistA.agent.post(`/api/v1/contracts/${contract.id}/renew`, {})).json().reason).toBe('contract.already_renewed');
    const unitId = renewed.json().unitLines[0].spaceId;
    expect((await w.admin.get(`/api/v1/spaces/${unitId}?date=2027-09-01`)).json()).toMatchObject({ status: 'reserved', occupant: { contractId: renewed.json().id } });
    expect((await w.specialistB.agent.post(`/api/v1/contracts/${contract.id}/renew`, {})).statusCode).toBe(404);
  });
});

describe('ledger', () => {
  it('R-LEA-20 R-LEA-21 the ledger lists signed contracts with every column and exports them as .xlsx; the quarterly job archives the previous quarter once and gives legal and the executives a task; a new version can be produced', async () => {
    await moveClock(t, w, '2026-09-01T02:00:00Z');
    const contract = await signedContract('L01', '2026-09-01', '2027-08-31');
    await w.specialistA.agent.post(`/api/v1/contracts/${contract.id}/breaches`, { breachType: 'arrears', occurredOn: '2026-09-01', description: '首期租金逾期', measures: ['notice'] });
    const page = (await w.specialistA.agent.get('/api/v1/contract-ledger?pageSize=100')).json();
    const row = page.items.find((r: { id: number }) => r.id === contract.id);
    expect(row).toMatchObject({
      number: contract.number,
      customerName: contract.customerName,
      term: '2026-09-01 至 2027-08-31',
      location: expect.stringContaining('L01（100.00㎡）'),
      changes: '无变更',
      breaches: '违约 1 次，1 次处理中',
      execution: expect.stringContaining('已生效，2026-09-01 生效'),
    });
    expect(row.charges).toContain('租金 1.00 元/㎡·天');
    // Pages follow the start date, then the id, with the texts of each row.
    const whole = (await w.admin.get('/api/v1/contract-ledger?pageSize=100')).json().items as { id: number; term: string; location: string }[];
    const starts = whole.map((r) => r.term.slice(0, 10));
    expect(starts).toEqual([...starts].sort());
    const second = (await w.admin.get('/api/v1/contract-ledger?pageSize=1&page=2')).json();
    expect(second.items).toEqual([whole[1]]);
    expect((await w.specialistB.agent.get('/api/v1/contract-ledger?pageSize=100')).json().items.map((r: { id: number }) => r.id)).not.toContain(contract.id);

    const file = await getBytes(t, w.specialistA.agent, '/api/v1/contract-ledger/export?from=2026-07-01&to=2026-09-30');
    expect(file.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.body as never);
    const sheet = book.getWorksheet('合同台账')!;
    expect(sheet.getRow(1).values).toEqual([undefined, '合同编号', '签约单位', '合同类型', '有效期', '收费标准', '具体经营位置', '计租面积（㎡）', '变更情况', '违约情况', '执行情况', '备注']);
    const numbers = sheet.getColumn(1).values.slice(2);
    expect(numbers).toContain(contract.number);

    // The quarterly job: on 1 October the third quarter's ledger, once; tasks for legal and the GM.
    expect((await w.specialistA.agent.get('/api/v1/contract-ledger/reports')).statusCode).toBe(403);
    await moveClock(t, w, '2026-10-01T00:30:00Z');
    const deps = { db: t.database.db, clock: t.clock, config: t.config };
    expect(await runQuarterlyLedger(deps)).toEqual({ quarter: '2026Q3', produced: true });
    expect(await runQuarterlyLedger(deps)).toEqual({ quarter: '2026Q3', produced: false });
    const reports = (await w.legal.agent.get('/api/v1/contract-ledger/reports')).json();
    expect(reports[0]).toMatchObject({ quarter: '2026Q3', version: 1, fromDate: '2026-07-01', toDate: '2026-09-30', createdByName: null });
    expect(reports[0].contracts).toBeGreaterThan(0);
    for (const person of [w.legal, w.gm]) {
      const [task] = await tasksOf(t, LEDGER_REPORT_RULE, person.user.id);
      expect(task).toMatchObject({ title: '审阅 2026 年第 3 季度合同台账', recordType: 'contract_ledger_report' });
      expect(task!.dueAt.toISOString()).toBe('2026-10-04T10:00:00.000Z');
    }
    const archived = await getBytes(t, w.gm.agent, `/api/v1/contract-ledger/reports/${reports[0].id}/file`);
    expect(archived.statusCode).toBe(200);
    const again = await w.legal.agent.post('/api/v1/contract-ledger/reports', { quarter: '2026Q3' });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json()).toMatchObject({ quarter: '2026Q3', version: 2 });
    t.clock.set('2026-10-05T01:00:00Z');
    expect(await runQuarterlyLedger(deps)).toEqual({ quarter: '2026Q3', produced: false });
    await moveClock(t, w, '2026-09-01T02:00:00Z');
  });
});

describe('contract list', () => {
  it('R-LEA-20 the keyword finds a contract by its number, title, customer name (two characters) or unit code, within the caller\'s scope only', async () => {
    const { ids } = await parkWithUnits(w.admin, [{ code: 'KQ71', usableArea: '100', grossArea: '100' }, { code: 'KQ72', usableArea: '100', grossArea: '100' }]);
    const first = await admittedCustomer(t, w.specialistA.user, '上海鹭洲冷链仓储有限公司');
    const second = await admittedCustomer(t, w.specialistA.user, '江苏青禾物流有限公司');
    const a = (await w.specialistA.agent.post('/api/v1/contracts', contractBody(first.id, [ids[0]!], { title: '鹭洲一号库租赁合同' }))).json();
    const b = (await w.specialistA.agent.post('/api/v1/contracts', contractBody(second.id, [ids[1]!], { title: '青禾库位租赁', startDate: '2026-12-01' }))).json();
    const found = async (agent: typeof w.admin, q: string) =>
      ((await agent.get(`/api/v1/contracts?q=${encodeURIComponent(q)}&pageSize=100`)).json().items as { id: number }[]).map((row) => row.id).filter((id) => id === a.id || id === b.id);
    expect(await found(w.specialistA.agent, a.number.slice(-8))).toEqual([a.id]);
    expect(await found(w.specialistA.agent, '一号库')).toEqual([a.id]);
    expect(await found(w.specialistA.agent, '鹭洲')).toEqual([a.id]);
    expect(await found(w.specialistA.agent, '青禾')).toEqual([b.id]);
    expect(await found(w.specialistA.agent, 'KQ72')).toEqual([b.id]);
    expect(await found(w.specialistA.agent, 'ＫＱ７２')).toEqual([b.id]);
    expect(await found(w.specialistA.agent, '租赁')).toEqual([b.id, a.id]);
    expect(await found(w.specialistA.agent, '冷链仓储')).toEqual([a.id]);
    expect(await found(w.specialistB.agent, '鹭洲')).toEqual([]);
    expect(await found(w.specialistA.agent, '100%')).toEqual([]);
  });
});

describe('templates and scope', () => {
  it('R-LEA-12 a .docx template with known placeholders is versioned; unknown placeholders, broken tags and a non-.docx named .docx are refused; the draft\'s filled .docx carries its data', async () => {
    const placeholders = (await w.specialistA.agent.get('/api/v1/contract-templates/placeholders')).json();
    expect(placeholders.placeholders.map((p: { key: string }) => p.key)).toContain('客户名称');
    expect(typeof placeholders.pdfAvailable).toBe('boolean');

    const unknown = await uploadTemplate(t, w.admin, (await import('../leasing.fixtures')).docx(['{客户名称} {租金大写}']));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0]).toMatchObject({ field: 'file' });
    expect(unknown.json().errors[0].message).toContain('{租金大写}');
    const broken = await uploadTemplate(t, w.admin, (await import('../leasing.fixtures')).docx(['{客户名称']));
    expect(broken.statusCode).toBe(400);
    expect(broken.json().errors[0].message).toMatch(/占位符格式有误/);
    const fake = await uploadTemplate(t, w.admin, Buffer.from('这不是 Word 文档'), {}, '假范本.docx');
    expect(fake.statusCode).toBe(400);
    expect(fake.json().errors[0].field).toBe('file');
    const bySpecialist = await uploadTemplate(t, w.specialistA.agent, standardTemplate());
    expect(bySpecialist.statusCode).toBe(403);

    const v1 = (await uploadTemplate(t, w.admin, standardTemplate())).json();
    const v2 = await uploadTemplate(t, w.admin, standardTemplate(), { code: v1.code, note: '修订违约条款' });
    expect(v2.json()).toMatchObject({ code: v1.code, version: 2, active: true });
    const list = (await w.specialistA.agent.get('/api/v1/contract-templates')).json();
    expect(list.find((x: { id: number }) => x.id === v1.id).active).toBe(false);

    const { ids } = await parkWithUnits(w.admin, [{ code: 'J01', usableArea: '250', grossArea: '250' }]);
    const customer = await admittedCustomer(t, w.specialistA.user, `文本测试${Date.now()}物流有限公司`);
    const stale = await w.specialistA.agent.post('/api/v1/contracts', contractBody(customer.id, ids, { templateId: v1.id }));
    expect(stale.json().errors[0].field).toBe('templateId');
    const draft = (await w.specialistA.agent.post('/api/v1/contracts', contractBody(customer.id, ids, { templateId: v2.json().id }))).json();
    const file = await getBytes(t, w.specialistA.agent, `/api/v1/contracts/${draft.id}/document`);
    expect(file.statusCode).toBe(200);
    expect(String(file.headers['content-type'])).toContain('wordprocessingml');
    const text = docxText(file.body);
    expect(text).toContain(customer.name);
    expect(text).toContain(draft.number);
    expect(text).toContain('计租面积 250.00 ㎡');
    expect(text).toMatch(/J01：250.00 ㎡/);
    expect(text).toContain('按季预付，每期付款日 5 日');
  });

  it('R-PLT-03 a specialist of another unit cannot read, list, change, act on, download or see the attachments of a contract', async () => {
    const { ids } = await parkWithUnits(w.admin, [{ code: 'K01', usableArea: '100', grossArea: '100' }]);
    const customer = await admittedCustomer(t, w.specialistA.user);
    const template = (await uploadTemplate(t, w.admin, standardTemplate())).json();
    const draft = (await w.specialistA.agent.post('/api/v1/contracts', contractBody(customer.id, ids, { templateId: template.id }))).json();
    const intruder = w.specialistB.agent;
    for (const [method, url, body] of [
      ['get', `/api/v1/contracts/${draft.id}`],
      ['get', `/api/v1/contracts/${draft.id}/versions`],
      ['get', `/api/v1/contracts/${draft.id}/document`],
      ['get', `/api/v1/billing/contracts/${draft.id}/schedule`],
      ['put', `/api/v1/contracts/${draft.id}`, contractBody(customer.id, ids)],
      ['post', `/api/v1/contracts/${draft.id}/submit`, {}],
      ['post', `/api/v1/contracts/${draft.id}/terminate`, { reason: '试探' }],
      ['get', `/api/v1/attachments?recordType=contract&recordId=${draft.id}`],
    ] as const) {
      const res = await (intruder as unknown as Record<string, (u: string, b?: unknown) => Promise<{ statusCode: number }>>)[method]!(url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    const listed = (await intruder.get('/api/v1/contracts?pageSize=100')).json().items.map((c: { id: number }) => c.id);
    expect(listed).not.toContain(draft.id);
    expect((await w.managerA.agent.get('/api/v1/contracts?pageSize=100')).json().items.map((c: { id: number }) => c.id)).toContain(draft.id);
    const stored = await t.database.db.select().from(contractVersions).where(eq(contractVersions.contractId, draft.id));
    expect(stored).toHaveLength(1);
  });
});
