// Every table of the application, collected for Drizzle's relational queries and for backups.
// A new module adds one export line here.
export * from '../org/org.table';
export * from '../auth/auth.table';
export * from '../audit/audit.table';
export * from '../approvals/approvals.table';
export * from '../tasks/tasks.table';
export * from '../notifications/notifications.table';
export * from '../jobs/jobs.table';
export * from '../calendar/calendar.table';
export * from '../numbering/numbering.table';
export * from '../files/files.table';
export * from '../dictionaries/dictionaries.table';
export * from '../../modules/customers/customers.table';
export * from '../../modules/development/settings/development-settings.table';
export * from '../../modules/development/registrations/registrations.table';
export * from '../../modules/development/ownership/transfers.table';
export * from '../../modules/development/opportunities/opportunities.table';
export * from '../../modules/development/visits/visits.table';
export * from '../../modules/development/reception/reception.table';
export * from '../../modules/development/projects/projects.table';
