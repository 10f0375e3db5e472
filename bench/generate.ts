// Bench data generator: an org tree, users with Chinese names across units and roles, a long
// hash-chained audit log, tasks, notifications and approval instances — loaded with multi-row
// statements (see bulk-insert.ts), never one request per row.
import { randomBytes } from 'node:crypto';
import { desc, eq, sql } from 'drizzle-orm';
import { verifyAuditChain } from '../server/platform/audit/audit.service';
import { auditEvents } from '../server/platform/audit/audit.table';
import { hashPassword } from '../server/platform/auth/password';
import { approvalFlows } from '../server/platform/approvals/approvals.table';
import { queryRows, type Database } from '../server/platform/db/client';
import { orgUnits, roles } from '../server/platform/org/org.table';
import { auditEventHash, GENESIS_HASH, type AuditChanges, type AuditEventFields } from './audit-chain';
import { bulkInsert, type Column } from './bulk-insert';
import { chineseName, companyName, createRandom, type Random } from './random';

export interface GenerateCounts {
  units: number;
  users: number;
  auditEvents: number;
  tasks: number;
  notifications: number;
  approvals: number;
}

export function countsFor(scale: number): GenerateCounts {
  const scaled = (n: number, min: number) => Math.max(min, Math.round(n * scale));
  return {
    units: 50,
    users: scaled(2_000, 200),
    auditEvents: scaled(500_000, 2_000),
    tasks: scaled(20_000, 500),
    notifications: scaled(50_000, 1_000),
    approvals: scaled(5_000, 200),
  };
}

export interface BenchUser {
  id: number;
  username: string;
  displayName: string;
  unitId: number;
  role: string;
  status: 'active' | 'disabled';
}

export interface UnitInfo {
  id: number;
  code: string;
  name: string;
  path: string;
  parentId: number | null;
  level: number;
  family: 'hq' | 'zs' | 'kf' | 'cw' | 'branch';
  managerId?: number;
}

export interface GeneratedData {
  counts: GenerateCounts;
  password: string;
  units: UnitInfo[];
  users: BenchUser[];
  /** Timings of each step, ms. */
  timings: Record<string, number>;
  /** Well-known actors for the measurements. */
  actors: {
    admin: BenchUser;
    /** Manager of a branch: org scope unit_tree over a 3-level subtree. */
    treeManager: BenchUser;
    treeManagerSubtreeUsers: number;
    /** The approver with the most pending approvals. */
    inboxUser: BenchUser;
    inboxPending: number;
    /** The user with the most open tasks. */
    taskUser: BenchUser;
    taskOpen: number;
    /** The user with the most unread notifications. */
    notificationUser: BenchUser;
    notificationUnread: number;
    /** A frequent audit actor (for the actor filter). */
    auditActor: BenchUser;
    /** A specialist whose unit has a manager (submits demo approvals). */
    applicant: BenchUser;
    /** Active users for the 50-client throughput run. */
    clients: BenchUser[];
  };
}

const DAY = 86_400_000;

// ── Org tree: 1 company → 5 branches → 3 departments each → 29 teams = 50 units, 4 levels ──
const branches = [
  ['SH', '上海分公司'],
  ['SZ', '苏州分公司'],
  ['HZ', '杭州分公司'],
  ['NJ', '南京分公司'],
  ['HF', '合肥分公司'],
] as const;
const departments = [
  ['ZS', '招商部', 'zs'],
  ['KF', '客服部', 'kf'],
  ['CW', '财务部', 'cw'],
] as const;
const teamNames = ['招商一组', '招商二组', '招商三组', '招商四组'];
const serviceTeamNames = ['客服一组', '客服二组'];

