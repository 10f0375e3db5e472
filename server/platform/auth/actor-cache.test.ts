import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../../test/harness';
import { queryRows } from '../db/client';

// The actor of a session is cached for a moment (08-quality: ≤ 2 statements per list request);
// every change that affects access is seen by the very next request.

let t: TestApp;
let admin: Agent;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
});
afterAll(async () => {
  await t?.close();
});

async function roleOf(userId: number): Promise<number> {
  const [row] = await queryRows<{ role_id: number }>(t.database.db, sql`SELECT role_id FROM user_roles WHERE user_id = ${userId}`);
  return Number(row!.role_id);
}

describe('cached session actor', () => {
  it('R-PLT-03 R-SEC-04 a request right after a change of role permissions, data scope, unit, status, password or a sign-out sees the new rights', async () => {
    const unitA = await t.createUnit('缓存甲');
    const unitB = await t.createUnit('缓存乙');
    await t.createUser({ unitId: unitB.id, permissions: ['user:read'] });
    const user = await t.createUser({ unitId: unitA.id, permissions: ['user:read'], scope: 'unit' });
    const roleId = await roleOf(user.id);
    const agent = await t.login(user);
    const me = async () => (await agent.get('/api/v1/auth/me')).json();
    const visibleUnits = async () => new Set(((await agent.get('/api/v1/users?pageSize=100')).json().items as { unitId: number }[]).map((u) => u.unitId));

    // Warm the cache, then change the role's data scope: the next list reaches the other unit.
    const first = await agent.get('/api/v1/users?pageSize=100');
    expect(first.statusCode, first.body).toBe(200);
    expect(await visibleUnits()).toEqual(new Set([unitA.id]));
    expect((await admin.patch(`/api/v1/roles/${roleId}`, { dataScopes: { org: 'all' } })).statusCode).toBe(200);
    expect((await visibleUnits()).has(unitB.id)).toBe(true);

    // Permissions: granted, then withdrawn — both at once.
    expect((await me()).permissions).toEqual(['user:read']);
    expect((await admin.patch(`/api/v1/roles/${roleId}`, { permissions: ['user:read', 'customer:read'] })).statusCode).toBe(200);
    expect((await me()).permissions).toEqual(['customer:read', 'user:read']);
    expect((await admin.patch(`/api/v1/roles/${roleId}`, { permissions: ['customer:read'] })).statusCode).toBe(200);
    expect((await agent.get('/api/v1/users')).statusCode).toBe(403);

    // Moving the user to another unit.
    expect((await me()).unitId).toBe(unitA.id);
    expect((await admin.patch(`/api/v1/users/${user.id}`, { unitId: unitB.id })).statusCode).toBe(200);
    expect((await me()).unitId).toBe(unitB.id);

    // Disabling ends the session at once; so does a password reset, and signing out.
    expect((await admin.post(`/api/v1/users/${user.id}/disable`)).statusCode).toBe(200);
    expect((await agent.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await admin.post(`/api/v1/users/${user.id}/enable`)).statusCode).toBe(200);
    const again = await t.login(user);
    expect((await again.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await admin.post(`/api/v1/users/${user.id}/reset-password`)).statusCode).toBe(200);
    expect((await again.get('/api/v1/auth/me')).statusCode).toBe(401);

    const other = await t.createUser({ permissions: ['org:read'] });
    const otherAgent = await t.login(other);
    expect((await otherAgent.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await otherAgent.post('/api/v1/auth/logout')).statusCode).toBeLessThan(300);
    expect((await otherAgent.get('/api/v1/auth/me')).statusCode).toBe(401);
  });
});
