CREATE TABLE "contract_ledger_reports" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "contract_ledger_reports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"quarter" text NOT NULL,
	"version" integer NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date NOT NULL,
	"sha256" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"contracts" integer NOT NULL,
	"created_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "contract_ledger_reports_quarter_version_key" ON "contract_ledger_reports" USING btree ("quarter","version");