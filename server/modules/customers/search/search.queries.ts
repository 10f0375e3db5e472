import { sql, type SQL } from 'drizzle-orm';
import { AppError } from '../../../platform/errors';
import { bigrams, canonicalText, normalizeName } from './keys';
import { customerContacts, customers } from '../customers.table';
import { MOBILE_PATTERN } from '../archive/identifiers';
import type { SearchMatchKind } from './search.schema';

// SQL of customer search (R-CUS-32). Every way of matching is its own index-served branch:
//  - name substring: all bigrams of the query contained in `name_bigrams` (GIN) — this serves
//    2-character queries such as 「华通」 that a trigram index cannot — then an order-sensitive
//    LIKE recheck on the name;
//  - exact normalised name (unique btree), code and USCC (btrees); their prefixes (`LIKE 'X%'`)
//    through the `text_pattern_ops` btrees, which serve a prefix under any collation (a plain
//    btree does only under C: PGlite yes, a C.UTF-8 / en_US PostgreSQL server no);
//  - pinyin initials / full pinyin (trigram GIN);
//  - contact name and full mobile (btree on customer_contacts), a mobile's last digits (trigram
//    GIN on customer_contacts.mobile), customer phone (btree).
// The list ORs the branches as `id IN (…)`; the search box takes the best few of each branch.

export interface SearchTerms {
  /** As typed, trimmed. */
  raw: string;
  /** Full-width → half-width, lower case, no spaces or punctuation. */
  canonical: string;
  /** The duplicate key (legal-form suffix removed). */
  normalized: string;
  nameBigrams: string[];
  /** Upper case without spaces, for codes and USCC. */
  upper: string;
  /** Set when the query is pinyin (ASCII letters only). */
  letters?: string;
  /** Set when the query is a phone number or its last digits (4+ digits). */
  digits?: string;
  /** Looks like (the start of) a customer code or USCC: letters and digits, a digit among them. */
  codeLike: boolean;
}

