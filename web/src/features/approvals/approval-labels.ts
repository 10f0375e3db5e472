import type { MessageKey } from '../../app/i18n/dictionary';
import type { ApprovalActionKind, ApprovalStatus, ApproverType, StepState } from './approvals-api';

export const statusLabel: Record<ApprovalStatus, MessageKey> = {
  pending: 'approvals.inApproval',
  approved: 'approvals.approved',
  rejected: 'approvals.rejected',
  returned: 'approvals.returnedForRevision',
  withdrawn: 'approvals.withdrawn',
};

export const statusColor: Record<ApprovalStatus, string> = {
  pending: 'processing',
  approved: 'success',
  rejected: 'error',
  returned: 'warning',
  withdrawn: 'default',
};

export const actionLabel: Record<ApprovalActionKind, MessageKey> = {
  submit: 'approvals.submitted2',
  resubmit: 'approvals.resubmit',
  approve: 'approvals.approve',
  reject: 'approvals.reject',
  return: 'approvals.returnedForRevision',
  withdraw: 'approvals.withdraw',
  auto_approve: 'approvals.approvedAutomatically',
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

export const approverTypeLabel: Record<ApproverType, MessageKey> = {
  role: 'approvals.role',
  user: 'approvals.namedUser',
  unit_manager: 'approvals.applicantSUnitManager',
  parent_unit_manager: 'approvals.parentUnitManager',
  finance: 'approvals.finance',
  legal: 'approvals.legal',
  gm: 'approvals.generalManagerExecutive',
};

/** Business types of the platform (R-PLT-20), for filters visible to every user. */
export const businessTypeOptions: { value: string; label: MessageKey }[] = [
  { value: 'development_registration', label: 'approvals.developmentRegistration' },
  { value: 'customer_transfer', label: 'menu.transfers' },
  { value: 'contract_review', label: 'approvals.contractDraftReview' },
  { value: 'non_template_contract', label: 'approvals.nonStandardContract' },
  { value: 'discount', label: 'approvals.discountBeyondStandard' },
  { value: 'amendment', label: 'approvals.contractAmendment' },
  { value: 'early_termination', label: 'approvals.earlyTermination' },
  { value: 'credit_override', label: 'approvals.creditLimitOverride' },
  { value: 'blacklist', label: 'approvals.blacklisting' },
  { value: 'refund', label: 'approvals.refund' },
];
