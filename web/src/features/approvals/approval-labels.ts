import type { ApprovalActionKind, ApprovalStatus, ApproverType, StepState } from './approvals-api';

export const statusLabel: Record<ApprovalStatus, string> = {
  pending: '审批中',
  approved: '已通过',
  rejected: '已驳回',
  returned: '退回修改',
  withdrawn: '已撤回',
};

export const statusColor: Record<ApprovalStatus, string> = {
  pending: 'processing',
  approved: 'success',
  rejected: 'error',
  returned: 'warning',
  withdrawn: 'default',
};

export const actionLabel: Record<ApprovalActionKind, string> = {
  submit: '提交申请',
  resubmit: '重新提交',
  approve: '同意',
  reject: '驳回',
  return: '退回修改',
  withdraw: '撤回',
  auto_approve: '自动通过',
};

export const actionColor: Record<ApprovalActionKind, string> = {
  submit: 'blue',
  resubmit: 'blue',
  approve: 'green',
  auto_approve: 'green',
  reject: 'red',
  return: 'orange',
  withdraw: 'gray',
};

export const stepStatus: Record<StepState, 'finish' | 'process' | 'wait' | 'error'> = {
  approved: 'finish',
  current: 'process',
  waiting: 'wait',
  rejected: 'error',
  returned: 'error',
};

export const approverTypeLabel: Record<ApproverType, string> = {
  role: '指定角色',
  user: '指定人员',
  unit_manager: '申请人部门负责人',
  parent_unit_manager: '上级部门负责人',
  finance: '财务',
  legal: '法务',
  gm: '总经理/分管领导',
};

/** Business types of the platform (R-PLT-20), for filters visible to every user. */
export const businessTypeOptions: { value: string; label: string }[] = [
  { value: 'development_registration', label: '开发预案报备' },
  { value: 'customer_transfer', label: '客户转移' },
  { value: 'contract_review', label: '合同草案审核' },
  { value: 'non_template_contract', label: '非标准合同' },
  { value: 'discount', label: '超标准优惠' },
  { value: 'amendment', label: '合同变更' },
  { value: 'early_termination', label: '提前解除合同' },
  { value: 'credit_override', label: '超信用额度' },
  { value: 'blacklist', label: '列入黑名单' },
  { value: 'refund', label: '退款' },
];
