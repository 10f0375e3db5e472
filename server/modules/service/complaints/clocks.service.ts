import { and, gte, inArray, lte } from 'drizzle-orm';
import { createWorkdayCalendar } from '../../../platform/calendar/calendar.service';
import { addDays, shanghaiDate } from '../../../platform/dates';
import type { DbOrTx } from '../../../platform/db/client';
import type { ClockView } from './complaints.schema';
import { serviceComplaintPauses, serviceDutyRoster } from './complaints.table';
import { complaintClocks, uncoveredDays, type ClockState, type Interval } from './sla';

// Loads what the clocks of a page of complaints need — the working-day calendar, the duty roster
// and the pauses — in three reads, then computes each complaint's two clocks (sla.ts).

const HORIZON_DAYS = 60;

interface ClockInput {
  id: number;
  kind: string;
  receivedAt: Date;
  planAt: Date | null;
  repliedAt: Date | null;
  status: string;
}

export interface Clocks {
  plan: ClockState;
  resolve: ClockState;
}

export async function complaintClocksOf(db: DbOrTx, rows: ClockInput[], now: Date): Promise<Map<number, Clocks>> {
  const out = new Map<number, Clocks>();
  const complaints = rows.filter((row) => row.kind === 'complaint');
  if (!complaints.length) return out;
  const calendar = await createWorkdayCalendar(db);
  const first = shanghaiDate(new Date(Math.min(...complaints.map((row) => row.receivedAt.getTime()))));
  const last = addDays(shanghaiDate(new Date(Math.max(...complaints.map((row) => row.receivedAt.getTime())))), HORIZON_DAYS);
  const covered = new Set((await db.selectDistinct({ day: serviceDutyRoster.day }).from(serviceDutyRoster).where(and(gte(serviceDutyRoster.day, first), lte(serviceDutyRoster.day, last)))).map((row) => row.day));
  const pauses = await db.select().from(serviceComplaintPauses).where(inArray(serviceComplaintPauses.complaintId, complaints.map((row) => row.id)));
  for (const row of complaints) {
    const stopped: Interval[] = [
      ...uncoveredDays(row.receivedAt, HORIZON_DAYS, { isWorkday: (d) => calendar.isWorkday(d), isCovered: (d) => covered.has(d) }),
      ...pauses.filter((p) => p.complaintId === row.id).map((p) => ({ start: p.startedAt, end: p.endedAt })),
    ];
    out.set(row.id, complaintClocks({ receivedAt: row.receivedAt, planAt: row.planAt, resolvedAt: row.repliedAt, now, stopped, paused: row.status === 'waiting' }));
  }
  return out;
}

export function clockView(state: ClockState | undefined): ClockView | null {
  if (!state) return null;
  return { ...state, dueAt: state.dueAt?.toISOString() ?? null, doneAt: state.doneAt?.toISOString() ?? null };
}
