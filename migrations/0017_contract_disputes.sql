CREATE TABLE "contract_disputes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "contract_disputes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"contract_id" bigint NOT NULL,
	"customer_id" bigint NOT NULL,
	"opened_on" date NOT NULL,
	"parties" text NOT NULL,
	"claim" text NOT NULL,
	"claim_amount" numeric(16, 2),
	"legal_opinion" text,
	"measures" text,
	"status" text DEFAULT 'open' NOT NULL,
	"outcome" text,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by_id" integer
);
--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "renewal_decision" text;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "renewal_decision_note" text;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "renewal_decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "renewal_decided_by_id" integer;--> statement-breakpoint
CREATE INDEX "contract_disputes_contract_idx" ON "contract_disputes" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "contract_disputes_open_customer_idx" ON "contract_disputes" USING btree ("customer_id") WHERE status = 'open';