CREATE TABLE "contract_milestones" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "contract_milestones_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"contract_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"due_date" date NOT NULL,
	"owner_id" integer NOT NULL,
	"remind_days" integer DEFAULT 7 NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"note" text,
	"done_at" timestamp with time zone,
	"done_by_id" integer,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "contract_milestones_contract_idx" ON "contract_milestones" USING btree ("contract_id","due_date");--> statement-breakpoint
CREATE INDEX "contract_milestones_open_due_idx" ON "contract_milestones" USING btree ("status","due_date");