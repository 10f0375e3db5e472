import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../../platform/audit/audit.table';
import { notifications } from '../../../platform/notifications/notifications.table';
import { insertCustomer } from '../../../test/customers';
import { createTestApp, unique, type TestApp } from '../../../test/harness';
import { customerContacts, customers, customerTimeline } from '../../customers';
import { opportunities } from '../opportunities/opportunities.table';
import { createDesk, logVisit, uniquePhone, type ReceptionDesk } from './reception.fixtures';
import { receptionRecords } from './reception.table';

let t: TestApp;
let w: ReceptionDesk;
let other: ReceptionDesk;

beforeAll(async () => {
  t = await createTestApp();
  w = await createDesk(t);
  other = await createDesk(t);
});
afterAll(async () => t?.close());

const url = '/api/v1/development/reception-records';
const recordRow = async (id: number) => (await t.database.db.select().from(receptionRecords).where(eq(receptionRecords.id, id)))[0]!;
const customerOf = async (id: number) => (await t.database.db.select().from(customers).where(eq(customers.id, id)))[0]!;
const timeline = (customerId: number) => t.database.db.select().from(customerTimeline).where(eq(customerTimeline.customerId, customerId));
const ownedCustomer = (owner: { id: number; unitId: number }, name = `${unique('老客户')}物流有限公司`) =>
  insertCustomer(t.database.db, { name, unitId: owner.unitId, ownerId: owner.id });

