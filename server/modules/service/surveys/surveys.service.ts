import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { requirePermission, scopeCondition, type Actor, type RequestContext } from '../../../platform/access/access';
import { recordAudit } from '../../../platform/audit/audit.service';
import type { DbOrTx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { orgUnits } from '../../../platform/org/org.table';
import { customers, customerScope } from '../../customers';
import type { answerBody, inviteBody, surveyBody, SurveyAnswers, SurveyQuestion } from './surveys.schema';
import { serviceSurveyInvitations, serviceSurveys } from './surveys.table';

// 满意度调查 (R-SVC-22). Questionnaires are designed by supervisors (complaint:supervise) or
// administrators; staff send them to customers in their customer scope, each copy with a one-time
// link (32 random bytes; only its SHA-256 is stored) that needs no account, reaches nothing but
// this questionnaire, expires, and takes one submission. Staff may answer on the customer's behalf.

type Invitation = typeof serviceSurveyInvitations.$inferSelect;
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

function assertDesigner(actor: Actor) {
  if (!actor.permissions.has('complaint:supervise') && !actor.permissions.has('system:manage')) throw new AppError('FORBIDDEN', '只有客服主管（投诉督办）或管理员可以设计问卷', { reason: 'survey.not_designer' });
}

/** Invitations the actor may see: their own, and those of customers in their service scope. */
const invitationScope = (actor: Actor) => or(eq(serviceSurveyInvitations.sentById, actor.userId), scopeCondition(actor, 'service', { unitColumn: serviceSurveyInvitations.unitId, ownerColumns: [serviceSurveyInvitations.sentById] }) ?? sql`true`);

async function counts(db: DbOrTx, actor: Actor, surveyIds: number[]) {
  if (!surveyIds.length) return new Map<number, { invited: number; answered: number }>();
  const rows = await db
    .select({ surveyId: serviceSurveyInvitations.surveyId, invited: sql<number>`count(*)::int`, answered: sql<number>`count(${serviceSurveyInvitations.answeredAt})::int` })
    .from(serviceSurveyInvitations)
    .where(and(inArray(serviceSurveyInvitations.surveyId, surveyIds), invitationScope(actor)))
    .groupBy(serviceSurveyInvitations.surveyId);
  return new Map(rows.map((r) => [Number(r.surveyId), { invited: r.invited, answered: r.answered }]));
}

const view = (s: typeof serviceSurveys.$inferSelect, n?: { invited: number; answered: number }) => ({
  id: s.id,
  title: s.title,
  description: s.description,
  questions: s.questions,
  status: s.status as 'draft' | 'active' | 'closed',
  invited: n?.invited ?? 0,
  answered: n?.answered ?? 0,
  createdAt: s.createdAt.toISOString(),
});

export async function listSurveys(deps: Deps, ctx: RequestContext) {
  const actor = requirePermission(ctx.actor, 'service:read');
  const rows = await deps.db.select().from(serviceSurveys).orderBy(desc(serviceSurveys.id)).limit(200);
  const n = await counts(deps.db, actor, rows.map((r) => r.id));
  return rows.map((r) => view(r, n.get(r.id)));
}

async function surveyById(db: DbOrTx, id: number) {
  const [row] = await db.select().from(serviceSurveys).where(eq(serviceSurveys.id, id));
  if (!row) throw new AppError('NOT_FOUND', '问卷不存在');
  return row;
}

export async function getSurvey(deps: Deps, ctx: RequestContext, id: number) {
  const actor = requirePermission(ctx.actor, 'service:read');
  const row = await surveyById(deps.db, id);
  return view(row, (await counts(deps.db, actor, [id])).get(id));
}

export async function createSurvey(deps: Deps, ctx: RequestContext, body: z.infer<typeof surveyBody>) {
  const actor = requirePermission(ctx.actor, 'service:read');
  assertDesigner(actor);
  const now = deps.clock.now();
  const id = await deps.db.transaction(async (tx) => {
    const [row] = await tx.insert(serviceSurveys).values({ title: body.title, description: body.description || null, questions: body.questions, status: 'draft', createdById: actor.userId, createdAt: now, updatedAt: now }).returning({ id: serviceSurveys.id });
    await recordAudit(tx, deps.clock, ctx, { action: 'create', entityType: 'survey', entityId: row!.id, summary: `新建问卷「${body.title}」（${body.questions.length} 题）` });
    return row!.id;
  });
  return getSurvey(deps, ctx, id);
}

/** Questions change only in a draft: answers already given always match the questions they answered. */
export async function updateSurvey(deps: Deps, ctx: RequestContext, id: number, body: z.infer<typeof surveyBody>) {
  const actor = requirePermission(ctx.actor, 'service:read');
  assertDesigner(actor);
  await deps.db.transaction(async (tx) => {
    const [row] = await tx.update(serviceSurveys).set({ title: body.title, description: body.description || null, questions: body.questions, updatedAt: deps.clock.now() }).where(and(eq(serviceSurveys.id, id), eq(serviceSurveys.status, 'draft'))).returning({ id: serviceSurveys.id });
    if (!row) throw new AppError('CONFLICT', '只有草稿问卷可以修改题目', { reason: 'survey.not_draft' });
    await recordAudit(tx, deps.clock, ctx, { action: 'update', entityType: 'survey', entityId: id, summary: `修改问卷「${body.title}」` });
  });
  return getSurvey(deps, ctx, id);
}

export async function setSurveyStatus(deps: Deps, ctx: RequestContext, id: number, status: 'active' | 'closed') {
  const actor = requirePermission(ctx.actor, 'service:read');
  assertDesigner(actor);
  await deps.db.transaction(async (tx) => {
    const from = status === 'active' ? 'draft' : 'active';
    const [row] = await tx.update(serviceSurveys).set({ status, updatedAt: deps.clock.now() }).where(and(eq(serviceSurveys.id, id), eq(serviceSurveys.status, from))).returning({ title: serviceSurveys.title });
    if (!row) throw new AppError('CONFLICT', status === 'active' ? '只有草稿问卷可以发布' : '只有进行中的问卷可以结束', { reason: 'survey.wrong_status' });
    await recordAudit(tx, deps.clock, ctx, { action: status === 'active' ? 'activate' : 'close', entityType: 'survey', entityId: id, summary: `${status === 'active' ? '发布' : '结束'}问卷「${row.title}」` });
  });
  return getSurvey(deps, ctx, id);
}

/** 发送: one copy per customer (in the sender's customer scope), each with its own one-time link, shown once. */
export async function inviteCustomers(deps: Deps, ctx: RequestContext, id: number, body: z.infer<typeof inviteBody>) {
  const actor = requirePermission(ctx.actor, 'service:write');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const survey = await surveyById(tx, id);
    if (survey.status !== 'active') throw new AppError('CONFLICT', '问卷发布后才能发送', { reason: 'survey.not_active' });
    const ids = [...new Set(body.customerIds)];
    const found = await tx.select({ id: customers.id, name: customers.name, unitId: customers.unitId }).from(customers).where(and(inArray(customers.id, ids), isNull(customers.mergedIntoId), customerScope(actor)));
    if (found.length !== ids.length) throw fieldError('customerIds', '有客户不存在或不在您的客户范围内');
    const expiresAt = new Date(now.getTime() + body.expiresInDays * 86_400_000);
    const out = [];
    const byId = new Map(found.map((customer) => [customer.id, customer]));
    for (const customer of ids.map((cid) => byId.get(cid)!)) {
      const token = randomBytes(32).toString('base64url');
      const [row] = await tx.insert(serviceSurveyInvitations).values({ surveyId: id, customerId: customer.id, unitId: customer.unitId, contactName: body.contactName || null, tokenHash: hashToken(token), expiresAt, sentById: actor.userId, sentAt: now }).returning();
      out.push({ ...invitationView(row!, customer.name), link: `${deps.config.publicUrl ?? ''}/s/${token}` });
    }
    await recordAudit(tx, deps.clock, ctx, { action: 'send', entityType: 'survey', entityId: id, summary: `问卷「${survey.title}」发送给 ${found.length} 个客户，链接 ${body.expiresInDays} 天内有效` });
    return out;
  });
}

