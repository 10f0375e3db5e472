import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { requirePermission, type RequestContext } from '../../../platform/access/access';
import { recordAudit } from '../../../platform/audit/audit.service';
import { isValidIsoDate, shanghaiDate } from '../../../platform/dates';
import type { Deps } from '../../../platform/deps';
import { fieldError } from '../../../platform/errors';
import { users } from '../../../platform/org/org.table';
import { addTimelineEvent } from '../../customers';
import { billingCustomer } from '../billing-scope';
import { creditPositionOf } from './credit-policy';
import { behaviourSchema, paymentBehaviour } from './payment-behaviour';
import { creditInvestigations, paymentProfiles } from './credit.table';
import { measureSchema, measuresOf } from './measures.service';
import { ratingHistory, ratingSchema } from './ratings.service';
import { performanceScore } from './scorecard';

// 资信调查与付款表现 (R-CRD-03, R-CRD-06): the customer's payment behaviour computed from billing
// over the last 12 months — on-time rate and days late — which the credit scorecard's
// performance dimension reads; investigations per channel with their reports; the payment
// profile (attitude, who controls the money, bank relationships).

export const channelNames = { bank: '银行', registry: '工商/税务', industry: '行业协会', internal: '内部', site_visit: '实地走访' } as const;
export const assessmentNames = { good: '良好', fair: '一般', poor: '较差' } as const;
export const attitudeNames = { prompt: '按时付款', delays: '时有拖延', difficult: '催收困难' } as const;

export const investigationBody = z.object({
  channel: z.enum(['bank', 'registry', 'industry', 'internal', 'site_visit'], '调查渠道应为 bank、registry、industry、internal 或 site_visit'),
  investigatedOn: z.string().refine(isValidIsoDate, '调查日期应为有效日期，格式 YYYY-MM-DD'),
  source: z.string().trim().min(2, '请填写信息来源（机构或人员）').max(200),
  findings: z.string().trim().min(10, '请填写调查报告（至少 10 个字）').max(4000, '调查报告不超过 4000 个字'),
  assessment: z.enum(['good', 'fair', 'poor'], '结论应为 good（良好）、fair（一般）或 poor（较差）'),
});
export const profileBody = z.object({
  attitude: z.enum(['prompt', 'delays', 'difficult'], '付款态度应为 prompt、delays 或 difficult'),
  moneyController: z.string().trim().max(100, '不超过 100 个字').nullish(),
  bankRelationships: z.string().trim().max(500, '不超过 500 个字').nullish(),
  note: z.string().trim().max(1000, '不超过 1000 个字').nullish(),
});

export const positionSchema = z.object({
  rating: z.enum(['A', 'B', 'C', 'D']).nullable(),
  scorecardVersion: z.number().int().nullable(),
  limit: z.string().nullable().describe('记欠额度（元）；未评级时为空，不设额度'),
  limitBasis: z.string(),
  exception: z.string().nullable(),
  exposure: z.string().describe('未结清账单加未出账记欠'),
  available: z.string().nullable(),
  securityRequired: z.boolean(),
  securityOnFile: z.boolean(),
});
export const creditSchema = z.object({
  customerId: z.number().int(),
  behaviour: behaviourSchema,
  performanceScore: z.number().int().describe('按账单数据计算的履约表现分'),
  position: positionSchema,
  ratings: z.array(ratingSchema),
  measures: z.array(measureSchema),
  profile: z.object({ attitude: z.string(), attitudeName: z.string(), moneyController: z.string().nullable(), bankRelationships: z.string().nullable(), note: z.string().nullable(), updatedAt: z.string() }).nullable(),
  investigations: z.array(z.object({ id: z.number().int(), channel: z.string(), channelName: z.string(), investigatedOn: z.string(), source: z.string(), findings: z.string(), assessment: z.string(), assessmentName: z.string(), createdByName: z.string().nullable(), createdAt: z.string() })),
});
export type CreditFile = z.infer<typeof creditSchema>;

