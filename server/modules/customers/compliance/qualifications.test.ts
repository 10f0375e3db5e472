import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../../platform/jobs/scheduler';
import { tasks } from '../../../platform/tasks/tasks.table';
import { createTestApp, type TestApp } from '../../../test/harness';
import { assertCustomerAdmitted } from './admission.service';
import {
  addDocuments,
  createAttachment
} from './compliance.fixtures';
import { baseRequiredDocTypes } from './compliance.schema';
import { customerQualifications } from '../customers.table';
import { approve, auditOf, createWorld, reject, type World } from '../../../test/world';
import { customerRow, timelineTypes, createCustomer } from '../../../test/customers';

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
});
afterAll(async () => t?.close());

describe('qualification documents', () => {
  it('R-CUS-10 documents are added, changed and removed with audit and timeline; the attachment must belong to the customer', async () => {
    const customer = await createCustomer(t, w.specialistA.user);
    const other = await createCustomer(t, w.specialistA.user);
    const agent = w.specialistA.agent;
    const url = `/api/v1/customers/${customer.id}/qualifications`;

    const foreign = await createAttachment(t, other.id, agent.userId);
    const refused = await agent.post(url, { docType: 'business_licence', number: 'YYZZ-1', validUntil: '2030-01-01', attachmentId: foreign.id });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors).toEqual([expect.objectContaining({ field: 'attachmentId' })]);
    const notCustomer = await createAttachment(t, customer.id, agent.userId, 'user');
    expect((await agent.post(url, { docType: 'business_licence', number: 'YYZZ-1', attachmentId: notCustomer.id })).statusCode).toBe(400);

    const file = await createAttachment(t, customer.id, agent.userId);
    const badDates = await agent.post(url, { docType: 'business_licence', number: 'YYZZ-1', validFrom: '2027-01-01', validUntil: '2026-01-01', attachmentId: file.id });
    expect(badDates.statusCode).toBe(400);
    expect(badDates.json().errors[0].field).toBe('validUntil');

    const created = await agent.post(url, { docType: 'business_licence', number: 'YYZZ-1', validFrom: '2024-01-01', validUntil: '2030-01-01', attachmentId: file.id });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ docType: 'business_licence', docTypeName: '营业执照', number: 'YYZZ-1', status: 'valid', attachmentName: file.fileName });
    const id = created.json().id;

    const changed = await agent.patch(`${url}/${id}`, { number: 'YYZZ-2', validUntil: '2026-03-20' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ number: 'YYZZ-2', status: 'expiring' });

    const audit = await auditOf(t, 'customer_qualification', id);
    expect(audit.map((a) => a.action).sort()).toEqual(['create', 'update']);
    expect(audit.find((a) => a.action === 'update')!.changes).toMatchObject({ number: { before: 'YYZZ-1', after: 'YYZZ-2' } });
    expect(audit.every((a) => a.customerId === customer.id)).toBe(true);

    const removed = await agent.delete(`${url}/${id}`);
    expect(removed.statusCode).toBe(204);
    expect(await t.database.db.select().from(customerQualifications).where(eq(customerQualifications.id, id))).toHaveLength(0);
    expect((await auditOf(t, 'customer_qualification', id)).map((a) => a.action)).toContain('delete');
    expect(await timelineTypes(t, customer.id)).toEqual(expect.arrayContaining(['qualification_added', 'qualification_updated', 'qualification_removed']));
  });

  it('R-CUS-10 the checklist shows 缺失 / 有效 / 即将到期 / 已过期 and the extra documents of first-time customers', async () => {
    const customer = await createCustomer(t, w.specialistA.user);
    const agent = w.specialistA.agent;
    await addDocuments(t, agent, customer.id, { docTypes: ['business_licence'], validUntil: '2031-01-01' });
    await addDocuments(t, agent, customer.id, { docTypes: ['org_code'], validUntil: '2026-03-31' });
    await addDocuments(t, agent, customer.id, { docTypes: ['tax_registration'], validUntil: '2026-02-28' });
    await addDocuments(t, agent, customer.id, { docTypes: ['articles'], validUntil: null });

    const list = (await agent.get(`/api/v1/customers/${customer.id}/qualifications`)).json();
    expect(list.firstTime).toBe(true);
    const status = Object.fromEntries(list.requirements.map((r: { docType: string; status: string }) => [r.docType, r.status]));
    expect(status).toEqual({
      business_licence: 'valid',
      org_code: 'expiring',
      tax_registration: 'expired',
      legal_rep_id: 'missing',
      bank_permit: 'missing',
      articles: 'valid',
      credit_proof: 'missing',
      financial_statements: 'missing',
    });
    expect(list.requirements.every((r: { required: boolean }) => r.required)).toBe(true);
    expect(list.missing).toEqual(['税务登记证', '法定代表人身份证', '银行开户许可证', '资信证明', '财务报表']);

    // A customer admitted before needs only the five documents every customer has.
    const returning = await createCustomer(t, w.specialistA.user, { admittedAt: new Date('2024-05-01T00:00:00Z') });
    const second = (await agent.get(`/api/v1/customers/${returning.id}/qualifications`)).json();
    expect(second.firstTime).toBe(false);
    expect(second.requirements.filter((r: { required: boolean }) => r.required).map((r: { docType: string }) => r.docType)).toEqual(baseRequiredDocTypes);
  });

  it('R-CUS-10 R-PLT-03 a specialist of another unit gets 404 for the documents of unit A\'s customer', async () => {
    const customer = await createCustomer(t, w.specialistA.user);
    const ids = await addDocuments(t, w.specialistA.agent, customer.id, { docTypes: ['business_licence'] });
    const url = `/api/v1/customers/${customer.id}/qualifications`;
    const b = w.specialistB.agent;
    expect((await b.get(url)).statusCode).toBe(404);
    const file = await createAttachment(t, customer.id, b.userId);
    expect((await b.post(url, { docType: 'org_code', number: 'X', attachmentId: file.id })).statusCode).toBe(404);
    expect((await b.patch(`${url}/${ids.business_licence}`, { number: 'X' })).statusCode).toBe(404);
    expect((await b.delete(`${url}/${ids.business_licence}`)).statusCode).toBe(404);
    expect((await b.post(`/api/v1/customers/${customer.id}/admission`, {})).statusCode).toBe(404);
    // A document id of another customer is not found under this one.
    const mine = await createCustomer(t, w.specialistA.user);
    expect((await w.specialistA.agent.patch(`/api/v1/customers/${mine.id}/qualifications/${ids.business_licence}`, { number: 'X' })).statusCode).toBe(404);
  });
});

