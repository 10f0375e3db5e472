// Loads the customer archive for the benchmark: N customers (default 200,000, the embedded scale
// of 08-quality.md) with ~3 contacts each and ~3 timeline events each, owned by the 招商
// specialists of the generated org tree (so `self`, `unit_tree` and `all` scopes see realistic
// shares), 12 % in the shared pool. Search keys come from customerSearchKeys, codes from the
// customer number rule (the counters are advanced, so later creations and imports continue the
// sequences). Secondary indexes are dropped during the load and rebuilt once at the end — the
// way a bulk load is done — which is far faster than maintaining GIN indexes row by row.
import { sql } from 'drizzle-orm';
import { customerSearchKeys } from '../server/modules/customers';
import { queryRows, type Database } from '../server/platform/db/client';
import { formatNumber, parsePattern, periodKey, shanghaiParts, type ResetPolicy } from '../server/platform/numbering/number-format';
import { bulkInsert, type Column, type Value } from './bulk-insert';
import { companyNames, customerSpec, type CustomerSpec } from './customer-data';
import type { BenchUser, GeneratedData, UnitInfo } from './generate';

const DAY = 86_400_000;
const CHUNK = 20_000;
const TABLES = ['customers', 'customer_contacts', 'customer_timeline'];

export interface CustomerCounts {
  customers: number;
  contacts: number;
  timeline: number;
}

export interface CustomerData {
  counts: CustomerCounts;
  timings: Record<string, number>;
  /** customers.created_at ≥ this day (Asia/Shanghai) holds exactly half of the generated customers. */
  exportCreatedFrom: string;
  exportRows: number;
  /** Every generated name (and the next ones, for the import file) come from companyNames(seed, …). */
  seed: number;
  /** The specialist owning the most customers (`self` scope) and their count. */
  topSpecialist: BenchUser;
  topSpecialistCustomers: number;
  /** Manager of the 招商 team with the most customers (`unit_tree` over one team). */
  teamManager: BenchUser;
  teamCustomers: number;
  /** Specialists (owners) for the import file's 负责人账号 column. */
  specialists: BenchUser[];
  /** Samples for the measurements, drawn from the loaded rows. */
  samples: { ids: number[]; names: string[]; usccs: string[]; mobiles: string[] };
}

const natures = [['private', 70], ['state_owned', 10], ['foreign', 12], ['individual', 5], ['public_institution', 3]] as const;
const sources = [['self_developed', 60], ['referral', 30], ['other', 10]] as const;
const lifecycles = [['potential', 35], ['intent', 20], ['negotiating', 12], ['signed', 10], ['moved_in', 18], ['lost', 5]] as const;
const timelineKinds = [
  ['assigned', 25, '分配客户经理'],
  ['visit', 40, '上门拜访，沟通租赁需求'],
  ['tags_changed', 15, '添加标签 重点客户'],
  ['grade_changed', 10, '客户等级调整'],
  ['contract', 10, '签订租赁合同'],
] as const;

const customerColumns: Column[] = [
  ['code', 'text'], ['kind', 'text'], ['name', 'text'], ['short_name', 'text'], ['uscc', 'text'], ['nature_code', 'text'],
  ['industry_code', 'text'], ['usage_codes', 'jsonb'], ['legal_representative', 'text'], ['registered_capital', 'numeric'],
  ['employees', 'int'], ['main_products', 'text'], ['source_code', 'text'], ['province', 'text'], ['city', 'text'],
  ['district', 'text'], ['street', 'text'], ['postcode', 'text'], ['phone', 'text'], ['email', 'text'], ['owner_id', 'int'],
  ['unit_id', 'int'], ['collaborator_ids', 'jsonb'], ['value_code', 'text'], ['strategic_code', 'text'], ['lifecycle_code', 'text'],
  ['tags', 'jsonb'], ['grade', 'text'], ['normalized_name', 'text'], ['name_bigrams', 'text[]'], ['pinyin_full', 'text'],
  ['pinyin_initials', 'text'], ['created_by_id', 'int'], ['created_at', 'timestamptz'], ['updated_at', 'timestamptz'],
].map(([name, type]) => ({ name, type }) as Column);
const contactColumns: Column[] = [
  ['customer_id', 'bigint'], ['name', 'text'], ['title', 'text'], ['department', 'text'], ['mobile', 'text'], ['email', 'text'],
  ['decision_role', 'text'], ['is_primary', 'boolean'], ['created_at', 'timestamptz'], ['updated_at', 'timestamptz'],
].map(([name, type]) => ({ name, type }) as Column);
const timelineColumns: Column[] = [
  ['customer_id', 'bigint'], ['occurred_at', 'timestamptz'], ['type', 'text'], ['title', 'text'], ['actor_id', 'int'],
].map(([name, type]) => ({ name, type }) as Column);

const dayOf = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

