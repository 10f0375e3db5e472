import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachments } from '../../../platform/files/files.table';
import { createTestApp, type TestApp } from '../../../test/harness';
import {
  addDocuments,
  createAttachment
} from '../compliance/compliance.fixtures';
import { insertCustomer, customerRow, createCustomer } from '../../../test/customers';
import {
  customerBlacklistEntries,
  customerContacts,
  customerGradeChanges,
  customerKeyPersons,
  customerQualifications,
  customerRevenue,
  customerTimeline,
} from '../customers.table';
import { approve, auditOf, createWorld, type World } from '../../../test/world';

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
});
afterAll(async () => t?.close());

describe('merge', () => {
  it('R-CUS-07 merging moves contacts, key persons, timeline, documents, files, revenue, grades and blacklist entries, with an audit trail on both', async () => {
    const db = t.database.db;
    const kept = await createCustomer(t, w.specialistA.user, {
      contacts: [{ name: '保留主联系人', mobile: '13800000001', isPrimary: true }],
    });
    const duplicate = await createCustomer(t, w.specialistA.user, {
      contacts: [
        { name: '重复主联系人', mobile: '13800000002', isPrimary: true },
        { name: '重复联系人二', mobile: '13800000003' },
      ],
    });
    const earlier = await insertCustomer(db, { name: `${duplicate.name}（旧）`, unitId: w.unitA.id, mergedIntoId: duplicate.id });
    await db.insert(customerKeyPersons).values({ customerId: duplicate.id, name: '王总', hobbies: '钓鱼' });
    await db.insert(customerTimeline).values({ customerId: duplicate.id, occurredAt: t.clock.now(), type: 'visit', title: '上门拜访' });
    await addDocuments(t, w.specialistA.agent, duplicate.id, { docTypes: ['business_licence'] });
    const looseFile = await createAttachment(t, duplicate.id, w.specialistA.user.id);
    await db.insert(customerRevenue).values([
      { customerId: kept.id, month: '2026-01-01', amount: '1000.50' },
      { customerId: duplicate.id, month: '2026-01-01', amount: '200.25' },
      { customerId: duplicate.id, month: '2026-02-01', amount: '300.00' },
    ]);
    await db.insert(customerGradeChanges).values({ customerId: duplicate.id, fromGrade: null, toGrade: 'vip', reason: '年收入达标', method: 'revenue', at: t.clock.now() });
    const entry = (await w.specialistA.agent.post(`/api/v1/customers/${duplicate.id}/blacklist`, { level: 'unit', reason: '拖欠' })).json();
    await approve(w.managerA.agent, entry.approvalId);
    await approve(w.legal.agent, entry.approvalId);
    await approve(w.gm.agent, entry.approvalId);

    const merged = await w.admin.post(`/api/v1/customers/${duplicate.id}/merge`, { intoId: kept.id });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json()).toMatchObject({
      keptId: kept.id,
      mergedId: duplicate.id,
      moved: { contacts: 2, keyPersons: 1, qualifications: 1, attachments: 2, revenueMonths: 2, gradeChanges: 1, blacklistEntries: 1, mergedRecords: 1 },
    });

    const contacts = await db.select().from(customerContacts).where(eq(customerContacts.customerId, kept.id)).orderBy(asc(customerContacts.id));
    expect(contacts.map((c) => c.name)).toEqual(['保留主联系人', '重复主联系人', '重复联系人二']);
    expect(contacts.filter((c) => c.isPrimary).map((c) => c.name)).toEqual(['保留主联系人']);
    expect(await db.select().from(customerKeyPersons).where(eq(customerKeyPersons.customerId, kept.id))).toHaveLength(1);
    expect(await db.select().from(customerQualifications).where(eq(customerQualifications.customerId, kept.id))).toHaveLength(1);
    expect((await db.select().from(attachments).where(eq(attachments.id, looseFile.id)))[0]!.recordId).toBe(String(kept.id));
    const revenue = await db.select().from(customerRevenue).where(eq(customerRevenue.customerId, kept.id)).orderBy(asc(customerRevenue.month));
    expect(revenue.map((r) => [r.month, r.amount])).toEqual([
      ['2026-01-01', '1200.75'],
      ['2026-02-01', '300.00'],
    ]);
    expect(await db.select().from(customerRevenue).where(eq(customerRevenue.customerId, duplicate.id))).toHaveLength(0);
    expect(await db.select().from(customerGradeChanges).where(eq(customerGradeChanges.customerId, kept.id))).toHaveLength(1);
    expect((await db.select().from(customerBlacklistEntries).where(eq(customerBlacklistEntries.id, entry.id)))[0]!.customerId).toBe(kept.id);

    const keptRow = await customerRow(t, kept.id);
    expect(keptRow).toMatchObject({ blacklistLevel: 'unit', blacklistUnitId: w.unitA.id, mergedIntoId: null });
    expect(await customerRow(t, duplicate.id)).toMatchObject({ mergedIntoId: kept.id, blacklistLevel: null });
    expect((await customerRow(t, earlier.id)).mergedIntoId).toBe(kept.id);

    const timeline = await db.select().from(customerTimeline).where(eq(customerTimeline.customerId, kept.id));
    expect(timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['visit', 'blacklist', 'qualification_added', 'merged']));
    expect(await db.select().from(customerTimeline).where(eq(customerTimeline.customerId, duplicate.id))).toHaveLength(0);

    const [auditMerged] = (await auditOf(t, 'customer', duplicate.id)).filter((a) => a.action === 'merge');
    const [auditKept] = (await auditOf(t, 'customer', kept.id)).filter((a) => a.action === 'merge');
    expect(auditMerged!.summary).toContain('联系人 2');
    expect(auditMerged!.changes).toMatchObject({ mergedIntoId: { before: null, after: kept.id } });
    expect(auditKept!.changes).toMatchObject({ mergedFromId: { after: duplicate.id }, moved: { after: { contacts: 2 } } });

    // The merged record is hidden: reads of it are 404 like a missing one.
    expect((await w.specialistA.agent.get(`/api/v1/customers/${duplicate.id}/qualifications`)).statusCode).toBe(404);
    expect((await w.specialistA.agent.get(`/api/v1/customers/${kept.id}/qualifications`)).json().items).toHaveLength(1);
  });

  it('R-CUS-07 merging into itself or into a merged record is refused; a pending admission blocks the merge', async () => {
    const a = await createCustomer(t, w.specialistA.user);
    const b = await createCustomer(t, w.specialistA.user);
    const self = await w.admin.post(`/api/v1/customers/${a.id}/merge`, { intoId: a.id });
    expect(self.statusCode).toBe(400);
    expect(self.json().errors[0].field).toBe('intoId');

    expect((await w.admin.post(`/api/v1/customers/${a.id}/merge`, { intoId: b.id })).statusCode).toBe(200);
    const c = await createCustomer(t, w.specialistA.user);
    const intoMerged = await w.admin.post(`/api/v1/customers/${c.id}/merge`, { intoId: a.id });
    expect(intoMerged.statusCode).toBe(409);
    expect(intoMerged.json().detail).toContain(b.name);
    expect((await w.admin.post(`/api/v1/customers/${a.id}/merge`, { intoId: c.id })).statusCode).toBe(404);
    expect((await w.admin.post(`/api/v1/customers/${c.id}/merge`, { intoId: 2_000_000_000 })).statusCode).toBe(404);

    const pending = await createCustomer(t, w.specialistA.user);
    await addDocuments(t, w.specialistA.agent, pending.id);
    expect((await w.specialistA.agent.post(`/api/v1/customers/${pending.id}/admission`, {})).statusCode).toBe(201);
    expect((await w.admin.post(`/api/v1/customers/${pending.id}/merge`, { intoId: c.id })).statusCode).toBe(409);
    expect((await customerRow(t, pending.id)).mergedIntoId).toBeNull();
  });

  it('R-CUS-07 R-PLT-03 only holders of customer:merge may merge, and only customers in their scope', async () => {
    const a = await createCustomer(t, w.specialistA.user);
    const b = await createCustomer(t, w.specialistA.user);
    expect((await w.managerA.agent.post(`/api/v1/customers/${a.id}/merge`, { intoId: b.id })).statusCode).toBe(403);
    expect((await w.specialistA.agent.post(`/api/v1/customers/${a.id}/merge`, { intoId: b.id })).statusCode).toBe(403);
    const mergerB = await t.login(await t.createUser({ unitId: w.unitB.id, permissions: ['customer:read', 'customer:merge'], scope: 'unit' }));
    expect((await mergerB.post(`/api/v1/customers/${a.id}/merge`, { intoId: b.id })).statusCode).toBe(404);
    const inB = await createCustomer(t, w.specialistB.user);
    expect((await mergerB.post(`/api/v1/customers/${inB.id}/merge`, { intoId: a.id })).statusCode).toBe(404);
    expect(await customerRow(t, a.id)).toMatchObject({ mergedIntoId: null });
    expect(await customerRow(t, inB.id)).toMatchObject({ mergedIntoId: null });
  });
});
