import { registerSensitiveFields } from '../access/masking';
import { registerFieldLabels } from '../http/field-labels';
import { ensureDefaultFlows, registerApprovalType } from '../approvals/approval-types';
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import { registerRecordType } from '../files/record-access';
import { registerJob } from '../jobs/jobs.registry';
import { registerNotificationKind } from '../notifications/notifications.service';
import { registerHandOverStep } from '../org/hand-over';
import { registerSelfEscalatingRule } from '../tasks/tasks.service';
import { addContribution, type ModuleManifest } from './manifest';

const installed = new WeakSet<ModuleManifest>();

/**
 * Puts what the manifests declare into the platform's registries: jobs, approval types,
 * hand-over steps, attachment record types, notification kinds and extension-point items.
 * Idempotent per manifest, so several apps in one process (tests, CLIs) can install the same list.
 */
export function installModules(manifests: readonly ModuleManifest[]): void {
  const keys = new Set<string>();
  for (const manifest of manifests) {
    if (keys.has(manifest.key)) throw new Error(`module ${manifest.key} is listed twice`);
    keys.add(manifest.key);
  }
  for (const manifest of manifests) {
    if (installed.has(manifest)) continue;
    for (const job of manifest.jobs ?? []) registerJob(job);
    for (const type of manifest.approvalTypes ?? []) registerApprovalType(type);
    for (const step of manifest.handOverSteps ?? []) registerHandOverStep(step);
    for (const { type, access } of manifest.recordTypes ?? []) registerRecordType(type, access);
    for (const { kind, label, labelEn } of manifest.notificationKinds ?? []) registerNotificationKind(kind, label, labelEn);
    for (const [entityType, fields] of Object.entries(manifest.sensitiveFields ?? {})) registerSensitiveFields(entityType, fields);
    registerFieldLabels(manifest.fieldLabels ?? {});
    for (const rule of manifest.selfEscalatingTaskRules ?? []) registerSelfEscalatingRule(rule);
    for (const contribution of manifest.contributions ?? []) addContribution(contribution);
    installed.add(manifest);
  }
}

/**
 * Reference data of every module (roles, number rules, dictionaries, default approval flows,
 * grading tiers…), in manifest order. Idempotent; runs at every start, in `db:seed` and in every
 * test database.
 */
export async function ensureReferenceData(manifests: readonly ModuleManifest[], db: Db, clock: Clock): Promise<void> {
  installModules(manifests);
  for (const manifest of manifests) await manifest.referenceData?.(db, clock);
  await ensureDefaultFlows(db, clock);
}
