/** User text of notifications. Each entry is [简体中文, English]. */
export const notificationsMessages = {
  'notifications.eMail': ['邮件提醒', 'E-mail'],
  'notifications.eMailFor': ['{label} 邮件提醒', 'E-mail for {label}'],
  'notifications.eMailsGoTo': ['邮件将发送到', 'E-mails go to'],
  'notifications.inAppNotificationsTasksApprovals': ['待办、审批与逾期升级等站内通知', 'In-app notifications: tasks, approvals and escalations'],
  'notifications.markAllAsRead': ['全部标为已读', 'Mark all as read'],
  'notifications.markAsRead': ['标为已读', 'Mark as read'],
  'notifications.noNotifications': ['暂无通知', 'No notifications'],
  'notifications.notifications': ['通知', 'Notifications'],
  'notifications.notificationsUnread': ['通知，{v0} 条未读', 'Notifications, {v0} unread'],
  'notifications.read': ['已读', 'Read'],
  'notifications.theServerHasNoE': ['服务器未配置邮件（SMTP），设置会保存，但暂不发送邮件。', 'The server has no e-mail (SMTP) configured: your choices are saved but no e-mail is sent yet.'],
  'notifications.unread': ['未读', 'Unread'],
  'notifications.viewAll': ['查看全部', 'View all'],
  'notifications.yourAccountHasNoE': ['您的账号没有邮箱地址，请联系管理员补充后才能收到邮件。', 'Your account has no e-mail address; ask an administrator to add one to receive e-mails.'],
} as const;
