CREATE TABLE "contract_terminations" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "contract_terminations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"contract_id" bigint NOT NULL,
	"requested_on" date NOT NULL,
	"termination_date" date NOT NULL,
	"reason" text NOT NULL,
	"negotiation_result" text NOT NULL,
	"rent_due" numeric(16, 2) NOT NULL,
	"penalty" numeric(16, 2) NOT NULL,
	"deposit_refund" numeric(16, 2) NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"approval_id" bigint,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "contract_terminations_contract_idx" ON "contract_terminations" USING btree ("contract_id");