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

export function verifyAuditChain(): Promise<ChainVerification> {
  return api.get('/audit-events/verify');
}

export function isKnownAction(action: string): action is KnownAuditAction {
  return (auditActions as readonly string[]).includes(action);
}
