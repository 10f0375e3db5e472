import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sensitivePolicy } from '../../platform/access/masking';
import { settleJobRuns } from '../../platform/jobs/jobs.service';
import { createTestApp, unique, type Agent, type InjectResponse, type TestApp, headersOf } from '../../test/harness';
import { customerSensitiveFields } from './sensitive';

/**
 * R-PLT-04: one masking policy. A user without `sensitive:view` never receives a sensitive value
 * in clear — not from the detail, contacts, key persons, list, search, export, timeline or the
 * audit log's before/after values — while a user with it sees them. The OpenAPI document marks
 * every such response field (`x-sensitive`), and every GET that returns one is walked here.
 */

type Json = any;
const CLEAR = {
  customerPhone: '021-62345678',
  customerEmail: 'secret.zhang@example.com',
  contactMobile: '13912345678',
  contactPhone: '021-63335555',
  contactEmail: 'contact.li@example.com',
  newContactPhone: '0571-88886666',
  keyPersonMobile: '13711112222',
  keyPersonAddress: '梧桐路 88 弄 6 号',
};

let t: TestApp;
let admin: Agent;
let plain: Agent;
let trusted: Agent;
let doc: Json;
const ids: Record<string, number> = {};


const clearValuesIn = (text: string) => Object.entries(CLEAR).filter(([, value]) => text.includes(value)).map(([name]) => name);

beforeAll(async () => {
  t = await createTestApp({ config: { dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'zs-sensitive-test-')) } });
  admin = await t.admin();
  const reading = ['customer:read', 'customer:export', 'audit:read', 'development:read', 'reception:write'];
  plain = await t.login(await t.createUser({ permissions: reading, scope: 'all' }));
  trusted = await t.login(await t.createUser({ permissions: [...reading, 'sensitive:view'], scope: 'all' }));
  doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();

  const created = await admin.post('/api/v1/customers', {
    name: `${unique('敏感测试')}物流有限公司`,
    phone: CLEAR.customerPhone,
    email: CLEAR.customerEmail,
    contacts: [{ name: '李经理', mobile: CLEAR.contactMobile, phone: CLEAR.contactPhone, email: CLEAR.contactEmail, isPrimary: true }],
  });
  expect(created.statusCode, created.body).toBe(201);
  ids.customer = created.json().id;
  ids.contact = created.json().contacts[0].id;
  const person = await admin.post(`/api/v1/customers/${ids.customer}/key-persons`, { name: '王董', mobile: CLEAR.keyPersonMobile, homeAddress: CLEAR.keyPersonAddress });
  expect(person.statusCode, person.body).toBe(201);
  ids.keyPerson = person.json().id;
  // A change of a contact's landline: its before/after lands in the audit log.
  const patched = await admin.patch(`/api/v1/customers/${ids.customer}/contacts/${ids.contact}`, { phone: CLEAR.newContactPhone });
  expect(patched.statusCode, patched.body).toBe(200);
});
afterAll(async () => t?.close());

