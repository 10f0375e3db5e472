import { z } from 'zod';
import { sensitiveString } from '../../../platform/access/sensitive-schema';
import { customerSensitiveFields } from '../sensitive';
import { optionalMoneyInput } from '../../../platform/money';
import { isValidResidentId, isValidUscc, MOBILE_PATTERN, normalizeCode, normalizeMobile, normalizePhone, PHONE_PATTERN, POSTCODE_PATTERN } from './identifiers';

// Request and response shapes of the customer archive (R-CUS-01), shared by routes, import and
// the web forms. Field errors are Chinese and say what to fix (R-CUS-03).

const text = (max: number) => z.string().trim().max(max, `不能超过 ${max} 个字符`);
const optionalText = (max: number) =>
  text(max)
    .nullish()
    .transform((value) => (value ? value : null));
export const uscc = z
  .string()
  .transform(normalizeCode)
  // One message per field: the length first, the check character only for 18 characters.
  .refine((value) => value.length === 18, { message: '统一社会信用代码应为 18 位', abort: true })
  .refine(isValidUscc, '统一社会信用代码校验位不正确，请核对营业执照');
export const residentId = z
  .string()
  .transform(normalizeCode)
  .refine(isValidResidentId, '身份证号码不正确（18 位，校验位或出生日期有误）');
export const mobile = z.string().transform(normalizeMobile).pipe(z.string().regex(MOBILE_PATTERN, '手机号应为 11 位数字，以 13–19 开头'));
export const phone = z.string().transform(normalizePhone).pipe(z.string().regex(PHONE_PATTERN, '电话格式应如 021-12345678 或 400-123-4567'));
export const email = z.string().trim().max(120, '邮箱不能超过 120 个字符').email('邮箱格式不正确');
const dictionaryCode = z.string().trim().max(40);

export const customerKinds = ['organization', 'individual'] as const;
export type CustomerKind = (typeof customerKinds)[number];
export const decisionRoles = ['decision_maker', 'influencer', 'user', 'other'] as const;
export type DecisionRole = (typeof decisionRoles)[number];
export const serviceModes = ['account_manager', 'resident'] as const;
export type ServiceMode = (typeof serviceModes)[number];

export const contactBody = z.object({
  name: text(40).min(1, '请填写联系人姓名'),
  title: optionalText(40),
  department: optionalText(60),
  mobile: mobile.nullish(),
  phone: phone.nullish(),
  email: email.nullish(),
  decisionRole: z.enum(decisionRoles).nullish(),
  isPrimary: z.boolean().optional(),
});
export type ContactBody = z.infer<typeof contactBody>;

export const keyPersonBody = z.object({
  name: text(40).min(1, '请填写姓名'),
  position: optionalText(60),
  mobile: mobile.nullish(),
  birthday: z.iso.date('生日格式应为 YYYY-MM-DD').nullish(),
  family: optionalText(500),
  homeAddress: optionalText(200),
  hobbies: optionalText(500),
  note: optionalText(1000),
});
export type KeyPersonBody = z.infer<typeof keyPersonBody>;

/** Fields a specialist fills in; owner, unit and code are set by the server unless stated. */
const customerFields = {
  kind: z.enum(customerKinds).default('organization'),
  name: text(100).min(2, '客户名称至少 2 个字'),
  shortName: optionalText(40),
  uscc: uscc.nullish(),
  idNumber: residentId.nullish(),
  natureCode: dictionaryCode.nullish(),
  industryCode: dictionaryCode.nullish(),
  usageCodes: z.array(dictionaryCode).max(20).optional(),
  legalRepresentative: optionalText(40),
  registeredCapital: optionalMoneyInput({ label: '注册资本' }),
  employees: z.number().int().min(0).max(10_000_000).nullish(),
  mainProducts: optionalText(500),
  annualOutput: optionalMoneyInput({ label: '年产值' }),
  reputation: optionalText(200),
  profitability: optionalText(200),
  website: optionalText(200),
  sourceCode: dictionaryCode.nullish(),
  province: optionalText(20),
  city: optionalText(20),
  district: optionalText(20),
  street: optionalText(200),
  postcode: z.string().transform(normalizeCode).pipe(z.string().regex(POSTCODE_PATTERN, '邮编应为 6 位数字')).nullish(),
  phone: phone.nullish(),
  fax: phone.nullish(),
  email: email.nullish(),
  serviceMode: z.enum(serviceModes).optional(),
  collaboratorIds: z.array(z.number().int().min(1).max(2_147_483_647)).max(20).optional(),
  valueCode: dictionaryCode.nullish(),
  strategicCode: dictionaryCode.nullish(),
  lifecycleCode: dictionaryCode.optional(),
  tags: z.array(text(20).min(1)).max(30).optional(),
};

