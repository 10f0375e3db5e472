import { billingModule } from './modules/billing/billing.module';
import { serviceModule } from './modules/service/service.module';
import { customersModule } from './modules/customers/customers.module';
import { developmentModule } from './modules/development/development.module';
import { leasingModule } from './modules/leasing/leasing.module';
import type { Clock } from './platform/clock';
import type { Db } from './platform/db/client';
import { ensureReferenceData } from './platform/manifests/install';
import type { ModuleManifest } from './platform/manifests/manifest';
import { platformModule } from './platform/platform.module';

/**
 * The application: the platform and every business module, in dependency order. Routes, jobs,
 * approval types, hand-over steps, attachment record types, reference data, the schema index and
 * the demo story are all derived from this list; a new module adds one line.
 */
export const appModules: readonly ModuleManifest[] = [platformModule, customersModule, developmentModule, leasingModule, billingModule, serviceModule];

/** Reference data of every module (idempotent): at every start, in `db:seed` and in test databases. */
export function ensureAppReferenceData(db: Db, clock: Clock): Promise<void> {
  return ensureReferenceData(appModules, db, clock);
}
