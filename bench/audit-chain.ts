// The audit log's hash chain, recomputed here so the generator can bulk-load events that
// `verifyAuditChain` accepts. This MUST stay identical to `canonical`/`eventHash` in
// server/platform/audit/audit.service.ts (not exported there on purpose); the generator checks
// a sample with `verifyAuditChain` before loading the rest, so a drift fails the run loudly.
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export type AuditChanges = Record<string, { before: unknown; after: unknown }>;

export interface AuditEventFields {
  at: Date;
  actorId: number | null;
  actorName: string | null;
  ip: string | null;
  requestId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  customerId: number | null;
  summary: string;
  changes: AuditChanges | null;
}

function canonical(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function auditEventHash(prevHash: string, fields: AuditEventFields): string {
  return createHash('sha256').update(prevHash).update('|').update(canonical(fields)).digest('hex');
}
