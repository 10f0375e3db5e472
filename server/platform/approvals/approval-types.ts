import { localized, requestLanguage } from '../http/request-language';
import { conditionFields, describeCondition, parseCondition, type ConditionField } from './approval-conditions';
import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import type { Actor, RequestContext } from '../access/access';
import type { Clock } from '../clock';
import type { AppConfig } from '../config';
import type { DbOrTx, Tx } from '../db/client';
import { numericRecordId } from '../files/record-access';
import type { ApprovalInstanceRow } from './approvals.queries';
import type { ApproverType } from './approvals.schema';
import { approvalFlows, type FlowStepDef } from './approvals.table';

// Business types of the approval engine (R-PLT-20). The engine knows no business of its own:
// every type, with its default flow, is declared by the module that owns the records, in the
// module's manifest, and installed when the application starts.

/**
 * What a business callback gets besides the transaction. There is deliberately no `db`: every
 * write must go through `tx` so it commits or rolls back together with the decision.
 */
export interface ApprovalCallbackDeps {
  clock: Clock;
  config: AppConfig;
  log: FastifyBaseLogger;
  /** Who made the final decision (or withdrew), for the business module's own audit records. */
  ctx: RequestContext;
}

type ApprovalCallback = (tx: Tx, instance: ApprovalInstanceRow, deps: ApprovalCallbackDeps) => Promise<void>;

/** The flow seeded for a type on an empty database; administrators may edit it afterwards (R-PLT-21). */
export interface DefaultFlow {
  name: string;
  description: string;
  steps: FlowStepDef[];
}

export interface ApprovalTypeDefinition {
  /** Business type code, e.g. `contract_review`; one flow definition per type. */
  type: string;
  /** Chinese name shown in lists, e.g. 合同草案审核. */
  name: string;
  /** English name, e.g. Contract draft review. */
  nameEn?: string;
  /**
   * Seeded once when missing; never overwrites an administrator's edits. Without one, an
   * administrator must set up the flow before the first request can be submitted.
   */
  defaultFlow?: DefaultFlow;
  /**
   * Fields of the request data that flow conditions may use, with their names; conditions are
   * shown in words from them and a condition naming another field is refused.
   */
  conditionFields?: ConditionField[];
  /** Validates the request `data` on submit and on resubmit with changed data. */
  dataSchema?: z.ZodType<Record<string, unknown>>;
  /** The whole flow completed: move the business record on (e.g. contract → 待签署). Same transaction. */
  onApproved: ApprovalCallback;
  /** Rejected: put the business record back to its previous state. Same transaction. */
  onRejected: ApprovalCallback;
  /** Withdrawn by the applicant; defaults to `onRejected`. */
  onWithdrawn?: ApprovalCallback;
  /** Returned for revision (the record usually goes back to draft). */
  onReturned?: ApprovalCallback;
  /** Resubmitted after a return, possibly with changed `data`. */
  onResubmitted?: ApprovalCallback;
  /** One-line summary and in-app link of the business record, shown with the instance. */
  describe?: (instance: ApprovalInstanceRow) => { summary?: string; link?: string };
  /**
   * Lets readers of the business record (by the module's own data scope) see its approvals.
   * Without it, an instance is visible to its applicant, its approvers and administrators.
   */
  canView?: (db: DbOrTx, actor: Actor, businessId: string) => Promise<boolean>;
}

const registry = new Map<string, ApprovalTypeDefinition>();

/** Installs a business type; called by the module installer from the manifests, once per type. */
export function registerApprovalType(definition: ApprovalTypeDefinition): void {
  const existing = registry.get(definition.type);
  if (existing && existing !== definition) throw new Error(`approval type ${definition.type} is already registered`);
  registry.set(definition.type, definition);
}

export function getApprovalType(type: string): ApprovalTypeDefinition | undefined {
  return registry.get(type);
}

export function isRegisteredApprovalType(type: string): boolean {
  return registry.has(type);
}

export function businessTypeName(type: string): string {
  const definition = registry.get(type);
  return definition ? localized(definition.name, definition.nameEn) : type;
}

export interface KnownBusinessType {
  type: string;
  name: string;
  registered: boolean;
  conditionFields: { key: string; label: string; format: ConditionField['format'] }[];
}

export function knownBusinessTypes(): KnownBusinessType[] {
  return [...registry.values()].map((definition) => ({
    type: definition.type,
    name: localized(definition.name, definition.nameEn),
    registered: true,
    conditionFields: (definition.conditionFields ?? []).map((field) => ({ key: field.key, label: localized(field.label, field.labelEn), format: field.format })),
  }));
}

/** A step condition in words, in the request's language (「预算合计 > 100,000 元」). */
export function conditionText(type: string, condition: string): string {
  return describeCondition(condition, registry.get(type)?.conditionFields ?? [], requestLanguage() === 'en');
}

/**
 * Fields a condition names that the type does not offer; empty when the type declares no
 * condition fields (nothing to check against) or all are known.
 */
export function unknownConditionFields(type: string, condition: string): { unknown: string[]; offered: ConditionField[] } {
  const offered = registry.get(type)?.conditionFields ?? [];
  if (offered.length === 0) return { unknown: [], offered };
  const keys = new Set(offered.map((field) => field.key));
  return { unknown: conditionFields(parseCondition(condition)).filter((field) => !keys.has(field)), offered };
}

/** A step of a default flow: `flowStep('法务审核', 'legal')`, optionally with a condition. */
export const flowStep = (name: string, approverType: ApproverType, condition?: string): FlowStepDef =>
  condition ? { name, approverType, condition } : { name, approverType };

/**
 * Seeds the default flow of every installed type that has none; never overwrites an admin's
 * edits. Safe to run at every start and from several instances at once.
 */
export async function ensureDefaultFlows(db: DbOrTx, clock: Clock): Promise<void> {
  const now = clock.now();
  const flows = [...registry.values()].flatMap((definition) =>
    definition.defaultFlow ? [{ businessType: definition.type, ...definition.defaultFlow, createdAt: now, updatedAt: now }] : [],
  );
  if (flows.length === 0) return;
  await db.insert(approvalFlows).values(flows).onConflictDoNothing({ target: approvalFlows.businessType });
}

/** The numeric record id an approval is about (a customer, a registration…), or null. */
export const numericBusinessId = (instance: ApprovalInstanceRow): number | null => numericRecordId(instance.businessId, Number.MAX_SAFE_INTEGER);
