import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { hasPermission, requirePermission, type RequestContext } from '../../../platform/access/access';
import { activeUserIdsWithRole } from '../../../platform/approvals/approvals.queries';
import { diffChanges, recordAudit } from '../../../platform/audit/audit.service';
import { isValidIsoDate, shanghaiDate } from '../../../platform/dates';
import type { DbOrTx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { optionalMoneyInput } from '../../../platform/money';
import { notify } from '../../../platform/notifications/notifications.service';
import { users } from '../../../platform/org/org.table';
import { contractLink, contractTimeline } from './contracts.service';
import { findVisibleContract, type ContractRow } from './contracts.queries';
import { contractBreaches } from './breaches.table';

// 违约 (R-LEA-22): breaches recorded against a contract with type, date, amount and measures, and
// reported at once to legal (法律业管部) and the responsible executives (分管领导) in-app.

export const breachTypes = ['arrears', 'misuse', 'sublet', 'safety', 'damage', 'other'] as const;
export const breachTypeNames: Record<(typeof breachTypes)[number], string> = {
  arrears: '拖欠租金/费用',
  misuse: '擅自改变用途',
  sublet: '擅自转租',
  safety: '违反安全管理协议',
  damage: '损坏房屋设施',
  other: '其他违约',
};
export const breachMeasures = ['warning', 'notice', 'penalty', 'other'] as const;
export const breachMeasureNames: Record<(typeof breachMeasures)[number], string> = { warning: '警告', notice: '书面通知', penalty: '违约金', other: '其他措施' };
export const BREACH_REPORTED_KIND = 'contract_breach_reported';
export const breachReportedKind = { kind: BREACH_REPORTED_KIND, label: '合同违约报告', labelEn: 'Contract breach reported' };

export const createBreachBody = z.object({
  breachType: z.enum(breachTypes, `违约类型应为 ${breachTypes.join('/')} 之一`),
  occurredOn: z.string().refine(isValidIsoDate, '违约日期应为有效日期，格式 YYYY-MM-DD'),
  description: z.string().trim().min(2, '请描述违约情况').max(2000, '违约情况不超过 2000 字'),
  amount: optionalMoneyInput({ label: '涉及金额' }),
  measures: z.array(z.enum(breachMeasures, `措施应为 ${breachMeasures.join('/')} 之一`)).min(1, '请选择至少一项处理措施').max(4),
});
export type CreateBreachBody = z.infer<typeof createBreachBody>;
export const closeBreachBody = z.object({ result: z.string().trim().min(2, '请填写处理结果').max(2000) });

export const breachSchema = z.object({
  id: z.number().int(),
  contractId: z.number().int(),
  breachType: z.enum(breachTypes),
  breachTypeName: z.string(),
  occurredOn: z.string(),
  description: z.string(),
  amount: z.string().nullable(),
  measures: z.array(z.string()),
  measureNames: z.array(z.string()),
  status: z.enum(['open', 'closed']),
  result: z.string().nullable(),
  automatic: z.boolean(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
});
export type Breach = z.infer<typeof breachSchema>;

type BreachRow = typeof contractBreaches.$inferSelect;

function toBreach(row: BreachRow, createdByName: string | null): Breach {
  return {
    id: row.id,
    contractId: row.contractId,
    breachType: row.breachType as Breach['breachType'],
    breachTypeName: breachTypeNames[row.breachType as Breach['breachType']] ?? row.breachType,
    occurredOn: row.occurredOn,
    description: row.description,
    amount: row.amount,
    measures: row.measures,
    measureNames: row.measures.map((m) => breachMeasureNames[m as keyof typeof breachMeasureNames] ?? m),
    status: row.status as Breach['status'],
    result: row.result,
    automatic: row.ruleKey !== null,
    createdByName,
    createdAt: row.createdAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
  };
}

/** Who records breaches: the contract's owner, reviewers (contract:approve, e.g. legal) in scope. */
function mayRecord(actor: NonNullable<RequestContext['actor']>, contract: ContractRow) {
  return contract.ownerId === actor.userId || hasPermission(actor, 'contract:approve');
}

/**
 * Records a breach in the caller's transaction and reports it to legal and the executives.
 * Billing uses this for arrears beyond two months (R-BIL-11) with a `ruleKey`.
 */
export async function insertBreach(tx: DbOrTx, deps: Pick<Deps, 'clock'>, ctx: RequestContext, contract: ContractRow, body: CreateBreachBody, ruleKey: string | null = null): Promise<BreachRow> {
  const [row] = await tx
    .insert(contractBreaches)
    .values({ contractId: contract.id, customerId: contract.customerId, ...body, amount: body.amount ?? null, ruleKey, createdById: ctx.actor?.userId ?? null, createdAt: deps.clock.now() })
    .returning();
  const breach = row!;
  const typeName = breachTypeNames[body.breachType];
  const recipients = new Set([...(await activeUserIdsWithRole(tx, 'legal')), ...(await activeUserIdsWithRole(tx, 'executive'))]);
  for (const userId of recipients) {
    await notify(tx, deps.clock, {
      userId,
      kind: BREACH_REPORTED_KIND,
      title: `合同违约：${contract.number}（${typeName}）`,
      body: `${body.occurredOn} ${body.description}${body.amount ? `；涉及金额 ${body.amount} 元` : ''}；措施：${body.measures.map((m) => breachMeasureNames[m]).join('、')}`,
      link: contractLink(contract.id),
    });
  }
  await recordAudit(tx, deps.clock, ctx, {
    action: 'breach_record',
    entityType: 'contract',
    entityId: contract.id,
    customerId: contract.customerId,
    summary: `记录合同 ${contract.number} 违约（${typeName}，${body.occurredOn}），已报告法务与分管领导 ${recipients.size} 人`,
    changes: diffChanges(null, breach, ['breachType', 'occurredOn', 'amount', 'measures']),
    ...(ctx.actor ? {} : { actorName: '系统规则' }),
  });
  await contractTimeline(tx, deps, ctx.actor ?? null, contract, `合同违约（${typeName}）`, 'breach');
  return breach;
}

export async function recordBreach(deps: Deps, ctx: RequestContext, contractId: number, body: CreateBreachBody): Promise<Breach> {
  const actor = requirePermission(ctx.actor, 'contract:read');
  if (body.occurredOn > shanghaiDate(deps.clock.now())) throw fieldError('occurredOn', '违约日期不能晚于今天');
  return deps.db.transaction(async (tx) => {
    const contract = await findVisibleContract(tx, actor, contractId, { forUpdate: true });
    if (!mayRecord(actor, contract)) throw new AppError('FORBIDDEN', '只有合同经办人、法务或审核人可以记录违约', { reason: 'contract.not_owner' });
    if (!['effective', 'changing', 'expired', 'terminated_early'].includes(contract.status)) throw new AppError('CONFLICT', `合同 ${contract.number} 尚未生效，不能记录违约`, { reason: 'contract.wrong_status' });
    return toBreach(await insertBreach(tx, deps, ctx, contract, body), actor.displayName);
  });
}

export async function listBreaches(deps: Deps, ctx: RequestContext, contractId: number): Promise<Breach[]> {
  const actor = requirePermission(ctx.actor, 'contract:read');
  await findVisibleContract(deps.db, actor, contractId);
  const rows = await deps.db
    .select({ breach: contractBreaches, createdByName: users.displayName })
    .from(contractBreaches)
    .leftJoin(users, eq(users.id, contractBreaches.createdById))
    .where(eq(contractBreaches.contractId, contractId))
    .orderBy(asc(contractBreaches.occurredOn), asc(contractBreaches.id));
  return rows.map((row) => toBreach(row.breach, row.createdByName));
}

export async function closeBreach(deps: Deps, ctx: RequestContext, contractId: number, breachId: number, result: string): Promise<Breach> {
  const actor = requirePermission(ctx.actor, 'contract:read');
  return deps.db.transaction(async (tx) => {
    const contract = await findVisibleContract(tx, actor, contractId);
    if (!mayRecord(actor, contract)) throw new AppError('FORBIDDEN', '只有合同经办人、法务或审核人可以处理违约', { reason: 'contract.not_owner' });
    const [before] = await tx.select().from(contractBreaches).where(and(eq(contractBreaches.id, breachId), eq(contractBreaches.contractId, contractId))).for('update');
    if (!before) throw new AppError('NOT_FOUND', '违约记录不存在');
    if (before.status === 'closed') throw new AppError('CONFLICT', '该违约记录已处理完毕', { reason: 'contract.breach_closed' });
    const [after] = await tx.update(contractBreaches).set({ status: 'closed', result, closedAt: deps.clock.now(), closedById: actor.userId }).where(eq(contractBreaches.id, breachId)).returning();
    await recordAudit(tx, deps.clock, ctx, { action: 'breach_close', entityType: 'contract', entityId: contractId, customerId: contract.customerId, summary: `合同 ${contract.number} 违约处理完毕：${result}`, changes: diffChanges(before, after!, ['status', 'result']) });
    return toBreach(after!, null);
  });
}
