import type { MessageKey } from '../../app/i18n/dictionary';
import { api } from '../../app/api-client';
import type { PageParams, PageResult } from '../../ui/use-server-table';

export type TaskStatus = 'open' | 'done' | 'cancelled';

/** 待办 as the server returns it; `overdue` = open and past its due time. */
export interface Task {
  id: number;
  title: string;
  description: string;
  status: TaskStatus;
  dueAt: string;
  overdue: boolean;
  assigneeId: number;
  assigneeName: string | null;
  unitId: number;
  recordType: string | null;
  recordId: string | null;
  ruleKey: string | null;
  escalatedAt: string | null;
  escalatedToId: number | null;
  escalatedToName: string | null;
  createdById: number | null;
  createdByName: string | null;
  createdAt: string;
  completedAt: string | null;
}

export interface TaskFilters {
  status?: TaskStatus | 'all';
  overdue?: 'true' | 'false';
  relation?: 'assigned' | 'escalated' | 'created';
  dueFrom?: string;
  dueTo?: string;
  recordType?: string;
}

export interface CreateTaskBody {
  title: string;
  description?: string;
  assigneeId?: number;
  dueAt: string;
  recordType?: string;
  recordId?: string;
}

export interface TaskSummary {
  open: number;
  overdue: number;
  escalatedToMe: number;
}

export interface AssignableUser {
  id: number;
  displayName: string;
  unitName: string;
}

export const tasksQueryKey = ['tasks'] as const;

export const listTasks = (params: PageParams & TaskFilters): Promise<PageResult<Task>> => api.get('/tasks', { ...params });
export const getTaskSummary = (): Promise<TaskSummary> => api.get('/tasks/summary');
export const createTask = (body: CreateTaskBody): Promise<Task> => api.post('/tasks', body);
export const completeTask = (id: number): Promise<Task> => api.post(`/tasks/${id}/complete`);
export const cancelTask = (id: number): Promise<Task> => api.post(`/tasks/${id}/cancel`);
export const reassignTask = (id: number, body: { assigneeId: number; dueAt?: string }): Promise<Task> => api.post(`/tasks/${id}/reassign`, body);
export const listAssignableUsers = (q?: string): Promise<{ items: AssignableUser[] }> => api.get('/tasks/assignable-users', { q });

export const taskStatusLabel: Record<TaskStatus, MessageKey> = { open: 'tasks.open', done: 'tasks.done', cancelled: 'tasks.cancelled' };
export const taskStatusColor: Record<TaskStatus, string> = { open: 'processing', done: 'success', cancelled: 'default' };
