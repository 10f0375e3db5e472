CREATE TABLE "contract_copies" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "contract_copies_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"contract_id" bigint NOT NULL,
	"receiver_id" integer NOT NULL,
	"purpose" text NOT NULL,
	"handed_on" date NOT NULL,
	"handed_by_id" integer NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contract_seal_uses" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "contract_seal_uses_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"contract_id" bigint NOT NULL,
	"used_on" date NOT NULL,
	"document" text NOT NULL,
	"copies" integer NOT NULL,
	"purpose" text,
	"keeper_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "archive_number" text;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "archive_location" text;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "contract_copies_contract_idx" ON "contract_copies" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "contract_copies_receiver_idx" ON "contract_copies" USING btree ("receiver_id");--> statement-breakpoint
CREATE INDEX "contract_seal_uses_contract_idx" ON "contract_seal_uses" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "contract_seal_uses_used_idx" ON "contract_seal_uses" USING btree ("used_on","id");