CREATE TABLE "discount_ceilings" (
	"grade" text PRIMARY KEY NOT NULL,
	"unit_rate" numeric(6, 4) NOT NULL,
	"unit_amount" numeric(16, 2) NOT NULL,
	"next_rate" numeric(6, 4) NOT NULL,
	"next_amount" numeric(16, 2) NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "discount_requests" ADD COLUMN "level" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
-- The discount flow's conditions move from fixed rate/amount limits to the level computed from the
-- customer's grade; a flow an administrator has changed is left as it is.
UPDATE "approval_flows" SET
  "steps" = '[{"name":"部门经理审批","approverType":"unit_manager"},{"name":"上级部门负责人审批","approverType":"parent_unit_manager","condition":"level >= 2"},{"name":"总经理审批","approverType":"gm","condition":"level >= 3"}]'::jsonb,
  "description" = '按客户等级的优惠权限：部门标准范围内部门经理批准；超出的加上级部门负责人；超出上级权限的加总经理。'
WHERE "business_type" = 'discount_request'
  AND "steps" = '[{"name":"部门经理审批","approverType":"unit_manager"},{"name":"上级部门负责人审批","approverType":"parent_unit_manager","condition":"rate > 5% or amount > 20000"},{"name":"总经理审批","approverType":"gm","condition":"rate > 10% or amount > 100000"}]'::jsonb;
