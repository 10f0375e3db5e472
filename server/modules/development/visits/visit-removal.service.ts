import { and, count, eq, gt, gte, inArray, max, sql } from 'drizzle-orm';
import { requireActor, requirePermission, type RequestContext } from '../../../platform/access/access';
import { diffChanges, recordAudit } from '../../../platform/audit/audit.service';
import type { Clock } from '../../../platform/clock';
import type { DbOrTx, Tx } from '../../../platform/db/client';
import { selectPage } from '../../../platform/db/paging';
import type { Deps } from '../../../platform/deps';
import { AppError } from '../../../platform/errors';
import { orderByFrom } from '../../../platform/http/pagination';
import { completeRuleTasks, createTask } from '../../../platform/tasks/tasks.service';
import { addTimelineEvent } from '../../customers';
import { developmentScope } from '../development-access';
import { opportunityStageChanges } from '../opportunities/opportunities.table';
import type { DevelopmentRules } from '../settings/development-settings.service';
import { todayOf } from './visit-dates';
import { customerNames, managerFor, unitNames, userNames } from './visits.queries';
import type { DecideProposalBody, Proposal, ProposalQuery } from './visits.schema';
import { visitPlanItems, visitPlans, visitRecords, visitRemovalProposals } from './visits.table';

// R-DEV-32: a customer visited N times (default 5) without progress is proposed for removal from
// the visit plan; the manager confirms (future planned visits are removed, new plans refuse the
// customer) or dismisses (the count starts again).

export const VISIT_REMOVAL_RULE = 'visit_removal_proposal';
type ProposalRow = typeof visitRemovalProposals.$inferSelect;
const proposalFields: (keyof ProposalRow)[] = ['status', 'visitCount', 'decidedById', 'decidedAt', 'note'];

const proposalScope = (actor: Parameters<typeof developmentScope>[0]) =>
  developmentScope(actor, { unit: visitRemovalProposals.unitId, owners: [visitRemovalProposals.userId] });

/**
 * Valid visits by the author to the customer since the later of: the customer's last forward stage
 * move, the author's last visit with progress, the last decision on a removal proposal.
 */
export async function visitsWithoutProgress(tx: DbOrTx, customerId: number, userId: number): Promise<number> {
  // Sequential: inside a transaction the statements share one connection.
  const [stage] = await tx
    .select({ at: max(opportunityStageChanges.at) })
    .from(opportunityStageChanges)
    .where(and(eq(opportunityStageChanges.customerId, customerId), eq(opportunityStageChanges.forward, true)));
  const [progress] = await tx
    .select({ at: max(visitRecords.reportedAt) })
    .from(visitRecords)
    .where(and(eq(visitRecords.customerId, customerId), eq(visitRecords.userId, userId), eq(visitRecords.progress, true)));
  const [decided] = await tx
    .select({ at: max(visitRemovalProposals.decidedAt) })
    .from(visitRemovalProposals)
    .where(and(eq(visitRemovalProposals.customerId, customerId), eq(visitRemovalProposals.userId, userId)));
  const instants = [stage?.at, progress?.at, decided?.at].filter((at): at is Date => at instanceof Date);
  const since = instants.length ? new Date(Math.max(...instants.map((at) => at.getTime()))) : undefined;
  const [row] = await tx
    .select({ n: count() })
    .from(visitRecords)
    .where(
      and(
        eq(visitRecords.customerId, customerId),
        eq(visitRecords.userId, userId),
        eq(visitRecords.valid, true),
        eq(visitRecords.progress, false),
        since ? gt(visitRecords.reportedAt, since) : undefined,
      ),
    );
  return Number(row?.n ?? 0);
}

/** After a visit record: proposes removal when the count reaches the unit's threshold. Returns the new proposal id. */
export async function proposeRemovalIfDue(
  tx: Tx,
  clock: Clock,
  ctx: RequestContext,
  input: { customerId: number; customerName: string; userId: number; userName: string; unitId: number; rules: DevelopmentRules },
): Promise<number | null> {
  const visits = await visitsWithoutProgress(tx, input.customerId, input.userId);
  if (visits < input.rules.visitsWithoutProgress) return null;
  const [confirmed] = await tx
    .select({ id: visitRemovalProposals.id })
    .from(visitRemovalProposals)
    .where(and(eq(visitRemovalProposals.customerId, input.customerId), eq(visitRemovalProposals.userId, input.userId), eq(visitRemovalProposals.status, 'confirmed')))
    .limit(1);
  if (confirmed) return null;
  const [proposal] = await tx
    .insert(visitRemovalProposals)
    .values({ customerId: input.customerId, userId: input.userId, unitId: input.unitId, visitCount: visits, status: 'proposed', createdAt: clock.now() })
    .onConflictDoNothing()
    .returning();
  if (!proposal) {
    await tx
      .update(visitRemovalProposals)
      .set({ visitCount: visits })
      .where(and(eq(visitRemovalProposals.customerId, input.customerId), eq(visitRemovalProposals.userId, input.userId), eq(visitRemovalProposals.status, 'proposed')));
    return null;
  }
  const summary = `客户「${input.customerName}」已被 ${input.userName} 连续拜访 ${visits} 次无进展，建议移出拜访计划`;
  await recordAudit(tx, clock, ctx, {
    action: 'create',
    entityType: 'visit_removal_proposal',
    entityId: proposal.id,
    customerId: input.customerId,
    summary,
    changes: diffChanges(null, proposal, proposalFields),
  });
  const managerId = await managerFor(tx, input.unitId, input.userId);
  if (managerId) {
    await createTask(
      tx,
      { clock },
      {
        title: `确认是否移出拜访计划：${input.customerName}`,
        description: `${summary}。请在「拜访计划」页确认或驳回。`,
        assigneeId: managerId,
        dueAt: new Date(clock.now().getTime() + 7 * 86_400_000),
        recordType: 'visit_removal_proposal',
        recordId: proposal.id,
        ruleKey: VISIT_REMOVAL_RULE,
        dedupeKey: `${VISIT_REMOVAL_RULE}:${proposal.id}`,
        createdById: null,
      },
      ctx,
    );
  }
  return proposal.id;
}

