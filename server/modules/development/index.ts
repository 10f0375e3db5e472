// The development module's front door: what other modules may use. Everything else under
// modules/development is private to it.

// 报备 and exclusive rights (R-DEV-02): later modules (contracts, events) refuse work on a
// customer someone else holds, with the same Chinese reason.
export { assertNoExclusiveRight, exclusiveRightError, exclusiveRightOf, type ExclusiveRight } from './registrations/exclusive-right';

// A valid follow-up (visit, call, reception) keeps a customer owned (R-DEV-11); service and
// event modules record theirs through this.
export { recordValidFollowUp } from './follow-up';

// Shapes of the opportunity API, for the web app (type-only imports).
export type {
  Board,
  BoardColumn,
  CreateOpportunityInput,
  CustomerIntent,
  Funnel,
  FunnelGroup,
  FunnelStage,
  IntentLevel,
  MoveStageInput,
  Opportunity,
  OpportunityDetail,
  OpportunityStatus,
  StageChange,
  UpdateOpportunityInput,
} from './opportunities/opportunities.schema';
