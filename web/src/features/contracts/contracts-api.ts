import { api, apiRequest, upload } from '../../app/api-client';
import type { MessageKey } from '../../app/i18n/dictionary';
import type { PageParams, PageResult } from '../../ui/use-server-table';
import type { Amendment, ContractArchive, ExecutionReport, Milestone, Deposit, MoveIn, ContractDetail, ContractStatus, ContractSummary, ContractType, ContractVersion } from '../../../../server/modules/leasing';
import type { Schedule } from '../../../../server/modules/billing';

// 招商合同 (R-LEA-10…14): /api/v1/contracts and /api/v1/contract-templates. Money, areas and
// rates are decimal strings ("1200.00", "0.0500").

export type { Amendment, ContractArchive, ExecutionReport, Milestone, Deposit, MoveIn, ContractDetail, ContractStatus, ContractSummary, ContractType, ContractVersion, Schedule };
export type ChargeBasis = 'sqm_day' | 'sqm_month' | 'month' | 'usage' | 'once';
export type BillingCycle = 'monthly' | 'quarterly' | 'yearly';

export interface ContractInput {
  customerId?: number;
  contractType: ContractType;
  title?: string;
  startDate: string;
  endDate: string;
  units: { spaceId: number; area?: string }[];
  terms: {
    billingCycle: BillingCycle;
    paymentDay: number;
    charges: { item: string; basis: ChargeBasis; unitPrice: string; rentFree?: boolean; escalates?: boolean }[];
    freePeriods: { startDate: string; endDate: string }[];
    escalationRate: string;
    deposit: string;
    lateFeeRate: string;
    lateFeeGraceDays: number;
    penaltyRule: string;
    guarantor: string;
    agentCommissionRate: string;
    incentivePackage: string;
    incentivePackageId?: number | null;
    rebates?: { window: 'period' | 'contract_year'; items: string[]; tiers: { threshold: string; rate: string }[] }[];
  };
  signingParty: string;
  ourSignatory?: string;
  customerSignatory?: string;
  safetyAgreement: boolean;
  specialTerms?: string;
  templateId: number | null;
  note?: string;
}

export interface ContractTemplate {
  id: number;
  code: string;
  name: string;
  contractType: ContractType;
  contractTypeName: string;
  version: number;
  fileName: string;
  sizeBytes: number;
  placeholders: string[];
  active: boolean;
  note: string | null;
  createdByName: string | null;
  createdAt: string;
}

export interface Placeholder {
  key: string;
  description: string;
  fields?: { key: string; description: string }[];
}

export interface ContractFilters {
  q?: string;
  status?: ContractStatus;
  contractType?: ContractType;
  endingBy?: string;
}

export const contractsKey = ['contracts'] as const;
export const templatesKey = ['contract-templates'] as const;

export const contractStatusLabels: Record<ContractStatus, { label: MessageKey; color: string }> = {
  draft: { label: 'contracts.status.draft', color: 'default' },
  reviewing: { label: 'contracts.status.reviewing', color: 'processing' },
  to_sign: { label: 'contracts.status.to_sign', color: 'gold' },
  effective: { label: 'contracts.status.effective', color: 'green' },
  changing: { label: 'contracts.status.changing', color: 'purple' },
  expired: { label: 'contracts.status.expired', color: 'default' },
  terminated_early: { label: 'contracts.status.terminated_early', color: 'volcano' },
  terminated: { label: 'contracts.status.terminated', color: 'default' },
};

export const contractTypeLabels: Record<ContractType, MessageKey> = {
  lease: 'contracts.type.lease',
  storage: 'contracts.type.storage',
  service: 'contracts.type.service',
};

export const chargeBasisLabels: Record<ChargeBasis, MessageKey> = {
  sqm_day: 'contracts.basis.sqm_day',
  sqm_month: 'contracts.basis.sqm_month',
  month: 'contracts.basis.month',
  usage: 'contracts.basis.usage',
  once: 'contracts.basis.once',
};

export const billingCycleLabels: Record<BillingCycle, MessageKey> = {
  monthly: 'contracts.cycle.monthly',
  quarterly: 'contracts.cycle.quarterly',
  yearly: 'contracts.cycle.yearly',
};

