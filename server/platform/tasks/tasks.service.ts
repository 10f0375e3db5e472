import { and, asc, count, eq, gte, ilike, inArray, isNull, lt, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { hasPermission, requireActor, scopeOf, type Actor, type RequestContext } from '../access/access';
import { diffChanges, recordAudit } from '../audit/audit.service';
import type { Clock } from '../clock';
import { addDays, shanghaiTime } from '../dates';
import type { DbOrTx } from '../db/client';
import { selectPage } from '../db/paging';
import { preparedFor, sortShape } from '../db/prepared';
import type { Deps } from '../deps';
import { AppError, fieldError } from '../errors';
import { likePattern, orderByFrom } from '../http/pagination';
import type { JobContext } from '../jobs/jobs.registry';
import { shanghaiMinute } from '../jobs/jobs.service';
import { notify } from '../notifications/notifications.service';
import { orgUnits, users } from '../org/org.table';
import type { CreateTaskBody, ListTasksQuery, ReassignTaskBody, Task, TaskStatus, TaskSummary } from './tasks.schema';
import { tasks } from './tasks.table';

export type TaskRecord = typeof tasks.$inferSelect;

export interface CreateTaskInput {
  title: string;
  description?: string;
  assigneeId: number;
  dueAt: Date;
  /** The business record the duty is about, e.g. `contract` / `HT-2026-001`. */
  recordType?: string | null;
  recordId?: string | number | null;
  /** The rule that creates it, e.g. `visit_report_due`; omit for manual tasks. */
  ruleKey?: string | null;
  /** Makes rule-driven creation idempotent: a second call returns the existing task. */
  dedupeKey?: string | null;
  /** Defaults to the actor of `ctx`. */
  createdById?: number | null;
}

const auditedFields: (keyof TaskRecord)[] = [
  'title',
  'description',
  'assigneeId',
  'dueAt',
  'status',
  'recordType',
  'recordId',
  'ruleKey',
  'escalatedAt',
  'escalatedToId',
  'completedAt',
];

const taskLink = (id: number) => `/tasks?id=${id}`;

async function activeUser(db: DbOrTx, id: number) {
  const [row] = await db
    .select({ id: users.id, displayName: users.displayName, unitId: users.unitId, unitPath: orgUnits.path, status: users.status })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.unitId))
    .where(eq(users.id, id));
  return row && row.status === 'active' ? row : undefined;
}

/**
 * Creates a task inside the caller's transaction and notifies the assignee (R-PLT-30). With a
 * `dedupeKey` the call is idempotent: when a task with that key exists it is returned unchanged.
 */
export async function createTask(
  tx: DbOrTx,
  deps: { clock: Clock },
  input: CreateTaskInput,
  ctx: RequestContext = {},
): Promise<{ task: TaskRecord; created: boolean }> {
  const assignee = await activeUser(tx, input.assigneeId);
  if (!assignee) {
    throw fieldError('assigneeId', '执行人不存在或已停用');
  }
  const now = deps.clock.now();
  const createdById = input.createdById !== undefined ? input.createdById : (ctx.actor?.userId ?? null);
  const [row] = await tx
    .insert(tasks)
    .values({
      title: input.title,
      description: input.description ?? '',
      assigneeId: assignee.id,
      unitId: assignee.unitId,
      dueAt: input.dueAt,
      status: 'open',
      recordType: input.recordType ?? null,
      recordId: input.recordId === undefined || input.recordId === null ? null : String(input.recordId),
      ruleKey: input.ruleKey ?? null,
      dedupeKey: input.dedupeKey ?? null,
      createdById,
      createdAt: now,
    })
    .onConflictDoNothing({ target: tasks.dedupeKey })
    .returning();
  if (!row) {
    const [existing] = await tx.select().from(tasks).where(eq(tasks.dedupeKey, input.dedupeKey!));
    return { task: existing!, created: false };
  }
  await recordAudit(tx, deps.clock, ctx, {
    action: 'create',
    entityType: 'task',
    entityId: row.id,
    summary: `新建待办「${row.title}」，执行人 ${assignee.displayName}`,
    changes: diffChanges(null, row, auditedFields),
    ...(ctx.actor ? {} : { actorName: '系统规则' }),
  });
  if (assignee.id !== createdById) {
    await notify(tx, deps.clock, {
      userId: assignee.id,
      kind: 'task_assigned',
      title: `新待办：${row.title}`,
      body: `截止时间 ${shanghaiMinute(row.dueAt)}${row.description ? `。${row.description}` : ''}`,
      link: taskLink(Number(row.id)),
    });
  }
  return { task: row, created: true };
}

