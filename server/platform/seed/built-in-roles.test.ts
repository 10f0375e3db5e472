import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';
import { permissionCatalog } from '../access/permissions';
import { roles } from '../org/org.table';
import { ensureBuiltInRoles } from './demo';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const roleOf = async (code: string) => (await t.database.db.select().from(roles).where(eq(roles.code, code)))[0]!;

describe('built-in roles across upgrades', () => {
  it('R-PLT-02 a permission added to the catalogue reaches the built-in roles that have it by default, once; what an administrator removed stays removed', async () => {
    const spaceCodes = ['space:read', 'space:manage'];
    // An installation from before the spaces permissions, where the administrator took customer:export from 部门经理.
    for (const role of await t.database.db.select().from(roles).where(inArray(roles.code, ['specialist', 'manager']))) {
      await t.database.db
        .update(roles)
        .set({
          permissions: role.permissions.filter((code) => !spaceCodes.includes(code) && !(role.code === 'manager' && code === 'customer:export')),
          knownPermissions: permissionCatalog.map((p) => p.code).filter((code) => !spaceCodes.includes(code)),
        })
        .where(eq(roles.id, role.id));
    }
    await ensureBuiltInRoles(t.database.db, t.clock);
    const specialist = await roleOf('specialist');
    const manager = await roleOf('manager');
    expect(specialist.permissions).toContain('space:read');
    expect(specialist.permissions).not.toContain('space:manage');
    expect(manager.permissions).toEqual(expect.arrayContaining(['space:read', 'space:manage']));
    expect(manager.permissions).not.toContain('customer:export');

    // Now the administrator takes space:read away again: the next start leaves it so.
    await t.database.db.update(roles).set({ permissions: specialist.permissions.filter((code) => code !== 'space:read') }).where(eq(roles.id, specialist.id));
    await ensureBuiltInRoles(t.database.db, t.clock);
    expect((await roleOf('specialist')).permissions).not.toContain('space:read');
    expect((await roleOf('admin')).permissions).toEqual(expect.arrayContaining(permissionCatalog.map((p) => p.code)));
  });
});
