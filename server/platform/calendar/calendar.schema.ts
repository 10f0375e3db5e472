import { z } from 'zod';
import { isValidIsoDate } from '../dates';

/** A calendar day `YYYY-MM-DD` that actually exists (2025-02-30 is refused). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine(isValidIsoDate, '日期不存在或超出范围（1900–2200 年）');

export const dayKinds = ['workday', 'weekend', 'holiday', 'makeup_workday'] as const;
export const overrideKinds = ['workday', 'holiday'] as const;

export const calendarOverrideSchema = z
  .object({
    day: z.string(),
    kind: z.enum(overrideKinds),
    note: z.string(),
    createdById: z.number().int().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'CalendarOverride' });
export type CalendarOverride = z.infer<typeof calendarOverrideSchema>;

export const calendarDaySchema = z
  .object({
    date: z.string(),
    /** Effective kind after overrides. */
    kind: z.enum(dayKinds),
    /** Kind under the official calendar alone. */
    officialKind: z.enum(dayKinds),
    isWorkday: z.boolean(),
    name: z.string().nullable(),
    nameEn: z.string().nullable(),
    override: z.object({ kind: z.enum(overrideKinds), note: z.string() }).nullable(),
  })
  .meta({ id: 'CalendarDay' });
export type CalendarDay = z.infer<typeof calendarDaySchema>;

export const calendarYearSchema = z
  .object({
    year: z.number().int(),
    /** Whether the official holiday notice for this year is shipped (chinese-days). */
    hasOfficialData: z.boolean(),
    workdayCount: z.number().int(),
    days: z.array(calendarDaySchema),
    overrides: z.array(calendarOverrideSchema),
  })
  .meta({ id: 'CalendarYear' });
export type CalendarYear = z.infer<typeof calendarYearSchema>;

export const yearParam = z.object({
  year: z.coerce.number().int('年份应为整数').min(1990, '年份应在 1990–2100 之间').max(2100, '年份应在 1990–2100 之间'),
});
export const dayParam = z.object({ day: isoDate });

const noControlCharacters = (value: string) => !/[\u0000-\u001f\u007f]/.test(value);

export const putOverrideBody = z.object({
  kind: z.enum(overrideKinds, '类型应为 workday（上班）或 holiday（休息）'),
  note: z
    .string()
    .max(60, '备注不能超过 60 个字符')
    .refine(noControlCharacters, '备注不能包含控制字符')
    .optional(),
});
export type PutOverrideBody = z.infer<typeof putOverrideBody>;

export const addWorkdaysQuery = z.object({
  from: isoDate.describe('起算日 YYYY-MM-DD（不计入）'),
  days: z.coerce
    .number()
    .int('工作日数应为整数')
    .min(-1000, '工作日数应在 -1000 到 1000 之间')
    .max(1000, '工作日数应在 -1000 到 1000 之间')
    .describe('工作日数，可为负数'),
});
export type AddWorkdaysQuery = z.infer<typeof addWorkdaysQuery>;

export const addWorkdaysResult = z
  .object({ from: z.string(), days: z.number().int(), date: z.string(), calendarDays: z.number().int() })
  .meta({ id: 'AddWorkdaysResult' });
