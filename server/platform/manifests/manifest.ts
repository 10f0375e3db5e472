import type { SensitiveFields } from '../access/masking';
import type { ApprovalTypeDefinition } from '../approvals/approval-types';
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import type { Deps } from '../deps';
import type { RecordAccess } from '../files/record-access';
import type { AppInstance } from '../http/types';
import type { JobDefinition } from '../jobs/jobs.registry';
import type { HandOverStep } from '../org/hand-over';
import type { DemoStory } from '../seed/demo-story.types';

/** Registers a module's HTTP routes on the API scope. */
export type RouteModule = (app: AppInstance, deps: Deps) => void;

/**
 * A list that one module opens and other modules add to — e.g. the customer module's merge
 * steps, to which development adds "move the opportunities". Items arrive only through
 * manifests (`contributions`), never by importing a file for its side effect.
 */
export interface ExtensionPoint<T> {
  readonly key: string;
  items(): readonly T[];
}

export interface Contribution {
  point: ExtensionPoint<unknown>;
  item: unknown;
}

const contributed = new Map<string, unknown[]>();

export function extensionPoint<T>(key: string): ExtensionPoint<T> {
  return { key, items: () => (contributed.get(key) ?? []) as T[] };
}

export function contribute<T>(point: ExtensionPoint<T>, item: T): Contribution {
  return { point: point as ExtensionPoint<unknown>, item };
}

/** Called by the installer only. */
export function addContribution(contribution: Contribution): void {
  const list = contributed.get(contribution.point.key) ?? [];
  if (!list.includes(contribution.item)) list.push(contribution.item);
  contributed.set(contribution.point.key, list);
}

/**
 * What a module brings to the application, declared once in `<domain>.module.ts` (the platform
 * has one too). The application is the list of these manifests: routes, jobs, approval types,
 * hand-over steps, attachment record types, reference and demo data are all derived from it.
 */
export interface ModuleManifest {
  /** Stable key, e.g. `customers`. */
  key: string;
  /** Chinese name, e.g. 客户档案. */
  name: string;
  /** The module's Drizzle tables (the schema index; migrations are generated from them). */
  tables: Record<string, unknown>;
  routes: RouteModule[];
  jobs?: JobDefinition[];
  /** Business types of the approval engine with their default flows (R-PLT-20, 21). */
  approvalTypes?: ApprovalTypeDefinition[];
  /** What a departing user hands to a successor (R-PLT-05). */
  handOverSteps?: HandOverStep[];
  /** Record types that may carry attachments, with who may read and change them (R-PLT-52). */
  recordTypes?: { type: string; access: RecordAccess }[];
  /** Kinds of in-app notification the module sends, with their Chinese names. */
  notificationKinds?: { kind: string; label: string; labelEn?: string }[];
  /** Sensitive fields per record type (audit entity type), masked without sensitive:view (R-PLT-04). */
  sensitiveFields?: Record<string, SensitiveFields>;
  /** Chinese names of request fields, for validation messages (「统一社会信用代码：…」). */
  fieldLabels?: Record<string, string>;
  /**
   * Task rules whose overdue tasks the module escalates itself (e.g. complaints, whose managers
   * may have to be avoided): the generic escalation only reminds the assignee (R-PLT-30).
   */
  selfEscalatingTaskRules?: string[];
  /** Items for other modules' extension points. */
  contributions?: Contribution[];
  /** Reference data every installation needs (idempotent; never overwrites an admin's edits). */
  referenceData?: (db: Db, clock: Clock) => Promise<void>;
  /** Demo business data, scheduled on the shared demo story (played in time order). */
  demoData?: (story: DemoStory) => void;
}
