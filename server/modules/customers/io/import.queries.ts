import { and, eq, inArray, sql } from 'drizzle-orm';
import { scopeOf, type Actor } from '../../../platform/access/access';
import type { Clock } from '../../../platform/clock';
import { queryRows, type DbOrTx } from '../../../platform/db/client';
import { dictionaryCodes } from '../../../platform/dictionaries/defaults';
import { AppError } from '../../../platform/errors';
import { formatNumber, parsePattern, periodKey, shanghaiParts, type ResetPolicy } from '../../../platform/numbering/number-format';
import { numberRules } from '../../../platform/numbering/numbering.table';
import { orgUnits, users } from '../../../platform/org/org.table';
import type { ValidImportRow } from './import-row';

// SQL of customer import: batched duplicate look-ups, owner look-ups, block numbering and
// multi-row inserts. Every function takes the caller's transaction.

export interface ExistingCustomer {
  normalizedName: string;
  uscc: string | null;
  name: string;
  ownerName: string | null;
  status: string;
}

/**
 * Existing (not merged) customers whose normalised name or USCC is among the given keys — one
 * query per batch. Only name, owner and status are returned (R-CUS-05: nothing else leaks).
 *
 * Each key list becomes an array first (`= ANY(ARRAY(…))`, an InitPlan), so each side is a
 * look-up in its unique index and the two are OR-ed as bitmaps; `IN (SELECT …) OR IN (SELECT …)`
 * cannot use an index and scanned the whole archive once per batch.
 */
export async function findExistingDuplicates(db: DbOrTx, names: string[], usccs: string[]): Promise<ExistingCustomer[]> {
  if (!names.length && !usccs.length) return [];
  // One JSON parameter per key list: cheaper to send than thousands of bound parameters.
  const rows = await queryRows<{ normalized_name: string; uscc: string | null; name: string; owner_name: string | null; status: string }>(
    db,
    sql`SELECT c.normalized_name, c.uscc, c.name, u.display_name AS owner_name,
          coalesce((SELECT d.label FROM dictionary_items d WHERE d.dictionary_code = ${dictionaryCodes.lifecycleStatus} AND d.code = c.lifecycle_code), c.lifecycle_code) AS status
        FROM customers c LEFT JOIN users u ON u.id = c.owner_id
        WHERE c.merged_into_id IS NULL
          AND (c.normalized_name = ANY(ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(names)}::jsonb)))
            OR c.uscc = ANY(ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(usccs)}::jsonb))))`,
  );
  return rows.map((r) => ({ normalizedName: r.normalized_name, uscc: r.uscc, name: r.name, ownerName: r.owner_name, status: r.status }));
}

export interface OwnerCandidate {
  id: number;
  username: string;
  unitId: number;
  unitPath: string;
  active: boolean;
}

/** Users by login name (case-insensitive), with their unit, for the 负责人账号 column. */
export async function findUsersByUsername(db: DbOrTx, usernames: string[]): Promise<OwnerCandidate[]> {
  if (!usernames.length) return [];
  const lower = [...new Set(usernames.map((u) => u.toLowerCase()))];
  const rows = await db
    .select({ id: users.id, username: users.username, unitId: users.unitId, unitPath: orgUnits.path, status: users.status })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.unitId))
    .where(inArray(sql`lower(${users.username})`, lower));
  return rows.map((r) => ({ id: r.id, username: r.username, unitId: r.unitId, unitPath: r.unitPath, active: r.status === 'active' }));
}

/** May the importer hand a customer to this user? Same reach as the importer's customer scope. */
export function ownerInScope(actor: Actor, owner: OwnerCandidate): boolean {
  switch (scopeOf(actor, 'customer')) {
    case 'all':
      return true;
    case 'unit_tree':
      return owner.unitPath.startsWith(actor.unitPath);
    case 'unit':
      return owner.unitId === actor.unitId;
    case 'self':
      return owner.id === actor.userId;
  }
}

export async function activeUserIds(db: DbOrTx, ids: number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, ids), eq(users.status, 'active')));
  return new Set(rows.map((r) => r.id));
}