async function insertUnit(database: Database, spec: Omit<UnitInfo, 'id' | 'path'>, parent: UnitInfo | undefined, sortOrder: number): Promise<UnitInfo> {
  const [row] = await database.db
    .insert(orgUnits)
    .values({
      code: spec.code,
      name: spec.name,
      kind: spec.level === 1 ? 'company' : spec.level === 2 ? 'branch' : spec.level === 3 ? 'department' : 'team',
      parentId: parent?.id ?? null,
      sortOrder,
    })
    .returning({ id: orgUnits.id });
  const path = `${parent?.path ?? '/'}${row!.id}/`;
  await database.db.update(orgUnits).set({ path }).where(eq(orgUnits.id, row!.id));
  return { ...spec, id: row!.id, path };
}

async function generateUnits(database: Database): Promise<UnitInfo[]> {
  const units: UnitInfo[] = [];
  const hq = await insertUnit(database, { code: 'HQ', name: '华通物流园区运营集团有限公司', parentId: null, level: 1, family: 'hq' }, undefined, 0);
  units.push(hq);
  let serviceTeamsLeft = 9;
  for (const [branchIndex, [code, name]] of branches.entries()) {
    const branch = await insertUnit(database, { code, name, parentId: hq.id, level: 2, family: 'branch' }, hq, branchIndex);
    units.push(branch);
    for (const [deptIndex, [deptCode, deptName, family]] of departments.entries()) {
      const department = await insertUnit(
        database,
        { code: `${code}-${deptCode}`, name: `${name.replace('分公司', '')}${deptName}`, parentId: branch.id, level: 3, family },
        branch,
        deptIndex,
      );
      units.push(department);
      const teams = family === 'zs' ? teamNames : family === 'kf' ? serviceTeamNames.slice(0, Math.min(2, serviceTeamsLeft - (branches.length - branchIndex - 1))) : [];
      if (family === 'kf') serviceTeamsLeft -= teams.length;
      for (const [teamIndex, teamName] of teams.entries()) {
        units.push(
          await insertUnit(
            database,
            { code: `${code}-${deptCode}-${teamIndex + 1}`, name: `${name.replace('分公司', '')}${teamName}`, parentId: department.id, level: 4, family },
            department,
            teamIndex,
          ),
        );
      }
    }
  }
  return units;
}

// ── Users ──────────────────────────────────────────────────────────────────────
interface UserSpec {
  username: string;
  displayName: string;
  unit: UnitInfo;
  role: string;
  leads?: UnitInfo;
}

function planUsers(random: Random, units: UnitInfo[], total: number): UserSpec[] {
  const taken = new Set<string>();
  const person = () => {
    const name = chineseName(random);
    let username = name.pinyin;
    for (let n = 2; taken.has(username); n++) username = `${name.pinyin}${n}`;
    taken.add(username);
    return { username, displayName: name.displayName };
  };
  const hq = units[0]!;
  const specs: UserSpec[] = [
    { username: 'bench_admin', displayName: '基准管理员', unit: hq, role: 'admin' },
    { ...person(), unit: hq, role: 'admin' },
  ];
  taken.add('bench_admin');
  // One manager per unit (the HQ's is the general manager), 2 more executives, 8 legal staff.
  for (const unit of units) specs.push({ ...person(), unit, role: unit.level === 1 ? 'executive' : 'manager', leads: unit });
  for (let i = 0; i < 2; i++) specs.push({ ...person(), unit: hq, role: 'executive' });
  for (let i = 0; i < 8; i++) specs.push({ ...person(), unit: hq, role: 'legal' });
  const staffUnits = units.filter((u) => u.level >= 3);
  const weights = staffUnits.map((u) => [u, u.family === 'zs' ? (u.level === 4 ? 6 : 1) : u.family === 'kf' ? (u.level === 4 ? 5 : 2) : 2] as const);
  while (specs.length < total) {
    const unit = random.weighted(weights);
    const role = unit.family === 'zs' ? 'specialist' : unit.family === 'kf' ? 'service' : 'finance';
    specs.push({ ...person(), unit, role });
  }
  return specs.slice(0, Math.max(total, specs.length));
}

function mobileNumber(random: Random): string {
  return `1${random.pick(['38', '39', '59', '86', '37', '88', '35', '50', '77'])}${String(random.int(0, 99_999_999)).padStart(8, '0')}`;
}

