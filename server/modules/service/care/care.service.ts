import { and, asc, eq, gte, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { requirePermission, type Actor, type RequestContext } from '../../../platform/access/access';
import { canViewSensitive } from '../../../platform/access/masking';
import { submitApproval } from '../../../platform/approvals/approval-submit';
import { flowStep, numericBusinessId, type ApprovalCallbackDeps, type ApprovalTypeDefinition } from '../../../platform/approvals/approval-types';
import type { ApprovalInstanceRow } from '../../../platform/approvals/approvals.queries';
import { recordAudit } from '../../../platform/audit/audit.service';
import { addDays, daysBetween, shanghaiDate, shanghaiTime } from '../../../platform/dates';
import type { DbOrTx, Tx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { singleStepJob } from '../../../platform/jobs/jobs.registry';
import { parseYuan } from '../../../platform/money';
import { users } from '../../../platform/org/org.table';
import { completeRuleTasks, createTask } from '../../../platform/tasks/tasks.service';
import { addTimelineEvent, customers, customerScope, getVisibleCustomer, keyPersonBirthdaysOf } from '../../customers';
import { isKeyAccount, KEY_GRADES } from '../tickets/category-rules.service';
import { careKindNames, type CareAction, type doneBody, type giftRequestBody, type listCareQuery, type newBusinessBody } from './care.schema';
import { serviceCareActions } from './care.table';
import { decemberRound, festivalsBetween, nextBirthday } from './plan';

// 客户关怀 (R-SVC-23). Seen within the customer data scope; a key person's birthday (a sensitive
// field, R-PLT-04) only by the account owner reminded and holders of sensitive:view. Acting needs
// service:write. A gift is given only on an approved budget and within it.

export const CARE_GIFT_TYPE = 'care_gift';
const HORIZON_DAYS = 30;
type Row = typeof serviceCareActions.$inferSelect;
type Kind = keyof typeof careKindNames;

function careVisibility(actor: Actor): SQL {
  const scope = customerScope(actor);
  if (canViewSensitive(actor)) return scope;
  return and(scope, or(sql`${serviceCareActions.kind} <> 'birthday'`, eq(serviceCareActions.ownerId, actor.userId)))!;
}

const keyAccountCondition = and(isNull(customers.mergedIntoId), or(inArray(customers.grade, [...KEY_GRADES]), eq(customers.natureCode, 'public_institution')));

interface Planned {
  customerId: number;
  ownerId: number | null;
  kind: Kind;
  planKey: string;
  title: string;
  occasionDate: string;
  keyPersonId?: number;
}

/** The planning job: birthdays, festivals and the December round of key accounts within 30 days; idempotent. */
export async function planCare(deps: Deps): Promise<{ planned: number }> {
  const now = deps.clock.now();
  const today = shanghaiDate(now);
  const until = addDays(today, HORIZON_DAYS);
  const accounts = await deps.db.select({ id: customers.id, ownerId: customers.ownerId }).from(customers).where(keyAccountCondition).orderBy(asc(customers.id));
  const owners = new Map(accounts.map((a) => [a.id, a.ownerId]));
  const planned: Planned[] = [];
  for (const person of await keyPersonBirthdaysOf(deps.db, accounts.map((a) => a.id))) {
    const date = nextBirthday(person.birthday, today, until);
    if (date) planned.push({ customerId: person.customerId, ownerId: owners.get(person.customerId) ?? null, kind: 'birthday', planKey: `birthday:${person.id}:${date.slice(0, 4)}`, title: `${person.name}${person.position ? `（${person.position}）` : ''}生日`, occasionDate: date, keyPersonId: person.id });
  }
  const festivals = festivalsBetween(today, until);
  const december = decemberRound(today, until);
  for (const account of accounts) {
    for (const f of festivals) planned.push({ customerId: account.id, ownerId: account.ownerId, kind: 'festival', planKey: `festival:${account.id}:${f.name}:${f.date.slice(0, 4)}`, title: `${f.name}关怀`, occasionDate: f.date });
    if (december) planned.push({ customerId: account.id, ownerId: account.ownerId, kind: 'december', planKey: `december:${account.id}:${december.slice(0, 4)}`, title: '年末关怀：礼品与明年需求调研', occasionDate: december });
  }
  let count = 0;
  for (let i = 0; i < planned.length; i += 500) {
    await deps.db.transaction(async (tx) => {
      const rows = await tx
        .insert(serviceCareActions)
        .values(planned.slice(i, i + 500).map((p) => ({ ...p, status: 'planned', createdAt: now, updatedAt: now })))
        .onConflictDoNothing()
        .returning();
      for (const row of rows) {
        count++;
        if (!row.ownerId) continue;
        // Reminded three days ahead (or at once when the day is nearer).
        const remindOn = addDays(row.occasionDate, -3) > today ? addDays(row.occasionDate, -3) : today;
        await createTask(tx, deps, { title: `客户关怀：${row.title}`, description: `${careKindNames[row.kind as Kind]}，日期 ${row.occasionDate}；送礼须先申请预算`, assigneeId: row.ownerId, dueAt: shanghaiTime(remindOn, '18:00'), recordType: 'service_care_action', recordId: row.id, ruleKey: 'care_action', dedupeKey: `care:${row.id}`, createdById: null });
      }
    });
  }
  return { planned: count };
}

export const carePlanJob = singleStepJob(
  {
    key: 'service_care_plan',
    name: '客户关怀计划',
    nameEn: 'Care calendar',
    description: '每天为重点客户排出未来 30 天的关键人生日、法定节日关怀和 12 月 20 日的年末关怀，并提醒客户经理',
    descriptionEn: 'Plans key-account birthdays, festivals and the December round for the next 30 days and reminds the owners',
    defaultCron: '30 6 * * *',
  },
  (deps) => planCare(deps),
);

const owner = alias(users, 'owner');
const doneBy = alias(users, 'done_by');
const selectActions = (db: DbOrTx) =>
  db
    .select({ a: serviceCareActions, customerName: customers.name, ownerName: owner.displayName, doneByName: doneBy.displayName })
    .from(serviceCareActions)
    .innerJoin(customers, eq(customers.id, serviceCareActions.customerId))
    .leftJoin(owner, eq(owner.id, serviceCareActions.ownerId))
    .leftJoin(doneBy, eq(doneBy.id, serviceCareActions.doneById));

function toAction({ a, customerName, ownerName, doneByName }: Awaited<ReturnType<typeof selectActions>>[number]): CareAction {
  return {
    id: a.id,
    customerId: a.customerId,
    customerName,
    kind: a.kind as Kind,
    kindName: careKindNames[a.kind as Kind],
    title: a.title,
    occasionDate: a.occasionDate,
    ownerId: a.ownerId,
    ownerName: ownerName ?? null,
    status: a.status as CareAction['status'],
    gift: a.gift,
    budget: a.budget,
    budgetStatus: a.budgetStatus as CareAction['budgetStatus'],
    approvalId: a.approvalId,
    actualCost: a.actualCost,
    outcome: a.outcome,
    needs: a.needs,
    doneAt: a.doneAt?.toISOString() ?? null,
    doneByName: doneByName ?? null,
  };
}

export async function listCare(deps: Deps, ctx: RequestContext, query: z.infer<typeof listCareQuery>): Promise<CareAction[]> {
  const actor = requirePermission(ctx.actor, 'customer:read');
  if (query.to < query.from) throw fieldError('to', '结束日期不能早于开始日期');
  if (daysBetween(query.from, query.to) > 92) throw fieldError('to', '一次最多查询三个月');
  const rows = await selectActions(deps.db)
    .where(and(careVisibility(actor), gte(serviceCareActions.occasionDate, query.from), lte(serviceCareActions.occasionDate, query.to), query.mine === 'true' ? eq(serviceCareActions.ownerId, actor.userId) : undefined))
    .orderBy(asc(serviceCareActions.occasionDate), asc(serviceCareActions.id))
    .limit(2000);
  return rows.map(toAction);
}

export async function getCare(deps: Deps, ctx: RequestContext, id: number): Promise<CareAction> {
  const actor = requirePermission(ctx.actor, 'customer:read');
  const [row] = await selectActions(deps.db).where(and(eq(serviceCareActions.id, id), careVisibility(actor)));
  if (!row) throw new AppError('NOT_FOUND', '关怀事项不存在或无权查看');
  return toAction(row);
}

/** The action for a step: visible, the caller handles service (service:write), still planned. */
async function plannedAction(tx: DbOrTx, actor: Actor, id: number): Promise<Row> {
  const [row] = await tx.select({ a: serviceCareActions }).from(serviceCareActions).innerJoin(customers, eq(customers.id, serviceCareActions.customerId)).where(and(eq(serviceCareActions.id, id), careVisibility(actor))).for('update', { of: serviceCareActions });
  if (!row) throw new AppError('NOT_FOUND', '关怀事项不存在或无权查看');
  if (row.a.status !== 'planned') throw new AppError('CONFLICT', '该关怀事项已办理', { reason: 'care.not_planned' });
  return row.a;
}

async function audit(tx: DbOrTx, deps: Deps, ctx: RequestContext, row: Pick<Row, 'id' | 'customerId' | 'kind'>, summary: string) {
  await recordAudit(tx, deps.clock, ctx, { action: 'update', entityType: 'service_care_action', entityId: row.id, customerId: row.customerId, summary: `${careKindNames[row.kind as Kind]}：${summary}` });
}

/** 礼品预算申请: through approval (the applicant's manager; the GM above 2,000 yuan). */
export async function requestGift(deps: Deps, ctx: RequestContext, id: number, body: z.infer<typeof giftRequestBody>): Promise<CareAction> {
  const actor = requirePermission(ctx.actor, 'service:write');
  await deps.db.transaction(async (tx) => {
    const row = await plannedAction(tx, actor, id);
    if (row.budgetStatus === 'pending' || row.budgetStatus === 'approved') throw new AppError('CONFLICT', row.budgetStatus === 'pending' ? '礼品预算正在审批中' : '礼品预算已批准', { reason: 'care.budget_exists' });
    const [customer] = await tx.select({ name: customers.name }).from(customers).where(eq(customers.id, row.customerId));
    const instance = await submitApproval(tx as Tx, deps, ctx, {
      type: CARE_GIFT_TYPE,
      businessId: String(id),
      title: `关怀礼品：${customer!.name} ${row.title}`,
      data: { customerId: row.customerId, customerName: customer!.name, occasion: row.title, gift: body.gift, reason: body.reason, amount: Number(body.budget) },
    });
    await tx.update(serviceCareActions).set({ gift: body.gift, budget: body.budget, budgetStatus: 'pending', approvalId: instance.id, updatedAt: deps.clock.now() }).where(eq(serviceCareActions.id, id));
    await audit(tx, deps, ctx, row, `申请礼品预算 ${body.budget} 元（审批 #${instance.id}）`);
  });
  return getCare(deps, ctx, id);
}

async function decideGift(tx: Tx, instance: ApprovalInstanceRow, deps: ApprovalCallbackDeps, outcome: 'approved' | 'rejected' | 'none') {
  const id = numericBusinessId(instance);
  if (id === null) return;
  const [row] = await tx.select().from(serviceCareActions).where(eq(serviceCareActions.id, id)).for('update');
  if (!row || row.budgetStatus !== 'pending') return;
  await tx.update(serviceCareActions).set({ budgetStatus: outcome, updatedAt: deps.clock.now() }).where(eq(serviceCareActions.id, id));
  await recordAudit(tx, deps.clock, deps.ctx, { action: 'update', entityType: 'service_care_action', entityId: id, customerId: row.customerId, summary: `礼品预算${{ approved: '已批准', rejected: '未通过审批', none: '已撤回' }[outcome]}（审批 #${instance.id}）` });
}

export const careGiftApprovalType: ApprovalTypeDefinition = {
  type: CARE_GIFT_TYPE,
  name: '关怀礼品预算',
  nameEn: 'Care gift budget',
  defaultFlow: {
    name: '关怀礼品预算审批',
    description: '重点客户的生日、节日和年末关怀礼品，由申请人上级批准预算；2,000 元以上加总经理。',
    steps: [flowStep('上级审批', 'unit_manager'), flowStep('总经理审批', 'gm', 'amount > 2000')],
  },
  conditionFields: [{ key: 'amount', label: '预算金额', labelEn: 'Budget', format: 'yuan' }],
  dataSchema: z.object({ customerId: z.number().int(), customerName: z.string(), occasion: z.string(), gift: z.string(), reason: z.string(), amount: z.number() }),
  onApproved: (tx, instance, deps) => decideGift(tx, instance, deps, 'approved'),
  onRejected: (tx, instance, deps) => decideGift(tx, instance, deps, 'rejected'),
  onWithdrawn: (tx, instance, deps) => decideGift(tx, instance, deps, 'none'),
  describe: (instance) => ({ summary: `${String(instance.data.customerName)}：${String(instance.data.occasion)} · ${String(instance.data.gift)}`, link: '/service/care' }),
  canView: async (db, actor, businessId) => {
    if (!/^[1-9]\d{0,15}$/.test(businessId)) return false;
    const [row] = await db.select({ id: serviceCareActions.id }).from(serviceCareActions).innerJoin(customers, eq(customers.id, serviceCareActions.customerId)).where(and(eq(serviceCareActions.id, Number(businessId)), careVisibility(actor)));
    return Boolean(row);
  },
};

/** 办结: what was done; a gift's cost within its approved budget; the December round with next year's needs. */
export async function completeCare(deps: Deps, ctx: RequestContext, id: number, body: z.infer<typeof doneBody>): Promise<CareAction> {
  const actor = requirePermission(ctx.actor, 'service:write');
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const row = await plannedAction(tx, actor, id);
    if (row.kind === 'december' && !body.needs?.trim()) throw fieldError('needs', '年末关怀须记录客户明年的业务需求');
    const cost = body.actualCost ? parseYuan(body.actualCost) : 0n;
    if (cost > 0n) {
      if (row.budgetStatus !== 'approved') throw new AppError('CONFLICT', '送礼须先申请礼品预算并获批准', { reason: 'care.gift_unapproved' });
      if (cost > parseYuan(row.budget!)) throw fieldError('actualCost', `实际花费不能超过批准的预算 ${row.budget} 元`);
    }
    await tx.update(serviceCareActions).set({ status: 'done', outcome: body.outcome, actualCost: body.actualCost ?? null, needs: body.needs?.trim() || null, doneAt: now, doneById: actor.userId, updatedAt: now }).where(eq(serviceCareActions.id, id));
    await completeRuleTasks(tx, deps, { ruleKey: 'care_action', dedupeKey: `care:${id}` }, ctx);
    // A birthday's date is sensitive: the timeline names the kind only.
    await addTimelineEvent(tx, deps.clock, { customerId: row.customerId, type: 'service', title: row.kind === 'birthday' ? careKindNames.birthday : `${careKindNames[row.kind as Kind]}：${row.title}`, actorId: actor.userId, sourceType: 'service_care_action', sourceId: id });
    await audit(tx, deps, ctx, row, `已办理${cost > 0n ? `，礼品花费 ${body.actualCost} 元` : ''}`);
  });
  return getCare(deps, ctx, id);
}