export async function unitCodeOf(db: DbOrTx, unitId: number): Promise<string> {
  const [unit] = await db.select({ code: orgUnits.code }).from(orgUnits).where(eq(orgUnits.id, unitId));
  if (!unit) throw new AppError('CONFLICT', '导入人所属单位已不存在，请联系管理员', { reason: 'import.unit_missing' });
  return unit.code;
}

/**
 * Reserves `count` consecutive customer codes in ONE statement (R-CUS-24, R-PLT-51) inside the
 * caller's transaction. Same counter row and format as `nextNumber`; the row stays locked until
 * the transaction ends, so concurrent creations queue behind the import and, if the import rolls
 * back, the whole block is given back — the sequence stays unique and gap-free.
 */
export async function reserveNumbers(tx: DbOrTx, clock: Clock, input: { docType: string; unitCode: string; count: number; at?: Date }): Promise<string[]> {
  if (input.count <= 0) return [];
  const [rule] = await tx.select().from(numberRules).where(eq(numberRules.docType, input.docType));
  if (!rule) throw new AppError('INTERNAL', `没有「${input.docType}」的编号规则，请管理员检查编号规则设置`);
  let parsed;
  try {
    parsed = parsePattern(rule.pattern);
  } catch (error) {
    throw new AppError('INTERNAL', `编号规则「${rule.name}」的格式无效，请管理员修改：${(error as Error).message}`);
  }
  const parts = shanghaiParts(input.at ?? clock.now());
  const period = periodKey(rule.reset as ResetPolicy, parts);
  const unit = parsed.usesUnit ? input.unitCode : '';
  const [row] = await queryRows<{ last_value: string | number }>(
    tx,
    sql`INSERT INTO number_sequences (rule_id, period_key, unit_code, last_value)
        VALUES (${rule.id}, ${period}, ${unit}, ${input.count})
        ON CONFLICT (rule_id, period_key, unit_code)
        DO UPDATE SET last_value = number_sequences.last_value + ${input.count}
        RETURNING last_value`,
  );
  const last = Number(row!.last_value);
  const first = last - input.count + 1;
  return Array.from({ length: input.count }, (_, i) => formatNumber(parsed, { parts, unitCode: input.unitCode, seq: first + i }));
}

export interface InsertContext {
  unitId: number;
  importerId: number;
  importId: number;
  fileName: string;
  now: Date;
}

/**
 * Inserts one batch in ONE statement: the customers, their primary contacts, key persons and their `created`
 * timeline events (R-CUS-02), from a single JSON parameter (jsonb_to_recordset) — far cheaper
 * than thousands of bound parameters. Returns the new ids in row order.
 */
