import { defineJob } from '../../../platform/jobs/jobs.registry';
import { expireContracts } from './contract-lifecycle.service';
import { remindExpiringContracts } from './contract-reminders';

export const contractExpiryJob = defineJob({
  key: 'contract_expiry',
  name: '合同期满',
  nameEn: 'Contract expiry',
  description: '合同结束日已过的已生效合同转为「已到期」，记入客户时间线',
  descriptionEn: 'Effective contracts past their end date become expired and appear on the customer timeline.',
  defaultCron: '20 0 * * *',
  run: (context) => expireContracts(context.deps),
});

export const contractExpiryReminderJob = defineJob({
  key: 'contract_expiry_reminder',
  name: '合同到期提醒',
  nameEn: 'Contract expiry reminders',
  description: '合同到期前 90、60、30 天为经办人生成续签跟进待办',
  descriptionEn: 'A renewal follow-up task for the owner 90, 60 and 30 days before a contract ends.',
  defaultCron: '30 8 * * *',
  run: (context) => remindExpiringContracts(context.deps),
});
