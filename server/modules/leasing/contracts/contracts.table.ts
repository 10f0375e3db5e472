import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { ContractTerms } from './contract-terms';

/**
 * 招商合同 (R-LEA-10, 11). The header carries who, what and when; `terms` carries the price terms
 * as data (charge items, billing cycle, payment day, rent-free periods, escalation, deposit,
 * late fee, penalty, guarantor, commission) so that billing computes from them alone. Units and
 * their let areas are rows of `contract_units`; every saved revision is a `contract_versions` row.
 */
export const contracts = pgTable(
  'contracts',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** From the number rules (R-PLT-51), e.g. HT-2026-SH-00001. */
    number: text().notNull(),
    customerId: bigint({ mode: 'number' }).notNull(),
    /** lease | storage | service (租赁 / 仓储服务 / 综合服务) */
    contractType: text().notNull(),
    /** draft | reviewing | to_sign | effective | changing | expired | terminated_early | terminated */
    status: text().notNull().default('draft'),
    title: text().notNull(),
    startDate: date({ mode: 'string' }).notNull(),
    endDate: date({ mode: 'string' }).notNull(),
    terms: jsonb().$type<ContractTerms>().notNull(),
    /** Total let area of the units (m²). */
    totalArea: numeric({ precision: 14, scale: 2 }).notNull(),
    /** Estimated value over the term (yuan), what review thresholds compare against. */
    estimatedAmount: numeric({ precision: 16, scale: 2 }).notNull(),
    /** Discount of the rent against the units' list rent (0.1 = 10 %); sensitive. */
    discountRate: numeric({ precision: 7, scale: 4 }).notNull().default('0'),
    /** 签约主体 (our party) and the signatories of both sides. */
    signingParty: text().notNull(),
    ourSignatory: text(),
    customerSignatory: text(),
    /** 安全管理协议 attached to the contract. */
    safetyAgreement: boolean().notNull().default(true),
    specialTerms: text(),
    /** The template whose text the contract uses; null = non-template text (extra approval step). */
    templateId: bigint({ mode: 'number' }),
    templateVersion: integer(),
    version: integer().notNull().default(1),
    ownerId: integer().notNull(),
    unitId: integer().notNull(),
    approvalId: bigint({ mode: 'number' }),
    /** The latest returned/rejected review's comments, shown on the draft. */
    reviewComment: text(),
    signedDate: date({ mode: 'string' }),
    effectiveDate: date({ mode: 'string' }),
    signedScanId: bigint({ mode: 'number' }),
    /** 交财务 (R-LEA-14): when finance received the contract, and the task due. */
    financeDueDate: date({ mode: 'string' }),
    handedToFinanceAt: timestamp({ withTimezone: true }),
    /** 续签 (R-LEA-31): the contract this one renews. */
    renewalOfId: bigint({ mode: 'number' }),
    /** 续签决定 for a disputed customer (R-LEA-31): renew | not_renew, by the executive. */
    renewalDecision: text(),
    renewalDecisionNote: text(),
    renewalDecidedAt: timestamp({ withTimezone: true }),
    renewalDecidedById: integer(),
    /** 原件归档 (R-LEA-23): where the signed original is kept and under which archive number. */
    archiveNumber: text(),
    archiveLocation: text(),
    archivedAt: timestamp({ withTimezone: true }),
    endedAt: timestamp({ withTimezone: true }),
    endReason: text(),
    createdById: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('contracts_number_key').on(t.number),
    index('contracts_customer_idx').on(t.customerId),
    index('contracts_owner_idx').on(t.ownerId, t.status),
    index('contracts_unit_idx').on(t.unitId, t.status),
    index('contracts_end_idx').on(t.endDate).where(sql`status IN ('effective', 'changing')`),
    index('contracts_created_idx').on(t.createdAt, t.id),
    // 合同台账's order (start date, id): a page is read in order instead of sorting every contract.
    index('contracts_start_idx').on(t.startDate, t.id),
    // The list's keyword (number or title contains …): trigram GIN, so it is not a scan of every contract.
    index('contracts_number_trgm_idx').using('gin', sql`${t.number} gin_trgm_ops`),
    index('contracts_title_trgm_idx').using('gin', sql`${t.title} gin_trgm_ops`),
  ],
);

/** The units of a contract with the area let (计租面积). */
export const contractUnits = pgTable(
  'contract_units',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    contractId: bigint({ mode: 'number' }).notNull(),
    spaceId: bigint({ mode: 'number' }).notNull(),
    /** The unit's full code when it was let, for the ledger's 具体经营位置. */
    fullCode: text().notNull(),
    area: numeric({ precision: 12, scale: 2 }).notNull(),
  },
  (t) => [
    uniqueIndex('contract_units_contract_space_key').on(t.contractId, t.spaceId),
    index('contract_units_space_idx').on(t.spaceId),
    index('contract_units_code_trgm_idx').using('gin', sql`${t.fullCode} gin_trgm_ops`),
  ],
);

/** Every saved revision of a contract (R-LEA-13): a snapshot of header, units and terms. */
export const contractVersions = pgTable(
  'contract_versions',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    contractId: bigint({ mode: 'number' }).notNull(),
    version: integer().notNull(),
    snapshot: jsonb().$type<Record<string, unknown>>().notNull(),
    /** Why the revision was made (修改说明), e.g. after a reviewer's comment. */
    note: text(),
    createdById: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('contract_versions_contract_version_key').on(t.contractId, t.version)],
);

/** 范本合同 (R-LEA-12): versions of a .docx with placeholders, per contract type. */
export const contractTemplates = pgTable(
  'contract_templates',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** Same code = versions of one template. */
    code: text().notNull(),
    name: text().notNull(),
    contractType: text().notNull(),
    version: integer().notNull(),
    fileName: text().notNull(),
    sha256: text().notNull(),
    sizeBytes: integer().notNull(),
    placeholders: text().array().notNull(),
    /** Only the newest active version is offered for new drafts. */
    active: boolean().notNull().default(true),
    note: text(),
    createdById: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('contract_templates_code_version_key').on(t.code, t.version)],
);
