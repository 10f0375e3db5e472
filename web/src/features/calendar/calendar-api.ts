import { useQuery } from '@tanstack/react-query';
import { api, apiRequest } from '../../app/api-client';

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup_workday';
export type OverrideKind = 'workday' | 'holiday';

/** One day of the 工作日历 year view. */
export interface CalendarDay {
  date: string;
  kind: DayKind;
  officialKind: DayKind;
  isWorkday: boolean;
  name: string | null;
  nameEn: string | null;
  override: { kind: OverrideKind; note: string } | null;
}

export interface CalendarYear {
  year: number;
  hasOfficialData: boolean;
  workdayCount: number;
  days: CalendarDay[];
  overrides: { day: string; kind: OverrideKind; note: string; createdById: number | null; createdAt: string }[];
}

export const calendarQueryKey = (year: number) => ['calendar', year] as const;

export function getCalendarYear(year: number): Promise<CalendarYear> {
  return api.get(`/calendar/${year}`);
}

export function putOverride(day: string, body: { kind: OverrideKind; note?: string }): Promise<CalendarDay> {
  return apiRequest(`/calendar/overrides/${day}`, { method: 'PUT', body });
}

export function deleteOverride(day: string): Promise<void> {
  return api.delete(`/calendar/overrides/${day}`);
}

export function addWorkdays(from: string, days: number): Promise<{ from: string; days: number; date: string; calendarDays: number }> {
  return api.get('/calendar/add-workdays', { from, days });
}

export function useCalendarYear(year: number) {
  return useQuery({ queryKey: calendarQueryKey(year), queryFn: () => getCalendarYear(year) });
}
