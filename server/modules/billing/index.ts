// The billing module's front door: what other modules and the web app may use.

// The schedule engine (R-BIL-02), pure: the same contract terms always give the same lines.
export { buildSchedule, dueDateOf, periodsOf, yearlyPrices, type ScheduleContract, type ScheduleLine } from './schedule/billing-schedule';
export type { Schedule } from './schedule/schedule.service';
export type { Allocation, Bill, BillDetail, BillingRun } from './bills/bills.schema';
export type { CustomerAccount, Handover, Receipt, ReceiptDetail, ReceiptMethod } from './receipts/receipts.schema';
export type { Ageing } from './arrears/ageing.service';

// R-SVC-03: a chargeable service confirmed by the customer goes on the next bill.
export { addServiceCharge } from './usage/usage.service';
