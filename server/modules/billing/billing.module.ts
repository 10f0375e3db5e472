import { contribute, type ModuleManifest } from '../../platform/manifests/manifest';
import { contractAmendedHandlers, contractCreditGuards, contractEffectiveHandlers, customerCreditChecks, contractEndedHandlers, executionFiguresSources } from '../leasing';
import { creditHoldGuard } from './arrears/credit-hold';
import { scheduleBillingDemo } from './billing.demo';
import { ARREARS_KIND, arrearsFollowUpJob } from './arrears/dunning';
import * as dunningTables from './arrears/dunning.table';
import { adjustmentsRoutes } from './adjustments/adjustments.routes';
import { refundApprovalType, writeOffApprovalType } from './adjustments/adjustments.service';
import * as adjustmentTables from './adjustments/adjustments.table';
import { monthlyBillingJob } from './bills/billing-run';
import { billsRoutes } from './bills/bills.routes';
import * as billTables from './bills/bills.table';
import { chargeSettingsRoutes } from './charges/charge-settings.routes';
import { ensureChargeSettings } from './charges/charge-settings.service';
import * as chargeTables from './charges/charge-settings.table';
import { receiptsRoutes } from './receipts/receipts.routes';
import * as receiptTables from './receipts/receipts.table';
import { scheduleRoutes } from './schedule/schedule.routes';
import { cutScheduleOnEnd, generateScheduleOnEffect, rescheduleOnAmendment, scheduleExecutionFigures } from './schedule/schedule.service';
import * as scheduleTables from './schedule/schedule.table';
import { ensureDiscountCeilings } from './discounts/ceilings.service';
import { discountsRoutes } from './discounts/discounts.routes';
import { DISCOUNT_FILED_KIND, discountApprovalType } from './discounts/discounts.service';
import * as discountTables from './discounts/discounts.table';
import { creditSecurityGuard, customerHasCredit } from './credit/credit-policy';
import { creditRoutes } from './credit/credit.routes';
import { depositsRoutes } from './deposits/deposits.routes';
import { depositRefundApprovalType } from './deposits/deposits.service';
import * as depositTables from './deposits/deposits.table';
import { measureApprovalType } from './credit/measures.service';
import { CREDIT_ALERT_KIND, creditReviewJob } from './credit/ratings.service';
import { ensureDefaultScorecard, scorecardApprovalType } from './credit/scorecard.service';
import * as creditTables from './credit/credit.table';
import { invoicesRoutes } from './invoices/invoices.routes';
import * as invoiceTables from './invoices/invoices.table';
import { statementsRoutes } from './statements/statements.routes';
import * as statementTables from './statements/statements.table';
import { usageRoutes } from './usage/usage.routes';
import * as usageTables from './usage/usage.table';

/**
 * 账单、收款与信用 (05-billing-credit). So far: the billing schedule of a contract (R-BIL-02),
 * monthly billing runs and bills (R-BIL-04), receipts with allocation, field hand-overs and
 * reversals (R-BIL-05, 06, 09), the customer account and reconciliation, ageing (R-BIL-10) and
 * the credit hold that leasing asks before more space is let (R-BIL-12), and credit ratings under
 * a versioned scorecard with their policies, reviews and measures (R-CRD-01…04).
 */
export const billingModule: ModuleManifest = {
  key: 'billing',
  name: '账单与收款',
  tables: { ...scheduleTables, ...billTables, ...receiptTables, ...chargeTables, ...usageTables, ...adjustmentTables, ...dunningTables, ...statementTables, ...invoiceTables, ...creditTables, ...discountTables, ...depositTables },
  routes: [scheduleRoutes, billsRoutes, receiptsRoutes, chargeSettingsRoutes, usageRoutes, adjustmentsRoutes, statementsRoutes, invoicesRoutes, creditRoutes, discountsRoutes, depositsRoutes],
  approvalTypes: [writeOffApprovalType, refundApprovalType, discountApprovalType, scorecardApprovalType, measureApprovalType, depositRefundApprovalType],
  sensitiveFields: { discount_request: { rate: 'rate' } },
  referenceData: async (db, clock) => {
    await ensureChargeSettings(db, clock);
    await ensureDefaultScorecard(db, clock);
    await ensureDiscountCeilings(db, clock);
  },
  demoData: scheduleBillingDemo,
  jobs: [monthlyBillingJob, arrearsFollowUpJob, creditReviewJob],
  notificationKinds: [
    { kind: 'receipt_reversed', label: '收款退票', labelEn: 'Receipt returned unpaid' },
    { kind: ARREARS_KIND, label: '欠费预警与催收', labelEn: 'Arrears reminders' },
    { kind: DISCOUNT_FILED_KIND, label: '优惠备案', labelEn: 'Discounts filed' },
    { kind: CREDIT_ALERT_KIND, label: '信用紧急报告', labelEn: 'Credit alerts' },
  ],
  contributions: [contribute(contractEffectiveHandlers, generateScheduleOnEffect), contribute(contractEndedHandlers, cutScheduleOnEnd), contribute(contractAmendedHandlers, rescheduleOnAmendment), contribute(executionFiguresSources, scheduleExecutionFigures), contribute(contractCreditGuards, creditHoldGuard), contribute(contractCreditGuards, creditSecurityGuard), contribute(customerCreditChecks, customerHasCredit)],
};
