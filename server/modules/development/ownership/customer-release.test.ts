import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications } from '../../../platform/notifications/notifications.table';
import { tasks } from '../../../platform/tasks/tasks.table';
import { createTestApp, type TestApp } from '../../../test/harness';
import { RELEASE_WARNING_RULE, recordValidFollowUp } from '../follow-up';
import { DAY_MS } from '../settings/development-settings.service';
import { releaseOverdueCustomers } from './customer-release.job';
import { ownershipChanges, poolCustomer } from './ownership.fixtures';
import { createWorld, type World } from '../../../test/world';
import { customerRow } from '../../../test/customers';

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
});
afterAll(async () => t?.close());

const warningTasks = (customerId: number) =>
  t.database.db
    .select()
    .from(tasks)
    .where(and(eq(tasks.ruleKey, RELEASE_WARNING_RULE), eq(tasks.recordType, 'customer'), eq(tasks.recordId, String(customerId))));

describe('到期释放 (release job)', () => {
  it('R-DEV-11 warning 7 days before, a valid follow-up pushes the release back, 90 days without one release to the pool', async () => {
    const start = t.clock.now();
    const at = (days: number) => t.clock.set(new Date(start.getTime() + days * DAY_MS));
    const served = await poolCustomer(t, w.unitA.id);
    const neglected = await poolCustomer(t, w.unitA.id);
    for (const customer of [served, neglected]) {
      expect((await w.specialistA.agent.post(`/api/v1/development/pool/${customer.id}/claim`)).statusCode).toBe(200);
    }

    at(83);
    const first = await releaseOverdueCustomers(t.app.deps);
    expect(first).toMatchObject({ released: 0, warned: 2 });
    const [warning] = await warningTasks(served.id);
    expect(warning).toMatchObject({ assigneeId: w.specialistA.user.id, status: 'open', dueAt: new Date(start.getTime() + 90 * DAY_MS) });
    expect(await releaseOverdueCustomers(t.app.deps)).toMatchObject({ warned: 0 }); // idempotent
    const agent = await t.login(w.specialistA.user); // the clock jump ended the old session
    const mine = (await agent.get('/api/v1/development/my-customers?pageSize=100')).json();
    const listed = mine.items.find((item: { id: number }) => item.id === served.id);
    expect(listed).toMatchObject({ dueSoon: true, daysLeft: 7 });
    expect(mine.dueSoonCount).toBeGreaterThanOrEqual(2);

    // A valid follow-up (visit, call…) on day 83 keeps the customer for another 90 days.
    await t.database.db.transaction((tx) => recordValidFollowUp(tx, t.clock, {}, { customerId: served.id, at: t.clock.now() }));
    expect((await warningTasks(served.id))[0]!.status).toBe('done');

    at(91);
    const second = await releaseOverdueCustomers(t.app.deps);
    expect(second.released).toBe(1);
    expect((await customerRow(t, served.id)).ownerId).toBe(w.specialistA.user.id);
    const gone = await customerRow(t, neglected.id);
    expect(gone).toMatchObject({ ownerId: null, previousOwnerId: w.specialistA.user.id });
    expect(gone.releasedAt).toEqual(t.clock.now());
    const changes = await ownershipChanges(t, neglected.id);
    expect(changes.map((c) => c.kind)).toEqual(['claim', 'release']);
    expect(changes[1]).toMatchObject({ reason: '超过 90 天无有效跟进', actorId: null, fromUserId: w.specialistA.user.id });
    expect((await warningTasks(neglected.id))[0]!.status).toBe('cancelled');
    const notices = await t.database.db.select().from(notifications).where(eq(notifications.userId, w.specialistA.user.id));
    expect(notices.some((n) => n.title === `客户已退回公海：${neglected.name}`)).toBe(true);

    at(83 + 90 + 1);
    await releaseOverdueCustomers(t.app.deps);
    expect((await customerRow(t, served.id)).ownerId).toBeNull();
    const fresh = await t.login(w.specialistB.user);
    const pool = (await fresh.get(`/api/v1/development/pool?q=${encodeURIComponent(served.name)}`)).json();
    expect(pool.items).toEqual([expect.objectContaining({ id: served.id, timesReleased: 1 })]);
  });

  it('R-DEV-11 a longer protection period of the unit delays the release', async () => {
    const unit = await t.createUnit();
    const manager = await t.login(await t.createUser({ unitId: unit.id, role: 'manager' }));
    const rules = (await manager.get(`/api/v1/development/settings?unitId=${unit.id}`)).json().rules;
    expect((await manager.put(`/api/v1/development/settings/${unit.id}`, { ...rules, protectionDays: 120 })).statusCode).toBe(200);
    const owner = await t.createUser({ unitId: unit.id, role: 'specialist' });
    const customer = await poolCustomer(t, unit.id);
    expect((await (await t.login(owner)).post(`/api/v1/development/pool/${customer.id}/claim`)).statusCode).toBe(200);
    t.clock.advance(100 * DAY_MS);
    await releaseOverdueCustomers(t.app.deps);
    expect((await customerRow(t, customer.id)).ownerId).toBe(owner.id);
    t.clock.advance(21 * DAY_MS);
    await releaseOverdueCustomers(t.app.deps);
    expect((await customerRow(t, customer.id)).ownerId).toBeNull();
  });
});