export async function generateCustomers(
  database: Database,
  platform: GeneratedData,
  options: { customers: number; seed: number; log: (line: string) => void },
): Promise<CustomerData> {
  const { log } = options;
  const total = options.customers;
  const timings: Record<string, number> = {};
  let stepStarted = performance.now();
  const step = (name: string) => {
    timings[name] = Math.round(performance.now() - stepStarted);
    stepStarted = performance.now();
  };
  const now = Date.now();
  const cutoff = now - 2 * 365 * DAY;
  const exportCreatedFrom = dayOf(new Date(cutoff + DAY));

  // Owners: active specialists of 招商 teams; the pool belongs to the 招商部 departments.
  const unitById = new Map(platform.units.map((u) => [u.id, u]));
  const specialists = platform.users.filter((u) => u.role === 'specialist' && u.status === 'active');
  const poolUnits = platform.units.filter((u) => u.family === 'zs' && u.level === 3);
  const grades = (await queryRows<{ code: string }>(database.db, sql`SELECT code FROM customer_grade_tiers ORDER BY sort_order`)).map((r) => r.code);
  const industries = new Set((await queryRows<{ code: string }>(database.db, sql`SELECT code FROM dictionary_items WHERE dictionary_code = 'industry'`)).map((r) => r.code));
  const [rule] = await queryRows<{ id: number; pattern: string; reset: string }>(database.db, sql`SELECT id, pattern, reset FROM number_rules WHERE doc_type = 'customer'`);
  if (!rule) throw new Error('no customer number rule');
  const pattern = parsePattern(rule.pattern);
  const counters = new Map<string, { unitCode: string; period: string; seq: number }>();
  const codeFor = (unit: UnitInfo, at: Date) => {
    const parts = shanghaiParts(at);
    const period = periodKey(rule.reset as ResetPolicy, parts);
    const key = `${unit.code}|${period}`;
    const counter = counters.get(key) ?? { unitCode: unit.code, period, seq: 0 };
    counter.seq++;
    counters.set(key, counter);
    return formatNumber(pattern, { parts, unitCode: unit.code, seq: counter.seq });
  };

  // Drop the secondary indexes for the load; they are rebuilt from their own definitions.
  const indexes = await queryRows<{ indexname: string; indexdef: string }>(
    database.db,
    sql`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename IN ('customers', 'customer_contacts', 'customer_timeline')
        AND indexdef NOT LIKE 'CREATE UNIQUE INDEX%'`,
  );
  for (const index of indexes) await database.db.execute(sql.raw(`DROP INDEX "${index.indexname}"`));

  log(`  generating ${total.toLocaleString('en-US')} customer names…`);
  const names = companyNames(options.seed, total);
  step('names');
  const counts: CustomerCounts = { customers: 0, contacts: 0, timeline: 0 };
  const ownerCounts = new Map<number, number>();
  const unitCounts = new Map<number, number>();
  const samples: CustomerData['samples'] = { ids: [], names: [], usccs: [], mobiles: [] };
  let keysMs = 0;
  let insertMs = 0;
  let lastId = Number((await queryRows<{ id: string | number | null }>(database.db, sql`SELECT max(id) AS id FROM customers`))[0]?.id ?? 0);
  for (let start = 0; start < total; start += CHUNK) {
    const specs: (CustomerSpec & { createdAt: Date; ownerId: number | null })[] = [];
    const rows: Value[][] = [];
    const t = performance.now();
    for (let i = start; i < Math.min(total, start + CHUNK); i++) {
      const spec = customerSpec(options.seed, i, names[i]!);
      const r = spec.random;
      // Exactly half the customers are from the last two years (the export measurement's filter).
      const createdAt = new Date(i % 2 === 0 ? cutoff - r.int(DAY, 5 * 365 * DAY) : cutoff + DAY + r.int(3_600_000, Math.max(2 * DAY, now - cutoff - 3 * DAY)));
      const updatedAt = new Date(Math.min(now - 60_000, createdAt.getTime() + r.int(0, 400 * DAY)));
      const owner = r.chance(0.88) ? r.skewed(specialists, 1.35) : undefined;
      const unit = owner ? unitById.get(owner.unitId)! : r.pick(poolUnits);
      const collaborators = owner && r.chance(0.05) ? [r.pick(specialists.filter((s) => s.unitId === owner.unitId)).id].filter((id) => id !== owner.id) : [];
      const keys = customerSearchKeys(spec.name, spec.shortName);
      const initials = keys.pinyinInitials.split(' ')[0]!.replace(/[^a-z]/g, '').slice(0, 12) || 'corp';
      if (owner) ownerCounts.set(owner.id, (ownerCounts.get(owner.id) ?? 0) + 1);
      unitCounts.set(unit.id, (unitCounts.get(unit.id) ?? 0) + 1);
      specs.push({ ...spec, createdAt, ownerId: owner?.id ?? null });
      rows.push([
        codeFor(unit, createdAt), 'organization', spec.name, spec.shortName, spec.uscc, r.weighted(natures),
        industries.has(spec.industryCode) ? spec.industryCode : null, r.chance(0.5) ? [r.pick(['warehousing', 'logistics', 'office', 'commercial'])] : [],
        spec.legalRepresentative, spec.registeredCapital, spec.employees, spec.mainProducts, r.weighted(sources), spec.province, spec.city,
        spec.district, spec.street, spec.postcode, spec.phone, r.chance(0.7) ? `info@${initials}.com.cn` : null, owner?.id ?? null,
        unit.id, collaborators, r.pick(['cooperating', 'potential']), r.chance(0.1) ? 'strategic' : 'ordinary', r.weighted(lifecycles),
        spec.tags, grades.length && r.chance(0.3) ? r.pick(grades) : null, keys.normalizedName, keys.nameBigrams, keys.pinyinFull,
        keys.pinyinInitials, owner?.id ?? platform.actors.admin.id, createdAt, updatedAt,
      ]);
    }
    keysMs += performance.now() - t;
    const t2 = performance.now();
    await bulkInsert(database, 'customers', customerColumns, rows);
    const ids = await queryRows<{ id: string | number }>(database.db, sql`SELECT id FROM customers WHERE id > ${lastId} ORDER BY id`);
    if (ids.length !== specs.length) throw new Error(`expected ${specs.length} new customers, found ${ids.length}`);
    const contactRows: Value[][] = [];
    const timelineRows: Value[][] = [];
    for (const [n, spec] of specs.entries()) {
      const id = Number(ids[n]!.id);
      const r = spec.random;
      for (const c of spec.contacts) {
        contactRows.push([id, c.name, c.title, c.department, c.mobile, c.email, c.decisionRole, c.isPrimary, spec.createdAt, spec.createdAt]);
      }
      timelineRows.push([id, spec.createdAt, 'created', '新建客户档案', spec.ownerId]);
      const extra = r.weighted([[0, 15], [1, 20], [2, 25], [3, 20], [4, 12], [6, 8]] as const);
      for (let e = 0; e < extra; e++) {
        const [type, , title] = r.weighted(timelineKinds.map((k) => [k, k[1]] as const));
        timelineRows.push([id, new Date(Math.min(now - 60_000, spec.createdAt.getTime() + r.int(DAY, 500 * DAY))), type, title, spec.ownerId]);
      }
      if (samples.ids.length < 200 && (start + n) % 97 === 13) {
        samples.ids.push(id);
        samples.names.push(spec.name);
        samples.usccs.push(spec.uscc);
        samples.mobiles.push(spec.contacts[0]!.mobile);
      }
    }
    await bulkInsert(database, 'customer_contacts', contactColumns, contactRows);
    await bulkInsert(database, 'customer_timeline', timelineColumns, timelineRows);
    insertMs += performance.now() - t2;
    lastId = Number(ids[ids.length - 1]!.id);
    counts.customers += specs.length;
    counts.contacts += contactRows.length;
    counts.timeline += timelineRows.length;
    if ((start / CHUNK) % 5 === 4 || start + CHUNK >= total) {
      log(`  ${counts.customers.toLocaleString('en-US')} customers, ${counts.contacts.toLocaleString('en-US')} contacts, ${counts.timeline.toLocaleString('en-US')} timeline events`);
    }
  }
  timings.rows = Math.round(keysMs);
  timings.insert = Math.round(insertMs);
  stepStarted = performance.now();

  // Number counters continue after the generated codes.
  for (const counter of counters.values()) {
    await database.db.execute(sql`INSERT INTO number_sequences (rule_id, period_key, unit_code, last_value)
      VALUES (${rule.id}, ${counter.period}, ${counter.unitCode}, ${counter.seq})
      ON CONFLICT (rule_id, period_key, unit_code) DO UPDATE SET last_value = greatest(number_sequences.last_value, excluded.last_value)`);
  }
  log(`  rebuilding ${indexes.length} indexes…`);
  if (database.mode === 'postgres') await database.db.execute(sql`SET maintenance_work_mem = '256MB'`);
  for (const index of indexes) await database.db.execute(sql.raw(index.indexdef));
  step('indexes');
  for (const table of TABLES) await database.db.execute(sql.raw(`ANALYZE "${table}"`));
  step('analyze');

  const [topOwner] = [...ownerCounts].sort((a, b) => b[1] - a[1]);
  const teams = platform.units.filter((u) => u.family === 'zs' && u.level === 4 && u.managerId !== undefined);
  const team = teams.sort((a, b) => (unitCounts.get(b.id) ?? 0) - (unitCounts.get(a.id) ?? 0))[0]!;
  const byId = new Map(platform.users.map((u) => [u.id, u]));
  return {
    counts,
    timings,
    exportCreatedFrom,
    exportRows: Math.floor(total / 2),
    seed: options.seed,
    topSpecialist: byId.get(topOwner![0])!,
    topSpecialistCustomers: topOwner![1],
    teamManager: byId.get(team.managerId!)!,
    teamCustomers: unitCounts.get(team.id) ?? 0,
    specialists,
    samples,
  };
}
