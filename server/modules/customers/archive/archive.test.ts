import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../../platform/audit/audit.table';
import { uniqueViolationOf } from '../../../platform/db/errors';
import { createTestApp, unique, type Agent, type TestApp } from '../../../test/harness';
import { customerContacts, customers } from '../customers.table';
import { isValidResidentId, isValidUscc } from './identifiers';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
let usccCounter = 0;
/** A valid, unique 统一社会信用代码 (GB 32100-2015 check character). */
export function makeUscc(): string {
  const body = `91310000${String(Date.now() % 1e6).padStart(6, '0')}${String(usccCounter++ % 1000).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(body[i]!) * USCC_WEIGHTS[i]!;
  const code = body + USCC_CHARS[(31 - (sum % 31)) % 31];
  expect(isValidUscc(code)).toBe(true);
  return code;
}
/** The same code with a wrong check character. */
const breakCheck = (code: string) => code.slice(0, 17) + (code[17] === '0' ? '1' : '0');

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function makeResidentId(): string {
  const body = `31010119850312${String(100 + (usccCounter++ % 900))}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * ID_WEIGHTS[i]!;
  const id = body + '10X98765432'[sum % 11];
  expect(isValidResidentId(id)).toBe(true);
  return id;
}

const companyName = () => `上海${unique('华通')}物流有限公司`;

async function team() {
  const unitA = await t.createUnit('招商一部');
  const unitB = await t.createUnit('招商二部');
  const specialistA = await t.createUser({ unitId: unitA.id, role: 'specialist' });
  const specialistB = await t.createUser({ unitId: unitB.id, role: 'specialist' });
  const managerA = await t.createUser({ unitId: unitA.id, role: 'manager' });
  return {
    unitA,
    unitB,
    specialistA,
    specialistB,
    managerA,
    a: await t.login(specialistA),
    b: await t.login(specialistB),
    manager: await t.login(managerA),
  };
}

async function create(agent: Agent, body: Record<string, unknown>) {
  return agent.post('/api/v1/customers', body);
}

const countByName = async (name: string) =>
  Number((await t.database.db.select({ n: sql<number>`count(*)` }).from(customers).where(eq(customers.name, name)))[0]!.n);

