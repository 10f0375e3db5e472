import { and, desc, eq, sql } from 'drizzle-orm';
import { hasPermission, requirePermission, scopeOf, type Actor, type RequestContext } from '../../../platform/access/access';
import { diffChanges, recordAudit } from '../../../platform/audit/audit.service';
import type { DbOrTx } from '../../../platform/db/client';
import { selectPage } from '../../../platform/db/paging';
import type { Deps } from '../../../platform/deps';
import { dictionaryCodes } from '../../../platform/dictionaries/defaults';
import { assertDictionaryItem } from '../../../platform/dictionaries/dictionaries.service';
import { AppError, fieldError } from '../../../platform/errors';
import { orderByFrom } from '../../../platform/http/pagination';
import { nextNumber } from '../../../platform/numbering/numbering.service';
import type { HandOverStep } from '../../../platform/org/hand-over';
import { activeUserOf } from '../../../platform/org/org.queries';
import type { NamedMergeStep } from '../../customers';
import { addTimelineEvent, assertNotBlacklisted, customers, getVisibleCustomer } from '../../customers';
import { assertNoExclusiveRight } from '../registrations/exclusive-right';
import {
  findVisibleOpportunity,
  joinedById,
  opportunityCondition,
  selectJoined,
  stageHistoryOf,
  toOpportunities,
  type OpportunityRow,
} from './opportunities.queries';
import type { CreateOpportunityBody, ListOpportunitiesQuery, Opportunity, OpportunityDetail, UpdateOpportunityBody } from './opportunities.schema';
import { opportunities, opportunityStageChanges } from './opportunities.table';
import { defaultProbability } from './opportunity-intervals';
import { loadStages, type StageDef } from './opportunity-stages';

// 商机 (R-DEV-20): create, read, list and edit — always inside the development data scope.

export const auditedFields: (keyof OpportunityRow)[] = [
  'name',
  'ownerId',
  'unitId',
  'spaceTypeCode',
  'area',
  'budget',
  'amount',
  'probability',
  'expectedSignDate',
  'stageCode',
  'status',
  'intentLevel',
  'lostReasonCode',
  'lostNote',
  'closedAt',
  'note',
];

export const opportunityLink = (id: number) => `/development/opportunities/${id}`;
const notFound = () => new AppError('NOT_FOUND', '商机不存在或无权查看');

/** Money/area as the numeric column returns it (`1200.5` → `1200.50`) so audit diffs stay quiet. */
function decimal(value: string | null | undefined): string | null | undefined {
  if (value === null || value === undefined) return value;
  const [whole, fraction = ''] = value.split('.');
  return `${BigInt(whole!).toString()}.${fraction.padEnd(2, '0')}`;
}

function unitInDevelopmentScope(actor: Actor, unit: { id: number; path: string }): boolean {
  switch (scopeOf(actor, 'development')) {
    case 'all':
      return true;
    case 'unit_tree':
      return unit.path.startsWith(actor.unitPath);
    default:
      return unit.id === actor.unitId;
  }
}

/** The owner is the actor unless a manager names another active user within their scope. */
async function resolveOwner(db: DbOrTx, actor: Actor, ownerId: number | null | undefined) {
  const refuse = (message: string): never => {
    throw fieldError('ownerId', message);
  };
  const id = ownerId ?? actor.userId;
  if (id !== actor.userId && !hasPermission(actor, 'development:assign') && scopeOf(actor, 'development') === 'self') {
    refuse('您只能为自己创建商机；如需指定其他负责人，请联系部门经理');
  }
  const owner = await activeUserOf(db, id);
  if (!owner) return refuse('所选负责人不存在或已停用');
  if (owner.id !== actor.userId && !unitInDevelopmentScope(actor, { id: owner.unitId, path: owner.unitPath })) {
    refuse('所选负责人不在您的管理范围内');
  }
  return owner;
}

export async function firstStage(db: DbOrTx): Promise<{ stage: StageDef; stages: StageDef[] }> {
  const stages = await loadStages(db);
  const stage = stages.find((item) => !item.terminal);
  if (!stage) throw new AppError('CONFLICT', '商机阶段字典中没有启用的进行中阶段，请管理员检查「商机阶段」字典', { reason: 'opportunity.no_open_stage' });
  return { stage, stages };
}

async function assertSpaceType(db: DbOrTx, code: string | null | undefined) {
  if (code) await assertDictionaryItem(db, dictionaryCodes.spaceType, code, 'spaceTypeCode');
}

