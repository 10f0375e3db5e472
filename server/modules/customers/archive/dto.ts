import { z } from 'zod';
import type { Actor } from '../../../platform/access/access';
import { canViewSensitive, maskFields } from '../../../platform/access/masking';
import { customerSensitiveFields } from '../sensitive';
import type { CustomerRow } from '../access';
import { customerContacts, customerKeyPersons } from '../customers.table';
import type { Customer, CustomerSummary, DecisionRole } from './archive.schema';

// Database rows → API shapes. Masking of sensitive fields (R-PLT-04) happens here, on the server,
// so every route, list and export that goes through these functions masks the same way.

export type ContactRow = typeof customerContacts.$inferSelect;
export type KeyPersonRow = typeof customerKeyPersons.$inferSelect;
export type Contact = Customer['contacts'][number];
export type KeyPerson = Customer['keyPersons'][number];

export interface CustomerNames {
  ownerName: string | null;
  unitName: string;
}

const iso = (value: Date | null | undefined) => (value ? value.toISOString() : null);

export function toCustomerSummary(row: CustomerRow, names: CustomerNames): CustomerSummary {
  return {
    id: row.id,
    code: row.code,
    kind: row.kind as CustomerSummary['kind'],
    name: row.name,
    shortName: row.shortName,
    uscc: row.uscc,
    industryCode: row.industryCode,
    natureCode: row.natureCode,
    sourceCode: row.sourceCode,
    province: row.province,
    city: row.city,
    phone: row.phone,
    ownerId: row.ownerId,
    ownerName: names.ownerName,
    unitId: row.unitId,
    unitName: names.unitName,
    valueCode: row.valueCode,
    strategicCode: row.strategicCode,
    lifecycleCode: row.lifecycleCode,
    grade: row.grade,
    admissionStatus: row.admissionStatus,
    blacklistLevel: row.blacklistLevel,
    tags: row.tags ?? [],
    verifiedAt: iso(row.verifiedAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A contact; mobile, landline and e-mail are masked without `sensitive:view`. */
export function toContact(actor: Actor, row: ContactRow): Contact {
  const contact: Contact = {
    id: row.id,
    name: row.name,
    title: row.title,
    department: row.department,
    mobile: row.mobile,
    phone: row.phone,
    email: row.email,
    decisionRole: row.decisionRole as DecisionRole | null,
    isPrimary: row.isPrimary,
  };
  return maskFields(actor, contact, customerSensitiveFields.customer_contact);
}

/** Private fields of a key person; all of them are sensitive (R-CUS-01 §3, R-PLT-04). */
export const keyPersonPrivateFields = ['birthday', 'family', 'homeAddress', 'hobbies', 'note'] as const;

/** A key person; without `sensitive:view` every private field reads ****** and the mobile is masked. */
export function toKeyPerson(actor: Actor, row: KeyPersonRow): KeyPerson {
  const person: KeyPerson = {
    id: row.id,
    name: row.name,
    position: row.position,
    mobile: row.mobile,
    birthday: row.birthday,
    family: row.family,
    homeAddress: row.homeAddress,
    hobbies: row.hobbies,
    note: row.note,
  };
  return maskFields(actor, person, customerSensitiveFields.customer_key_person);
}

export function hasSensitiveContactData(rows: ContactRow[]): boolean {
  return rows.some((row) => row.mobile || row.phone || row.email);
}

export function hasSensitiveKeyPersonData(rows: KeyPersonRow[]): boolean {
  return rows.some((row) => row.mobile || keyPersonPrivateFields.some((field) => row[field]));
}

export interface CustomerDetailParts extends CustomerNames {
  contacts: ContactRow[];
  keyPersons: KeyPersonRow[];
}

/** The whole archive (detail page) with masking applied. */
export function toCustomer(actor: Actor, row: CustomerRow, parts: CustomerDetailParts): Customer {
  const customer: Customer = {
    ...toCustomerSummary(row, parts),
    idNumber: row.idNumber,
    usageCodes: row.usageCodes ?? [],
    legalRepresentative: row.legalRepresentative,
    registeredCapital: row.registeredCapital,
    employees: row.employees,
    mainProducts: row.mainProducts,
    annualOutput: row.annualOutput,
    reputation: row.reputation,
    profitability: row.profitability,
    website: row.website,
    district: row.district,
    street: row.street,
    postcode: row.postcode,
    fax: row.fax,
    email: row.email,
    serviceMode: row.serviceMode as Customer['serviceMode'],
    collaboratorIds: row.collaboratorIds ?? [],
    gradedAt: iso(row.gradedAt),
    admittedAt: iso(row.admittedAt),
    lostReasonCode: row.lostReasonCode,
    lostCompetitor: row.lostCompetitor,
    lostNote: row.lostNote,
    lostAt: iso(row.lostAt),
    contacts: parts.contacts.map((contact) => toContact(actor, contact)),
    keyPersons: parts.keyPersons.map((person) => toKeyPerson(actor, person)),
    version: row.version,
  };
  return maskFields(actor, customer, customerSensitiveFields.customer);
}

/** True when the detail shows sensitive values in clear text (an R-PLT-11 access event). */
export function showsSensitive(actor: Actor, row: CustomerRow, parts: CustomerDetailParts): boolean {
  if (!canViewSensitive(actor)) return false;
  return Boolean(row.idNumber || row.phone || row.email) || hasSensitiveContactData(parts.contacts) || hasSensitiveKeyPersonData(parts.keyPersons);
}

/** Chinese names of the archive's fields, for timeline entries and messages. */
export const customerFieldLabels: Record<string, string> = {
  kind: '客户类型',
  name: '客户名称',
  shortName: '简称',
  uscc: '统一社会信用代码',
  idNumber: '身份证号码',
  natureCode: '企业性质',
  industryCode: '行业',
  usageCodes: '用途分类',
  legalRepresentative: '法定代表人',
  registeredCapital: '注册资本',
  employees: '员工人数',
  mainProducts: '主营产品',
  annualOutput: '年产值',
  reputation: '信誉',
  profitability: '盈利能力',
  website: '网址',
  sourceCode: '客户来源',
  province: '省份',
  city: '城市',
  district: '区县',
  street: '详细地址',
  postcode: '邮编',
  phone: '电话',
  fax: '传真',
  email: '邮箱',
  ownerId: '客户经理',
  unitId: '所属单位',
  serviceMode: '服务模式',
  collaboratorIds: '协作人',
  valueCode: '价值分类',
  strategicCode: '战略地位',
  lifecycleCode: '生命周期状态',
  tags: '标签',
};

export const timelineEventSchema = z
  .object({
    id: z.number().int(),
    occurredAt: z.string(),
    type: z.string(),
    title: z.string(),
    detail: z.record(z.string(), z.unknown()).nullable(),
    actorId: z.number().int().nullable(),
    actorName: z.string().nullable(),
    link: z.string().nullable(),
    sourceType: z.string().nullable(),
    sourceId: z.string().nullable(),
  })
  .meta({ id: 'CustomerTimelineEvent' });
export type TimelineEvent = z.infer<typeof timelineEventSchema>;

export const timelinePageSchema = z.object({
  items: z.array(timelineEventSchema),
  /** Pass as `before` to get the next (older) page; null when there is none. */
  nextCursor: z.string().nullable(),
});
export type TimelinePage = z.infer<typeof timelinePageSchema>;
