import { useQuery } from '@tanstack/react-query';
import { api } from '../../app/api-client';

export const dataScopes = ['self', 'unit', 'unit_tree', 'all'] as const;
/** 数据范围 — which records a role sees for one resource (R-PLT-03). */
export type DataScope = (typeof dataScopes)[number];

export interface Role {
  id: number;
  code: string;
  name: string;
  description: string;
  builtIn: boolean;
  permissions: string[];
  dataScopes: Record<string, DataScope>;
  userCount: number;
}

export interface PermissionDefinition {
  code: string;
  group: string;
  name: string;
  nameEn: string;
}

export interface ScopedResource {
  code: string;
  name: string;
  nameEn: string;
}

export interface PermissionCatalog {
  permissions: PermissionDefinition[];
  resources: ScopedResource[];
  scopes: DataScope[];
}

export interface RoleBody {
  code: string;
  name: string;
  description?: string;
  permissions: string[];
  dataScopes: Record<string, DataScope>;
}

export const rolesQueryKey = ['roles'] as const;

export function listRoles(): Promise<{ items: Role[] }> {
  return api.get('/roles');
}

export function getPermissionCatalog(): Promise<PermissionCatalog> {
  return api.get('/permissions');
}

export function createRole(body: RoleBody): Promise<Role> {
  return api.post('/roles', body);
}

export function updateRole(id: number, body: Partial<RoleBody>): Promise<Role> {
  return api.patch(`/roles/${id}`, body);
}

export function deleteRole(id: number): Promise<void> {
  return api.delete(`/roles/${id}`);
}

export function useRoles(enabled = true) {
  return useQuery({ queryKey: rolesQueryKey, queryFn: listRoles, select: (data) => data.items, enabled });
}

export function usePermissionCatalog() {
  return useQuery({ queryKey: ['permissions'], queryFn: getPermissionCatalog, staleTime: 10 * 60_000 });
}
