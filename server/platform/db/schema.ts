// Every table of the application, collected for Drizzle's relational queries and for backups.
// A new module adds one export line here.
export * from '../org/org.table';
export * from '../auth/auth.table';
export * from '../audit/audit.table';
