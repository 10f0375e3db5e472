import { defineJob } from '../../../platform/jobs/jobs.registry';
import { expireContracts } from './contract-lifecycle.service';

export const contractExpiryJob = defineJob({
  key: 'contract_expiry',
  name: '合同期满',
  nameEn: 'Contract expiry',
  description: '合同结束日已过的已生效合同转为「已到期」，记入客户时间线',
  descriptionEn: 'Effective contracts past their end date become expired and appear on the customer timeline.',
  defaultCron: '20 0 * * *',
  run: (context) => expireContracts(context.deps),
});