describe('identifiers as people type them', () => {
  const fullWidth = (text: string) => text.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

  it('R-CUS-30 full-width digits, spaces, dashes and +86 are normalised in the API; the stored values are plain', async () => {
    const { manager } = await team();
    const code = makeUscc();
    const res = await create(manager, {
      name: companyName(),
      uscc: fullWidth(code),
      phone: '０２１ ６２３４５６７８',
      postcode: '２００１２０',
      contacts: [
        { name: '全角', mobile: '１３８００００１１１９' },
        { name: '空格', mobile: '138 0000 1120' },
        { name: '横线', mobile: '+86 138-0000-1121' },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const [row] = await t.database.db.select().from(customers).where(eq(customers.id, res.json().id));
    expect(row).toMatchObject({ uscc: code, phone: '021-62345678', postcode: '200120' });
    const mobiles = (await t.database.db.select().from(customerContacts).where(eq(customerContacts.customerId, row!.id))).map((c) => c.mobile).sort();
    expect(mobiles).toEqual(['13800001119', '13800001120', '13800001121']);
  });

  it('R-CUS-03 a 17-character USCC gets one message, and the detail names the field in Chinese', async () => {
    const { a } = await team();
    const res = await create(a, { name: companyName(), uscc: makeUscc().slice(0, 17) });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.errors.filter((e: { field: string }) => e.field === 'uscc')).toHaveLength(1);
    expect(body.detail).toBe('提交的数据有误 — 统一社会信用代码：统一社会信用代码应为 18 位');
    const contact = await create(a, { name: companyName(), contacts: [{ name: '错号', mobile: '12345' }] });
    expect(contact.json().detail).toContain('联系人第 1 项 手机');
  });
});

describe('customer archive', () => {
  it('R-CUS-01 creates a customer with all sections and contacts, and reads it back', async () => {
    const { a, specialistA, unitA } = await team();
    const name = companyName();
    const uscc = makeUscc();
    const res = await create(a, {
      name,
      shortName: '华通物流',
      uscc,
      natureCode: 'private',
      industryCode: 'G',
      usageCodes: ['logistics', 'warehousing'],
      legalRepresentative: '王建国',
      registeredCapital: '5000000',
      employees: 320,
      mainProducts: '第三方物流、仓储',
      annualOutput: '12000000.5',
      reputation: '良好',
      profitability: '稳定',
      website: 'https://htwl.example.cn',
      sourceCode: 'referral',
      province: '上海市',
      city: '上海市',
      district: '浦东新区',
      street: '张江路 100 号',
      postcode: '201203',
      phone: '021-58881234',
      fax: '021-58881235',
      email: 'info@htwl.example.cn',
      serviceMode: 'resident',
      valueCode: 'potential',
      strategicCode: 'strategic',
      lifecycleCode: 'intent',
      tags: ['重点', '冷链'],
      contacts: [
        { name: '李娜', title: '采购经理', department: '采购部', mobile: '13800138000', email: 'lina@htwl.example.cn', decisionRole: 'decision_maker' },
        { name: '赵磊', mobile: '13900139000', phone: '021-58881236', isPrimary: true },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({
      name,
      uscc,
      ownerId: specialistA.id,
      unitId: unitA.id,
      registeredCapital: '5000000.00',
      annualOutput: '12000000.50',
      employees: 320,
      serviceMode: 'resident',
      lifecycleCode: 'intent',
      usageCodes: ['logistics', 'warehousing'],
      tags: ['重点', '冷链'],
      version: 1,
      unitName: '招商一部',
    });
    expect(created.ownerName).toEqual(expect.any(String));
    expect(created.contacts).toHaveLength(2);
    expect(created.contacts.filter((c: { isPrimary: boolean }) => c.isPrimary).map((c: { name: string }) => c.name)).toEqual(['赵磊']);

    const read = await a.get(`/api/v1/customers/${created.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id: created.id, code: created.code, district: '浦东新区', street: '张江路 100 号', website: 'https://htwl.example.cn' });
    const [row] = await t.database.db.select().from(customers).where(eq(customers.id, created.id));
    expect(row).toMatchObject({ normalizedName: name.slice(0, -4).toLowerCase(), createdById: specialistA.id });
    expect(row!.nameBigrams).toContain('华通'.slice(0, 2));
    expect(row!.pinyinInitials).toMatch(/^sh/);
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'customer'), eq(auditEvents.action, 'create'), eq(auditEvents.customerId, created.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.changes).toMatchObject({ name: { before: null, after: name }, uscc: { after: uscc } });
  });

  it('R-CUS-24 the customer code comes from the number rule of the owning unit and never changes', async () => {
    const { a, unitA } = await team();
    const first = (await create(a, { name: companyName() })).json();
    const second = (await create(a, { name: companyName() })).json();
    expect(first.code).toMatch(new RegExp(`^${unitA.code}2026\\d{6}$`));
    expect(Number(second.code.slice(-6))).toBe(Number(first.code.slice(-6)) + 1);
    const patched = await a.patch(`/api/v1/customers/${first.id}`, { name: companyName(), code: 'HACKED-1', version: 1 });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ code: first.code, version: 2 });
    const [row] = await t.database.db.select({ code: customers.code }).from(customers).where(eq(customers.id, first.id));
    expect(row!.code).toBe(first.code);
  });

  it('R-CUS-03 invalid USCC, ID number, mobile, phone and e-mail are field errors and nothing is saved', async () => {
    const { a } = await team();
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ uscc: breakCheck(makeUscc()) }, 'uscc', /校验位/],
      [{ uscc: '91310000ABC' }, 'uscc', /18 位/],
      [{ kind: 'individual', idNumber: makeResidentId().slice(0, 17) + 'Y' }, 'idNumber', /身份证/],
      [{ kind: 'individual', idNumber: '310101198502301234' }, 'idNumber', /身份证/],
      [{ contacts: [{ name: '李娜', mobile: '1380013800' }] }, 'contacts.0.mobile', /手机号/],
      [{ phone: '12-34' }, 'phone', /电话/],
      [{ email: 'info@@example' }, 'email', /邮箱/],
      [{ contacts: [{ name: '李娜', email: 'not-an-email' }] }, 'contacts.0.email', /邮箱/],
      [{ natureCode: 'no_such_code' }, 'natureCode', /不存在/],
      [{ registeredCapital: 1200.5 }, 'registeredCapital', /./],
      [{ annualOutput: '12.345' }, 'annualOutput', /最多 2 位小数/],
    ];
    for (const [fields, field, message] of cases) {
      const name = companyName();
      const res = await create(a, { name, ...fields });
      expect(res.statusCode, `${JSON.stringify(fields)} → ${res.body}`).toBe(400);
      const errors = res.json().errors as { field: string; message: string }[];
      expect(errors.find((e) => e.field === field)?.message, JSON.stringify(errors)).toMatch(message);
      expect(await countByName(name)).toBe(0);
    }
    // A valid individual with a valid ID number is accepted.
    const ok = await create(a, { kind: 'individual', name: `${unique('张')}个体户`, idNumber: makeResidentId() });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('R-CUS-05 two simultaneous creations of the same company give one record and a duplicate error pointing to it', async () => {
    const { a, manager } = await team();
    for (const [first, second] of [
      ['same', 'same'],
      ['（集团）有限公司', '(集团)有限责任公司'],
      ['有限责任公司', ' 有限公司'],
    ]) {
      const base = `上海${unique('华通')}物流`;
      const responses = await Promise.all([create(a, { name: base + first }), create(a, { name: base + second })]);
      const statuses = responses.map((r) => r.statusCode).sort();
      expect(statuses, responses.map((r) => r.body).join('\n')).toEqual([201, 409]);
      const winner = responses.find((r) => r.statusCode === 201)!.json();
      const loser = responses.find((r) => r.statusCode === 409)!.json();
      expect(loser.code).toBe('DUPLICATE');
      expect(loser.detail).toMatch(new RegExp(`已存在同名客户「${winner.name.replace(/[()]/g, '\\$&')}」，负责人 .+，请勿重复建档`));
      expect(loser.existing).toMatchObject({ id: winner.id, name: winner.name, ownerName: winner.ownerName, status: 'potential' });
      expect(loser.errors).toEqual([expect.objectContaining({ field: 'name' })]);
      const [row] = await t.database.db.select().from(customers).where(eq(customers.id, winner.id));
      expect(await t.database.db.select().from(customers).where(eq(customers.normalizedName, row!.normalizedName))).toHaveLength(1);
    }
    // Many at once: still exactly one.
    const name = companyName();
    const burst = await Promise.all(Array.from({ length: 6 }, (_, i) => create(i % 2 ? a : manager, { name })));
    expect(burst.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(burst.filter((r) => r.statusCode === 409)).toHaveLength(5);
    expect(await countByName(name)).toBe(1);
  });

  it('R-CUS-05 same USCC under another name is a duplicate; the database refuses it even without the pre-check', async () => {
    const { a } = await team();
    const uscc = makeUscc();
    const first = await create(a, { name: companyName(), uscc });
    expect(first.statusCode).toBe(201);
    const again = await create(a, { name: companyName(), uscc: uscc.toLowerCase() });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors).toEqual([expect.objectContaining({ field: 'uscc' })]);
    expect(again.json().detail).toMatch(/统一社会信用代码已登记为客户/);
    expect(again.json().existing).toMatchObject({ id: first.json().id });
    // Renaming another customer onto an existing name is refused too.
    const other = (await create(a, { name: companyName() })).json();
    const rename = await a.patch(`/api/v1/customers/${other.id}`, { name: first.json().name.replace('有限公司', '有限责任公司') });
    expect(rename.statusCode).toBe(409);
    expect(rename.json().existing.id).toBe(first.json().id);
    // The unique index itself: a direct insert of the same normalised name fails.
    const [row] = await t.database.db.select().from(customers).where(eq(customers.id, first.json().id));
    const failure = await t.database.db
      .insert(customers)
      .values({ code: unique('X'), name: 'x', normalizedName: row!.normalizedName, unitId: row!.unitId })
      .then(() => undefined, (error: unknown) => error);
    expect(uniqueViolationOf(failure)).toBe('customers_normalized_name_key');
    const usccFailure = await t.database.db
      .insert(customers)
      .values({ code: unique('X'), name: 'y', normalizedName: unique('y'), uscc, unitId: row!.unitId })
      .then(() => undefined, (error: unknown) => error);
    expect(uniqueViolationOf(usccFailure)).toBe('customers_uscc_key');
  });

  it('R-CUS-05 a duplicate outside the caller\'s scope reveals only name, owner and status', async () => {
    const { a, b, specialistA } = await team();
    const name = companyName();
    const created = (await create(a, { name, uscc: makeUscc(), phone: '021-12345678' })).json();
    const res = await create(b, { name });
    expect(res.statusCode).toBe(409);
    const body = res.json();
    expect(Object.keys(body.existing).sort()).toEqual(['name', 'ownerName', 'status', 'statusLabel']);
    expect(body.existing).toEqual({ name, ownerName: created.ownerName, status: 'potential', statusLabel: '潜在' });
    expect(body.detail).toContain(created.ownerName);
    expect(JSON.stringify(body)).not.toContain(created.code);
    expect(JSON.stringify(body)).not.toContain('021-12345678');
    expect(created.ownerId).toBe(specialistA.id);
  });

  it('PATCH uses optimistic locking and records a field-level audit and timeline entry', async () => {
    const { a } = await team();
    const created = (await create(a, { name: companyName(), phone: '021-11112222', registeredCapital: '800000' })).json();
    const ok = await a.patch(`/api/v1/customers/${created.id}`, { phone: '021-33334444', employees: 50, version: 1 });
    expect(ok.statusCode, ok.body).toBe(200);
    // The phone reads masked without sensitive:view (R-PLT-04); the stored value is the new one.
    expect(ok.json()).toMatchObject({ phone: '021****4444', employees: 50, version: 2, registeredCapital: '800000.00' });
    const stale = await a.patch(`/api/v1/customers/${created.id}`, { phone: '021-55556666', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'CONFLICT' });
    expect(stale.json().reason).toBe('customer.version_conflict');
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.customerId, created.id), eq(auditEvents.action, 'update')));
    expect(audit!.changes).toEqual({ phone: { before: '021-11112222', after: '021-33334444' }, employees: { before: null, after: 50 } });
    // Omitted fields stay as they were (an individual stays an individual).
    const person = (await create(a, { kind: 'individual', name: `${unique('王')}先生`, idNumber: makeResidentId() })).json();
    const renamed = await a.patch(`/api/v1/customers/${person.id}`, { shortName: '王总' });
    expect(renamed.json()).toMatchObject({ kind: 'individual', shortName: '王总' });
  });

  it('R-CUS-02 the timeline shows created, updated and contact events, newest first, in keyset pages', async () => {
    const { a } = await team();
    const created = (await create(a, { name: companyName() })).json();
    t.clock.advance(60_000);
    await a.patch(`/api/v1/customers/${created.id}`, { website: 'https://a.example.cn' });
    t.clock.advance(60_000);
    await a.post(`/api/v1/customers/${created.id}/contacts`, { name: '周杰', mobile: '13700137000' });
    t.clock.advance(60_000);
    await a.patch(`/api/v1/customers/${created.id}`, { lifecycleCode: 'negotiating' });
    const all = (await a.get(`/api/v1/customers/${created.id}/timeline`)).json();
    expect(all.items.map((e: { type: string }) => e.type)).toEqual(['updated', 'contact_added', 'updated', 'created']);
    expect(all.items[0]).toMatchObject({ title: '修改了生命周期状态', detail: { fields: ['lifecycleCode'] }, actorName: expect.any(String) });
    expect(all.items[1].title).toBe('新增联系人 周杰');
    expect(all.items[3].title).toContain(created.code);
    expect(all.nextCursor).toBeNull();
    const first = (await a.get(`/api/v1/customers/${created.id}/timeline?limit=3`)).json();
    expect(first.items).toHaveLength(3);
    const rest = (await a.get(`/api/v1/customers/${created.id}/timeline?limit=3&before=${first.nextCursor}`)).json();
    expect(rest.items.map((e: { type: string }) => e.type)).toEqual(['created']);
    expect(rest.nextCursor).toBeNull();
    expect((await a.get(`/api/v1/customers/${created.id}/timeline?before=abc`)).statusCode).toBe(400);
  });

  it('R-PLT-03 a specialist of unit A gets 404 for unit B\'s customer by id', async () => {
    const { a, b } = await team();
    const other = (await create(b, { name: companyName(), contacts: [{ name: '钱七', mobile: '13600136000' }] })).json();
    const contactId = other.contacts[0].id;
    for (const res of [
      await a.get(`/api/v1/customers/${other.id}`),
      await a.patch(`/api/v1/customers/${other.id}`, { phone: '021-99998888' }),
      await a.get(`/api/v1/customers/${other.id}/timeline`),
      await a.get(`/api/v1/customers/${other.id}/contacts`),
      await a.post(`/api/v1/customers/${other.id}/contacts`, { name: '越权' }),
      await a.patch(`/api/v1/customers/${other.id}/contacts/${contactId}`, { name: '越权' }),
      await a.delete(`/api/v1/customers/${other.id}/contacts/${contactId}`),
      await a.get(`/api/v1/customers/${other.id}/key-persons`),
      await a.get(`/api/v1/attachments?recordType=customer&recordId=${other.id}`),
    ]) {
      expect(res.statusCode, res.body).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
      expect(res.body).not.toContain(other.name);
    }
    const [row] = await t.database.db.select().from(customers).where(eq(customers.id, other.id));
    expect(row!.phone).toBeNull();
    expect(await t.database.db.select().from(customerContacts).where(eq(customerContacts.customerId, other.id))).toHaveLength(1);
    // Its own specialist sees it, attachments included.
    expect((await b.get(`/api/v1/customers/${other.id}`)).statusCode).toBe(200);
    expect((await b.get(`/api/v1/attachments?recordType=customer&recordId=${other.id}`)).statusCode).toBe(200);
  });

  it('R-PLT-04 mobiles and ID numbers are masked for roles without sensitive:view', async () => {
    const { a, manager } = await team();
    const idNumber = makeResidentId();
    const created = (
      await create(a, { kind: 'individual', name: `${unique('孙')}个体户`, idNumber, contacts: [{ name: '孙八', mobile: '13812345678', phone: '021-12345678' }] })
    ).json();
    const masked = (await a.get(`/api/v1/customers/${created.id}`)).json();
    expect(masked.idNumber).toBe(`${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`);
    expect(masked.contacts[0]).toMatchObject({ mobile: '138****5678', phone: '021****5678' });
    expect(JSON.stringify(masked)).not.toContain('13812345678');
    const clear = (await manager.get(`/api/v1/customers/${created.id}`)).json();
    expect(clear.idNumber).toBe(idNumber);
    expect(clear.contacts[0].mobile).toBe('13812345678');
  });

  it('R-PLT-11 every detail view is an access event; unmasked sensitive fields are a second one', async () => {
    const { a, manager, specialistA, managerA } = await team();
    const created = (await create(a, { name: companyName(), contacts: [{ name: '吴九', mobile: '13512345678' }] })).json();
    await a.get(`/api/v1/customers/${created.id}`);
    await a.get(`/api/v1/customers/${created.id}`);
    await manager.get(`/api/v1/customers/${created.id}`);
    const events = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.customerId, created.id), sql`${auditEvents.action} IN ('view', 'view_sensitive')`))
      .orderBy(auditEvents.id);
    expect(events.map((e) => [e.action, e.actorId, e.entityType, e.entityId])).toEqual([
      ['view', specialistA.id, 'customer', String(created.id)],
      ['view', specialistA.id, 'customer', String(created.id)],
      ['view', managerA.id, 'customer', String(created.id)],
      ['view_sensitive', managerA.id, 'customer', String(created.id)],
    ]);
    expect(events[0]!.summary).toContain(created.name);
  });
});
