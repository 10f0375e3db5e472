import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissionCatalog } from '../platform/access/permissions';
import { queryRows } from '../platform/db/client';
import { contactOf, createCustomer, createOpportunity, recordVisit } from '../modules/development/visits/visits.fixtures';
import { register } from '../modules/development/registrations/registrations.fixtures';
import { applyForProject } from '../modules/development/projects/projects.fixtures';
import { logVisit, uniquePhone } from '../modules/development/reception/reception.fixtures';
import { createTestApp, person, type Agent, type InjectResponse, type Person, type TestApp } from './harness';
import { createWorld, type World } from './world';

/**
 * R-PLT-03 / R-SEC-04, generated from the OpenAPI document: a user of unit B holding every
 * permission with data scope `unit` addresses unit A's records by id in every operation that
 * takes an id, and passes unit A's ids, names and phones to every query parameter that filters.
 * By id the answer is 404 like a missing record and nothing changes; in lists and look-ups none
 * of unit A's identifying values appear. An operation with an id that this matrix cannot target
 * fails the test until it is given a target or a stated reason — a new endpoint cannot be left out.
 */

type Json = any;
interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  op: Json;
}

/** Operations whose ids are not records of a unit, with the reason. */
const NOT_UNIT_RECORDS: Record<string, string> = {
  '/api/v1/roles/{id}': 'roles are company-wide (role:manage)',
  '/api/v1/approval-flows/{id}': 'approval flows are company-wide settings',
  '/api/v1/jobs/{key}': 'jobs are system settings (job:manage)',
  '/api/v1/jobs/runs/{id}': 'job runs are system records (job:manage)',
  '/api/v1/audit-events/verifications/{id}': 'an audit verification is a run over the whole company log (audit:read)',
  '/api/v1/calendar/{year}': 'the working-day calendar is company-wide',
  '/api/v1/calendar/overrides/{day}': 'the working-day calendar is company-wide',
  '/api/v1/number-rules/{id}': 'numbering rules are company-wide',
  '/api/v1/dictionaries/{code}': 'dictionaries are company-wide',
  '/api/v1/customer-grading/tiers/{code}': 'grading tiers are company-wide',
  '/api/v1/customer-views/{id}': 'saved views belong to their user (tested in search.test.ts)',
  '/api/v1/contract-views/{id}': 'saved views belong to their user (tested in saved-views.test.ts)',
  '/api/v1/notifications/{id}': 'notifications belong to their recipient (tested in notifications tests)',
  '/api/v1/tasks/{id}': 'tasks belong to their assignee and record (tested in tasks tests)',
  '/api/v1/approvals/{id}': 'approvals are read by their parties (tested in approvals tests)',
  '/api/v1/customer-imports/{id}': 'imports belong to their user (tested in import tests)',
  '/api/v1/customer-exports/{id}': 'exports belong to their user (tested in export tests)',
  '/api/v1/attachments/{id}': 'attachments follow their record (tested in files tests)',
  '/api/v1/blacklist/{id}': 'blacklist entries are company-wide (tested in blacklist tests)',
  '/api/v1/development/visit-plans/{id}': 'visit plans are covered by visits.test.ts',
  '/api/v1/development/visit-removal-proposals/{id}': 'removal proposals are covered by visits.test.ts',
  '/api/v1/org-units/{id}': 'covered by authorization-matrix.test.ts',
  '/api/v1/users/{id}': 'covered by authorization-matrix.test.ts',
  '/api/v1/spaces/{id}': 'spaces are the company\'s shared inventory; holders are named only within the customer scope (spaces.test.ts)',
  '/api/v1/contract-templates/{id}': 'contract templates are company-wide (system:manage uploads them)',
  '/api/v1/billing/charge-settings/{item}': 'charge items\' tax rates are company-wide settings (system:manage)',
  '/api/v1/service/category-rules/{category}': 'the dispatch matrix is a company-wide setting (system:manage)',
  '/api/v1/service/duty-roster/{id}': 'the holiday duty roster is company-wide',
  '/api/v1/surveys/{id}': 'questionnaires are company-wide; their copies (survey-invitations) are unit records',
  '/api/v1/public/surveys/{token}': 'the one-time link: the token is the only credential',
  '/api/v1/complaint-analysis/{month}': 'monthly counts over the complaints the caller may see (need-to-know applies inside)',
  '/api/v1/incentive-packages/{id}': 'standard incentive packages are company-wide settings per project (space:manage)',
  '/api/v1/service-reports/{id}': 'weekly and monthly service reports are company-wide counts for supervisors and managers (incidents.test.ts)',
  '/api/v1/discount-ceilings/{grade}': 'discount ceilings per customer grade are company-wide settings (system:manage)',
  '/api/v1/billing-runs/{id}': 'billing runs are company-wide batches; the bills they issue follow the billing scope (billing.test.ts)',
  '/api/v1/contract-ledger/reports/{id}': 'quarterly ledgers are company-wide and refused without a company-wide contract scope (contracts.test.ts)',
};

