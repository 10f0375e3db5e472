import { z } from 'zod';
import { pageQuery } from '../../../platform/http/pagination';

// 重大故障 (R-SVC-05).

export const incidentStatuses = ['open', 'fixed', 'closed'] as const;
export const incidentStatusNames = { open: '处理中', fixed: '已修复，待发送分析报告', closed: '已发送分析报告' } as const;
export const reportChannels = ['email', 'letter', 'visit', 'other'] as const;
export const reportChannelNames = { email: '电子邮件', letter: '书面函件', visit: '上门送达', other: '其他' } as const;

const text = (label: string, min: number, max: number) => z.string().trim().min(min, `请填写${label}（至少 ${min} 个字）`).max(max, `${label}不超过 ${max} 个字`);
const instant = (label: string) => z.string().datetime({ offset: true, message: `${label}应为带时区的时间，如 2026-09-01T10:00:00+08:00` });
const id = (label: string) => z.number(`请选择${label}`).int().positive(`请选择${label}`).max(2_147_483_647, '编号超出范围');

export const createIncidentBody = z.object({
  title: text('故障名称', 2, 100),
  description: text('故障情况', 4, 4000),
  occurredAt: instant('发生时间'),
  unitId: id('责任部门'),
  customerIds: z.array(id('受影响客户'), '请选择受影响的客户').min(1, '请至少选择一个受影响的客户').max(200, '一次最多 200 个受影响客户'),
  expectedFixAt: instant('预计修复时间'),
});
export type CreateIncidentBody = z.infer<typeof createIncidentBody>;

export const delayBody = z.object({
  expectedFixAt: instant('新的预计修复时间'),
  reason: text('延误原因', 4, 1000),
  toldAt: instant('告知客户的时间'),
  channel: z.enum(reportChannels, '告知方式应为 email、letter、visit 或 other'),
});
export const fixBody = z.object({ fixedAt: instant('修复时间'), summary: text('修复情况', 4, 2000) });
export const reportBody = z.object({
  impact: text('影响范围', 4, 4000),
  cause: text('故障原因', 4, 4000),
  corrective: text('纠正措施', 4, 4000),
  preventive: text('预防措施', 4, 4000),
});
export const sendReportBody = z.object({ channel: z.enum(reportChannels, '发送方式应为 email、letter、visit 或 other') });
export const askInstructionBody = z.object({ executiveId: id('批示领导'), question: text('请示事项', 4, 2000) });
export const answerInstructionBody = z.object({ entryId: id('请示'), answer: text('批示内容', 2, 2000) });

export const listIncidentsQuery = pageQuery.extend({
  status: z.enum(incidentStatuses).optional(),
});

const entrySchema = z.object({
  id: z.number(),
  kind: z.enum(['recorded', 'delay', 'instruction', 'fixed', 'report', 'sent']),
  note: z.string(),
  expectedFixAt: z.string().nullable(),
  toldAt: z.string().nullable(),
  channel: z.string().nullable(),
  executiveId: z.number().nullable(),
  executiveName: z.string().nullable(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
  byName: z.string().nullable(),
  createdAt: z.string(),
});
export const incidentSummarySchema = z.object({
  id: z.number(),
  number: z.string(),
  title: z.string(),
  occurredAt: z.string(),
  unitId: z.number(),
  unitName: z.string(),
  managerId: z.number(),
  managerName: z.string(),
  status: z.enum(incidentStatuses),
  expectedFixAt: z.string(),
  fixedAt: z.string().nullable(),
  /** Past the expected fix time and not fixed. */
  late: z.boolean(),
  customerCount: z.number(),
});
export const incidentSchema = incidentSummarySchema.extend({
  description: z.string(),
  fixSummary: z.string().nullable(),
  report: reportBody.nullable(),
  reportSentAt: z.string().nullable(),
  reportChannel: z.enum(reportChannels).nullable(),
  customers: z.array(z.object({ id: z.number(), name: z.string(), ownerName: z.string().nullable() })),
  notified: z.array(z.object({ id: z.number(), name: z.string() })),
  log: z.array(entrySchema),
  /** What the caller may do now. */
  canHandle: z.boolean(),
  pendingInstructionIds: z.array(z.number()).describe('请示中等待本人批示的条目'),
});
export type IncidentSummary = z.infer<typeof incidentSummarySchema>;
export type Incident = z.infer<typeof incidentSchema>;