/**
 * Marks the open tasks of a rule on a record done — for modules whose duty was fulfilled
 * elsewhere (the visit report arrived, the contract reached finance). Returns how many closed.
 */
export async function completeRuleTasks(
  tx: DbOrTx,
  deps: { clock: Clock },
  match: { ruleKey: string; recordType?: string; recordId?: string | number; dedupeKey?: string },
  ctx: RequestContext = {},
): Promise<number> {
  const conditions: SQL[] = [eq(tasks.status, 'open'), eq(tasks.ruleKey, match.ruleKey)];
  if (match.recordType !== undefined) conditions.push(eq(tasks.recordType, match.recordType));
  if (match.recordId !== undefined) conditions.push(eq(tasks.recordId, String(match.recordId)));
  if (match.dedupeKey !== undefined) conditions.push(eq(tasks.dedupeKey, match.dedupeKey));
  const now = deps.clock.now();
  const closed = await tx
    .update(tasks)
    .set({ status: 'done', completedAt: now })
    .where(and(...conditions))
    .returning();
  for (const task of closed) {
    await recordAudit(tx, deps.clock, ctx, {
      action: 'complete',
      entityType: 'task',
      entityId: task.id,
      summary: `待办「${task.title}」已由业务规则自动完成`,
      changes: { status: { before: 'open', after: 'done' } },
      ...(ctx.actor ? {} : { actorName: '系统规则' }),
    });
  }
  return closed.length;
}

// ── who may see and assign ────────────────────────────────────────────────

/** Tasks assigned to, escalated to, or created by the actor; everyone else gets 404. */
function visibleTo(userId: number | SQLWrapper): SQL {
  return or(eq(tasks.assigneeId, userId), eq(tasks.escalatedToId, userId), eq(tasks.createdById, userId))!;
}

/**
 * Someone else may be given a task by a holder of `user:manage` whose org scope covers them, or
 * by the manager (负责人) of their unit or a unit above it.
 */
async function assignableCondition(actor: Actor): Promise<SQL> {
  const parts: SQL[] = [eq(users.id, actor.userId)];
  if (hasPermission(actor, 'user:manage')) {
    const scope = scopeOf(actor, 'org');
    if (scope === 'all') parts.push(sql`true`);
    else if (scope === 'unit_tree') parts.push(sql`${orgUnits.path} LIKE ${actor.unitPath + '%'}`);
    else if (scope === 'unit') parts.push(eq(users.unitId, actor.unitId));
  }
  parts.push(sql`EXISTS (SELECT 1 FROM org_units m WHERE m.manager_id = ${actor.userId} AND ${orgUnits.path} LIKE m.path || '%')`);
  return or(...parts)!;
}

async function assertCanAssign(db: DbOrTx, actor: Actor, assigneeId: number): Promise<void> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.unitId))
    .where(and(eq(users.id, assigneeId), eq(users.status, 'active'), await assignableCondition(actor)));
  if (!row) {
    const message = '执行人不存在，或不在您可分配的范围内（只能分配给自己；有用户管理权限或作为部门负责人时可分配给本范围内的同事）';
    throw fieldError('assigneeId', message);
  }
}

export async function listAssignableUsers(deps: Deps, ctx: RequestContext, q: string | undefined) {
  const actor = requireActor(ctx);
  const conditions: SQL[] = [eq(users.status, 'active'), await assignableCondition(actor)];
  if (q?.trim()) {
    const pattern = likePattern(q.trim());
    conditions.push(or(ilike(users.displayName, pattern), ilike(users.username, pattern))!);
  }
  const rows = await deps.db
    .select({ id: users.id, displayName: users.displayName, unitName: orgUnits.name })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.unitId))
    .where(and(...conditions))
    .orderBy(sql`${users.id} = ${actor.userId} DESC`, asc(users.displayName))
    .limit(20);
  return { items: rows };
}

// ── reading ───────────────────────────────────────────────────────────────

