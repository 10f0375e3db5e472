import { useQuery } from '@tanstack/react-query';
import { api, ApiError, genericMessage, readCookie, type ProblemDetails } from '../../../app/api-client';

// Typed calls of the customer archive (客户档案). Other customer features reuse these. The shapes
// are the server's own schemas (type-only import), so the two cannot drift apart.
import type {
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
} from '../../../../../server/modules/customers';

export type { Contact, Customer, CustomerKind, CustomerSummary, DecisionRole, KeyPerson, ServiceMode };

export type ContactBody = ContactInput;
export type KeyPersonBody = KeyPersonInput;
export type CreateCustomerBody = CreateCustomerInput;
/** The editable fields; `version` is the one last seen, for optimistic locking (409 CONFLICT when stale). */
export type UpdateCustomerBody = UpdateCustomerInput;
/** The editable fields of the archive; null clears a value. */
export type CustomerFields = Omit<UpdateCustomerInput, 'version'>;

export interface TimelineEvent {
  id: number;
  occurredAt: string;
  type: string;
  title: string;
  detail: Record<string, unknown> | null;
  actorId: number | null;
  actorName: string | null;
  link: string | null;
  sourceType: string | null;
  sourceId: string | null;
}

export interface TimelinePage {
  items: TimelineEvent[];
  nextCursor: string | null;
}

/** What a 409 DUPLICATE says about the existing record; id/code only when the caller may see it. */
export interface ExistingCustomer {
  id?: number;
  code?: string;
  unitName?: string;
  name: string;
  ownerName: string | null;
  status: string;
  statusLabel: string;
}

/** A refused creation/rename (R-CUS-05) that points to the customer already on file. */
export class DuplicateCustomerError extends ApiError {
  readonly existing: ExistingCustomer | null;

  constructor(status: number, problem: ProblemDetails & { existing?: ExistingCustomer }) {
    super(status, problem, 'customers.archive.customerAlreadyExists');
    this.name = 'DuplicateCustomerError';
    this.existing = problem.existing ?? null;
  }
}

export function isDuplicateCustomerError(error: unknown): error is DuplicateCustomerError {
  return error instanceof DuplicateCustomerError;
}

/**
 * POST/PATCH of the archive. The shared client drops extra problem members, so this call reads
 * the problem itself to keep `existing` of a duplicate; every other failure goes through `api`
 * semantics (ApiError with field errors).
 */
async function writeCustomer<T>(method: 'POST' | 'PATCH', path: string, body: unknown): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Content-Type': 'application/json',
    'Accept-Language': document.documentElement.lang || 'zh-CN',
  };
  const token = readCookie('zs_csrf');
  if (token) headers['X-CSRF-Token'] = token;
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, { method, headers, credentials: 'same-origin', body: JSON.stringify(body) });
  } catch {
    throw new ApiError(0, {}, 'customers.archive.networkErrorCheckYourConnection');
  }
  if (response.ok) return (await response.json()) as T;
  let problem: ProblemDetails & { existing?: ExistingCustomer } = {};
  try {
    problem = (await response.json()) as typeof problem;
  } catch {
    // not JSON: the generic message below
  }
  if (problem.code === 'DUPLICATE') throw new DuplicateCustomerError(response.status, problem);
  if (response.status === 401) {
    // Let the shared client notice the lost session (it resets the app to the sign-in page).
    await api.get('/auth/me').catch(() => undefined);
  }
  throw new ApiError(response.status, problem, genericMessage(response.status));
}

export const customersQueryKey = ['customers'] as const;
export const customerQueryKey = (id: number) => ['customers', id] as const;

export function getCustomer(id: number): Promise<Customer> {
  return api.get(`/customers/${id}`);
}

export function createCustomer(body: CreateCustomerBody): Promise<Customer> {
  return writeCustomer('POST', '/customers', body);
}

export function updateCustomer(id: number, body: UpdateCustomerBody): Promise<Customer> {
  return writeCustomer('PATCH', `/customers/${id}`, body);
}

export function getCustomerTimeline(id: number, before?: string, limit = 20): Promise<TimelinePage> {
  return api.get(`/customers/${id}/timeline`, { before, limit });
}

export function listContacts(customerId: number): Promise<{ items: Contact[] }> {
  return api.get(`/customers/${customerId}/contacts`);
}

export function createContact(customerId: number, body: ContactBody): Promise<Contact> {
  return api.post(`/customers/${customerId}/contacts`, body);
}

export function updateContact(customerId: number, contactId: number, body: Partial<ContactBody>): Promise<Contact> {
  return api.patch(`/customers/${customerId}/contacts/${contactId}`, body);
}

export function deleteContact(customerId: number, contactId: number): Promise<void> {
  return api.delete(`/customers/${customerId}/contacts/${contactId}`);
}

export function listKeyPersons(customerId: number): Promise<{ items: KeyPerson[] }> {
  return api.get(`/customers/${customerId}/key-persons`);
}

export function createKeyPerson(customerId: number, body: KeyPersonBody): Promise<KeyPerson> {
  return api.post(`/customers/${customerId}/key-persons`, body);
}

export function updateKeyPerson(customerId: number, keyPersonId: number, body: Partial<KeyPersonBody>): Promise<KeyPerson> {
  return api.patch(`/customers/${customerId}/key-persons/${keyPersonId}`, body);
}

export function deleteKeyPerson(customerId: number, keyPersonId: number): Promise<void> {
  return api.delete(`/customers/${customerId}/key-persons/${keyPersonId}`);
}

/** The archive of one customer (detail page, edit form). */
export function useCustomer(id: number | undefined) {
  return useQuery({ queryKey: customerQueryKey(id ?? 0), queryFn: () => getCustomer(id!), enabled: Boolean(id) });
}

/** A value the server masked (138****5678, ******) must never be sent back as if it were real. */
export function isMasked(value: string | null | undefined): boolean {
  return typeof value === 'string' && /\*{3,}/.test(value);
}
