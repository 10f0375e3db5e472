import { count, eq, inArray } from 'drizzle-orm';
import { builtInRoles, permissionCatalog } from '../access/permissions';
import { recordAudit } from '../audit/audit.service';
import { generatePassword, hashPassword } from '../auth/password';
import type { Clock } from '../clock';
import type { Db, DbOrTx } from '../db/client';
import { orgUnits, roles, userRoles, users } from '../org/org.table';
import { loadConfig, type AppConfig } from '../config';
import type { ModuleManifest } from '../manifests/manifest';
import { playDemoStory, type DemoSummary } from './demo-story';

/**
 * Built-in roles exist in every database; the administrator role always holds the whole
 * permission catalogue (new modules' permissions reach it on the next start).
 */
export async function ensureBuiltInRoles(db: DbOrTx, clock: Clock): Promise<void> {
  const existing = await db.select().from(roles).where(inArray(roles.code, builtInRoles.map((r) => r.code)));
  const byCode = new Map(existing.map((r) => [r.code, r]));
  const catalog = permissionCatalog.map((p) => p.code);
  for (const role of builtInRoles) {
    const found = byCode.get(role.code);
    if (!found) {
      await db.insert(roles).values({
        code: role.code,
        name: role.name,
        description: role.description,
        builtIn: true,
        permissions: role.permissions,
        dataScopes: role.dataScopes,
        knownPermissions: catalog,
        createdAt: clock.now(),
        updatedAt: clock.now(),
      });
      continue;
    }
    // Codes added to the catalogue since the role was last brought up to date: granted once when
    // the role has them by default (admin: all). Codes an administrator removed stay removed.
    const added = catalog.filter((code) => !found.knownPermissions.includes(code));
    if (!added.length) continue;
    const defaults = role.code === 'admin' ? catalog : role.permissions;
    const granted = added.filter((code) => defaults.includes(code) && !found.permissions.includes(code));
    await db
      .update(roles)
      .set({ permissions: [...found.permissions, ...granted], knownPermissions: catalog, ...(granted.length ? { updatedAt: clock.now() } : {}) })
      .where(eq(roles.id, found.id));
  }
}

export interface SeedCredential {
  username: string;
  displayName: string;
  role: string;
  unit: string;
  password: string;
}

interface UnitSpec {
  code: string;
  name: string;
  kind: 'company' | 'branch' | 'department' | 'team';
  parent?: string;
}

const demoUnits: UnitSpec[] = [
  { code: 'HQ', name: '华通物流园区运营有限公司', kind: 'company' },
  { code: 'HQ-ZS', name: '招商部', kind: 'department', parent: 'HQ' },
  { code: 'HQ-CW', name: '财务部', kind: 'department', parent: 'HQ' },
  { code: 'HQ-FW', name: '法律业管部', kind: 'department', parent: 'HQ' },
  { code: 'HQ-KF', name: '客服部', kind: 'department', parent: 'HQ' },
  { code: 'SH', name: '上海分公司', kind: 'branch', parent: 'HQ' },
  { code: 'SH-ZS', name: '上海招商部', kind: 'department', parent: 'SH' },
  { code: 'SH-KF', name: '上海客服部', kind: 'department', parent: 'SH' },
  { code: 'SZ', name: '苏州分公司', kind: 'branch', parent: 'HQ' },
  { code: 'SZ-ZS', name: '苏州招商部', kind: 'department', parent: 'SZ' },
];

const demoUsers = [
  { username: 'admin', displayName: '系统管理员', role: 'admin', unit: 'HQ' },
  { username: 'zhangsan', displayName: '张三', role: 'specialist', unit: 'SH-ZS', mobile: '13812345678' },
  { username: 'wangxiao', displayName: '王晓', role: 'specialist', unit: 'SH-ZS', mobile: '13816702291' },
  { username: 'lisi', displayName: '李四', role: 'manager', unit: 'SH-ZS', mobile: '13987654321', leads: 'SH-ZS' },
  { username: 'chenjing', displayName: '陈静', role: 'specialist', unit: 'SZ-ZS', mobile: '13913580246' },
  { username: 'liuqiang', displayName: '刘强', role: 'manager', unit: 'SZ-ZS', mobile: '13962114875', leads: 'SZ-ZS' },
  { username: 'wangwu', displayName: '王五', role: 'legal', unit: 'HQ-FW' },
  { username: 'zhaoliu', displayName: '赵六', role: 'finance', unit: 'HQ-CW' },
  { username: 'sunqi', displayName: '孙七', role: 'service', unit: 'SH-KF' },
  { username: 'zhouba', displayName: '周八', role: 'executive', unit: 'HQ', leads: 'HQ' },
];