const taskColumns = {
  task: tasks,
  assigneeName: sql<string | null>`(SELECT display_name FROM users u WHERE u.id = ${tasks.assigneeId})`,
  escalatedToName: sql<string | null>`(SELECT display_name FROM users u WHERE u.id = ${tasks.escalatedToId})`,
  createdByName: sql<string | null>`(SELECT display_name FROM users u WHERE u.id = ${tasks.createdById})`,
};

interface TaskRowWithNames {
  task: TaskRecord;
  assigneeName: string | null;
  escalatedToName: string | null;
  createdByName: string | null;
}

function toTask(row: TaskRowWithNames, now: Date): Task {
  const t = row.task;
  return {
    id: Number(t.id),
    title: t.title,
    description: t.description,
    status: t.status as TaskStatus,
    dueAt: t.dueAt.toISOString(),
    overdue: t.status === 'open' && t.dueAt.getTime() < now.getTime(),
    assigneeId: t.assigneeId,
    assigneeName: row.assigneeName,
    unitId: t.unitId,
    recordType: t.recordType,
    recordId: t.recordId,
    ruleKey: t.ruleKey,
    escalatedAt: t.escalatedAt?.toISOString() ?? null,
    escalatedToId: t.escalatedToId,
    escalatedToName: row.escalatedToName,
    createdById: t.createdById,
    createdByName: row.createdByName,
    createdAt: t.createdAt.toISOString(),
    completedAt: t.completedAt?.toISOString() ?? null,
  };
}

/** Start of a calendar day in Asia/Shanghai (UTC+8 all year). */

/**
 * The list's conditions, with each value given by `value`: placeholders for the prepared page
 * query (db/prepared.ts), the values themselves for the count.
 */
function taskListWhere(query: ListTasksQuery, values: Record<string, unknown>, value: (name: string) => SQLWrapper): SQL | undefined {
  const conditions: SQL[] = [];
  const userId = value('userId');
  switch (query.relation) {
    case 'assigned':
      conditions.push(eq(tasks.assigneeId, userId));
      break;
    case 'escalated':
      conditions.push(eq(tasks.escalatedToId, userId));
      break;
    case 'created':
      conditions.push(eq(tasks.createdById, userId));
      break;
    default:
      conditions.push(visibleTo(userId));
  }
  if ('status' in values) conditions.push(eq(tasks.status, value('status')));
  if (query.overdue === 'true') conditions.push(and(eq(tasks.status, 'open'), lt(tasks.dueAt, value('now')))!);
  if (query.overdue === 'false') conditions.push(or(sql`${tasks.status} <> 'open'`, gte(tasks.dueAt, value('now')))!);
  if ('dueFrom' in values) conditions.push(gte(tasks.dueAt, value('dueFrom')));
  if ('dueTo' in values) conditions.push(lt(tasks.dueAt, value('dueTo')));
  if ('recordType' in values) conditions.push(eq(tasks.recordType, value('recordType')));
  return and(...conditions);
}

export async function listMyTasks(deps: Deps, ctx: RequestContext, query: ListTasksQuery) {
  const actor = requireActor(ctx);
  const now = deps.clock.now();
  const values: Record<string, unknown> = { userId: actor.userId };
  if (query.status !== 'all') values.status = query.status;
  if (query.overdue) values.now = now;
  if (query.dueFrom) values.dueFrom = shanghaiTime(query.dueFrom);
  if (query.dueTo) values.dueTo = shanghaiTime(addDays(query.dueTo, 1));
  if (query.recordType) values.recordType = query.recordType;
  const orderBy = orderByFrom(query.sort, { dueAt: tasks.dueAt, createdAt: tasks.createdAt }, asc(tasks.dueAt));
  // One prepared page query per shape: which values are present, the relation, the sort.
  const shape = ['tasks.list', query.relation ?? 'all', query.overdue ?? '', ...Object.keys(values), sortShape(query.sort)].join('|');
  const page = preparedFor(deps.db, shape, (name) =>
    deps.db
      .select(taskColumns)
      .from(tasks)
      .where(taskListWhere(query, values, (key) => sql.placeholder(key)))
      .orderBy(...orderBy, asc(tasks.id))
      .limit(sql.placeholder('limit'))
      .offset(sql.placeholder('offset'))
      .prepare(name),
  );
  const { rows, ...counted } = await selectPage(deps.db, query, {
    rows: (limit, offset) => page.execute({ ...values, limit, offset }),
    matching: deps.db
      .select({ one: sql`1` })
      .from(tasks)
      .where(taskListWhere(query, values, (key) => sql`${values[key]}`))
      .$dynamic(),
  });
  return { items: rows.map((row) => toTask(row, now)), ...counted };
}

