import { api } from '../../app/api-client';
import type { PageParams, PageResult } from '../../ui/use-server-table';

export interface Notification {
  id: number;
  kind: string;
  kindLabel: string;
  title: string;
  body: string;
  /** In-app path, e.g. `/tasks?id=12`. */
  link: string | null;
  read: boolean;
  readAt: string | null;
  createdAt: string;
}

export interface NotificationFilters {
  unread?: 'true' | 'false';
}

export interface NotificationPreferences {
  emailAvailable: boolean;
  emailAddress: string | null;
  items: { kind: string; label: string; email: boolean }[];
}

export const notificationsQueryKey = ['notifications'] as const;

export const listNotifications = (params: PageParams & NotificationFilters): Promise<PageResult<Notification>> =>
  api.get('/notifications', { ...params });
export const getUnreadCount = (): Promise<{ count: number }> => api.get('/notifications/unread-count');
export const markRead = (id: number): Promise<Notification> => api.post(`/notifications/${id}/read`);
export const markAllRead = (): Promise<{ updated: number }> => api.post('/notifications/read-all');
export const getPreferences = (): Promise<NotificationPreferences> => api.get('/notifications/preferences');
export const updatePreferences = (items: { kind: string; email: boolean }[]): Promise<NotificationPreferences> =>
  api.patch('/notifications/preferences', { items });