const invitationView = (row: Invitation, customerName: string) => ({
  id: row.id,
  customerId: row.customerId,
  customerName,
  contactName: row.contactName,
  sentAt: row.sentAt.toISOString(),
  expiresAt: row.expiresAt.toISOString(),
  answeredAt: row.answeredAt?.toISOString() ?? null,
  answeredVia: row.answeredVia as 'link' | 'staff' | null,
});

export async function listInvitations(deps: Deps, ctx: RequestContext, id: number) {
  const actor = requirePermission(ctx.actor, 'service:read');
  await surveyById(deps.db, id);
  const rows = await deps.db
    .select({ i: serviceSurveyInvitations, customerName: customers.name })
    .from(serviceSurveyInvitations)
    .innerJoin(customers, eq(customers.id, serviceSurveyInvitations.customerId))
    .where(and(eq(serviceSurveyInvitations.surveyId, id), invitationScope(actor)))
    .orderBy(desc(serviceSurveyInvitations.id))
    .limit(1000);
  return rows.map((r) => invitationView(r.i, r.customerName));
}

/** The answers checked against the questions: required ones given, choices among the options, ratings 1–5. */
export function checkAnswers(questions: SurveyQuestion[], answers: SurveyAnswers): SurveyAnswers {
  const known = new Set(questions.map((q) => q.id));
  for (const key of Object.keys(answers)) if (!known.has(key)) throw fieldError(`answers.${key}`, '问卷中没有这道题');
  const out: SurveyAnswers = {};
  for (const q of questions) {
    const a = answers[q.id];
    const empty = a === undefined || a === '' || (Array.isArray(a) && a.length === 0);
    if (empty) {
      if (q.required) throw fieldError(`answers.${q.id}`, `请回答：${q.text}`);
      continue;
    }
    const ok =
      (q.kind === 'single' && typeof a === 'string' && q.options.includes(a)) ||
      (q.kind === 'multiple' && Array.isArray(a) && new Set(a).size === a.length && a.every((o) => q.options.includes(o))) ||
      (q.kind === 'rating' && typeof a === 'number' && Number.isInteger(a) && a >= 1 && a <= 5) ||
      (q.kind === 'text' && typeof a === 'string' && a.trim().length <= 2000);
    if (!ok) throw fieldError(`answers.${q.id}`, q.kind === 'rating' ? `「${q.text}」请打 1–5 分` : q.kind === 'text' ? `「${q.text}」不超过 2000 个字` : `「${q.text}」请从选项中选择`);
    out[q.id] = typeof a === 'string' ? a.trim() : a;
  }
  return out;
}

