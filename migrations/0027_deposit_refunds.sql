CREATE TABLE "deposit_refund_stages" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "deposit_refund_stages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"refund_id" bigint NOT NULL,
	"contract_id" bigint NOT NULL,
	"customer_id" bigint NOT NULL,
	"seq" integer NOT NULL,
	"amount" numeric(16, 2) NOT NULL,
	"due_on" date NOT NULL,
	"status" text NOT NULL,
	"paid_on" date,
	"reference" text,
	"paid_by_id" integer,
	CONSTRAINT "deposit_refund_stages_status" CHECK ("deposit_refund_stages"."status" IN ('planned', 'scheduled', 'paid', 'cancelled')),
	CONSTRAINT "deposit_refund_stages_amount" CHECK ("deposit_refund_stages"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "deposit_refunds" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "deposit_refunds_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"contract_id" bigint NOT NULL,
	"customer_id" bigint NOT NULL,
	"held_at_request" numeric(16, 2) NOT NULL,
	"retained" numeric(16, 2) DEFAULT '0' NOT NULL,
	"retained_reason" text,
	"total" numeric(16, 2) NOT NULL,
	"payee" text NOT NULL,
	"status" text NOT NULL,
	"approval_id" bigint,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"decided_on" date,
	CONSTRAINT "deposit_refunds_status" CHECK ("deposit_refunds"."status" IN ('pending', 'approved', 'rejected', 'withdrawn')),
	CONSTRAINT "deposit_refunds_amounts" CHECK ("deposit_refunds"."total" > 0 AND "deposit_refunds"."retained" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "deposit_refund_stages_key" ON "deposit_refund_stages" USING btree ("refund_id","seq");--> statement-breakpoint
CREATE INDEX "deposit_refund_stages_customer_idx" ON "deposit_refund_stages" USING btree ("customer_id","status");--> statement-breakpoint
CREATE INDEX "deposit_refunds_contract_idx" ON "deposit_refunds" USING btree ("contract_id","status");