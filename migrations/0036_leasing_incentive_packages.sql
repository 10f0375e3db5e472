CREATE TABLE "leasing_incentive_packages" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "leasing_incentive_packages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"project_id" bigint NOT NULL,
	"name" text NOT NULL,
	"free_months" integer NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"active" boolean DEFAULT true NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by_id" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "leasing_incentive_packages_months" CHECK ("leasing_incentive_packages"."free_months" BETWEEN 0 AND 24),
	CONSTRAINT "leasing_incentive_packages_range" CHECK ("leasing_incentive_packages"."valid_to" IS NULL OR "leasing_incentive_packages"."valid_to" >= "leasing_incentive_packages"."valid_from")
);
--> statement-breakpoint
CREATE INDEX "leasing_incentive_packages_project_idx" ON "leasing_incentive_packages" USING btree ("project_id");