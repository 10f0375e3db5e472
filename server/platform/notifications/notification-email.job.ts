import { defineJob } from '../jobs/jobs.registry';
import { emailEnabled } from './mailer';
import { sendPendingNotificationEmails } from './notifications.service';

// 通知邮件 — sent after commit, never inside the business transaction (R-PLT-31).
export const notificationEmailJob = defineJob({
  key: 'notification_email',
  name: '发送通知邮件',
  nameEn: 'Notification e-mails',
  description: '把用户选择了邮件提醒的站内通知通过 SMTP 发出；未配置 SMTP_URL 时不发送',
  descriptionEn: 'Sends the in-app notifications users chose to receive by e-mail over SMTP; nothing is sent without SMTP_URL.',
  defaultCron: '* * * * *',
  when: (deps) => emailEnabled(deps.config),
  run: (context) => sendPendingNotificationEmails(context.deps, context),
});
