import { and, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { hasPermission, type Actor, type RequestContext } from '../../../platform/access/access';
import { canViewSensitive, maskValue } from '../../../platform/access/masking';
import { customerSensitiveFields } from '../sensitive';
import { queryRows } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { orgUnits, users } from '../../../platform/org/org.table';
import { customerScope } from '../access';
import { customerContacts, customers } from '../customers.table';
import { normalizeName } from './keys';
import { analyzeQuery, rankedSearchQuery, type RankedHit } from './search.queries';
import type { CustomerSearchHit, DuplicateCheckQuery, DuplicateCheckResult, DuplicateHit, SearchCustomersQuery } from './search.schema';

// 客户搜索 (R-CUS-32) and the 查重 lookup (R-CUS-06).

function requireAnyPermission(actor: Actor | undefined, permissions: string[]): Actor {
  if (!actor) throw new AppError('AUTH_REQUIRED');
  if (!permissions.some((permission) => hasPermission(actor, permission))) {
    throw new AppError('FORBIDDEN', `没有权限执行此操作（需要权限 ${permissions.join(' 或 ')}）`, { reason: 'access.missing_permission' });
  }
  return actor;
}

function matchedText(actor: Actor, hit: RankedHit): string | null {
  if (hit.kind !== 'contact') return null;
  const mobile = hit.contactMobile ? ` ${canViewSensitive(actor) ? hit.contactMobile : maskValue(customerSensitiveFields.customer_contact.mobile, hit.contactMobile)}` : '';
  return `联系人 ${hit.contactName ?? ''}${mobile}`;
}

/** The header's global search and the list keyword: ranked, inside the data scope, masked. */
export async function searchCustomers(deps: Deps, ctx: RequestContext, query: SearchCustomersQuery): Promise<{ items: CustomerSearchHit[] }> {
  const actor = requireAnyPermission(ctx.actor, ['customer:read']);
  const terms = analyzeQuery(query.q);
  const hits = await queryRows<RankedHit>(deps.db, rankedSearchQuery(terms, customerScope(actor), query.limit));
  if (hits.length === 0) return { items: [] };
  const rows = await deps.db
    .select({
      id: customers.id,
      code: customers.code,
      name: customers.name,
      shortName: customers.shortName,
      uscc: customers.uscc,
      ownerId: customers.ownerId,
      ownerName: users.displayName,
      unitName: orgUnits.name,
      lifecycleCode: customers.lifecycleCode,
      grade: customers.grade,
    })
    .from(customers)
    .leftJoin(users, eq(users.id, customers.ownerId))
    .leftJoin(orgUnits, eq(orgUnits.id, customers.unitId))
    .where(
      and(
        inArray(
          customers.id,
          hits.map((hit) => Number(hit.id)),
        ),
        customerScope(actor),
      ),
    );
  const byId = new Map(rows.map((row) => [row.id, row]));
  const items: CustomerSearchHit[] = [];
  for (const hit of hits) {
    const row = byId.get(Number(hit.id));
    if (!row) continue;
    items.push({ ...row, unitName: row.unitName ?? '', matchedBy: hit.kind, matchedText: matchedText(actor, hit) });
  }
  return { items };
}

/** Minimum pg_trgm similarity of normalised names for a "similar name" (0–1). */
export const SIMILARITY_THRESHOLD = 0.4;
const MAX_EXACT = 20;
const MAX_SIMILAR = 10;

interface DuplicateRow {
  id: number;
  code: string;
  name: string;
  ownerName: string | null;
  unitName: string | null;
  lifecycleCode: string;
  inScope: boolean;
}

/**
 * In scope: the record's identity. Outside (R-CUS-06): an exact hit shows name, owner and status —
 * enough to stop a duplicate development; a similar name shows the name partly masked and no
 * owner, so fragments cannot list other units' customers.
 */
function toDuplicateHit(row: DuplicateRow, extra: Pick<DuplicateHit, 'matchedBy' | 'similarity'>, exact: boolean): DuplicateHit {
  const base = { inScope: row.inScope, name: row.name, ownerName: row.ownerName, lifecycleCode: row.lifecycleCode, ...extra };
  if (row.inScope) return { ...base, id: Number(row.id), code: row.code, unitName: row.unitName ?? '' };
  if (exact) return base;
  return { ...base, name: maskValue('name', row.name), ownerName: null };
}

function duplicateSelect(actor: Actor) {
  return {
    id: customers.id,
    code: customers.code,
    name: customers.name,
    ownerName: users.displayName,
    unitName: orgUnits.name,
    lifecycleCode: customers.lifecycleCode,
    inScope: sql<boolean>`(${customerScope(actor)})`.as('in_scope'),
  };
}

/**
 * 查重: before registering, anyone who works with customers checks a name, phone or USCC against
 * the whole archive — not only their own scope — and sees exact duplicates and similar names
 * with a similarity score. Outside the caller's scope a hit shows only name, owner and status.
 */
export async function checkDuplicates(deps: Deps, ctx: RequestContext, query: DuplicateCheckQuery): Promise<DuplicateCheckResult> {
  const actor = requireAnyPermission(ctx.actor, ['customer:read', 'development:read']);
  const name = query.name?.trim() ?? '';
  const phone = query.phone?.replace(/\s+/g, '') ?? '';
  const uscc = query.uscc?.replace(/\s+/g, '').toUpperCase() ?? '';
  const normalized = name ? normalizeName(name) : '';
  if (!normalized && !phone && !uscc) {
    const message = '请至少填写客户名称、电话或统一社会信用代码之一';
    throw fieldError('name', message);
  }

  const live = isNull(customers.mergedIntoId);
  const byName = normalized ? eq(customers.normalizedName, normalized) : undefined;
  const byUscc = uscc ? eq(customers.uscc, uscc) : undefined;
  let byPhone: SQL | undefined;
  // Each key is its own index lookup; the candidates are collected first, then read by id.
  const candidates: SQL[] = [];
  if (byName) candidates.push(sql`SELECT ${customers.id} FROM ${customers} WHERE ${byName}`);
  if (byUscc) candidates.push(sql`SELECT ${customers.id} FROM ${customers} WHERE ${byUscc}`);
  if (phone) {
    const digits = phone.replace(/[-()+]/g, '');
    const phones = [...new Set([phone, digits])];
    const contactIds = sql`SELECT ${customerContacts.customerId} FROM ${customerContacts} WHERE ${customerContacts.mobile} = ${digits}`;
    byPhone = or(inArray(customers.phone, phones), sql`${customers.id} IN (${contactIds})`);
    candidates.push(sql`SELECT ${customers.id} FROM ${customers} WHERE ${inArray(customers.phone, phones)}`, contactIds);
  }
  const flag = (condition: SQL | undefined) => (condition ? sql<boolean>`coalesce((${condition}), false)` : sql<boolean>`false`);

  // One short read-only transaction: both look-ups on one connection, and the similarity
  // threshold below applies to this transaction only.
  return deps.db.transaction(async (tx) => {
    const exactRows = await tx
      .select({ ...duplicateSelect(actor), byName: flag(byName), byUscc: flag(byUscc), byPhone: flag(byPhone) })
      .from(customers)
      .leftJoin(users, eq(users.id, customers.ownerId))
      .leftJoin(orgUnits, eq(orgUnits.id, customers.unitId))
      .where(and(live, sql`${customers.id} = ANY(ARRAY(${sql.join(candidates, sql` UNION `)}))`))
      .orderBy(customers.id)
      .limit(MAX_EXACT);
    const exact = exactRows.map((row) => {
      const matchedBy: ('name' | 'uscc' | 'phone')[] = [];
      if (row.byName) matchedBy.push('name');
      if (row.byUscc) matchedBy.push('uscc');
      if (row.byPhone) matchedBy.push('phone');
      return toDuplicateHit(row, { matchedBy }, true);
    });

    let similar: DuplicateHit[] = [];
    if (normalized) {
      // `%` is served by the trigram index on normalized_name. Its threshold is raised to ours for
      // this transaction: the index then drops most candidates itself (measured at 200,000
      // customers: ~650 heap rows to recheck instead of ~8,000 with the default 0.3).
      await tx.execute(sql`SELECT set_config('pg_trgm.similarity_threshold', ${String(SIMILARITY_THRESHOLD)}, true)`);
      const similarity = sql<number>`similarity(${customers.normalizedName}, ${normalized})`;
      const exactIds = exactRows.map((row) => Number(row.id));
      const rows = await tx
        .select({ ...duplicateSelect(actor), similarity })
        .from(customers)
        .leftJoin(users, eq(users.id, customers.ownerId))
        .leftJoin(orgUnits, eq(orgUnits.id, customers.unitId))
        .where(and(live, sql`${customers.normalizedName} % ${normalized}`, sql`${similarity} >= ${SIMILARITY_THRESHOLD}`))
        .orderBy(sql`${similarity} DESC`, customers.id)
        .limit(MAX_SIMILAR + exactIds.length);
      similar = rows
        .filter((row) => !exactIds.includes(Number(row.id)))
        .slice(0, MAX_SIMILAR)
        .map((row) => toDuplicateHit(row, { similarity: Math.round(Number(row.similarity) * 100) / 100 }, false));
    }
    return { exact, similar };
  });
}
