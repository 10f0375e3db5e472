import { and, desc, eq, gte, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { requirePermission, type Actor, type RequestContext } from '../../../platform/access/access';
import { maskFields } from '../../../platform/access/masking';
import { customerSensitiveFields } from '../sensitive';
import { diffChanges, recordAudit } from '../../../platform/audit/audit.service';
import type { DbOrTx } from '../../../platform/db/client';
import { COUNT_CAP, countUpTo, selectPage } from '../../../platform/db/paging';
import type { Deps } from '../../../platform/deps';
import { dictionaryCodes } from '../../../platform/dictionaries/defaults';
import { orderByFrom } from '../../../platform/http/pagination';
import { orgUnits, users } from '../../../platform/org/org.table';
import { customerScope, type CustomerRow } from '../access';
import type { CustomerSummary } from '../archive/archive.schema';
import { toCustomerSummary } from '../archive/dto';
import { customers } from '../customers.table';
import { addTimelineEvent } from '../timeline';
import { analyzeQuery, keywordCondition } from './search.queries';
import type { BulkResult, BulkTagsBody, CustomerFilters, ListCustomersQuery } from './search.schema';

// 客户档案列表 (R-PLT-62): filters for every classification dimension, owner, unit, grade,
// status and tags, keyword search, sorting and pagination — always inside the data scope
// (R-PLT-03), the total included — counted up to a cap (see `countCapped`).

/** Dictionary item and all items below it (GB/T 4754 section letter → its divisions). */
function codeOrChildren(column: SQL | typeof customers.industryCode, dictionary: string, code: string): SQL {
  return sql`(${column} = ${code} OR ${column} IN (SELECT code FROM dictionary_items WHERE dictionary_code = ${dictionary} AND parent_code = ${code}))`;
}

/** The WHERE of the list for the given filters, the data scope included. */
export function customerListCondition(actor: Actor, filters: CustomerFilters): SQL {
  const conditions: (SQL | undefined)[] = [customerScope(actor)];
  if (filters.q) conditions.push(keywordCondition(analyzeQuery(filters.q)));
  if (filters.industryCode) conditions.push(codeOrChildren(customers.industryCode, dictionaryCodes.industry, filters.industryCode));
  if (filters.usageCode) {
    const wanted = sql`ARRAY[${filters.usageCode}]::text[] || ARRAY(SELECT code FROM dictionary_items WHERE dictionary_code = ${dictionaryCodes.usageCategory} AND parent_code = ${filters.usageCode})`;
    conditions.push(sql`${customers.usageCodes} ?| (${wanted})`);
  }
  if (filters.natureCode) conditions.push(eq(customers.natureCode, filters.natureCode));
  if (filters.sourceCode) conditions.push(eq(customers.sourceCode, filters.sourceCode));
  if (filters.valueCode) conditions.push(eq(customers.valueCode, filters.valueCode));
  if (filters.strategicCode) conditions.push(eq(customers.strategicCode, filters.strategicCode));
  if (filters.lifecycleCode) conditions.push(eq(customers.lifecycleCode, filters.lifecycleCode));
  if (filters.ownerId === 'none') conditions.push(isNull(customers.ownerId));
  else if (filters.ownerId !== undefined) conditions.push(eq(customers.ownerId, filters.ownerId));
  if (filters.unitId !== undefined) {
    conditions.push(
      sql`${customers.unitId} IN (SELECT id FROM org_units WHERE path LIKE (SELECT path FROM org_units WHERE id = ${filters.unitId}) || '%')`,
    );
  }
  if (filters.grade) conditions.push(eq(customers.grade, filters.grade));
  if (filters.admissionStatus) conditions.push(eq(customers.admissionStatus, filters.admissionStatus));
  if (filters.blacklisted !== undefined) conditions.push(filters.blacklisted ? isNotNull(customers.blacklistLevel) : isNull(customers.blacklistLevel));
  if (filters.tags?.length) {
    conditions.push(sql`${customers.tags} ?| ${sql`ARRAY[${sql.join(
      filters.tags.map((tag) => sql`${tag}`),
      sql`, `,
    )}]::text[]`}`);
  }
  // Dates are business days in Asia/Shanghai (the session time zone of both drivers).
  if (filters.notVerifiedSince) {
    conditions.push(or(isNull(customers.verifiedAt), lt(customers.verifiedAt, sql`${filters.notVerifiedSince}::date::timestamptz`)));
  }
  if (filters.createdFrom) conditions.push(gte(customers.createdAt, sql`${filters.createdFrom}::date::timestamptz`));
  if (filters.createdTo) conditions.push(lt(customers.createdAt, sql`(${filters.createdTo}::date + 1)::timestamptz`));
  return and(...conditions)!;
}

/** Query-string filters → the JSON shape saved views also use. */
export function filtersFromQuery(query: ListCustomersQuery): CustomerFilters {
  const tags = query.tags
    ?.split(/[,，]/)
    .map((tag) => tag.trim())
    .filter(Boolean)
    .slice(0, 30);
  return {
    q: query.q || undefined,
    industryCode: query.industryCode || undefined,
    natureCode: query.natureCode || undefined,
    sourceCode: query.sourceCode || undefined,
    usageCode: query.usageCode || undefined,
    valueCode: query.valueCode || undefined,
    strategicCode: query.strategicCode || undefined,
    lifecycleCode: query.lifecycleCode || undefined,
    ownerId: query.ownerId,
    unitId: query.unitId,
    grade: query.grade || undefined,
    admissionStatus: query.admissionStatus,
    blacklisted: query.blacklisted === undefined ? undefined : query.blacklisted === 'true',
    tags: tags?.length ? tags : undefined,
    notVerifiedSince: query.notVerifiedSince,
    createdFrom: query.createdFrom,
    createdTo: query.createdTo,
  };
}

const sortColumns = {
  // Chinese names sort by their pinyin, as people expect (拼音序), then by the name itself.
  name: sql`${customers.pinyinFull}`,
  code: customers.code,
  createdAt: customers.createdAt,
  updatedAt: customers.updatedAt,
  grade: customers.grade,
};

/** A summary as lists show it, masked like the detail (R-PLT-04). */
export function summaryFor(actor: Actor, row: CustomerRow, ownerName: string | null, unitName: string | null): CustomerSummary {
  return maskFields(actor, toCustomerSummary(row, { ownerName, unitName: unitName ?? '' }), customerSensitiveFields.customer);
}

/** Rows with their owner and unit names, in the given order. */
export async function summariesOf(db: DbOrTx, actor: Actor, where: SQL, orderBy: SQL[], limit: number, offset = 0): Promise<CustomerSummary[]> {
  const rows = await db
    .select({ customer: customers, ownerName: users.displayName, unitName: orgUnits.name })
    .from(customers)
    .leftJoin(users, eq(users.id, customers.ownerId))
    .leftJoin(orgUnits, eq(orgUnits.id, customers.unitId))
    .where(where)
    .orderBy(...orderBy)
    .limit(limit)
    .offset(offset);
  return rows.map((row) => summaryFor(actor, row.customer, row.ownerName, row.unitName));
}

/**
 * Matching rows, counted up to `cap` (the audit log's "10,000+"): counting every match of an
 * unfiltered 200,000-row archive is a sequential scan on every page view, while a LIMITed
 * sub-select stops after `cap + 1` rows. `capped` says the real total is higher than `total`.
 */
export function countCapped(db: DbOrTx, where: SQL, cap = COUNT_CAP): Promise<{ total: number; totalCapped: boolean }> {
  return countUpTo(db, db.select({ one: sql`1` }).from(customers).where(where).$dynamic(), cap);
}

export async function listCustomers(deps: Deps, ctx: RequestContext, query: ListCustomersQuery) {
  const actor = requirePermission(ctx.actor, 'customer:read');
  const where = customerListCondition(actor, filtersFromQuery(query));
  const orderBy = orderByFrom(query.sort, sortColumns, sql`${customers.updatedAt} desc`);
  orderBy.push(desc(customers.id));
  const { rows, ...counted } = await selectPage(deps.db, query, {
    rows: (limit, offset) => summariesOf(deps.db, actor, where, orderBy, limit, offset),
    matching: deps.db.select({ one: sql`1` }).from(customers).where(where).$dynamic(),
  });
  return { items: rows, ...counted };
}

function tagsAfter(current: string[], body: BulkTagsBody): string[] {
  const removed = new Set(body.remove);
  const next = current.filter((tag) => !removed.has(tag));
  for (const tag of body.add) if (!removed.has(tag) && !next.includes(tag)) next.push(tag);
  return next;
}

/**
 * 批量打标签: adds and removes tags on the selected customers that are in the caller's scope;
 * ids outside it are skipped (and counted) without revealing why. One transaction; every
 * changed customer gets its own audit entry and timeline event.
 */
export async function bulkTagCustomers(deps: Deps, ctx: RequestContext, body: BulkTagsBody): Promise<BulkResult> {
  const actor = requirePermission(ctx.actor, 'customer:update');
  const ids = [...new Set(body.ids)];
  return deps.db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: customers.id, name: customers.name, tags: customers.tags })
      .from(customers)
      .where(and(inArray(customers.id, ids), customerScope(actor)))
      .orderBy(customers.id)
      .for('update');
    let changed = 0;
    const now = deps.clock.now();
    for (const row of rows) {
      const before = row.tags ?? [];
      const after = tagsAfter(before, body);
      if (before.length === after.length && before.every((tag, index) => tag === after[index])) continue;
      changed++;
      await tx
        .update(customers)
        .set({ tags: after, updatedAt: now, version: sql`${customers.version} + 1` })
        .where(eq(customers.id, row.id));
      const added = after.filter((tag) => !before.includes(tag));
      const removed = before.filter((tag) => !after.includes(tag));
      const summary = [added.length ? `添加标签 ${added.join('、')}` : '', removed.length ? `移除标签 ${removed.join('、')}` : '']
        .filter(Boolean)
        .join('；');
      await recordAudit(tx, deps.clock, ctx, {
        action: 'update',
        entityType: 'customer',
        entityId: row.id,
        customerId: row.id,
        summary: `批量打标签「${row.name}」：${summary}`,
        changes: diffChanges({ tags: before }, { tags: after }, ['tags']),
      });
      await addTimelineEvent(tx, deps.clock, {
        customerId: row.id,
        type: 'tags_changed',
        title: summary,
        detail: { added, removed },
        actorId: actor.userId,
      });
    }
    return { changed, unchanged: rows.length - changed, skipped: ids.length - rows.length };
  });
}
