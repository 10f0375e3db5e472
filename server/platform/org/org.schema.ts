import { z } from 'zod';
import { sensitiveString } from '../access/sensitive-schema';
import { dataScopes } from '../access/permissions';
import { pageQuery } from '../http/pagination';

/** A reference to a row id: integer columns hold at most 2³¹−1 (larger ids would fail in SQL). */
const rowId = () => z.number().int().min(1).max(2_147_483_647);

const trimmed = (max: number) => z.string().trim().min(1, '不能为空').max(max, `不能超过 ${max} 个字符`);

export const orgUnitKinds = ['company', 'branch', 'department', 'team'] as const;

export const orgUnitSchema = z
  .object({
    id: z.number().int(),
    parentId: z.number().int().nullable(),
    name: z.string(),
    code: z.string(),
    kind: z.enum(orgUnitKinds),
    managerId: z.number().int().nullable(),
    managerName: z.string().nullable(),
    sortOrder: z.number().int(),
    userCount: z.number().int(),
  })
  .meta({ id: 'OrgUnit' });
export type OrgUnit = z.infer<typeof orgUnitSchema>;

export const createOrgUnitBody = z.object({
  name: trimmed(60),
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,20}$/, '编码只能包含字母、数字、下划线和连字符，最多 20 位'),
  parentId: rowId().nullable(),
  kind: z.enum(orgUnitKinds, '类型应为 company/branch/department/team 之一'),
  managerId: rowId().nullable().optional(),
  sortOrder: z.number().int().min(0).max(100_000).optional(),
});
export type CreateOrgUnitBody = z.infer<typeof createOrgUnitBody>;
export const updateOrgUnitBody = createOrgUnitBody.partial();
export type UpdateOrgUnitBody = z.infer<typeof updateOrgUnitBody>;

const roleRef = z.object({ id: z.number().int(), code: z.string(), name: z.string() });

export const userSchema = z
  .object({
    id: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    unitId: z.number().int(),
    unitName: z.string(),
    mobile: sensitiveString('mobile'),
    email: sensitiveString('email'),
    status: z.enum(['active', 'disabled']),
    roles: z.array(roleRef),
    lastLoginAt: z.string().nullable(),
    createdAt: z.string(),
    mustChangePassword: z.boolean(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof userSchema>;

const mobile = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, '手机号应为 11 位数字，以 1 开头')
  .nullable()
  .optional();
const email = z.string().trim().max(120).email('邮箱格式不正确').nullable().optional();

export const createUserBody = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[A-Za-z][A-Za-z0-9_.-]{2,31}$/, '登录名以字母开头，3–32 位字母、数字、点、下划线或连字符'),
  displayName: trimmed(40),
  unitId: rowId(),
  roleIds: z.array(rowId()).max(20),
  mobile,
  email,
  password: z.string().min(1, '请输入初始密码').max(128, '密码最长 128 个字符'),
});
export type CreateUserBody = z.infer<typeof createUserBody>;

export const updateUserBody = z.object({
  displayName: trimmed(40).optional(),
  unitId: rowId().optional(),
  roleIds: z.array(rowId()).max(20).optional(),
  mobile,
  email,
});
export type UpdateUserBody = z.infer<typeof updateUserBody>;

export const listUsersQuery = pageQuery.extend({
  q: z.string().trim().max(50).optional(),
  unitId: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
  status: z.enum(['active', 'disabled']).optional(),
});
export type ListUsersQuery = z.infer<typeof listUsersQuery>;

export const roleSchema = z
  .object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    description: z.string(),
    builtIn: z.boolean(),
    permissions: z.array(z.string()),
    dataScopes: z.record(z.string(), z.enum(dataScopes)),
    userCount: z.number().int(),
  })
  .meta({ id: 'Role' });
export type Role = z.infer<typeof roleSchema>;

export const createRoleBody = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{1,39}$/, '角色编码以小写字母开头，2–40 位小写字母、数字或下划线'),
  name: trimmed(40),
  description: z.string().trim().max(200).optional(),
  permissions: z.array(z.string().max(64)).max(200),
  dataScopes: z.record(z.string().max(32), z.enum(dataScopes)),
});
export type CreateRoleBody = z.infer<typeof createRoleBody>;
export const updateRoleBody = createRoleBody.omit({ code: true }).partial();
export type UpdateRoleBody = z.infer<typeof updateRoleBody>;
