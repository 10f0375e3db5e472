CREATE TABLE "service_survey_invitations" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_survey_invitations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"survey_id" bigint NOT NULL,
	"customer_id" bigint NOT NULL,
	"unit_id" integer NOT NULL,
	"contact_name" text,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"sent_by_id" integer NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"answers" jsonb,
	"answered_at" timestamp with time zone,
	"answered_via" text,
	"answered_by_id" integer,
	CONSTRAINT "service_survey_invitations_via" CHECK ("service_survey_invitations"."answered_via" IS NULL OR "service_survey_invitations"."answered_via" IN ('link', 'staff'))
);
--> statement-breakpoint
CREATE TABLE "service_surveys" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_surveys_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"title" text NOT NULL,
	"description" text,
	"questions" jsonb NOT NULL,
	"status" text NOT NULL,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "service_surveys_status" CHECK ("service_surveys"."status" IN ('draft', 'active', 'closed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "service_survey_invitations_token_key" ON "service_survey_invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "service_survey_invitations_survey_idx" ON "service_survey_invitations" USING btree ("survey_id","unit_id");