async function saveAnswers(tx: DbOrTx, invitation: Invitation, questions: SurveyQuestion[], answers: SurveyAnswers, via: 'link' | 'staff', now: Date, byId: number | null) {
  const checked = checkAnswers(questions, answers);
  // Conditional on no answer yet: of two submissions racing, one is kept.
  const [row] = await tx
    .update(serviceSurveyInvitations)
    .set({ answers: checked, answeredAt: now, answeredVia: via, answeredById: byId })
    .where(and(eq(serviceSurveyInvitations.id, invitation.id), isNull(serviceSurveyInvitations.answeredAt)))
    .returning({ id: serviceSurveyInvitations.id });
  if (!row) throw new AppError('CONFLICT', '这份问卷已经提交过了，感谢您的反馈', { reason: 'survey.answered' });
}

/** 代填: staff record the customer's answers (e.g. by phone). */
export async function answerForCustomer(deps: Deps, ctx: RequestContext, invitationId: number, body: z.infer<typeof answerBody>) {
  const actor = requirePermission(ctx.actor, 'service:write');
  await deps.db.transaction(async (tx) => {
    const [invitation] = await tx.select().from(serviceSurveyInvitations).where(and(eq(serviceSurveyInvitations.id, invitationId), invitationScope(actor)));
    if (!invitation) throw new AppError('NOT_FOUND', '问卷发送记录不存在或无权查看');
    const survey = await surveyById(tx, invitation.surveyId);
    if (survey.status !== 'active') throw new AppError('CONFLICT', '问卷已结束', { reason: 'survey.not_active' });
    await saveAnswers(tx, invitation, survey.questions, body.answers, 'staff', deps.clock.now(), actor.userId);
    await recordAudit(tx, deps.clock, ctx, { action: 'answer', entityType: 'survey', entityId: survey.id, customerId: invitation.customerId, summary: `代客户填写问卷「${survey.title}」` });
  });
}

