import type { ModuleManifest } from '../../platform/manifests/manifest';
import { complaintSlaJob } from './complaints/complaint-sla.job';
import { complaintRecordType, complaintsRoutes } from './complaints/complaints.routes';
import { COMPLAINT_KIND } from './complaints/complaints.service';
import * as complaintTables from './complaints/complaints.table';
import { scheduleServiceDemo } from './service.demo';
import { ensureCategoryRules } from './tickets/category-rules.service';
import { ticketRecordType, ticketsRoutes } from './tickets/tickets.routes';
import { TICKET_KIND } from './tickets/tickets.service';
import * as ticketTables from './tickets/tickets.table';

/**
 * 客户服务 (06-service). So far: service tickets with first-responder ownership, transfers, work
 * orders to departments with the customer's confirmation and chargeable work billed, and the
 * category → department → deadline matrix (R-SVC-01…04); complaints with need-to-know and 回避,
 * their 30-minute / 3-day clocks on the holiday duty roster, and the monthly analysis (R-SVC-06, 10…14).
 */
export const serviceModule: ModuleManifest = {
  key: 'service',
  name: '客户服务',
  tables: { ...ticketTables, ...complaintTables },
  routes: [ticketsRoutes, complaintsRoutes],
  jobs: [complaintSlaJob],
  recordTypes: [ticketRecordType, complaintRecordType],
  referenceData: ensureCategoryRules,
  demoData: scheduleServiceDemo,
  notificationKinds: [
    { kind: TICKET_KIND, label: '服务工单', labelEn: 'Service tickets' },
    { kind: COMPLAINT_KIND, label: '投诉', labelEn: 'Complaints' },
  ],
};
