import { noteAuditedChange } from '../auth/actor-cache';
import { and, asc, count, desc, eq, gt, gte, ilike, lte, or, sql, type SQL } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import type { Actor, RequestContext } from '../access/access';
import { maskChanges, maskText } from '../access/masking';
import type { Clock } from '../clock';
import type { Db, DbOrTx } from '../db/client';
import { COUNT_CAP, selectPage } from '../db/paging';
import { storableText } from '../http/input-guards';
import { auditEvents } from './audit.table';

export type AuditChanges = Record<string, { before: unknown; after: unknown }>;

export interface AuditInput {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  customerId?: number | null;
  summary?: string;
  changes?: AuditChanges | null;
  /** Overrides the actor name (e.g. a failed login for an unknown user). */
  actorName?: string;
  actorId?: number | null;
}

const GENESIS = '0'.repeat(64);
// Serialises appends so each event links to the one before it.
const AUDIT_CHAIN_LOCK = 727274002;

/** Stable JSON: keys sorted at every level, so jsonb's key reordering cannot change a hash. */
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

/**
 * What PostgreSQL will hand back for a value: lone surrogates become U+FFFD and U+0000 cannot be
 * stored at all. Hashing this (and storing this) keeps the hash input exactly what is stored, so
 * no text that slipped past the input guards (a spreadsheet cell, a file name) can break the chain.
 */
function storable<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return storableText(value) as T;
  if (!value || typeof value !== 'object' || value instanceof Date || depth > 64) return value;
  if (Array.isArray(value)) return value.map((item) => storable(item, depth + 1)) as T;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [storable(k), storable(v, depth + 1)])) as T;
}

