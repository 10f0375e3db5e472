import type { ModuleManifest } from '../../platform/manifests/manifest';
import { careRoutes } from './care/care.routes';
import { careGiftApprovalType, carePlanJob } from './care/care.service';
import * as careTables from './care/care.table';
import { complaintSlaJob } from './complaints/complaint-sla.job';
import { complaintRecordType, complaintsRoutes } from './complaints/complaints.routes';
import { COMPLAINT_KIND, COMPLAINT_RULE } from './complaints/complaints.service';
import * as complaintTables from './complaints/complaints.table';
import { incidentsRoutes } from './incidents/incidents.routes';
import { INCIDENT_KIND, incidentLateJob } from './incidents/incidents.service';
import * as incidentTables from './incidents/incidents.table';
import { serviceReportsRoutes } from './reports/reports.routes';
import { REPORT_KIND, serviceReportJob } from './reports/reports.service';
import * as reportTables from './reports/reports.table';
import { scheduleServiceDemo } from './service.demo';
import { surveysRoutes } from './surveys/surveys.routes';
import * as surveyTables from './surveys/surveys.table';
import { returnVisitsRoutes } from './visits/return-visits.routes';
import { returnVisitPlanJob } from './visits/return-visits.service';
import * as visitTables from './visits/return-visits.table';
import { ensureCategoryRules } from './tickets/category-rules.service';
import { ticketRecordType, ticketsRoutes } from './tickets/tickets.routes';
import { TICKET_KIND } from './tickets/tickets.service';
import * as ticketTables from './tickets/tickets.table';

/**
 * 客户服务 (06-service). So far: service tickets with first-responder ownership, transfers, work
 * orders to departments with the customer's confirmation and chargeable work billed, and the
 * category → department → deadline matrix (R-SVC-01…04); complaints with need-to-know and 回避,
 * their 30-minute / 3-day clocks on the holiday duty roster, and the monthly analysis (R-SVC-06, 10…14);
 * return visits planned per contract, key-account grade, renewal and closed complaint (R-SVC-20, 21);
 * satisfaction surveys answered by staff or through a one-time link (R-SVC-22); major failures with
 * their notification chain, delays told to the customers, 批示 and 故障分析报告 (R-SVC-05); the
 * weekly and monthly service reports to the GM (R-SVC-06); the care calendar of key accounts with
 * gifts on an approved budget (R-SVC-23).
 */
export const serviceModule: ModuleManifest = {
  key: 'service',
  name: '客户服务',
  tables: { ...ticketTables, ...complaintTables, ...visitTables, ...surveyTables, ...incidentTables, ...reportTables, ...careTables },
  routes: [ticketsRoutes, complaintsRoutes, returnVisitsRoutes, surveysRoutes, incidentsRoutes, serviceReportsRoutes, careRoutes],
  jobs: [complaintSlaJob, returnVisitPlanJob, incidentLateJob, serviceReportJob, carePlanJob],
  approvalTypes: [careGiftApprovalType],
  recordTypes: [ticketRecordType, complaintRecordType],
  // First registration of a key wins across modules; these name the service forms' fields.
  fieldLabels: {
    contactName: '联系人',
    contactPhone: '联系电话',
    channel: '渠道',
    category: '类别',
    priority: '优先级',
    complainantName: '投诉人',
    forwardedBy: '转来单位',
    family: '投诉大类',
    subtype: '投诉小类',
    targetUserId: '被投诉人',
    targetUnitId: '被投诉部门',
    facts: '投诉事实',
    eventAt: '事发时间',
    handlerId: '处理人',
    investigatorId: '调查人',
    plan: '处理方案',
    findings: '调查结果',
    criterion: '定性依据',
    reply: '答复',
    meetingAt: '会议时间',
    attendees: '参会人员',
    decision: '会议决定',
    measure: '处理措施',
    toUserId: '移交给',
    visitorId: '回访人',
    visitedOn: '回访日期',
    method: '回访方式',
    people: '客户方接待人',
    scores: '满意度',
    expenses: '费用',
    followUps: '跟进事项',
    occurredAt: '发生时间',
    customerIds: '受影响客户',
    expectedFixAt: '预计修复时间',
    toldAt: '告知客户的时间',
    fixedAt: '修复时间',
    impact: '影响范围',
    cause: '故障原因',
    corrective: '纠正措施',
    preventive: '预防措施',
    executiveId: '批示领导',
    question: '请示事项',
    entryId: '请示',
    answer: '批示内容',
    gift: '礼品',
    budget: '礼品预算',
    outcome: '关怀情况',
    actualCost: '实际花费',
    needs: '明年需求',
    notifiedOn: '告知日期',
    comments: '督查意见',
  },
  // Complaint handling escalates past the avoided managers on its own clocks (complaint-sla.job).
  selfEscalatingTaskRules: [COMPLAINT_RULE],
  referenceData: ensureCategoryRules,
  demoData: scheduleServiceDemo,
  notificationKinds: [
    { kind: TICKET_KIND, label: '服务工单', labelEn: 'Service tickets' },
    { kind: COMPLAINT_KIND, label: '投诉', labelEn: 'Complaints' },
    { kind: INCIDENT_KIND, label: '重大故障', labelEn: 'Major failures' },
    { kind: REPORT_KIND, label: '服务周报与月报', labelEn: 'Service reports' },
  ],
};
