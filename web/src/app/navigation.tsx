import {
  ApartmentOutlined,
  AuditOutlined,
  NodeIndexOutlined,
  BellOutlined,
  ContactsOutlined,
  CrownOutlined,
  FileSearchOutlined,
  IdcardOutlined,
  ImportOutlined,
  SafetyOutlined,
  StopOutlined,
  TrophyOutlined,
  CarryOutOutlined,
  FileDoneOutlined,
  FormOutlined,
  BookOutlined,
  CheckSquareOutlined,
  FieldTimeOutlined,
  CalendarOutlined,
  NumberOutlined,
  DashboardOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  TeamOutlined,
  BarChartOutlined,
  CoffeeOutlined,
  ControlOutlined,
  FlagOutlined,
  FundOutlined,
  FunnelPlotOutlined,
  GlobalOutlined,
  ProfileOutlined,
  ProjectOutlined,
  ScheduleOutlined,
  SwapOutlined,
  UserOutlined,
  AimOutlined,
  AppstoreOutlined,
  HomeOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { MessageKey } from './i18n/dictionary';

/** A sidebar group (菜单分组). */
export interface NavigationGroup {
  key: string;
  labelKey: MessageKey;
  icon: ReactNode;
}

/** One page of the app: drives the sidebar, the breadcrumb and the dashboard cards. */
export interface NavigationEntry {
  /** Stable hook for browser tests: rendered as data-menu on the menu link. */
  key: string;
  path: string;
  labelKey: MessageKey;
  descriptionKey?: MessageKey;
  icon: ReactNode;
  /** Permission needed to see and open the page; none = everyone signed in. */
  permission?: string;
  group?: string;
}

export const navigationGroups: NavigationGroup[] = [
  { key: 'customers', labelKey: 'menu.customers', icon: <ContactsOutlined /> },
  { key: 'development', labelKey: 'menu.development', icon: <AimOutlined /> },
  { key: 'leasing', labelKey: 'menu.leasing', icon: <HomeOutlined /> },
  { key: 'approvals', labelKey: 'menu.approvals', icon: <CarryOutOutlined /> },
  { key: 'system', labelKey: 'menu.system', icon: <SettingOutlined /> },
];

// Later modules (客户、开发、合同、账务…) append their pages here.
export const navigationEntries: NavigationEntry[] = [
  { key: 'home', path: '/', labelKey: 'menu.home', icon: <DashboardOutlined /> },
  {
    key: 'customers',
    path: '/customers',
    labelKey: 'menu.customerList',
    descriptionKey: 'menu.customerList.description',
    icon: <IdcardOutlined />,
    permission: 'customer:read',
    group: 'customers',
  },
  {
    key: 'customer-import',
    path: '/customers/import',
    labelKey: 'menu.customerImport',
    descriptionKey: 'menu.customerImport.description',
    icon: <ImportOutlined />,
    permission: 'customer:import',
    group: 'customers',
  },
  {
    key: 'duplicate-check',
    path: '/customers/duplicate-check',
    labelKey: 'menu.duplicateCheck',
    descriptionKey: 'menu.duplicateCheck.description',
    icon: <FileSearchOutlined />,
    permission: 'customer:read',
    group: 'customers',
  },
  {
    key: 'blacklist',
    path: '/customers/blacklist',
    labelKey: 'menu.blacklist',
    descriptionKey: 'menu.blacklist.description',
    icon: <StopOutlined />,
    permission: 'customer:read',
    group: 'customers',
  },
  {
    key: 'unverified',
    path: '/customers/unverified',
    labelKey: 'menu.unverified',
    descriptionKey: 'menu.unverified.description',
    icon: <SafetyOutlined />,
    permission: 'customer:read',
    group: 'customers',
  },
  {
    key: 'grading',
    path: '/customers/grading',
    labelKey: 'menu.grading',
    descriptionKey: 'menu.grading.description',
    icon: <CrownOutlined />,
    permission: 'customer:read',
    group: 'customers',
  },
  {
    key: 'top-customers',
    path: '/customers/top',
    labelKey: 'menu.topCustomers',
    descriptionKey: 'menu.topCustomers.description',
    icon: <TrophyOutlined />,
    permission: 'customer:read',
    group: 'customers',
  },
  {
    key: 'my-customers',
    path: '/development/my-customers',
    labelKey: 'menu.myCustomers',
    descriptionKey: 'menu.myCustomers.description',
    icon: <UserOutlined />,
    permission: 'development:read',
    group: 'development',
  },
  {
    key: 'pool',
    path: '/development/pool',
    labelKey: 'menu.pool',
    descriptionKey: 'menu.pool.description',
    icon: <GlobalOutlined />,
    permission: 'development:read',
    group: 'development',
  },
  {
    key: 'registrations',
    path: '/development/registrations',
    labelKey: 'menu.registrations',
    descriptionKey: 'menu.registrations.description',
    icon: <FlagOutlined />,
    permission: 'development:read',
    group: 'development',
  },
  {
    key: 'opportunities',
    path: '/development/opportunities',
    labelKey: 'menu.opportunities',
    descriptionKey: 'menu.opportunities.description',
    icon: <FundOutlined />,
    permission: 'development:read',
    group: 'development',
  },
  {
    key: 'funnel',
    path: '/development/funnel',
    labelKey: 'menu.funnel',
    descriptionKey: 'menu.funnel.description',
    icon: <FunnelPlotOutlined />,
    permission: 'development:read',
    group: 'development',
  },
  {
    key: 'visits',
    path: '/development/visits',
    labelKey: 'menu.visits',
    descriptionKey: 'menu.visits.description',
    icon: <ScheduleOutlined />,
    permission: 'development:read',
    group: 'development',
  },
  {
    key: 'visit-plans',
    path: '/development/visit-plans',
    labelKey: 'menu.visitPlans',
    descriptionKey: 'menu.visitPlans.description',
    icon: <ProfileOutlined />,
    permission: 'development:read',
    group: 'development',
  },
  {
    key: 'reception',
    path: '/development/reception',
    labelKey: 'menu.reception',
    descriptionKey: 'menu.reception.description',
    icon: <CoffeeOutlined />,
    permission: 'reception:write',
    group: 'development',
  },
  {
    key: 'reception-stats',
    path: '/development/reception/stats',
    labelKey: 'menu.receptionStats',
    descriptionKey: 'menu.receptionStats.description',
    icon: <BarChartOutlined />,
    permission: 'development:read',
    group: 'development',
  },
  {
    key: 'projects',
    path: '/development/projects',
    labelKey: 'menu.projects',
    descriptionKey: 'menu.projects.description',
    icon: <ProjectOutlined />,
    permission: 'development:read',
    group: 'development',
  },
  {
    key: 'transfers',
    path: '/development/transfers',
    labelKey: 'menu.transfers',
    descriptionKey: 'menu.transfers.description',
    icon: <SwapOutlined />,
    permission: 'development:read',
    group: 'development',
  },
  {
    key: 'development-settings',
    path: '/development/settings',
    labelKey: 'menu.developmentSettings',
    descriptionKey: 'menu.developmentSettings.description',
    icon: <ControlOutlined />,
    permission: 'development:settings',
    group: 'development',
  },
  {
    key: 'spaces',
    path: '/spaces',
    labelKey: 'menu.spaces',
    descriptionKey: 'menu.spaces.description',
    icon: <AppstoreOutlined />,
    permission: 'space:read',
    group: 'leasing',
  },
  {
    key: 'approval-inbox',
    path: '/approvals/inbox',
    labelKey: 'menu.approvalInbox',
    descriptionKey: 'menu.approvalInbox.description',
    icon: <FileDoneOutlined />,
    group: 'approvals',
  },
  {
    key: 'my-applications',
    path: '/approvals/mine',
    labelKey: 'menu.myApplications',
    descriptionKey: 'menu.myApplications.description',
    icon: <FormOutlined />,
    group: 'approvals',
  },
  { key: 'tasks', path: '/tasks', labelKey: 'menu.tasks', descriptionKey: 'menu.tasks.description', icon: <CheckSquareOutlined /> },
  {
    key: 'notifications',
    path: '/notifications',
    labelKey: 'menu.notifications',
    descriptionKey: 'menu.notifications.description',
    icon: <BellOutlined />,
  },
  {
    key: 'org-units',
    path: '/system/org-units',
    labelKey: 'menu.orgUnits',
    descriptionKey: 'menu.orgUnits.description',
    icon: <ApartmentOutlined />,
    permission: 'org:read',
    group: 'system',
  },
  {
    key: 'users',
    path: '/system/users',
    labelKey: 'menu.users',
    descriptionKey: 'menu.users.description',
    icon: <TeamOutlined />,
    permission: 'user:read',
    group: 'system',
  },
  {
    key: 'roles',
    path: '/system/roles',
    labelKey: 'menu.roles',
    descriptionKey: 'menu.roles.description',
    icon: <SafetyCertificateOutlined />,
    permission: 'role:read',
    group: 'system',
  },
  {
    key: 'audit',
    path: '/system/audit',
    labelKey: 'menu.audit',
    descriptionKey: 'menu.audit.description',
    icon: <AuditOutlined />,
    permission: 'audit:read',
    group: 'system',
  },
  {
    key: 'approval-flows',
    path: '/system/approval-flows',
    labelKey: 'menu.approvalFlows',
    descriptionKey: 'menu.approvalFlows.description',
    icon: <NodeIndexOutlined />,
    permission: 'system:manage',
    group: 'system',
  },
  {
    key: 'jobs',
    path: '/system/jobs',
    labelKey: 'menu.jobs',
    descriptionKey: 'menu.jobs.description',
    icon: <FieldTimeOutlined />,
    permission: 'system:manage',
    group: 'system',
  },
  {
    key: 'calendar',
    path: '/system/calendar',
    labelKey: 'menu.calendar',
    descriptionKey: 'menu.calendar.description',
    icon: <CalendarOutlined />,
    permission: 'system:manage',
    group: 'system',
  },
  {
    key: 'number-rules',
    path: '/system/number-rules',
    labelKey: 'menu.numberRules',
    descriptionKey: 'menu.numberRules.description',
    icon: <NumberOutlined />,
    permission: 'system:manage',
    group: 'system',
  },
  {
    key: 'dictionaries',
    path: '/system/dictionaries',
    labelKey: 'menu.dictionaries',
    descriptionKey: 'menu.dictionaries.description',
    icon: <BookOutlined />,
    permission: 'system:manage',
    group: 'system',
  },
];

export function findNavigationEntry(pathname: string): NavigationEntry | undefined {
  if (pathname === '/') return navigationEntries.find((entry) => entry.path === '/');
  // The most specific entry wins: /customers/blacklist is 黑名单, not 客户档案.
  return navigationEntries
    .filter((entry) => entry.path !== '/' && (pathname === entry.path || pathname.startsWith(`${entry.path}/`)))
    .sort((a, b) => b.path.length - a.path.length)[0];
}

export function visibleEntries(hasPermission: (code: string) => boolean): NavigationEntry[] {
  return navigationEntries.filter((entry) => !entry.permission || hasPermission(entry.permission));
}
