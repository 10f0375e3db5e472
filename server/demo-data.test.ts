import { and, count, eq, isNull, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerContacts, customers, customerTimeline, isValidUscc } from './modules/customers';
import { opportunities } from './modules/development/opportunities/opportunities.table';
import { developmentProjectExpenses, developmentProjectProgress, developmentProjects } from './modules/development/projects/projects.table';
import { receptionRecords } from './modules/development/reception/reception.table';
import { developmentRegistrations } from './modules/development/registrations/registrations.table';
import { visitPlans, visitRecords } from './modules/development/visits/visits.table';
import { appModules, ensureAppReferenceData } from './modules';
import { createTestDatabase } from './test/harness';
import { approvalInstances } from './platform/approvals/approvals.table';
import { verifyAuditChain } from './platform/audit/audit.service';
import { auditEvents } from './platform/audit/audit.table';
import { systemClock } from './platform/clock';
import type { Database } from './platform/db/client';
import { numberSequences } from './platform/numbering/numbering.table';
import { orgUnits, users } from './platform/org/org.table';
import { seedDemo, type SeedCredential } from './platform/seed/demo';

// The first start's demo data (seedDemo → seedDemoBusiness) on a fresh database, with the real
// clock as `npm start` uses it.

let database: Database;
let drop: () => Promise<void>;
let credentials: SeedCredential[];
const userIds = new Map<string, number>();

beforeAll(async () => {
  ({ database, drop } = await createTestDatabase());
  await ensureAppReferenceData(database.db, systemClock);
  credentials = await seedDemo(database.db, systemClock, { modules: appModules });
  for (const row of await database.db.select({ id: users.id, username: users.username }).from(users)) userIds.set(row.username, row.id);
}, 120_000);
afterAll(async () => drop?.());

const db = () => database.db;
async function total(table: PgTable) {
  const [row] = await db().select({ n: count() }).from(table);
  return Number(row?.n ?? 0);
}

async function tableCounts() {
  return {
    users: await total(users),
    customers: await total(customers),
    contacts: await total(customerContacts),
    timeline: await total(customerTimeline),
    registrations: await total(developmentRegistrations),
    opportunities: await total(opportunities),
    visits: await total(visitRecords),
    receptions: await total(receptionRecords),
    projects: await total(developmentProjects),
    approvals: await total(approvalInstances),
    audit: await total(auditEvents),
  };
}

