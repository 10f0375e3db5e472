import { defineJob } from '../jobs/jobs.registry';
import { escalateOverdueTasks } from './tasks.service';

// 待办逾期升级 — overdue tasks escalate to the assignee's manager (R-PLT-30).
export const taskEscalationJob = defineJob({
  key: 'task_escalation',
  name: '待办逾期升级',
  nameEn: 'Task escalation',
  description: '把已过截止时间、尚未升级的待办升级给执行人所在部门的负责人，并通知双方',
  descriptionEn: 'Overdue tasks escalate to the assignee\'s unit manager, up the org tree.',
  defaultCron: '*/15 * * * *',
  run: (context) => escalateOverdueTasks(context.deps, context),
});
