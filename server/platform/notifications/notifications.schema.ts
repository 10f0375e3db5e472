import { z } from 'zod';
import { pageQuery } from '../http/pagination';

export const notificationSchema = z
  .object({
    id: z.number().int(),
    kind: z.string(),
    kindLabel: z.string(),
    title: z.string(),
    body: z.string(),
    /** In-app path to open, e.g. `/tasks?id=12`. */
    link: z.string().nullable(),
    read: z.boolean(),
    readAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Notification' });
export type Notification = z.infer<typeof notificationSchema>;

export const listNotificationsQuery = pageQuery.extend({
  unread: z.enum(['true', 'false'], 'unread 应为 true 或 false').optional().describe('true：只看未读'),
});
export type ListNotificationsQuery = z.infer<typeof listNotificationsQuery>;

export const notificationPreferencesSchema = z
  .object({
    /** SMTP is configured on this server (SMTP_URL). */
    emailAvailable: z.boolean(),
    /** The user's e-mail address; null means no e-mail can reach them. */
    emailAddress: z.string().nullable(),
    items: z.array(z.object({ kind: z.string(), label: z.string(), email: z.boolean() })),
  })
  .meta({ id: 'NotificationPreferences' });
export type NotificationPreferences = z.infer<typeof notificationPreferencesSchema>;

export const updatePreferencesBody = z.object({
  items: z
    .array(
      z.object({
        kind: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, '通知类型格式不正确'),
        email: z.boolean(),
      }),
    )
    .max(50, '一次最多修改 50 项'),
});
export type UpdatePreferencesBody = z.infer<typeof updatePreferencesBody>;
