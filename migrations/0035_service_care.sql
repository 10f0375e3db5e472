CREATE TABLE "service_care_actions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_care_actions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"customer_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"plan_key" text NOT NULL,
	"title" text NOT NULL,
	"occasion_date" date NOT NULL,
	"key_person_id" bigint,
	"owner_id" integer,
	"status" text NOT NULL,
	"gift" text,
	"budget" numeric(12, 2),
	"budget_status" text DEFAULT 'none' NOT NULL,
	"approval_id" integer,
	"actual_cost" numeric(12, 2),
	"outcome" text,
	"needs" text,
	"done_at" timestamp with time zone,
	"done_by_id" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "service_care_actions_kind" CHECK ("service_care_actions"."kind" IN ('birthday', 'festival', 'december', 'new_business')),
	CONSTRAINT "service_care_actions_status" CHECK ("service_care_actions"."status" IN ('planned', 'done', 'skipped')),
	CONSTRAINT "service_care_actions_budget_status" CHECK ("service_care_actions"."budget_status" IN ('none', 'pending', 'approved', 'rejected')),
	CONSTRAINT "service_care_actions_money" CHECK (("service_care_actions"."budget" IS NULL OR "service_care_actions"."budget" > 0) AND ("service_care_actions"."actual_cost" IS NULL OR "service_care_actions"."actual_cost" >= 0))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "service_care_actions_plan_key" ON "service_care_actions" USING btree ("plan_key");--> statement-breakpoint
CREATE INDEX "service_care_actions_date_idx" ON "service_care_actions" USING btree ("occasion_date");--> statement-breakpoint
CREATE INDEX "service_care_actions_customer_idx" ON "service_care_actions" USING btree ("customer_id","occasion_date");