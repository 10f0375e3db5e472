import { contribute, type ModuleManifest } from '../../platform/manifests/manifest';
import { contractAmendedHandlers, contractEffectiveHandlers, contractEndedHandlers, executionFiguresSources } from '../leasing';
import { scheduleRoutes } from './schedule/schedule.routes';
import { cutScheduleOnEnd, generateScheduleOnEffect, rescheduleOnAmendment, scheduleExecutionFigures } from './schedule/schedule.service';
import * as scheduleTables from './schedule/schedule.table';

/**
 * 账单、收款与信用 (05-billing-credit). So far: the billing schedule of a contract (R-BIL-02),
 * computed from its price terms alone and stored when the contract takes effect.
 */
export const billingModule: ModuleManifest = {
  key: 'billing',
  name: '账单与收款',
  tables: { ...scheduleTables },
  routes: [scheduleRoutes],
  contributions: [contribute(contractEffectiveHandlers, generateScheduleOnEffect), contribute(contractEndedHandlers, cutScheduleOnEnd), contribute(contractAmendedHandlers, rescheduleOnAmendment), contribute(executionFiguresSources, scheduleExecutionFigures)],
};