/** Splits a keyword into the keys each branch needs; fewer than 2 characters is refused. */
export function analyzeQuery(q: string, field = 'q'): SearchTerms {
  const raw = q.trim();
  const canonical = canonicalText(raw);
  if ([...canonical].length < 2) {
    const message = '请至少输入 2 个字符（汉字、拼音、编号或电话）';
    throw new AppError('VALIDATION_FAILED', message, [{ field, message }]);
  }
  const upper = raw.replace(/\s+/g, '').toUpperCase();
  const digitsOnly = raw.replace(/[\s()+-]/g, '');
  return {
    raw,
    canonical,
    normalized: normalizeName(raw),
    nameBigrams: bigrams(raw),
    upper,
    letters: /^[a-z]+$/.test(canonical) ? canonical : undefined,
    digits: /^\d{4,20}$/.test(digitsOnly) ? digitsOnly : undefined,
    codeLike: /^[0-9A-Z]{4,30}$/.test(upper) && /\d/.test(upper),
  };
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
const contains = (text: string) => `%${escapeLike(text)}%`;
const startsWith = (text: string) => `${escapeLike(text)}%`;
const endsWith = (text: string) => `%${escapeLike(text)}`;
const textArray = (values: string[]) => sql`ARRAY[${sql.join(
  values.map((value) => sql`${value}`),
  sql`, `,
)}]::text[]`;

interface Branch {
  rank: number;
  kind: SearchMatchKind;
  /** FROM … WHERE … selecting a customer (table `customers` in scope of the branch). */
  from: SQL;
  /** The branch also yields the matched contact. */
  contact?: boolean;
}

function nameBranches(terms: SearchTerms): Branch[] {
  const branches: Branch[] = [
    { rank: 0, kind: 'name_exact', from: sql`FROM ${customers} WHERE ${customers.normalizedName} = ${terms.normalized}` },
    // A prefix anchors the name's first trigram (`  华`, ` 华通`), which the trigram index serves
    // selectively; the bigram condition would let the planner walk the whole table instead.
    { rank: 1, kind: 'name_prefix', from: sql`FROM ${customers} WHERE ${customers.normalizedName} LIKE ${startsWith(terms.canonical)}` },
  ];
  if (terms.nameBigrams.length > 0) branches.push(nameSubstringBranch(terms));
  return branches;
}

function nameSubstringBranch(terms: Pick<SearchTerms, 'canonical' | 'nameBigrams'>): Branch {
  const pattern = contains(terms.canonical);
  return {
    rank: 2,
    kind: 'name',
    from: sql`FROM ${customers} WHERE ${customers.nameBigrams} @> ${textArray(terms.nameBigrams)}
      AND (${customers.normalizedName} LIKE ${pattern} OR lower(${customers.name}) LIKE ${pattern}
        OR lower(coalesce(${customers.shortName}, '')) LIKE ${pattern})`,
  };
}

/**
 * Ids of the customers whose name or short name contains `q`, matched as customer search matches
 * a name (full-width, case and punctuation ignored) and served by the bigram index: for other
 * modules' keyword filters. A one-character keyword falls back to a plain ILIKE.
 */
export function customerIdsNamed(q: string): SQL {
  const terms = { canonical: canonicalText(q), nameBigrams: bigrams(q) };
  if (terms.nameBigrams.length === 0) return sql`SELECT ${customers.id} FROM ${customers} WHERE ${customers.name} ILIKE ${contains(q.trim())}`;
  return sql`SELECT ${customers.id} ${nameSubstringBranch(terms).from}`;
}

function identifierBranches(terms: SearchTerms): Branch[] {
  // Codes and USCCs are ASCII letters and digits.
  if (!/^[\x21-\x7e]+$/.test(terms.upper)) return [];
  const branches: Branch[] = [
    { rank: 0, kind: 'code', from: sql`FROM ${customers} WHERE ${customers.code} = ${terms.upper}` },
    { rank: 0, kind: 'uscc', from: sql`FROM ${customers} WHERE ${customers.uscc} = ${terms.upper}` },
  ];
  if (terms.codeLike) {
    branches.push(
      { rank: 1, kind: 'code', from: sql`FROM ${customers} WHERE ${customers.code} LIKE ${startsWith(terms.upper)}` },
      { rank: 1, kind: 'uscc', from: sql`FROM ${customers} WHERE ${customers.uscc} LIKE ${startsWith(terms.upper)}` },
    );
  }
  return branches;
}

function pinyinBranch(terms: SearchTerms): Branch[] {
  if (!terms.letters) return [];
  // Two letters give no complete trigram inside a word; anchored at a word start they do.
  const pattern = terms.letters.length >= 3 ? contains(terms.letters) : startsWith(terms.letters);
  return [
    {
      rank: 3,
      kind: 'pinyin',
      from: sql`FROM ${customers} WHERE (${customers.pinyinInitials} LIKE ${pattern} OR ${customers.pinyinFull} LIKE ${pattern})`,
    },
  ];
}

/**
 * Contacts matching `condition`, looked up first (OFFSET 0 keeps the planner from turning the
 * lookup inside out and probing contacts once per customer), then joined to their customers.
 */
function contactJoin(condition: SQL): SQL {
  return sql`FROM (SELECT ${customerContacts.customerId} AS customer_id, ${customerContacts.name} AS name, ${customerContacts.mobile} AS mobile
      FROM ${customerContacts} WHERE ${condition} LIMIT ${MAX_CONTACT_MATCHES} OFFSET 0) AS matched_contacts
    JOIN ${customers} ON ${customers.id} = matched_contacts.customer_id WHERE true`;
}

/** Contacts one keyword may match before the rest are ignored (a common name, a short 尾号). */
const MAX_CONTACT_MATCHES = 500;

function contactBranches(terms: SearchTerms): Branch[] {
  const branches: Branch[] = [];
  if (!terms.digits) {
    branches.push({ rank: 3, kind: 'contact', contact: true, from: contactJoin(sql`${customerContacts.name} = ${terms.raw}`) });
    return branches;
  }
  const digits = terms.digits;
  branches.push({ rank: 3, kind: 'phone', from: sql`FROM ${customers} WHERE ${customers.phone} IN (${terms.raw}, ${digits})` });
  if (MOBILE_PATTERN.test(digits)) {
    branches.push({ rank: 3, kind: 'contact', contact: true, from: contactJoin(sql`${customerContacts.mobile} = ${digits}`) });
  } else if (digits.length <= 6) {
    // The last digits of a mobile (尾号): a suffix, served by the trigram GIN on the mobile.
    branches.push({ rank: 3, kind: 'contact', contact: true, from: contactJoin(sql`${customerContacts.mobile} LIKE ${endsWith(digits)}`) });
  }
  return branches;
}

function branchesOf(terms: SearchTerms): Branch[] {
  return [...nameBranches(terms), ...identifierBranches(terms), ...pinyinBranch(terms), ...contactBranches(terms)];
}

/** Without ranking, the substring branch covers the exact and prefix ones (the list keyword). */
function matchingBranches(terms: SearchTerms): Branch[] {
  const names = terms.nameBigrams.length > 0 ? [nameSubstringBranch(terms)] : nameBranches(terms);
  return [...names, ...identifierBranches(terms), ...pinyinBranch(terms), ...contactBranches(terms)];
}

/**
 * The list's keyword: any branch matches. The matching ids are computed first, once (an
 * InitPlan), and the outer query fetches them by primary key — rather than walking the whole
 * list in display order and testing each row.
 */
export function keywordCondition(terms: SearchTerms): SQL {
  const selects = matchingBranches(terms).map((branch) => sql`SELECT ${customers.id} ${branch.from}`);
  return sql`${customers.id} = ANY(ARRAY(${sql.join(selects, sql` UNION `)}))`;
}

export interface RankedHit {
  id: number;
  rank: number;
  kind: SearchMatchKind;
  contactName: string | null;
  contactMobile: string | null;
}

/**
 * The best `limit` customers for a keyword within `scope`: each branch contributes its newest
 * `limit` matches (so each stays an index lookup with a short sort), then the best rank per
 * customer wins; ties go to the most recently updated.
 */
export function rankedSearchQuery(terms: SearchTerms, scope: SQL, limit: number): SQL {
  const selects = branchesOf(terms).map((branch) => {
    const contact = branch.contact
      ? sql`matched_contacts.name AS contact_name, matched_contacts.mobile AS contact_mobile`
      : sql`NULL::text AS contact_name, NULL::text AS contact_mobile`;
    return sql`(SELECT ${customers.id} AS id, ${branch.rank}::int AS rank, ${branch.kind}::text AS kind, ${contact},
        ${customers.updatedAt} AS updated_at
      ${branch.from} AND ${scope}
      ORDER BY ${customers.updatedAt} DESC LIMIT ${limit})`;
  });
  return sql`SELECT id, rank, kind, contact_name AS "contactName", contact_mobile AS "contactMobile"
    FROM (
      SELECT hits.*, row_number() OVER (PARTITION BY hits.id ORDER BY hits.rank) AS best
      FROM (${sql.join(selects, sql` UNION ALL `)}) AS hits
    ) AS ranked
    WHERE best = 1
    ORDER BY rank, updated_at DESC, id DESC
    LIMIT ${limit}`;
}
