import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/** A routed page: its path (without the leading slash), the permission it needs, and its lazily loaded component. */
export interface PageRoute {
  path: string;
  permission?: string;
  Component: LazyExoticComponent<ComponentType>;
}

// Each page is its own chunk so the first load stays small.
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(() => load().then((module) => ({ default: module[name] })));
}

// Modules add their pages here and their menu entries in navigation.tsx.
export const pageRoutes: PageRoute[] = [
  { path: 'customers', permission: 'customer:read', Component: page(() => import('../features/customers/search/CustomersIndexPage'), 'CustomersIndexPage') },
  { path: 'customers/import', permission: 'customer:import', Component: page(() => import('../features/customers/io/CustomerImportPage'), 'CustomerImportPage') },
  { path: 'customers/new', permission: 'customer:create', Component: page(() => import('../features/customers/archive/CustomerFormPage'), 'CustomerFormPage') },
  { path: 'customers/:id', permission: 'customer:read', Component: page(() => import('../features/customers/archive/CustomerDetailPage'), 'CustomerDetailPage') },
  { path: 'customers/:id/edit', permission: 'customer:update', Component: page(() => import('../features/customers/archive/CustomerFormPage'), 'CustomerFormPage') },
  { path: 'customers/duplicate-check', permission: 'customer:read', Component: page(() => import('../features/customers/search/DuplicateCheckPage'), 'DuplicateCheckPage') },
  { path: 'customers/blacklist', permission: 'customer:read', Component: page(() => import('../features/customers/compliance/BlacklistPage'), 'BlacklistPage') },
  { path: 'customers/unverified', permission: 'customer:read', Component: page(() => import('../features/customers/compliance/UnverifiedCustomersPage'), 'UnverifiedCustomersPage') },
  { path: 'customers/grading', permission: 'customer:read', Component: page(() => import('../features/customers/grading/GradingSettingsPage'), 'GradingSettingsPage') },
  { path: 'customers/top', permission: 'customer:read', Component: page(() => import('../features/customers/grading/TopCustomersPage'), 'TopCustomersPage') },
  { path: 'spaces', permission: 'space:read', Component: page(() => import('../features/spaces/SpacesPage'), 'SpacesPage') },
  { path: 'contracts', permission: 'contract:read', Component: page(() => import('../features/contracts/ContractsPage'), 'ContractsPage') },
  { path: 'contracts/new', permission: 'contract:write', Component: page(() => import('../features/contracts/ContractFormPage'), 'ContractFormPage') },
  { path: 'contracts/deposits', permission: 'space:read', Component: page(() => import('../features/contracts/DepositsPage'), 'DepositsPage') },
  { path: 'contracts/ledger', permission: 'contract:read', Component: page(() => import('../features/contracts/ContractLedgerPage'), 'ContractLedgerPage') },
  { path: 'contracts/incentives', permission: 'contract:read', Component: page(() => import('../features/contracts/IncentivePackagesPage'), 'IncentivePackagesPage') },
  { path: 'contracts/templates', permission: 'system:manage', Component: page(() => import('../features/contracts/ContractTemplatesPage'), 'ContractTemplatesPage') },
  { path: 'contracts/:id', permission: 'contract:read', Component: page(() => import('../features/contracts/ContractDetailPage'), 'ContractDetailPage') },
  { path: 'contracts/:id/edit', permission: 'contract:write', Component: page(() => import('../features/contracts/ContractFormPage'), 'ContractFormPage') },
  { path: 'billing/bills', permission: 'billing:read', Component: page(() => import('../features/billing/BillsPage'), 'BillsPage') },
  { path: 'billing/bills/:id', permission: 'billing:read', Component: page(() => import('../features/billing/BillDetailPage'), 'BillDetailPage') },
  { path: 'billing/receipts', permission: 'billing:read', Component: page(() => import('../features/billing/ReceiptsPage'), 'ReceiptsPage') },
  { path: 'billing/discounts', permission: 'billing:read', Component: page(() => import('../features/billing/DiscountsPage'), 'DiscountsPage') },
  { path: 'billing/credit', permission: 'billing:read', Component: page(() => import('../features/billing/credit/CreditPage'), 'CreditPage') },
  { path: 'service/tickets', permission: 'service:read', Component: page(() => import('../features/service/TicketsPage'), 'TicketsPage') },
  { path: 'service/tickets/:id', permission: 'service:read', Component: page(() => import('../features/service/TicketDetailPage'), 'TicketDetailPage') },
  { path: 'service/category-rules', permission: 'service:read', Component: page(() => import('../features/service/CategoryRulesPage'), 'CategoryRulesPage') },
  { path: 'service/complaints', permission: 'service:read', Component: page(() => import('../features/service/ComplaintsPage'), 'ComplaintsPage') },
  { path: 'service/complaints/:id', permission: 'service:read', Component: page(() => import('../features/service/ComplaintDetailPage'), 'ComplaintDetailPage') },
  { path: 'service/complaint-analysis', permission: 'service:read', Component: page(() => import('../features/service/ComplaintAnalysisPage'), 'ComplaintAnalysisPage') },
  { path: 'service/return-visits', permission: 'service:read', Component: page(() => import('../features/service/ReturnVisitsPage'), 'ReturnVisitsPage') },
  { path: 'service/surveys', permission: 'service:read', Component: page(() => import('../features/service/SurveysPage'), 'SurveysPage') },
  { path: 'service/incidents', permission: 'service:read', Component: page(() => import('../features/service/IncidentsPage'), 'IncidentsPage') },
  { path: 'service/incidents/:id', permission: 'service:read', Component: page(() => import('../features/service/IncidentDetailPage'), 'IncidentDetailPage') },
  { path: 'service/reports', permission: 'service:read', Component: page(() => import('../features/service/ServiceReportsPage'), 'ServiceReportsPage') },
  { path: 'service/care', permission: 'customer:read', Component: page(() => import('../features/service/CarePage'), 'CarePage') },
  { path: 'service/duty-roster', permission: 'service:read', Component: page(() => import('../features/service/DutyRosterPage'), 'DutyRosterPage') },
  { path: 'billing/invoices', permission: 'billing:read', Component: page(() => import('../features/billing/InvoicesPage'), 'InvoicesPage') },
  { path: 'billing/usage', permission: 'billing:read', Component: page(() => import('../features/billing/UsagePage'), 'UsagePage') },
  { path: 'billing/handovers', permission: 'billing:read', Component: page(() => import('../features/billing/HandoversPage'), 'HandoversPage') },
  { path: 'billing/charge-settings', permission: 'system:manage', Component: page(() => import('../features/billing/ChargeSettingsPage'), 'ChargeSettingsPage') },
  { path: 'billing/leakage', permission: 'report:read', Component: page(() => import('../features/billing/LeakagePage'), 'LeakagePage') },
  { path: 'billing/ageing', permission: 'billing:read', Component: page(() => import('../features/billing/AgeingPage'), 'AgeingPage') },
  { path: 'development/my-customers', permission: 'development:read', Component: page(() => import('../features/development/ownership/MyCustomersPage'), 'MyCustomersPage') },
  { path: 'development/pool', permission: 'development:read', Component: page(() => import('../features/development/ownership/PoolPage'), 'PoolPage') },
  { path: 'development/transfers', permission: 'development:read', Component: page(() => import('../features/development/ownership/TransfersPage'), 'TransfersPage') },
  { path: 'development/settings', permission: 'development:settings', Component: page(() => import('../features/development/settings/DevelopmentSettingsPage'), 'DevelopmentSettingsPage') },
  { path: 'development/registrations', permission: 'development:read', Component: page(() => import('../features/development/registrations/RegistrationsPage'), 'RegistrationsPage') },
  { path: 'development/opportunities', permission: 'development:read', Component: page(() => import('../features/development/opportunities/OpportunitiesPage'), 'OpportunitiesPage') },
  { path: 'development/opportunities/:id', permission: 'development:read', Component: page(() => import('../features/development/opportunities/OpportunityDetailPage'), 'OpportunityDetailPage') },
  { path: 'development/funnel', permission: 'development:read', Component: page(() => import('../features/development/opportunities/FunnelPage'), 'FunnelPage') },
  { path: 'development/visits', permission: 'development:read', Component: page(() => import('../features/development/visits/VisitsPage'), 'VisitsPage') },
  { path: 'development/visit-plans', permission: 'development:read', Component: page(() => import('../features/development/visits/VisitPlansPage'), 'VisitPlansPage') },
  { path: 'development/reception', permission: 'reception:write', Component: page(() => import('../features/development/reception/ReceptionDeskPage'), 'ReceptionDeskPage') },
  { path: 'development/reception/stats', permission: 'development:read', Component: page(() => import('../features/development/reception/ReceptionStatsPage'), 'ReceptionStatsPage') },
  { path: 'development/projects', permission: 'development:read', Component: page(() => import('../features/development/projects/ProjectsPage'), 'ProjectsPage') },
  { path: 'development/projects/:id', permission: 'development:read', Component: page(() => import('../features/development/projects/ProjectDetailPage'), 'ProjectDetailPage') },
  { path: 'system/org-units', permission: 'org:read', Component: page(() => import('../features/org/OrgUnitsPage'), 'OrgUnitsPage') },
  { path: 'system/users', permission: 'user:read', Component: page(() => import('../features/users/UsersPage'), 'UsersPage') },
  { path: 'system/roles', permission: 'role:read', Component: page(() => import('../features/roles/RolesPage'), 'RolesPage') },
  { path: 'system/audit', permission: 'audit:read', Component: page(() => import('../features/audit/AuditPage'), 'AuditPage') },
  { path: 'system/calendar', Component: page(() => import('../features/calendar/CalendarPage'), 'CalendarPage') },
  {
    path: 'system/number-rules',
    permission: 'system:manage',
    Component: page(() => import('../features/numbering/NumberRulesPage'), 'NumberRulesPage'),
  },
  { path: 'approvals/inbox', Component: page(() => import('../features/approvals/ApprovalInboxPage'), 'ApprovalInboxPage') },
  { path: 'approvals/mine', Component: page(() => import('../features/approvals/MyApplicationsPage'), 'MyApplicationsPage') },
  {
    path: 'system/approval-flows',
    permission: 'system:manage',
    Component: page(() => import('../features/approvals/ApprovalFlowsPage'), 'ApprovalFlowsPage'),
  },
  { path: 'tasks', Component: page(() => import('../features/tasks/MyTasksPage'), 'MyTasksPage') },
  { path: 'notifications', Component: page(() => import('../features/notifications/NotificationsPage'), 'NotificationsPage') },
  { path: 'system/jobs', permission: 'system:manage', Component: page(() => import('../features/jobs/JobsPage'), 'JobsPage') },
  { path: 'system/dictionaries', Component: page(() => import('../features/dictionaries/DictionariesPage'), 'DictionariesPage') },
];
