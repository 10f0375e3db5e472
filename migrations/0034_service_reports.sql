CREATE TABLE "service_reports" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_reports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"sections" jsonb NOT NULL,
	"comments" text,
	"generated_at" timestamp with time zone NOT NULL,
	"generated_by_id" integer,
	CONSTRAINT "service_reports_kind" CHECK ("service_reports"."kind" IN ('weekly', 'monthly'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "service_reports_period" ON "service_reports" USING btree ("kind","period_start");