/** Administrative permissions that by design reach every unit. */
const COMPANY_WIDE = ['system:manage', 'audit:read', 'space:manage', 'complaint:supervise'];

/** What identifies unit A's records in a response body. */
type Markers = { contractNumber: string; customerName: string; customerCode: string; phone: string; registrationNumber: string; opportunityName: string; projectName: string; visitorPhone: string; visitorName: string };

describe('R-PLT-03 R-SEC-04 cross-unit matrix over every operation with an id or a filter', () => {
  let t: TestApp;
  let w: World;
  let doc: Json;
  let operations: Operation[];
  let outsider: Agent;
  let outsiderWithoutUsers: Agent;
  let desk: Person;
  let businessTables: string[];
  const ids: Record<string, number> = {};
  let markers: Markers;

  async function fingerprint(): Promise<Record<string, string>> {
    const columns = businessTables.map((table) => `(SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM "${table}" x) AS "${table}"`);
    const [row] = await queryRows<Record<string, string>>(t.database.db, sql.raw(`SELECT ${columns.join(', ')}`));
    return row!;
  }

  beforeAll(async () => {
    t = await createTestApp();
    w = await createWorld(t);
    doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    operations = [];
    for (const [path, item] of Object.entries<Json>(doc.paths)) {
      if (!path.startsWith('/api/v1/')) continue;
      for (const method of ['get', 'put', 'post', 'patch', 'delete'] as const) {
        if (item[method]) operations.push({ method: method.toUpperCase() as Operation['method'], path, op: item[method] });
      }
    }

    // Unit A's records, made by its own people.
    const phone = uniquePhone();
    const customer = await createCustomer(t, w.specialistA.user, [{ name: '甲联系人' }]);
    await t.database.db.execute(sql`UPDATE customer_contacts SET mobile = ${phone} WHERE customer_id = ${customer.id}`);
    const contact = await contactOf(t, customer.id);
    const keyPerson = await w.specialistA.agent.post(`/api/v1/customers/${customer.id}/key-persons`, { name: '甲关键人', title: '总经理' });
    expect(keyPerson.statusCode, keyPerson.body).toBe(201);
    const registered = await createCustomer(t, w.specialistA.user);
    const registration = await register(w.specialistA.agent, { customerId: registered.id });
    const opportunity = await createOpportunity(t, w.specialistA.user, customer.id);
    const visit = await recordVisit(w.specialistA.agent, customer.id, '2026-03-01');
    const { project } = await applyForProject(t, w.specialistA);
    desk = await person(t, { unitId: w.unitA.id, role: 'service' });
    const visitorPhone = uniquePhone();
    const visitorName = `甲访客${visitorPhone.slice(-6)}科技有限公司`;
    const reception = await logVisit(desk.agent, { receiverId: w.specialistA.user.id, contactPhone: visitorPhone, prospectName: visitorName });
    // A service ticket of unit A's desk for unit A's customer, with a work order to unit A.
    const ticket = await desk.agent.post('/api/v1/tickets', { customerId: customer.id, contactName: '甲联系人', channel: 'phone', category: 'repair', description: '矩阵报修请求' });
    expect(ticket.statusCode, ticket.body).toBe(201);
    const dispatched = await desk.agent.post(`/api/v1/tickets/${ticket.json().id}/work-orders`, { unitId: w.unitA.id, instructions: '矩阵派工要求' });
    expect(dispatched.statusCode, dispatched.body).toBe(201);
    const complaint = await desk.agent.post('/api/v1/complaints', { customerId: customer.id, complainantName: '甲投诉人', channel: 'phone', family: 'business', subtype: 'billing', targetUnitId: w.unitA.id, facts: '矩阵投诉事实', eventAt: '2026-01-05T10:00:00+08:00' });
    expect(complaint.statusCode, complaint.body).toBe(201);
    const [returnVisit] = await queryRows<{ id: number }>(
      t.database.db,
      sql`INSERT INTO service_return_visits (customer_id, kind, plan_key, purpose, due_date, unit_id, status, created_at, updated_at)
          VALUES (${customer.id}, 'key_account', ${`key:${customer.id}:2026-03-10`}, '矩阵回访', '2026-03-10', ${w.unitA.id}, 'planned', now(), now()) RETURNING id`,
    );
    const incident = await desk.agent.post('/api/v1/incidents', { title: '矩阵故障', description: '矩阵故障情况', occurredAt: '2026-01-05T10:00:00+08:00', unitId: w.unitA.id, customerIds: [customer.id], expectedFixAt: '2026-01-05T18:00:00+08:00' });
    expect(incident.statusCode, incident.body).toBe(201);
    const [care] = await queryRows<{ id: number }>(
      t.database.db,
      sql`INSERT INTO service_care_actions (customer_id, kind, plan_key, title, occasion_date, owner_id, status, created_at, updated_at)
          VALUES (${customer.id}, 'festival', ${`festival:${customer.id}:矩阵:2026`}, '矩阵节日关怀', '2026-03-10', ${w.specialistA.user.id}, 'planned', now(), now()) RETURNING id`,
    );
    const [survey] = await queryRows<{ id: number }>(t.database.db, sql`INSERT INTO service_surveys (title, questions, status, created_by_id, created_at, updated_at) VALUES ('矩阵问卷', '[]', 'active', ${w.gm.user.id}, now(), now()) RETURNING id`);
    const [invitation] = await queryRows<{ id: number }>(
      t.database.db,
      sql`INSERT INTO service_survey_invitations (survey_id, customer_id, unit_id, token_hash, expires_at, sent_by_id, sent_at) VALUES (${survey!.id}, ${customer.id}, ${w.unitA.id}, 'matrix', now() + interval '7 days', ${w.specialistA.user.id}, now()) RETURNING id`,
    );
    const park = (await w.admin.post('/api/v1/spaces', { code: 'MX', name: '矩阵园区' })).json();
    const block = (await w.admin.post('/api/v1/spaces', { parentId: park.id, code: 'B', name: '楼' })).json();
    const floor = (await w.admin.post('/api/v1/spaces', { parentId: block.id, code: 'F', name: '层' })).json();
    const space = (await w.admin.post('/api/v1/spaces', { parentId: floor.id, code: 'U', name: '单元', unitType: 'office', usableArea: '100', availableFrom: '2026-01-01' })).json();
    const reservation = await w.specialistA.agent.post(`/api/v1/spaces/${space.id}/reservations`, { customerId: customer.id, endDate: '2026-04-30' });
    expect(reservation.statusCode, reservation.body).toBe(201);
    const deposit = await w.finance.agent.post(`/api/v1/space-reservations/${reservation.json().id}/deposit`, { kind: 'small', amount: '5000', receivedOn: '2026-03-01', onSigning: 'rent', onWithdrawal: 'forfeit', terms: '认购书：定金五千元，签约抵租金，放弃不退。' });
    expect(deposit.statusCode, deposit.body).toBe(201);
    const office = (await w.admin.post('/api/v1/spaces', { parentId: floor.id, code: 'U2', name: '单元二', unitType: 'office', usableArea: '80', grossArea: '80', availableFrom: '2026-01-01' })).json();
    await t.database.db.execute(sql`UPDATE customers SET admission_status = 'admitted', admitted_at = now() WHERE id = ${customer.id}`);
    const contract = await w.specialistA.agent.post('/api/v1/contracts', {
      customerId: customer.id,
      contractType: 'lease',
      startDate: '2026-06-01',
      endDate: '2027-05-31',
      units: [{ spaceId: office.id }],
      terms: { billingCycle: 'monthly', paymentDay: 1, charges: [{ item: 'rent', basis: 'sqm_month', unitPrice: '60' }] },
      signingParty: '矩阵园区公司',
      templateId: null,
    });
    expect(contract.statusCode, contract.body).toBe(201);
    // Recorded before the customer has an overdue bill: credit sales stop once it has one (R-BIL-12).
    const usage = await w.finance.agent.post('/api/v1/usage-charges', { customerId: customer.id, item: 'storage_fee', period: '2026-03', quantity: '3', unitPrice: '10' });
    // Money of unit A's customer: a bill (as a billing run writes it), a receipt applied to it, a field hand-over.
    const [bill] = await queryRows<{ id: number }>(
      t.database.db,
      sql`INSERT INTO bills (number, customer_id, period, issue_date, due_date, total, status, created_at) VALUES ('ZD-MATRIX-1', ${customer.id}, '2026-03', '2026-03-01', '2026-03-01', 1000, 'issued', now()) RETURNING id`,
    );
    await t.database.db.execute(sql`INSERT INTO bill_lines (bill_id, customer_id, item, kind, due_date, amount, explanation) VALUES (${bill!.id}, ${customer.id}, 'rent', 'schedule', '2026-03-01', 1000, '矩阵账单行')`);
    const invoice = await w.finance.agent.post('/api/v1/invoices', { customerId: customer.id, kind: 'normal', billIds: [Number(bill!.id)] });
    expect(invoice.statusCode, invoice.body).toBe(201);
    const receipt = await w.finance.agent.post('/api/v1/receipts', { customerId: customer.id, method: 'transfer', amount: '400', receivedOn: '2026-03-01' });
    expect(receipt.statusCode, receipt.body).toBe(201);
    const handover = await w.specialistA.agent.post('/api/v1/receipt-handovers', { customerId: customer.id, method: 'cash', amount: '50', collectedOn: '2026-03-01' });
    expect(handover.statusCode, handover.body).toBe(201);
    expect(usage.statusCode, usage.body).toBe(201);
    const statement = await w.finance.agent.post(`/api/v1/customers/${customer.id}/statements`, { from: '2026-03-01', to: '2026-03-01' });
    // A deposit refund stage of unit A's customer, approved and waiting to be paid (as the approval leaves it).
    const [refund] = await queryRows<{ id: number }>(
      t.database.db,
      sql`INSERT INTO deposit_refunds (contract_id, customer_id, held_at_request, total, payee, status, created_by_id, created_at) VALUES (${contract.json().id}, ${customer.id}, 100, 100, '矩阵收款账户', 'approved', ${w.finance.user.id}, now()) RETURNING id`,
    );
    const [stage] = await queryRows<{ id: number }>(
      t.database.db,
      sql`INSERT INTO deposit_refund_stages (refund_id, contract_id, customer_id, seq, amount, due_on, status) VALUES (${refund!.id}, ${contract.json().id}, ${customer.id}, 1, 100, '2026-03-01', 'scheduled') RETURNING id`,
    );
    expect(statement.statusCode, statement.body).toBe(201);
    Object.assign(ids, {
      invoice: invoice.json().id,
      statement: statement.json().id,
      depositStage: Number(stage!.id),
      ticket: ticket.json().id,
      complaint: complaint.json().id,
      returnVisit: Number(returnVisit!.id),
      incident: incident.json().id,
      care: Number(care!.id),
      invitation: Number(invitation!.id),
      workOrder: dispatched.json().workOrders[0].id,
      usage: usage.json().id,
      bill: Number(bill!.id),
      receipt: receipt.json().id,
      handover: handover.json().id,
      contract: contract.json().id,
      reservation: reservation.json().id,
      deposit: deposit.json().id,
      customer: customer.id,
      contact: contact.id,
      keyPerson: keyPerson.json().id,
      registration: registration.id,
      opportunity: opportunity.id,
      visit: visit.id,
      project: project.id,
      reception: reception.id,
      unitA: w.unitA.id,
      userA: w.specialistA.user.id,
    });
    markers = {
      contractNumber: contract.json().number,
      customerName: customer.name,
      customerCode: customer.code,
      phone,
      registrationNumber: registration.number,
      opportunityName: opportunity.name,
      projectName: project.name,
      visitorPhone,
      visitorName,
    };

    // Every permission a unit's people can hold; system:manage and audit:read are company-wide
    // administration (settings of any unit, the whole audit log, supervising every complaint) and outside data scopes by design.
    const unitPermissions = permissionCatalog.map((p) => p.code).filter((code) => !COMPANY_WIDE.includes(code));
    outsider = await t.login(await t.createUser({ unitId: w.unitB.id, permissions: unitPermissions, scope: 'unit' }));
    outsiderWithoutUsers = await t.login(
      await t.createUser({ unitId: w.unitB.id, permissions: unitPermissions.filter((code) => code !== 'user:read'), scope: 'unit' }),
    );

    const tables = await queryRows<{ table_name: string }>(
      t.database.db,
      sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    businessTables = tables
      .map((r) => r.table_name)
      .filter((name) => !/audit|session|login_failures|migration|job_runs|_log$|_logs$/.test(name))
      .sort();
  });

  afterAll(async () => t?.close());

  /** Unit A's id for each path parameter of an operation, or undefined when it has no target. */
  function targetOf(path: string): Record<string, number> | undefined {
    const table: [RegExp, Record<string, string>][] = [
      [/^\/api\/v1\/customers\/\{id\}\/contacts\/\{contactId\}/, { id: 'customer', contactId: 'contact' }],
      [/^\/api\/v1\/customers\/\{id\}\/key-persons\/\{keyPersonId\}/, { id: 'customer', keyPersonId: 'keyPerson' }],
      [/^\/api\/v1\/customers\/\{id\}\/qualifications\/\{qualificationId\}/, { id: 'customer', qualificationId: 'customer' }],
      [/^\/api\/v1\/customers\/\{id\}\/revenue\/\{month\}/, { id: 'customer' }],
      [/^\/api\/v1\/customers\/\{id\}/, { id: 'customer' }],
      [/^\/api\/v1\/development\/customers\/\{id\}/, { id: 'customer' }],
      [/^\/api\/v1\/development\/pool\/\{id\}/, { id: 'customer' }],
      [/^\/api\/v1\/development\/registrations\/\{id\}/, { id: 'registration' }],
      [/^\/api\/v1\/development\/opportunities\/\{id\}/, { id: 'opportunity' }],
      [/^\/api\/v1\/development\/visits\/\{id\}/, { id: 'visit' }],
      [/^\/api\/v1\/development\/projects\/\{id\}/, { id: 'project' }],
      [/^\/api\/v1\/development\/reception-records\/\{id\}/, { id: 'reception' }],
      [/^\/api\/v1\/development\/settings\/\{unitId\}/, { unitId: 'unitA' }],
      [/^\/api\/v1\/customer-grading\/settings\/\{unitId\}/, { unitId: 'unitA' }],
      [/^\/api\/v1\/development\/reception-rotation\/members\/\{userId\}/, { userId: 'userA' }],
      [/^\/api\/v1\/users\/\{id\}\/hand-over/, { id: 'userA' }],
      [/^\/api\/v1\/space-reservations\/\{id\}/, { id: 'reservation' }],
      [/^\/api\/v1\/reservation-deposits\/\{id\}/, { id: 'deposit' }],
      [/^\/api\/v1\/contracts\/\{id\}/, { id: 'contract' }],
      [/^\/api\/v1\/billing\/contracts\/\{id\}/, { id: 'contract' }],
      [/^\/api\/v1\/bills\/\{id\}/, { id: 'bill' }],
      [/^\/api\/v1\/receipts\/\{id\}/, { id: 'receipt' }],
      [/^\/api\/v1\/receipt-handovers\/\{id\}/, { id: 'handover' }],
      [/^\/api\/v1\/usage-charges\/\{id\}/, { id: 'usage' }],
      [/^\/api\/v1\/account-statements\/\{id\}/, { id: 'statement' }],
      [/^\/api\/v1\/invoices\/\{id\}/, { id: 'invoice' }],
      [/^\/api\/v1\/deposit-refund-stages\/\{id\}/, { id: 'depositStage' }],
      [/^\/api\/v1\/tickets\/\{id\}/, { id: 'ticket' }],
      [/^\/api\/v1\/complaints\/\{id\}/, { id: 'complaint' }],
      [/^\/api\/v1\/return-visits\/\{id\}/, { id: 'returnVisit' }],
      [/^\/api\/v1\/incidents\/\{id\}/, { id: 'incident' }],
      [/^\/api\/v1\/care-actions\/\{id\}/, { id: 'care' }],
      [/^\/api\/v1\/survey-invitations\/\{id\}/, { id: 'invitation' }],
      [/^\/api\/v1\/work-orders\/\{id\}/, { id: 'workOrder' }],
    ];
    for (const [pattern, params] of table) {
      if (pattern.test(path)) return Object.fromEntries(Object.entries(params).map(([name, key]) => [name, ids[key]!]));
    }
    return undefined;
  }

  const exemptionOf = (path: string) => Object.entries(NOT_UNIT_RECORDS).find(([prefix]) => path === prefix || path.startsWith(`${prefix}/`))?.[1];

  function sample(schema: Json, depth = 0): Json {
    let s = schema ?? {};
    for (let i = 0; s.$ref && i < 20; i++) s = s.$ref.replace(/^#\//, '').split('/').reduce((node: Json, key: string) => node?.[key], doc) ?? {};
    const branches: Json[] | undefined = s.anyOf ?? s.oneOf;
    if (branches) return sample(branches.find((b) => b.type !== 'null') ?? {}, depth);
    const type = Array.isArray(s.type) ? s.type.find((x: string) => x !== 'null') : s.type;
    if (s.enum) return s.enum[0];
    if (s.const !== undefined) return s.const;
    switch (type) {
      case 'string':
        return s.format === 'date' ? '2026-03-02' : s.format === 'date-time' ? '2026-03-02T00:00:00Z' : s.pattern ? '2026-03' : '调查'.padEnd(Math.max(2, s.minLength ?? 2), '查');
      case 'integer':
      case 'number':
        return Math.max(1, s.minimum ?? 1);
      case 'boolean':
        return false;
      case 'array':
        return [];
      case 'object': {
        const out: Json = {};
        if (depth < 5) for (const key of s.required ?? []) out[key] = sample(s.properties?.[key] ?? {}, depth + 1);
        return out;
      }
      default:
        return null;
    }
  }

  async function send(agent: Agent, method: Operation['method'], url: string, body?: Json): Promise<InjectResponse> {
    const headers: Record<string, string> = {
      cookie: Object.entries(agent.cookies).map(([k, v]) => `${k}=${v}`).join('; '),
      'x-csrf-token': agent.cookies.zs_csrf ?? '',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return (await t.app.inject({ method, url, headers, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) })) as unknown as InjectResponse;
  }

  function leaksIn(body: string): string[] {
    return Object.entries(markers)
      .filter(([, value]) => value && body.includes(value))
      .map(([name]) => name);
  }

  it('R-PLT-03 every operation on a unit A record by id answers a unit B user 404, shows nothing and changes nothing', async () => {
    const failures: string[] = [];
    const before = await fingerprint();
    let tried = 0;
    for (const o of operations.filter((op) => /\{\w+\}/.test(op.path))) {
      const where = `${o.method} ${o.path}`;
      const target = targetOf(o.path);
      if (!target) {
        if (!exemptionOf(o.path)) failures.push(`${where}: no unit A target — add one to targetOf() or a reason to NOT_UNIT_RECORDS`);
        continue;
      }
      const url = o.path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'month' ? '2026-02' : String(target[name] ?? 1)));
      const query = (o.op.parameters ?? []).filter((p: Json) => p.in === 'query' && p.required);
      const full = query.length ? `${url}?${query.map((p: Json) => `${p.name}=${encodeURIComponent(String(sample(p.schema)))}`).join('&')}` : url;
      const schema = o.op.requestBody?.content?.['application/json']?.schema;
      const res = await send(outsider, o.method, full, ['POST', 'PUT', 'PATCH'].includes(o.method) ? (schema ? sample(schema) : undefined) : undefined);
      tried++;
      const leaks = leaksIn(res.body);
      if (leaks.length) failures.push(`${where} → ${res.statusCode} shows unit A's ${leaks.join(', ')}`);
      // Validation may answer first (400) — it reveals nothing about the record either.
      else if (res.statusCode !== 404 && res.statusCode !== 400) failures.push(`${where} → ${res.statusCode}: ${res.body.slice(0, 160)}`);
    }
    const after = await fingerprint();
    expect(Object.keys(after).filter((table) => after[table] !== before[table]), 'refused calls changed data').toEqual([]);
    expect(tried).toBeGreaterThan(40);
    expect(failures).toEqual([]);
  });

  it('R-PLT-03 R-CUS-06 no list, search or look-up shows unit A records to a unit B user, whatever the filters', async () => {
    const failures: string[] = [];
    const valueFor = (name: string): string | undefined => {
      if (/^(customerId)$/.test(name)) return String(ids.customer);
      if (/^(unitId)$/.test(name)) return String(ids.unitA);
      if (/^(ownerId|holderId|userId|receiverId|actorId)$/.test(name)) return String(ids.userA);
      if (name === 'opportunityId') return String(ids.opportunity);
      if (name === 'phone') return markers.visitorPhone;
      if (/^(q|keyword)$/.test(name)) return markers.customerName.slice(0, 8);
      if (name === 'name') return markers.customerName.slice(2, 10);
      return undefined;
    };
    let tried = 0;
    for (const o of operations.filter((op) => op.method === 'GET' && !/\{\w+\}/.test(op.path))) {
      const params = (o.op.parameters ?? []).filter((p: Json) => p.in === 'query');
      const chosen = params.flatMap((p: Json) => {
        const value = valueFor(p.name);
        return value === undefined ? [] : [[p.name, value]];
      });
      const required = params.filter((p: Json) => p.required && !chosen.some(([name]: string[]) => name === p.name));
      for (const p of required) chosen.push([p.name, String(sample(p.schema))]);
      if (!chosen.length && o.path !== '/api/v1/development/owner-candidates') continue;
      // Each filter on its own (a 400 for one bad combination must not hide another).
      const variants: string[][][] = chosen.length ? chosen.map((pair: string[]) => [pair, ...required.map((p: Json) => [p.name, String(sample(p.schema))])]) : [[]];
      for (const variant of variants) {
        const url = `${o.path}${variant.length ? `?${variant.map(([k, v]) => `${k}=${encodeURIComponent(v!)}`).join('&')}` : ''}`;
        for (const agent of [outsider, outsiderWithoutUsers]) {
          const res = await send(agent, 'GET', url);
          tried++;
          if (res.statusCode >= 500) failures.push(`GET ${url} → ${res.statusCode}`);
          const leaks = leaksIn(res.body);
          if (leaks.length) failures.push(`GET ${url} → ${res.statusCode} shows unit A's ${leaks.join(', ')}`);
        }
      }
    }
    expect(tried).toBeGreaterThan(30);

    // The desk of unit B does not learn who received unit A's visitor.
    const lookup = await send(outsider, 'GET', `/api/v1/development/reception-lookup?phone=${markers.visitorPhone}`);
    expect(lookup.statusCode).toBe(200);
    expect(lookup.json().previous).toBeNull();
    // People pickers: without user:read only the caller's own units.
    const candidates = (await send(outsiderWithoutUsers, 'GET', '/api/v1/development/owner-candidates')).json().items;
    expect(candidates.length).toBeGreaterThan(0);
    expect(candidates.map((c: { id: number }) => c.id)).not.toContain(ids.userA);
    expect(candidates.every((c: Json) => c.username === undefined)).toBe(true);
    const receivers = (await send(outsider, 'GET', '/api/v1/development/reception-receivers')).json().items;
    expect(receivers.map((r: { userId: number }) => r.userId)).not.toContain(ids.userA);
    // … and the exclusive right of a unit A customer is as missing as the customer.
    expect((await send(outsider, 'GET', `/api/v1/development/customers/${ids.customer}/exclusive-right`)).statusCode).toBe(404);
    expect(failures).toEqual([]);
  });
});
