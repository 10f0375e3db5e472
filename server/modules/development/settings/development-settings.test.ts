import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../../platform/audit/audit.table';
import { createTestApp, type Agent, type TestApp } from '../../../test/harness';

let t: TestApp;
let branch: { id: number };
let department: { id: number };
let otherUnit: { id: number };
let manager: Agent;
let specialist: Agent;

beforeAll(async () => {
  t = await createTestApp();
  branch = await t.createUnit();
  department = await t.createUnit(undefined, branch.id);
  otherUnit = await t.createUnit();
  manager = await t.login(await t.createUser({ unitId: branch.id, role: 'manager' }));
  specialist = await t.login(await t.createUser({ unitId: department.id, role: 'specialist' }));
});
afterAll(async () => t?.close());

const settingsOf = async (agent: Agent, unitId: number) => (await agent.get(`/api/v1/development/settings?unitId=${unitId}`)).json();

describe('客户开发规则设置 (development settings)', () => {
  it('R-DEV-02 R-DEV-11 R-DEV-12 defaults apply until a unit sets its own rules, which its sub-units inherit', async () => {
    const initial = await settingsOf(specialist, department.id);
    expect(initial).toMatchObject({ source: 'default', canEdit: false, rules: { exclusiveDays: 30, protectionDays: 60, releaseDays: 90, releaseWarningDays: 7, defaultOwnerLimit: 200 } });

    const put = await manager.put(`/api/v1/development/settings/${branch.id}`, { ...initial.rules, exclusiveDays: 45, ownerLimits: { specialist: 150 } });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ source: 'own', canEdit: true, rules: { exclusiveDays: 45, ownerLimits: { specialist: 150 } } });
    const inherited = await settingsOf(specialist, department.id);
    expect(inherited).toMatchObject({ source: 'inherited', sourceUnitId: branch.id, rules: { exclusiveDays: 45 } });
    const audits = await t.database.db.select().from(auditEvents).where(eq(auditEvents.entityType, 'development_settings'));
    expect(audits[0]!.changes).toMatchObject({ exclusiveDays: { before: 30, after: 45 } });

    const removed = await manager.delete(`/api/v1/development/settings/${branch.id}`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toMatchObject({ source: 'default', rules: { exclusiveDays: 30 } });
    expect((await manager.delete(`/api/v1/development/settings/${branch.id}`)).statusCode).toBe(409);
  });

  it('R-DEV-11 out-of-range values are refused with Chinese messages naming the field; nothing is saved', async () => {
    const { rules } = await settingsOf(manager, branch.id);
    const bad = await manager.put(`/api/v1/development/settings/${branch.id}`, { ...rules, releaseDays: 3, protectionDays: 0 });
    expect(bad.statusCode).toBe(400);
    const fields = bad.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['releaseDays', 'protectionDays']));
    expect(bad.json().detail).toContain('不能少于');
    const warning = await manager.put(`/api/v1/development/settings/${branch.id}`, { ...rules, releaseWarningDays: 90 });
    expect(warning.json().errors[0]).toMatchObject({ field: 'releaseWarningDays' });
    const role = await manager.put(`/api/v1/development/settings/${branch.id}`, { ...rules, ownerLimits: { nobody: 5 } });
    expect(role.statusCode).toBe(400);
    expect(role.json().detail).toContain('角色不存在');
    expect((await settingsOf(manager, branch.id)).source).toBe('default');
  });

  it('R-PLT-03 settings of a unit outside the scope cannot be changed; specialists cannot change any', async () => {
    const { rules } = await settingsOf(manager, otherUnit.id);
    expect((await manager.put(`/api/v1/development/settings/${otherUnit.id}`, rules)).statusCode).toBe(404);
    expect((await specialist.put(`/api/v1/development/settings/${department.id}`, rules)).statusCode).toBe(403);
  });
});
