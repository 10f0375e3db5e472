import type { MessageKey } from '../../app/i18n/dictionary';
import { api } from '../../app/api-client';
import type { PageParams, PageResult } from '../../ui/use-server-table';

export type JobRunStatus = 'running' | 'succeeded' | 'failed';

export interface JobRun {
  id: number;
  jobKey: string;
  jobName: string;
  periodKey: string;
  manual: boolean;
  status: JobRunStatus;
  progress: number;
  total: number | null;
  message: string;
  output: Record<string, unknown> | null;
  triggeredById: number | null;
  triggeredByName: string | null;
  instanceId: string | null;
  startedAt: string;
  heartbeatAt: string | null;
  finishedAt: string | null;
}

export interface Job {
  key: string;
  name: string;
  description: string;
  defaultCron: string;
  cron: string;
  enabled: boolean;
  nextRunAt: string | null;
  lastRun: JobRun | null;
}

export interface JobRunFilters {
  jobKey?: string;
  status?: JobRunStatus;
}

export const jobsQueryKey = ['jobs'] as const;

export const listJobs = (): Promise<{ items: Job[] }> => api.get('/jobs');
export const listJobRuns = (params: PageParams & JobRunFilters): Promise<PageResult<JobRun>> => api.get('/jobs/runs', { ...params });
export const updateJob = (key: string, body: { cron?: string; enabled?: boolean }): Promise<Job> => api.patch(`/jobs/${key}`, body);
export const runJob = (key: string): Promise<JobRun> => api.post(`/jobs/${key}/run`);

export const runStatusLabel: Record<JobRunStatus, MessageKey> = { running: 'jobs.running', succeeded: 'jobs.succeeded', failed: 'jobs.failed' };
export const runStatusColor: Record<JobRunStatus, string> = { running: 'processing', succeeded: 'success', failed: 'error' };
