CREATE TABLE "contract_templates" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "contract_templates_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name" text NOT NULL,
	"contract_type" text NOT NULL,
	"version" integer NOT NULL,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"placeholders" text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"note" text,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contract_units" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "contract_units_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"contract_id" bigint NOT NULL,
	"space_id" bigint NOT NULL,
	"full_code" text NOT NULL,
	"area" numeric(12, 2) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contract_versions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "contract_versions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"contract_id" bigint NOT NULL,
	"version" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"note" text,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "contracts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"number" text NOT NULL,
	"customer_id" bigint NOT NULL,
	"contract_type" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"title" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"terms" jsonb NOT NULL,
	"total_area" numeric(14, 2) NOT NULL,
	"estimated_amount" numeric(16, 2) NOT NULL,
	"discount_rate" numeric(7, 4) DEFAULT '0' NOT NULL,
	"signing_party" text NOT NULL,
	"our_signatory" text,
	"customer_signatory" text,
	"safety_agreement" boolean DEFAULT true NOT NULL,
	"special_terms" text,
	"template_id" bigint,
	"template_version" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"owner_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"approval_id" bigint,
	"review_comment" text,
	"signed_date" date,
	"effective_date" date,
	"signed_scan_id" bigint,
	"finance_due_date" date,
	"handed_to_finance_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"end_reason" text,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "contract_templates_code_version_key" ON "contract_templates" USING btree ("code","version");--> statement-breakpoint
CREATE UNIQUE INDEX "contract_units_contract_space_key" ON "contract_units" USING btree ("contract_id","space_id");--> statement-breakpoint
CREATE INDEX "contract_units_space_idx" ON "contract_units" USING btree ("space_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contract_versions_contract_version_key" ON "contract_versions" USING btree ("contract_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "contracts_number_key" ON "contracts" USING btree ("number");--> statement-breakpoint
CREATE INDEX "contracts_customer_idx" ON "contracts" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "contracts_owner_idx" ON "contracts" USING btree ("owner_id","status");--> statement-breakpoint
CREATE INDEX "contracts_unit_idx" ON "contracts" USING btree ("unit_id","status");--> statement-breakpoint
CREATE INDEX "contracts_end_idx" ON "contracts" USING btree ("end_date") WHERE status IN ('effective', 'changing');--> statement-breakpoint
CREATE INDEX "contracts_created_idx" ON "contracts" USING btree ("created_at","id");