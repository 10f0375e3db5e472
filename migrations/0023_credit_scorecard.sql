CREATE TABLE "credit_measures" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "credit_measures_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"customer_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"description" text NOT NULL,
	"amount" numeric(14, 2),
	"valid_to" date,
	"status" text NOT NULL,
	"approval_id" bigint,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"decided_on" date,
	CONSTRAINT "credit_measures_status" CHECK ("credit_measures"."status" IN ('pending', 'approved', 'rejected', 'withdrawn')),
	CONSTRAINT "credit_measures_kind" CHECK ("credit_measures"."kind" IN ('guarantor', 'joint_guarantee', 'collateral', 'higher_deposit', 'notarised', 'reduced_supply', 'offset', 'payment_in_kind', 'limit_increase'))
);
--> statement-breakpoint
CREATE TABLE "credit_ratings" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "credit_ratings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"customer_id" bigint NOT NULL,
	"scorecard_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"scores" jsonb NOT NULL,
	"total_score" numeric(5, 2) NOT NULL,
	"rating" text NOT NULL,
	"previous_rating" text,
	"basis" text NOT NULL,
	"behaviour" jsonb NOT NULL,
	"rated_on" date NOT NULL,
	"next_review_on" date NOT NULL,
	"urgent" boolean DEFAULT false NOT NULL,
	"rated_by_id" integer,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "credit_ratings_kind" CHECK ("credit_ratings"."kind" IN ('review', 'auto')),
	CONSTRAINT "credit_ratings_rating" CHECK ("credit_ratings"."rating" IN ('A', 'B', 'C', 'D'))
);
--> statement-breakpoint
CREATE TABLE "credit_scorecards" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "credit_scorecards_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"version" integer NOT NULL,
	"weights" jsonb NOT NULL,
	"thresholds" jsonb NOT NULL,
	"policies" jsonb NOT NULL,
	"note" text NOT NULL,
	"status" text NOT NULL,
	"approval_id" bigint,
	"created_by_id" integer,
	"created_at" timestamp with time zone NOT NULL,
	"activated_at" timestamp with time zone,
	CONSTRAINT "credit_scorecards_status" CHECK ("credit_scorecards"."status" IN ('pending', 'active', 'superseded', 'rejected', 'withdrawn'))
);
--> statement-breakpoint
CREATE INDEX "credit_measures_customer_idx" ON "credit_measures" USING btree ("customer_id","status");--> statement-breakpoint
CREATE INDEX "credit_ratings_customer_idx" ON "credit_ratings" USING btree ("customer_id","id");--> statement-breakpoint
CREATE INDEX "credit_ratings_review_idx" ON "credit_ratings" USING btree ("next_review_on");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_scorecards_version_key" ON "credit_scorecards" USING btree ("version");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_scorecards_one_active" ON "credit_scorecards" USING btree ("status") WHERE "credit_scorecards"."status" = 'active';