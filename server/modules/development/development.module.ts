import { contribute, type ModuleManifest } from '../../platform/manifests/manifest';
import { customerMergeSteps } from '../customers';
import { scheduleDevelopmentDemo } from './development.demo';
import { opportunitiesHandOver, opportunitiesMergeStep } from './opportunities/opportunities.service';
import { opportunitiesRoutes } from './opportunities/opportunities.routes';
import * as opportunityTables from './opportunities/opportunities.table';
import { opportunityStaleJob } from './opportunities/opportunity-follow-up.service';
import { customerReleaseJob } from './ownership/customer-release.job';
import { ownershipNotificationKind } from './ownership/ownership-effects';
import { customersHandOver } from './ownership/ownership-hand-over';
import { ownershipRoutes } from './ownership/ownership.routes';
import { transferApprovalType } from './ownership/transfers.service';
import * as transferTables from './ownership/transfers.table';
import { projectApprovalType } from './projects/project-approval';
import { projectReviewJob } from './projects/projects.jobs';
import { projectsRoutes } from './projects/projects.routes';
import { projectsHandOver } from './projects/projects.service';
import * as projectTables from './projects/projects.table';
import { rotationHandOver } from './reception/reception-rotation.service';
import { receptionRoutes } from './reception/reception.routes';
import { receptionNotificationKind } from './reception/reception.service';
import * as receptionTables from './reception/reception.table';
import { registrationAnnouncementKind, registrationApprovalType, registrationEndedKind } from './registrations/registration-approval';
import { registrationsHandOver } from './registrations/registration-management.service';
import { registrationLapseJob } from './registrations/registrations.jobs';
import { registrationsRoutes } from './registrations/registrations.routes';
import * as registrationTables from './registrations/registrations.table';
import { developmentSettingsRoutes } from './settings/development-settings.routes';
import * as settingsTables from './settings/development-settings.table';
import { visitPlansHandOver } from './visits/visit-hand-over';
import { visitPlanApprovalType } from './visits/visit-plans.service';
import { visitReportOverdueJob } from './visits/visits.jobs';
import { visitsRoutes } from './visits/visits.routes';
import { visitReviewedKind } from './visits/visits.service';
import * as visitTables from './visits/visits.table';

/**
 * 客户开发 (03-development): 报备 with exclusive rights, 公海/私海, transfers and departures,
 * opportunities, visits, reception and development projects.
 */
export const developmentModule: ModuleManifest = {
  key: 'development',
  name: '客户开发',
  tables: {
    ...settingsTables,
    ...registrationTables,
    ...transferTables,
    ...opportunityTables,
    ...visitTables,
    ...receptionTables,
    ...projectTables,
  },
  // R-PLT-04: the visitor's phone on a reception record (the customer's own fields live in customers).
  sensitiveFields: { reception_record: { contactPhone: 'mobile' } },
  routes: [developmentSettingsRoutes, ownershipRoutes, registrationsRoutes, opportunitiesRoutes, visitsRoutes, receptionRoutes, projectsRoutes],
  jobs: [registrationLapseJob, customerReleaseJob, opportunityStaleJob, visitReportOverdueJob, projectReviewJob],
  approvalTypes: [registrationApprovalType, transferApprovalType, visitPlanApprovalType, projectApprovalType],
  handOverSteps: [customersHandOver, registrationsHandOver, opportunitiesHandOver, visitPlansHandOver, rotationHandOver, projectsHandOver],
  notificationKinds: [ownershipNotificationKind, registrationAnnouncementKind, registrationEndedKind, visitReviewedKind, receptionNotificationKind],
  contributions: [contribute(customerMergeSteps, opportunitiesMergeStep)],
  demoData: scheduleDevelopmentDemo,
};
