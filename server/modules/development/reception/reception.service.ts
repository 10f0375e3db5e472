import { and, desc, eq, gte, ilike, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { hasPermission, requirePermission, type Actor, type RequestContext } from '../../../platform/access/access';
import { diffChanges, recordAudit } from '../../../platform/audit/audit.service';
import { addDays } from '../../../platform/dates';
import type { DbOrTx } from '../../../platform/db/client';
import { selectPage } from '../../../platform/db/paging';
import type { Deps } from '../../../platform/deps';
import { assertDictionaryItem } from '../../../platform/dictionaries/dictionaries.service';
import { AppError, fieldError } from '../../../platform/errors';
import { likePattern, orderByFrom } from '../../../platform/http/pagination';
import { notify } from '../../../platform/notifications/notifications.service';
import { activeUserOf, userNamesOf } from '../../../platform/org/org.queries';
import { addTimelineEvent, canReadCustomer, customers, getVisibleCustomer, type CustomerRow } from '../../customers';
import { recordValidFollowUp } from '../follow-up';
import { addDaysTo, developmentRulesFor } from '../settings/development-settings.service';
import { takeRotationTurn } from './reception-rotation.service';
import { assertReceiver, receiverCandidates, resolveDeskUnit, shanghaiMidnight } from './reception-units';
import { assignmentLabels, customersByPhone, previousReception, receptionScope, toRecords, visibleReception, type ReceptionRow } from './reception.queries';
import type { AssignmentReason, CreateReceptionBody, ListReceptionQuery, LookupQuery, ReceptionRecord, UpdateReceptionBody } from './reception.schema';
import { receptionRecords } from './reception.table';

// 来访来电登记 (R-DEV-40) with the assignment of a receiver (R-DEV-41).

export const RECEPTION_NOTIFICATION = 'reception_assigned';
export const receptionNotificationKind = { kind: RECEPTION_NOTIFICATION, label: '来访来电接待', labelEn: 'Visitors and calls to receive' };

const kindLabel = (kind: string) => (kind === 'call' ? '来电' : '来访');
const auditedFields: (keyof ReceptionRow)[] = ['timeOut', 'summary', 'siteTour'];
/** A desk may log a visitor a few minutes ahead of the clock, not later. */
const FUTURE_TOLERANCE_MS = 10 * 60_000;

const visitorName = (row: Pick<ReceptionRow, 'prospectName' | 'contactName'>, customer?: { name: string } | null) =>
  customer?.name ?? row.prospectName ?? row.contactName ?? '访客';

async function linkedCustomer(db: DbOrTx, actor: Actor, customerId: number): Promise<CustomerRow> {
  try {
    if (!hasPermission(actor, 'customer:read')) throw new AppError('NOT_FOUND');
    return await getVisibleCustomer(db, actor, customerId);
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') throw fieldError('customerId', '所选客户不存在或无权查看');
    throw error;
  }
}

interface Assignment {
  receiverId: number;
  reason: AssignmentReason;
}

/**
 * R-DEV-41: a manual choice, else the named specialist (if active), else whoever served this
 * customer/phone before (the customer's owner, or the last receiver within the protection period),
 * else the unit's rotation. Only the rotation consumes a turn.
 */
async function assignReceiver(
  tx: DbOrTx,
  deps: Deps,
  input: { unitId: number; manualId: number | null; namedId: number | null; customer: CustomerRow | null; phone: string | null },
): Promise<Assignment> {
  if (input.manualId) return { receiverId: input.manualId, reason: 'manual' };
  if (input.namedId && (await activeUserOf(tx, input.namedId))) return { receiverId: input.namedId, reason: 'named' };
  if (input.customer?.ownerId && (await activeUserOf(tx, input.customer.ownerId))) return { receiverId: input.customer.ownerId, reason: 'previous' };
  const rules = await developmentRulesFor(tx, input.unitId);
  const previous = await previousReception(tx, { unitId: input.unitId, phone: input.phone, customerId: input.customer?.id, since: addDaysTo(deps.clock.now(), -rules.protectionDays) });
  if (previous && previous.status === 'active') return { receiverId: previous.receiverId, reason: 'previous' };
  const receiverId = await takeRotationTurn(tx, deps.clock, input.unitId);
  if (receiverId === null) throw fieldError('receiverId', '本单位的轮流接待名单中暂无可接待的人员，请手动选择接待人');
  return { receiverId, reason: 'rotation' };
}

function parseTimes(deps: Deps, timeIn: string | undefined, timeOut: string | null | undefined) {
  const now = deps.clock.now();
  const start = timeIn ? new Date(timeIn) : now;
  if (start.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) throw fieldError('timeIn', '到访/来电时间不能晚于当前时间');
  const end = timeOut ? new Date(timeOut) : null;
  if (end && end < start) throw fieldError('timeOut', '离开时间不能早于到访时间');
  return { start, end };
}

export async function createReception(deps: Deps, ctx: RequestContext, body: CreateReceptionBody): Promise<ReceptionRecord> {
  const actor = requirePermission(ctx.actor, 'reception:write');
  const { start, end } = parseTimes(deps, body.timeIn, body.timeOut);
  const unit = await resolveDeskUnit(deps.db, actor, body.unitId);
  const customer = body.customerId ? await linkedCustomer(deps.db, actor, body.customerId) : null;
  if (!customer && !body.prospectName && !body.contactName) {
    throw fieldError('prospectName', '请填写来访单位/客户名称或联系人姓名，或选择已有客户');
  }
  if (body.spaceTypeCode) await assertDictionaryItem(deps.db, 'space_type', body.spaceTypeCode, 'spaceTypeCode');
  if (body.sourceCode) await assertDictionaryItem(deps.db, 'customer_source', body.sourceCode, 'sourceCode');
  if (body.receiverId) await assertReceiver(deps.db, actor, unit, body.receiverId);
  if (body.namedSpecialistId && !(await userNamesOf(deps.db, [body.namedSpecialistId])).size) {
    throw fieldError('namedSpecialistId', '指定的招商专员不存在');
  }
  const phone = body.contactPhone ?? null;

  return deps.db.transaction(async (tx) => {
    const assignment = await assignReceiver(tx, deps, {
      unitId: unit.id,
      manualId: body.receiverId ?? null,
      namedId: body.namedSpecialistId ?? null,
      customer,
      phone,
    });
    const [row] = await tx
      .insert(receptionRecords)
      .values({
        unitId: unit.id,
        kind: body.kind,
        timeIn: start,
        timeOut: end,
        customerId: customer?.id ?? null,
        prospectName: customer ? null : body.prospectName,
        contactName: body.contactName,
        contactPhone: phone,
        companions: body.companions,
        spaceTypeCode: body.spaceTypeCode ?? null,
        area: body.area,
        sourceCode: body.sourceCode ?? null,
        summary: body.summary,
        siteTour: body.siteTour,
        receiverId: assignment.receiverId,
        assignment: assignment.reason,
        namedSpecialistId: body.namedSpecialistId ?? null,
        createdById: actor.userId,
        createdAt: deps.clock.now(),
      })
      .returning();
    const record = row!;
    const [receiverName] = (await userNamesOf(tx, [record.receiverId])).values();
    const who = visitorName(record, customer);
    await recordAudit(tx, deps.clock, ctx, {
      action: 'create',
      entityType: 'reception_record',
      entityId: record.id,
      customerId: customer?.id ?? null,
      summary: `${kindLabel(record.kind)}登记：${who}，接待人 ${receiverName ?? record.receiverId}（${assignmentLabels[assignment.reason]}）`,
    });
    if (record.receiverId !== actor.userId) {
      await notify(tx, deps.clock, {
        userId: record.receiverId,
        kind: RECEPTION_NOTIFICATION,
        title: `请接待${kindLabel(record.kind)}：${who}`,
        body: [record.contactName, phone, record.summary].filter(Boolean).join('；'),
        link: `/development/reception?id=${record.id}`,
      });
    }
    if (customer) {
      await addTimelineEvent(tx, deps.clock, {
        customerId: customer.id,
        type: 'reception',
        title: `${kindLabel(record.kind)}：接待人 ${receiverName ?? ''}${record.siteTour ? '，已带看现场' : ''}${record.summary ? `；${record.summary}` : ''}`,
        detail: { recordId: record.id, kind: record.kind, receiverId: record.receiverId, assignment: assignment.reason },
        actorId: actor.userId,
        link: `/development/reception?id=${record.id}`,
        sourceType: 'reception_record',
        sourceId: record.id,
        occurredAt: start,
      });
      // A visit by a known customer is a valid follow-up only when its owner receives it (R-DEV-11).
      if (record.kind === 'visit' && customer.ownerId === record.receiverId) {
        await recordValidFollowUp(tx, deps.clock, ctx, { customerId: customer.id, at: start });
      }
    }
    return (await toRecords(tx, actor, [record]))[0]!;
  });
}

export async function getReception(deps: Deps, ctx: RequestContext, id: number): Promise<ReceptionRecord> {
  const actor = requirePermission(ctx.actor, 'development:read');
  const row = await visibleReception(deps.db, actor, id);
  if (!row) throw new AppError('NOT_FOUND', '登记记录不存在或无权查看');
  return (await toRecords(deps.db, actor, [row]))[0]!;
}

export async function updateReception(deps: Deps, ctx: RequestContext, id: number, body: UpdateReceptionBody): Promise<ReceptionRecord> {
  const actor = requirePermission(ctx.actor, 'reception:write');
  return deps.db.transaction(async (tx) => {
    const before = await visibleReception(tx, actor, id, { forUpdate: true });
    if (!before) throw new AppError('NOT_FOUND', '登记记录不存在或无权查看');
    const patch: Partial<ReceptionRow> = {};
    if (body.timeOut !== undefined) {
      const end = body.timeOut === null ? null : new Date(body.timeOut);
      if (end && end < before.timeIn) throw fieldError('timeOut', '离开时间不能早于到访时间');
      if (end && end.getTime() > deps.clock.now().getTime() + FUTURE_TOLERANCE_MS) throw fieldError('timeOut', '离开时间不能晚于当前时间');
      patch.timeOut = end;
    }
    if (body.summary !== undefined) patch.summary = body.summary;
    if (body.siteTour !== undefined) patch.siteTour = body.siteTour;
    const changes = diffChanges(before, { ...before, ...patch }, auditedFields);
    if (Object.keys(changes).length === 0) return (await toRecords(tx, actor, [before]))[0]!;
    const [after] = await tx.update(receptionRecords).set(patch).where(eq(receptionRecords.id, id)).returning();
    await recordAudit(tx, deps.clock, ctx, {
      action: 'update',
      entityType: 'reception_record',
      entityId: id,
      customerId: before.customerId,
      summary: `修改${kindLabel(before.kind)}登记 #${id}：${Object.keys(changes)
        .map((field) => ({ timeOut: '离开时间', summary: '摘要', siteTour: '带看现场' })[field] ?? field)
        .join('、')}`,
      changes,
    });
    return (await toRecords(tx, actor, [after!]))[0]!;
  });
}

export async function listReceptions(deps: Deps, ctx: RequestContext, query: ListReceptionQuery) {
  const actor = requirePermission(ctx.actor, 'development:read');
  const conditions: (SQL | undefined)[] = [receptionScope(actor)];
  if (query.from) conditions.push(gte(receptionRecords.timeIn, shanghaiMidnight(query.from)));
  if (query.to) conditions.push(lt(receptionRecords.timeIn, shanghaiMidnight(addDays(query.to, 1))));
  if (query.kind) conditions.push(eq(receptionRecords.kind, query.kind));
  if (query.receiverId) conditions.push(eq(receptionRecords.receiverId, query.receiverId));
  if (query.unitId) conditions.push(eq(receptionRecords.unitId, query.unitId));
  if (query.converted === 'true') conditions.push(isNotNull(receptionRecords.convertedCustomerId));
  if (query.converted === 'false') conditions.push(isNull(receptionRecords.convertedCustomerId));
  if (query.keyword) {
    const pattern = likePattern(query.keyword);
    conditions.push(
      or(
        ilike(receptionRecords.prospectName, pattern),
        ilike(receptionRecords.contactName, pattern),
        ilike(receptionRecords.contactPhone, pattern),
        ilike(receptionRecords.summary, pattern),
        sql`EXISTS (SELECT 1 FROM ${customers} WHERE ${customers.id} = ${receptionRecords.customerId} AND ${customers.name} ILIKE ${pattern})`,
      ),
    );
  }
  const where = and(...conditions);
  const orderBy = orderByFrom(query.sort, { timeIn: receptionRecords.timeIn, createdAt: receptionRecords.createdAt }, desc(receptionRecords.id));
  const { rows, ...counted } = await selectPage(deps.db, query, {
    rows: (limit, offset) =>
      deps.db
        .select()
        .from(receptionRecords)
        .where(where)
        .orderBy(...(query.sort ? orderBy : [desc(receptionRecords.timeIn), desc(receptionRecords.id)]))
        .limit(limit)
        .offset(offset),
    matching: deps.db.select({ one: sql`1` }).from(receptionRecords).where(where).$dynamic(),
  });
  return { items: await toRecords(deps.db, actor, rows), ...counted };
}

/** What the desk sees when a phone or customer is entered: who served them and which customers match. */
/** The receivers the desk can choose from (R-DEV-40). */
export async function listReceivers(deps: Deps, ctx: RequestContext, unitId: number | undefined) {
  const actor = requirePermission(ctx.actor, 'reception:write');
  const unit = await resolveDeskUnit(deps.db, actor, unitId);
  return { items: await receiverCandidates(deps.db, actor, unit) };
}

export async function lookupVisitor(deps: Deps, ctx: RequestContext, query: LookupQuery) {
  const actor = requirePermission(ctx.actor, 'reception:write');
  const unit = await resolveDeskUnit(deps.db, actor, query.unitId);
  const rules = await developmentRulesFor(deps.db, unit.id);
  const since = addDaysTo(deps.clock.now(), -rules.protectionDays);
  const previous = await previousReception(deps.db, { unitId: unit.id, phone: query.phone, customerId: query.customerId, since });
  let found: { id: number; name: string; ownerId: number | null }[] = [];
  if (hasPermission(actor, 'customer:read') && query.customerId) {
    if (await canReadCustomer(deps.db, actor, query.customerId)) {
      found = await deps.db.select({ id: customers.id, name: customers.name, ownerId: customers.ownerId }).from(customers).where(eq(customers.id, query.customerId));
    }
  } else if (hasPermission(actor, 'customer:read') && query.phone) {
    found = await customersByPhone(deps.db, actor, query.phone);
  }
  const owners = await userNamesOf(deps.db, found.map((row) => row.ownerId));
  return {
    previous: previous
      ? { recordId: previous.id, at: previous.timeIn.toISOString(), receiverId: previous.receiverId, receiverName: previous.receiverName, receiverActive: previous.status === 'active' }
      : null,
    customers: found.map((row) => ({ ...row, ownerName: row.ownerId === null ? null : (owners.get(row.ownerId) ?? null) })),
    protectionDays: rules.protectionDays,
  };
}
