CREATE TABLE "bill_lines" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "bill_lines_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"bill_id" bigint NOT NULL,
	"customer_id" bigint NOT NULL,
	"contract_id" bigint,
	"schedule_line_id" bigint,
	"period" integer,
	"item" text NOT NULL,
	"kind" text NOT NULL,
	"line_start" date,
	"line_end" date,
	"due_date" date NOT NULL,
	"amount" numeric(16, 2) NOT NULL,
	"explanation" text NOT NULL,
	"active" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "bill_lines_kind" CHECK ("bill_lines"."kind" IN ('schedule', 'adjustment'))
);
--> statement-breakpoint
CREATE TABLE "billing_runs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "billing_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"period" text NOT NULL,
	"status" text NOT NULL,
	"customers_total" integer DEFAULT 0 NOT NULL,
	"customers_done" integer DEFAULT 0 NOT NULL,
	"bills_issued" integer DEFAULT 0 NOT NULL,
	"amount" numeric(16, 2) DEFAULT '0' NOT NULL,
	"error" text,
	"started_by_id" integer,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "billing_runs_status" CHECK ("billing_runs"."status" IN ('running', 'succeeded', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "bills" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "bills_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"number" text NOT NULL,
	"customer_id" bigint NOT NULL,
	"period" text NOT NULL,
	"run_id" bigint,
	"issue_date" date NOT NULL,
	"due_date" date NOT NULL,
	"total" numeric(16, 2) NOT NULL,
	"paid" numeric(16, 2) DEFAULT '0' NOT NULL,
	"written_off" numeric(16, 2) DEFAULT '0' NOT NULL,
	"status" text NOT NULL,
	"void_reason" text,
	"voided_on" date,
	"voided_by_id" integer,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "bills_status" CHECK ("bills"."status" IN ('issued', 'void')),
	CONSTRAINT "bills_paid_range" CHECK ("bills"."paid" >= 0 AND "bills"."written_off" >= 0 AND "bills"."paid" + "bills"."written_off" <= GREATEST("bills"."total", 0))
);
--> statement-breakpoint
CREATE TABLE "receipt_allocations" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "receipt_allocations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"receipt_id" bigint NOT NULL,
	"bill_id" bigint NOT NULL,
	"customer_id" bigint NOT NULL,
	"amount" numeric(16, 2) NOT NULL,
	"allocated_on" date NOT NULL,
	"reversed_on" date,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "receipt_allocations_amount" CHECK ("receipt_allocations"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "receipt_handovers" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "receipt_handovers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"customer_id" bigint NOT NULL,
	"method" text NOT NULL,
	"amount" numeric(16, 2) NOT NULL,
	"collected_on" date NOT NULL,
	"reference" text,
	"note" text,
	"status" text NOT NULL,
	"collected_by_id" integer NOT NULL,
	"decided_by_id" integer,
	"decided_at" timestamp with time zone,
	"reject_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "receipt_handovers_status" CHECK ("receipt_handovers"."status" IN ('pending', 'confirmed', 'rejected')),
	CONSTRAINT "receipt_handovers_method" CHECK ("receipt_handovers"."method" IN ('cash', 'cheque', 'transfer')),
	CONSTRAINT "receipt_handovers_amount" CHECK ("receipt_handovers"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "receipts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "receipts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"number" text NOT NULL,
	"customer_id" bigint NOT NULL,
	"method" text NOT NULL,
	"amount" numeric(16, 2) NOT NULL,
	"allocated" numeric(16, 2) DEFAULT '0' NOT NULL,
	"received_on" date NOT NULL,
	"reference" text,
	"note" text,
	"status" text NOT NULL,
	"reversed_on" date,
	"reverse_reason" text,
	"handover_id" bigint,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "receipts_status" CHECK ("receipts"."status" IN ('recorded', 'reversed')),
	CONSTRAINT "receipts_method" CHECK ("receipts"."method" IN ('transfer', 'cash', 'cheque', 'deposit_offset')),
	CONSTRAINT "receipts_amounts" CHECK ("receipts"."amount" > 0 AND "receipts"."allocated" >= 0 AND "receipts"."allocated" <= "receipts"."amount")
);
--> statement-breakpoint
CREATE INDEX "bill_lines_bill_idx" ON "bill_lines" USING btree ("bill_id");--> statement-breakpoint
CREATE INDEX "bill_lines_contract_idx" ON "bill_lines" USING btree ("contract_id","period","item");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_runs_running_key" ON "billing_runs" USING btree ("period") WHERE status = 'running';--> statement-breakpoint
CREATE UNIQUE INDEX "bills_number_key" ON "bills" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "bills_customer_period_key" ON "bills" USING btree ("customer_id","period") WHERE status = 'issued';--> statement-breakpoint
CREATE INDEX "bills_customer_idx" ON "bills" USING btree ("customer_id","due_date");--> statement-breakpoint
CREATE INDEX "bills_period_idx" ON "bills" USING btree ("period");--> statement-breakpoint
CREATE INDEX "receipt_allocations_receipt_idx" ON "receipt_allocations" USING btree ("receipt_id");--> statement-breakpoint
CREATE INDEX "receipt_allocations_bill_idx" ON "receipt_allocations" USING btree ("bill_id");--> statement-breakpoint
CREATE INDEX "receipt_handovers_status_idx" ON "receipt_handovers" USING btree ("status","collected_on");--> statement-breakpoint
CREATE UNIQUE INDEX "receipts_number_key" ON "receipts" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "receipts_handover_key" ON "receipts" USING btree ("handover_id");--> statement-breakpoint
CREATE INDEX "receipts_customer_idx" ON "receipts" USING btree ("customer_id","received_on");