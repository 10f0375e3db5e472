import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalInstances } from '../../../platform/approvals/approvals.table';
import { orgUnits, users } from '../../../platform/org/org.table';
import { createTask } from '../../../platform/tasks/tasks.service';
import { tasks } from '../../../platform/tasks/tasks.table';
import { createTestApp, type TestApp, person } from '../../../test/harness';
import { customers } from '../../customers';
import { DAY_MS } from '../settings/development-settings.service';
import { ownedCustomer } from './ownership.fixtures';
import { approve, auditOf } from '../../../test/world';
import { customerRow } from '../../../test/customers';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('离职交接 (departure hand-over)', () => {
  it('R-PLT-05 customers, open tasks and pending approvals go to the successor in one operation; the user is disabled', async () => {
    const admin = await t.admin();
    const unit = await t.createUnit();
    const leaving = await person(t, { unitId: unit.id, role: 'manager' });
    const successor = await person(t, { unitId: unit.id, role: 'manager' });
    const specialist = await person(t, { unitId: unit.id, role: 'specialist' });
    await t.database.db.update(orgUnits).set({ managerId: leaving.user.id }).where(eq(orgUnits.id, unit.id));

    const owned = [await ownedCustomer(t, leaving.user), await ownedCustomer(t, leaving.user)];
    const shared = await ownedCustomer(t, specialist.user, { collaboratorIds: [leaving.user.id] });
    const { task } = await t.database.db.transaction((tx) =>
      createTask(tx, t.app.deps, { title: '整理客户资料', assigneeId: leaving.user.id, dueAt: new Date(t.clock.now().getTime() + DAY_MS) }),
    );
    // A transfer request of the specialist waits for the leaving unit manager.
    const mine = await ownedCustomer(t, specialist.user);
    const transfer = (
      await specialist.agent.post('/api/v1/development/transfers', { customerId: mine.id, toUserId: successor.user.id, reason: '调整分工' })
    ).json();
    expect(transfer.status).toBe('pending');

    const preview = await admin.get(`/api/v1/users/${leaving.user.id}/hand-over-preview`);
    expect(preview.statusCode, preview.body).toBe(200);
    const counts = Object.fromEntries(preview.json().steps.map((s: { key: string; count: number }) => [s.key, s.count]));
    expect(counts).toMatchObject({ customers: 2, tasks: 1, approvals: 1 });

    const response = await admin.post(`/api/v1/users/${leaving.user.id}/hand-over`, { successorId: successor.user.id });
    expect(response.statusCode, response.body).toBe(200);
    const done = Object.fromEntries(response.json().steps.map((s: { key: string; count: number }) => [s.key, s.count]));
    expect(done).toMatchObject({ customers: 2, tasks: 1, approvals: 1 });

    const left = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(customers).where(eq(customers.ownerId, leaving.user.id));
    expect(left[0]!.n).toBe(0);
    for (const customer of owned) expect((await customerRow(t, customer.id)).ownerId).toBe(successor.user.id);
    expect((await customerRow(t, shared.id)).collaboratorIds).toEqual([successor.user.id]);
    expect((await t.database.db.select().from(tasks).where(eq(tasks.id, task.id)))[0]!.assigneeId).toBe(successor.user.id);
    const [instance] = await t.database.db.select().from(approvalInstances).where(eq(approvalInstances.id, transfer.approvalId));
    expect(instance!.steps[0]!.approverIds).toEqual([successor.user.id]);
    expect((await approve(successor.agent, transfer.approvalId)).status).toBe('approved');

    const [row] = await t.database.db.select().from(users).where(eq(users.id, leaving.user.id));
    expect(row!.status).toBe('disabled');
    expect((await leaving.agent.get('/api/v1/development/my-customers')).statusCode).toBe(401);
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: leaving.user.username, password: leaving.user.password } });
    expect(login.statusCode).not.toBe(200);
    const audit = (await auditOf(t, 'user', leaving.user.id)).find((a) => a.action === 'hand_over');
    expect(audit?.summary).toContain('客户 2');
    const history = (await admin.get(`/api/v1/development/customers/${owned[0]!.id}/ownership-history`)).json().items;
    expect(history[0]).toMatchObject({ kind: 'departure', fromUserId: leaving.user.id, toUserId: successor.user.id });
  });

  it('R-PLT-05 refuses without user:manage, for oneself, and to a disabled successor', async () => {
    const admin = await t.admin();
    const unit = await t.createUnit();
    const leaving = await t.createUser({ unitId: unit.id, role: 'specialist' });
    const specialist = await person(t, { unitId: unit.id, role: 'specialist' });
    const disabled = await t.createUser({ unitId: unit.id, role: 'specialist' });
    await t.database.db.update(users).set({ status: 'disabled' }).where(eq(users.id, disabled.id));
    expect((await specialist.agent.post(`/api/v1/users/${leaving.id}/hand-over`, { successorId: specialist.user.id })).statusCode).toBe(403);
    expect((await admin.post(`/api/v1/users/${admin.userId}/hand-over`, { successorId: specialist.user.id })).statusCode).toBe(409);
    const bad = await admin.post(`/api/v1/users/${leaving.id}/hand-over`, { successorId: disabled.id });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('successorId');
    expect((await t.database.db.select().from(users).where(eq(users.id, leaving.id)))[0]!.status).toBe('active');
  });

  it('R-PLT-03 a unit-scoped user manager cannot hand over users of another unit', async () => {
    const unitA = await t.createUnit();
    const unitB = await t.createUnit();
    const hr = await person(t, { unitId: unitA.id, permissions: ['user:read', 'user:manage'], scope: 'unit' });
    const other = await t.createUser({ unitId: unitB.id, role: 'specialist' });
    const colleague = await t.createUser({ unitId: unitA.id, role: 'specialist' });
    expect((await hr.agent.get(`/api/v1/users/${other.id}/hand-over-preview`)).statusCode).toBe(404);
    expect((await hr.agent.post(`/api/v1/users/${other.id}/hand-over`, { successorId: colleague.id })).statusCode).toBe(404);
  });
});
