CREATE TABLE "service_complaint_analyses" (
	"month" text PRIMARY KEY NOT NULL,
	"causes" text NOT NULL,
	"actions" text NOT NULL,
	"updated_by_id" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_complaint_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_complaint_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"complaint_id" bigint NOT NULL,
	"action" text NOT NULL,
	"note" text NOT NULL,
	"by_id" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_complaint_pauses" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_complaint_pauses_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"complaint_id" bigint NOT NULL,
	"reason" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"by_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_complaints" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_complaints_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"number" text NOT NULL,
	"kind" text NOT NULL,
	"source" text NOT NULL,
	"forwarded_by" text,
	"customer_id" bigint NOT NULL,
	"complainant_name" text NOT NULL,
	"contact_phone" text,
	"channel" text NOT NULL,
	"family" text NOT NULL,
	"subtype" text NOT NULL,
	"target_user_id" integer,
	"target_unit_id" integer,
	"facts" text NOT NULL,
	"event_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"taken_by_id" integer NOT NULL,
	"handler_id" integer NOT NULL,
	"investigator_id" integer,
	"avoid_user_ids" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"status" text NOT NULL,
	"plan" text,
	"plan_at" timestamp with time zone,
	"findings" text,
	"findings_at" timestamp with time zone,
	"validity" text,
	"severity" text,
	"criterion" text,
	"classification_note" text,
	"classified_at" timestamp with time zone,
	"meeting_at" timestamp with time zone,
	"meeting_attendees" text,
	"meeting_decision" text,
	"notify_authorities" boolean,
	"reply" text,
	"replied_at" timestamp with time zone,
	"satisfaction" text,
	"closed_at" timestamp with time zone,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"accountable_user_id" integer,
	"accountable_unit_id" integer,
	"accountability_measure" text,
	"plan_escalated_at" timestamp with time zone,
	"resolve_escalated_at" timestamp with time zone,
	"handed_over_to_id" integer,
	"handed_over_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "service_complaints_kind" CHECK ("service_complaints"."kind" IN ('complaint', 'grievance')),
	CONSTRAINT "service_complaints_source" CHECK ("service_complaints"."source" IN ('customer', 'regulator', 'association')),
	CONSTRAINT "service_complaints_status" CHECK ("service_complaints"."status" IN ('handling', 'waiting', 'replied', 'closed')),
	CONSTRAINT "service_complaints_family" CHECK ("service_complaints"."family" IN ('service', 'business')),
	CONSTRAINT "service_complaints_class" CHECK (("service_complaints"."validity" IS NULL AND "service_complaints"."severity" IS NULL) OR ("service_complaints"."validity" = 'valid' AND "service_complaints"."severity" IN ('general', 'serious')) OR ("service_complaints"."validity" = 'invalid' AND "service_complaints"."severity" IN ('general', 'malicious'))),
	CONSTRAINT "service_complaints_satisfaction" CHECK ("service_complaints"."satisfaction" IS NULL OR "service_complaints"."satisfaction" IN ('satisfied', 'dissatisfied'))
);
--> statement-breakpoint
CREATE TABLE "service_duty_roster" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_duty_roster_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"day" date NOT NULL,
	"user_id" integer NOT NULL,
	"note" text,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_settings" (
	"id" integer PRIMARY KEY NOT NULL,
	"avoid_manager_chain" boolean DEFAULT true NOT NULL,
	"return_visit_unit_id" integer,
	"updated_by_id" integer,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_return_visits" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_return_visits_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"customer_id" bigint NOT NULL,
	"contract_id" bigint,
	"kind" text NOT NULL,
	"plan_key" text NOT NULL,
	"purpose" text NOT NULL,
	"due_date" date NOT NULL,
	"unit_id" integer NOT NULL,
	"visitor_id" integer,
	"status" text NOT NULL,
	"visited_on" date,
	"method" text,
	"people" text,
	"business_situation" text,
	"scores" jsonb,
	"opinions" text,
	"expenses" numeric(12, 2),
	"follow_ups" jsonb,
	"report_due_on" date,
	"recorded_at" timestamp with time zone,
	"recorded_late" integer,
	"reviewed_by_id" integer,
	"reviewed_at" timestamp with time zone,
	"review_note" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "service_return_visits_kind" CHECK ("service_return_visits"."kind" IN ('contract', 'key_account', 'complaint', 'renewal')),
	CONSTRAINT "service_return_visits_status" CHECK ("service_return_visits"."status" IN ('planned', 'recorded', 'reviewed', 'cancelled')),
	CONSTRAINT "service_return_visits_method" CHECK ("service_return_visits"."method" IS NULL OR "service_return_visits"."method" IN ('visit', 'phone', 'video', 'other')),
	CONSTRAINT "service_return_visits_expenses" CHECK ("service_return_visits"."expenses" IS NULL OR "service_return_visits"."expenses" >= 0)
);
--> statement-breakpoint
CREATE INDEX "service_complaint_log_idx" ON "service_complaint_log" USING btree ("complaint_id","id");--> statement-breakpoint
CREATE INDEX "service_complaint_pauses_idx" ON "service_complaint_pauses" USING btree ("complaint_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "service_complaint_pauses_open_key" ON "service_complaint_pauses" USING btree ("complaint_id") WHERE "service_complaint_pauses"."ended_at" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "service_complaints_number_key" ON "service_complaints" USING btree ("number");--> statement-breakpoint
CREATE INDEX "service_complaints_received_idx" ON "service_complaints" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "service_complaints_handler_idx" ON "service_complaints" USING btree ("handler_id","status");--> statement-breakpoint
CREATE INDEX "service_complaints_customer_idx" ON "service_complaints" USING btree ("customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "service_duty_roster_key" ON "service_duty_roster" USING btree ("day","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "service_return_visits_plan_key" ON "service_return_visits" USING btree ("plan_key");--> statement-breakpoint
CREATE INDEX "service_return_visits_due_idx" ON "service_return_visits" USING btree ("unit_id","due_date");--> statement-breakpoint
CREATE INDEX "service_return_visits_customer_idx" ON "service_return_visits" USING btree ("customer_id","due_date");