CREATE TABLE "bill_write_offs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "bill_write_offs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"bill_id" bigint NOT NULL,
	"customer_id" bigint NOT NULL,
	"amount" numeric(16, 2) NOT NULL,
	"reason" text NOT NULL,
	"status" text NOT NULL,
	"approval_id" bigint,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"decided_on" date,
	CONSTRAINT "bill_write_offs_status" CHECK ("bill_write_offs"."status" IN ('pending', 'approved', 'rejected', 'withdrawn')),
	CONSTRAINT "bill_write_offs_amount" CHECK ("bill_write_offs"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "credit_refunds" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "credit_refunds_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"customer_id" bigint NOT NULL,
	"amount" numeric(16, 2) NOT NULL,
	"reason" text NOT NULL,
	"payee" text NOT NULL,
	"status" text NOT NULL,
	"approval_id" bigint,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"decided_on" date,
	CONSTRAINT "credit_refunds_status" CHECK ("credit_refunds"."status" IN ('pending', 'approved', 'rejected', 'withdrawn')),
	CONSTRAINT "credit_refunds_amount" CHECK ("credit_refunds"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "dunning_steps" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "dunning_steps_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"bill_id" bigint NOT NULL,
	"step" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "dunning_steps_step" CHECK ("dunning_steps"."step" IN ('reminder', 'owner', 'manager', 'legal'))
);
--> statement-breakpoint
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
	CONSTRAINT "bill_lines_kind" CHECK ("bill_lines"."kind" IN ('schedule', 'adjustment', 'usage', 'late_fee'))
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
CREATE TABLE "late_fee_accruals" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "late_fee_accruals_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"source_bill_id" bigint NOT NULL,
	"customer_id" bigint NOT NULL,
	"bill_id" bigint NOT NULL,
	"accrued_to" date NOT NULL,
	"days_late" integer NOT NULL,
	"amount" numeric(16, 2) NOT NULL,
	"active" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing_charge_settings" (
	"item" text PRIMARY KEY NOT NULL,
	"tax_rate" numeric(6, 4) NOT NULL,
	"revenue" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credit_investigations" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "credit_investigations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"customer_id" bigint NOT NULL,
	"channel" text NOT NULL,
	"investigated_on" date NOT NULL,
	"source" text NOT NULL,
	"findings" text NOT NULL,
	"assessment" text NOT NULL,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "credit_investigations_channel" CHECK ("credit_investigations"."channel" IN ('bank', 'registry', 'industry', 'internal', 'site_visit')),
	CONSTRAINT "credit_investigations_assessment" CHECK ("credit_investigations"."assessment" IN ('good', 'fair', 'poor'))
);
--> statement-breakpoint
CREATE TABLE "payment_profiles" (
	"customer_id" bigint PRIMARY KEY NOT NULL,
	"attitude" text NOT NULL,
	"money_controller" text,
	"bank_relationships" text,
	"note" text,
	"updated_by_id" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "discount_requests" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "discount_requests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"customer_id" bigint NOT NULL,
	"contract_id" bigint,
	"kind" text NOT NULL,
	"rate" numeric(6, 4),
	"amount" numeric(16, 2),
	"items" jsonb NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date NOT NULL,
	"reason" text NOT NULL,
	"status" text NOT NULL,
	"approval_id" bigint,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"decided_on" date,
	CONSTRAINT "discount_requests_kind" CHECK (("discount_requests"."kind" = 'rate' AND "discount_requests"."rate" > 0 AND "discount_requests"."rate" < 1) OR ("discount_requests"."kind" = 'amount' AND "discount_requests"."amount" > 0)),
	CONSTRAINT "discount_requests_status" CHECK ("discount_requests"."status" IN ('pending', 'approved', 'rejected', 'withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "invoice_bills" (
	"invoice_id" bigint NOT NULL,
	"bill_id" bigint NOT NULL,
	"amount" numeric(16, 2) NOT NULL,
	"active" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "invoice_bills_invoice_id_bill_id_pk" PRIMARY KEY("invoice_id","bill_id")
);
--> statement-breakpoint
CREATE TABLE "invoice_profiles" (
	"customer_id" bigint PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"tax_number" text,
	"bank_name" text,
	"bank_account" text,
	"address" text,
	"phone" text,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "invoices_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"customer_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"tax_number" text,
	"amount" numeric(16, 2) NOT NULL,
	"tax" numeric(16, 2) NOT NULL,
	"status" text NOT NULL,
	"invoice_number" text,
	"invoice_date" date,
	"picked_up_by" text,
	"picked_up_at" timestamp with time zone,
	"cancel_reason" text,
	"requested_by_id" integer NOT NULL,
	"issued_by_id" integer,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "invoices_kind" CHECK ("invoices"."kind" IN ('special', 'normal')),
	CONSTRAINT "invoices_status" CHECK ("invoices"."status" IN ('requested', 'issued', 'cancelled'))
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
	"refunded" numeric(16, 2) DEFAULT '0' NOT NULL,
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
	CONSTRAINT "receipts_amounts" CHECK ("receipts"."amount" > 0 AND "receipts"."allocated" >= 0 AND "receipts"."refunded" >= 0 AND "receipts"."allocated" + "receipts"."refunded" <= "receipts"."amount")
);
--> statement-breakpoint
CREATE TABLE "account_statements" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "account_statements_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"customer_id" bigint NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date NOT NULL,
	"opening" numeric(16, 2) NOT NULL,
	"closing" numeric(16, 2) NOT NULL,
	"status" text NOT NULL,
	"response" text,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"responded_at" timestamp with time zone,
	CONSTRAINT "account_statements_status" CHECK ("account_statements"."status" IN ('sent', 'confirmed', 'disputed'))
);
--> statement-breakpoint
CREATE TABLE "usage_charges" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "usage_charges_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"customer_id" bigint NOT NULL,
	"contract_id" bigint,
	"item" text NOT NULL,
	"period" text NOT NULL,
	"meter_code" text,
	"previous_reading" numeric(16, 2),
	"current_reading" numeric(16, 2),
	"multiplier" numeric(10, 4),
	"quantity" numeric(16, 4) NOT NULL,
	"unit_price" numeric(16, 4) NOT NULL,
	"amount" numeric(16, 2) NOT NULL,
	"explanation" text NOT NULL,
	"status" text NOT NULL,
	"bill_id" bigint,
	"void_reason" text,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "usage_charges_status" CHECK ("usage_charges"."status" IN ('pending', 'billed', 'void')),
	CONSTRAINT "usage_charges_quantity" CHECK ("usage_charges"."quantity" >= 0 AND "usage_charges"."unit_price" >= 0)
);
--> statement-breakpoint
CREATE INDEX "bill_write_offs_bill_idx" ON "bill_write_offs" USING btree ("bill_id");--> statement-breakpoint
CREATE INDEX "credit_refunds_customer_idx" ON "credit_refunds" USING btree ("customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "dunning_steps_key" ON "dunning_steps" USING btree ("bill_id","step");--> statement-breakpoint
CREATE INDEX "bill_lines_bill_idx" ON "bill_lines" USING btree ("bill_id");--> statement-breakpoint
CREATE INDEX "bill_lines_contract_idx" ON "bill_lines" USING btree ("contract_id","period","item");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_runs_running_key" ON "billing_runs" USING btree ("period") WHERE status = 'running';--> statement-breakpoint
CREATE UNIQUE INDEX "bills_number_key" ON "bills" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "bills_customer_period_key" ON "bills" USING btree ("customer_id","period") WHERE status = 'issued';--> statement-breakpoint
CREATE INDEX "bills_customer_idx" ON "bills" USING btree ("customer_id","due_date");--> statement-breakpoint
CREATE INDEX "bills_period_idx" ON "bills" USING btree ("period");--> statement-breakpoint
CREATE INDEX "late_fee_accruals_source_idx" ON "late_fee_accruals" USING btree ("source_bill_id");--> statement-breakpoint
CREATE INDEX "late_fee_accruals_bill_idx" ON "late_fee_accruals" USING btree ("bill_id");--> statement-breakpoint
CREATE INDEX "credit_investigations_customer_idx" ON "credit_investigations" USING btree ("customer_id","investigated_on");--> statement-breakpoint
CREATE INDEX "discount_requests_customer_idx" ON "discount_requests" USING btree ("customer_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_bills_active_key" ON "invoice_bills" USING btree ("bill_id") WHERE active = 1;--> statement-breakpoint
CREATE INDEX "invoices_customer_idx" ON "invoices" USING btree ("customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_number_key" ON "invoices" USING btree ("invoice_number") WHERE invoice_number IS NOT NULL;--> statement-breakpoint
CREATE INDEX "receipt_allocations_receipt_idx" ON "receipt_allocations" USING btree ("receipt_id");--> statement-breakpoint
CREATE INDEX "receipt_allocations_bill_idx" ON "receipt_allocations" USING btree ("bill_id");--> statement-breakpoint
CREATE INDEX "receipt_handovers_status_idx" ON "receipt_handovers" USING btree ("status","collected_on");--> statement-breakpoint
CREATE UNIQUE INDEX "receipts_number_key" ON "receipts" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "receipts_handover_key" ON "receipts" USING btree ("handover_id");--> statement-breakpoint
CREATE INDEX "receipts_customer_idx" ON "receipts" USING btree ("customer_id","received_on");--> statement-breakpoint
CREATE INDEX "account_statements_customer_idx" ON "account_statements" USING btree ("customer_id","to_date");--> statement-breakpoint
CREATE INDEX "usage_charges_customer_idx" ON "usage_charges" USING btree ("customer_id","status","period");--> statement-breakpoint
CREATE UNIQUE INDEX "usage_charges_meter_key" ON "usage_charges" USING btree ("customer_id","meter_code","period") WHERE meter_code IS NOT NULL AND status <> 'void';