CREATE TABLE "customer_ownership_changes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "customer_ownership_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"customer_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"from_user_id" integer,
	"to_user_id" integer,
	"from_unit_id" integer,
	"to_unit_id" integer,
	"reason" text,
	"actor_id" integer,
	"source_type" text,
	"source_id" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "opportunities" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "opportunities_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"number" text NOT NULL,
	"customer_id" bigint NOT NULL,
	"name" text NOT NULL,
	"owner_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"space_type_code" text,
	"area" numeric(12, 2),
	"budget" numeric(16, 2),
	"amount" numeric(16, 2),
	"probability" integer DEFAULT 10 NOT NULL,
	"expected_sign_date" date,
	"stage_code" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"intent_level" text DEFAULT 'C' NOT NULL,
	"lost_reason_code" text,
	"lost_note" text,
	"last_follow_up_at" timestamp with time zone,
	"stage_changed_at" timestamp with time zone NOT NULL,
	"stale" boolean DEFAULT false NOT NULL,
	"closed_at" timestamp with time zone,
	"note" text,
	"created_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "opportunity_stage_changes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "opportunity_stage_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"opportunity_id" bigint NOT NULL,
	"customer_id" bigint NOT NULL,
	"from_stage" text,
	"to_stage" text NOT NULL,
	"forward" boolean NOT NULL,
	"owner_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"actor_id" integer,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customer_transfers" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "customer_transfers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"customer_id" bigint NOT NULL,
	"from_user_id" integer,
	"to_user_id" integer NOT NULL,
	"from_unit_id" integer NOT NULL,
	"to_unit_id" integer NOT NULL,
	"kind" text NOT NULL,
	"reason" text NOT NULL,
	"status" text NOT NULL,
	"direct" boolean DEFAULT false NOT NULL,
	"approval_id" bigint,
	"requested_by_id" integer NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "development_project_budget_items" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "development_project_budget_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"project_id" bigint NOT NULL,
	"category" text NOT NULL,
	"amount" numeric(16, 2) NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "development_project_expenses" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "development_project_expenses_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"project_id" bigint NOT NULL,
	"budget_item_id" bigint NOT NULL,
	"amount" numeric(16, 2) NOT NULL,
	"spent_on" date NOT NULL,
	"pre_breakthrough" boolean NOT NULL,
	"note" text NOT NULL,
	"recorded_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "development_project_progress" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "development_project_progress_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"project_id" bigint NOT NULL,
	"reported_on" date NOT NULL,
	"content" text NOT NULL,
	"breakthrough" boolean DEFAULT false NOT NULL,
	"recorded_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "development_projects" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "development_projects_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"number" text NOT NULL,
	"customer_id" bigint NOT NULL,
	"name" text NOT NULL,
	"background" text NOT NULL,
	"expected_annual_volume" numeric(16, 2) NOT NULL,
	"target" text,
	"owner_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"approval_id" bigint,
	"approved_at" timestamp with time zone,
	"pre_breakthrough_cap" numeric(16, 2) NOT NULL,
	"breakthrough_at" timestamp with time zone,
	"last_progress_at" timestamp with time zone,
	"flag" text,
	"review_required" boolean DEFAULT false NOT NULL,
	"report_required" boolean DEFAULT false NOT NULL,
	"report_text" text,
	"report_submitted_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"close_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reception_records" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reception_records_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"unit_id" integer NOT NULL,
	"kind" text NOT NULL,
	"time_in" timestamp with time zone NOT NULL,
	"time_out" timestamp with time zone,
	"customer_id" bigint,
	"prospect_name" text,
	"contact_name" text,
	"contact_phone" text,
	"companions" integer DEFAULT 0 NOT NULL,
	"space_type_code" text,
	"area" numeric(12, 2),
	"source_code" text,
	"summary" text,
	"receiver_id" integer NOT NULL,
	"assignment" text NOT NULL,
	"named_specialist_id" integer,
	"site_tour" boolean DEFAULT false NOT NULL,
	"converted_customer_id" bigint,
	"created_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reception_rotation_members" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reception_rotation_members_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"unit_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"position" integer NOT NULL,
	"available" boolean DEFAULT true NOT NULL,
	"owed_turns" integer DEFAULT 0 NOT NULL,
	"last_assigned_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "reception_rotation_state" (
	"unit_id" integer PRIMARY KEY NOT NULL,
	"last_position" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "development_registrations" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "development_registrations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"number" text NOT NULL,
	"customer_id" bigint NOT NULL,
	"owner_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"intended_business" text NOT NULL,
	"plan" text NOT NULL,
	"expected_value" numeric(16, 2),
	"status" text NOT NULL,
	"approval_id" bigint,
	"submitted_at" timestamp with time zone NOT NULL,
	"approved_at" timestamp with time zone,
	"exclusive_until" timestamp with time zone,
	"extended_at" timestamp with time zone,
	"extended_by_id" integer,
	"ended_at" timestamp with time zone,
	"end_reason" text,
	"created_customer" boolean DEFAULT false NOT NULL,
	"took_ownership" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "development_settings" (
	"unit_id" integer PRIMARY KEY NOT NULL,
	"exclusive_days" integer NOT NULL,
	"protection_days" integer NOT NULL,
	"release_days" integer NOT NULL,
	"release_warning_days" integer NOT NULL,
	"owner_limits" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"default_owner_limit" integer NOT NULL,
	"opportunity_follow_up_days" integer NOT NULL,
	"visit_report_days" integer NOT NULL,
	"visit_report_workdays" boolean DEFAULT false NOT NULL,
	"visits_without_progress" integer NOT NULL,
	"project_pre_breakthrough_cap" numeric(16, 2) NOT NULL,
	"project_over_budget_rate" numeric(6, 4) NOT NULL,
	"updated_by_id" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visit_plan_items" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "visit_plan_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"plan_id" bigint NOT NULL,
	"customer_id" bigint NOT NULL,
	"planned_date" date NOT NULL,
	"purpose" text NOT NULL,
	"visit_id" bigint,
	"status" text DEFAULT 'planned' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visit_plans" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "visit_plans_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"month" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"submitted_at" timestamp with time zone,
	"late_submission" boolean DEFAULT false NOT NULL,
	"approval_id" bigint,
	"approved_at" timestamp with time zone,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visit_records" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "visit_records_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"customer_id" bigint NOT NULL,
	"contact_id" bigint,
	"opportunity_id" bigint,
	"plan_item_id" bigint,
	"user_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"visit_date" date NOT NULL,
	"method" text NOT NULL,
	"participants" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"content" text NOT NULL,
	"feedback" text,
	"next_step" text,
	"next_date" date,
	"valid" boolean DEFAULT true NOT NULL,
	"progress" boolean DEFAULT false NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	"report_due_date" date NOT NULL,
	"late" boolean DEFAULT false NOT NULL,
	"review_comment" text,
	"reviewed_by_id" integer,
	"reviewed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visit_removal_proposals" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "visit_removal_proposals_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"customer_id" bigint NOT NULL,
	"user_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"visit_count" integer NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"decided_by_id" integer,
	"decided_at" timestamp with time zone,
	"note" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "owned_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "protected_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "last_follow_up_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "released_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "previous_owner_id" integer;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "intent_level" text;--> statement-breakpoint
CREATE INDEX "customer_ownership_changes_customer_idx" ON "customer_ownership_changes" USING btree ("customer_id","at");--> statement-breakpoint
CREATE INDEX "customer_ownership_changes_to_idx" ON "customer_ownership_changes" USING btree ("to_user_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "opportunities_number_key" ON "opportunities" USING btree ("number");--> statement-breakpoint
CREATE INDEX "opportunities_customer_idx" ON "opportunities" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "opportunities_owner_idx" ON "opportunities" USING btree ("owner_id","status");--> statement-breakpoint
CREATE INDEX "opportunities_unit_idx" ON "opportunities" USING btree ("unit_id","status");--> statement-breakpoint
CREATE INDEX "opportunities_stage_idx" ON "opportunities" USING btree ("stage_code","updated_at");--> statement-breakpoint
CREATE INDEX "opportunities_open_follow_up_idx" ON "opportunities" USING btree ("last_follow_up_at") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "opportunity_stage_changes_opp_idx" ON "opportunity_stage_changes" USING btree ("opportunity_id","at");--> statement-breakpoint
CREATE INDEX "opportunity_stage_changes_customer_idx" ON "opportunity_stage_changes" USING btree ("customer_id","at");--> statement-breakpoint
CREATE INDEX "opportunity_stage_changes_at_idx" ON "opportunity_stage_changes" USING btree ("at");--> statement-breakpoint
CREATE INDEX "customer_transfers_customer_idx" ON "customer_transfers" USING btree ("customer_id","requested_at");--> statement-breakpoint
CREATE INDEX "customer_transfers_status_idx" ON "customer_transfers" USING btree ("status","requested_at");--> statement-breakpoint
CREATE UNIQUE INDEX "customer_transfers_pending_key" ON "customer_transfers" USING btree ("customer_id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "development_project_budget_items_project_idx" ON "development_project_budget_items" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "development_project_expenses_project_idx" ON "development_project_expenses" USING btree ("project_id","spent_on");--> statement-breakpoint
CREATE INDEX "development_project_progress_project_idx" ON "development_project_progress" USING btree ("project_id","reported_on");--> statement-breakpoint
CREATE UNIQUE INDEX "development_projects_number_key" ON "development_projects" USING btree ("number");--> statement-breakpoint
CREATE INDEX "development_projects_owner_idx" ON "development_projects" USING btree ("owner_id","status");--> statement-breakpoint
CREATE INDEX "development_projects_unit_idx" ON "development_projects" USING btree ("unit_id","status");--> statement-breakpoint
CREATE INDEX "development_projects_customer_idx" ON "development_projects" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "development_projects_active_idx" ON "development_projects" USING btree ("last_progress_at") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "reception_records_unit_idx" ON "reception_records" USING btree ("unit_id","time_in");--> statement-breakpoint
CREATE INDEX "reception_records_receiver_idx" ON "reception_records" USING btree ("receiver_id","time_in");--> statement-breakpoint
CREATE INDEX "reception_records_customer_idx" ON "reception_records" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "reception_records_phone_idx" ON "reception_records" USING btree ("contact_phone");--> statement-breakpoint
CREATE UNIQUE INDEX "reception_rotation_members_key" ON "reception_rotation_members" USING btree ("unit_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "development_registrations_number_key" ON "development_registrations" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "development_registrations_live_key" ON "development_registrations" USING btree ("customer_id") WHERE status IN ('pending', 'active');--> statement-breakpoint
CREATE INDEX "development_registrations_owner_idx" ON "development_registrations" USING btree ("owner_id","submitted_at");--> statement-breakpoint
CREATE INDEX "development_registrations_unit_idx" ON "development_registrations" USING btree ("unit_id","submitted_at");--> statement-breakpoint
CREATE INDEX "development_registrations_customer_idx" ON "development_registrations" USING btree ("customer_id","submitted_at");--> statement-breakpoint
CREATE INDEX "development_registrations_expiry_idx" ON "development_registrations" USING btree ("exclusive_until") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "visit_plan_items_plan_idx" ON "visit_plan_items" USING btree ("plan_id","planned_date");--> statement-breakpoint
CREATE INDEX "visit_plan_items_customer_idx" ON "visit_plan_items" USING btree ("customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "visit_plans_user_month_key" ON "visit_plans" USING btree ("user_id","month");--> statement-breakpoint
CREATE INDEX "visit_plans_unit_idx" ON "visit_plans" USING btree ("unit_id","month");--> statement-breakpoint
CREATE INDEX "visit_records_customer_idx" ON "visit_records" USING btree ("customer_id","visit_date");--> statement-breakpoint
CREATE INDEX "visit_records_user_idx" ON "visit_records" USING btree ("user_id","visit_date");--> statement-breakpoint
CREATE INDEX "visit_records_unit_idx" ON "visit_records" USING btree ("unit_id","visit_date");--> statement-breakpoint
CREATE INDEX "visit_records_opportunity_idx" ON "visit_records" USING btree ("opportunity_id") WHERE opportunity_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "visit_records_unreviewed_idx" ON "visit_records" USING btree ("unit_id","created_at") WHERE reviewed_at IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "visit_removal_proposals_open_key" ON "visit_removal_proposals" USING btree ("customer_id","user_id") WHERE status = 'proposed';--> statement-breakpoint
CREATE INDEX "visit_removal_proposals_unit_idx" ON "visit_removal_proposals" USING btree ("unit_id","status");--> statement-breakpoint
CREATE INDEX "customers_pool_idx" ON "customers" USING btree ("released_at","id") WHERE owner_id IS NULL AND merged_into_id IS NULL;--> statement-breakpoint
CREATE INDEX "customers_follow_up_idx" ON "customers" USING btree ("last_follow_up_at") WHERE owner_id IS NOT NULL;