describe('reception log', () => {
  it('R-DEV-40 bad input gets Chinese field errors and nothing is saved', async () => {
    const before = (await t.database.db.select().from(receptionRecords)).length;
    const cases: [Record<string, unknown>, string][] = [
      [{ contactPhone: '12345' }, 'contactPhone'],
      [{ timeIn: '2026-03-02T09:00:00+08:00', timeOut: '2026-03-02T08:00:00+08:00' }, 'timeOut'],
      [{ spaceTypeCode: 'castle' }, 'spaceTypeCode'],
      [{ sourceCode: 'nowhere' }, 'sourceCode'],
      [{ prospectName: null, contactName: null }, 'prospectName'],
      [{ companions: -1 }, 'companions'],
      [{ area: 'abc' }, 'area'],
      [{ customerId: 99_999_999 }, 'customerId'],
      [{ unitId: other.unit.id }, 'unitId'],
    ];
    for (const [body, field] of cases) {
      const response = await w.desk.agent.post(url, { kind: 'visit', prospectName: '某某公司', ...body });
      expect(response.statusCode, `${field}: ${response.body}`).toBe(400);
      const errors = response.json().errors as { field: string; message: string }[];
      expect(errors.some((error) => error.field === field && /[\u4e00-\u9fa5]/.test(error.message)), `${field}: ${response.body}`).toBe(true);
    }
    expect((await t.database.db.select().from(receptionRecords)).length).toBe(before);
  });

  it('R-DEV-40 a logged visit keeps all its facts, notifies the receiver, is audited; time-out is added later', async () => {
    const phone = uniquePhone();
    const record = await logVisit(w.desk.agent, {
      timeIn: '2026-03-02T09:30:00+08:00',
      contactPhone: phone,
      companions: 2,
      spaceTypeCode: 'warehouse',
      area: '1200.5',
      sourceCode: 'walk_in',
      summary: '需要 1000 平米冷链仓库',
      siteTour: true,
    });
    expect(record).toMatchObject({
      unitId: w.unit.id,
      kind: 'visit',
      timeIn: '2026-03-02T01:30:00.000Z',
      timeOut: null,
      contactPhone: phone,
      companions: 2,
      spaceTypeLabel: '仓库',
      area: '1200.50',
      sourceLabel: '来访',
      siteTour: true,
      assignmentLabel: '轮流接待',
      createdById: w.desk.user.id,
    });
    const [note] = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, record.receiverId), eq(notifications.kind, 'reception_assigned')));
    expect(note?.title).toContain('请接待来访');
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'reception_record'), eq(auditEvents.entityId, String(record.id))));
    expect(audit.map((event) => event.action)).toEqual(['create']);

    const early = await w.desk.agent.patch(`${url}/${record.id}`, { timeOut: '2026-03-02T09:00:00+08:00' });
    expect(early.statusCode).toBe(400);
    expect(early.json().errors[0]).toMatchObject({ field: 'timeOut', message: '离开时间不能早于到访时间' });
    const left = await w.desk.agent.patch(`${url}/${record.id}`, { timeOut: '2026-03-02T09:55:00+08:00', summary: '已带看 3 号库' });
    expect(left.statusCode, left.body).toBe(200);
    expect(left.json()).toMatchObject({ timeOut: '2026-03-02T01:55:00.000Z', summary: '已带看 3 号库' });

    // The list filters by date, kind and keyword; others see the phone masked.
    const listed = (await w.manager.agent.get(`${url}?from=2026-03-02&to=2026-03-02&kind=visit&keyword=${encodeURIComponent('3 号库')}`)).json();
    expect(listed.items.map((item: { id: number }) => item.id)).toEqual([record.id]);
    expect(listed.items[0].contactPhone).toBe(phone); // managers hold sensitive:view
  });

  it('R-DEV-40 R-DEV-11 a known customer goes to its owner, lands on the timeline and counts as a follow-up only when the owner receives it', async () => {
    const customer = await ownedCustomer(w.a.user);
    const visit = await logVisit(w.desk.agent, { customerId: customer.id, prospectName: null });
    expect(visit).toMatchObject({ customerId: customer.id, customerName: customer.name, receiverId: w.a.user.id, assignment: 'previous' });
    expect((await timeline(customer.id)).map((event) => event.type)).toContain('reception');
    expect((await customerOf(customer.id)).lastFollowUpAt).not.toBeNull();

    const second = await ownedCustomer(w.a.user);
    const byOther = await logVisit(w.desk.agent, { customerId: second.id, prospectName: null, receiverId: w.b.user.id });
    expect(byOther).toMatchObject({ receiverId: w.b.user.id, assignment: 'manual' });
    expect((await timeline(second.id)).map((event) => event.type)).toContain('reception');
    expect((await customerOf(second.id)).lastFollowUpAt).toBeNull();
  });

  it('R-DEV-40 a new prospect becomes a customer in one step: owner = receiver, contact from the record; twice is refused', async () => {
    const phone = uniquePhone();
    const name = `${unique('一键转化')}供应链有限公司`;
    const record = await logVisit(w.desk.agent, { prospectName: name, contactName: '李经理', contactPhone: phone, sourceCode: 'walk_in' });
    const converted = await w.desk.agent.post(`${url}/${record.id}/convert`, { industryCode: 'G' });
    expect(converted.statusCode, converted.body).toBe(201);
    const result = converted.json();
    expect(result).toMatchObject({ convertedCustomerName: name, customerName: name });
    const customer = await customerOf(result.convertedCustomerId);
    expect(customer).toMatchObject({ name, ownerId: record.receiverId, unitId: w.unit.id, sourceCode: 'walk_in', industryCode: 'G' });
    expect(customer.lastFollowUpAt).not.toBeNull();
    const contacts = await t.database.db.select().from(customerContacts).where(eq(customerContacts.customerId, customer.id));
    expect(contacts).toEqual([expect.objectContaining({ name: '李经理', mobile: phone, isPrimary: true })]);
    expect(await recordRow(record.id)).toMatchObject({ customerId: customer.id, convertedCustomerId: customer.id });
    expect((await timeline(customer.id)).map((event) => event.type)).toEqual(expect.arrayContaining(['created', 'reception']));

    const twice = await w.desk.agent.post(`${url}/${record.id}/convert`, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.json().reason).toBe('reception.already_converted');
  });

  it('R-DEV-40 R-CUS-05 converting a duplicate is refused with the existing customer and its owner; nothing is linked', async () => {
    const existing = await ownedCustomer(other.a.user);
    const [owner] = await t.database.db.select().from(customers).where(eq(customers.id, existing.id));
    const record = await logVisit(w.desk.agent, { prospectName: existing.name });
    const refused = await w.desk.agent.post(`${url}/${record.id}/convert`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'DUPLICATE', existing: { name: existing.name } });
    expect(refused.json().reason).toBe('customer.duplicate');
    expect(refused.json().existing.ownerName).toBeTruthy();
    expect(owner!.ownerId).toBe(other.a.user.id);
    expect(await recordRow(record.id)).toMatchObject({ customerId: null, convertedCustomerId: null });
  });

  it('R-DEV-40 scope: a specialist of unit A sees none of unit B’s records (404 by id); a specialist sees only the ones they receive', async () => {
    const foreign = await logVisit(other.desk.agent);
    const mine = await logVisit(w.desk.agent, { receiverId: w.c.user.id });
    const listed = (await w.c.agent.get(`${url}?pageSize=100`)).json();
    expect(listed.items.length).toBeGreaterThan(0);
    expect(listed.items.every((item: { receiverId: number; unitId: number }) => item.receiverId === w.c.user.id && item.unitId === w.unit.id)).toBe(true);
    expect(listed.items.some((item: { id: number }) => item.id === mine.id)).toBe(true);
    for (const agent of [w.c.agent, w.desk.agent, w.manager.agent]) {
      expect((await agent.get(`${url}/${foreign.id}`)).statusCode).toBe(404);
      expect((await agent.get(`${url}?pageSize=100`)).json().items.some((item: { id: number }) => item.id === foreign.id)).toBe(false);
    }
    expect((await w.desk.agent.patch(`${url}/${foreign.id}`, { summary: '越权' })).statusCode).toBe(404);
    expect((await w.desk.agent.post(`${url}/${foreign.id}/convert`, {})).statusCode).toBe(404);
    expect((await w.a.agent.get(`${url}/${mine.id}`)).statusCode).toBe(404); // another specialist's visitor
    expect((await w.c.agent.get(`${url}/${mine.id}`)).statusCode).toBe(200);
  });
});