// ── Audit events ───────────────────────────────────────────────────────────────
const auditColumns: Column[] = [
  { name: 'at', type: 'timestamptz' },
  { name: 'actor_id', type: 'int' },
  { name: 'actor_name', type: 'text' },
  { name: 'ip', type: 'text' },
  { name: 'request_id', type: 'text' },
  { name: 'action', type: 'text' },
  { name: 'entity_type', type: 'text' },
  { name: 'entity_id', type: 'text' },
  { name: 'customer_id', type: 'bigint' },
  { name: 'summary', type: 'text' },
  { name: 'changes', type: 'jsonb' },
  { name: 'prev_hash', type: 'text' },
  { name: 'hash', type: 'text' },
];

const auditActions = [
  ['login', 22],
  ['logout', 6],
  ['login_failed', 2],
  ['view_sensitive', 8],
  ['create', 14],
  ['update', 28],
  ['delete', 2],
  ['approval_submit', 4],
  ['approval_approve', 3],
  ['approval_reject', 1],
  ['export', 1],
  ['task_complete', 5],
  ['password_change', 0.5],
  ['import', 0.3],
] as const;

const recordTypes = [
  ['customer', 40, '客户'],
  ['contact', 15, '联系人'],
  ['contract', 12, '合同'],
  ['visit', 15, '拜访记录'],
  ['bill', 8, '账单'],
  ['attachment', 4, '附件'],
  ['user', 3, '用户'],
  ['org_unit', 1, '组织机构'],
  ['role', 1, '角色'],
  ['dictionary', 1, '数据字典'],
] as const;
const customerRecordTypes = new Set(['customer', 'contact', 'contract', 'visit', 'bill']);
const customerStages = ['潜在', '意向', '洽谈', '签约', '入驻', '流失'];
const changedFields: readonly (readonly [string, (r: Random) => [unknown, unknown]])[] = [
  ['phone', (r) => [mobileNumber(r), mobileNumber(r)]],
  ['stage', (r) => [r.pick(customerStages), r.pick(customerStages)]],
  ['ownerId', (r) => [r.int(1, 2000), r.int(1, 2000)]],
  ['monthlyRentFen', (r) => [r.int(100, 5000) * 10_000, r.int(100, 5000) * 10_000]],
  ['areaSqm', (r) => [`${r.int(50, 5000)}.00`, `${r.int(50, 5000)}.00`]],
  ['address', (r) => [`${r.pick(['浦东新区', '工业园区', '滨江区', '江宁区'])}${r.int(1, 999)}号`, `${r.pick(['闵行区', '高新区', '萧山区', '雨花台区'])}${r.int(1, 999)}号`]],
];

function hexId(random: Random): string {
  let out = '';
  for (let i = 0; i < 4; i++) out += Math.floor(random.next() * 0x1_0000_0000).toString(16).padStart(8, '0');
  return `${out.slice(0, 8)}-${out.slice(8, 12)}-4${out.slice(13, 16)}-a${out.slice(17, 20)}-${out.slice(20, 32)}`;
}