interface HashedFields {
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

function eventHash(prevHash: string, fields: HashedFields): string {
  return createHash('sha256').update(prevHash).update('|').update(canonical(fields)).digest('hex');
}

/**
 * Appends one audit event inside the caller's transaction (R-PLT-10): if the business change
 * rolls back, so does its audit record.
 */
export async function recordAudit(tx: DbOrTx, clock: Clock, ctx: RequestContext, input: AuditInput): Promise<void> {
  noteAuditedChange(input.entityType, input.action);
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
  const last = await tx
    .select({ hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.id))
    .limit(1);
  const prevHash = last[0]?.hash ?? GENESIS;
  const fields: HashedFields = storable({
    at: clock.now(),
    actorId: input.actorId !== undefined ? input.actorId : (ctx.actor?.userId ?? null),
    actorName: input.actorName ?? ctx.actor?.displayName ?? null,
    ip: ctx.ip ?? null,
    requestId: ctx.requestId ?? null,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId === undefined || input.entityId === null ? null : String(input.entityId),
    customerId: input.customerId ?? null,
    summary: input.summary ?? '',
    changes: input.changes && Object.keys(input.changes).length ? input.changes : null,
  });
  await tx.insert(auditEvents).values({ ...fields, prevHash, hash: eventHash(prevHash, fields) });
}

/** Appends an audit event in its own transaction (sign-in events, access events). */
export async function recordAuditNow(db: Db, clock: Clock, ctx: RequestContext, input: AuditInput): Promise<void> {
  await db.transaction((tx) => recordAudit(tx, clock, ctx, input));
}

/**
 * Field-level before/after of the listed fields; only fields that actually changed appear.
 * Sensitive values can be replaced by a marker via `redact`.
 */
export function diffChanges<T extends Record<string, unknown>>(
  before: Partial<T> | null,
  after: Partial<T> | null,
  fields: (keyof T)[],
  redact: (keyof T)[] = [],
): AuditChanges {
  const changes: AuditChanges = {};
  for (const field of fields) {
    const b = before ? (before[field] ?? null) : null;
    const a = after ? (after[field] ?? null) : null;
    if (canonical(b) === canonical(a)) continue;
    const hidden = redact.includes(field);
    changes[field as string] = { before: hidden && b !== null ? '***' : b, after: hidden && a !== null ? '***' : a };
  }
  return changes;
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  /** The first event that does not match, or where events are missing. */
  brokenAtId: number | null;
  /** altered: an event's content or link; missing: events seen at the checkpoint are gone. */
  problem: 'altered' | 'missing' | null;
  /** When the events up to the checkpoint no longer number what they did: how many there are now. */
  countNow?: number;
  /** The newest event verified and its hash (the next checkpoint). */
  lastId: number;
  lastHash: string;
}

export interface ChainHead {
  lastId: number;
  hash: string;
  count: number;
}

/**
 * Recomputes the hash chain (R-SEC-08). From the start by default; with `from` (a checkpoint)
 * only the events after it, after checking that the checkpoint's event still has its hash. With
 * `head` (the checkpoint kept outside the database) a full walk also proves that no event up to
 * the checkpoint was deleted and that the chain was not recomputed after an edit.
 */
export async function verifyAuditChain(
  db: DbOrTx,
  options: { from?: ChainHead; head?: ChainHead; batchSize?: number; onProgress?: (checked: number) => Promise<void>; yieldBetweenBatches?: boolean } = {},
): Promise<ChainVerification> {
  const batchSize = options.batchSize ?? 5000;
  const head = options.head;
  let prevHash = GENESIS;
  let lastId = 0;
  let checked = 0;
  const broken = (id: number | null, problem: 'altered' | 'missing'): ChainVerification => ({ ok: false, checked, brokenAtId: id, problem, lastId, lastHash: prevHash });
  if (options.from) {
    const [anchor] = await db.select({ hash: auditEvents.hash }).from(auditEvents).where(eq(auditEvents.id, options.from.lastId));
    if (!anchor) return broken(options.from.lastId, 'missing');
    if (anchor.hash !== options.from.hash) return broken(options.from.lastId, 'altered');
    // An event deleted (or slipped in) before the checkpoint leaves the newer chain intact; the
    // number of events up to the checkpoint shows it without recomputing them.
    const [counted] = await db.select({ n: count() }).from(auditEvents).where(lte(auditEvents.id, options.from.lastId));
    const countNow = Number(counted?.n ?? 0);
    if (countNow !== options.from.count) {
      return { ...broken(null, countNow < options.from.count ? 'missing' : 'altered'), countNow, checked: options.from.count };
    }
    prevHash = options.from.hash;
    lastId = options.from.lastId;
    checked = options.from.count;
  }
  let sawHead = !head || head.lastId <= lastId;
  for (;;) {
    const rows = await db.select().from(auditEvents).where(gt(auditEvents.id, lastId)).orderBy(asc(auditEvents.id)).limit(batchSize);
    if (rows.length === 0) break;
    for (const row of rows) {
      if (head && !sawHead && row.id > head.lastId) return broken(head.lastId, 'missing');
      const expected = eventHash(prevHash, {
        at: row.at,
        actorId: row.actorId,
        actorName: row.actorName,
        ip: row.ip,
        requestId: row.requestId,
        action: row.action,
        entityType: row.entityType,
        entityId: row.entityId,
        customerId: row.customerId,
        summary: row.summary,
        changes: row.changes ?? null,
      });
      if (row.prevHash !== prevHash || row.hash !== expected) return broken(row.id, 'altered');
      if (head && row.id === head.lastId) {
        // The chain verifies by itself, but not the hash seen at the checkpoint: recomputed.
        if (row.hash !== head.hash) return broken(row.id, 'altered');
        sawHead = true;
      }
      prevHash = row.hash;
      lastId = row.id;
      checked += 1;
    }
    await options.onProgress?.(checked);
    // Let requests waiting for the (embedded, single-connection) database in between batches.
    if (options.yieldBetweenBatches) await new Promise((resolve) => setImmediate(resolve));
  }
  // The newest events up to the checkpoint were deleted.
  if (!sawHead) return broken(head!.lastId, 'missing');
  return { ok: true, checked, brokenAtId: null, problem: null, lastId, lastHash: prevHash };
}

/** Lists report at most this many matches ("10,000+"). */
export { COUNT_CAP };

export interface AuditSearch {
  page: number;
  pageSize: number;
  actorId?: number;
  action?: string;
  entityType?: string;
  entityId?: string;
  customerId?: number;
  from?: Date;
  to?: Date;
  q?: string;
}

/** The log as an actor reads it: sensitive before/after values and numbers in summaries are masked without sensitive:view (R-PLT-04). */
export async function searchAuditEvents(db: Db, search: AuditSearch, actor?: Actor) {
  const conditions: SQL[] = [];
  if (search.actorId !== undefined) conditions.push(eq(auditEvents.actorId, search.actorId));
  if (search.action) conditions.push(eq(auditEvents.action, search.action));
  if (search.entityType) conditions.push(eq(auditEvents.entityType, search.entityType));
  if (search.entityId) conditions.push(eq(auditEvents.entityId, search.entityId));
  if (search.customerId !== undefined) conditions.push(eq(auditEvents.customerId, search.customerId));
  if (search.from) conditions.push(gte(auditEvents.at, search.from));
  if (search.to) conditions.push(lte(auditEvents.at, search.to));
  if (search.q) {
    const pattern = `%${search.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // Two characters and up: the character-pair index narrows the log to candidate events first
    // (the expression is the index's, to the letter); ILIKE then decides.
    if ([...search.q].length >= 2) {
      conditions.push(sql`audit_text_bigrams(${auditEvents.summary} || chr(10) || coalesce(${auditEvents.actorName}, '')) @> audit_text_bigrams(${search.q})`);
    }
    conditions.push(or(ilike(auditEvents.summary, pattern), ilike(auditEvents.actorName, pattern))!);
  }
  const where = conditions.length ? and(...conditions) : undefined;
  // The log grows to millions of rows: the count stops at COUNT_CAP matches.
  const { rows, ...counted } = await selectPage(db, search, {
    rows: (limit, offset) => db.select().from(auditEvents).where(where).orderBy(desc(auditEvents.id)).limit(limit).offset(offset),
    matching: db.select({ one: sql`1` }).from(auditEvents).where(where).$dynamic(),
  });
  return {
    items: rows.map((row) => ({
      id: row.id,
      at: row.at.toISOString(),
      actorId: row.actorId,
      actorName: row.actorName,
      ip: row.ip,
      action: row.action,
      entityType: row.entityType,
      entityId: row.entityId,
      customerId: row.customerId,
      summary: actor ? maskText(actor, row.summary) : row.summary,
      changes: actor ? maskChanges(actor, row.entityType, row.changes ?? null) : (row.changes ?? null),
      requestId: row.requestId,
    })),
    ...counted,
  };
}
