import { api } from '../../app/api-client';
import type { PageParams, PageResult } from '../../ui/use-server-table';
import type { RoleRef } from '../auth/auth-api';

export type UserStatus = 'active' | 'disabled';

export interface User {
  id: number;
  username: string;
  displayName: string;
  unitId: number;
  unitName: string;
  /** masked by the server (138****5678) unless the viewer may see it */
  mobile: string | null;
  email: string | null;
  status: UserStatus;
  roles: RoleRef[];
  lastLoginAt: string | null;
  createdAt: string;
  mustChangePassword: boolean;
}

export interface UserFilters {
  q?: string;
  unitId?: number;
  status?: UserStatus;
}

export interface CreateUserBody {
  username: string;
  displayName: string;
  unitId: number;
  roleIds: number[];
  mobile?: string;
  email?: string;
  password: string;
}

export interface UpdateUserBody {
  displayName?: string;
  unitId?: number;
  roleIds?: number[];
  /** null clears the value */
  mobile?: string | null;
  email?: string | null;
}

export const usersQueryKey = ['users'] as const;

export function listUsers(params: PageParams & UserFilters): Promise<PageResult<User>> {
  return api.get('/users', { ...params });
}

export function createUser(body: CreateUserBody): Promise<User> {
  return api.post('/users', body);
}

export function updateUser(id: number, body: UpdateUserBody): Promise<User> {
  return api.patch(`/users/${id}`, body);
}

export function setUserEnabled(id: number, enabled: boolean): Promise<User> {
  return api.post(`/users/${id}/${enabled ? 'enable' : 'disable'}`);
}

export function resetUserPassword(id: number): Promise<{ temporaryPassword: string }> {
  return api.post(`/users/${id}/reset-password`, {});
}
