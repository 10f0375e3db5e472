CREATE TABLE "space_occupancies" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "space_occupancies_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"space_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"customer_id" bigint NOT NULL,
	"opportunity_id" bigint,
	"contract_id" bigint,
	"reference" text NOT NULL,
	"note" text,
	"created_by_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"released_at" timestamp with time zone,
	"released_by_id" integer,
	"release_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "spaces" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "spaces_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"parent_id" bigint,
	"level" text NOT NULL,
	"path" text NOT NULL,
	"code" text NOT NULL,
	"full_code" text NOT NULL,
	"name" text NOT NULL,
	"unit_type" text,
	"gross_area" numeric(12, 2),
	"usable_area" numeric(12, 2),
	"floor_load" numeric(8, 2),
	"ceiling_height" numeric(6, 2),
	"facilities" text[] DEFAULT '{}'::text[] NOT NULL,
	"list_rent" numeric(12, 2),
	"rent_basis" text,
	"condition" text DEFAULT 'available' NOT NULL,
	"retired" boolean DEFAULT false NOT NULL,
	"retired_at" timestamp with time zone,
	"successor_ids" bigint[] DEFAULT '{}'::bigint[] NOT NULL,
	"predecessor_ids" bigint[] DEFAULT '{}'::bigint[] NOT NULL,
	"available_from" date NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "space_occupancies_space_idx" ON "space_occupancies" USING btree ("space_id","start_date");--> statement-breakpoint
CREATE INDEX "space_occupancies_customer_idx" ON "space_occupancies" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "space_occupancies_open_reservations_idx" ON "space_occupancies" USING btree ("end_date") WHERE kind = 'reservation' AND released_at IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "spaces_sibling_code_key" ON "spaces" USING btree (coalesce("parent_id", 0),"code");--> statement-breakpoint
CREATE INDEX "spaces_parent_idx" ON "spaces" USING btree ("parent_id","sort_order");--> statement-breakpoint
CREATE INDEX "spaces_path_idx" ON "spaces" USING btree ("path" text_pattern_ops);--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS btree_gist;--> statement-breakpoint
ALTER TABLE "space_occupancies" ADD CONSTRAINT "space_occupancies_dates_check" CHECK ("end_date" >= "start_date");--> statement-breakpoint
ALTER TABLE "space_occupancies" ADD CONSTRAINT "space_occupancies_no_overlap" EXCLUDE USING gist ("space_id" WITH =, daterange("start_date", "end_date", '[]') WITH &&) WHERE ("released_at" IS NULL);--> statement-breakpoint
ALTER TABLE "spaces" ADD CONSTRAINT "spaces_areas_check" CHECK (coalesce("gross_area", 0) >= 0 AND coalesce("usable_area", 0) >= 0 AND coalesce("list_rent", 0) >= 0);
