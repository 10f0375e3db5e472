import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, unique, type Agent, type TestApp } from '../../test/harness';

let t: TestApp;
let admin: Agent;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
});
afterAll(async () => t?.close());

describe('org units', () => {
  it('R-PLT-01 builds a tree of any depth and moves a subtree with its descendants', async () => {
    const company = (await admin.post('/api/v1/org-units', { name: '华东事业部', code: unique('E').slice(0, 12), parentId: t.rootUnitId, kind: 'branch' })).json();
    const dept = (await admin.post('/api/v1/org-units', { name: '招商部', code: unique('D').slice(0, 12), parentId: company.id, kind: 'department' })).json();
    const team = (await admin.post('/api/v1/org-units', { name: '一组', code: unique('T').slice(0, 12), parentId: dept.id, kind: 'team' }));
    expect(team.statusCode).toBe(201);
    const other = (await admin.post('/api/v1/org-units', { name: '华南事业部', code: unique('S').slice(0, 12), parentId: t.rootUnitId, kind: 'branch' })).json();
    // A manager of 华南 with unit_tree scope sees the moved department afterwards.
    const manager = await t.createUser({ unitId: other.id, permissions: ['org:read'], scope: 'unit_tree' });
    const managerAgent = await t.login(manager);
    const before = (await managerAgent.get('/api/v1/org-units')).json().items.map((u: { id: number }) => u.id);
    expect(before).not.toContain(team.json().id);
    expect((await admin.patch(`/api/v1/org-units/${dept.id}`, { parentId: other.id })).statusCode).toBe(200);
    const after = (await managerAgent.get('/api/v1/org-units')).json().items.map((u: { id: number }) => u.id);
    expect(after).toEqual(expect.arrayContaining([other.id, dept.id, team.json().id]));
  });

  it('R-PLT-01 refuses a cycle, a duplicate code and deleting a unit that still has children', async () => {
    const parent = (await admin.post('/api/v1/org-units', { name: '父级', code: unique('P').slice(0, 12), parentId: t.rootUnitId, kind: 'branch' })).json();
    const child = (await admin.post('/api/v1/org-units', { name: '子级', code: unique('C').slice(0, 12), parentId: parent.id, kind: 'department' })).json();
    const cycle = await admin.patch(`/api/v1/org-units/${parent.id}`, { parentId: child.id });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().errors[0].field).toBe('parentId');
    const duplicate = await admin.post('/api/v1/org-units', { name: '重复', code: child.code, parentId: t.rootUnitId, kind: 'department' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().errors[0]).toMatchObject({ field: 'code' });
    expect(duplicate.json().detail).toContain('子级');
    const remove = await admin.delete(`/api/v1/org-units/${parent.id}`);
    expect(remove.statusCode).toBe(409);
    expect(remove.json().reason).toBe('org_unit.has_children');
    expect((await admin.delete(`/api/v1/org-units/${child.id}`)).statusCode).toBe(204);
    expect((await admin.delete(`/api/v1/org-units/${parent.id}`)).statusCode).toBe(204);
  });
});

