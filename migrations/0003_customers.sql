-- Trigram indexes (similar names for 查重, pinyin search) need pg_trgm; PGlite ships it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TABLE "customer_blacklist_entries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "customer_blacklist_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"customer_id" bigint NOT NULL,
	"level" text NOT NULL,
	"unit_id" integer,
	"reason" text NOT NULL,
	"evidence" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"activated_at" timestamp with time zone,
	"removed_at" timestamp with time zone,
	"removal_reason" text
);
--> statement-breakpoint
CREATE TABLE "customer_contacts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "customer_contacts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"customer_id" bigint NOT NULL,
	"name" text NOT NULL,
	"title" text,
	"department" text,
	"mobile" text,
	"phone" text,
	"email" text,
	"decision_role" text,
	"is_primary" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customer_grade_changes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "customer_grade_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"customer_id" bigint NOT NULL,
	"from_grade" text,
	"to_grade" text,
	"reason" text NOT NULL,
	"method" text NOT NULL,
	"changed_by_id" integer,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customer_grade_tiers" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"min_annual_revenue" numeric(16, 2) NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customer_imports" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "customer_imports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"file_name" text NOT NULL,
	"status" text DEFAULT 'uploaded' NOT NULL,
	"total_rows" integer DEFAULT 0 NOT NULL,
	"valid_rows" integer DEFAULT 0 NOT NULL,
	"invalid_rows" integer DEFAULT 0 NOT NULL,
	"duplicate_rows" integer DEFAULT 0 NOT NULL,
	"imported_rows" integer DEFAULT 0 NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"preview" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "customer_key_persons" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "customer_key_persons_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"customer_id" bigint NOT NULL,
	"name" text NOT NULL,
	"position" text,
	"mobile" text,
	"birthday" date,
	"family" text,
	"home_address" text,
	"hobbies" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customer_qualifications" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "customer_qualifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"customer_id" bigint NOT NULL,
	"doc_type" text NOT NULL,
	"number" text,
	"valid_from" date,
	"valid_until" date,
	"attachment_id" bigint,
	"note" text,
	"created_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customer_revenue" (
	"customer_id" bigint NOT NULL,
	"month" date NOT NULL,
	"amount" numeric(16, 2) NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_revenue_customer_id_month_pk" PRIMARY KEY("customer_id","month")
);
--> statement-breakpoint
CREATE TABLE "customer_saved_views" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "customer_saved_views_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"name" text NOT NULL,
	"filters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"columns" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sort" text,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customer_timeline" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "customer_timeline_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"customer_id" bigint NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"type" text NOT NULL,
	"title" text NOT NULL,
	"detail" jsonb,
	"actor_id" integer,
	"link" text,
	"source_type" text,
	"source_id" text
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "customers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"kind" text DEFAULT 'organization' NOT NULL,
	"name" text NOT NULL,
	"short_name" text,
	"uscc" text,
	"id_number" text,
	"nature_code" text,
	"industry_code" text,
	"usage_codes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"legal_representative" text,
	"registered_capital" numeric(16, 2),
	"employees" integer,
	"main_products" text,
	"annual_output" numeric(16, 2),
	"reputation" text,
	"profitability" text,
	"website" text,
	"source_code" text,
	"province" text,
	"city" text,
	"district" text,
	"street" text,
	"postcode" text,
	"phone" text,
	"fax" text,
	"email" text,
	"owner_id" integer,
	"unit_id" integer NOT NULL,
	"service_mode" text DEFAULT 'account_manager' NOT NULL,
	"collaborator_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"value_code" text,
	"strategic_code" text,
	"lifecycle_code" text DEFAULT 'potential' NOT NULL,
	"tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"grade" text,
	"graded_at" timestamp with time zone,
	"admission_status" text DEFAULT 'none' NOT NULL,
	"admitted_at" timestamp with time zone,
	"blacklist_level" text,
	"blacklist_unit_id" integer,
	"lost_reason_code" text,
	"lost_competitor" text,
	"lost_note" text,
	"lost_at" timestamp with time zone,
	"verified_at" timestamp with time zone,
	"verified_by_id" integer,
	"normalized_name" text NOT NULL,
	"name_bigrams" text[] DEFAULT '{}'::text[] NOT NULL,
	"pinyin_full" text DEFAULT '' NOT NULL,
	"pinyin_initials" text DEFAULT '' NOT NULL,
	"merged_into_id" bigint,
	"created_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "unit_grading_settings" (
	"unit_id" integer PRIMARY KEY NOT NULL,
	"method" text DEFAULT 'revenue' NOT NULL,
	"coefficient" numeric(4, 2) DEFAULT '1.00' NOT NULL,
	"top_n" integer DEFAULT 100 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customer_contacts" ADD CONSTRAINT "customer_contacts_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_key_persons" ADD CONSTRAINT "customer_key_persons_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_blacklist_customer_idx" ON "customer_blacklist_entries" USING btree ("customer_id","status");--> statement-breakpoint
CREATE INDEX "customer_contacts_customer_idx" ON "customer_contacts" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "customer_contacts_mobile_idx" ON "customer_contacts" USING btree ("mobile");--> statement-breakpoint
CREATE INDEX "customer_contacts_name_idx" ON "customer_contacts" USING btree ("name");--> statement-breakpoint
CREATE INDEX "customer_grade_changes_customer_idx" ON "customer_grade_changes" USING btree ("customer_id","at");--> statement-breakpoint
CREATE INDEX "customer_imports_user_idx" ON "customer_imports" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "customer_key_persons_customer_idx" ON "customer_key_persons" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "customer_qualifications_customer_idx" ON "customer_qualifications" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "customer_qualifications_valid_idx" ON "customer_qualifications" USING btree ("valid_until");--> statement-breakpoint
CREATE INDEX "customer_saved_views_user_idx" ON "customer_saved_views" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "customer_timeline_customer_idx" ON "customer_timeline" USING btree ("customer_id","occurred_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "customers_code_key" ON "customers" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "customers_normalized_name_key" ON "customers" USING btree ("normalized_name") WHERE merged_into_id IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "customers_uscc_key" ON "customers" USING btree ("uscc") WHERE uscc IS NOT NULL AND merged_into_id IS NULL;--> statement-breakpoint
CREATE INDEX "customers_owner_idx" ON "customers" USING btree ("owner_id","updated_at");--> statement-breakpoint
CREATE INDEX "customers_unit_idx" ON "customers" USING btree ("unit_id","updated_at");--> statement-breakpoint
CREATE INDEX "customers_updated_idx" ON "customers" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "customers_bigrams_idx" ON "customers" USING gin ("name_bigrams");--> statement-breakpoint
CREATE INDEX "customers_pinyin_initials_idx" ON "customers" USING gin ("pinyin_initials" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customers_pinyin_full_idx" ON "customers" USING gin ("pinyin_full" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customers_normalized_trgm_idx" ON "customers" USING gin ("normalized_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customers_phone_idx" ON "customers" USING btree ("phone");