async function toProposals(db: DbOrTx, rows: ProposalRow[]): Promise<Proposal[]> {
  const [customers, users, units] = await Promise.all([
    customerNames(db, rows.map((row) => row.customerId)),
    userNames(db, rows.flatMap((row) => [row.userId, row.decidedById])),
    unitNames(db, rows.map((row) => row.unitId)),
  ]);
  return rows.map((row) => ({
    id: row.id,
    customerId: row.customerId,
    customerName: customers.get(row.customerId) ?? '',
    userId: row.userId,
    userName: users.get(row.userId) ?? '',
    unitId: row.unitId,
    unitName: units.get(row.unitId) ?? '',
    visitCount: row.visitCount,
    status: row.status as Proposal['status'],
    decidedById: row.decidedById,
    decidedByName: row.decidedById === null ? null : (users.get(row.decidedById) ?? null),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
  }));
}

export async function listRemovalProposals(deps: Deps, ctx: RequestContext, query: ProposalQuery) {
  const actor = requireActor(ctx);
  const where = and(
    proposalScope(actor),
    query.status ? eq(visitRemovalProposals.status, query.status) : undefined,
    query.userId ? eq(visitRemovalProposals.userId, query.userId) : undefined,
    query.customerId ? eq(visitRemovalProposals.customerId, query.customerId) : undefined,
  );
  const orderBy = orderByFrom(query.sort, { createdAt: visitRemovalProposals.createdAt }, sql`${visitRemovalProposals.id} desc`);
  const { rows, ...counted } = await selectPage(deps.db, query, {
    rows: (limit, offset) =>
      deps.db.select().from(visitRemovalProposals).where(where).orderBy(...orderBy).limit(limit).offset(offset),
    matching: deps.db.select({ one: sql`1` }).from(visitRemovalProposals).where(where).$dynamic(),
  });
  return { items: await toProposals(deps.db, rows), ...counted };
}

/** 确认 / 驳回移出建议 (manager, within the development scope). */
export async function decideRemovalProposal(
  deps: Deps,
  ctx: RequestContext,
  id: number,
  decision: 'confirmed' | 'dismissed',
  body: DecideProposalBody,
): Promise<Proposal> {
  const actor = requirePermission(ctx.actor, 'development:assign');
  return deps.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(visitRemovalProposals)
      .where(and(eq(visitRemovalProposals.id, id), proposalScope(actor)))
      .for('update');
    if (!before) throw new AppError('NOT_FOUND', '移出建议不存在或无权查看');
    if (before.status !== 'proposed') throw new AppError('CONFLICT', `该建议已${before.status === 'confirmed' ? '确认' : '驳回'}，不能再处理`, { reason: 'visit_removal.decided' });
    const now = deps.clock.now();
    const [after] = await tx
      .update(visitRemovalProposals)
      .set({ status: decision, decidedById: actor.userId, decidedAt: now, note: body.note })
      .where(eq(visitRemovalProposals.id, before.id))
      .returning();
    let removedItems = 0;
    if (decision === 'confirmed') {
      const removed = await tx
        .update(visitPlanItems)
        .set({ status: 'removed' })
        .where(
          and(
            eq(visitPlanItems.customerId, before.customerId),
            eq(visitPlanItems.status, 'planned'),
            gte(visitPlanItems.plannedDate, todayOf(deps.clock)),
            inArray(visitPlanItems.planId, tx.select({ id: visitPlans.id }).from(visitPlans).where(eq(visitPlans.userId, before.userId))),
          ),
        )
        .returning({ id: visitPlanItems.id });
      removedItems = removed.length;
    }
    const [customerName] = (await customerNames(tx, [before.customerId])).values();
    const verb = decision === 'confirmed' ? '确认移出拜访计划' : '驳回移出拜访计划的建议';
    await recordAudit(tx, deps.clock, ctx, {
      action: `visit_removal_${decision}`,
      entityType: 'visit_removal_proposal',
      entityId: before.id,
      customerId: before.customerId,
      summary: `${verb}：客户「${customerName ?? ''}」${decision === 'confirmed' ? `，取消 ${removedItems} 次计划拜访` : ''}${body.note ? `；${body.note}` : ''}`,
      changes: diffChanges(before, after!, proposalFields),
    });
    if (decision === 'confirmed') {
      await addTimelineEvent(tx, deps.clock, {
        customerId: before.customerId,
        type: 'visit',
        title: `连续 ${before.visitCount} 次拜访无进展，经理确认移出拜访计划`,
        detail: { proposalId: before.id, userId: before.userId, removedItems },
        actorId: actor.userId,
        link: '/development/visit-plans?tab=proposals',
        sourceType: 'visit_removal_proposal',
        sourceId: before.id,
      });
    }
    await completeRuleTasks(tx, deps, { ruleKey: VISIT_REMOVAL_RULE, dedupeKey: `${VISIT_REMOVAL_RULE}:${before.id}` }, ctx);
    return (await toProposals(tx, [after!]))[0]!;
  });
}