describe('reception desk without a rotation', () => {
  it('R-DEV-40 R-DEV-41 before any rotation exists the desk picks any active person of its unit or itself; other units are refused', async () => {
    const fresh = await createDesk(t, { rotation: false });
    const receivers = await fresh.desk.agent.get('/api/v1/development/reception-receivers');
    expect(receivers.statusCode, receivers.body).toBe(200);
    const ids = receivers.json().items.map((r: { userId: number }) => r.userId);
    expect(ids).toEqual(expect.arrayContaining([fresh.a.user.id, fresh.b.user.id, fresh.c.user.id, fresh.manager.user.id, fresh.desk.user.id]));
    expect(ids).not.toContain(other.a.user.id);

    // Without a choice the rules find nobody and say so; with one the record is logged.
    const none = await fresh.desk.agent.post(url, { kind: 'visit', prospectName: `${unique('访客')}有限公司`, contactPhone: uniquePhone() });
    expect(none.statusCode).toBe(400);
    expect(none.json().errors[0]).toMatchObject({ field: 'receiverId' });
    const self = await logVisit(fresh.desk.agent, { receiverId: fresh.desk.user.id });
    expect(self).toMatchObject({ receiverId: fresh.desk.user.id, assignment: 'manual' });
    const chosen = await logVisit(fresh.desk.agent, { receiverId: fresh.b.user.id });
    expect(chosen.receiverId).toBe(fresh.b.user.id);
    const foreign = await fresh.desk.agent.post(url, { kind: 'visit', prospectName: `${unique('访客')}有限公司`, receiverId: other.a.user.id });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors[0]).toMatchObject({ field: 'receiverId', message: expect.stringContaining('本单位') });
  });

  it('R-PLT-03 the visitor look-up of one unit\'s desk never names another unit\'s receiver', async () => {
    const phone = uniquePhone();
    await logVisit(other.desk.agent, { contactPhone: phone });
    const theirs = (await other.desk.agent.get(`/api/v1/development/reception-lookup?phone=${phone}`)).json();
    expect(theirs.previous).toMatchObject({ receiverName: expect.any(String) });
    const mine = (await w.desk.agent.get(`/api/v1/development/reception-lookup?phone=${phone}`)).json();
    expect(mine.previous).toBeNull();
    // … nor hands the visitor to that receiver by the protection rule.
    const logged = await logVisit(w.desk.agent, { contactPhone: phone });
    expect([w.a.user.id, w.b.user.id, w.c.user.id]).toContain(logged.receiverId);
  });
});

