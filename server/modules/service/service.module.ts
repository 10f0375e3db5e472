import type { ModuleManifest } from '../../platform/manifests/manifest';
import { careRoutes } from './care/care.routes';
import { careGiftApprovalType, carePlanJob } from './care/care.service';
import * as careTables from './care/care.table';
import { complaintSlaJob } from './complaints/complaint-sla.job';
import { complaintRecordType, complaintsRoutes } from './complaints/complaints.routes';
import { COMPLAINT_KIND } from './complaints/complaints.service';
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
  referenceData: ensureCategoryRules,
  demoData: scheduleServiceDemo,
  notificationKinds: [
    { kind: TICKET_KIND, label: '服务工单', labelEn: 'Service tickets' },
    { kind: COMPLAINT_KIND, label: '投诉', labelEn: 'Complaints' },
    { kind: INCIDENT_KIND, label: '重大故障', labelEn: 'Major failures' },
    { kind: REPORT_KIND, label: '服务周报与月报', labelEn: 'Service reports' },
  ],
};
