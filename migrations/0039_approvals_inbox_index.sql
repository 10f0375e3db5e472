-- 待我审批 at scale: the current step's approvers of pending instances, indexed by the exact
-- expression the inbox filters on (approvals.queries.ts awaitingUser).
CREATE INDEX "approval_instances_current_approvers_idx" ON "approval_instances" USING gin (("steps" -> "current_step" -> 'approverIds') jsonb_path_ops) WHERE "approval_instances"."status" = 'pending';