function resolve(schema: Json): Json {
  let current = schema;
  for (let i = 0; current?.$ref && i < 20; i++) current = current.$ref.replace(/^#\//, '').split('/').reduce((node: Json, key: string) => node?.[key], doc);
  return current ?? {};
}

/** Names of x-sensitive properties reachable from a schema. */
function sensitiveIn(schema: Json, seen = new Set<Json>()): string[] {
  const s = resolve(schema);
  if (!s || typeof s !== 'object' || seen.has(s)) return [];
  seen.add(s);
  const found: string[] = [];
  for (const [name, property] of Object.entries<Json>(s.properties ?? {})) {
    if (resolve(property)['x-sensitive']) found.push(name);
    found.push(...sensitiveIn(property, seen));
  }
  for (const key of ['items', 'additionalProperties']) if (s[key] && typeof s[key] === 'object') found.push(...sensitiveIn(s[key], seen));
  for (const key of ['anyOf', 'oneOf', 'allOf']) for (const branch of s[key] ?? []) found.push(...sensitiveIn(branch, seen));
  return found;
}

describe('R-PLT-04 one masking policy', () => {
  it('R-PLT-04 the policy table and the fields the OpenAPI document marks sensitive agree', () => {
    const marked = new Set<string>();
    for (const [name, schema] of Object.entries<Json>(doc.components?.schemas ?? {})) {
      for (const [field, property] of Object.entries<Json>(schema.properties ?? {})) {
        if (resolve(property)['x-sensitive']) marked.add(`${name}.${field}`);
      }
    }
    const expected = [
      ...Object.keys(customerSensitiveFields.customer_contact).map((f) => `CustomerContact.${f}`),
      ...Object.keys(customerSensitiveFields.customer_key_person).map((f) => `CustomerKeyPerson.${f}`),
      'CustomerSummary.phone',
    ];
    expect([...marked]).toEqual(expect.arrayContaining(expected));
    // Every customer field of the table is marked somewhere in the document (no silent gaps).
    const markedFields = new Set([...marked].map((m) => m.split('.')[1]));
    for (const fields of Object.values(customerSensitiveFields)) for (const field of Object.keys(fields)) expect(markedFields, field).toContain(field);
    // The installed policy is the modules' table.
    expect(sensitivePolicy().get('customer_contact')).toEqual(customerSensitiveFields.customer_contact);
  });

  it('R-PLT-04 every GET whose response holds a sensitive field masks it for a user without sensitive:view', async () => {
    const withSensitive: string[] = [];
    for (const [route, item] of Object.entries<Json>(doc.paths)) {
      const ok = item.get?.responses?.['200']?.content?.['application/json']?.schema;
      if (ok && sensitiveIn(ok).length) withSensitive.push(route);
    }
    // Where the customer archive's records can be asked for; a new route with sensitive fields
    // must be added here (or the test names it below).
    const urlFor: Record<string, string> = {
      '/api/v1/customers': `/api/v1/customers?pageSize=100`,
      '/api/v1/customers/{id}': `/api/v1/customers/${ids.customer}`,
      '/api/v1/customers/{id}/contacts': `/api/v1/customers/${ids.customer}/contacts`,
      '/api/v1/customers/{id}/key-persons': `/api/v1/customers/${ids.customer}/key-persons`,
      '/api/v1/customers/unverified': `/api/v1/customers/unverified?pageSize=100`,
      '/api/v1/users': '/api/v1/users',
      '/api/v1/users/{id}': `/api/v1/users/1`,
      '/api/v1/development/reception-records': '/api/v1/development/reception-records',
      '/api/v1/development/reception-records/{id}': '/api/v1/development/reception-records/1',
    };
    const unknown = withSensitive.filter((route) => !(route in urlFor));
    expect(unknown, 'GET routes returning sensitive fields without a masking check here').toEqual([]);

    for (const route of withSensitive) {
      const asPlain = await plain.get(urlFor[route]!);
      if (asPlain.statusCode === 403 || asPlain.statusCode === 404) continue;
      expect(asPlain.statusCode, `${route}: ${asPlain.body.slice(0, 120)}`).toBe(200);
      expect(clearValuesIn(asPlain.body), route).toEqual([]);
    }
    const detail = (await plain.get(`/api/v1/customers/${ids.customer}`)).json();
    expect(detail).toMatchObject({ phone: '021****5678', email: 's***@example.com' });
    expect(detail.contacts[0]).toMatchObject({ mobile: '139****5678', phone: '057****6666', email: 'c***@example.com' });
    expect(detail.keyPersons[0]).toMatchObject({ mobile: '137****2222', homeAddress: '******' });
    // The same reads in clear for sensitive:view.
    const clear = await trusted.get(`/api/v1/customers/${ids.customer}`);
    expect(clearValuesIn(clear.body)).toEqual(expect.arrayContaining(['customerPhone', 'customerEmail', 'contactMobile', 'newContactPhone', 'contactEmail', 'keyPersonMobile']));
  });

  it('R-PLT-04 search, timeline, export and the audit log mask the same fields', async () => {
    const reads: [string, InjectResponse][] = [
      ['search by mobile', await plain.get(`/api/v1/customers/search?q=${CLEAR.contactMobile}`)],
      ['timeline', await plain.get(`/api/v1/customers/${ids.customer}/timeline`)],
      ['audit of the customer', await plain.get(`/api/v1/audit-events?customerId=${ids.customer}&pageSize=100`)],
      ['audit of contacts', await plain.get('/api/v1/audit-events?entityType=customer_contact&pageSize=100')],
      ['audit of the archive', await plain.get('/api/v1/audit-events?entityType=customer&pageSize=100')],
    ];
    for (const [label, res] of reads) {
      expect(res.statusCode, `${label}: ${res.body.slice(0, 160)}`).toBe(200);
      expect(clearValuesIn(res.body), label).toEqual([]);
    }
    const search = JSON.parse(reads[0]![1].body);
    expect(search.items[0].matchedText).toContain('139****5678');
    const contactAudit = JSON.parse(reads[3]![1].body).items.find((e: Json) => e.changes?.phone);
    expect(contactAudit.changes.phone).toEqual({ before: '021****5555', after: '057****6666' });
    // An auditor with sensitive:view reads the real before/after.
    const clear = (await trusted.get('/api/v1/audit-events?entityType=customer_contact&pageSize=100')).json().items.find((e: Json) => e.changes?.phone);
    expect(clear.changes.phone).toEqual({ before: CLEAR.contactPhone, after: CLEAR.newContactPhone });

    const started = await plain.post('/api/v1/customer-exports', { columns: ['name', 'phone', 'email', 'contactName', 'contactMobile', 'contactEmail'], q: undefined });
    expect(started.statusCode, started.body).toBe(202);
    await settleJobRuns();
    const file = await t.app.inject({ method: 'GET', url: `/api/v1/customer-exports/${started.json().id}/download`, headers: headersOf(plain) });
    expect(file.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const cells: string[] = [];
    workbook.worksheets[0]!.eachRow((row) => cells.push(...(row.values as unknown[]).map((v) => String(v ?? ''))));
    expect(clearValuesIn(cells.join('|'))).toEqual([]);
    expect(cells).toEqual(expect.arrayContaining(['021****5678', 's***@example.com']));
  });
});