export async function getOpportunityDto(db: DbOrTx, id: number, stages?: StageDef[]): Promise<Opportunity> {
  const joined = await joinedById(db, id);
  if (!joined) throw notFound();
  const [dto] = await toOpportunities(db, stages ?? (await loadStages(db)), [joined]);
  return dto!;
}

export async function createOpportunity(deps: Deps, ctx: RequestContext, body: CreateOpportunityBody): Promise<Opportunity> {
  const actor = requirePermission(ctx.actor, 'development:write');
  const customer = await getVisibleCustomer(deps.db, actor, body.customerId);
  await assertSpaceType(deps.db, body.spaceTypeCode);
  const owner = await resolveOwner(deps.db, actor, body.ownerId);
  await assertNoExclusiveRight(deps.db, deps.clock, owner.id, customer.id, '创建商机');
  await assertNotBlacklisted(deps.db, customer.id, owner.unitId);
  const { stage, stages } = await firstStage(deps.db);
  const now = deps.clock.now();
  const id = await deps.db.transaction(async (tx) => {
    const number = await nextNumber(tx, deps, { docType: 'opportunity', unitCode: owner.unitCode });
    const [row] = await tx
      .insert(opportunities)
      .values({
        number,
        customerId: customer.id,
        name: body.name,
        ownerId: owner.id,
        unitId: owner.unitId,
        spaceTypeCode: body.spaceTypeCode,
        area: decimal(body.area),
        budget: decimal(body.budget),
        amount: decimal(body.amount),
        probability: body.probability ?? defaultProbability(stage, stages),
        expectedSignDate: body.expectedSignDate ?? null,
        stageCode: stage.code,
        status: 'open',
        intentLevel: body.intentLevel ?? customer.intentLevel ?? 'C',
        note: body.note,
        stageChangedAt: now,
        createdById: actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const created = row!;
    await tx.insert(opportunityStageChanges).values({
      opportunityId: created.id,
      customerId: customer.id,
      fromStage: null,
      toStage: stage.code,
      forward: true,
      ownerId: owner.id,
      unitId: owner.unitId,
      actorId: actor.userId,
      at: now,
    });
    await recordAudit(tx, deps.clock, ctx, {
      action: 'create',
      entityType: 'opportunity',
      entityId: created.id,
      customerId: customer.id,
      summary: `新建商机「${created.name}」（${created.number}），客户「${customer.name}」，负责人 ${owner.name}`,
      changes: diffChanges(null, created, auditedFields),
    });
    await addTimelineEvent(tx, deps.clock, {
      customerId: customer.id,
      type: 'opportunity',
      title: `新建商机：${created.name}（${created.number}），阶段「${stage.label}」`,
      detail: { opportunityId: created.id, stageCode: stage.code, ownerId: owner.id },
      actorId: actor.userId,
      link: opportunityLink(created.id),
      sourceType: 'opportunity',
      sourceId: created.id,
    });
    return created.id;
  });
  return getOpportunityDto(deps.db, id, stages);
}

export async function getOpportunity(deps: Deps, ctx: RequestContext, id: number): Promise<OpportunityDetail> {
  const actor = requirePermission(ctx.actor, 'development:read');
  const row = await findVisibleOpportunity(deps.db, actor, id);
  if (!row) throw notFound();
  const stages = await loadStages(deps.db);
  const labels = new Map(stages.map((stage) => [stage.code, stage.label]));
  const [dto, history] = await Promise.all([getOpportunityDto(deps.db, id, stages), stageHistoryOf(deps.db, id)]);
  return {
    ...dto,
    stageHistory: history.map((change) => ({
      ...change,
      fromLabel: change.fromStage ? (labels.get(change.fromStage) ?? change.fromStage) : null,
      toLabel: labels.get(change.toStage) ?? change.toStage,
      at: change.at.toISOString(),
    })),
  };
}

const sortColumns = {
  createdAt: opportunities.createdAt,
  updatedAt: opportunities.updatedAt,
  amount: opportunities.amount,
  expectedSignDate: opportunities.expectedSignDate,
  probability: opportunities.probability,
  stageChangedAt: opportunities.stageChangedAt,
  number: opportunities.number,
};

export async function listOpportunities(deps: Deps, ctx: RequestContext, query: ListOpportunitiesQuery) {
  const actor = requirePermission(ctx.actor, 'development:read');
  const where = opportunityCondition(actor, query);
  const order = orderByFrom(query.sort, sortColumns, desc(opportunities.id));
  const [{ rows, ...counted }, stages] = await Promise.all([
    selectPage(deps.db, query, {
      rows: (limit, offset) => selectJoined(deps.db).where(where).orderBy(...order).limit(limit).offset(offset),
      matching: deps.db
        .select({ one: sql`1` })
        .from(opportunities)
        .innerJoin(customers, eq(customers.id, opportunities.customerId))
        .where(where)
        .$dynamic(),
    }),
    loadStages(deps.db),
  ]);
  return { items: await toOpportunities(deps.db, stages, rows), ...counted };
}

export async function updateOpportunity(deps: Deps, ctx: RequestContext, id: number, body: UpdateOpportunityBody): Promise<Opportunity> {
  const actor = requirePermission(ctx.actor, 'development:write');
  await assertSpaceType(deps.db, body.spaceTypeCode);
  await deps.db.transaction(async (tx) => {
    const before = await findVisibleOpportunity(tx, actor, id, { forUpdate: true });
    if (!before) throw notFound();
    if (body.version !== undefined && body.version !== before.version) {
      throw new AppError('CONFLICT', '商机已被他人修改，请刷新后重试', { reason: 'opportunity.version_conflict' });
    }
    const { version: _version, ...fields } = body;
    const changedKeys = Object.keys(fields).filter((key) => key !== 'note');
    if (before.status !== 'open' && changedKeys.length > 0) {
      throw new AppError('CONFLICT', '商机已关闭（赢单或输单），只能修改备注', { reason: 'opportunity.closed' });
    }
    const patch: Partial<OpportunityRow> = {};
    for (const [key, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      (patch as Record<string, unknown>)[key] = ['area', 'budget', 'amount'].includes(key) ? decimal(value as string | null) : value;
    }
    const changes = diffChanges(before, { ...before, ...patch }, auditedFields);
    if (Object.keys(changes).length === 0) return;
    const [after] = await tx
      .update(opportunities)
      .set({ ...patch, updatedAt: deps.clock.now(), version: sql`${opportunities.version} + 1` })
      .where(eq(opportunities.id, id))
      .returning();
    await recordAudit(tx, deps.clock, ctx, {
      action: 'update',
      entityType: 'opportunity',
      entityId: id,
      customerId: before.customerId,
      summary: `修改商机「${after!.name}」（${before.number}）`,
      changes,
    });
    if (changes.intentLevel) {
      await addTimelineEvent(tx, deps.clock, {
        customerId: before.customerId,
        type: 'opportunity',
        title: `商机「${after!.name}」意向级别：${before.intentLevel} → ${after!.intentLevel}`,
        actorId: actor.userId,
        link: opportunityLink(id),
        sourceType: 'opportunity',
        sourceId: id,
      });
    }
  });
  return getOpportunityDto(deps.db, id);
}

// R-PLT-05: a departing user's open opportunities go to the successor (and the successor's unit).
export const opportunitiesHandOver: HandOverStep = {
  key: 'opportunities',
  label: '商机',
  order: 30,
  async run(tx, clock, ctx, fromUserId, toUserId) {
    const successor = await activeUserOf(tx, toUserId);
    if (!successor) throw fieldError('toUserId', '接手人不存在或已停用');
    const moved = await tx
      .update(opportunities)
      .set({ ownerId: toUserId, unitId: successor.unitId, updatedAt: clock.now(), version: sql`${opportunities.version} + 1` })
      .where(and(eq(opportunities.ownerId, fromUserId), eq(opportunities.status, 'open')))
      .returning({ id: opportunities.id, number: opportunities.number, name: opportunities.name, customerId: opportunities.customerId, unitId: opportunities.unitId });
    for (const row of moved) {
      await recordAudit(tx, clock, ctx, {
        action: 'update',
        entityType: 'opportunity',
        entityId: row.id,
        customerId: row.customerId,
        summary: `离职交接：商机「${row.name}」（${row.number}）转交 ${successor.name}`,
        changes: { ownerId: { before: fromUserId, after: toUserId } },
      });
    }
    return moved.length;
  },
};

// R-CUS merge: the kept customer takes over the merged one's opportunities and their history.
export const opportunitiesMergeStep: NamedMergeStep = {
  name: 'opportunities',
  run: async (tx, { fromId, intoId }) => {
    await tx.update(opportunityStageChanges).set({ customerId: intoId }).where(eq(opportunityStageChanges.customerId, fromId));
    const moved = await tx.update(opportunities).set({ customerId: intoId }).where(eq(opportunities.customerId, fromId)).returning({ id: opportunities.id });
    return moved.length;
  },
};
