import { z } from 'zod';
import type { Deps } from '../deps';
import { idParam, pageOf } from '../http/pagination';
import { problemResponses } from '../http/problem';
import { contextOf, type AppInstance } from '../http/types';
import { listNotificationsQuery, notificationPreferencesSchema, notificationSchema, updatePreferencesBody } from './notifications.schema';
import {
  countUnread,
  getNotificationPreferences,
  listMyNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  updateNotificationPreferences,
} from './notifications.service';
// The e-mail job registers itself on import.

export function notificationsRoutes(app: AppInstance, deps: Deps) {
  const tags = ['通知'];
  // Everyone signed in has their own notifications and sees only those.
  const config = { auth: 'session' as const };

  app.get(
    '/api/v1/notifications',
    {
      config,
      schema: {
        tags,
        summary: '我的通知，最新在前',
        querystring: listNotificationsQuery,
        response: { 200: pageOf(notificationSchema), ...problemResponses },
      },
    },
    async (request) => listMyNotifications(deps, contextOf(request), request.query),
  );
  app.get(
    '/api/v1/notifications/unread-count',
    {
      config,
      schema: { tags, summary: '未读通知数（铃铛角标）', response: { 200: z.object({ count: z.number().int() }), ...problemResponses } },
    },
    async (request) => countUnread(deps, contextOf(request)),
  );
  app.post(
    '/api/v1/notifications/:id/read',
    {
      config,
      schema: { tags, summary: '标记一条通知为已读', params: idParam, response: { 200: notificationSchema, ...problemResponses } },
    },
    async (request) => markNotificationRead(deps, contextOf(request), request.params.id),
  );
  app.post(
    '/api/v1/notifications/read-all',
    {
      config,
      schema: { tags, summary: '全部标记为已读', response: { 200: z.object({ updated: z.number().int() }), ...problemResponses } },
    },
    async (request) => markAllNotificationsRead(deps, contextOf(request)),
  );
  app.get(
    '/api/v1/notifications/preferences',
    {
      config,
      schema: { tags, summary: '邮件提醒偏好：哪些通知同时发邮件', response: { 200: notificationPreferencesSchema, ...problemResponses } },
    },
    async (request) => getNotificationPreferences(deps, contextOf(request)),
  );
  app.patch(
    '/api/v1/notifications/preferences',
    {
      config,
      schema: {
        tags,
        summary: '修改邮件提醒偏好',
        description: '未列出的通知类型保持原设置。服务器未配置 SMTP 时仍可保存，但不会发送邮件。',
        body: updatePreferencesBody,
        response: { 200: notificationPreferencesSchema, ...problemResponses },
      },
    },
    async (request) => updateNotificationPreferences(deps, contextOf(request), request.body),
  );
}