/** Counts for the home-page widget and the menu badge. */
export async function getTaskSummary(deps: Deps, ctx: RequestContext): Promise<TaskSummary> {
  const actor = requireActor(ctx);
  const now = deps.clock.now();
  const [row] = await deps.db
    .select({
      open: sql<number>`count(*) FILTER (WHERE ${tasks.assigneeId} = ${actor.userId})::int`,
      overdue: sql<number>`count(*) FILTER (WHERE ${tasks.assigneeId} = ${actor.userId} AND ${tasks.dueAt} < ${now})::int`,
      escalatedToMe: sql<number>`count(*) FILTER (WHERE ${tasks.escalatedToId} = ${actor.userId})::int`,
    })
    .from(tasks)
    .where(and(eq(tasks.status, 'open'), or(eq(tasks.assigneeId, actor.userId), eq(tasks.escalatedToId, actor.userId))));
  return { open: Number(row?.open ?? 0), overdue: Number(row?.overdue ?? 0), escalatedToMe: Number(row?.escalatedToMe ?? 0) };
}

async function loadVisibleTask(db: DbOrTx, actor: Actor, id: number, lock = false): Promise<TaskRecord> {
  const query = db
    .select()
    .from(tasks)
    .where(and(eq(tasks.id, id), visibleTo(actor.userId)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw new AppError('NOT_FOUND', '待办不存在或无权查看');
  return row;
}

async function loadTask(db: DbOrTx, id: number, now: Date): Promise<Task> {
  const [row] = await db.select(taskColumns).from(tasks).where(eq(tasks.id, id));
  if (!row) throw new AppError('NOT_FOUND', '待办不存在或无权查看');
  return toTask(row, now);
}

export async function getMyTask(deps: Deps, ctx: RequestContext, id: number): Promise<Task> {
  const actor = requireActor(ctx);
  await loadVisibleTask(deps.db, actor, id);
  return loadTask(deps.db, id, deps.clock.now());
}

// ── changing ──────────────────────────────────────────────────────────────

function assertFuture(dueAt: Date, now: Date) {
  if (dueAt.getTime() <= now.getTime()) {
    const message = `截止时间已过（现在是 ${shanghaiMinute(now)}），请选择将来的时间`;
    throw fieldError('dueAt', message);
  }
}

/** 新建待办 from the UI: for myself, or for a colleague I may assign to. */
export async function createManualTask(deps: Deps, ctx: RequestContext, body: CreateTaskBody): Promise<Task> {
  const actor = requireActor(ctx);
  const now = deps.clock.now();
  const dueAt = new Date(body.dueAt);
  assertFuture(dueAt, now);
  const assigneeId = body.assigneeId ?? actor.userId;
  return deps.db.transaction(async (tx) => {
    if (assigneeId !== actor.userId) await assertCanAssign(tx, actor, assigneeId);
    const { task } = await createTask(
      tx,
      deps,
      {
        title: body.title,
        description: body.description,
        assigneeId,
        dueAt,
        recordType: body.recordType || null,
        recordId: body.recordId || null,
        createdById: actor.userId,
      },
      ctx,
    );
    return loadTask(tx, Number(task.id), now);
  });
}

const statusLabel: Record<string, string> = { open: '待办', done: '已完成', cancelled: '已取消' };

async function closeTask(deps: Deps, ctx: RequestContext, id: number, status: 'done' | 'cancelled'): Promise<Task> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const before = await loadVisibleTask(tx, actor, id, true);
    if (before.status !== 'open') throw new AppError('CONFLICT', `该待办${statusLabel[before.status] ?? before.status}，不能再${status === 'done' ? '完成' : '取消'}`, { reason: 'task.closed' });
    if (
      status === 'cancelled' &&
      before.ruleKey &&
      before.createdById !== actor.userId &&
      before.escalatedToId !== actor.userId
    ) {
      throw new AppError('FORBIDDEN', '系统规则生成的待办不能由执行人取消，请办理后点“完成”，或请主管处理', { reason: 'task.rule_task_not_cancellable' });
    }
    const now = deps.clock.now();
    const [after] = await tx
      .update(tasks)
      .set({ status, completedAt: now })
      .where(eq(tasks.id, id))
      .returning();
    await recordAudit(tx, deps.clock, ctx, {
      action: status === 'done' ? 'complete' : 'cancel',
      entityType: 'task',
      entityId: id,
      summary: `${status === 'done' ? '完成' : '取消'}待办「${before.title}」`,
      changes: diffChanges(before, after!, auditedFields),
    });
    if (status === 'cancelled' && before.assigneeId !== actor.userId) {
      await notify(tx, deps.clock, {
        userId: before.assigneeId,
        kind: 'task_cancelled',
        title: `待办已取消：${before.title}`,
        body: `${actor.displayName} 取消了此待办`,
        link: taskLink(id),
      });
    }
    return loadTask(tx, id, now);
  });
}

