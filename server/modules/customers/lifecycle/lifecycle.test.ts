import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness';
import { quarterStartOf } from './lifecycle.service';
import { customers } from '../customers.table';
import { auditOf, createWorld, type World } from '../../../test/world';
import { customerRow, timelineTypes, createCustomer } from '../../../test/customers';

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
});
afterAll(async () => t?.close());

describe('lost customers', () => {
  it('R-CUS-50 marking 流失 needs a dictionary reason and a note; it is audited, on the timeline, and reactivation clears it', async () => {
    const customer = await createCustomer(t, w.specialistA.user, { lifecycleCode: 'signed' });
    const agent = w.specialistA.agent;
    const url = `/api/v1/customers/${customer.id}/lost`;

    expect((await agent.post(url, { reasonCode: 'price' })).statusCode).toBe(400);
    const unknown = await agent.post(url, { reasonCode: 'no_such_reason', note: '价格' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('reasonCode');
    expect((await agent.post(url, { reasonCode: 'price', note: '报价高', version: customer.version + 5 })).statusCode).toBe(409);

    const lost = await agent.post(url, { reasonCode: 'competitor', competitor: '普洛斯', note: '对方租金低 15%', version: customer.version });
    expect(lost.statusCode, lost.body).toBe(200);
    expect(lost.json()).toMatchObject({
      lifecycleCode: 'lost',
      lostReasonCode: 'competitor',
      lostCompetitor: '普洛斯',
      lostNote: '对方租金低 15%',
      lostAt: t.clock.now().toISOString(),
      version: customer.version + 1,
    });
    expect((await agent.post(url, { reasonCode: 'price', note: '再次' })).statusCode).toBe(409);
    const [audit] = await auditOf(t, 'customer', customer.id);
    expect(audit).toMatchObject({ action: 'mark_lost', customerId: customer.id });
    expect(audit!.changes).toMatchObject({ lifecycleCode: { before: 'signed', after: 'lost' }, lostCompetitor: { before: null, after: '普洛斯' } });
    expect(await timelineTypes(t, customer.id)).toContain('lost');

    expect((await agent.post(`/api/v1/customers/${customer.id}/reactivate`, { lifecycleCode: 'lost' })).statusCode).toBe(400);
    const back = await agent.post(`/api/v1/customers/${customer.id}/reactivate`, { lifecycleCode: 'intent', note: '重新洽谈' });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ lifecycleCode: 'intent', lostReasonCode: null, lostCompetitor: null, lostNote: null, lostAt: null });
    expect((await auditOf(t, 'customer', customer.id)).map((a) => a.action)).toContain('reactivate');
    expect(await timelineTypes(t, customer.id)).toContain('reactivated');
    expect((await agent.post(`/api/v1/customers/${customer.id}/reactivate`, {})).statusCode).toBe(409);
  });

  it('R-CUS-50 R-CUS-33 R-PLT-03 another unit\'s specialist cannot mark lost, reactivate or verify (404)', async () => {
    const customer = await createCustomer(t, w.specialistA.user);
    const b = w.specialistB.agent;
    expect((await b.post(`/api/v1/customers/${customer.id}/lost`, { reasonCode: 'price', note: 'x' })).statusCode).toBe(404);
    expect((await b.post(`/api/v1/customers/${customer.id}/reactivate`, {})).statusCode).toBe(404);
    expect((await b.post(`/api/v1/customers/${customer.id}/verify`, {})).statusCode).toBe(404);
    expect(await customerRow(t, customer.id)).toMatchObject({ lifecycleCode: 'potential', verifiedAt: null });
  });
});