describe('admission review', () => {
  it('R-CUS-11 submitting is refused while documents are missing or expired, and the 400 lists them', async () => {
    const customer = await createCustomer(t, w.specialistA.user);
    const agent = w.specialistA.agent;
    const none = await agent.post(`/api/v1/customers/${customer.id}/admission`, {});
    expect(none.statusCode).toBe(400);
    expect(none.json().errors.map((e: { field: string }) => e.field)).toHaveLength(8);

    await addDocuments(t, agent, customer.id, { docTypes: ['business_licence', 'org_code', 'legal_rep_id', 'bank_permit', 'articles', 'credit_proof', 'financial_statements'] });
    await addDocuments(t, agent, customer.id, { docTypes: ['tax_registration'], validUntil: '2026-01-31' });
    const expired = await agent.post(`/api/v1/customers/${customer.id}/admission`, {});
    expect(expired.statusCode).toBe(400);
    expect(expired.json().detail).toContain('税务登记证（已于 2026-01-31 过期）');
    expect(expired.json().errors).toEqual([{ field: 'qualifications.tax_registration', message: '税务登记证（已于 2026-01-31 过期）' }]);
    expect((await customerRow(t, customer.id)).admissionStatus).toBe('none');
  });

  it('R-CUS-11 specialist → unit manager → finance: pending in flight, admitted when finance approves', async () => {
    const customer = await createCustomer(t, w.specialistA.user);
    await expect(assertCustomerAdmitted(t.database.db, customer.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    await addDocuments(t, w.specialistA.agent, customer.id);

    const submitted = await w.specialistA.agent.post(`/api/v1/customers/${customer.id}/admission`, { note: '资料齐全' });
    expect(submitted.statusCode, submitted.body).toBe(201);
    expect(submitted.json()).toMatchObject({ admissionStatus: 'pending', admittedAt: null });
    const approvalId = submitted.json().approvalId;
    expect((await w.specialistA.agent.post(`/api/v1/customers/${customer.id}/admission`, {})).statusCode).toBe(409);

    // Finance cannot decide before the manager.
    const early = await w.finance.agent.get(`/api/v1/approvals/${approvalId}`);
    expect(early.json().can.decide).toBe(false);
    const detail = await approve(w.managerA.agent, approvalId);
    expect(detail.status).toBe('pending');
    expect((await customerRow(t, customer.id)).admissionStatus).toBe('pending');

    const done = await approve(w.finance.agent, approvalId);
    expect(done.status).toBe('approved');
    const row = await customerRow(t, customer.id);
    expect(row.admissionStatus).toBe('admitted');
    expect(row.admittedAt?.toISOString()).toBe(t.clock.now().toISOString());
    await expect(assertCustomerAdmitted(t.database.db, customer.id)).resolves.toBeUndefined();
    expect((await auditOf(t, 'customer', customer.id)).map((a) => a.action)).toEqual(expect.arrayContaining(['admission_submit', 'admission_admitted']));
    expect((await timelineTypes(t, customer.id)).filter((type) => type === 'admission')).toHaveLength(2);
    expect((await w.specialistA.agent.post(`/api/v1/customers/${customer.id}/admission`, {})).statusCode).toBe(409);
  });

  it('R-CUS-11 a rejection marks the customer 未通过; a withdrawal restores the previous state', async () => {
    const customer = await createCustomer(t, w.specialistA.user);
    await addDocuments(t, w.specialistA.agent, customer.id);
    const first = (await w.specialistA.agent.post(`/api/v1/customers/${customer.id}/admission`, {})).json();
    await reject(w.managerA.agent, first.approvalId, '营业执照不清晰');
    expect((await customerRow(t, customer.id)).admissionStatus).toBe('rejected');
    await expect(assertCustomerAdmitted(t.database.db, customer.id)).rejects.toMatchObject({ code: 'CONFLICT' });

    const second = await w.specialistA.agent.post(`/api/v1/customers/${customer.id}/admission`, {});
    expect(second.statusCode).toBe(201);
    const withdrawn = await w.specialistA.agent.post(`/api/v1/approvals/${second.json().approvalId}/withdraw`, {});
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect((await customerRow(t, customer.id)).admissionStatus).toBe('rejected');
    expect((await auditOf(t, 'customer', customer.id)).map((a) => a.action)).toEqual(
      expect.arrayContaining(['admission_rejected', 'admission_withdrawn']),
    );
  });
});

describe('expiry reminders', () => {
  it('R-CUS-10 a document expiring within 30 days creates one task for the owner (daily job, test clock)', async () => {
    const customer = await createCustomer(t, w.specialistA.user);
    const ids = await addDocuments(t, w.specialistA.agent, customer.id, { docTypes: ['business_licence'], validUntil: '2026-04-11' });
    const remindersOf = () =>
      t.database.db
        .select()
        .from(tasks)
        .where(and(eq(tasks.ruleKey, 'customer_qualification_expiry'), eq(tasks.recordId, String(customer.id))));

    // 08:00 Asia/Shanghai on 2026-03-03: 39 days ahead, no task yet.
    t.clock.set('2026-03-03T00:00:00Z');
    const [run] = await runDueJobs(t.app.deps, t.clock.now(), { only: ['customer_qualification_expiry'] });
    expect(run?.jobKey).toBe('customer_qualification_expiry');
    expect(await remindersOf()).toHaveLength(0);

    // 2026-03-12: exactly 30 days ahead — the owner gets a task due on the expiry day.
    t.clock.set('2026-03-12T00:00:00Z');
    await runDueJobs(t.app.deps, t.clock.now(), { only: ['customer_qualification_expiry'] });
    const [task] = await remindersOf();
    expect(task).toMatchObject({
      assigneeId: w.specialistA.user.id,
      recordType: 'customer',
      status: 'open',
      dedupeKey: `customer_qualification_expiry:${ids.business_licence}:2026-04-11`,
    });
    expect(task!.title).toContain('营业执照');
    expect(task!.dueAt.toISOString()).toBe('2026-04-11T15:59:00.000Z');

    // The next day's run does not repeat it.
    t.clock.set('2026-03-13T00:00:00Z');
    await runDueJobs(t.app.deps, t.clock.now(), { only: ['customer_qualification_expiry'] });
    expect(await remindersOf()).toHaveLength(1);

    // A renewed document with a new date gets its own reminder when that date comes near.
    // (Written directly: the sessions of this file have expired by this simulated date.)
    await t.database.db.update(customerQualifications).set({ validUntil: '2026-04-12' }).where(eq(customerQualifications.id, ids.business_licence!));
    t.clock.set('2026-03-14T00:00:00Z');
    const [last] = await runDueJobs(t.app.deps, t.clock.now(), { only: ['customer_qualification_expiry'] });
    expect(last?.jobKey).toBe('customer_qualification_expiry');
    expect(await remindersOf()).toHaveLength(2);
  });
});
