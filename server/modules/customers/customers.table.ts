import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

// 客户档案 (R-CUS-01). Sections 1–3 are external information, 4–8 internal.
export const customers = pgTable(
  'customers',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** Customer code from the number rules (R-CUS-24); never changes once issued. */
    code: text().notNull(),
    /** organization | individual */
    kind: text().notNull().default('organization'),
    // 1. 基本情况
    name: text().notNull(),
    shortName: text(),
    uscc: text(),
    /** Individuals only; sensitive (R-PLT-04). */
    idNumber: text(),
    natureCode: text(),
    industryCode: text(),
    usageCodes: jsonb().$type<string[]>().notNull().default([]),
    legalRepresentative: text(),
    registeredCapital: numeric({ precision: 16, scale: 2 }),
    employees: integer(),
    mainProducts: text(),
    annualOutput: numeric({ precision: 16, scale: 2 }),
    reputation: text(),
    profitability: text(),
    website: text(),
    sourceCode: text(),
    // 2. 联系方式
    province: text(),
    city: text(),
    district: text(),
    street: text(),
    postcode: text(),
    phone: text(),
    fax: text(),
    email: text(),
    // 4. 服务管理 — owner null means the customer is in the shared pool (公海).
    ownerId: integer(),
    unitId: integer().notNull(),
    /** account_manager (客户经理制) | resident (派驻制) */
    serviceMode: text().notNull().default('account_manager'),
    collaboratorIds: jsonb().$type<number[]>().notNull().default([]),
    // Ownership (R-DEV-10…13): when the current owner got it, until when it is protected, the
    // last valid follow-up (keeps it owned) and when it last went back to the pool.
    ownedSince: timestamp({ withTimezone: true }),
    protectedUntil: timestamp({ withTimezone: true }),
    lastFollowUpAt: timestamp({ withTimezone: true }),
    releasedAt: timestamp({ withTimezone: true }),
    previousOwnerId: integer(),
    /** 意向级别 A/B/C/D (R-DEV-23); drives the follow-up frequency. */
    intentLevel: text(),
    // Classification (R-CUS-20), each a dictionary code.
    valueCode: text(),
    strategicCode: text(),
    lifecycleCode: text().notNull().default('potential'),
    tags: jsonb().$type<string[]>().notNull().default([]),
    // Grading (R-CUS-21…23)
    grade: text(),
    gradedAt: timestamp({ withTimezone: true }),
    // Admission (R-CUS-11): none | pending | admitted | rejected
    admissionStatus: text().notNull().default('none'),
    admittedAt: timestamp({ withTimezone: true }),
    // Blacklist (R-CUS-40): null | unit | company
    blacklistLevel: text(),
    blacklistUnitId: integer(),
    // Lost (R-CUS-50)
    lostReasonCode: text(),
    lostCompetitor: text(),
    lostNote: text(),
    lostAt: timestamp({ withTimezone: true }),
    // Quarterly verification (R-CUS-33)
    verifiedAt: timestamp({ withTimezone: true }),
    verifiedById: integer(),
    // Search and de-duplication keys, derived from name and short name (customer-keys.ts).
    normalizedName: text().notNull(),
    nameBigrams: text().array().notNull().default(sql`'{}'::text[]`),
    pinyinFull: text().notNull().default(''),
    pinyinInitials: text().notNull().default(''),
    /** Set when merged into another record (R-CUS-07); merged records are hidden. */
    mergedIntoId: bigint({ mode: 'number' }),
    createdById: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    version: integer().notNull().default(1),
  },
  (t) => [
    uniqueIndex('customers_code_key').on(t.code),
    // R-CUS-05: the database itself refuses duplicates, not only a pre-check.
    uniqueIndex('customers_normalized_name_key').on(t.normalizedName).where(sql`merged_into_id IS NULL`),
    uniqueIndex('customers_uscc_key').on(t.uscc).where(sql`uscc IS NOT NULL AND merged_into_id IS NULL`),
    index('customers_owner_idx').on(t.ownerId, t.updatedAt),
    index('customers_unit_idx').on(t.unitId, t.updatedAt),
    index('customers_updated_idx').on(t.updatedAt),
    index('customers_bigrams_idx').using('gin', t.nameBigrams),
    index('customers_pinyin_initials_idx').using('gin', sql`${t.pinyinInitials} gin_trgm_ops`),
    index('customers_pinyin_full_idx').using('gin', sql`${t.pinyinFull} gin_trgm_ops`),
    index('customers_normalized_trgm_idx').using('gin', sql`${t.normalizedName} gin_trgm_ops`),
    index('customers_phone_idx').on(t.phone),
    // Prefix search (`code LIKE 'X%'`, `uscc LIKE 'X%'`): a plain btree serves LIKE prefixes only
    // under the C collation (PGlite); PostgreSQL servers usually run C.UTF-8 / en_US, where only a
    // text_pattern_ops index does.
    index('customers_code_pattern_idx').using('btree', sql`${t.code} text_pattern_ops`),
    index('customers_uscc_pattern_idx').using('btree', sql`${t.uscc} text_pattern_ops`).where(sql`uscc IS NOT NULL`),
    // Name order (pinyin) and the `self` scope's collaborator check.
    index('customers_pinyin_order_idx').on(t.pinyinFull, t.id),
    index('customers_collaborators_idx').using('gin', sql`${t.collaboratorIds} jsonb_path_ops`),
    index('customers_created_idx').on(t.createdAt),
    // 公海 browsing and the release job.
    index('customers_pool_idx').on(t.releasedAt, t.id).where(sql`owner_id IS NULL AND merged_into_id IS NULL`),
    index('customers_follow_up_idx').on(t.lastFollowUpAt).where(sql`owner_id IS NOT NULL`),
  ],
);

