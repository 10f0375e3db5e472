import * as approvalTables from './approvals/approvals.table';
import { approvalsRoutes } from './approvals/approvals.routes';
import { auditChainFullJob, auditChainJob } from './audit/audit-chain.job';
import * as auditTables from './audit/audit.table';
import { auditRoutes } from './audit/audit.routes';
import * as authTables from './auth/auth.table';
import { authRoutes } from './auth/auth.routes';
import * as calendarTables from './calendar/calendar.table';
import { calendarRoutes } from './calendar/calendar.routes';
import { dailyBackupJob } from './db/backup.job';
import * as dictionaryTables from './dictionaries/dictionaries.table';
import { dictionariesRoutes } from './dictionaries/dictionaries.routes';
import * as fileTables from './files/files.table';
import { filesRoutes } from './files/files.routes';
import { approvalRecordType, orgUnitRecordType, userRecordType } from './files/record-access';
import * as jobTables from './jobs/jobs.table';
import { jobsRoutes } from './jobs/jobs.routes';
import { analyzeJob, jobRunCleanupJob, sessionPurgeJob } from './jobs/maintenance.job';
import type { ModuleManifest } from './manifests/manifest';
import * as notificationTables from './notifications/notifications.table';
import { notificationEmailJob } from './notifications/notification-email.job';
import { notificationsRoutes } from './notifications/notifications.routes';
import * as numberingTables from './numbering/numbering.table';
import { numberingRoutes } from './numbering/numbering.routes';
import { handOverRoutes } from './org/hand-over.routes';
import { approvalsHandOver, tasksHandOver } from './org/hand-over.service';
import * as orgTables from './org/org.table';
import { orgRoutes } from './org/org.routes';
import { userSensitiveFields } from './org/users.service';
import { ensurePlatformData } from './seed/platform-data';
import { taskEscalationJob } from './tasks/task-escalation.job';
import * as taskTables from './tasks/tasks.table';
import * as viewTables from './views/saved-views.table';
import { tasksRoutes } from './tasks/tasks.routes';

/** The platform's own manifest: org and access, audit, approvals, tasks, jobs and the other services. */
export const platformModule: ModuleManifest = {
  key: 'platform',
  name: '平台',
  tables: {
    ...orgTables,
    ...authTables,
    ...auditTables,
    ...approvalTables,
    ...taskTables,
    ...notificationTables,
    ...jobTables,
    ...calendarTables,
    ...numberingTables,
    ...fileTables,
    ...dictionaryTables,
    ...viewTables,
  },
  routes: [
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
    handOverRoutes,
  ],
  jobs: [auditChainJob, auditChainFullJob, sessionPurgeJob, jobRunCleanupJob, analyzeJob, taskEscalationJob, notificationEmailJob, dailyBackupJob],
  handOverSteps: [tasksHandOver, approvalsHandOver],
  recordTypes: [userRecordType, orgUnitRecordType, approvalRecordType],
  sensitiveFields: { user: userSensitiveFields },
  referenceData: ensurePlatformData,
};
