import { eq } from 'drizzle-orm';
import { hasPermission, type Actor } from '../access/access';
import { approvalInstances } from '../approvals/approvals.table';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import { getVisibleOrgUnit } from '../org/org-units.service';
import { getUser } from '../org/users.service';

/**
 * Who may see and change the attachments of a business record (R-PLT-52). Each module that
 * owns records registers its type once; attachments of an unregistered type are refused.
 * Reading the attachments needs `canRead`; uploading and deleting need `canWrite`.
 */
export interface RecordAccess {
  /** Chinese name of the record type for messages, e.g. 「客户」. */
  label: string;
  canRead(deps: Deps, actor: Actor, recordId: string): Promise<boolean>;
  canWrite(deps: Deps, actor: Actor, recordId: string): Promise<boolean>;
  /** The customer a record belongs to, so its attachment events show on the customer's timeline. */
  customerIdOf?(deps: Deps, recordId: string): Promise<number | null>;
}

const registry = new Map<string, RecordAccess>();

export const RECORD_TYPE_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;

/** A record type with its access rules, as a manifest lists it. */
export interface RecordTypeRegistration {
  type: string;
  access: RecordAccess;
}

export function registerRecordType(type: string, access: RecordAccess): void {
  if (!RECORD_TYPE_PATTERN.test(type)) throw new Error(`record type "${type}" must match ${RECORD_TYPE_PATTERN}`);
  if (registry.has(type)) throw new Error(`record type "${type}" is already registered for attachments`);
  registry.set(type, access);
}

export function recordAccessOf(type: string): RecordAccess | undefined {
  return registry.get(type);
}

export function registeredRecordTypes(): string[] {
  return [...registry.keys()].sort();
}

/** Numeric record ids as stored in text; anything else is treated as a record that does not exist. */
export function numericRecordId(recordId: string, max = 2_147_483_647): number | null {
  if (!/^[1-9]\d{0,15}$/.test(recordId)) return null;
  const value = Number(recordId);
  return value <= max ? value : null;
}

/** True when `check` passes, false when it answers 404; any other failure propagates. */
async function visible(check: () => Promise<unknown>): Promise<boolean> {
  try {
    await check();
    return true;
  } catch (error) {
    if (error instanceof AppError && (error.code === 'NOT_FOUND' || error.code === 'VALIDATION_FAILED')) return false;
    throw error;
  }
}

// ── The platform's own record types ────────────────────────────────────────────

/** A user is visible under the actor's `org` scope (the rule of the user list, reused). */
async function userVisible(deps: Deps, actor: Actor, recordId: string): Promise<boolean> {
  const id = numericRecordId(recordId);
  if (id === null || !hasPermission(actor, 'user:read')) return false;
  return visible(() => getUser(deps, { actor }, id));
}

export const userRecordType: RecordTypeRegistration = { type: 'user', access: {
  label: '用户',
  canRead: (deps, actor, recordId) => userVisible(deps, actor, recordId),
  canWrite: async (deps, actor, recordId) => hasPermission(actor, 'user:manage') && userVisible(deps, actor, recordId),
} };

async function orgUnitVisible(deps: Deps, actor: Actor, recordId: string, permission: string): Promise<boolean> {
  const id = numericRecordId(recordId);
  if (id === null || !hasPermission(actor, permission)) return false;
  return visible(() => getVisibleOrgUnit(deps.db, actor, id));
}

export const orgUnitRecordType: RecordTypeRegistration = { type: 'org_unit', access: {
  label: '组织机构',
  canRead: (deps, actor, recordId) => orgUnitVisible(deps, actor, recordId, 'org:read'),
  canWrite: async (deps, actor, recordId) =>
    (await orgUnitVisible(deps, actor, recordId, 'org:read')) && hasPermission(actor, 'org:manage'),
} };

/** The applicant and every approver of any step of the instance. */
async function approvalParticipant(deps: Deps, actor: Actor, recordId: string): Promise<boolean> {
  const id = numericRecordId(recordId, Number.MAX_SAFE_INTEGER);
  if (id === null) return false;
  const [instance] = await deps.db
    .select({ applicantId: approvalInstances.applicantId, steps: approvalInstances.steps })
    .from(approvalInstances)
    .where(eq(approvalInstances.id, id));
  if (!instance) return false;
  if (instance.applicantId === actor.userId) return true;
  return (instance.steps ?? []).some((step) => Array.isArray(step.approverIds) && step.approverIds.includes(actor.userId));
}

export const approvalRecordType: RecordTypeRegistration = { type: 'approval', access: {
  label: '审批',
  canRead: approvalParticipant,
  canWrite: approvalParticipant,
} };