// 联系人
export const customerContacts = pgTable(
  'customer_contacts',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    customerId: bigint({ mode: 'number' })
      .notNull()
      .references(() => customers.id),
    name: text().notNull(),
    title: text(),
    department: text(),
    mobile: text(),
    phone: text(),
    email: text(),
    /** decision_maker | influencer | user | other */
    decisionRole: text(),
    isPrimary: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('customer_contacts_customer_idx').on(t.customerId),
    index('customer_contacts_mobile_idx').on(t.mobile),
    index('customer_contacts_name_idx').on(t.name),
    // Phone search by the last digits.
    index('customer_contacts_mobile_trgm_idx').using('gin', sql`${t.mobile} gin_trgm_ops`),
  ],
);

// 关键人 — private information, sensitive as a whole (R-PLT-04).
export const customerKeyPersons = pgTable(
  'customer_key_persons',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    customerId: bigint({ mode: 'number' })
      .notNull()
      .references(() => customers.id),
    name: text().notNull(),
    position: text(),
    mobile: text(),
    birthday: date({ mode: 'string' }),
    family: text(),
    homeAddress: text(),
    hobbies: text(),
    note: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('customer_key_persons_customer_idx').on(t.customerId)],
);

// 客户时间线 (R-CUS-02): any module appends its own event types here.
export const customerTimeline = pgTable(
  'customer_timeline',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    customerId: bigint({ mode: 'number' }).notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    /** e.g. created, assigned, visit, approval, contract, bill, payment, complaint, grade_changed */
    type: text().notNull(),
    title: text().notNull(),
    detail: jsonb().$type<Record<string, unknown>>(),
    actorId: integer(),
    link: text(),
    sourceType: text(),
    sourceId: text(),
  },
  (t) => [index('customer_timeline_customer_idx').on(t.customerId, t.occurredAt, t.id)],
);

// Monthly revenue per customer; billing writes here, grading reads the rolling 12 months.
export const customerRevenue = pgTable(
  'customer_revenue',
  {
    customerId: bigint({ mode: 'number' }).notNull(),
    /** First day of the month. */
    month: date({ mode: 'string' }).notNull(),
    amount: numeric({ precision: 16, scale: 2 }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.month] })],
);

