import { api, apiRequest } from '../../app/api-client';

export interface RoleRef {
  id: number;
  code: string;
  name: string;
}

/** The signed-in user, as answered by GET /api/v1/auth/me. */
export interface Me {
  id: number;
  username: string;
  displayName: string;
  unitId: number;
  unitName: string;
  roles: RoleRef[];
  permissions: string[];
  mustChangePassword: boolean;
  locale: string;
}

export interface LoginBody {
  username: string;
  password: string;
}

export interface ChangePasswordBody {
  currentPassword: string;
  newPassword: string;
}

export function login(body: LoginBody): Promise<{ user: Me }> {
  return apiRequest<{ user: Me }>('/auth/login', { method: 'POST', body, skipAuthRedirect: true });
}

export function logout(): Promise<void> {
  return apiRequest<void>('/auth/logout', { method: 'POST', body: {}, skipAuthRedirect: true });
}

export function getMe(): Promise<Me> {
  return apiRequest<Me>('/auth/me', { skipAuthRedirect: true });
}

export function changePassword(body: ChangePasswordBody): Promise<void> {
  return api.post<void>('/auth/change-password', body);
}
