import { z } from 'zod';
import { isoDate } from '../../../platform/calendar/calendar.schema';

export const reportKinds = ['weekly', 'monthly'] as const;
export const reportKindNames = { weekly: '服务周报', monthly: '月度服务督查报告' } as const;

export const reportSchema = z.object({
  id: z.number(),
  kind: z.enum(reportKinds),
  kindName: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  sections: z.array(z.object({ title: z.string(), rows: z.array(z.object({ label: z.string(), value: z.union([z.number(), z.string()]).nullable() })) })),
  comments: z.string().nullable(),
  generatedAt: z.string(),
  generatedByName: z.string().nullable(),
});
export type ServiceReport = z.infer<typeof reportSchema>;
export const reportSummarySchema = reportSchema.omit({ sections: true, comments: true });

export const listReportsQuery = z.object({ kind: z.enum(reportKinds).optional() });
export const generateReportBody = z.object({
  kind: z.enum(reportKinds, '报告类型应为 weekly（周报）或 monthly（月报）'),
  date: isoDate.describe('报告期内的任一天：周报为该日所在的周六至周五，月报为该日所在的月份'),
});
export const commentsBody = z.object({ comments: z.string().trim().min(4, '请填写督查意见（至少 4 个字）').max(4000, '督查意见不超过 4000 个字') });