describe('demo business data on the first start', () => {
  it('prints the new demo users with the others, each with a random password', () => {
    const names = credentials.map((c) => c.username);
    expect(names).toEqual(expect.arrayContaining(['zhangsan', 'wangxiao', 'lisi', 'chenjing', 'liuqiang']));
    expect(credentials).toHaveLength(10);
    expect(new Set(credentials.map((c) => c.password)).size).toBe(10);
    expect(credentials.find((c) => c.username === 'liuqiang')).toMatchObject({ displayName: '刘强', unit: '苏州招商部' });
  });

  it('makes 刘强 the manager of 苏州招商部', async () => {
    const [unit] = await db().select({ managerId: orgUnits.managerId }).from(orgUnits).where(eq(orgUnits.code, 'SZ-ZS'));
    expect(unit?.managerId).toBe(userIds.get('liuqiang'));
  });

  it('files customers for every specialist, with contacts, valid USCCs and issued codes', async () => {
    const rows = await db().select().from(customers);
    const byOwner = new Map<string, number>();
    for (const row of rows) {
      const owner = row.ownerId === null ? 'pool' : [...userIds].find(([, id]) => id === row.ownerId)![0];
      byOwner.set(owner, (byOwner.get(owner) ?? 0) + 1);
    }
    expect(Object.fromEntries(byOwner)).toEqual({ zhangsan: 12, wangxiao: 10, lisi: 2, chenjing: 10, liuqiang: 1, pool: 8 });
    expect(rows.every((row) => row.uscc !== null && isValidUscc(row.uscc))).toBe(true);
    expect(new Set(rows.map((row) => row.code)).size).toBe(rows.length);
    expect(rows.every((row) => /\S/.test(row.code))).toBe(true);
    expect(rows.some((row) => /鼎泰|恒达/.test(row.name))).toBe(false);
    const [contacts] = await db().select({ n: sql<number>`count(DISTINCT ${customerContacts.customerId})` }).from(customerContacts);
    expect(Number(contacts?.n)).toBe(rows.length);
    // Both branches have a pool.
    const pool = await db()
      .select({ unit: orgUnits.code, n: count() })
      .from(customers)
      .innerJoin(orgUnits, eq(orgUnits.id, customers.unitId))
      .where(isNull(customers.ownerId))
      .groupBy(orgUnits.code);
    expect(Object.fromEntries(pool.map((row) => [row.unit, Number(row.n)]))).toEqual({ 'SH-ZS': 5, 'SZ-ZS': 3 });
    // Everything looks recent and nothing lies in the future.
    const now = Date.now();
    expect(rows.every((row) => row.createdAt.getTime() < now && row.createdAt.getTime() > now - 70 * 86_400_000)).toBe(true);
  });

  it('has an active exclusive right with a countdown, one from the pool, and one registration pending with 李四', async () => {
    const rows = await db().select().from(developmentRegistrations);
    expect(rows).toHaveLength(3);
    const active = rows.filter((row) => row.status === 'active');
    expect(active.map((row) => row.ownerId).sort()).toEqual([userIds.get('zhangsan'), userIds.get('chenjing')].sort());
    for (const row of active) {
      expect(row.exclusiveUntil!.getTime()).toBeGreaterThan(Date.now());
      expect(row.exclusiveUntil!.getTime()).toBeLessThan(Date.now() + 30 * 86_400_000);
    }
    expect(active.find((row) => row.ownerId === userIds.get('chenjing'))?.tookOwnership).toBe(true);
    const pending = rows.find((row) => row.status === 'pending');
    expect(pending?.ownerId).toBe(userIds.get('wangxiao'));
    expect(rows.every((row) => /\S/.test(row.number))).toBe(true);

    const inbox = await db().select().from(approvalInstances).where(eq(approvalInstances.status, 'pending'));
    const forLisi = inbox.filter((instance) => instance.steps[instance.currentStep]?.approverIds.includes(userIds.get('lisi')!));
    expect(forLisi.map((instance) => instance.businessType).sort()).toEqual(['development_registration', 'visit_plan']);
    expect(forLisi.find((instance) => instance.businessType === 'development_registration')?.businessId).toBe(String(pending!.id));
  });

  it('spreads the opportunities over the stages, with a lost one and its reason', async () => {
    const rows = await db().select().from(opportunities);
    const byStage: Record<string, number> = {};
    for (const row of rows) byStage[row.stageCode] = (byStage[row.stageCode] ?? 0) + 1;
    expect(byStage).toEqual({ initial: 2, requirement: 2, proposal: 2, negotiation: 2, contract_approval: 1, won: 3, lost: 1 });
    const lost = rows.find((row) => row.stageCode === 'lost')!;
    expect(lost).toMatchObject({ status: 'lost', lostReasonCode: 'price' });
    expect(rows.filter((row) => row.status === 'won').every((row) => row.closedAt !== null)).toBe(true);
    expect(new Set(rows.map((row) => row.number)).size).toBe(rows.length);
    // The customers of won deals became 签约 through an audited edit.
    const won = await db()
      .select({ lifecycle: customers.lifecycleCode })
      .from(customers)
      .innerJoin(opportunities, eq(opportunities.customerId, customers.id))
      .where(eq(opportunities.status, 'won'));
    expect(won.map((row) => row.lifecycle)).toEqual(['signed', 'signed', 'signed']);
  });

  it('records visits (some with progress), a submitted visit plan, receptions by rotation and an approved project', async () => {
    const visits = await db().select().from(visitRecords);
    expect(visits).toHaveLength(8);
    expect(visits.filter((visit) => visit.progress).length).toBe(5);
    expect(visits.every((visit) => !visit.late)).toBe(true);

    const [plan] = await db().select().from(visitPlans);
    expect(plan).toMatchObject({ userId: userIds.get('zhangsan'), status: 'pending', lateSubmission: false });

    const receptions = await db().select().from(receptionRecords).orderBy(receptionRecords.timeIn);
    expect(receptions.map((row) => row.assignment)).toEqual(['rotation', 'rotation', 'previous', 'rotation', 'rotation']);
    const rotated = receptions.filter((row) => row.assignment === 'rotation').map((row) => row.receiverId);
    expect(rotated).toEqual(['zhangsan', 'wangxiao', 'zhangsan', 'wangxiao'].map((name) => userIds.get(name)));

    const [project] = await db().select().from(developmentProjects);
    expect(project).toMatchObject({ status: 'active', ownerId: userIds.get('zhangsan') });
    expect(project!.number).toMatch(/\S/);
    expect(await total(developmentProjectExpenses)).toBe(1);
    expect(await total(developmentProjectProgress)).toBe(1);
    const [approval] = await db()
      .select()
      .from(approvalInstances)
      .where(and(eq(approvalInstances.businessType, 'development_project'), eq(approvalInstances.businessId, String(project!.id))));
    expect(approval?.status).toBe('approved');
  });

  it('signs a lease for 浦江冷链 through review and bills it monthly, with one month paid, the next in part, and metered electricity entered', async () => {
    const rows = await db().execute(sql`SELECT
        (SELECT count(*) FROM contracts WHERE status = 'effective') AS contracts,
        (SELECT count(*) FROM billing_schedule_lines) AS schedule,
        (SELECT count(*) FROM bills WHERE status = 'issued') AS bills,
        (SELECT count(*) FROM receipts) AS receipts,
        (SELECT count(*) FROM bills WHERE status = 'issued' AND paid > 0 AND paid < total) AS partly_paid,
        (SELECT count(*) FROM usage_charges) AS usage`);
    const row = ((rows as { rows?: unknown[] }).rows ?? rows) as Record<string, string | number>[];
    const figures = Object.fromEntries(Object.entries(row[0]!).map(([key, value]) => [key, Number(value)]));
    expect(figures).toMatchObject({ contracts: 1, receipts: 2, partly_paid: 1, usage: 1 });
    expect(figures.schedule).toBeGreaterThan(12);
    expect(figures.bills).toBeGreaterThanOrEqual(2);
  });

  it('rates 浦江冷链\'s credit and takes its calls at the service desk: one ticket open, one resolved at first contact', async () => {
    const rows = await db().execute(sql`SELECT
        (SELECT count(*) FROM credit_ratings) AS ratings,
        (SELECT count(*) FROM service_tickets WHERE status = 'open') AS open,
        (SELECT count(*) FROM service_tickets WHERE status = 'resolved' AND first_contact_resolved) AS first_contact`);
    const row = ((rows as { rows?: unknown[] }).rows ?? rows) as Record<string, string | number>[];
    expect(Object.fromEntries(Object.entries(row[0]!).map(([key, value]) => [key, Number(value)]))).toEqual({ ratings: 1, open: 1, first_contact: 1 });
  });

  it('leaves the audit trail and timelines the services write, in an intact chain', async () => {
    const byType = await db().select({ type: auditEvents.entityType, n: count() }).from(auditEvents).groupBy(auditEvents.entityType);
    const audit = Object.fromEntries(byType.map((row) => [row.type, Number(row.n)]));
    expect(audit.customer).toBeGreaterThanOrEqual(43);
    expect(audit.opportunity).toBeGreaterThanOrEqual(13);
    expect(audit.development_registration).toBeGreaterThanOrEqual(3);
    expect(audit.approval).toBeGreaterThanOrEqual(5);
    expect(audit.visit_record).toBe(8);
    expect(audit.reception_record).toBe(5);
    expect(audit.development_project).toBeGreaterThanOrEqual(4);
    const [system] = await db().select().from(auditEvents).where(eq(auditEvents.entityType, 'system'));
    expect(system?.summary).toContain('演示业务数据');
    expect((await verifyAuditChain(db())).ok).toBe(true);
    const [created] = await db().select({ n: count() }).from(customerTimeline).where(eq(customerTimeline.type, 'created'));
    expect(Number(created?.n)).toBe(43);
    expect(await total(numberSequences)).toBeGreaterThan(0);
  });

  it('adds nothing when seedDemo runs again', async () => {
    const before = await tableCounts();
    expect(await seedDemo(db(), systemClock, { modules: appModules })).toEqual([]);
    expect(await tableCounts()).toEqual(before);
  });
});