/** The survey behind a one-time link, or one and the same 404 for unknown, expired, answered or closed. */
async function byToken(db: DbOrTx, token: string, now: Date) {
  const [row] = await db.select({ i: serviceSurveyInvitations, s: serviceSurveys }).from(serviceSurveyInvitations).innerJoin(serviceSurveys, eq(serviceSurveys.id, serviceSurveyInvitations.surveyId)).where(eq(serviceSurveyInvitations.tokenHash, hashToken(token)));
  if (!row || row.i.expiresAt <= now || row.s.status !== 'active') throw new AppError('NOT_FOUND', '链接无效或已过期', { reason: 'survey.link_invalid' });
  if (row.i.answeredAt) throw new AppError('CONFLICT', '这份问卷已经提交过了，感谢您的反馈', { reason: 'survey.answered' });
  return row;
}

export async function publicSurvey(deps: Deps, token: string) {
  const { s } = await byToken(deps.db, token, deps.clock.now());
  return { title: s.title, description: s.description, questions: s.questions };
}

export async function publicAnswer(deps: Deps, ctx: RequestContext, token: string, answers: SurveyAnswers) {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const { i, s } = await byToken(tx, token, now);
    await saveAnswers(tx, i, s.questions, answers, 'link', now, null);
    await recordAudit(tx, deps.clock, { ip: ctx.ip, requestId: ctx.requestId, userAgent: ctx.userAgent }, { action: 'answer', entityType: 'survey', entityId: s.id, customerId: i.customerId, summary: `客户通过一次性链接提交问卷「${s.title}」`, actorName: '客户（问卷链接）' });
  });
}

/** Results per question, and per unit of the customers, over the copies the reader may see. */
export async function surveyResults(deps: Deps, ctx: RequestContext, id: number, range: { from?: string; to?: string }) {
  const actor = requirePermission(ctx.actor, 'service:read');
  const survey = await surveyById(deps.db, id);
  const rows = await deps.db
    .select({ unitId: serviceSurveyInvitations.unitId, answers: serviceSurveyInvitations.answers, answeredAt: serviceSurveyInvitations.answeredAt })
    .from(serviceSurveyInvitations)
    .where(and(eq(serviceSurveyInvitations.surveyId, id), invitationScope(actor), range.from ? sql`${serviceSurveyInvitations.sentAt} >= ${range.from}::date` : undefined, range.to ? sql`${serviceSurveyInvitations.sentAt} < (${range.to}::date + 1)` : undefined));
  const answered = rows.filter((r) => r.answers);
  const ratings = survey.questions.filter((q) => q.kind === 'rating').map((q) => q.id);
  const average = (values: number[]) => (values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100 : null);
  const unitIds = [...new Set(rows.map((r) => r.unitId))];
  const unitNames = new Map(unitIds.length ? (await deps.db.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits).where(inArray(orgUnits.id, unitIds))).map((u) => [u.id, u.name]) : []);
  return {
    invited: rows.length,
    answered: answered.length,
    questions: survey.questions.map((q) => {
      const given = answered.map((r) => r.answers![q.id]).filter((a) => a !== undefined);
      return {
        id: q.id,
        text: q.text,
        kind: q.kind,
        answers: given.length,
        options: q.options.map((option) => ({ option, count: given.filter((a) => a === option || (Array.isArray(a) && a.includes(option))).length })),
        average: q.kind === 'rating' ? average(given.filter((a): a is number => typeof a === 'number')) : null,
        texts: q.kind === 'text' ? given.filter((a): a is string => typeof a === 'string').slice(0, 200) : [],
      };
    }),
    byUnit: unitIds.map((unitId) => {
      const mine = rows.filter((r) => r.unitId === unitId);
      const scores = mine.flatMap((r) => (r.answers ? ratings.map((q) => r.answers![q]).filter((a): a is number => typeof a === 'number') : []));
      return { unitId, unitName: unitNames.get(unitId) ?? String(unitId), invited: mine.length, answered: mine.filter((r) => r.answers).length, averageRating: average(scores) };
    }),
  };
}
