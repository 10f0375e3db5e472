import { z } from 'zod';
import { isoDate } from '../../../platform/calendar/calendar.schema';
import { pageQuery } from '../../../platform/http/pagination';
import { channels } from '../tickets/tickets.schema';

// 投诉 (R-SVC-10…14): the record, its two type families, the validity criteria and the clocks.

export const complaintSubtypes = {
  service: { attitude: '服务态度', broken_promise: '未兑现承诺', misconduct: '违规违纪', negligence: '工作失职' },
  business: { cargo_discrepancy: '货差', timeliness: '时效', info_error: '信息错误', insurance_claim: '保险理赔', billing: '账务收费', facilities: '设施设备' },
} as const;
export const complaintFamilies = ['service', 'business'] as const;
export const familyNames = { service: '服务投诉', business: '业务投诉' } as const;
export const complaintSources = ['customer', 'regulator', 'association'] as const;
export const sourceNames = { customer: '客户', regulator: '监管部门转来', association: '行业协会转来' } as const;
export const complaintStatuses = ['handling', 'waiting', 'replied', 'closed'] as const;
export const complaintStatusNames = { handling: '处理中', waiting: '等待客户', replied: '已答复', closed: '已结案' } as const;

/**
 * The criteria of R-SVC-11. Each fixes the classification it supports: validity and 一般/恶性
 * (valid) or 一般/恶意 (invalid) — so a classification always names what it rests on.
 */
export const criteria = {
  facts_established: { validity: 'valid', severity: 'general', name: '事实成立，确属我方责任' },
  media_exposure: { validity: 'valid', severity: 'serious', name: '事实成立，已被媒体曝光' },
  serious_conflict: { validity: 'valid', severity: 'serious', name: '事实成立，引发冲突或造成严重社会影响' },
  complainant_fault: { validity: 'invalid', severity: 'general', name: '事实有出入，过错在投诉人（误解）' },
  facts_not_established: { validity: 'invalid', severity: 'general', name: '主要事实不成立' },
  unverifiable: { validity: 'invalid', severity: 'general', name: '无法核实' },
  late_attitude: { validity: 'invalid', severity: 'general', name: '服务态度投诉超过事发后一个月才提出' },
  beyond_promise: { validity: 'invalid', severity: 'malicious', name: '要求超出承诺范围（不当要求）' },
  anonymous_without_facts: { validity: 'invalid', severity: 'malicious', name: '匿名且无事实依据' },
  provocation: { validity: 'invalid', severity: 'malicious', name: '故意挑衅' },
} as const;
export type Criterion = keyof typeof criteria;
export const criterionCodes = Object.keys(criteria) as [Criterion, ...Criterion[]];
export const severityNames = { general: '一般', serious: '恶性', malicious: '恶意' } as const;
export const validityNames = { valid: '有效', invalid: '无效' } as const;

const text = (label: string, min: number, max: number) => z.string().trim().min(min, `请填写${label}（至少 ${min} 个字）`).max(max, `${label}不超过 ${max} 个字`);
const instant = (label: string) => z.string().datetime({ offset: true, message: `${label}应为带时区的时间，如 2026-09-01T10:00:00+08:00` });

export const createComplaintBody = z
  .object({
    kind: z.enum(['complaint', 'grievance'], '类型应为 complaint（投诉）或 grievance（抱怨）').default('complaint'),
    source: z.enum(complaintSources, '来源应为 customer、regulator 或 association').default('customer'),
    forwardedBy: z.string().trim().max(100, '转来单位不超过 100 个字').nullish(),
    customerId: z.number('请选择投诉客户').int().positive('请选择投诉客户').max(2_147_483_647, '编号超出范围'),
    complainantName: text('投诉人', 1, 50),
    contactPhone: z.string().trim().max(30, '电话不超过 30 个字符').nullish(),
    channel: z.enum(channels, '受理渠道应为 phone、visit、letter、email 或 im'),
    family: z.enum(complaintFamilies, '投诉大类应为 service（服务投诉）或 business（业务投诉）'),
    subtype: z.string().trim().min(1, '请选择投诉小类').max(30),
    targetUserId: z.number().int().positive().max(2_147_483_647, '编号超出范围').nullish(),
    targetUnitId: z.number().int().positive().max(2_147_483_647, '编号超出范围').nullish(),
    facts: text('投诉事实', 4, 4000),
    eventAt: instant('事发时间'),
    handlerId: z.number().int().positive().max(2_147_483_647, '编号超出范围').nullish().describe('处理人；不填为受理人本人'),
  })
  .superRefine((body, ctx) => {
    if (!(body.subtype in complaintSubtypes[body.family])) {
      const names = Object.values(complaintSubtypes[body.family]).join('、');
      ctx.addIssue({ code: 'custom', path: ['subtype'], message: `${familyNames[body.family]}的小类应为：${names}` });
    }
    if (body.source !== 'customer' && !body.forwardedBy) ctx.addIssue({ code: 'custom', path: ['forwardedBy'], message: '监管部门或协会转来的投诉须填写转来单位' });
    if (body.kind === 'complaint' && !body.targetUserId && !body.targetUnitId) ctx.addIssue({ code: 'custom', path: ['targetUserId'], message: '请填写被投诉的人员或部门' });
  });
export type CreateComplaintBody = z.infer<typeof createComplaintBody>;

export const listComplaintsQuery = pageQuery.extend({
  status: z.enum(complaintStatuses).optional(),
  kind: z.enum(['complaint', 'grievance']).optional(),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式为 YYYY-MM').optional(),
  breached: z.enum(['true', 'false']).optional().describe('只看超时的（计划或办结）'),
  q: z.string().trim().max(50).optional().describe('投诉编号、客户名称或投诉人'),
});

