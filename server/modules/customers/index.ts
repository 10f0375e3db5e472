// The customer module's front door: what other modules may use. Everything else under
// modules/customers is private to it (lint refuses deep imports from other modules).

// Data scope and reads (R-PLT-03): out-of-scope ids look exactly like missing ones.
export { canReadCustomer, customerScope, getVisibleCustomer, type CustomerRow } from './access';
export { customerNamesOf, findDuplicateCustomer, keyPersonBirthdaysOf } from './archive/archive.queries';

// Creating and editing customers through the archive's rules (查重, numbering, audit, timeline).
export {
  createCustomerBody,
  mobile,
  updateCustomerBody,
  uscc,
  type CreateCustomerBody,
  type UpdateCustomerBody,
} from './archive/archive.schema';
export {
  customerCreateError,
  insertPreparedCustomer,
  prepareCustomer,
  updateCustomer,
  type PreparedCustomer,
} from './archive/archive.service';
export { fictionalUscc, isValidUscc, MOBILE_PATTERN, normalizeMobile, normalizePhone, PHONE_PATTERN, toHalfWidth } from './archive/identifiers';
export { customerSearchKeys } from './search/keys';
export { customerIdsNamed } from './search/search.queries';

// Ownership (公海/私海, R-DEV-10…14): the only ways other modules change who owns a customer.
export {
  changeCustomerOwner,
  countCustomersOwnedBy,
  customerIdsOwnedBy,
  extendCustomerProtection,
  replaceCollaborator,
  setCustomerIntentLevel,
  touchCustomerFollowUp,
  type OwnerChangeInput,
  type OwnershipChangeKind,
} from './ownership';

// The customer's timeline (R-CUS-02): modules append their own events in their transaction.
export { addTimelineEvent, type TimelineEventInput } from './timeline';
// R-BIL-14: billing writes each customer's monthly revenue, which grading reads (R-CUS-21).
export { recordCustomerRevenue } from './grading/grading.service';

// Compliance gates other modules must pass (R-CUS-11 admission, R-CUS-40 blacklist).
export { assertCustomerAdmitted, canViewCustomerRecord } from './compliance/admission.service';
export { assertNotBlacklisted } from './compliance/blacklist.service';

// Merge (R-CUS-07): other modules contribute the steps that move their records.
export { customerMergeSteps, type MergeStepInput, type NamedMergeStep } from './lifecycle/merge.service';

/**
 * Tables other modules may read in joins (names, scope conditions, pool lists). Writes go
 * through the functions above; lint refuses `insert/update/delete` on another module's table.
 */
export { customerContacts, customerOwnershipChanges, customers, customerTimeline } from './customers.table';

// Shapes of the customer archive's API, for the web app (type-only imports; z.infer of the
// response schemas, z.input of the request schemas).
export type {
  Contact,
  ContactInput,
  CreateCustomerInput,
  Customer,
  CustomerKind,
  CustomerSummary,
  DecisionRole,
  KeyPerson,
  KeyPersonInput,
  ServiceMode,
  UpdateCustomerInput,
} from './archive/archive.schema';