function auditEvent(random: Random, at: Date, actors: BenchUser[]): AuditEventFields {
  const action = random.weighted(auditActions);
  const actor = random.skewed(actors);
  const base = {
    at,
    actorId: actor.id as number | null,
    actorName: actor.displayName as string | null,
    ip: random.chance(0.9) ? `10.${random.int(0, 31)}.${random.int(0, 255)}.${random.int(1, 254)}` : '127.0.0.1',
    requestId: random.chance(0.95) ? hexId(random) : null,
    action,
    entityId: null as string | null,
    customerId: null as number | null,
    changes: null as AuditChanges | null,
  };
  switch (action) {
    case 'login':
      return { ...base, entityType: 'user', entityId: String(actor.id), summary: '登录成功' };
    case 'logout':
      return { ...base, entityType: 'user', entityId: String(actor.id), summary: '退出登录' };
    case 'password_change':
      return { ...base, entityType: 'user', entityId: String(actor.id), summary: '修改本人密码' };
    case 'login_failed':
      if (random.chance(0.3)) {
        return { ...base, actorId: null, actorName: random.pick(['admin', 'test', 'root', 'zhangwei', 'guest']), entityType: 'user', summary: '登录失败：用户不存在' };
      }
      return { ...base, entityType: 'user', entityId: String(actor.id), summary: `登录失败：密码错误（第 ${random.int(1, 4)} 次）` };
    case 'view_sensitive': {
      const customerId = random.int(1, 200_000);
      return random.chance(0.5)
        ? { ...base, entityType: 'customer', entityId: String(customerId), customerId, summary: `查看客户「${companyName(random)}」的联系电话明文` }
        : { ...base, entityType: 'user', summary: `查看用户列表（含手机号/邮箱明文 ${random.int(1, 20)} 条）` };
    }
    case 'approval_submit':
    case 'approval_approve':
    case 'approval_reject': {
      const id = random.int(1, 5_000);
      const verb = action === 'approval_submit' ? '提交' : action === 'approval_approve' ? '同意' : '驳回';
      return { ...base, entityType: 'approval', entityId: String(id), summary: `${verb}审批 #${id}「合同草案审核：${companyName(random)}」` };
    }
    case 'task_complete': {
      const id = random.int(1, 20_000);
      return { ...base, entityType: 'task', entityId: String(id), summary: `完成待办 #${id}「跟进客户 ${companyName(random)}」` };
    }
    case 'export':
      return { ...base, entityType: 'customer', summary: `导出客户列表 ${random.int(10, 5000)} 条` };
    case 'import':
      return { ...base, entityType: 'customer', summary: `导入客户 ${random.int(100, 20_000)} 条（导入任务 #${random.int(1, 500)}）` };
    default: {
      const [entityType, , label] = random.weighted(recordTypes.map((t) => [t, t[1]] as const));
      const entityId = String(random.int(1, entityType === 'customer' ? 200_000 : 2_000_000));
      const customerId = customerRecordTypes.has(entityType) ? random.int(1, 200_000) : null;
      const subject = customerRecordTypes.has(entityType) ? `「${companyName(random)}」` : ` #${entityId}`;
      if (action === 'create') return { ...base, entityType, entityId, customerId, summary: `新建${label}${subject}` };
      if (action === 'delete') return { ...base, entityType, entityId, customerId, summary: `删除${label}${subject}` };
      const [field, values] = random.pick(changedFields);
      const [before, after] = values(random);
      return { ...base, entityType, entityId, customerId, summary: `修改${label}${subject}的 ${field}`, changes: { [field]: { before, after } } };
    }
  }
}

