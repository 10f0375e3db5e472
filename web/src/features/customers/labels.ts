import type { MessageKey } from '../../app/i18n/dictionary';
import { useMemo } from 'react';
import { useDictionaryItems } from '../dictionaries/dictionaries-api';
import type { CustomerKind, DecisionRole, ServiceMode } from './archive/customers-api';

// Chinese labels of the customer archive's fixed values (dictionary values come from the server).

export const kindLabel: Record<CustomerKind, MessageKey> = {
  organization: 'customers.organisation',
  individual: 'customers.individual',
};

export const serviceModeLabel: Record<ServiceMode, MessageKey> = {
  account_manager: 'customers.accountManager2',
  resident: 'customers.residentStaff',
};

export const decisionRoleLabel: Record<DecisionRole, MessageKey> = {
  decision_maker: 'customers.decisionMaker',
  influencer: 'customers.influencer',
  user: 'customers.user',
  other: 'customers.other',
};

export const decisionRoleOptions = (Object.keys(decisionRoleLabel) as DecisionRole[]).map((value) => ({ value, label: decisionRoleLabel[value] }));

export const admissionLabel: Record<string, { text: MessageKey; color: string }> = {
  none: { text: 'customers.notAdmitted', color: 'default' },
  pending: { text: 'customers.admissionInReview', color: 'processing' },
  admitted: { text: 'customers.admittedQualified', color: 'success' },
  rejected: { text: 'customers.admissionRefused', color: 'error' },
};

export const blacklistLabel: Record<string, MessageKey> = {
  unit: 'customers.unitBlacklist',
  company: 'customers.companyBlacklist',
};

export const lifecycleColor: Record<string, string> = {
  potential: 'default',
  intent: 'blue',
  negotiating: 'geekblue',
  signed: 'green',
  moved_in: 'cyan',
  lost: 'red',
};

/** Timeline dot colours by event type; types of later modules fall back to blue. */
export const timelineColor: Record<string, string> = {
  created: 'green',
  updated: 'blue',
  contact_added: 'cyan',
  contact_updated: 'cyan',
  contact_removed: 'gray',
  key_person_added: 'purple',
  key_person_updated: 'purple',
  key_person_removed: 'gray',
  grade_changed: 'gold',
  blacklisted: 'red',
  lost: 'red',
};

export const sectionTitles = {
  basic: 'customers.profile',
  contact: 'customers.contactDetails',
  service: 'customers.service',
  classification: 'customers.classification',
  contacts: 'customers.contacts',
} as const;

export const customerFieldLabel = {
  kind: 'customers.customerType',
  name: 'customers.customerNameFull',
  shortName: 'customers.shortName',
  code: 'customers.customerCode',
  uscc: 'customers.unifiedSocialCreditCode',
  idNumber: 'customers.residentIdNumber',
  natureCode: 'customers.ownership',
  industryCode: 'customers.industry',
  usageCodes: 'customers.spaceUse',
  legalRepresentative: 'customers.legalRepresentative',
  registeredCapital: 'customers.registeredCapitalCny',
  employees: 'customers.employees',
  mainProducts: 'customers.mainProducts',
  annualOutput: 'customers.annualOutputCny',
  reputation: 'customers.reputation',
  profitability: 'customers.profitability',
  website: 'customers.website',
  sourceCode: 'customers.source',
  region: 'customers.region',
  street: 'customers.address',
  postcode: 'customers.postcode',
  phone: 'customers.phone',
  fax: 'customers.fax',
  email: 'users.email',
  ownerName: 'customers.accountManager',
  unitName: 'customers.unit',
  serviceMode: 'customers.serviceMode',
  collaboratorIds: 'customers.collaborators',
  valueCode: 'customers.valueClass',
  strategicCode: 'customers.strategicStatus',
  lifecycleCode: 'customers.lifecycleStage',
  grade: 'customers.grade',
  admissionStatus: 'customers.admission',
  tags: 'customers.tags',
  createdAt: 'customers.created',
  updatedAt: 'customers.lastChanged',
  verifiedAt: 'customers.lastVerified',
} as const;

export const contactFieldLabel = {
  name: 'users.displayName',
  title: 'customers.title',
  department: 'org.kind.department',
  mobile: 'users.mobile',
  phone: 'customers.phone',
  email: 'users.email',
  decisionRole: 'customers.decisionRole',
  isPrimary: 'customers.primaryContact',
} as const;

export const keyPersonFieldLabel = {
  name: 'users.displayName',
  position: 'customers.position',
  mobile: 'users.mobile',
  birthday: 'customers.birthday',
  family: 'customers.family',
  homeAddress: 'customers.homeAddress',
  hobbies: 'customers.interests',
  note: 'customers.note',
} as const;

/** Same patterns as the server (identifiers.ts) so most mistakes show before saving. */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;

// R-CUS-30: as the server does, full-width characters, spaces and dashes are taken as typed
// by people (１３８…, 138 0000 1119, +86 138-…) — used as Form.Item `normalize`.
const halfWidth = (text: string) => text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
/** A mobile: its 11 digits once complete; half-width while typing. */
export const normalizeMobileInput = (value: string | undefined) => {
  if (typeof value !== 'string') return value;
  const plain = halfWidth(value);
  const digits = plain.replace(/[\s\-.()]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  return /^\d{11}$/.test(digits) ? digits : plain;
};
/** A landline, USCC, ID number or postcode: half-width; codes without spaces and in upper case. */
export const normalizeTextInput = (value: string | undefined) => (typeof value === 'string' ? halfWidth(value) : value);
export const normalizeCodeInput = (value: string | undefined) => (typeof value === 'string' ? halfWidth(value).replace(/\s+/g, '').toUpperCase() : value);
export const PHONE_PATTERN = /^(?:0\d{2,3}-?)?\d{7,8}(?:-\d{1,6})?$|^[48]00-?\d{3}-?\d{4}$/;
export const POSTCODE_PATTERN = /^\d{6}$/;
export const USCC_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{18}$/i;

/** Dictionaries of the archive (R-CUS-20), by the field that holds their code. */
export const customerDictionaries = {
  natureCode: 'customer_nature',
  industryCode: 'industry',
  sourceCode: 'customer_source',
  usageCodes: 'usage_category',
  valueCode: 'customer_value',
  strategicCode: 'strategic_weight',
  lifecycleCode: 'lifecycle_status',
} as const;

/** code → label of one dictionary (an unknown or disabled code shows as itself). */
export function useDictionaryLabels(dictionaryCode: string): (code: string | null | undefined) => string {
  const items = useDictionaryItems(dictionaryCode);
  return useMemo(() => {
    const labels = new Map((items.data?.items ?? []).map((item) => [item.code, item.label]));
    return (code) => (code ? (labels.get(code) ?? code) : '—');
  }, [items.data]);
}
