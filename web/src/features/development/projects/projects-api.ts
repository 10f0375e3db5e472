import type { MessageKey } from '../../../app/i18n/dictionary';
import { api } from '../../../app/api-client';
import type { PageParams, PageResult } from '../../../ui/use-server-table';

// 新客户开发立项 (R-DEV-50): /api/v1/development/projects. Money is a decimal string ("10500.00").

export type ProjectStatus = 'draft' | 'pending' | 'active' | 'rejected' | 'won' | 'terminated';
export type ProjectFlag = 'no_progress_3m' | 'review_6m' | 'report_12m';

export interface ProjectSummary {
  id: number;
  number: string;
  customerId: number;
  customerName: string;
  name: string;
  ownerId: number;
  ownerName: string | null;
  unitId: number;
  unitName: string | null;
  status: ProjectStatus;
  flag: ProjectFlag | null;
  reviewRequired: boolean;
  reportRequired: boolean;
  expectedAnnualVolume: string;
  target: string | null;
  budgetTotal: string;
  spentTotal: string;
  preBreakthroughSpent: string;
  preBreakthroughCap: string;
  approvedAt: string | null;
  lastProgressAt: string | null;
  nextProgressDue: string | null;
  breakthroughAt: string | null;
  closedAt: string | null;
  createdAt: string;
}

export interface BudgetItem {
  id: number;
  category: string;
  amount: string;
  note: string | null;
  spent: string;
  limit: string;
  remaining: string;
}

export interface Expense {
  id: number;
  budgetItemId: number;
  category: string;
  amount: string;
  spentOn: string;
  note: string;
  preBreakthrough: boolean;
  recordedById: number;
  recordedByName: string | null;
  createdAt: string;
}

export interface ProgressEntry {
  id: number;
  reportedOn: string;
  content: string;
  breakthrough: boolean;
  recordedById: number;
  recordedByName: string | null;
  createdAt: string;
}

export interface ProjectDetail extends ProjectSummary {
  background: string;
  overBudgetRate: number;
  closeReason: string | null;
  reportText: string | null;
  reportSubmittedAt: string | null;
  budgetItems: BudgetItem[];
  expenses: Expense[];
  progress: ProgressEntry[];
  approvals: { id: number; status: string; title: string; createdAt: string; completedAt: string | null }[];
  can: { edit: boolean; submit: boolean; record: boolean; report: boolean; review: boolean; close: boolean };
}

export interface ProjectFilters {
  status?: ProjectStatus;
  flag?: ProjectFlag;
  ownerId?: number;
  unitId?: number;
  q?: string;
}

export interface BudgetItemBody {
  category: string;
  amount: string;
  note?: string | null;
}

export interface ProjectBody {
  customerId: number;
  name: string;
  background: string;
  expectedAnnualVolume: string;
  target: string;
  budgetItems: BudgetItemBody[];
}

export const projectsPrefix = ['development-projects'] as const;
export const projectListKey = [...projectsPrefix, 'list'] as const;
export const projectKey = (id: number) => [...projectsPrefix, 'detail', id] as const;

export const projectStatusLabels: Record<ProjectStatus, { label: MessageKey; color: string }> = {
  draft: { label: 'development.projects.draft', color: 'default' },
  pending: { label: 'development.projects.inApproval', color: 'processing' },
  active: { label: 'development.projects.open', color: 'blue' },
  rejected: { label: 'development.projects.refused', color: 'red' },
  won: { label: 'development.projects.won', color: 'green' },
  terminated: { label: 'development.projects.terminated2', color: 'default' },
};

export const projectFlagLabels: Record<ProjectFlag, { label: MessageKey; color: string }> = {
  no_progress_3m: { label: 'development.projects.noProgressFor3Months', color: 'orange' },
  review_6m: { label: 'development.projects.noProgressFor6Months2', color: 'volcano' },
  report_12m: { label: 'development.projects.12MonthsWithoutReachingThe', color: 'red' },
};

export const budgetCategories = ['development.projects.travel', 'development.projects.entertainment', 'development.projects.gifts', 'development.projects.promotion', 'development.projects.consulting', 'development.projects.other'];

/** "10500.5" → "10,500.50" */
export function formatMoney(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const number = Number(value);
  if (!Number.isFinite(number)) return String(value);
  return number.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

export function listProjects(params: PageParams & ProjectFilters): Promise<PageResult<ProjectSummary>> {
  return api.get('/development/projects', { ...params });
}

export const getProject = (id: number) => api.get<ProjectDetail>(`/development/projects/${id}`);
export const createProject = (body: ProjectBody) => api.post<ProjectDetail>('/development/projects', body);
export const updateProject = (id: number, body: Partial<Omit<ProjectBody, 'customerId'>>) => api.patch<ProjectDetail>(`/development/projects/${id}`, body);
export const submitProject = (id: number) => api.post<ProjectDetail>(`/development/projects/${id}/submit`);
export const addExpense = (id: number, body: { budgetItemId: number; amount: string; spentOn: string; note: string }) =>
  api.post<ProjectDetail>(`/development/projects/${id}/expenses`, body);
export const addProgress = (id: number, body: { reportedOn: string; content: string; breakthrough: boolean }) =>
  api.post<ProjectDetail>(`/development/projects/${id}/progress`, body);
export const submitReport = (id: number, text: string) => api.post<ProjectDetail>(`/development/projects/${id}/report`, { text });
export const reviewProject = (id: number, comment: string) => api.post<ProjectDetail>(`/development/projects/${id}/review`, { comment });
export const closeProject = (id: number, body: { result: 'won' | 'terminated'; reason: string }) =>
  api.post<ProjectDetail>(`/development/projects/${id}/close`, body);
