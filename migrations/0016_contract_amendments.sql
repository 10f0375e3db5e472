CREATE TABLE "contract_amendments" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "contract_amendments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"contract_id" bigint NOT NULL,
	"seq" integer NOT NULL,
	"kinds" text[] NOT NULL,
	"requested_on" date NOT NULL,
	"effective_date" date NOT NULL,
	"reason" text NOT NULL,
	"before" jsonb NOT NULL,
	"after" jsonb NOT NULL,
	"transfer_fee" numeric(16, 2),
	"summary" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"approval_id" bigint,
	"annex_scan_id" bigint,
	"signed_date" date,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"applied_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "space_occupancies" ADD COLUMN "amendment_id" bigint;--> statement-breakpoint
CREATE UNIQUE INDEX "contract_amendments_seq_key" ON "contract_amendments" USING btree ("contract_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "contract_amendments_open_key" ON "contract_amendments" USING btree ("contract_id") WHERE status IN ('pending', 'approved');--> statement-breakpoint
CREATE INDEX "contract_amendments_contract_idx" ON "contract_amendments" USING btree ("contract_id","effective_date");