describe('users, roles, scopes and masking', () => {
  it('R-PLT-01 each unit reports its own number of users, each role its holders', async () => {
    const unit = await t.createUnit('计数部');
    await t.createUser({ unitId: unit.id, role: 'specialist' });
    await t.createUser({ unitId: unit.id, role: 'specialist' });
    await t.createUser({ unitId: unit.id, role: 'finance' });
    const units = (await admin.get('/api/v1/org-units')).json().items as { id: number; userCount: number }[];
    expect(units.find((u) => u.id === unit.id)!.userCount).toBe(3);
    const custom = await t.createUser({ unitId: unit.id, permissions: ['org:read'] });
    const roles = (await admin.get('/api/v1/roles')).json().items as { id: number; code: string; userCount: number }[];
    const mine = (await admin.get(`/api/v1/users?q=${custom.username}`)).json().items[0].roles[0].id;
    expect(roles.find((r) => r.id === mine)!.userCount).toBe(1);
  });

  it('R-PLT-03 a user manager with unit scope cannot read or change another unit\'s users by id', async () => {
    const unitA = await t.createUnit('A部门');
    const unitB = await t.createUnit('B部门');
    const inA = await t.createUser({ unitId: unitA.id, role: 'specialist' });
    const inB = await t.createUser({ unitId: unitB.id, role: 'specialist' });
    const managerA = await t.login(await t.createUser({ unitId: unitA.id, permissions: ['user:read', 'user:manage', 'org:read', 'org:manage'], scope: 'unit' }));

    const list = (await managerA.get('/api/v1/users?pageSize=100')).json();
    const ids = list.items.map((u: { id: number }) => u.id);
    expect(ids).toContain(inA.id);
    expect(ids).not.toContain(inB.id);
    expect(list.total).toBe(list.items.length);

    for (const response of [
      await managerA.get(`/api/v1/users/${inB.id}`),
      await managerA.patch(`/api/v1/users/${inB.id}`, { displayName: '被篡改' }),
      await managerA.post(`/api/v1/users/${inB.id}/disable`),
      await managerA.post(`/api/v1/users/${inB.id}/reset-password`),
      await managerA.patch(`/api/v1/org-units/${unitB.id}`, { name: '被篡改' }),
      await managerA.delete(`/api/v1/org-units/${unitB.id}`),
    ]) {
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain(inB.username);
    }
    // Moving one's own user into the other unit is refused as well.
    const move = await managerA.patch(`/api/v1/users/${inA.id}`, { unitId: unitB.id });
    expect(move.statusCode).toBe(400);
    const check = (await admin.get(`/api/v1/users/${inB.id}`)).json();
    expect(check.displayName).not.toBe('被篡改');
    expect(check.status).toBe('active');
  });

  it('R-PLT-03 unit_tree scope sees sub-units; self scope sees only oneself', async () => {
    const parent = await t.createUnit('上级');
    const childUnit = await t.createUnit('下级', parent.id);
    const inChild = await t.createUser({ unitId: childUnit.id, role: 'specialist' });
    const treeManager = await t.login(await t.createUser({ unitId: parent.id, permissions: ['user:read'], scope: 'unit_tree' }));
    expect((await treeManager.get(`/api/v1/users/${inChild.id}`)).statusCode).toBe(200);
    const selfUser = await t.createUser({ unitId: childUnit.id, permissions: ['user:read'], scope: 'self' });
    const selfAgent = await t.login(selfUser);
    expect((await selfAgent.get(`/api/v1/users/${inChild.id}`)).statusCode).toBe(404);
    const own = (await selfAgent.get('/api/v1/users')).json();
    expect(own.items.map((u: { id: number }) => u.id)).toEqual([selfUser.id]);
  });

  it('R-PLT-04 mobile numbers are masked for roles without sensitive:view', async () => {
    const unit = await t.createUnit();
    const target = await t.createUser({ unitId: unit.id, role: 'specialist', mobile: '13812345678' });
    const plain = await t.login(await t.createUser({ permissions: ['user:read'], scope: 'all' }));
    const privileged = await t.login(await t.createUser({ permissions: ['user:read', 'sensitive:view'], scope: 'all' }));
    expect((await plain.get(`/api/v1/users/${target.id}`)).json().mobile).toBe('138****5678');
    expect((await privileged.get(`/api/v1/users/${target.id}`)).json().mobile).toBe('13812345678');
    const listed = (await plain.get(`/api/v1/users?q=${target.username}`)).json();
    expect(listed.items[0].mobile).toBe('138****5678');
    // R-PLT-11: only the unmasked view is an access event.
    const events = (await admin.get(`/api/v1/audit-events?action=view_sensitive&entityId=${target.id}`)).json();
    expect(events.total).toBe(1);
  });

  it('R-PLT-02 permission checks: a role without user:read gets 403; roles cannot grant more than the granter holds', async () => {
    const noUsers = await t.login(await t.createUser({ permissions: ['org:read'], scope: 'all' }));
    const refused = await noUsers.get('/api/v1/users');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('FORBIDDEN');

    const userManager = await t.login(await t.createUser({ permissions: ['user:read', 'user:manage', 'org:read'], scope: 'all' }));
    const roles = (await admin.get('/api/v1/roles')).json().items as { id: number; code: string }[];
    const adminRole = roles.find((r) => r.code === 'admin')!;
    const escalate = await userManager.post('/api/v1/users', {
      username: unique('esc'),
      displayName: '提权',
      unitId: t.rootUnitId,
      roleIds: [adminRole.id],
      password: '一个足够长的密码-2026',
    });
    expect(escalate.statusCode).toBe(403);
  });

  it('R-PLT-02 admins define roles with permissions and data scopes; built-in roles cannot be deleted', async () => {
    const code = unique('role_').toLowerCase().replace(/[^a-z0-9_]/g, '').slice(0, 30);
    const created = await admin.post('/api/v1/roles', {
      code,
      name: '只读审计',
      permissions: ['audit:read', 'user:read'],
      dataScopes: { org: 'unit' },
    });
    expect(created.statusCode).toBe(201);
    const unknown = await admin.post('/api/v1/roles', { code: `${code}x`, name: '坏', permissions: ['nope:x'], dataScopes: {} });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('permissions');
    const builtIn = ((await admin.get('/api/v1/roles')).json().items as { id: number; code: string }[]).find((r) => r.code === 'specialist')!;
    expect((await admin.delete(`/api/v1/roles/${builtIn.id}`)).statusCode).toBe(409);
    expect((await admin.delete(`/api/v1/roles/${created.json().id}`)).statusCode).toBe(204);
  });

  it('R-PLT-05 users are never deleted, only disabled', async () => {
    const user = await t.createUser({ role: 'specialist' });
    const remove = await admin.delete(`/api/v1/users/${user.id}`);
    expect(remove.statusCode).toBe(404);
    expect((await admin.post(`/api/v1/users/${user.id}/disable`)).json().status).toBe('disabled');
    expect((await admin.get(`/api/v1/users/${user.id}`)).json().status).toBe('disabled');
  });

  it('R-PLT-03 new users get a field error for a duplicate username and must change the initial password', async () => {
    const username = unique('new');
    const body = { username, displayName: '新员工', unitId: t.rootUnitId, roleIds: [], password: '初始密码-Warehouse-9' };
    const created = await admin.post('/api/v1/users', body);
    expect(created.statusCode).toBe(201);
    expect(created.json().mustChangePassword).toBe(true);
    const again = await admin.post('/api/v1/users', { ...body, username: username.toUpperCase() });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors[0].field).toBe('username');
    const badMobile = await admin.post('/api/v1/users', { ...body, username: unique('m'), mobile: '12345' });
    expect(badMobile.statusCode).toBe(400);
    expect(badMobile.json().errors[0].field).toBe('mobile');
  });
});