export const createCustomerBody = z
  .object({
    ...customerFields,
    /** Defaults to the creator; managers may name another user in scope. */
    ownerId: z.number().int().min(1).max(2_147_483_647).nullish(),
    /** Defaults to the owner's unit. */
    unitId: z.number().int().min(1).max(2_147_483_647).optional(),
    contacts: z.array(contactBody).max(50).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.kind === 'organization' && body.idNumber) {
      ctx.addIssue({ code: 'custom', path: ['idNumber'], message: '企业客户请填写统一社会信用代码，不填身份证号' });
    }
    if (body.kind === 'individual' && body.uscc) {
      ctx.addIssue({ code: 'custom', path: ['uscc'], message: '个人客户没有统一社会信用代码' });
    }
  });
export type CreateCustomerBody = z.infer<typeof createCustomerBody>;

export const updateCustomerBody = z.object(customerFields).partial().extend({
  // No default here: a PATCH without `kind` must not turn an individual into an organisation.
  kind: z.enum(customerKinds).optional(),
  /** Optimistic locking: the version the client last saw. */
  version: z.number().int().min(1).optional(),
});
export type UpdateCustomerBody = z.infer<typeof updateCustomerBody>;

export const contactSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    title: z.string().nullable(),
    department: z.string().nullable(),
    mobile: sensitiveString(customerSensitiveFields.customer_contact.mobile),
    phone: sensitiveString(customerSensitiveFields.customer_contact.phone),
    email: sensitiveString(customerSensitiveFields.customer_contact.email),
    decisionRole: z.enum(decisionRoles).nullable(),
    isPrimary: z.boolean(),
  })
  .meta({ id: 'CustomerContact' });
export type Contact = z.infer<typeof contactSchema>;

export const keyPersonSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    position: z.string().nullable(),
    mobile: sensitiveString(customerSensitiveFields.customer_key_person.mobile),
    birthday: sensitiveString(customerSensitiveFields.customer_key_person.birthday),
    family: sensitiveString(customerSensitiveFields.customer_key_person.family),
    homeAddress: sensitiveString(customerSensitiveFields.customer_key_person.homeAddress),
    hobbies: sensitiveString(customerSensitiveFields.customer_key_person.hobbies),
    note: sensitiveString(customerSensitiveFields.customer_key_person.note),
  })
  .meta({ id: 'CustomerKeyPerson' });
export type KeyPerson = z.infer<typeof keyPersonSchema>;

/** A customer as lists show it. */
export const customerSummarySchema = z
  .object({
    id: z.number().int(),
    code: z.string(),
    kind: z.enum(customerKinds),
    name: z.string(),
    shortName: z.string().nullable(),
    uscc: z.string().nullable(),
    industryCode: z.string().nullable(),
    natureCode: z.string().nullable(),
    sourceCode: z.string().nullable(),
    province: z.string().nullable(),
    city: z.string().nullable(),
    phone: sensitiveString(customerSensitiveFields.customer.phone),
    ownerId: z.number().int().nullable(),
    ownerName: z.string().nullable(),
    unitId: z.number().int(),
    unitName: z.string(),
    valueCode: z.string().nullable(),
    strategicCode: z.string().nullable(),
    lifecycleCode: z.string(),
    grade: z.string().nullable(),
    admissionStatus: z.string(),
    blacklistLevel: z.string().nullable(),
    tags: z.array(z.string()),
    verifiedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'CustomerSummary' });
export type CustomerSummary = z.infer<typeof customerSummarySchema>;

/** The whole archive of one customer (detail page). */
export const customerSchema = customerSummarySchema
  .extend({
    idNumber: sensitiveString(customerSensitiveFields.customer.idNumber),
    usageCodes: z.array(z.string()),
    legalRepresentative: z.string().nullable(),
    registeredCapital: z.string().nullable(),
    employees: z.number().int().nullable(),
    mainProducts: z.string().nullable(),
    annualOutput: z.string().nullable(),
    reputation: z.string().nullable(),
    profitability: z.string().nullable(),
    website: z.string().nullable(),
    district: z.string().nullable(),
    street: z.string().nullable(),
    postcode: z.string().nullable(),
    fax: z.string().nullable(),
    email: sensitiveString(customerSensitiveFields.customer.email),
    serviceMode: z.enum(serviceModes),
    collaboratorIds: z.array(z.number().int()),
    gradedAt: z.string().nullable(),
    admittedAt: z.string().nullable(),
    lostReasonCode: z.string().nullable(),
    lostCompetitor: z.string().nullable(),
    lostNote: z.string().nullable(),
    lostAt: z.string().nullable(),
    contacts: z.array(contactSchema),
    keyPersons: z.array(keyPersonSchema),
    version: z.number().int(),
  })
  .meta({ id: 'Customer' });
export type Customer = z.infer<typeof customerSchema>;

/** What a client sends to create a customer (before the schema's defaults and normalisation). */
export type CreateCustomerInput = z.input<typeof createCustomerBody>;
export type UpdateCustomerInput = z.input<typeof updateCustomerBody>;
export type ContactInput = z.input<typeof contactBody>;
export type KeyPersonInput = z.input<typeof keyPersonBody>;
