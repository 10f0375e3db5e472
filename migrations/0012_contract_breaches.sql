CREATE TABLE "contract_breaches" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "contract_breaches_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"contract_id" bigint NOT NULL,
	"customer_id" bigint NOT NULL,
	"breach_type" text NOT NULL,
	"occurred_on" date NOT NULL,
	"description" text NOT NULL,
	"amount" numeric(16, 2),
	"measures" text[] NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"result" text,
	"rule_key" text,
	"created_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by_id" integer
);
--> statement-breakpoint
CREATE INDEX "contract_breaches_contract_idx" ON "contract_breaches" USING btree ("contract_id","occurred_on");