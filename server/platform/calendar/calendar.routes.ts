import { z } from 'zod';
import type { Deps } from '../deps';
import { problemResponses } from '../http/problem';
import { contextOf, type AppInstance } from '../http/types';
import {
  addWorkdaysQuery,
  addWorkdaysResult,
  calendarDaySchema,
  calendarYearSchema,
  dayParam,
  putOverrideBody,
  yearParam,
} from './calendar.schema';
import { computeAddWorkdays, deleteCalendarOverride, getCalendarYear, putCalendarOverride } from './calendar.service';

const tags = ['工作日历'];

export function calendarRoutes(app: AppInstance, deps: Deps) {
  app.get(
    '/api/v1/calendar/add-workdays',
    {
      config: { auth: 'session' },
      schema: {
        tags,
        summary: '计算 N 个工作日后的日期',
        description: '返回起算日之后的第 N 个工作日（不计起算日）；N 为负数时向前数；N 为 0 时起算日为工作日则返回当日，否则返回下一个工作日。',
        querystring: addWorkdaysQuery,
        response: { 200: addWorkdaysResult, ...problemResponses },
      },
    },
    async (request) => computeAddWorkdays(deps, request.query),
  );
  app.get(
    '/api/v1/calendar/:year',
    {
      config: { auth: 'session' },
      schema: {
        tags,
        summary: '全年工作日历（含法定节假日、调休上班与管理员调整）',
        params: yearParam,
        response: { 200: calendarYearSchema, ...problemResponses },
      },
    },
    async (request) => getCalendarYear(deps, request.params.year),
  );
  app.put(
    '/api/v1/calendar/overrides/:day',
    {
      config: { permission: 'system:manage' },
      schema: {
        tags,
        summary: '设置某日为上班或休息（覆盖官方安排）',
        params: dayParam,
        body: putOverrideBody,
        response: { 200: calendarDaySchema, ...problemResponses },
      },
    },
    async (request) => putCalendarOverride(deps, contextOf(request), request.params.day, request.body),
  );
  app.delete(
    '/api/v1/calendar/overrides/:day',
    {
      config: { permission: 'system:manage' },
      schema: { tags, summary: '撤销某日的调整，恢复官方安排', params: dayParam, response: { 204: z.null(), ...problemResponses } },
    },
    async (request, reply) => {
      await deleteCalendarOverride(deps, contextOf(request), request.params.day);
      return reply.status(204).send(null);
    },
  );
}
