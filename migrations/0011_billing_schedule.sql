CREATE TABLE "billing_schedule_lines" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "billing_schedule_lines_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"contract_id" bigint NOT NULL,
	"customer_id" bigint NOT NULL,
	"period" integer NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"due_date" date NOT NULL,
	"item" text NOT NULL,
	"basis" text NOT NULL,
	"line_start" date NOT NULL,
	"line_end" date NOT NULL,
	"unit_price" numeric(16, 4) NOT NULL,
	"billed_days" integer NOT NULL,
	"free_days" integer NOT NULL,
	"months" text,
	"amount" numeric(16, 2) NOT NULL,
	"explanation" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "billing_schedule_lines_key" ON "billing_schedule_lines" USING btree ("contract_id","period","item","line_start");--> statement-breakpoint
CREATE INDEX "billing_schedule_lines_due_idx" ON "billing_schedule_lines" USING btree ("due_date");--> statement-breakpoint
CREATE INDEX "billing_schedule_lines_customer_idx" ON "billing_schedule_lines" USING btree ("customer_id","due_date");