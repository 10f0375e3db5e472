CREATE TABLE "contract_move_in_items" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "contract_move_in_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"contract_id" bigint NOT NULL,
	"code" text NOT NULL,
	"owner_id" integer NOT NULL,
	"due_date" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"note" text,
	"done_at" timestamp with time zone,
	"done_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contract_payment_confirmations" (
	"contract_id" bigint PRIMARY KEY NOT NULL,
	"note" text,
	"confirmed_by_id" integer NOT NULL,
	"confirmed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "contract_move_in_items_key" ON "contract_move_in_items" USING btree ("contract_id","code");--> statement-breakpoint
CREATE INDEX "contract_move_in_items_owner_idx" ON "contract_move_in_items" USING btree ("owner_id","status");