export async function insertImportBatch(tx: DbOrTx, rows: ValidImportRow[], codes: string[], context: InsertContext): Promise<number[]> {
  if (!rows.length) return [];
  const source = rows.map((r, i) => ({
    ...r.customer,
    ...r.keys,
    code: codes[i]!,
    owner_id: r.ownerId ?? context.importerId,
    row: r.row,
    contact: r.contact,
    key_person: r.keyPerson ?? null,
  }));
  const now = context.now.toISOString();
  const title = `通过 Excel 导入建档（${context.fileName.slice(0, 60)} 第 `;
  const inserted = await queryRows<{ id: string | number; code: string }>(
    tx,
    sql`WITH src AS (
          SELECT * FROM jsonb_to_recordset(${JSON.stringify(source)}::jsonb) AS x(
            code text, kind text, name text, "shortName" text, uscc text, "idNumber" text, "natureCode" text, "industryCode" text, "sourceCode" text,
            province text, city text, district text, street text, postcode text, phone text, email text, website text,
            "legalRepresentative" text, "registeredCapital" numeric, employees int, "mainProducts" text, tags jsonb,
            "normalizedName" text, "nameBigrams" jsonb, "pinyinFull" text, "pinyinInitials" text, owner_id int, row int, contact jsonb, key_person jsonb)
        ),
        ins AS (
          INSERT INTO customers (code, kind, name, short_name, uscc, id_number, nature_code, industry_code, source_code, province, city, district,
            street, postcode, phone, email, website, legal_representative, registered_capital, employees, main_products, tags,
            normalized_name, name_bigrams, pinyin_full, pinyin_initials, owner_id, owned_since, unit_id, created_by_id, created_at, updated_at)
          SELECT code, coalesce(kind, 'organization'), name, "shortName", uscc, "idNumber", "natureCode", "industryCode", "sourceCode", province, city, district,
            street, postcode, phone, email, website, "legalRepresentative", "registeredCapital", employees, "mainProducts", coalesce(tags, '[]'),
            "normalizedName", ARRAY(SELECT jsonb_array_elements_text("nameBigrams")), "pinyinFull", "pinyinInitials", owner_id, ${now}::timestamptz,
            ${context.unitId}, ${context.importerId}, ${now}::timestamptz, ${now}::timestamptz
          FROM src
          RETURNING id, code
        ),
        joined AS (SELECT ins.id, src.row, src.contact, src.key_person FROM ins JOIN src ON src.code = ins.code),
        contacts AS (
          INSERT INTO customer_contacts (customer_id, name, title, mobile, email, is_primary, created_at, updated_at)
          SELECT id, contact->>'name', contact->>'title', contact->>'mobile', contact->>'email', true, ${now}::timestamptz, ${now}::timestamptz
          FROM joined WHERE jsonb_typeof(contact) = 'object'
        ),
        key_persons AS (
          INSERT INTO customer_key_persons (customer_id, name, position, mobile, birthday, created_at, updated_at)
          SELECT id, key_person->>'name', key_person->>'position', key_person->>'mobile', (key_person->>'birthday')::date, ${now}::timestamptz, ${now}::timestamptz
          FROM joined WHERE jsonb_typeof(key_person) = 'object'
        ),
        timeline AS (
          INSERT INTO customer_timeline (customer_id, occurred_at, type, title, detail, actor_id, link, source_type, source_id)
          SELECT id, ${now}::timestamptz, 'created', ${title}::text || row::text || ' 行）',
            jsonb_build_object('importId', ${context.importId}::bigint, 'row', row), ${context.importerId}, '/customers/import',
            'customer_import', ${String(context.importId)}
          FROM joined
        )
        SELECT id, code FROM ins`,
  );
  const idByCode = new Map(inserted.map((r) => [r.code, Number(r.id)]));
  return codes.slice(0, rows.length).map((code) => idByCode.get(code)!);
}

/**
 * Refreshes the planner statistics of the customer tables when they are far from the real row
 * count. PGlite runs no autovacuum, so after a bulk load the planner still believes the table is
 * tiny and picks whole-table scans for every batch (quadratic time); PostgreSQL's autovacuum
 * may simply not have caught up yet. ANALYZE samples, so it stays cheap on large tables.
 */
export async function refreshCustomerStatistics(db: DbOrTx, force = false): Promise<void> {
  try {
    if (!force) {
      const [row] = await queryRows<{ estimated: number | string; actual: number | string }>(
        db,
        sql`SELECT (SELECT reltuples FROM pg_class WHERE oid = 'customers'::regclass) AS estimated, (SELECT count(*) FROM customers) AS actual`,
      );
      const estimated = Number(row?.estimated ?? -1);
      const actual = Number(row?.actual ?? 0);
      if (estimated >= 0 && Math.abs(actual - estimated) <= actual * 0.2 + 1_000) return;
    }
    await db.execute(sql`ANALYZE customers, customer_contacts, customer_timeline`);
  } catch {
    // Only an optimisation: a role without the right to ANALYZE still imports and exports.
  }
}

/** The SQLSTATE of a failed statement (drizzle wraps the driver's error), e.g. 23505 unique violation, 40P01 deadlock. */
export function sqlStateOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const candidate = current as { code?: unknown; cause?: unknown };
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) return candidate.code;
    current = candidate.cause;
  }
  return undefined;
}
