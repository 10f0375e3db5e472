import { localized } from '../http/request-language';
/**
 * The permission catalogue (R-PLT-02). Modules that land later already have their codes here so
 * built-in roles and the role matrix are meaningful from day one; a module adds new codes by
 * appending to this list.
 */
export interface PermissionDef {
  code: string;
  group: string;
  name: string;
  nameEn: string;
}

export const permissionCatalog: PermissionDef[] = [
  { code: 'org:read', group: '组织与用户', name: '查看组织机构', nameEn: 'View org units' },
  { code: 'org:manage', group: '组织与用户', name: '管理组织机构', nameEn: 'Manage org units' },
  { code: 'user:read', group: '组织与用户', name: '查看用户', nameEn: 'View users' },
  { code: 'user:manage', group: '组织与用户', name: '管理用户', nameEn: 'Manage users' },
  { code: 'role:read', group: '组织与用户', name: '查看角色', nameEn: 'View roles' },
  { code: 'role:manage', group: '组织与用户', name: '管理角色与权限', nameEn: 'Manage roles' },
  { code: 'audit:read', group: '系统', name: '查看审计日志', nameEn: 'View audit log' },
  { code: 'sensitive:view', group: '系统', name: '查看敏感字段明文', nameEn: 'View unmasked sensitive fields' },
  { code: 'system:manage', group: '系统', name: '系统设置', nameEn: 'System settings' },
  { code: 'customer:read', group: '客户', name: '查看客户', nameEn: 'View customers' },
  { code: 'customer:create', group: '客户', name: '新建客户', nameEn: 'Create customers' },
  { code: 'customer:update', group: '客户', name: '编辑客户', nameEn: 'Edit customers' },
  { code: 'customer:export', group: '客户', name: '导出客户', nameEn: 'Export customers' },
  { code: 'customer:import', group: '客户', name: '导入客户', nameEn: 'Import customers' },
  { code: 'customer:merge', group: '客户', name: '合并客户', nameEn: 'Merge customers' },
  { code: 'development:read', group: '客户开发', name: '查看报备与商机', nameEn: 'View registrations & opportunities' },
  { code: 'development:write', group: '客户开发', name: '报备、认领与跟进', nameEn: 'Register, claim and follow up' },
  { code: 'development:assign', group: '客户开发', name: '分配与转移客户', nameEn: 'Assign and transfer customers' },
  { code: 'development:settings', group: '客户开发', name: '客户开发规则设置', nameEn: 'Development rule settings' },
  { code: 'reception:write', group: '客户开发', name: '来访来电登记', nameEn: 'Log visitors and calls' },
  { code: 'space:read', group: '房源', name: '查看房源与出租情况', nameEn: 'View spaces and occupancy' },
  { code: 'space:manage', group: '房源', name: '维护房源', nameEn: 'Manage spaces' },
  { code: 'contract:read', group: '招商合同', name: '查看合同', nameEn: 'View contracts' },
  { code: 'contract:write', group: '招商合同', name: '起草合同', nameEn: 'Draft contracts' },
  { code: 'contract:approve', group: '招商合同', name: '审核合同', nameEn: 'Review contracts' },
  { code: 'billing:read', group: '账务与信用', name: '查看账单', nameEn: 'View bills' },
  { code: 'billing:write', group: '账务与信用', name: '开账与收款', nameEn: 'Bill and receive' },
  { code: 'credit:manage', group: '账务与信用', name: '信用评级与额度', nameEn: 'Credit ratings and limits' },
  { code: 'service:read', group: '客户服务', name: '查看工单与投诉', nameEn: 'View tickets & complaints' },
  { code: 'service:write', group: '客户服务', name: '处理工单与投诉', nameEn: 'Handle tickets & complaints' },
  { code: 'complaint:supervise', group: '客户服务', name: '督办全部投诉与投诉分析', nameEn: 'Supervise all complaints and their analysis' },
  { code: 'report:read', group: '统计分析', name: '查看报表与看板', nameEn: 'View dashboards & reports' },
  { code: 'approval:approve', group: '审批', name: '审批', nameEn: 'Approve' },
];

export const permissionCodes = new Set(permissionCatalog.map((p) => p.code));

/** Resources that carry a data scope (R-PLT-03). */
export const scopedResources = [
  { code: 'org', name: '组织与用户', nameEn: 'Org & users' },
  { code: 'customer', name: '客户', nameEn: 'Customers' },
  { code: 'development', name: '客户开发', nameEn: 'Development' },
  { code: 'contract', name: '合同', nameEn: 'Contracts' },
  { code: 'billing', name: '账务', nameEn: 'Billing' },
  { code: 'service', name: '客户服务', nameEn: 'Service' },
] as const;

export type ScopedResource = (typeof scopedResources)[number]['code'];
export const dataScopes = ['self', 'unit', 'unit_tree', 'all'] as const;
export type DataScope = (typeof dataScopes)[number];
export const scopeRank: Record<DataScope, number> = { self: 0, unit: 1, unit_tree: 2, all: 3 };

