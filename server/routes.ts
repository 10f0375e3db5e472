import { customerComplianceRoutes } from './modules/customers/customer-compliance.routes';
import { customerGradingRoutes } from './modules/customers/customer-grading.routes';
import { customerImportRoutes } from './modules/customers/customer-import.routes';
import { customerSearchRoutes } from './modules/customers/customer-search.routes';
import { customersRoutes } from './modules/customers/customers.routes';
import { developmentSettingsRoutes } from './modules/development/settings/development-settings.routes';
import { ownershipRoutes } from './modules/development/ownership/ownership.routes';
import { registrationsRoutes } from './modules/development/registrations/registrations.routes';
import { opportunitiesRoutes } from './modules/development/opportunities/opportunities.routes';
import { visitsRoutes } from './modules/development/visits/visits.routes';
import { receptionRoutes } from './modules/development/reception/reception.routes';
import { projectsRoutes } from './modules/development/projects/projects.routes';
import { approvalsRoutes } from './platform/approvals/approvals.routes';
import { handOverRoutes } from './platform/org/hand-over.routes';
import { auditRoutes } from './platform/audit/audit.routes';
import { authRoutes } from './platform/auth/auth.routes';
import { calendarRoutes } from './platform/calendar/calendar.routes';
import type { Deps } from './platform/deps';
import { dictionariesRoutes } from './platform/dictionaries/dictionaries.routes';
import { filesRoutes } from './platform/files/files.routes';
import type { AppInstance } from './platform/http/types';
import { jobsRoutes } from './platform/jobs/jobs.routes';
import { notificationsRoutes } from './platform/notifications/notifications.routes';
import { numberingRoutes } from './platform/numbering/numbering.routes';
import { orgRoutes } from './platform/org/org.routes';
import { tasksRoutes } from './platform/tasks/tasks.routes';

/** Every HTTP module of the application; a new module adds one line. */
export const routeModules: ((app: AppInstance, deps: Deps) => void)[] = [
  authRoutes,
  orgRoutes,
  auditRoutes,
  approvalsRoutes,
  tasksRoutes,
  notificationsRoutes,
  jobsRoutes,
  calendarRoutes,
  numberingRoutes,
  filesRoutes,
  dictionariesRoutes,
  customersRoutes,
  customerSearchRoutes,
  customerImportRoutes,
  customerComplianceRoutes,
  customerGradingRoutes,
  developmentSettingsRoutes,
  ownershipRoutes,
  registrationsRoutes,
  opportunitiesRoutes,
  visitsRoutes,
  receptionRoutes,
  projectsRoutes,
  handOverRoutes,
];