describe('reception statistics', () => {
  it('R-DEV-42 visits, calls, prospects, site tours and conversions per day, week and month, per receiver and source; scope applies', async () => {
    const s = await createDesk(t);
    const at = (day: string, time = '10:00') => `2026-02-${day}T${time}:00+08:00`;
    await logVisit(s.desk.agent, { timeIn: at('23'), siteTour: true, sourceCode: 'walk_in', receiverId: s.a.user.id });
    await logVisit(s.desk.agent, { timeIn: at('23', '23:30'), kind: 'call', sourceCode: 'inbound_call', receiverId: s.a.user.id });
    const known = await ownedCustomer(s.b.user);
    await logVisit(s.desk.agent, { timeIn: at('24'), customerId: known.id, prospectName: null, sourceCode: 'referral' });
    const prospect = await logVisit(s.desk.agent, { timeIn: at('25'), sourceCode: 'walk_in', receiverId: s.c.user.id });
    const converted = (await s.desk.agent.post(`${url}/${prospect.id}/convert`, {})).json();
    // The converted customer signs: a won opportunity closed after the reception.
    await t.database.db.insert(opportunities).values({
      number: unique('SJ-T'),
      customerId: converted.convertedCustomerId,
      name: '签约',
      ownerId: s.c.user.id,
      unitId: s.unit.id,
      stageCode: 'won',
      status: 'won',
      stageChangedAt: new Date('2026-02-27T02:00:00Z'),
      closedAt: new Date('2026-02-27T02:00:00Z'),
    });

    const day = (await s.manager.agent.get(`/api/v1/development/reception-stats?period=day&from=2026-02-23&to=2026-02-26&unitId=${s.unit.id}`)).json();
    expect(day.buckets.map((bucket: { start: string }) => bucket.start)).toEqual(['2026-02-23', '2026-02-24', '2026-02-25', '2026-02-26']);
    expect(day.buckets[0]).toMatchObject({ visits: 1, calls: 1, newProspects: 2, siteTours: 1, convertedCustomers: 0, convertedDeals: 0, customerRate: 0 });
    expect(day.buckets[1]).toMatchObject({ visits: 1, calls: 0, newProspects: 0, customerRate: null });
    expect(day.buckets[2]).toMatchObject({ visits: 1, newProspects: 1, convertedCustomers: 1, convertedDeals: 1, customerRate: 1, dealRate: 1 });
    expect(day.buckets[3]).toMatchObject({ visits: 0, calls: 0, dealRate: null });
    expect(day.totals).toMatchObject({ visits: 3, calls: 1, newProspects: 3, siteTours: 1, convertedCustomers: 1, convertedDeals: 1, dealRate: 0.25 });
    expect(day.totals.customerRate).toBeCloseTo(1 / 3, 3);
    expect(day.byReceiver).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ receiverId: s.a.user.id, visits: 1, calls: 1 }),
        expect.objectContaining({ receiverId: s.c.user.id, convertedDeals: 1 }),
      ]),
    );
    expect(day.bySource.find((row: { sourceCode: string }) => row.sourceCode === 'walk_in')).toMatchObject({ sourceLabel: '来访', visits: 2 });

    const week = (await s.manager.agent.get(`/api/v1/development/reception-stats?period=week&from=2026-02-23&to=2026-02-26&unitId=${s.unit.id}`)).json();
    expect(week.buckets).toEqual([expect.objectContaining({ start: '2026-02-23', visits: 3, calls: 1 })]);
    const month = (await s.manager.agent.get(`/api/v1/development/reception-stats?period=month&from=2026-02-01&to=2026-03-31&unitId=${s.unit.id}`)).json();
    expect(month.buckets.map((bucket: { label: string; visits: number }) => [bucket.label, bucket.visits])).toEqual([
      ['2026年2月', 3],
      ['2026年3月', 0],
    ]);

    // Another unit's manager sees nothing of it; a specialist sees only their own receptions.
    expect((await other.manager.agent.get(`/api/v1/development/reception-stats?from=2026-02-23&to=2026-02-26&unitId=${s.unit.id}`)).statusCode).toBe(400);
    const foreign = (await other.manager.agent.get('/api/v1/development/reception-stats?from=2026-02-23&to=2026-02-26')).json();
    expect(foreign.totals.visits).toBe(0);
    const own = (await s.a.agent.get('/api/v1/development/reception-stats?from=2026-02-23&to=2026-02-26')).json();
    expect(own.totals).toMatchObject({ visits: 1, calls: 1 });
    const tooLong = await s.manager.agent.get('/api/v1/development/reception-stats?period=day&from=2025-01-01&to=2026-02-26');
    expect(tooLong.statusCode).toBe(400);
  });
});
