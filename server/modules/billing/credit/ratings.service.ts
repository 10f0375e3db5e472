import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { requirePermission, type RequestContext } from '../../../platform/access/access';
import { activeUserIdsWithRole } from '../../../platform/approvals/approvals.queries';
import { recordAudit } from '../../../platform/audit/audit.service';
import { addDays, addMonths, shanghaiDate, shanghaiTime } from '../../../platform/dates';
import { queryRows, type DbOrTx, type Tx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { singleStepJob } from '../../../platform/jobs/jobs.registry';
import { notify } from '../../../platform/notifications/notifications.service';
import { users } from '../../../platform/org/org.table';
import { createTask } from '../../../platform/tasks/tasks.service';
import { addTimelineEvent, customers } from '../../customers';
import { billingCustomer, billingScope } from '../billing-scope';
import { paymentBehaviour } from './payment-behaviour';
import { creditRatings } from './credit.table';
import { activeScorecard, type ActiveScorecard } from './scorecard.service';
import { dimensionNames, gradesDropped, performanceRule, performanceScore, ratingOf, reviewMonths, totalScore, type Rating, type Scores } from './scorecard';

// 信用评级 (R-CRD-01, 03): a reviewer scores enterprise quality, economic strength and solvency;
// information completeness and payment performance are computed — completeness from the credit
// file, performance from billing. A daily job re-computes performance for every rated customer,
// records a rating that changed, reports a drop between reviews as urgent, and opens the review
// task when a rating's review falls due (A every 6 months, B every 3, C and D monthly).

export const CREDIT_ALERT_KIND = 'credit_alert';
const score = z.number('分值应为 0–100 的整数').int('分值应为 0–100 的整数').min(0, '分值应为 0–100 的整数').max(100, '分值应为 0–100 的整数');
export const rateBody = z.object({
  quality: score.describe('企业素质（法人代表、员工、管理、潜力）'),
  strength: score.describe('经济实力与规模（销售增长、存货周转）'),
  solvency: score.describe('偿债能力（资产负债率、流动比率、速动比率、现金流）'),
  basis: z.string().trim().min(10, '请写明评分依据（至少 10 个字），如财务报表年份与关键比率').max(4000, '评分依据不超过 4000 个字'),
});

export const ratingSchema = z.object({
  id: z.number().int(),
  kind: z.enum(['review', 'auto']),
  scorecardVersion: z.number().int(),
  scores: z.object({ completeness: z.number(), quality: z.number(), strength: z.number(), solvency: z.number(), performance: z.number() }),
  totalScore: z.string(),
  rating: z.enum(['A', 'B', 'C', 'D']),
  previousRating: z.string().nullable(),
  basis: z.string(),
  ratedOn: z.string(),
  nextReviewOn: z.string(),
  urgent: z.boolean(),
  ratedByName: z.string().nullable(),
});
export type CreditRating = z.infer<typeof ratingSchema>;

const completenessItems = ['统一社会信用代码', '法定代表人', '注册资本', '员工人数', '所属行业', '详细地址', '联系电话', '联系人', '开票资料', '付款画像', '近一年资信调查'] as const;

/** 信息完整度: the share of the credit file's items present, as whole points, and what is missing. */
export async function completenessOf(db: DbOrTx, customerId: number, today: string): Promise<{ score: number; missing: string[] }> {
  const [row] = await queryRows<Record<string, boolean>>(
    db,
    sql`SELECT c.uscc IS NOT NULL AS a, c.legal_representative IS NOT NULL AS b, c.registered_capital IS NOT NULL AS c, c.employees IS NOT NULL AS d,
               c.industry_code IS NOT NULL AS e, c.street IS NOT NULL AS f, c.phone IS NOT NULL AS g,
               EXISTS (SELECT 1 FROM customer_contacts cc WHERE cc.customer_id = c.id) AS h,
               EXISTS (SELECT 1 FROM invoice_profiles ip WHERE ip.customer_id = c.id) AS i,
               EXISTS (SELECT 1 FROM payment_profiles pp WHERE pp.customer_id = c.id) AS j,
               EXISTS (SELECT 1 FROM credit_investigations ci WHERE ci.customer_id = c.id AND ci.investigated_on > ${addDays(today, -365)}) AS k
          FROM customers c WHERE c.id = ${customerId}`,
  );
  const present = Object.values(row ?? {});
  const missing = completenessItems.filter((_, index) => !present[index]);
  return { score: Math.round(((completenessItems.length - missing.length) * 100) / completenessItems.length), missing };
}

async function latestOf(db: DbOrTx, customerId: number) {
  const [row] = await db.select().from(creditRatings).where(eq(creditRatings.customerId, customerId)).orderBy(desc(creditRatings.id)).limit(1);
  return row;
}

interface Assessment {
  customerId: number;
  customerName: string;
  kind: 'review' | 'auto';
  scores: Scores;
  basis: string;
  card: ActiveScorecard;
  today: string;
  behaviour: Awaited<ReturnType<typeof paymentBehaviour>>;
  ratedById: number | null;
  ownerId: number | null;
}

/**
 * Stores one assessment and reports a sudden drop: any fall between reviews, or a fall of two
 * grades or more at a review (R-CRD-03). A drop also brings the next review forward.
 */
async function storeAssessment(tx: Tx, deps: Pick<Deps, 'clock'>, ctx: RequestContext, input: Assessment) {
  const previous = await latestOf(tx, input.customerId);
  const total = totalScore(input.card.weights, input.scores);
  const rating = ratingOf(input.card.thresholds, total);
  const dropped = gradesDropped((previous?.rating as Rating | undefined) ?? null, rating);
  const urgent = dropped > 0 && (input.kind === 'auto' || dropped >= 2);
  let nextReviewOn = addMonths(input.today, reviewMonths[rating]);
  if (input.kind === 'auto' && previous && previous.nextReviewOn < nextReviewOn) nextReviewOn = previous.nextReviewOn;
  const [row] = await tx
    .insert(creditRatings)
    .values({ customerId: input.customerId, scorecardId: input.card.id, kind: input.kind, scores: input.scores, totalScore: total, rating, previousRating: previous?.rating ?? null, basis: input.basis, behaviour: input.behaviour, ratedOn: input.today, nextReviewOn, urgent, ratedById: input.ratedById, createdAt: deps.clock.now() })
    .returning();
  const change = previous ? (previous.rating === rating ? `维持 ${rating} 级` : `由 ${previous.rating} 级${dropped ? '降' : '升'}为 ${rating} 级`) : `评为 ${rating} 级`;
  const title = `信用${input.kind === 'review' ? '评级' : '自动复核'}：${change}（${total} 分，评分卡第 ${input.card.version} 版）`;
  await recordAudit(tx, deps.clock, ctx, { action: input.kind === 'review' ? 'credit_rate' : 'credit_auto_rate', entityType: 'customer', entityId: input.customerId, customerId: input.customerId, summary: title });
  await addTimelineEvent(tx, deps.clock, { customerId: input.customerId, type: 'credit', title, actorId: input.ratedById, sourceType: 'credit_rating', sourceId: row!.id });
  if (urgent) {
    // 紧急报告: leadership and finance at once, and the customer's owner.
    const recipients = new Set([...(await activeUserIdsWithRole(tx, 'executive')), ...(await activeUserIdsWithRole(tx, 'finance'))]);
    if (input.ownerId) recipients.add(input.ownerId);
    for (const userId of recipients) {
      await notify(tx, deps.clock, { userId, kind: CREDIT_ALERT_KIND, title: `信用紧急报告：${input.customerName} ${change}`, body: `${total} 分；${performanceRule}。近 12 个月按时结清率 ${input.behaviour.onTimeRate === null ? '—' : `${Math.round(input.behaviour.onTimeRate * 100)}%`}，当前最长逾期 ${input.behaviour.maxDaysOverdueNow} 天`, link: `/customers/${input.customerId}?tab=account` });
    }
  }
  return row!;
}

/** 信用评级 (credit:manage): the reviewer's three scores with the computed two. */
export async function rateCustomer(deps: Deps, ctx: RequestContext, customerId: number, body: z.infer<typeof rateBody>) {
  const actor = requirePermission(ctx.actor, 'billing:read');
  const today = shanghaiDate(deps.clock.now());
  await deps.db.transaction(async (tx) => {
    const customer = await billingCustomer(tx, actor, customerId);
    requirePermission(actor, 'credit:manage');
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('credit_rating'), ${customerId}::int)`);
    const card = await activeScorecard(tx);
    const completeness = await completenessOf(tx, customerId, today);
    const behaviour = await paymentBehaviour(tx, customerId, today);
    const scores: Scores = { completeness: completeness.score, quality: body.quality, strength: body.strength, solvency: body.solvency, performance: performanceScore(behaviour) };
    const basis = `${body.basis}\n${dimensionNames.completeness}：${completeness.missing.length ? `缺 ${completeness.missing.join('、')}` : '齐全'}`;
    await storeAssessment(tx, deps, ctx, { customerId, customerName: customer.name, kind: 'review', scores, basis, card, today, behaviour, ratedById: actor.userId, ownerId: customer.ownerId });
  });
}

export async function ratingHistory(db: DbOrTx, customerId: number): Promise<CreditRating[]> {
  const rows = await db
    .select({ row: creditRatings, version: sql<number>`(SELECT version FROM credit_scorecards s WHERE s.id = ${creditRatings.scorecardId})`, name: users.displayName })
    .from(creditRatings)
    .leftJoin(users, eq(users.id, creditRatings.ratedById))
    .where(eq(creditRatings.customerId, customerId))
    .orderBy(desc(creditRatings.id))
    .limit(24);
  return rows.map(({ row, version, name }) => ({
    id: row.id,
    kind: row.kind as CreditRating['kind'],
    scorecardVersion: Number(version),
    scores: row.scores as Scores,
    totalScore: row.totalScore,
    rating: row.rating as Rating,
    previousRating: row.previousRating,
    basis: row.basis,
    ratedOn: row.ratedOn,
    nextReviewOn: row.nextReviewOn,
    urgent: row.urgent,
    ratedByName: name,
  }));
}

export const ratingOverviewSchema = z.object({
  customerId: z.number().int(),
  customerName: z.string(),
  rating: z.enum(['A', 'B', 'C', 'D']),
  totalScore: z.string(),
  ratedOn: z.string(),
  nextReviewOn: z.string(),
  reviewOverdue: z.boolean(),
  urgent: z.boolean(),
});

/** 信用评级一览: each rated customer in the billing scope with its latest rating. */
export async function ratingsOverview(deps: Deps, ctx: RequestContext, query: { rating?: Rating; reviewDue?: boolean }) {
  const actor = requirePermission(ctx.actor, 'billing:read');
  const today = shanghaiDate(deps.clock.now());
  const latest = deps.db
    .selectDistinctOn([creditRatings.customerId], { customerId: creditRatings.customerId, rating: creditRatings.rating, totalScore: creditRatings.totalScore, ratedOn: creditRatings.ratedOn, nextReviewOn: creditRatings.nextReviewOn, urgent: creditRatings.urgent })
    .from(creditRatings)
    .orderBy(creditRatings.customerId, desc(creditRatings.id))
    .as('latest');
  const rows = await deps.db
    .select({ customerId: latest.customerId, rating: latest.rating, totalScore: latest.totalScore, ratedOn: latest.ratedOn, nextReviewOn: latest.nextReviewOn, urgent: latest.urgent, customerName: customers.name })
    .from(latest)
    .innerJoin(customers, eq(customers.id, latest.customerId))
    .where(and(billingScope(actor), query.rating ? eq(latest.rating, query.rating) : undefined, query.reviewDue ? sql`${latest.nextReviewOn} <= ${today}` : undefined))
    .orderBy(latest.nextReviewOn, latest.customerId)
    .limit(1000);
  return rows.map((row) => ({ ...row, rating: row.rating as Rating, reviewOverdue: row.nextReviewOn <= today }));
}

/** The daily credit job: recompute performance, record changed ratings, open due review tasks. */
export async function reviewCredit(deps: Deps): Promise<{ recomputed: number; changed: number; urgent: number; reviewTasks: number }> {
  const today = shanghaiDate(deps.clock.now());
  const counts = { recomputed: 0, changed: 0, urgent: 0, reviewTasks: 0 };
  const card = await activeScorecard(deps.db).catch(() => null);
  if (!card) return counts;
  const rated = await queryRows<{ customer_id: string | number; name: string; owner_id: number | null }>(
    deps.db,
    sql`SELECT DISTINCT r.customer_id, c.name, c.owner_id FROM credit_ratings r JOIN customers c ON c.id = r.customer_id ORDER BY r.customer_id`,
  );
  for (const customer of rated) {
    const customerId = Number(customer.customer_id);
    await deps.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('credit_rating'), ${customerId}::int)`);
      const latest = await latestOf(tx, customerId);
      if (!latest) return;
      counts.recomputed += 1;
      const behaviour = await paymentBehaviour(tx, customerId, today);
      const scores = { ...(latest.scores as Scores), performance: performanceScore(behaviour) };
      if (ratingOf(card.thresholds, totalScore(card.weights, scores)) !== latest.rating) {
        const stored = await storeAssessment(tx, deps, {}, { customerId, customerName: customer.name, kind: 'auto', scores, basis: `按近 12 个月付款表现自动复核：${performanceRule}`, card, today, behaviour, ratedById: null, ownerId: customer.owner_id });
        counts.changed += 1;
        if (stored.urgent) counts.urgent += 1;
      }
      const current = (await latestOf(tx, customerId))!;
      if (current.nextReviewOn > addDays(today, 7)) return;
      // The review goes to whoever last reviewed the customer, else to its owner.
      const [reviewer] = await queryRows<{ id: number }>(
        tx,
        sql`SELECT u.id FROM credit_ratings r JOIN users u ON u.id = r.rated_by_id WHERE r.customer_id = ${customerId} AND r.kind = 'review' AND u.status = 'active' ORDER BY r.id DESC LIMIT 1`,
      );
      const assigneeId = reviewer?.id ?? customer.owner_id;
      if (!assigneeId) return;
      const { created } = await createTask(tx, deps, {
        title: `信用复评到期：${customer.name}（${current.rating} 级，每 ${reviewMonths[current.rating as Rating]} 个月复评）`,
        description: `上次评级 ${current.ratedOn}，${current.totalScore} 分；请于 ${current.nextReviewOn} 前完成复评`,
        assigneeId,
        dueAt: shanghaiTime(current.nextReviewOn, '23:59'),
        recordType: 'customer',
        recordId: customerId,
        ruleKey: 'credit_review',
        dedupeKey: `credit-review:${customerId}:${current.nextReviewOn}`,
        createdById: null,
      });
      if (created) counts.reviewTasks += 1;
    });
  }
  return counts;
}

export const creditReviewJob = singleStepJob(
  {
    key: 'billing_credit_review',
    name: '信用自动复核与复评提醒',
    nameEn: 'Credit re-computation and review reminders',
    description: '按账单数据重算已评级客户的履约表现，等级下降时发紧急报告；复评到期前 7 天给评级人派复评任务（A 级 6 个月、B 级 3 个月、C/D 级每月）',
    descriptionEn: 'Recomputes payment performance of rated customers from billing, reports drops as urgent, and assigns reviews when due',
    defaultCron: '30 7 * * *',
  },
  (deps) => reviewCredit(deps),
);

