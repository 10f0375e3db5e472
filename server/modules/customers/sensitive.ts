import type { SensitiveFields } from '../../platform/access/masking';

/**
 * R-PLT-04: the sensitive fields of the customer archive — the one table that the detail,
 * contacts, lists, search, export, timeline and the audit log's before/after values mask from
 * (keys are the audit entity types). Without `sensitive:view` a user sees 138****5678,
 * 021****5678, z***@example.com, 3101**********1234 and ****** for private notes.
 */
export const customerSensitiveFields = {
  customer: { phone: 'phone', email: 'email', idNumber: 'idCard' },
  customer_contact: { mobile: 'mobile', phone: 'phone', email: 'email' },
  customer_key_person: { mobile: 'mobile', birthday: 'text', family: 'text', homeAddress: 'text', hobbies: 'text', note: 'text' },
} as const satisfies Record<string, SensitiveFields>;

/** Timeline details name their values freely; these keys are masked wherever they appear. */
export const timelineSensitiveKeys: SensitiveFields = {
  phone: 'phone',
  mobile: 'mobile',
  email: 'email',
  idNumber: 'idCard',
  contactPhone: 'phone',
  contactMobile: 'mobile',
  contactEmail: 'email',
};