export async function creditFile(deps: Deps, ctx: RequestContext, customerId: number): Promise<CreditFile> {
  const actor = requirePermission(ctx.actor, 'billing:read');
  await billingCustomer(deps.db, actor, customerId);
  const [profile] = await deps.db.select().from(paymentProfiles).where(eq(paymentProfiles.customerId, customerId));
  const investigations = await deps.db
    .select({ row: creditInvestigations, createdByName: users.displayName })
    .from(creditInvestigations)
    .leftJoin(users, eq(users.id, creditInvestigations.createdById))
    .where(eq(creditInvestigations.customerId, customerId))
    .orderBy(desc(creditInvestigations.investigatedOn), desc(creditInvestigations.id))
    .limit(200);
  const today = shanghaiDate(deps.clock.now());
  const behaviour = await paymentBehaviour(deps.db, customerId, today);
  const { policy: _policy, ...position } = await creditPositionOf(deps.db, customerId, today);
  return {
    customerId,
    behaviour,
    performanceScore: performanceScore(behaviour),
    position,
    ratings: await ratingHistory(deps.db, customerId),
    measures: await measuresOf(deps.db, customerId),
    profile: profile ? { attitude: profile.attitude, attitudeName: attitudeNames[profile.attitude as keyof typeof attitudeNames], moneyController: profile.moneyController, bankRelationships: profile.bankRelationships, note: profile.note, updatedAt: profile.updatedAt.toISOString() } : null,
    investigations: investigations.map(({ row, createdByName }) => ({
      id: row.id,
      channel: row.channel,
      channelName: channelNames[row.channel as keyof typeof channelNames],
      investigatedOn: row.investigatedOn,
      source: row.source,
      findings: row.findings,
      assessment: row.assessment,
      assessmentName: assessmentNames[row.assessment as keyof typeof assessmentNames],
      createdByName,
      createdAt: row.createdAt.toISOString(),
    })),
  };
}

/** 登记资信调查 (credit:manage). */
export async function recordInvestigation(deps: Deps, ctx: RequestContext, customerId: number, body: z.infer<typeof investigationBody>): Promise<CreditFile> {
  const actor = requirePermission(ctx.actor, 'billing:read');
  if (body.investigatedOn > shanghaiDate(deps.clock.now())) throw fieldError('investigatedOn', '调查日期不能晚于今天');
  await deps.db.transaction(async (tx) => {
    const customer = await billingCustomer(tx, actor, customerId);
    requirePermission(actor, 'credit:manage');
    const [row] = await tx.insert(creditInvestigations).values({ customerId, ...body, createdById: actor.userId, createdAt: deps.clock.now() }).returning({ id: creditInvestigations.id });
    const summary = `资信调查（${channelNames[body.channel]}，${body.investigatedOn}）：${assessmentNames[body.assessment]}`;
    await recordAudit(tx, deps.clock, ctx, { action: 'credit_investigation', entityType: 'customer', entityId: customer.id, customerId, summary });
    await addTimelineEvent(tx, deps.clock, { customerId, type: 'credit', title: summary, actorId: actor.userId, sourceType: 'credit_investigation', sourceId: row!.id });
  });
  return creditFile(deps, ctx, customerId);
}

/** 付款画像 (credit:manage): replaces the profile. */
export async function savePaymentProfile(deps: Deps, ctx: RequestContext, customerId: number, body: z.infer<typeof profileBody>): Promise<CreditFile> {
  const actor = requirePermission(ctx.actor, 'billing:read');
  await deps.db.transaction(async (tx) => {
    await billingCustomer(tx, actor, customerId);
    requirePermission(actor, 'credit:manage');
    const values = { attitude: body.attitude, moneyController: body.moneyController || null, bankRelationships: body.bankRelationships || null, note: body.note || null, updatedById: actor.userId, updatedAt: deps.clock.now() };
    await tx.insert(paymentProfiles).values({ customerId, ...values }).onConflictDoUpdate({ target: paymentProfiles.customerId, set: values });
    await recordAudit(tx, deps.clock, ctx, { action: 'update', entityType: 'payment_profile', entityId: customerId, customerId, summary: `更新付款画像：${attitudeNames[body.attitude]}${body.moneyController ? `，资金由 ${body.moneyController} 控制` : ''}` });
  });
  return creditFile(deps, ctx, customerId);
}