export const assignBody = z.object({
  handlerId: z.number().int().positive().max(2_147_483_647, '编号超出范围').nullish(),
  investigatorId: z.number().int().positive().max(2_147_483_647, '编号超出范围').nullish(),
});
export const planBody = z.object({ plan: text('处理方案', 4, 2000) });
export const pauseBody = z.object({ reason: text('暂停原因', 2, 500) });
export const findingsBody = z.object({ findings: text('调查结果', 4, 4000) });
export const classifyBody = z.object({
  criterion: z.enum(criterionCodes, '请选择定性依据'),
  note: z.string().trim().max(1000).nullish(),
});
export const meetingBody = z.object({
  meetingAt: instant('会议时间'),
  attendees: text('参会人', 2, 500),
  decision: text('会议决定', 4, 2000),
  notifyAuthorities: z.boolean(),
});
export const replyBody = z.object({ reply: text('答复内容', 4, 4000) });
export const satisfactionBody = z.object({ satisfied: z.boolean(), note: z.string().trim().max(1000).nullish() });
export const accountabilityBody = z
  .object({
    accountableUserId: z.number().int().positive().max(2_147_483_647, '编号超出范围').nullish(),
    accountableUnitId: z.number().int().positive().max(2_147_483_647, '编号超出范围').nullish(),
    measure: text('处理措施', 4, 1000),
  })
  .refine((body) => body.accountableUserId || body.accountableUnitId, { path: ['accountableUserId'], message: '请填写责任人或责任部门' });
export const handOverBody = z.object({ toUserId: z.number('请选择接手人').int().positive('请选择接手人').max(2_147_483_647, '编号超出范围'), reason: text('移交说明', 4, 500) });

const clockSchema = z.object({
  dueAt: z.string().nullable(),
  doneAt: z.string().nullable(),
  breached: z.boolean(),
  usedMinutes: z.number().int(),
  limitMinutes: z.number().int(),
  paused: z.boolean(),
});
export type ClockView = z.infer<typeof clockSchema>;

export const complaintSummarySchema = z.object({
  id: z.number().int(),
  number: z.string(),
  kind: z.enum(['complaint', 'grievance']),
  source: z.enum(complaintSources),
  customerId: z.number().int(),
  customerName: z.string(),
  complainantName: z.string(),
  family: z.enum(complaintFamilies),
  subtype: z.string(),
  subtypeName: z.string(),
  status: z.enum(complaintStatuses),
  handlerId: z.number().int(),
  handlerName: z.string(),
  receivedAt: z.string(),
  validity: z.enum(['valid', 'invalid']).nullable(),
  severity: z.enum(['general', 'serious', 'malicious']).nullable(),
  plan: clockSchema.nullable(),
  resolve: clockSchema.nullable(),
});
export type ComplaintSummary = z.infer<typeof complaintSummarySchema>;

export const complaintDetailSchema = complaintSummarySchema.extend({
  forwardedBy: z.string().nullable(),
  contactPhone: z.string().nullable(),
  channel: z.enum(channels),
  targetUserId: z.number().int().nullable(),
  targetName: z.string().nullable(),
  targetUnitId: z.number().int().nullable(),
  targetUnitName: z.string().nullable(),
  facts: z.string(),
  eventAt: z.string(),
  takenById: z.number().int(),
  takenByName: z.string(),
  investigatorId: z.number().int().nullable(),
  investigatorName: z.string().nullable(),
  planText: z.string().nullable(),
  findings: z.string().nullable(),
  criterion: z.string().nullable(),
  criterionName: z.string().nullable(),
  classificationNote: z.string().nullable(),
  proposedCriterion: z.string().nullable().describe('系统据日期提出的定性依据（如态度投诉超过一个月）'),
  meeting: z.object({ meetingAt: z.string(), attendees: z.string(), decision: z.string(), notifyAuthorities: z.boolean() }).nullable(),
  reply: z.string().nullable(),
  repliedAt: z.string().nullable(),
  satisfaction: z.enum(['satisfied', 'dissatisfied']).nullable(),
  reopenCount: z.number().int(),
  accountability: z.object({ userId: z.number().int().nullable(), userName: z.string().nullable(), unitId: z.number().int().nullable(), unitName: z.string().nullable(), measure: z.string() }).nullable(),
  handedOverToName: z.string().nullable(),
  pauses: z.array(z.object({ reason: z.string(), startedAt: z.string(), endedAt: z.string().nullable() })),
  log: z.array(z.object({ action: z.string(), note: z.string(), byName: z.string().nullable(), createdAt: z.string() })),
  canHandle: z.boolean(),
  canManage: z.boolean(),
});
export type ComplaintDetail = z.infer<typeof complaintDetailSchema>;

export const dutyRosterQuery = z.object({ from: isoDate, to: isoDate });
export const dutyRosterBody = z.object({ day: isoDate, userId: z.number('请选择值班人').int().positive('请选择值班人').max(2_147_483_647, '编号超出范围'), note: z.string().trim().max(200).nullish() });
export const dutyEntrySchema = z.object({ id: z.number().int(), day: z.string(), userId: z.number().int(), userName: z.string(), note: z.string().nullable(), workday: z.boolean() });
export const serviceSettingsSchema = z.object({ avoidManagerChain: z.boolean(), returnVisitUnitId: z.number().int().positive().max(2_147_483_647, '编号超出范围').nullish().describe('回访负责部门；不设为各客户所属部门') });
export const analysisBody = z.object({ causes: text('原因分析', 4, 4000), actions: text('改进措施', 4, 4000) });