export const completeTask = (deps: Deps, ctx: RequestContext, id: number) => closeTask(deps, ctx, id, 'done');
export const cancelTask = (deps: Deps, ctx: RequestContext, id: number) => closeTask(deps, ctx, id, 'cancelled');

/** 转办: hands an open task to someone else the actor may assign to; optionally a new due time. */
export async function reassignTask(deps: Deps, ctx: RequestContext, id: number, body: ReassignTaskBody): Promise<Task> {
  const actor = requireActor(ctx);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const before = await loadVisibleTask(tx, actor, id, true);
    if (before.status !== 'open') throw new AppError('CONFLICT', `该待办${statusLabel[before.status] ?? before.status}，不能转办`, { reason: 'task.closed' });
    if (body.assigneeId === before.assigneeId && !body.dueAt) {
      const message = '新执行人与当前执行人相同';
      throw fieldError('assigneeId', message);
    }
    if (body.assigneeId !== actor.userId) await assertCanAssign(tx, actor, body.assigneeId);
    const dueAt = body.dueAt ? new Date(body.dueAt) : before.dueAt;
    if (body.dueAt) assertFuture(dueAt, now);
    const assignee = (await activeUser(tx, body.assigneeId))!;
    const [after] = await tx
      .update(tasks)
      .set({
        assigneeId: assignee.id,
        unitId: assignee.unitId,
        dueAt,
        // A new due time starts the overdue clock again.
        ...(body.dueAt ? { escalatedAt: null } : {}),
      })
      .where(eq(tasks.id, id))
      .returning();
    await recordAudit(tx, deps.clock, ctx, {
      action: 'update',
      entityType: 'task',
      entityId: id,
      summary: `转办待办「${before.title}」给 ${assignee.displayName}`,
      changes: diffChanges(before, after!, auditedFields),
    });
    if (assignee.id !== actor.userId && assignee.id !== before.assigneeId) {
      await notify(tx, deps.clock, {
        userId: assignee.id,
        kind: 'task_assigned',
        title: `新待办：${before.title}`,
        body: `${actor.displayName} 转办给您，截止时间 ${shanghaiMinute(dueAt)}`,
        link: taskLink(id),
      });
    }
    return loadTask(tx, id, now);
  });
}

// ── overdue escalation (逾期升级) ─────────────────────────────────────────

/**
 * The escalation target of an assignee: the manager of their unit; when that is the assignee
 * themself or nobody (or a disabled user), the manager of the unit above, and so on up the tree.
 */
async function escalationTarget(db: DbOrTx, assigneeId: number): Promise<{ id: number; displayName: string } | null> {
  const [assignee] = await db
    .select({ path: orgUnits.path })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.unitId))
    .where(eq(users.id, assigneeId));
  if (!assignee) return null;
  const chain = assignee.path
    .split('/')
    .filter(Boolean)
    .map(Number)
    .filter((id) => Number.isInteger(id))
    .reverse();
  if (!chain.length) return null;
  const rows = await db
    .select({ unitId: orgUnits.id, managerId: users.id, displayName: users.displayName, status: users.status })
    .from(orgUnits)
    .innerJoin(users, eq(users.id, orgUnits.managerId))
    .where(inArray(orgUnits.id, chain));
  const byUnit = new Map(rows.map((row) => [row.unitId, row]));
  for (const unitId of chain) {
    const manager = byUnit.get(unitId);
    if (manager && manager.managerId !== assigneeId && manager.status === 'active') {
      return { id: manager.managerId, displayName: manager.displayName };
    }
  }
  return null;
}