export const listContracts = (params: PageParams & ContractFilters) => api.get<PageResult<ContractSummary>>('/contracts', { ...params });
export const getContract = (id: number) => api.get<ContractDetail>(`/contracts/${id}`);
export const createContract = (body: ContractInput) => api.post<ContractDetail>('/contracts', body);
export const updateContract = (id: number, body: ContractInput) => apiRequest<ContractDetail>(`/contracts/${id}`, { method: 'PUT', body });
export const listVersions = (id: number) => api.get<ContractVersion[]>(`/contracts/${id}/versions`);
export const submitContract = (id: number, note?: string) => api.post<ContractDetail>(`/contracts/${id}/submit`, { note });
export const signContract = (id: number, body: { signedDate: string; effectiveDate: string; signedScanId: number }) => api.post<ContractDetail>(`/contracts/${id}/sign`, body);
export const handToFinance = (id: number) => api.post<ContractDetail>(`/contracts/${id}/hand-to-finance`);
export const terminateContract = (id: number, reason: string) => api.post<ContractDetail>(`/contracts/${id}/terminate`, { reason });
export const documentUrl = (id: number, format: 'docx' | 'pdf') => `/api/v1/contracts/${id}/document?format=${format}`;

export const listTemplates = (activeOnly = false) => api.get<ContractTemplate[]>('/contract-templates', activeOnly ? { active: 'true' } : undefined);
export const getPlaceholders = () => api.get<{ placeholders: Placeholder[]; pdfAvailable: boolean }>('/contract-templates/placeholders');
export const templateFileUrl = (id: number) => `/api/v1/contract-templates/${id}/file`;
export function uploadTemplate(fields: { name: string; contractType: ContractType; code?: string; note?: string }, file: File) {
  const form = new FormData();
  form.append('name', fields.name);
  form.append('contractType', fields.contractType);
  if (fields.code) form.append('code', fields.code);
  if (fields.note) form.append('note', fields.note);
  form.append('file', file);
  return upload<ContractTemplate>('/contract-templates', form);
}

/** 账单计划 (R-BIL-02): stored once the contract is in force, a preview before. */
export const getSchedule = (id: number) => api.get<Schedule>(`/billing/contracts/${id}/schedule`);

export interface Breach {
  id: number;
  contractId: number;
  breachType: string;
  breachTypeName: string;
  occurredOn: string;
  description: string;
  amount: string | null;
  measures: string[];
  measureNames: string[];
  status: 'open' | 'closed';
  result: string | null;
  automatic: boolean;
  createdByName: string | null;
  createdAt: string;
  closedAt: string | null;
}
export const breachTypeOptions: { value: string; label: MessageKey }[] = [
  { value: 'arrears', label: 'contracts.breach.type.arrears' },
  { value: 'misuse', label: 'contracts.breach.type.misuse' },
  { value: 'sublet', label: 'contracts.breach.type.sublet' },
  { value: 'safety', label: 'contracts.breach.type.safety' },
  { value: 'damage', label: 'contracts.breach.type.damage' },
  { value: 'other', label: 'contracts.breach.type.other' },
];
export const breachMeasureOptions: { value: string; label: MessageKey }[] = [
  { value: 'warning', label: 'contracts.breach.measure.warning' },
  { value: 'notice', label: 'contracts.breach.measure.notice' },
  { value: 'penalty', label: 'contracts.breach.measure.penalty' },
  { value: 'other', label: 'contracts.breach.measure.other' },
];
export const listBreaches = (id: number) => api.get<Breach[]>(`/contracts/${id}/breaches`);
export const recordBreach = (id: number, body: { breachType: string; occurredOn: string; description: string; amount?: string | null; measures: string[] }) => api.post<Breach>(`/contracts/${id}/breaches`, body);
export const closeBreach = (id: number, breachId: number, result: string) => api.post<Breach>(`/contracts/${id}/breaches/${breachId}/close`, { result });

export interface Termination {
  id: number;
  contractId: number;
  requestedOn: string;
  terminationDate: string;
  reason: string;
  negotiationResult: string;
  rentDue: string;
  penalty: string;
  depositRefund: string;
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  approvalId: number | null;
  createdAt: string;
  decidedAt: string | null;
}
export const listTerminations = (id: number) => api.get<Termination[]>(`/contracts/${id}/terminations`);
export const applyForTermination = (id: number, body: Omit<Termination, 'id' | 'contractId' | 'status' | 'approvalId' | 'createdAt' | 'decidedAt'>) => api.post<Termination>(`/contracts/${id}/terminations`, body);
export const renewContract = (id: number) => api.post<ContractDetail>(`/contracts/${id}/renew`);

/** 变更申请 (R-LEA-30): what the contract becomes from the effective date; omitted parts stay. */
export interface AmendmentInput {
  requestedOn: string;
  effectiveDate: string;
  reason: string;
  units?: { spaceId: number; area?: string }[];
  endDate?: string;
  terms?: ContractInput['terms'];
  customerId?: number;
  transferFee?: string | null;
}
export const listAmendments = (id: number) => api.get<Amendment[]>(`/contracts/${id}/amendments`);
export const applyForAmendment = (id: number, body: AmendmentInput) => api.post<Amendment>(`/contracts/${id}/amendments`, body);
export const signAmendment = (id: number, amendmentId: number, body: { signedDate: string; annexScanId: number }) => api.post<Amendment>(`/contracts/${id}/amendments/${amendmentId}/sign`, body);

