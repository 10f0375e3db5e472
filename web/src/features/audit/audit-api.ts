import { api } from '../../app/api-client';
import type { PageParams, PageResult } from '../../ui/use-server-table';

export const auditActions = [
  'create',
  'update',
  'delete',
  'view',
  'export',
  'login',
  'login_failed',
  'logout',
  'password_change',
  'password_reset',
] as const;
export type KnownAuditAction = (typeof auditActions)[number];

export interface FieldChange {
  before: unknown;
  after: unknown;
}

/** 审计事件 — one append-only, hash-chained audit record. */
export interface AuditEvent {
  id: number;
  at: string;
  actorId: number | null;
  actorName: string | null;
  ip: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  summary: string;
  changes: Record<string, FieldChange> | null;
  requestId: string | null;
}

export interface AuditFilters {
  actorId?: number;
  action?: string;
  entityType?: string;
  entityId?: string;
  /** ISO instants */
  from?: string;
  to?: string;
  q?: string;
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  brokenAtId: number | null;
  /** altered: an event was changed (or hashes recomputed); missing: the newest events were deleted. */
  problem: 'altered' | 'missing' | null;
  message: string;
}

export const auditQueryKey = ['audit-events'] as const;

export function listAuditEvents(params: PageParams & AuditFilters): Promise<PageResult<AuditEvent>> {
  return api.get('/audit-events', { ...params });
}

/** A full verification run (a background job): its progress, then its finding. */
export interface AuditVerification {
  id: number;
  status: 'running' | 'succeeded' | 'failed';
  progress: number;
  total: number | null;
  startedAt: string;
  finishedAt: string | null;
  result: ChainVerification | null;
  /** Why a run ended without a finding. */
  error: string | null;
}

/** Starts the full verification, or joins the one already running. */
export function startAuditVerification(): Promise<AuditVerification> {
  return api.post('/audit-events/verifications');
}

export function getAuditVerification(id: number): Promise<AuditVerification> {
  return api.get(`/audit-events/verifications/${id}`);
}

export function isKnownAction(action: string): action is KnownAuditAction {
  return (auditActions as readonly string[]).includes(action);
}
