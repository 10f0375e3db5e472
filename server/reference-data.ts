import { ensureCustomerComplianceData } from './modules/customers/customer-admission.service';
import { ensureCustomerGradingData } from './modules/customers/customer-grading.service';
import { ensureDevelopmentData } from './modules/development/development-data';
import type { Clock } from './platform/clock';
import type { Db } from './platform/db/client';
import { ensurePlatformData } from './platform/seed/platform-data';

/**
 * Reference data of the platform and every module (roles, flows, number rules, dictionaries,
 * grading tiers…). Idempotent; runs at every start, in `db:seed` and in every test database.
 */
export async function ensureReferenceData(db: Db, clock: Clock): Promise<void> {
  await ensurePlatformData(db, clock);
  await ensureCustomerComplianceData(db, clock);
  await ensureCustomerGradingData(db);
  await ensureDevelopmentData(db, clock);
}
