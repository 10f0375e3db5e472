import { defineJob } from '../../../platform/jobs/jobs.registry';
import { expireContracts } from './contract-lifecycle.service';
import { remindExpiringContracts } from './contract-reminders';
import { runQuarterlyLedger } from './ledger-reports';
import { remindMilestones } from './milestones.service';
import { requestRenewalDecisions } from './renewal-decision';

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

export const quarterlyLedgerJob = defineJob({
  key: 'contract_ledger_quarterly',
  name: '季度合同台账',
  nameEn: 'Quarterly contract ledger',
  description: '每季度第 1–4 日生成上季度合同台账（.xlsx）并存档，为法务与分管领导生成审阅待办',
  descriptionEn: 'On the 1st–4th of each quarter, the previous quarter\'s ledger (.xlsx) is archived and sent to legal and the executives as tasks.',
  defaultCron: '0 7 1-4 1,4,7,10 *',
  run: (context) => runQuarterlyLedger(context.deps),
});

export const renewalDecisionJob = defineJob({
  key: 'contract_renewal_decision',
  name: '有争议客户续签决定',
  nameEn: 'Renewal decisions for disputed customers',
  description: '客户有未结纠纷的合同到期前 90 天起，为分管领导/总经理生成续签决定待办，期限为到期前 30 个工作日',
  descriptionEn: 'For contracts of customers with an open dispute, a renewal decision task for the executives from 90 days before the end, due 30 working days before it.',
  defaultCron: '40 8 * * *',
  run: (context) => requestRenewalDecisions(context.deps),
});

export const milestoneReminderJob = defineJob({
  key: 'contract_milestone_reminder',
  name: '履约节点提醒',
  nameEn: 'Contract milestone reminders',
  description: '履约节点到期前（按节点设置的提前天数）为负责人生成提醒客户的待办，每个节点一次',
  descriptionEn: 'Before each contract milestone (its own lead days), a task for its owner to remind the customer, once per milestone.',
  defaultCron: '50 8 * * *',
  run: (context) => remindMilestones(context.deps),
});
