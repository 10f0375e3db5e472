import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../../platform/audit/audit.table';
import { createTestApp, unique, type Agent, type TestApp } from '../../../test/harness';
import { customerContacts, customerKeyPersons } from '../customers.table';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

async function setup() {
  const unit = await t.createUnit('招商三部');
  const specialist = await t.createUser({ unitId: unit.id, role: 'specialist' });
  const manager = await t.createUser({ unitId: unit.id, role: 'manager' });
  const a = await t.login(specialist);
  const m = await t.login(manager);
  const created = await a.post('/api/v1/customers', { name: `杭州${unique('远航')}仓储有限公司` });
  expect(created.statusCode, created.body).toBe(201);
  return { a, m, specialist, manager, customer: created.json() as { id: number; name: string } };
}

const primaries = async (customerId: number) =>
  (await t.database.db.select().from(customerContacts).where(eq(customerContacts.customerId, customerId)))
    .filter((c) => c.isPrimary)
    .map((c) => c.name);

const auditOf = (customerId: number, entityType: string) =>
  t.database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.customerId, customerId), eq(auditEvents.entityType, entityType)))
    .orderBy(auditEvents.id);

describe('customer contacts and key persons', () => {
  it('R-CUS-01 contacts: add, edit, one primary contact, delete — audited with the customer and on the timeline', async () => {
    const { a, customer } = await setup();
    const base = `/api/v1/customers/${customer.id}/contacts`;
    const first = await a.post(base, { name: '陈一', title: '总经理', mobile: '13811112222', decisionRole: 'decision_maker' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ name: '陈一', isPrimary: true, mobile: '138****2222' });
    const second = (await a.post(base, { name: '陈二', phone: '0571-87654321' })).json();
    expect(second.isPrimary).toBe(false);
    expect(await primaries(customer.id)).toEqual(['陈一']);

    const promoted = await a.patch(`${base}/${second.id}`, { isPrimary: true, email: 'chen2@example.cn' });
    expect(promoted.statusCode, promoted.body).toBe(200);
    expect(promoted.json()).toMatchObject({ isPrimary: true, email: 'c***@example.cn', phone: '057****4321' });
    expect(await primaries(customer.id)).toEqual(['陈二']);

    const bad = await a.patch(`${base}/${second.id}`, { mobile: '12345' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('mobile');

    const list = (await a.get(base)).json();
    expect(list.items.map((c: { name: string }) => c.name)).toEqual(['陈二', '陈一']);

    expect((await a.delete(`${base}/${second.id}`)).statusCode).toBe(204);
    expect(await primaries(customer.id)).toEqual(['陈一']);
    expect((await a.delete(`${base}/${second.id}`)).statusCode).toBe(404);

    const audit = await auditOf(customer.id, 'customer_contact');
    expect(audit.map((e) => e.action)).toEqual(['create', 'create', 'update', 'delete']);
    expect(audit[0]!.changes).toMatchObject({ name: { after: '陈一' }, mobile: { after: '***' } });
    expect(JSON.stringify(audit)).not.toContain('13811112222');

    const timeline = (await a.get(`/api/v1/customers/${customer.id}/timeline`)).json();
    expect(timeline.items.map((e: { type: string }) => e.type)).toEqual(['contact_removed', 'contact_updated', 'contact_added', 'contact_added', 'created']);
    expect(timeline.items[1].title).toBe('将 陈二 设为首要联系人');
  });

  it('R-PLT-03 a contact of another customer cannot be reached through this customer', async () => {
    const one = await setup();
    const two = await setup();
    const contact = (await two.a.post(`/api/v1/customers/${two.customer.id}/contacts`, { name: '郑三' })).json();
    // The manager of one's unit may edit customer one, but not reach two's contact through it.
    const res = await one.a.patch(`/api/v1/customers/${one.customer.id}/contacts/${contact.id}`, { name: '越权' });
    expect(res.statusCode).toBe(404);
    const [row] = await t.database.db.select().from(customerContacts).where(eq(customerContacts.id, contact.id));
    expect(row!.name).toBe('郑三');
  });

  it('R-PLT-04 key persons are masked entirely for roles without sensitive:view; clear for those with it', async () => {
    const { a, m, customer } = await setup();
    const base = `/api/v1/customers/${customer.id}/key-persons`;
    const created = await a.post(base, {
      name: '黄董',
      position: '董事长',
      mobile: '13987654321',
      birthday: '1968-05-20',
      family: '妻子在外企工作，儿子留学',
      homeAddress: '杭州市西湖区某小区',
      hobbies: '高尔夫、茶',
      note: '决策偏保守',
    });
    expect(created.statusCode, created.body).toBe(201);
    const expectedMasked = {
      name: '黄董',
      position: '董事长',
      mobile: '139****4321',
      birthday: '******',
      family: '******',
      homeAddress: '******',
      hobbies: '******',
      note: '******',
    };
    expect(created.json()).toMatchObject(expectedMasked);
    const masked = (await a.get(base)).json();
    expect(masked.items[0]).toMatchObject(expectedMasked);
    const detail = (await a.get(`/api/v1/customers/${customer.id}`)).json();
    expect(detail.keyPersons[0]).toMatchObject(expectedMasked);
    for (const secret of ['13987654321', '1968-05-20', '高尔夫', '西湖区']) {
      expect(JSON.stringify(masked) + JSON.stringify(detail)).not.toContain(secret);
    }

    const clear = (await m.get(base)).json();
    expect(clear.items[0]).toMatchObject({ mobile: '13987654321', birthday: '1968-05-20', hobbies: '高尔夫、茶', note: '决策偏保守' });
    const clearDetail = (await m.get(`/api/v1/customers/${customer.id}`)).json();
    expect(clearDetail.keyPersons[0].family).toBe('妻子在外企工作，儿子留学');

    // The private values never reach the audit log; the manager's views are access events.
    const audit = await auditOf(customer.id, 'customer_key_person');
    expect(audit.map((e) => e.action)).toEqual(['create']);
    expect(JSON.stringify(audit)).not.toContain('高尔夫');
    const sensitiveViews = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.customerId, customer.id), eq(auditEvents.action, 'view_sensitive')));
    expect(sensitiveViews).toHaveLength(2);
  });

  it('key persons: edit and delete, with timeline entries that carry no private data', async () => {
    const { a, m, customer } = await setup();
    const base = `/api/v1/customers/${customer.id}/key-persons`;
    const person = (await a.post(base, { name: '林总', hobbies: '钓鱼' })).json();
    const edited = await m.patch(`${base}/${person.id}`, { hobbies: '登山', position: '总经理' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ hobbies: '登山', position: '总经理' });
    const bad = await m.patch(`${base}/${person.id}`, { birthday: '1990-02-30' });
    expect(bad.statusCode).toBe(400);
    expect((await a.delete(`${base}/${person.id}`)).statusCode).toBe(204);
    expect(await t.database.db.select().from(customerKeyPersons).where(eq(customerKeyPersons.customerId, customer.id))).toHaveLength(0);
    const timeline = (await m.get(`/api/v1/customers/${customer.id}/timeline`)).json();
    expect(timeline.items.map((e: { type: string }) => e.type)).toEqual(['key_person_removed', 'key_person_updated', 'key_person_added', 'created']);
    expect(JSON.stringify(timeline)).not.toMatch(/钓鱼|登山/);
  });

  it('writing contacts needs customer:update', async () => {
    const { customer, specialist } = await setup();
    const reader: Agent = await t.login(await t.createUser({ unitId: specialist.unitId, permissions: ['customer:read'], scope: 'unit' }));
    expect((await reader.get(`/api/v1/customers/${customer.id}/contacts`)).statusCode).toBe(200);
    const res = await reader.post(`/api/v1/customers/${customer.id}/contacts`, { name: '无权' });
    expect(res.statusCode).toBe(403);
  });
});