describe('quarterly verification', () => {
  it('R-CUS-33 the quarter starts at 00:00 Asia/Shanghai', () => {
    expect(quarterStartOf(new Date('2026-03-02T02:00:00Z')).toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(quarterStartOf(new Date('2026-03-31T16:30:00Z')).toISOString()).toBe('2026-03-31T16:00:00.000Z');
    expect(quarterStartOf(new Date('2026-03-31T15:59:00Z')).toISOString()).toBe('2025-12-31T16:00:00.000Z');
  });

  it('R-CUS-33 verifying records who and when; the unverified list shows customers not verified this quarter, per owner, within scope', async () => {
    const unit = await t.createUnit();
    const sub = await t.createUnit(undefined, unit.id);
    const manager = await t.createUser({ unitId: unit.id, role: 'manager' });
    const owner1 = await t.createUser({ unitId: unit.id, role: 'specialist' });
    const owner2 = await t.createUser({ unitId: sub.id, role: 'specialist' });
    const fresh = await createCustomer(t, owner1);
    const lastQuarter = await createCustomer(t, owner1, { verifiedAt: new Date('2025-12-31T15:00:00Z') });
    const thisQuarter = await createCustomer(t, owner1, { verifiedAt: new Date('2025-12-31T16:30:00Z') });
    const inSub = await createCustomer(t, owner2);
    const elsewhere = await createCustomer(t, w.specialistA.user);

    const managerAgent = await t.login(manager);
    const list = (await managerAgent.get('/api/v1/customers/unverified?pageSize=100')).json();
    expect(list.quarterStart).toBe('2025-12-31T16:00:00.000Z');
    expect(list.items.map((c: { id: number }) => c.id).sort()).toEqual([fresh.id, lastQuarter.id, inSub.id].sort());
    expect(list.total).toBe(3);
    expect(list.byOwner).toEqual([
      { ownerId: owner1.id, ownerName: expect.any(String), count: 2 },
      { ownerId: owner2.id, ownerName: expect.any(String), count: 1 },
    ]);
    expect(list.items.map((c: { id: number }) => c.id)).not.toContain(elsewhere.id);
    expect(list.items.map((c: { id: number }) => c.id)).not.toContain(thisQuarter.id);

    const byOwner = (await managerAgent.get(`/api/v1/customers/unverified?ownerId=${owner2.id}`)).json();
    expect(byOwner.items.map((c: { id: number }) => c.id)).toEqual([inSub.id]);
    const bySub = (await managerAgent.get(`/api/v1/customers/unverified?unitId=${sub.id}`)).json();
    expect(bySub.items.map((c: { id: number }) => c.id)).toEqual([inSub.id]);

    // A specialist (scope self) sees only their own customers.
    const owner1Agent = await t.login(owner1);
    const own = (await owner1Agent.get('/api/v1/customers/unverified')).json();
    expect(own.items.map((c: { id: number }) => c.id).sort()).toEqual([fresh.id, lastQuarter.id].sort());

    const verified = await owner1Agent.post(`/api/v1/customers/${fresh.id}/verify`, { note: '电话核实，地址变更已更新' });
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json()).toMatchObject({ verifiedAt: t.clock.now().toISOString(), verifiedById: owner1.id });
    expect((await auditOf(t, 'customer', fresh.id)).map((a) => a.action)).toEqual(['verify']);
    expect(await timelineTypes(t, fresh.id)).toEqual(['verified']);
    expect((await owner1Agent.get('/api/v1/customers/unverified')).json().items.map((c: { id: number }) => c.id)).toEqual([lastQuarter.id]);

    // Next quarter every customer is due again.
    t.clock.set('2026-04-01T01:00:00Z');
    const nextQuarter = (await (await t.login(manager)).get('/api/v1/customers/unverified?pageSize=100')).json();
    expect(nextQuarter.quarterStart).toBe('2026-03-31T16:00:00.000Z');
    expect(nextQuarter.total).toBe(4);
    // Merged records are not listed.
    await t.database.db.update(customers).set({ mergedIntoId: fresh.id }).where(eq(customers.id, lastQuarter.id));
    expect((await (await t.login(manager)).get(`/api/v1/customers/unverified`)).json().total).toBe(3);
  });
});
