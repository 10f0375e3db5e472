import { desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { requirePermission, type RequestContext } from '../../../platform/access/access';
import { submitApproval } from '../../../platform/approvals/approval-submit';
import { flowStep, numericBusinessId, type ApprovalCallbackDeps, type ApprovalTypeDefinition } from '../../../platform/approvals/approval-types';
import type { ApprovalInstanceRow } from '../../../platform/approvals/approvals.queries';
import { recordAudit } from '../../../platform/audit/audit.service';
import type { Clock } from '../../../platform/clock';
import type { Db, DbOrTx, Tx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError } from '../../../platform/errors';
import { users } from '../../../platform/org/org.table';
import { creditScorecards } from './credit.table';
import { defaultScorecard, dimensions, type Policies, type ScorecardInput, type Thresholds, type Weights } from './scorecard';

// 评分卡版本 (R-CRD-01): finance drafts a version (weights, grade lines, policies); it takes force
// only when leadership approves it, and the earlier version is kept as superseded. Ratings record
// the version they were computed under, so an old rating still explains itself.

export const SCORECARD_TYPE = 'credit_scorecard';

const policySchema = z.object({ limitMode: z.enum(['one_period', 'fixed', 'none']), fixedLimit: z.string(), limitAfterMonths: z.number().int(), security: z.boolean() });
export const scorecardSchema = z.object({
  id: z.number().int(),
  version: z.number().int(),
  weights: z.object({ completeness: z.number(), quality: z.number(), strength: z.number(), solvency: z.number(), performance: z.number() }),
  thresholds: z.object({ A: z.number(), B: z.number(), C: z.number() }),
  policies: z.object({ A: policySchema, B: policySchema, C: policySchema, D: policySchema }),
  note: z.string(),
  status: z.enum(['pending', 'active', 'superseded', 'rejected', 'withdrawn']),
  approvalId: z.number().int().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  activatedAt: z.string().nullable(),
});
export type Scorecard = z.infer<typeof scorecardSchema>;

type Row = typeof creditScorecards.$inferSelect;
export interface ActiveScorecard {
  id: number;
  version: number;
  weights: Weights;
  thresholds: Thresholds;
  policies: Policies;
}

const toScorecard = (row: Row, createdByName: string | null): Scorecard => ({
  ...(row as Omit<Row, 'weights' | 'thresholds' | 'policies' | 'status'>),
  weights: row.weights as Weights,
  thresholds: row.thresholds as unknown as Thresholds,
  policies: row.policies as Policies,
  status: row.status as Scorecard['status'],
  createdByName,
  createdAt: row.createdAt.toISOString(),
  activatedAt: row.activatedAt?.toISOString() ?? null,
});

/** Version 1 on an empty database, active from the start (reference data, not a decision). */
export async function ensureDefaultScorecard(db: Db, clock: Clock): Promise<void> {
  const { note, ...card } = defaultScorecard;
  await db
    .insert(creditScorecards)
    .values({ version: 1, ...card, note, status: 'active', createdAt: clock.now(), activatedAt: clock.now() })
    .onConflictDoNothing();
}

export async function activeScorecard(db: DbOrTx): Promise<ActiveScorecard> {
  const [row] = await db.select().from(creditScorecards).where(eq(creditScorecards.status, 'active'));
  if (!row) throw new AppError('CONFLICT', '尚无生效的信用评分卡，请先制定评分卡并报领导审批', { reason: 'credit.no_scorecard' });
  return { id: row.id, version: row.version, weights: row.weights as Weights, thresholds: row.thresholds as unknown as Thresholds, policies: row.policies as Policies };
}

export async function listScorecards(deps: Deps, ctx: RequestContext): Promise<Scorecard[]> {
  requirePermission(ctx.actor, 'billing:read');
  const rows = await deps.db.select({ row: creditScorecards, name: users.displayName }).from(creditScorecards).leftJoin(users, eq(users.id, creditScorecards.createdById)).orderBy(desc(creditScorecards.version));
  return rows.map(({ row, name }) => toScorecard(row, name));
}

/** 起草评分卡新版本 (credit:manage): saved as pending and sent to leadership for approval at once. */
export async function proposeScorecard(deps: Deps, ctx: RequestContext, body: ScorecardInput): Promise<Scorecard> {
  const actor = requirePermission(ctx.actor, 'credit:manage');
  const id = await deps.db.transaction(async (tx) => {
    // One proposal at a time: a second would race the first for "the next version".
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('credit_scorecards'))`);
    const [pending] = await tx.select({ version: creditScorecards.version }).from(creditScorecards).where(eq(creditScorecards.status, 'pending'));
    if (pending) throw new AppError('CONFLICT', `第 ${pending.version} 版评分卡正在审批中，审批结束后才能再提交新版本`, { reason: 'credit.scorecard_pending' });
    const [last] = await tx.select({ version: creditScorecards.version }).from(creditScorecards).orderBy(desc(creditScorecards.version)).limit(1);
    const version = (last?.version ?? 0) + 1;
    const [row] = await tx
      .insert(creditScorecards)
      .values({ version, weights: body.weights, thresholds: body.thresholds, policies: body.policies, note: body.note, status: 'pending', createdById: actor.userId, createdAt: deps.clock.now() })
      .returning();
    const weights = dimensions.map((key) => body.weights[key]).join('/');
    const instance = await submitApproval(tx, deps, ctx, { type: SCORECARD_TYPE, businessId: String(row!.id), title: `信用评分卡第 ${version} 版`, data: { version, weights, note: body.note } });
    await tx.update(creditScorecards).set({ approvalId: instance.id }).where(eq(creditScorecards.id, row!.id));
    await recordAudit(tx, deps.clock, ctx, { action: 'scorecard_propose', entityType: 'credit_scorecard', entityId: row!.id, summary: `提交信用评分卡第 ${version} 版审批（权重 ${weights}，A/B/C 分数线 ${body.thresholds.A}/${body.thresholds.B}/${body.thresholds.C}）` });
    return row!.id;
  });
  return (await listScorecards(deps, ctx)).find((card) => card.id === id)!;
}

async function decide(tx: Tx, instance: ApprovalInstanceRow, deps: ApprovalCallbackDeps, status: 'active' | 'rejected' | 'withdrawn') {
  const id = numericBusinessId(instance);
  if (id === null) return;
  const [row] = await tx.select().from(creditScorecards).where(eq(creditScorecards.id, id)).for('update');
  if (!row || row.status !== 'pending') return;
  if (status === 'active') await tx.update(creditScorecards).set({ status: 'superseded' }).where(eq(creditScorecards.status, 'active'));
  await tx.update(creditScorecards).set({ status, activatedAt: status === 'active' ? deps.clock.now() : null }).where(eq(creditScorecards.id, id));
  const outcome = { active: '经审批生效，原版本停用', rejected: '未通过审批', withdrawn: '已撤回' }[status];
  await recordAudit(tx, deps.clock, deps.ctx, { action: `scorecard_${status}`, entityType: 'credit_scorecard', entityId: id, summary: `信用评分卡第 ${row.version} 版${outcome}` });
}

export const scorecardApprovalType: ApprovalTypeDefinition = {
  type: SCORECARD_TYPE,
  name: '信用评分卡',
  nameEn: 'Credit scorecard',
  defaultFlow: { name: '信用评分卡审批', description: '财务起草的评分卡权重、分数线与信用政策，由分管领导/总经理批准后生效。', steps: [flowStep('分管领导/总经理审批', 'gm')] },
  dataSchema: z.object({ version: z.number().int(), weights: z.string(), note: z.string() }),
  onApproved: (tx, instance, deps) => decide(tx, instance, deps, 'active'),
  onRejected: (tx, instance, deps) => decide(tx, instance, deps, 'rejected'),
  onWithdrawn: (tx, instance, deps) => decide(tx, instance, deps, 'withdrawn'),
  describe: (instance) => ({ summary: `信用评分卡第 ${String(instance.data.version)} 版（权重 ${String(instance.data.weights)}）`, link: '/billing/credit' }),
  canView: async (_db, actor) => actor.permissions.has('billing:read'),
};
