CREATE TABLE "reservation_deposits" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reservation_deposits_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"occupancy_id" bigint NOT NULL,
	"customer_id" bigint NOT NULL,
	"space_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"amount" numeric(16, 2) NOT NULL,
	"received_on" date NOT NULL,
	"on_signing" text NOT NULL,
	"on_withdrawal" text NOT NULL,
	"terms" text NOT NULL,
	"status" text DEFAULT 'held' NOT NULL,
	"contract_id" bigint,
	"settled_at" timestamp with time zone,
	"settled_by_id" integer,
	"settle_note" text,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "reservation_deposits_occupancy_key" ON "reservation_deposits" USING btree ("occupancy_id");--> statement-breakpoint
CREATE INDEX "reservation_deposits_customer_idx" ON "reservation_deposits" USING btree ("customer_id","status");--> statement-breakpoint
CREATE INDEX "reservation_deposits_contract_idx" ON "reservation_deposits" USING btree ("contract_id");