interface BuiltInRole {
  code: string;
  name: string;
  description: string;
  permissions: string[];
  dataScopes: Partial<Record<ScopedResource, DataScope>>;
}

const all = permissionCatalog.map((p) => p.code);
const readAll = (scope: DataScope) =>
  Object.fromEntries(scopedResources.map((r) => [r.code, scope])) as Record<ScopedResource, DataScope>;

// Built-in roles from 00-overview. Admins may edit their permissions but not delete them.
export const builtInRoles: BuiltInRole[] = [
  {
    code: 'admin',
    name: '系统管理员',
    description: '用户、组织、角色、字典、编号规则与节假日',
    permissions: all,
    dataScopes: readAll('all'),
  },
  {
    code: 'specialist',
    name: '招商专员',
    description: '开发与跟进客户、起草合同、记录拜访、处理服务请求',
    permissions: [
      'org:read',
      'customer:read',
      'customer:create',
      'customer:update',
      'development:read',
      'development:write',
      'reception:write',
      'space:read',
      'contract:read',
      'contract:write',
      'billing:read',
      'service:read',
      'service:write',
    ],
    dataScopes: { org: 'unit', customer: 'self', development: 'self', contract: 'self', billing: 'self', service: 'self' },
  },
  {
    code: 'manager',
    name: '部门经理',
    description: '分配客户、审批报备与合同草案、审阅拜访报告、考核',
    permissions: [
      'org:read',
      'user:read',
      'customer:read',
      'customer:create',
      'customer:update',
      'customer:export',
      'customer:import',
      'development:read',
      'development:write',
      'development:assign',
      'development:settings',
      'reception:write',
      'space:read',
      'space:manage',
      'contract:read',
      'contract:write',
      'contract:approve',
      'billing:read',
      'service:read',
      'service:write',
      'report:read',
      'approval:approve',
      'sensitive:view',
    ],
    dataScopes: readAll('unit_tree'),
  },
  {
    code: 'legal',
    name: '法务',
    description: '审核合同、接收季度合同台账、处理违约与纠纷',
    permissions: ['org:read', 'customer:read', 'space:read', 'contract:read', 'contract:approve', 'approval:approve', 'report:read'],
    dataScopes: readAll('all'),
  },
  {
    code: 'finance',
    name: '财务',
    description: '开账、收款、欠费、信用评级与额度',
    permissions: [
      'org:read',
      'customer:read',
      'space:read',
      'contract:read',
      'billing:read',
      'billing:write',
      'credit:manage',
      'approval:approve',
      'report:read',
    ],
    dataScopes: readAll('all'),
  },
  {
    code: 'service',
    name: '客服',
    description: '来访来电登记、投诉、回访与满意度调查',
    permissions: ['org:read', 'customer:read', 'customer:create', 'development:read', 'reception:write', 'service:read', 'service:write'],
    dataScopes: { org: 'unit', customer: 'unit_tree', development: 'unit_tree', contract: 'unit', billing: 'unit', service: 'unit_tree' },
  },
  {
    code: 'executive',
    name: '分管领导/总经理',
    description: '最终审批与经营看板',
    permissions: [
      'org:read',
      'user:read',
      'customer:read',
      'customer:export',
      'development:read',
      'space:read',
      'contract:read',
      'contract:approve',
      'billing:read',
      'service:read',
      'complaint:supervise',
      'report:read',
      'approval:approve',
      'sensitive:view',
    ],
    dataScopes: readAll('all'),
  },
];

/** English names of the built-in roles (a built-in role renamed by an admin keeps the new name). */
const builtInRoleNamesEn: Record<string, [zh: string, en: string]> = {
  admin: ['系统管理员', 'Administrator'],
  specialist: ['招商专员', 'Leasing specialist'],
  manager: ['部门经理', 'Unit manager'],
  legal: ['法务', 'Legal'],
  finance: ['财务', 'Finance'],
  service: ['客服', 'Customer service'],
  executive: ['分管领导/总经理', 'Executive / general manager'],
};

/** A role's name in the request's language. */
export function roleDisplayName(code: string, name: string): string {
  const builtIn = builtInRoleNamesEn[code];
  return builtIn && builtIn[0] === name ? localized(name, builtIn[1]) : name;
}

const groupNamesEn: Record<string, string> = {
  组织与用户: 'Org & users',
  系统: 'System',
  客户: 'Customers',
  客户开发: 'Development',
  房源: 'Spaces',
  招商合同: 'Lease contracts',
  账务与信用: 'Billing & credit',
  客户服务: 'Customer service',
  统计分析: 'Analytics',
  审批: 'Approvals',
};

/** A permission group's name in the request's language. */
export function permissionGroupName(group: string): string {
  return localized(group, groupNamesEn[group]);
}
