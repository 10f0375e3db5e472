CREATE TABLE "service_incident_customers" (
	"incident_id" bigint NOT NULL,
	"customer_id" bigint NOT NULL,
	CONSTRAINT "service_incident_customers_incident_id_customer_id_pk" PRIMARY KEY("incident_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "service_incident_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_incident_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"incident_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"note" text NOT NULL,
	"expected_fix_at" timestamp with time zone,
	"told_at" timestamp with time zone,
	"channel" text,
	"executive_id" integer,
	"answer" text,
	"answered_at" timestamp with time zone,
	"by_id" integer,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "service_incident_log_kind" CHECK ("service_incident_log"."kind" IN ('recorded', 'delay', 'instruction', 'fixed', 'report', 'sent'))
);
--> statement-breakpoint
CREATE TABLE "service_incidents" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_incidents_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"number" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"unit_id" integer NOT NULL,
	"manager_id" integer NOT NULL,
	"status" text NOT NULL,
	"expected_fix_at" timestamp with time zone NOT NULL,
	"fixed_at" timestamp with time zone,
	"fix_summary" text,
	"report" jsonb,
	"report_sent_at" timestamp with time zone,
	"report_channel" text,
	"report_sent_by_id" integer,
	"notified_user_ids" integer[] NOT NULL,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "service_incidents_number_unique" UNIQUE("number"),
	CONSTRAINT "service_incidents_status" CHECK ("service_incidents"."status" IN ('open', 'fixed', 'closed')),
	CONSTRAINT "service_incidents_channel" CHECK ("service_incidents"."report_channel" IS NULL OR "service_incidents"."report_channel" IN ('email', 'letter', 'visit', 'other'))
);
--> statement-breakpoint
CREATE INDEX "service_incident_customers_customer_idx" ON "service_incident_customers" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "service_incident_log_incident_idx" ON "service_incident_log" USING btree ("incident_id","id");--> statement-breakpoint
CREATE INDEX "service_incidents_unit_idx" ON "service_incidents" USING btree ("unit_id","occurred_at");