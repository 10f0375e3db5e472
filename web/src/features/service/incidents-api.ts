import { api } from '../../app/api-client';
import type { PageParams, PageResult } from '../../ui/use-server-table';

// Shapes of the major-failure and service-report APIs (R-SVC-05, 06).

export type IncidentStatus = 'open' | 'fixed' | 'closed';
export type ReportChannel = 'email' | 'letter' | 'visit' | 'other';
export const incidentStatuses: IncidentStatus[] = ['open', 'fixed', 'closed'];
export const incidentStatusColor: Record<IncidentStatus, string> = { open: 'red', fixed: 'warning', closed: 'default' };
export const reportChannels: ReportChannel[] = ['email', 'letter', 'visit', 'other'];

export interface IncidentSummary {
  id: number;
  number: string;
  title: string;
  occurredAt: string;
  unitId: number;
  unitName: string;
  managerId: number;
  managerName: string;
  status: IncidentStatus;
  expectedFixAt: string;
  fixedAt: string | null;
  late: boolean;
  customerCount: number;
}
export interface IncidentReport {
  impact: string;
  cause: string;
  corrective: string;
  preventive: string;
}
export interface IncidentEntry {
  id: number;
  kind: 'recorded' | 'delay' | 'instruction' | 'fixed' | 'report' | 'sent';
  note: string;
  expectedFixAt: string | null;
  toldAt: string | null;
  channel: ReportChannel | null;
  executiveId: number | null;
  executiveName: string | null;
  answer: string | null;
  answeredAt: string | null;
  byName: string | null;
  createdAt: string;
}
export interface Incident extends IncidentSummary {
  description: string;
  fixSummary: string | null;
  report: IncidentReport | null;
  reportSentAt: string | null;
  reportChannel: ReportChannel | null;
  customers: { id: number; name: string; ownerName: string | null }[];
  notified: { id: number; name: string }[];
  log: IncidentEntry[];
  canHandle: boolean;
  pendingInstructionIds: number[];
}
export type IncidentFilters = { status?: IncidentStatus };

export const incidentsKey = ['incidents'] as const;
export const listIncidents = (params: PageParams & IncidentFilters): Promise<PageResult<IncidentSummary>> => api.get('/incidents', { ...params });
export const getIncident = (id: number) => api.get<Incident>(`/incidents/${id}`);

export type ReportKind = 'weekly' | 'monthly';
export interface ServiceReportSummary {
  id: number;
  kind: ReportKind;
  kindName: string;
  periodStart: string;
  periodEnd: string;
  generatedAt: string;
  generatedByName: string | null;
}
export interface ServiceReport extends ServiceReportSummary {
  sections: { title: string; rows: { label: string; value: number | string | null }[] }[];
  comments: string | null;
}
export const serviceReportsKey = ['service-reports'] as const;
export const listServiceReports = (kind?: ReportKind) => api.get<ServiceReportSummary[]>('/service-reports', kind ? { kind } : undefined);
export const getServiceReport = (id: number) => api.get<ServiceReport>(`/service-reports/${id}`);

export type CareKind = 'birthday' | 'festival' | 'december' | 'new_business';
export type CareStatus = 'planned' | 'done' | 'skipped';
export interface CareAction {
  id: number;
  customerId: number;
  customerName: string;
  kind: CareKind;
  kindName: string;
  title: string;
  occasionDate: string;
  ownerId: number | null;
  ownerName: string | null;
  status: CareStatus;
  gift: string | null;
  budget: string | null;
  budgetStatus: 'none' | 'pending' | 'approved' | 'rejected';
  approvalId: number | null;
  actualCost: string | null;
  outcome: string | null;
  needs: string | null;
  doneAt: string | null;
  doneByName: string | null;
}
export const careKey = ['care-actions'] as const;
export const listCare = (from: string, to: string, mine: boolean) => api.get<CareAction[]>('/care-actions', { from, to, ...(mine ? { mine: 'true' } : {}) });