export async function skipCare(deps: Deps, ctx: RequestContext, id: number, reason: string): Promise<CareAction> {
  const actor = requirePermission(ctx.actor, 'service:write');
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const row = await plannedAction(tx, actor, id);
    if (row.budgetStatus === 'pending') throw new AppError('CONFLICT', '礼品预算正在审批中，请先撤回审批', { reason: 'care.budget_pending' });
    await tx.update(serviceCareActions).set({ status: 'skipped', outcome: reason, doneAt: now, doneById: actor.userId, updatedAt: now }).where(eq(serviceCareActions.id, id));
    await completeRuleTasks(tx, deps, { ruleKey: 'care_action', dedupeKey: `care:${id}` }, ctx);
    await audit(tx, deps, ctx, row, `不执行：${reason}`);
  });
  return getCare(deps, ctx, id);
}

/** 新业务优先告知: recorded for a key account in the caller's customer scope. */
export async function recordNewBusinessNotice(deps: Deps, ctx: RequestContext, body: z.infer<typeof newBusinessBody>): Promise<CareAction> {
  const actor = requirePermission(ctx.actor, 'service:write');
  const now = deps.clock.now();
  if (body.notifiedOn > shanghaiDate(now)) throw fieldError('notifiedOn', '告知日期不能晚于今天');
  const id = await deps.db.transaction(async (tx) => {
    const customer = await getVisibleCustomer(tx, actor, body.customerId).catch(() => {
      throw fieldError('customerId', '客户不存在或无权查看');
    });
    if (!isKeyAccount(customer)) throw fieldError('customerId', '新业务优先告知面向重点客户（钻石、白金、VIP 等级或政府机构）');
    const [row] = await tx
      .insert(serviceCareActions)
      .values({ customerId: customer.id, kind: 'new_business', planKey: `new_business:${customer.id}:${now.getTime()}:${actor.userId}`, title: body.title, occasionDate: body.notifiedOn, ownerId: customer.ownerId, status: 'done', outcome: body.outcome, doneAt: now, doneById: actor.userId, createdAt: now, updatedAt: now })
      .returning();
    await addTimelineEvent(tx, deps.clock, { customerId: customer.id, type: 'service', title: `新业务优先告知：${body.title}`, actorId: actor.userId, sourceType: 'service_care_action', sourceId: row!.id });
    await audit(tx, deps, ctx, row!, `记录新业务优先告知「${body.title}」`);
    return row!.id;
  });
  return getCare(deps, ctx, id);
}
