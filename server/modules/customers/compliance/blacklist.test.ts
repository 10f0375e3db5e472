import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness';
import { assertNotBlacklisted } from './blacklist.service';
import { approve, auditOf, createWorld, reject, type World } from '../../../test/world';
import { customerRow, timelineTypes, createCustomer } from '../../../test/customers';

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
});
afterAll(async () => t?.close());

/** blacklist flow: unit manager → legal → GM. */
async function approveAll(approvalId: number) {
  await approve(w.managerA.agent, approvalId);
  await approve(w.legal.agent, approvalId);
  return approve(w.gm.agent, approvalId);
}

const blocked = (customerId: number, unitId: number) => assertNotBlacklisted(t.database.db, customerId, unitId);

describe('blacklist', () => {
  it('R-PLT-21 R-CUS-11 R-CUS-40 default flows exist for admission (manager → finance) and blacklist removal', async () => {
    const flows = (await w.admin.get('/api/v1/approval-flows')).json().items;
    const admission = flows.find((f: { businessType: string }) => f.businessType === 'customer_admission');
    expect(admission.steps.map((s: { approverType: string }) => s.approverType)).toEqual(['unit_manager', 'finance']);
    expect(flows.filter((f: { businessType: string }) => f.businessType === 'blacklist_removal')).toHaveLength(1);
    expect(flows.filter((f: { businessType: string }) => f.businessType === 'blacklist')).toHaveLength(1);
  });

  it('R-CUS-40 a unit blacklist takes effect after approval and blocks that unit and its sub-units only', async () => {
    const customer = await createCustomer(t, w.specialistA.user);
    const requested = await w.specialistA.agent.post(`/api/v1/customers/${customer.id}/blacklist`, {
      level: 'unit',
      reason: '恶意拖欠租金',
      evidence: '2025 年 3 次催缴函',
    });
    expect(requested.statusCode, requested.body).toBe(201);
    const entry = requested.json();
    expect(entry).toMatchObject({ level: 'unit', unitId: w.unitA.id, status: 'pending', reason: '恶意拖欠租金' });
    await expect(blocked(customer.id, w.unitA.id)).resolves.toBeUndefined(); // not yet approved
    expect((await w.specialistA.agent.post(`/api/v1/customers/${customer.id}/blacklist`, { level: 'unit', reason: '重复' })).statusCode).toBe(409);

    const done = await approveAll(entry.approvalId);
    expect(done.status).toBe('approved');
    const row = await customerRow(t, customer.id);
    expect(row).toMatchObject({ blacklistLevel: 'unit', blacklistUnitId: w.unitA.id });

    await expect(blocked(customer.id, w.unitA.id)).rejects.toMatchObject({ code: 'CONFLICT', detail: expect.stringContaining('恶意拖欠租金') });
    await expect(blocked(customer.id, w.subUnitA.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(blocked(customer.id, w.unitB.id)).resolves.toBeUndefined();
    await expect(blocked(customer.id, t.rootUnitId)).resolves.toBeUndefined();

    const list = (await w.specialistA.agent.get('/api/v1/blacklist')).json();
    expect(list.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: entry.id, status: 'active', customerName: customer.name })]));
    const others = (await w.specialistB.agent.get('/api/v1/blacklist')).json();
    expect(others.items.some((item: { customerId: number }) => item.customerId === customer.id)).toBe(false);
    expect((await auditOf(t, 'customer_blacklist', entry.id)).map((a) => a.action)).toEqual(expect.arrayContaining(['create', 'blacklist_active']));
    expect((await timelineTypes(t, customer.id)).filter((type) => type === 'blacklist')).toHaveLength(2);
  });

  it('R-CUS-40 a company blacklist blocks everywhere; a rejected request changes nothing', async () => {
    const customer = await createCustomer(t, w.specialistA.user);
    const refused = (await w.specialistA.agent.post(`/api/v1/customers/${customer.id}/blacklist`, { level: 'company', reason: '虚假资料' })).json();
    await reject(w.managerA.agent, refused.approvalId, '证据不足');
    expect((await customerRow(t, customer.id)).blacklistLevel).toBeNull();
    const history = (await w.specialistA.agent.get(`/api/v1/customers/${customer.id}/blacklist`)).json().items;
    expect(history).toEqual([expect.objectContaining({ id: refused.id, status: 'rejected' })]);

    const entry = (await w.specialistA.agent.post(`/api/v1/customers/${customer.id}/blacklist`, { level: 'company', reason: '严重违约' })).json();
    await approveAll(entry.approvalId);
    expect(await customerRow(t, customer.id)).toMatchObject({ blacklistLevel: 'company', blacklistUnitId: null });
    for (const unitId of [w.unitA.id, w.subUnitA.id, w.unitB.id, t.rootUnitId]) {
      await expect(blocked(customer.id, unitId)).rejects.toMatchObject({ code: 'CONFLICT', detail: expect.stringContaining('全公司黑名单') });
    }
    // On the company blacklist, a further unit request is pointless.
    expect((await w.specialistA.agent.post(`/api/v1/customers/${customer.id}/blacklist`, { level: 'unit', reason: 'x' })).statusCode).toBe(409);
  });

  it('R-CUS-40 removal needs approval: it keeps blocking until approved, a rejected removal leaves it active', async () => {
    const customer = await createCustomer(t, w.specialistA.user);
    const entry = (await w.specialistA.agent.post(`/api/v1/customers/${customer.id}/blacklist`, { level: 'unit', reason: '违规转租' })).json();
    await approveAll(entry.approvalId);

    const removal = await w.specialistA.agent.post(`/api/v1/blacklist/${entry.id}/removal`, { reason: '已整改' });
    expect(removal.statusCode, removal.body).toBe(201);
    expect(removal.json()).toMatchObject({ status: 'removal_pending', removalReason: '已整改' });
    await expect(blocked(customer.id, w.unitA.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    await reject(w.managerA.agent, removal.json().approvalId, '整改未完成');
    expect((await w.specialistA.agent.get(`/api/v1/customers/${customer.id}/blacklist`)).json().items[0].status).toBe('active');
    expect((await customerRow(t, customer.id)).blacklistLevel).toBe('unit');

    const again = (await w.specialistA.agent.post(`/api/v1/blacklist/${entry.id}/removal`, { reason: '整改完成并缴清欠款' })).json();
    await approveAll(again.approvalId);
    const row = await customerRow(t, customer.id);
    expect(row).toMatchObject({ blacklistLevel: null, blacklistUnitId: null });
    await expect(blocked(customer.id, w.unitA.id)).resolves.toBeUndefined();
    const [latest] = (await w.specialistA.agent.get(`/api/v1/customers/${customer.id}/blacklist`)).json().items;
    expect(latest).toMatchObject({ status: 'removed', removedAt: expect.any(String) });
    expect((await w.specialistA.agent.post(`/api/v1/blacklist/${entry.id}/removal`, { reason: '再次' })).statusCode).toBe(409);
    expect((await auditOf(t, 'customer_blacklist', entry.id)).map((a) => a.action)).toEqual(
      expect.arrayContaining(['blacklist_removed', 'blacklist_active']),
    );
  });

  it('R-CUS-40 R-PLT-03 a specialist of another unit cannot request or remove for unit A\'s customer (404)', async () => {
    const customer = await createCustomer(t, w.specialistA.user);
    const b = w.specialistB.agent;
    expect((await b.post(`/api/v1/customers/${customer.id}/blacklist`, { level: 'company', reason: 'x' })).statusCode).toBe(404);
    expect((await b.get(`/api/v1/customers/${customer.id}/blacklist`)).statusCode).toBe(404);
    const entry = (await w.specialistA.agent.post(`/api/v1/customers/${customer.id}/blacklist`, { level: 'unit', reason: '欠费' })).json();
    await approveAll(entry.approvalId);
    expect((await b.post(`/api/v1/blacklist/${entry.id}/removal`, { reason: 'x' })).statusCode).toBe(404);
    expect((await b.get(`/api/v1/approvals/${entry.approvalId}`)).statusCode).toBe(404);
  });
});
