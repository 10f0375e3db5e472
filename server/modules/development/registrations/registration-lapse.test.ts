import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handOverSteps } from '../../../platform/org/hand-over';
import { customerRow, timelineOf } from '../../../test/customers';
import { createTestApp, type TestApp } from '../../../test/harness';
import { advanceDays, auditOf, createWorld, decide, notificationsOf, type World } from '../../../test/world';
import { opportunityStageChanges } from '../opportunities/opportunities.table';
import { DAY_MS } from '../settings/development-settings.service';
import {
  createCustomer,
  register,
  registrationsOf
} from './registrations.fixtures';
import { lapseRegistrations } from './registrations.jobs';

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
});
afterAll(async () => t?.close());

const url = '/api/v1/development/registrations';

/** A registration of a fresh customer of specialist A, approved by manager A. */
async function activeRegistration() {
  const customer = await createCustomer(t, w.specialistA.user);
  const reg = await register(w.specialistA.agent, { customerId: customer.id });
  await decide(w.managerA.agent, reg.approvalId, 'approve');
  return { customer, reg: (await w.specialistA.agent.get(`${url}/${reg.id}`)).json() };
}

const lapse = () => lapseRegistrations(t.app.deps);

describe('exclusive period end, extension and reassignment', () => {
  it('R-DEV-03 without significant progress the right lapses after 30 days; holder and manager are told', async () => {
    const { customer, reg } = await activeRegistration();
    await advanceDays(t, w, 29);
    expect((await lapse()).due).toBe(0);
    await advanceDays(t, w, 2);
    const result = await lapse();
    expect(result.lapsed).toBeGreaterThanOrEqual(1);
    const after = (await w.specialistA.agent.get(`${url}/${reg.id}`)).json();
    expect(after).toMatchObject({ status: 'lapsed', endReason: expect.stringContaining('无实质进展'), remainingSeconds: null });
    expect((await notificationsOf(t, w.specialistA.user.id, 'registration_ended')).some((n) => n.title.includes(customer.name))).toBe(true);
    expect((await notificationsOf(t, w.managerA.user.id, 'registration_ended')).some((n) => n.title.includes(customer.name))).toBe(true);
    expect((await auditOf(t, 'development_registration', reg.id)).map((a) => a.action)).toContain('registration_lapsed');
    expect((await timelineOf(t, customer.id)).some((e) => e.title.includes('独家开发权失效'))).toBe(true);
    expect((await w.managerA.agent.get(`/api/v1/development/customers/${customer.id}/exclusive-right`)).json().right).toBeNull();
    // R-PLT-03: another unit cannot even ask.
    expect((await w.specialistB.agent.get(`/api/v1/development/customers/${customer.id}/exclusive-right`)).statusCode).toBe(404);
    // Idempotent: a second run changes nothing.
    expect((await lapse()).due).toBe(0);
  });

  it('R-DEV-03 an opportunity moved to negotiation within the period makes the registration complete', async () => {
    const { customer, reg } = await activeRegistration();
    await advanceDays(t, w, 10);
    await t.database.db.insert(opportunityStageChanges).values({
      opportunityId: 999_999,
      customerId: customer.id,
      fromStage: 'quotation',
      toStage: 'negotiation',
      forward: true,
      ownerId: w.specialistA.user.id,
      unitId: w.unitA.id,
      at: t.clock.now(),
    });
    await advanceDays(t, w, 21);
    expect((await lapse()).completed).toBe(1);
    expect((await w.specialistA.agent.get(`${url}/${reg.id}`)).json()).toMatchObject({ status: 'completed', canExtend: false });
  });

  it('R-DEV-03 the managing unit may extend once; the second extension is refused', async () => {
    const { reg } = await activeRegistration();
    expect((await w.specialistA.agent.post(`${url}/${reg.id}/extend`, { reason: '客户在走内部流程' })).statusCode).toBe(403);
    expect((await w.managerB.agent.post(`${url}/${reg.id}/extend`, { reason: '客户在走内部流程' })).statusCode).toBe(404);
    expect((await w.managerA.agent.get(`${url}/${reg.id}`)).json()).toMatchObject({ canExtend: true, canReassign: true });
    const extended = await w.managerA.agent.post(`${url}/${reg.id}/extend`, { reason: '客户在走内部流程' });
    expect(extended.statusCode, extended.body).toBe(200);
    expect(new Date(extended.json().exclusiveUntil).getTime() - new Date(reg.exclusiveUntil).getTime()).toBe(30 * DAY_MS);
    expect(extended.json()).toMatchObject({ status: 'active', canExtend: false, extendedByName: expect.any(String) });
    const twice = await w.managerA.agent.post(`${url}/${reg.id}/extend`, { reason: '再延一次' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().reason).toBe('registration.already_extended');
    expect((await w.managerA.agent.post(`${url}/${reg.id}/extend`, { reason: '' })).json().errors[0].field).toBe('reason');
  });

  it('R-DEV-03 a lapsed registration may be extended within 30 days of lapsing, not later', async () => {
    const { reg } = await activeRegistration();
    await advanceDays(t, w, 31);
    await lapse();
    const revived = await w.managerA.agent.post(`${url}/${reg.id}/extend`, { reason: '客户重新接洽' });
    expect(revived.statusCode, revived.body).toBe(200);
    expect(revived.json().status).toBe('active');
    expect(new Date(revived.json().exclusiveUntil).getTime()).toBe(t.clock.now().getTime() + 30 * DAY_MS);

    const { reg: old } = await activeRegistration();
    await advanceDays(t, w, 31);
    await lapse();
    await advanceDays(t, w, 31);
    const late = await w.managerA.agent.post(`${url}/${old.id}/extend`, { reason: '太晚了' });
    expect(late.statusCode).toBe(409);
    expect(late.json().detail).toContain('失效已超过 30 天');
  });

  it('R-DEV-03 reassignment moves the customer and gives the new holder an active registration without approval', async () => {
    const { customer, reg } = await activeRegistration();
    const response = await w.managerA.agent.post(`${url}/${reg.id}/reassign`, { toUserId: w.specialistA2.user.id, reason: '原负责人工作调整' });
    expect(response.statusCode, response.body).toBe(200);
    const fresh = response.json();
    expect(fresh).toMatchObject({ status: 'active', holderId: w.specialistA2.user.id, approvalId: null, customerId: customer.id });
    expect(fresh.number).not.toBe(reg.number);
    expect((await w.managerA.agent.get(`${url}/${reg.id}`)).json()).toMatchObject({ status: 'reassigned', endReason: expect.stringContaining('原负责人工作调整') });
    expect((await customerRow(t, customer.id)).ownerId).toBe(w.specialistA2.user.id);
    const right = (await w.specialistA.agent.get(`/api/v1/development/customers/${customer.id}/exclusive-right`)).json().right;
    expect(right).toMatchObject({ registrationId: fresh.id, holderId: w.specialistA2.user.id });
    expect((await notificationsOf(t, w.specialistA2.user.id, 'registration_ended')).some((n) => n.title.includes('改派'))).toBe(true);
    // Out of the manager's scope: refused with a field error.
    const outside = await w.managerA.agent.post(`${url}/${fresh.id}/reassign`, { toUserId: w.specialistB.user.id, reason: '跨部门' });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().errors[0].field).toBe('toUserId');
  });

  it('R-PLT-05 the departure hand-over moves pending and active registrations to the successor', async () => {
    const { customer, reg } = await activeRegistration();
    const step = handOverSteps().find((s) => s.key === 'development_registrations')!;
    expect(step.order).toBe(20);
    const moved = await t.database.db.transaction((tx) => step.run(tx, t.clock, {}, w.specialistA.user.id, w.specialistA2.user.id));
    expect(moved).toBeGreaterThanOrEqual(1);
    const [row] = (await registrationsOf(t, customer.id)).filter((r) => r.id === reg.id);
    expect(row!.ownerId).toBe(w.specialistA2.user.id);
  });
});