/** 纠纷 (R-LEA-22). */
export interface Dispute {
  id: number;
  contractId: number;
  openedOn: string;
  parties: string;
  claim: string;
  claimAmount: string | null;
  legalOpinion: string | null;
  measures: string | null;
  status: 'open' | 'closed';
  outcome: string | null;
  createdAt: string;
  closedAt: string | null;
}
export const listDisputes = (id: number) => api.get<Dispute[]>(`/contracts/${id}/disputes`);
export const openDispute = (id: number, body: { openedOn: string; parties: string; claim: string; claimAmount?: string | null; legalOpinion?: string; measures?: string }) => api.post<Dispute>(`/contracts/${id}/disputes`, body);
export const updateDispute = (id: number, disputeId: number, body: { legalOpinion?: string; measures?: string }) => api.patch<Dispute>(`/contracts/${id}/disputes/${disputeId}`, body);
export const closeDispute = (id: number, disputeId: number, outcome: string) => api.post<Dispute>(`/contracts/${id}/disputes/${disputeId}/close`, { outcome });
export const decideRenewal = (id: number, body: { decision: 'renew' | 'not_renew'; note: string }) => api.post<ContractDetail>(`/contracts/${id}/renewal-decision`, body);

/** 入驻清单 (R-LEA-33). */
export const getMoveIn = (id: number) => api.get<MoveIn>(`/contracts/${id}/move-in`);
export const startMoveIn = (id: number) => api.post<MoveIn>(`/contracts/${id}/move-in`);
export const updateMoveInItem = (id: number, itemId: number, body: { ownerId?: number; dueDate?: string; note?: string }) => api.patch<MoveIn>(`/contracts/${id}/move-in/${itemId}`, body);
export const completeMoveInItem = (id: number, itemId: number, note?: string) => api.post<MoveIn>(`/contracts/${id}/move-in/${itemId}/done`, { note });
export const confirmPayment = (id: number, note?: string) => api.post<MoveIn>(`/contracts/${id}/payment-confirmation`, { note });

/** 定金与认购书 (R-LEA-34). */
export interface DepositInput {
  kind: 'small' | 'large';
  amount: string;
  receivedOn: string;
  onSigning: 'deposit' | 'rent';
  onWithdrawal: 'forfeit' | 'refund';
  terms: string;
}
export const listDeposits = (status?: Deposit['status']) => api.get<Deposit[]>('/reservation-deposits', status ? { status } : undefined);
export const recordDeposit = (reservationId: number, body: DepositInput) => api.post<Deposit>(`/space-reservations/${reservationId}/deposit`, body);
export const settleDeposit = (id: number, note?: string) => api.post<Deposit>(`/reservation-deposits/${id}/settle`, { note });

/** 归档与用印 (R-LEA-23). */
export const getArchive = (id: number) => api.get<ContractArchive>(`/contracts/${id}/archive`);
export const archiveContract = (id: number, body: { archiveNumber: string; archiveLocation: string }) => apiRequest<ContractArchive>(`/contracts/${id}/archive`, { method: 'PUT', body });
export const handOutCopy = (id: number, body: { receiverId: number; purpose: string; handedOn: string }) => api.post<ContractArchive>(`/contracts/${id}/copies`, body);
export const acknowledgeCopy = (id: number, copyId: number) => api.post<{ acknowledgedAt: string }>(`/contracts/${id}/copies/${copyId}/acknowledge`);
export const recordSealUse = (id: number, body: { usedOn: string; document: string; copies: number; purpose?: string }) => api.post<ContractArchive>(`/contracts/${id}/seal-uses`, body);

/** 履约节点与执行情况 (R-LEA-24). */
export const listMilestones = (id: number) => api.get<Milestone[]>(`/contracts/${id}/milestones`);
export const addMilestone = (id: number, body: { kind: Milestone['kind']; title: string; dueDate: string; ownerId?: number; remindDays: number }) => api.post<Milestone[]>(`/contracts/${id}/milestones`, body);
export const completeMilestone = (id: number, milestoneId: number, note?: string) => api.post<Milestone[]>(`/contracts/${id}/milestones/${milestoneId}/done`, { note });
export const getExecutionReport = (id: number, asOf?: string) => api.get<ExecutionReport>(`/contracts/${id}/execution-report`, asOf ? { asOf } : undefined);
