import { eq, sql } from 'drizzle-orm';
import { requirePermission, type RequestContext } from '../../../platform/access/access';
import { diffChanges, recordAudit } from '../../../platform/audit/audit.service';
import type { Deps } from '../../../platform/deps';
import { dictionaryCodes } from '../../../platform/dictionaries/defaults';
import { assertDictionaryItem, dictionaryLabels } from '../../../platform/dictionaries/dictionaries.service';
import { AppError } from '../../../platform/errors';
import { completeRuleTasks } from '../../../platform/tasks/tasks.service';
import { addTimelineEvent } from '../../customers';
import { OPPORTUNITY_STALE_RULE } from '../follow-up';
import { findVisibleOpportunity } from './opportunities.queries';
import type { MoveStageBody, Opportunity } from './opportunities.schema';
import { auditedFields, getOpportunityDto, opportunityLink } from './opportunities.service';
import { opportunities, opportunityStageChanges } from './opportunities.table';
import { defaultProbability } from './opportunity-intervals';
import { LOST_STAGE, WON_STAGE, loadStages } from './opportunity-stages';

// 阶段推进 (R-DEV-20, 21): an open opportunity moves to any configured stage, forward or back;
// 赢单/输单 close it for good. Every move is kept for the funnel and the progress rules.

const fieldRefusal = (field: string, message: string) => new AppError('VALIDATION_FAILED', message, [{ field, message }]);

export async function moveOpportunityStage(deps: Deps, ctx: RequestContext, id: number, body: MoveStageBody): Promise<Opportunity> {
  const actor = requirePermission(ctx.actor, 'development:write');
  const stages = await loadStages(deps.db);
  const target = stages.find((stage) => stage.code === body.stageCode);
  if (!target) throw fieldRefusal('stageCode', `阶段「${body.stageCode}」不存在或已停用`);
  const lost = target.code === LOST_STAGE;
  if (lost) {
    if (!body.lostReasonCode) throw fieldRefusal('lostReasonCode', '输单须选择输单原因');
    await assertDictionaryItem(deps.db, dictionaryCodes.lostReason, body.lostReasonCode, 'lostReasonCode');
  }

  await deps.db.transaction(async (tx) => {
    const before = await findVisibleOpportunity(tx, actor, id, { forUpdate: true });
    if (!before) throw new AppError('NOT_FOUND', '商机不存在或无权查看');
    if (body.version !== undefined && body.version !== before.version) {
      throw new AppError('CONFLICT', '商机已被他人修改，请刷新后重试', { reason: 'opportunity.version_conflict' });
    }
    if (before.status !== 'open') {
      const closedAs = before.status === 'won' ? '赢单' : '输单';
      throw new AppError('CONFLICT', `商机已${closedAs}关闭，不能再变更阶段；如客户有新需求请新建商机`, { reason: 'opportunity.closed' });
    }
    if (before.stageCode === target.code) throw fieldRefusal('stageCode', `商机已处于「${target.label}」阶段`);

    const now = deps.clock.now();
    const fromStage = stages.find((stage) => stage.code === before.stageCode);
    // Losing is never progress; otherwise "forward" follows the configured order.
    const forward = !lost && (fromStage ? target.order > fromStage.order : true);
    const closed = target.terminal;
    const status = target.code === WON_STAGE ? 'won' : lost ? 'lost' : 'open';
    const [after] = await tx
      .update(opportunities)
      .set({
        stageCode: target.code,
        status,
        stageChangedAt: now,
        probability: body.probability ?? defaultProbability(target, stages),
        lostReasonCode: lost ? body.lostReasonCode! : null,
        lostNote: lost ? (body.lostNote ?? null) : null,
        closedAt: closed ? now : null,
        stale: closed ? false : before.stale,
        updatedAt: now,
        version: sql`${opportunities.version} + 1`,
      })
      .where(eq(opportunities.id, id))
      .returning();
    await tx.insert(opportunityStageChanges).values({
      opportunityId: id,
      customerId: before.customerId,
      fromStage: before.stageCode,
      toStage: target.code,
      forward,
      ownerId: before.ownerId,
      unitId: before.unitId,
      actorId: actor.userId,
      at: now,
    });
    if (closed) {
      await completeRuleTasks(tx, deps, { ruleKey: OPPORTUNITY_STALE_RULE, recordType: 'opportunity', recordId: id }, ctx);
    }
    const fromLabel = fromStage?.label ?? before.stageCode;
    const reason = lost ? `（原因：${(await dictionaryLabels(tx, dictionaryCodes.lostReason)).get(body.lostReasonCode!) ?? body.lostReasonCode}）` : '';
    const title = `商机「${before.name}」阶段：${fromLabel} → ${target.label}${reason}`;
    await recordAudit(tx, deps.clock, ctx, {
      action: closed ? (lost ? 'opportunity_lost' : 'opportunity_won') : 'opportunity_stage',
      entityType: 'opportunity',
      entityId: id,
      customerId: before.customerId,
      summary: `${title}（${before.number}）`,
      changes: diffChanges(before, after!, auditedFields),
    });
    await addTimelineEvent(tx, deps.clock, {
      customerId: before.customerId,
      type: 'opportunity',
      title,
      detail: { opportunityId: id, fromStage: before.stageCode, toStage: target.code, forward, lostReasonCode: after!.lostReasonCode },
      actorId: actor.userId,
      link: opportunityLink(id),
      sourceType: 'opportunity',
      sourceId: id,
    });
  });
  return getOpportunityDto(deps.db, id, stages);
}
