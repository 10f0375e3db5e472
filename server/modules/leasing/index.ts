// The leasing module's front door: what other modules may use. Everything else under
// modules/leasing is private to it.

// Holding units (R-LEA-02): contracts, renewals and amendments take their leases through this,
// inside their own transaction; the database refuses a second hold of a unit on the same day.
export { holdUnits, occupiedError, withOccupancyRefusal, type HoldInput } from './spaces/occupancy.service';

// Shapes of the spaces API, for the web app (type-only imports).
export type { Occupancy, Occupant, SpaceDetail, UnitStatus, UnitSummary } from './spaces/spaces.schema';

// Contracts (R-LEA-10…14): billing contributes a handler that builds the schedule when a
// contract takes effect (R-BIL-02), in the signing transaction.
export {
  contractAmendedHandlers,
  contractEffectiveHandlers,
  contractEndedHandlers,
  type ContractAmendedHandler,
  type ContractEffectiveEvent,
  type ContractEffectiveHandler,
  type ContractEndedHandler,
} from './contracts/contract-lifecycle.service';
export type { ContractTerms, ChargeTerm } from './contracts/contract-terms';
export type { ContractDetail, ContractSummary, ContractVersion, ContractStatus, ContractType } from './contracts/contracts.schema';
export type { Amendment, AmendmentBody } from './contracts/amendments.schema';
export type { MoveIn } from './contracts/move-in.service';
export type { Deposit } from './contracts/deposits.service';
export type { ContractArchive } from './contracts/archive.service';
export type { ExecutionReport, Milestone } from './contracts/milestones.service';

// Amendments (R-LEA-30): the terms in force from each applied amendment's date, which billing
// recomputes the schedule from (R-BIL-02).
export { contractTermSegments, type ContractTermSegment } from './contracts/amendment-state';

/** A contract the actor may read (404 otherwise), with what billing computes from. */
export { contractById, contractForBilling, contractLateFeeRules, contractRebateRules, contractNumbersOf, customersWithRebateRules, type BillingContract, type ContractRow } from './contracts/contracts.queries';

// Return visits (R-SVC-20): the service module plans visits per contract in force.
export { contractsInForce } from './contracts/contracts.queries';

// Move-in (R-LEA-33): the credit module says which customers buy on credit (keys without waiting
// for finance's confirmation of the first payment).
export { customerCreditChecks, type CustomerCreditCheck } from './contracts/move-in.service';
// R-BIL-12: billing refuses more space to a customer on credit hold.
export { contractCreditGuards, type ContractCreditGuard, type CreditCheck } from './contracts/credit-guard';

// Execution report (R-LEA-24): billing contributes the billed and paid figures of a contract.
export { executionFiguresSources, type ExecutionFigures, type ExecutionFiguresSource } from './contracts/milestones.service';

// Breaches (R-LEA-22): billing opens one for arrears beyond two months (R-BIL-11).
export { insertBreach, type CreateBreachBody } from './contracts/breaches.service';

// Revenue leakage (R-BIL-13): occupied units without a contract in force, rents below list price.
export { rentsBelowListPrice, unitsOccupiedWithoutContract, type BelowListPrice, type OccupiedWithoutContract } from './contracts/leakage-facts';