/** Rules whose module escalates overdue tasks itself; the generic job only reminds their assignees. */
const selfEscalating = new Set<string>();
export function registerSelfEscalatingRule(ruleKey: string): void {
  selfEscalating.add(ruleKey);
}

/** Escalates one overdue task; false when it is no longer open, overdue and unescalated. */
async function escalateTask(deps: Deps, id: number, now: Date, ctx: RequestContext & { actorName?: string }): Promise<'escalated' | 'no_manager' | 'skipped'> {
  return deps.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(tasks)
      .where(and(eq(tasks.id, id), eq(tasks.status, 'open'), isNull(tasks.escalatedAt), lt(tasks.dueAt, now)))
      .for('update', { skipLocked: true });
    if (!before) return 'skipped';
    const own = Boolean(before.ruleKey && selfEscalating.has(before.ruleKey));
    const target = own ? null : await escalationTarget(tx, before.assigneeId);
    const [after] = await tx
      .update(tasks)
      .set({ escalatedAt: now, escalatedToId: target?.id ?? null })
      .where(eq(tasks.id, id))
      .returning();
    const [assignee] = await tx.select({ displayName: users.displayName }).from(users).where(eq(users.id, before.assigneeId));
    const due = shanghaiMinute(before.dueAt);
    if (target) {
      await notify(tx, deps.clock, {
        userId: target.id,
        kind: 'task_escalated',
        title: `待办逾期：${before.title}`,
        body: `${assignee?.displayName ?? '执行人'} 的待办已逾期（截止 ${due}），请督办`,
        link: taskLink(id),
      });
    }
    await notify(tx, deps.clock, {
      userId: before.assigneeId,
      kind: 'task_escalated',
      title: `待办已逾期：${before.title}`,
      body: target ? `截止 ${due}，已升级给 ${target.displayName}` : `截止 ${due}，请尽快办理`,
      link: taskLink(id),
    });
    await recordAudit(tx, deps.clock, ctx, {
      action: 'escalate',
      entityType: 'task',
      entityId: id,
      summary: target ? `待办「${before.title}」逾期，升级给 ${target.displayName}` : own ? `待办「${before.title}」逾期，由其业务规则升级` : `待办「${before.title}」逾期，未找到可升级的负责人`,
      changes: diffChanges(before, after!, auditedFields),
      actorName: ctx.actorName,
    });
    return target ? 'escalated' : 'no_manager';
  });
}

/** The escalation job's work: every open task past due and not yet escalated (R-PLT-30). */
export async function escalateOverdueTasks(deps: Deps, job?: Pick<JobContext, 'progress' | 'audit'>) {
  const now = deps.clock.now();
  const due = and(eq(tasks.status, 'open'), isNull(tasks.escalatedAt), lt(tasks.dueAt, now));
  const [total] = await deps.db.select({ n: count() }).from(tasks).where(due);
  const totalCount = Number(total?.n ?? 0);
  await job?.progress(0, totalCount, totalCount ? `共 ${totalCount} 条逾期待办待升级` : '没有需要升级的逾期待办');
  const result = { overdue: totalCount, escalated: 0, withoutManager: 0 };
  let lastId = 0;
  let done = 0;
  for (;;) {
    const batch = await deps.db
      .select({ id: tasks.id })
      .from(tasks)
      .where(and(due, sql`${tasks.id} > ${lastId}`))
      .orderBy(asc(tasks.id))
      .limit(200);
    if (!batch.length) break;
    for (const { id } of batch) {
      const outcome = await escalateTask(deps, Number(id), now, job?.audit ?? { actorName: '系统定时任务' });
      if (outcome === 'escalated') result.escalated++;
      if (outcome === 'no_manager') result.withoutManager++;
      lastId = Number(id);
      done++;
    }
    await job?.progress(done, totalCount, `已处理 ${done}/${totalCount}`);
  }
  return result;
}