// 分级档次 — admin-editable revenue tiers (R-CUS-21).
export const customerGradeTiers = pgTable('customer_grade_tiers', {
  code: text().primaryKey(),
  name: text().notNull(),
  /** Annual revenue threshold in CNY (before the unit coefficient). */
  minAnnualRevenue: numeric({ precision: 16, scale: 2 }).notNull(),
  sortOrder: integer().notNull().default(0),
});

// How each unit grades (R-CUS-21/22): revenue tiers × coefficient, or quotas.
export const unitGradingSettings = pgTable('unit_grading_settings', {
  unitId: integer().primaryKey(),
  /** revenue | quota */
  method: text().notNull().default('revenue'),
  coefficient: numeric({ precision: 4, scale: 2 }).notNull().default('1.00'),
  topN: integer().notNull().default(100),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

// 分级变更记录 (R-CUS-23)
export const customerGradeChanges = pgTable(
  'customer_grade_changes',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    customerId: bigint({ mode: 'number' }).notNull(),
    fromGrade: text(),
    toGrade: text(),
    reason: text().notNull(),
    /** revenue | quota | manual */
    method: text().notNull(),
    changedById: integer(),
    at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('customer_grade_changes_customer_idx').on(t.customerId, t.at)],
);

// 资质文件 (R-CUS-10)
export const customerQualifications = pgTable(
  'customer_qualifications',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    customerId: bigint({ mode: 'number' }).notNull(),
    /** business_licence | org_code | tax_registration | legal_rep_id | bank_permit | articles | credit_proof | financial_statements */
    docType: text().notNull(),
    number: text(),
    validFrom: date({ mode: 'string' }),
    validUntil: date({ mode: 'string' }),
    attachmentId: bigint({ mode: 'number' }),
    note: text(),
    createdById: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('customer_qualifications_customer_idx').on(t.customerId), index('customer_qualifications_valid_idx').on(t.validUntil)],
);

// 黑名单 (R-CUS-40): status pending | active | rejected | removal_pending | removed
export const customerBlacklistEntries = pgTable(
  'customer_blacklist_entries',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    customerId: bigint({ mode: 'number' }).notNull(),
    /** unit | company */
    level: text().notNull(),
    unitId: integer(),
    reason: text().notNull(),
    evidence: text(),
    status: text().notNull().default('pending'),
    requestedById: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    activatedAt: timestamp({ withTimezone: true }),
    removedAt: timestamp({ withTimezone: true }),
    removalReason: text(),
  },
  (t) => [index('customer_blacklist_customer_idx').on(t.customerId, t.status)],
);

// 导入批次 (R-CUS-30): uploaded → validating → validated → committing → committed | failed
export const customerImports = pgTable(
  'customer_imports',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: integer().notNull(),
    unitId: integer().notNull(),
    fileName: text().notNull(),
    status: text().notNull().default('uploaded'),
    totalRows: integer().notNull().default(0),
    validRows: integer().notNull().default(0),
    invalidRows: integer().notNull().default(0),
    duplicateRows: integer().notNull().default(0),
    importedRows: integer().notNull().default(0),
    progress: integer().notNull().default(0),
    message: text().notNull().default(''),
    /** First rows' problems for the preview: [{ row, field, message }] */
    preview: jsonb().$type<Record<string, unknown>[]>().notNull().default([]),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('customer_imports_user_idx').on(t.userId, t.createdAt)],
);

// 归属变更记录 (R-DEV-14): every change of owner or owning unit, whatever caused it.
export const customerOwnershipChanges = pgTable(
  'customer_ownership_changes',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    customerId: bigint({ mode: 'number' }).notNull(),
    /** created | claim | registration | release | transfer | departure | assign | reassign | rejected */
    kind: text().notNull(),
    fromUserId: integer(),
    toUserId: integer(),
    fromUnitId: integer(),
    toUnitId: integer(),
    reason: text(),
    actorId: integer(),
    /** The record that caused it, e.g. `customer_transfer` / 12. */
    sourceType: text(),
    sourceId: text(),
    at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('customer_ownership_changes_customer_idx').on(t.customerId, t.at), index('customer_ownership_changes_to_idx').on(t.toUserId, t.at)],
);
