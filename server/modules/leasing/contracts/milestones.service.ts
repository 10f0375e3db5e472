import { and, asc, count, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import { requirePermission, type RequestContext } from '../../../platform/access/access';
import { recordAudit } from '../../../platform/audit/audit.service';
import { addDays, isValidIsoDate, shanghaiDate, shanghaiTime } from '../../../platform/dates';
import type { DbOrTx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { extensionPoint } from '../../../platform/manifests/manifest';
import { users } from '../../../platform/org/org.table';
import { completeRuleTasks, createTask } from '../../../platform/tasks/tasks.service';
import { contractAmendments } from './amendments.table';
import { contractBreaches, contractDisputes } from './breaches.table';
import { findVisibleContract } from './contracts.queries';
import { contractStatusNames, type ContractStatus } from './contracts.schema';
import { contractTimeline, mayEdit } from './contracts.service';
import { contracts } from './contracts.table';
import { contractMilestones } from './milestones.table';
import { contractMoveInItems } from './move-in.table';

// 履约跟踪 (R-LEA-24): obligation milestones per contract whose owners are reminded ahead (a task:
// remind the customer), and the execution report of a contract — billed and paid (from billing),
// breaches, disputes, amendments, milestones and move-in — as of any date.

export const MILESTONE_REMINDER_RULE = 'contract_milestone_reminder';
export const milestoneKinds = ['payment', 'delivery', 'inspection', 'other'] as const;
export const milestoneKindNames: Record<(typeof milestoneKinds)[number], string> = { payment: '付款', delivery: '交付', inspection: '安全检查', other: '其他' };

export const milestoneBody = z.object({
  kind: z.enum(milestoneKinds, `节点类型应为 ${milestoneKinds.join('/')} 之一`),
  title: z.string().trim().min(2, '请填写履约事项').max(200, '履约事项不超过 200 个字'),
  dueDate: z.string().refine(isValidIsoDate, '到期日应为有效日期，格式 YYYY-MM-DD'),
  ownerId: z.number().int().positive('请选择负责人').optional(),
  remindDays: z.number().int().min(0, '提前天数不能为负').max(90, '最多提前 90 天提醒').default(7),
});
export const milestoneDoneBody = z.object({ note: z.string().trim().max(500, '备注不超过 500 个字').optional() });

export const milestoneSchema = z.object({
  id: z.number().int(),
  kind: z.enum(milestoneKinds),
  kindName: z.string(),
  title: z.string(),
  dueDate: z.string(),
  ownerId: z.number().int(),
  ownerName: z.string().nullable(),
  remindDays: z.number().int(),
  status: z.enum(['open', 'done']),
  overdue: z.boolean(),
  note: z.string().nullable(),
  doneAt: z.string().nullable(),
});
export type Milestone = z.infer<typeof milestoneSchema>;

/** Billing's figures for a contract as of a date (R-LEA-24 执行情况): contributed by billing. */
export interface ExecutionFigures {
  scheduledTotal: string;
  dueToDate: string;
  /** null until receipts are recorded by billing. */
  paidToDate: string | null;
}
export type ExecutionFiguresSource = (db: DbOrTx, contractId: number, asOf: string) => Promise<ExecutionFigures>;
export const executionFiguresSources = extensionPoint<ExecutionFiguresSource>('leasing.execution-figures');

export const executionReportQuery = z.object({ asOf: z.string().refine(isValidIsoDate, '报告日期应为有效日期，格式 YYYY-MM-DD').optional() });
export const executionReportSchema = z.object({
  contractId: z.number().int(),
  number: z.string(),
  asOf: z.string(),
  status: z.string(),
  term: z.string(),
  billing: z.object({ scheduledTotal: z.string(), dueToDate: z.string(), paidToDate: z.string().nullable() }).nullable(),
  breaches: z.object({ total: z.number().int(), open: z.number().int() }),
  disputes: z.object({ total: z.number().int(), open: z.number().int() }),
  amendments: z.array(z.object({ seq: z.number().int(), effectiveDate: z.string(), summary: z.string() })),
  milestones: z.object({ total: z.number().int(), done: z.number().int(), overdue: z.array(z.object({ title: z.string(), dueDate: z.string() })) }),
  moveIn: z.object({ total: z.number().int(), done: z.number().int() }),
});

export async function listMilestones(deps: Deps, ctx: RequestContext, contractId: number): Promise<Milestone[]> {
  const actor = requirePermission(ctx.actor, 'contract:read');
  await findVisibleContract(deps.db, actor, contractId);
  const today = shanghaiDate(deps.clock.now());
  const rows = await deps.db
    .select({ m: contractMilestones, ownerName: users.displayName })
    .from(contractMilestones)
    .leftJoin(users, eq(users.id, contractMilestones.ownerId))
    .where(eq(contractMilestones.contractId, contractId))
    .orderBy(asc(contractMilestones.dueDate), asc(contractMilestones.id));
  return rows.map(({ m, ownerName }) => ({
    id: m.id,
    kind: m.kind as Milestone['kind'],
    kindName: milestoneKindNames[m.kind as Milestone['kind']],
    title: m.title,
    dueDate: m.dueDate,
    ownerId: m.ownerId,
    ownerName,
    remindDays: m.remindDays,
    status: m.status as Milestone['status'],
    overdue: m.status === 'open' && m.dueDate < today,
    note: m.note,
    doneAt: m.doneAt?.toISOString() ?? null,
  }));
}

export async function addMilestone(deps: Deps, ctx: RequestContext, contractId: number, body: z.infer<typeof milestoneBody>): Promise<Milestone[]> {
  const actor = requirePermission(ctx.actor, 'contract:read');
  await deps.db.transaction(async (tx) => {
    const contract = await findVisibleContract(tx, actor, contractId, { forUpdate: true });
    if (!mayEdit(actor, contract)) throw new AppError('FORBIDDEN', '只有合同经办人或审核人可以设置履约节点', { reason: 'contract.not_owner' });
    if (!['effective', 'changing'].includes(contract.status)) throw new AppError('CONFLICT', `合同 ${contract.number} 不在履行中`, { reason: 'contract.wrong_status' });
    if (body.dueDate < contract.startDate || body.dueDate > addDays(contract.endDate, 90)) throw fieldError('dueDate', `到期日应在合同期限 ${contract.startDate} 至 ${contract.endDate}（含期满后 90 天）之内`);
    const ownerId = body.ownerId ?? contract.ownerId;
    const [owner] = await tx.select({ id: users.id }).from(users).where(and(eq(users.id, ownerId), eq(users.status, 'active')));
    if (!owner) throw fieldError('ownerId', '负责人不存在或已停用');
    const [row] = await tx.insert(contractMilestones).values({ contractId, ...body, ownerId, createdById: actor.userId, createdAt: deps.clock.now() }).returning();
    await recordAudit(tx, deps.clock, ctx, { action: 'milestone_add', entityType: 'contract', entityId: contractId, customerId: contract.customerId, summary: `合同 ${contract.number} 设置履约节点「${body.title}」（${milestoneKindNames[body.kind]}，${body.dueDate}），#${row!.id}` });
  });
  return listMilestones(deps, ctx, contractId);
}

export async function completeMilestone(deps: Deps, ctx: RequestContext, contractId: number, milestoneId: number, body: z.infer<typeof milestoneDoneBody>): Promise<Milestone[]> {
  const actor = requirePermission(ctx.actor, 'contract:read');
  await deps.db.transaction(async (tx) => {
    const contract = await findVisibleContract(tx, actor, contractId);
    const [milestone] = await tx.select().from(contractMilestones).where(and(eq(contractMilestones.id, milestoneId), eq(contractMilestones.contractId, contractId))).for('update');
    if (!milestone) throw new AppError('NOT_FOUND', '履约节点不存在');
    if (milestone.ownerId !== actor.userId && !mayEdit(actor, contract)) throw new AppError('FORBIDDEN', '只有节点负责人、合同经办人或审核人可以确认完成', { reason: 'contract.not_owner' });
    if (milestone.status === 'done') throw new AppError('CONFLICT', '该履约节点已完成', { reason: 'milestone.done' });
    await tx.update(contractMilestones).set({ status: 'done', doneAt: deps.clock.now(), doneById: actor.userId, note: body.note || null }).where(eq(contractMilestones.id, milestoneId));
    await completeRuleTasks(tx, deps, { ruleKey: MILESTONE_REMINDER_RULE, dedupeKey: `${MILESTONE_REMINDER_RULE}:${milestoneId}` }, ctx);
    await recordAudit(tx, deps.clock, ctx, { action: 'milestone_done', entityType: 'contract', entityId: contractId, customerId: contract.customerId, summary: `合同 ${contract.number} 履约节点「${milestone.title}」已完成${body.note ? `：${body.note}` : ''}` });
    await contractTimeline(tx, deps, actor, contract, `履约节点完成：${milestone.title}`, 'milestone_done');
  });
  return listMilestones(deps, ctx, contractId);
}

/** Daily: owners of open milestones within their reminder window get one task each. */
export async function remindMilestones(deps: Pick<Deps, 'db' | 'clock'>): Promise<{ reminded: number }> {
  const today = shanghaiDate(deps.clock.now());
  const due = await deps.db
    .select({ m: contractMilestones, number: contracts.number })
    .from(contractMilestones)
    .innerJoin(contracts, eq(contracts.id, contractMilestones.contractId))
    .where(and(eq(contractMilestones.status, 'open'), inArray(contracts.status, ['effective', 'changing']), lte(sql`${contractMilestones.dueDate} - ${contractMilestones.remindDays}`, sql`${today}::date`), gte(contractMilestones.dueDate, addDays(today, -30))));
  let reminded = 0;
  for (const { m, number } of due) {
    const { created } = await deps.db.transaction((tx) =>
      createTask(tx, deps, {
        title: `履约提醒：合同 ${number}「${m.title}」${m.dueDate} 到期`,
        description: `${milestoneKindNames[m.kind as Milestone['kind']]}节点，请提醒客户按期履行，完成后在合同「履约」页确认。`,
        assigneeId: m.ownerId,
        dueAt: shanghaiTime(m.dueDate < today ? today : m.dueDate, '18:00'),
        recordType: 'contract',
        recordId: m.contractId,
        ruleKey: MILESTONE_REMINDER_RULE,
        dedupeKey: `${MILESTONE_REMINDER_RULE}:${m.id}`,
        createdById: null,
      }),
    );
    if (created) reminded++;
  }
  return { reminded };
}

const countOf = async (query: Promise<{ n: number }[]>) => Number((await query)[0]?.n ?? 0);

/** 执行情况报告 (R-LEA-24) of a contract as of a date. */
export async function executionReport(deps: Deps, ctx: RequestContext, contractId: number, query: z.infer<typeof executionReportQuery>) {
  const actor = requirePermission(ctx.actor, 'contract:read');
  const contract = await findVisibleContract(deps.db, actor, contractId);
  const asOf = query.asOf ?? shanghaiDate(deps.clock.now());
  const db = deps.db;
  const [source] = executionFiguresSources.items();
  const milestones = await db.select().from(contractMilestones).where(eq(contractMilestones.contractId, contractId)).orderBy(asc(contractMilestones.dueDate));
  const amendments = await db
    .select({ seq: contractAmendments.seq, effectiveDate: contractAmendments.effectiveDate, summary: contractAmendments.summary })
    .from(contractAmendments)
    .where(and(eq(contractAmendments.contractId, contractId), eq(contractAmendments.status, 'effective'), lte(contractAmendments.effectiveDate, asOf)))
    .orderBy(asc(contractAmendments.seq));
  const doneBy = (doneAt: Date | null) => doneAt !== null && shanghaiDate(doneAt) <= asOf;
  // Open as of the date: not closed by then.
  const asOfCounts = (rows: { closedAt: Date | null }[]) => ({ total: rows.length, open: rows.filter((row) => !doneBy(row.closedAt)).length });
  const breaches = await db.select({ occurredOn: contractBreaches.occurredOn, closedAt: contractBreaches.closedAt }).from(contractBreaches).where(eq(contractBreaches.contractId, contractId));
  const disputes = await db.select({ openedOn: contractDisputes.openedOn, closedAt: contractDisputes.closedAt }).from(contractDisputes).where(eq(contractDisputes.contractId, contractId));
  return {
    contractId,
    number: contract.number,
    asOf,
    status: contractStatusNames[contract.status as ContractStatus] ?? contract.status,
    term: `${contract.startDate} 至 ${contract.endDate}`,
    billing: source ? await source(db, contractId, asOf) : null,
    breaches: asOfCounts(breaches.filter((row) => row.occurredOn <= asOf)),
    disputes: asOfCounts(disputes.filter((row) => row.openedOn <= asOf)),
    amendments,
    milestones: {
      total: milestones.length,
      done: milestones.filter((m) => doneBy(m.doneAt)).length,
      overdue: milestones.filter((m) => m.dueDate < asOf && !doneBy(m.doneAt)).map((m) => ({ title: m.title, dueDate: m.dueDate })),
    },
    moveIn: {
      total: await countOf(db.select({ n: count() }).from(contractMoveInItems).where(eq(contractMoveInItems.contractId, contractId))),
      done: (await db.select({ doneAt: contractMoveInItems.doneAt }).from(contractMoveInItems).where(eq(contractMoveInItems.contractId, contractId))).filter((row) => doneBy(row.doneAt)).length,
    },
  };
}

export type ExecutionReport = z.infer<typeof executionReportSchema>;