async function lastAuditHash(database: Database): Promise<string> {
  const [row] = await database.db.select({ hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
  return row?.hash ?? GENESIS_HASH;
}

async function generateAudit(database: Database, random: Random, total: number, actors: BenchUser[], endAt: number, log: (line: string) => void) {
  const spanMs = 180 * DAY;
  const startAt = endAt - spanMs;
  const stepMs = spanMs / total;
  let prevHash = await lastAuditHash(database);
  const chunkSize = 50_000;
  let done = 0;
  while (done < total) {
    const size = Math.min(chunkSize, total - done, done === 0 ? 2_000 : chunkSize);
    const rows: (string | number | Date | null | object)[][] = [];
    for (let i = 0; i < size; i++) {
      const index = done + i;
      const at = new Date(Math.floor(startAt + index * stepMs + random.next() * stepMs * 0.9));
      const event = auditEvent(random, at, actors);
      const hash = auditEventHash(prevHash, event);
      rows.push([
        event.at,
        event.actorId,
        event.actorName,
        event.ip,
        event.requestId,
        event.action,
        event.entityType,
        event.entityId,
        event.customerId,
        event.summary,
        event.changes,
        prevHash,
        hash,
      ]);
      prevHash = hash;
    }
    await bulkInsert(database, 'audit_events', auditColumns, rows);
    if (done === 0) {
      // The chain must be exactly what the server computes: check the first batch before loading the rest.
      const check = await verifyAuditChain(database.db);
      if (!check.ok) throw new Error(`generated audit chain does not verify (broken at id ${check.brokenAtId}); bench/audit-chain.ts drifted from audit.service.ts`);
    }
    done += size;
    if (done % 100_000 === 0 || done === total) log(`  audit events ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}`);
  }
}

// ── Main ───────────────────────────────────────────────────────────────────────
export async function generateData(
  database: Database,
  options: { scale: number; seed: number; log: (line: string) => void },
): Promise<GeneratedData> {
  const { log } = options;
  const counts = countsFor(options.scale);
  const random = createRandom(options.seed);
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, step: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await step();
    timings[name] = Math.round(performance.now() - started);
    return result;
  };
  const now = Date.now();

  const units = await timed('units', () => generateUnits(database));
  counts.units = units.length;

  // One argon2id hash shared by every bench user: hashing 2,000 passwords would take minutes.
  const password = `Bench-${randomBytes(6).toString('hex')}-密码`;
  const passwordHash = await hashPassword(password);
  const roleRows = await database.db.select({ id: roles.id, code: roles.code }).from(roles);
  const roleIds = new Map(roleRows.map((r) => [r.code, r.id]));

  const users = await timed('users', async () => {
    const specs = planUsers(random, units, counts.users);
    const rows = specs.map((spec, index) => {
      const createdAt = new Date(now - random.int(30, 730) * DAY);
      const disabled = index > 60 && random.chance(0.03);
      return [
        spec.username,
        spec.displayName,
        spec.unit.id,
        random.chance(0.85) ? mobileNumber(random) : null,
        random.chance(0.4) ? `${spec.username}@huatong-park.cn` : null,
        passwordHash,
        disabled ? 'disabled' : 'active',
        random.chance(0.9) ? new Date(now - random.int(0, 60) * DAY - random.int(0, DAY)) : null,
        createdAt,
        createdAt,
      ];
    });
    await bulkInsert(
      database,
      'users',
      [
        { name: 'username', type: 'text' },
        { name: 'display_name', type: 'text' },
        { name: 'unit_id', type: 'int' },
        { name: 'mobile', type: 'text' },
        { name: 'email', type: 'text' },
        { name: 'password_hash', type: 'text' },
        { name: 'status', type: 'text' },
        { name: 'last_login_at', type: 'timestamptz' },
        { name: 'created_at', type: 'timestamptz' },
        { name: 'updated_at', type: 'timestamptz' },
      ],
      rows,
    );
    const ids = await queryRows<{ id: number; username: string; status: string }>(database.db, sql`SELECT id, username, status FROM users`);
    const idOf = new Map(ids.map((r) => [r.username, r]));
    const list: BenchUser[] = specs.map((spec) => {
      const row = idOf.get(spec.username)!;
      return { id: row.id, username: spec.username, displayName: spec.displayName, unitId: spec.unit.id, role: spec.role, status: row.status as BenchUser['status'] };
    });
    await bulkInsert(
      database,
      'user_roles',
      [
        { name: 'user_id', type: 'int' },
        { name: 'role_id', type: 'int' },
      ],
      list.map((u) => [u.id, roleIds.get(u.role)!]),
    );
    for (const [index, spec] of specs.entries()) {
      if (!spec.leads) continue;
      spec.leads.managerId = list[index]!.id;
      await database.db.update(orgUnits).set({ managerId: list[index]!.id }).where(eq(orgUnits.id, spec.leads.id));
    }
    return list;
  });
  const active = users.filter((u) => u.status === 'active');
  const unitById = new Map(units.map((u) => [u.id, u]));
  log(`  ${units.length} org units, ${users.length.toLocaleString('en-US')} users`);

  // Audit actors: active users, most active first (skewed pick), specialists and managers in front.
  const rolePriority: Record<string, number> = { specialist: 0, manager: 1, service: 2, finance: 3, legal: 4, executive: 5, admin: 6 };
  const auditActors = [...active].sort((a, b) => (rolePriority[a.role] ?? 9) - (rolePriority[b.role] ?? 9) || a.id - b.id);
  await timed('auditEvents', () => generateAudit(database, random, counts.auditEvents, auditActors, now - 10 * 60_000, log));

  // Tasks.
  const managerOf = (user: BenchUser) => {
    let unit = unitById.get(user.unitId);
    while (unit) {
      if (unit.managerId !== undefined && unit.managerId !== user.id) return unit.managerId;
      unit = unit.parentId === null ? undefined : unitById.get(unit.parentId);
    }
    return undefined;
  };
  const workers = active.filter((u) => ['specialist', 'service', 'manager', 'finance'].includes(u.role));
  await timed('tasks', async () => {
    const templates = [
      (r: Random) => [`跟进客户「${companyName(r)}」`, 'customer'],
      (r: Random) => [`提交拜访报告：${companyName(r)}`, 'visit'],
      (r: Random) => [`合同到期提醒：${companyName(r)}`, 'contract'],
      (r: Random) => [`账单催缴：${companyName(r)}`, 'bill'],
      (r: Random) => [`回访满意度调查：${companyName(r)}`, 'customer'],
      () => ['整理本周招商周报', null],
    ] as const;
    const rows = [];
    for (let i = 0; i < counts.tasks; i++) {
      const assignee = random.skewed(workers, 1.6);
      const due = now + random.int(-60, 60) * DAY + random.int(0, DAY);
      const status = random.weighted([
        ['open', due > now ? 60 : 25],
        ['done', due > now ? 35 : 70],
        ['cancelled', 5],
      ] as const);
      const [title, recordType] = random.pick(templates)(random);
      const manager = managerOf(assignee);
      const escalated = status === 'open' && due < now && manager !== undefined && random.chance(0.3);
      const createdAt = new Date(due - random.int(1, 20) * DAY);
      rows.push([
        title,
        recordType ? `来自规则或手工创建的待办（${recordType}）` : '',
        assignee.id,
        assignee.unitId,
        new Date(due),
        status,
        recordType,
        recordType ? String(random.int(1, 200_000)) : null,
        recordType === 'visit' ? 'visit_report_due' : null,
        escalated ? new Date(due + DAY) : null,
        escalated ? manager! : null,
        random.chance(0.6) || manager === undefined ? assignee.id : manager,
        createdAt,
        status === 'done' ? new Date(Math.min(now, due + random.int(-5, 2) * DAY)) : null,
      ]);
    }
    await bulkInsert(
      database,
      'tasks',
      [
        { name: 'title', type: 'text' },
        { name: 'description', type: 'text' },
        { name: 'assignee_id', type: 'int' },
        { name: 'unit_id', type: 'int' },
        { name: 'due_at', type: 'timestamptz' },
        { name: 'status', type: 'text' },
        { name: 'record_type', type: 'text' },
        { name: 'record_id', type: 'text' },
        { name: 'rule_key', type: 'text' },
        { name: 'escalated_at', type: 'timestamptz' },
        { name: 'escalated_to_id', type: 'int' },
        { name: 'created_by_id', type: 'int' },
        { name: 'created_at', type: 'timestamptz' },
        { name: 'completed_at', type: 'timestamptz' },
      ],
      rows,
    );
  });

  // Notifications.
  await timed('notifications', async () => {
    const kinds = [
      ['task_assigned', 40, '新待办'],
      ['task_escalated', 8, '待办逾期'],
      ['approval_pending', 30, '待审批'],
      ['approval_decided', 22, '审批结果'],
    ] as const;
    const rows = [];
    for (let i = 0; i < counts.notifications; i++) {
      const user = random.skewed(active, 1.8);
      const [kind, , label] = random.weighted(kinds.map((k) => [k, k[1]] as const));
      const createdAt = new Date(now - random.int(0, 90 * DAY));
      const read = random.chance(0.7);
      rows.push([
        user.id,
        kind,
        `${label}：${companyName(random)}`,
        `${label}，请及时处理。`,
        kind.startsWith('approval') ? `/approvals/inbox?id=${random.int(1, 5000)}` : `/tasks?id=${random.int(1, 20_000)}`,
        read ? new Date(createdAt.getTime() + random.int(60_000, 3 * DAY)) : null,
        createdAt,
      ]);
    }
    await bulkInsert(
      database,
      'notifications',
      [
        { name: 'user_id', type: 'int' },
        { name: 'kind', type: 'text' },
        { name: 'title', type: 'text' },
        { name: 'body', type: 'text' },
        { name: 'link', type: 'text' },
        { name: 'read_at', type: 'timestamptz' },
        { name: 'created_at', type: 'timestamptz' },
      ],
      rows,
    );
  });

  // Approval instances and their actions.
  await timed('approvals', async () => {
    const flows = await database.db.select().from(approvalFlows);
    const byRole = (role: string) => active.filter((u) => u.role === role).map((u) => u.id);
    const approversByType: Record<string, number[]> = { legal: byRole('legal'), finance: byRole('finance'), gm: byRole('executive') };
    const applicants = active.filter((u) => u.role === 'specialist' || u.role === 'service');
    const instanceRows = [];
    const actionPlans: { key: string; at: Date; steps: { actorId: number; action: string; stepIndex: number }[] }[] = [];
    for (let i = 0; i < counts.approvals; i++) {
      const flow = random.pick(flows);
      const applicant = random.skewed(applicants, 1.5);
      const unitManager = managerOf(applicant);
      const parentUnit = unitById.get(unitById.get(applicant.unitId)!.parentId ?? -1);
      const steps = flow.steps
        .filter((s) => !s.condition || random.chance(0.4))
        .map((s) => {
          let approverIds: number[];
          if (s.approverType === 'unit_manager') approverIds = unitManager === undefined ? [] : [unitManager];
          else if (s.approverType === 'parent_unit_manager') approverIds = parentUnit?.managerId !== undefined ? [parentUnit.managerId] : [];
          else approverIds = approversByType[s.approverType] ?? [];
          return { name: s.name, approverType: s.approverType, approverIds, ...(s.condition ? { condition: s.condition } : {}) };
        })
        .filter((s) => s.approverIds.length > 0);
      if (steps.length === 0) continue;
      const status = random.weighted([
        ['pending', 30],
        ['approved', 50],
        ['rejected', 10],
        ['returned', 5],
        ['withdrawn', 5],
      ] as const);
      const currentStep = status === 'approved' ? steps.length - 1 : random.int(0, steps.length - 1);
      const createdAt = new Date(now - random.int(0, 120) * DAY - random.int(0, DAY));
      const updatedAt = new Date(Math.min(now, createdAt.getTime() + random.int(0, 5) * DAY));
      const key = `BENCH-${i + 1}`;
      const amount = random.int(1, 2_000) * 1_000;
      instanceRows.push([
        flow.id,
        flow.businessType,
        key,
        `${flow.name}：${companyName(random)}`,
        applicant.id,
        applicant.unitId,
        { amount },
        status,
        currentStep,
        steps,
        createdAt,
        updatedAt,
        status === 'approved' || status === 'rejected' || status === 'withdrawn' ? updatedAt : null,
      ]);
      const plan: { actorId: number; action: string; stepIndex: number }[] = [{ actorId: applicant.id, action: 'submit', stepIndex: 0 }];
      for (let step = 0; step < currentStep; step++) plan.push({ actorId: steps[step]!.approverIds[0]!, action: 'approve', stepIndex: step });
      const current = steps[currentStep]!.approverIds[0]!;
      if (status === 'approved') plan.push({ actorId: current, action: 'approve', stepIndex: currentStep });
      if (status === 'rejected') plan.push({ actorId: current, action: 'reject', stepIndex: currentStep });
      if (status === 'returned') plan.push({ actorId: current, action: 'return', stepIndex: currentStep });
      if (status === 'withdrawn') plan.push({ actorId: applicant.id, action: 'withdraw', stepIndex: currentStep });
      actionPlans.push({ key, at: createdAt, steps: plan });
    }
    await bulkInsert(
      database,
      'approval_instances',
      [
        { name: 'flow_id', type: 'int' },
        { name: 'business_type', type: 'text' },
        { name: 'business_id', type: 'text' },
        { name: 'title', type: 'text' },
        { name: 'applicant_id', type: 'int' },
        { name: 'applicant_unit_id', type: 'int' },
        { name: 'data', type: 'jsonb' },
        { name: 'status', type: 'text' },
        { name: 'current_step', type: 'int' },
        { name: 'steps', type: 'jsonb' },
        { name: 'created_at', type: 'timestamptz' },
        { name: 'updated_at', type: 'timestamptz' },
        { name: 'completed_at', type: 'timestamptz' },
      ],
      instanceRows,
    );
    const ids = await queryRows<{ id: number | string; business_id: string }>(
      database.db,
      sql`SELECT id, business_id FROM approval_instances WHERE business_id LIKE 'BENCH-%'`,
    );
    const idOf = new Map(ids.map((r) => [r.business_id, Number(r.id)]));
    const actionRows = [];
    for (const plan of actionPlans) {
      for (const [offset, step] of plan.steps.entries()) {
        actionRows.push([idOf.get(plan.key)!, step.stepIndex, step.actorId, step.action, step.action === 'submit' ? '' : '已阅', new Date(plan.at.getTime() + offset * 3_600_000)]);
      }
    }
    await bulkInsert(
      database,
      'approval_actions',
      [
        { name: 'instance_id', type: 'bigint' },
        { name: 'step_index', type: 'int' },
        { name: 'actor_id', type: 'int' },
        { name: 'action', type: 'text' },
        { name: 'comment', type: 'text' },
        { name: 'at', type: 'timestamptz' },
      ],
      actionRows,
    );
  });

  // Autovacuum does not run in PGlite and would only catch up later on a server: give the
  // planner statistics once, as a maintained installation would have.
  await timed('analyze', async () => {
    await database.db.execute(sql`ANALYZE`);
  });

  // Pick the actors for the measurements from the data.
  const byId = new Map(users.map((u) => [u.id, u]));
  const topOf = async (query: ReturnType<typeof sql>) => {
    const [row] = await queryRows<{ id: number; n: string | number }>(database.db, query);
    return { user: byId.get(Number(row!.id))!, n: Number(row!.n) };
  };
  const inbox = await topOf(sql`
    SELECT (steps -> current_step -> 'approverIds' ->> 0)::int AS id, count(*) AS n
    FROM approval_instances WHERE status = 'pending' GROUP BY 1 ORDER BY 2 DESC LIMIT 1`);
  const task = await topOf(sql`SELECT assignee_id AS id, count(*) AS n FROM tasks WHERE status = 'open' GROUP BY 1 ORDER BY 2 DESC LIMIT 1`);
  const notification = await topOf(sql`SELECT user_id AS id, count(*) AS n FROM notifications WHERE read_at IS NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 1`);
  const sh = units.find((u) => u.code === 'SH')!;
  const treeManager = byId.get(sh.managerId!)!;
  const subtree = new Set(units.filter((u) => u.path.startsWith(sh.path)).map((u) => u.id));
  const specialist = active.find((u) => u.role === 'specialist' && managerOf(u) !== undefined)!;
  const clients = [
    ...active.filter((u) => u.role === 'specialist').slice(0, 30),
    ...active.filter((u) => u.role === 'manager').slice(0, 10),
    ...active.filter((u) => u.role === 'service').slice(0, 10),
  ];
  return {
    counts,
    password,
    units,
    users,
    timings,
    actors: {
      admin: users[0]!,
      treeManager,
      treeManagerSubtreeUsers: users.filter((u) => subtree.has(u.unitId)).length,
      inboxUser: inbox.user,
      inboxPending: inbox.n,
      taskUser: task.user,
      taskOpen: task.n,
      notificationUser: notification.user,
      notificationUnread: notification.n,
      auditActor: auditActors[0]!,
      applicant: specialist,
      clients,
    },
  };
}
