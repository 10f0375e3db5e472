import type { Actor } from '../access/access';

// The resolved actor of a session, kept for a couple of seconds so that a burst of requests (a
// page loads several lists at once) costs one statement less each (08-quality: ≤ 2 statements per
// list request). Any audited change to users, roles or org units — role grants, data scopes, unit
// moves, disabling, passwords, sign-in and sign-out — empties the cache in this process, so the
// next request reads the new rights. Other instances (several behind a load balancer) see a change
// at most TTL_MS later; so does a request racing the changing transaction.

const TTL_MS = 2_000;
const MAX_ENTRIES = 10_000;

interface Entry {
  actor: Actor;
  csrfToken: string;
  lastSeenAt: Date;
  expiresAt: Date;
  cachedAt: number;
}

const entries = new Map<string, Entry>();

export function cachedSession(sessionId: string): Omit<Entry, 'cachedAt'> | undefined {
  const entry = entries.get(sessionId);
  if (!entry) return undefined;
  if (performance.now() - entry.cachedAt > TTL_MS) {
    entries.delete(sessionId);
    return undefined;
  }
  return entry;
}

export function rememberSession(sessionId: string, entry: Omit<Entry, 'cachedAt'>): void {
  if (entries.size >= MAX_ENTRIES) entries.clear();
  entries.set(sessionId, { ...entry, cachedAt: performance.now() });
}

export function forgetSession(sessionId: string): void {
  entries.delete(sessionId);
}

/** Rights may have changed: every session is read again on its next request. */
export function forgetAllSessions(): void {
  entries.clear();
}

/** Audit entity types whose changes can alter a session's actor. */
const ACCESS_ENTITIES = new Set(['user', 'role', 'org_unit']);

/** Called for every audit record: a change (not a read or an export) of access data empties the cache. */
export function noteAuditedChange(entityType: string, action: string): void {
  if (ACCESS_ENTITIES.has(entityType) && !/^(view|export)/.test(action)) forgetAllSessions();
}
