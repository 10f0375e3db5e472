import { and, asc, eq, gte, lte } from 'drizzle-orm';
import { requireActor, type RequestContext } from '../../../platform/access/access';
import type { Deps } from '../../../platform/deps';
import { monthBounds } from './visit-dates';
import { planScope } from './visit-plans.service';
import { visitScope } from './visits.service';
import { customerNames, userNames } from './visits.queries';
import type { CalendarQuery, VisitCalendar } from './visits.schema';
import { visitPlanItems, visitPlans, visitRecords } from './visits.table';

/** Bounds the month view for a large unit tree; the list tab pages through everything. */
const CALENDAR_LIMIT = 2000;

type Day = VisitCalendar['days'][number];

/** 拜访日历: the planned visits and the records of a month, per day, within the development scope. */
export async function visitCalendar(deps: Deps, ctx: RequestContext, query: CalendarQuery): Promise<VisitCalendar> {
  const actor = requireActor(ctx);
  const { first, last } = monthBounds(query.month);
  const [planned, records] = await Promise.all([
    deps.db
      .select({
        itemId: visitPlanItems.id,
        planId: visitPlans.id,
        planStatus: visitPlans.status,
        customerId: visitPlanItems.customerId,
        purpose: visitPlanItems.purpose,
        status: visitPlanItems.status,
        userId: visitPlans.userId,
        date: visitPlanItems.plannedDate,
      })
      .from(visitPlanItems)
      .innerJoin(visitPlans, eq(visitPlans.id, visitPlanItems.planId))
      .where(and(planScope(actor), eq(visitPlans.month, query.month), query.userId ? eq(visitPlans.userId, query.userId) : undefined))
      .orderBy(asc(visitPlanItems.plannedDate), asc(visitPlanItems.id))
      .limit(CALENDAR_LIMIT),
    deps.db
      .select({
        id: visitRecords.id,
        customerId: visitRecords.customerId,
        method: visitRecords.method,
        late: visitRecords.late,
        reviewedAt: visitRecords.reviewedAt,
        userId: visitRecords.userId,
        date: visitRecords.visitDate,
      })
      .from(visitRecords)
      .where(
        and(
          visitScope(actor),
          gte(visitRecords.visitDate, first),
          lte(visitRecords.visitDate, last),
          query.userId ? eq(visitRecords.userId, query.userId) : undefined,
        ),
      )
      .orderBy(asc(visitRecords.visitDate), asc(visitRecords.id))
      .limit(CALENDAR_LIMIT),
  ]);
  const [customers, users] = await Promise.all([
    customerNames(deps.db, [...planned.map((row) => row.customerId), ...records.map((row) => row.customerId)]),
    userNames(deps.db, [...planned.map((row) => row.userId), ...records.map((row) => row.userId)]),
  ]);
  const days = new Map<string, Day>();
  const dayOf = (date: string) => {
    let day = days.get(date);
    if (!day) days.set(date, (day = { date, planned: [], records: [] }));
    return day;
  };
  for (const row of planned) {
    dayOf(row.date).planned.push({
      itemId: row.itemId,
      planId: row.planId,
      planStatus: row.planStatus as Day['planned'][number]['planStatus'],
      customerId: row.customerId,
      customerName: customers.get(row.customerId) ?? '',
      purpose: row.purpose,
      status: row.status as Day['planned'][number]['status'],
      userId: row.userId,
      userName: users.get(row.userId) ?? '',
    });
  }
  for (const row of records) {
    dayOf(row.date).records.push({
      id: row.id,
      customerId: row.customerId,
      customerName: customers.get(row.customerId) ?? '',
      method: row.method as Day['records'][number]['method'],
      late: row.late,
      reviewed: row.reviewedAt !== null,
      userId: row.userId,
      userName: users.get(row.userId) ?? '',
    });
  }
  return { month: query.month, days: [...days.values()].sort((a, b) => a.date.localeCompare(b.date)) };
}