/**
 * First start: on a database without users, create the demo park operator and one user per
 * built-in role with random passwords (the admin's from ADMIN_PASSWORD when given), then play
 * the demo business history (customers, registrations, opportunities…) through the real
 * services (unless `businessData: false`). Returns the credentials to print once; returns [] when
 * users already exist — so the business data is only ever created together with the
 * organisation, never twice.
 */
export interface SeedDemoOptions {
  adminPassword?: string;
  /** The modules whose demo business data is played after the organisation; none when empty. */
  modules?: readonly ModuleManifest[];
  /** Where demo attachments are stored (the app's data directory); read from the environment when omitted. */
  config?: AppConfig;
}

export async function seedDemo(db: Db, clock: Clock, options: SeedDemoOptions = {}): Promise<SeedCredential[]> {
  const [existing] = await db.select({ n: count() }).from(users);
  if (Number(existing?.n) > 0) return [];
  const passwords = new Map(demoUsers.map((u) => [u.username, u.username === 'admin' && options.adminPassword ? options.adminPassword : generatePassword()]));
  const hashes = new Map(
    await Promise.all([...passwords].map(async ([username, password]) => [username, await hashPassword(password)] as const)),
  );

  return db.transaction(async (tx) => {
    await ensureBuiltInRoles(tx, clock);
    const unitIds = new Map<string, { id: number; path: string; name: string }>();
    for (const unit of demoUnits) {
      const parent = unit.parent ? unitIds.get(unit.parent) : undefined;
      const [row] = await tx
        .insert(orgUnits)
        .values({ code: unit.code, name: unit.name, kind: unit.kind, parentId: parent?.id ?? null, sortOrder: unitIds.size })
        .returning();
      const path = `${parent?.path ?? '/'}${row!.id}/`;
      await tx.update(orgUnits).set({ path }).where(eq(orgUnits.id, row!.id));
      unitIds.set(unit.code, { id: row!.id, path, name: unit.name });
    }
    const roleRows = await tx.select({ id: roles.id, code: roles.code, name: roles.name }).from(roles);
    const credentials: SeedCredential[] = [];
    for (const spec of demoUsers) {
      const unit = unitIds.get(spec.unit)!;
      const [user] = await tx
        .insert(users)
        .values({
          username: spec.username,
          displayName: spec.displayName,
          unitId: unit.id,
          mobile: spec.mobile ?? null,
          passwordHash: hashes.get(spec.username)!,
          createdAt: clock.now(),
          updatedAt: clock.now(),
        })
        .returning();
      const role = roleRows.find((r) => r.code === spec.role)!;
      await tx.insert(userRoles).values({ userId: user!.id, roleId: role.id });
      if (spec.leads) await tx.update(orgUnits).set({ managerId: user!.id }).where(eq(orgUnits.id, unitIds.get(spec.leads)!.id));
      credentials.push({
        username: spec.username,
        displayName: spec.displayName,
        role: role.name,
        unit: unit.name,
        password: passwords.get(spec.username)!,
      });
    }
    // The demo business data runs in a savepoint of this transaction: if it fails, the
    // organisation is still created (and the failure reported), never half the history.
    let business: DemoSummary | undefined;
    try {
      if (options.modules?.length) business = await playDemoStory(options.modules, tx as unknown as Db, clock, options.config ?? loadConfig());
    } catch (error) {
      process.stderr.write(
        `演示业务数据创建失败，已跳过 / demo business data skipped: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    }
    const businessText = business
      ? `及演示业务数据（${business.customers ?? 0} 个客户、${business.registrations ?? 0} 个报备、${business.opportunities ?? 0} 个商机、${business.visits ?? 0} 条拜访记录）`
      : '';
    await recordAudit(tx, clock, { ip: undefined }, {
      action: 'create',
      entityType: 'system',
      actorId: null,
      actorName: '系统',
      summary: `首次启动：创建演示组织（${demoUnits.length} 个机构、${demoUsers.length} 名用户）${businessText}`,
    });
    return credentials;
  });
}
