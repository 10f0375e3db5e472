import type { ModuleManifest } from '../../platform/manifests/manifest';
import { scheduleServiceDemo } from './service.demo';
import { ensureCategoryRules } from './tickets/category-rules.service';
import { ticketRecordType, ticketsRoutes } from './tickets/tickets.routes';
import { TICKET_KIND } from './tickets/tickets.service';
import * as ticketTables from './tickets/tickets.table';

/**
 * 客户服务 (06-service). So far: service tickets with first-responder ownership, transfers, work
 * orders to departments with the customer's confirmation and chargeable work billed, and the
 * category → department → deadline matrix (R-SVC-01…04).
 */
export const serviceModule: ModuleManifest = {
  key: 'service',
  name: '客户服务',
  tables: { ...ticketTables },
  routes: [ticketsRoutes],
  recordTypes: [ticketRecordType],
  referenceData: ensureCategoryRules,
  demoData: scheduleServiceDemo,
  notificationKinds: [{ kind: TICKET_KIND, label: '服务工单', labelEn: 'Service tickets' }],
};
