CREATE TABLE "service_category_rules" (
	"category" text PRIMARY KEY NOT NULL,
	"unit_id" integer,
	"deadline_hours" integer NOT NULL,
	"key_account_deadline_hours" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_ticket_transfers" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_ticket_transfers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ticket_id" bigint NOT NULL,
	"from_id" integer NOT NULL,
	"to_id" integer NOT NULL,
	"reason" text NOT NULL,
	"by_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_tickets" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_tickets_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"number" text NOT NULL,
	"customer_id" bigint NOT NULL,
	"contact_name" text NOT NULL,
	"contact_phone" text,
	"channel" text NOT NULL,
	"category" text NOT NULL,
	"description" text NOT NULL,
	"priority" text NOT NULL,
	"status" text NOT NULL,
	"owner_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"taken_by_id" integer NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"key_account" boolean DEFAULT false NOT NULL,
	"repeat_of_id" bigint,
	"resolution" text,
	"resolved_at" timestamp with time zone,
	"first_contact_resolved" boolean,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "service_tickets_channel" CHECK ("service_tickets"."channel" IN ('phone', 'visit', 'letter', 'email', 'im')),
	CONSTRAINT "service_tickets_priority" CHECK ("service_tickets"."priority" IN ('normal', 'high', 'urgent')),
	CONSTRAINT "service_tickets_status" CHECK ("service_tickets"."status" IN ('open', 'resolved', 'closed'))
);
--> statement-breakpoint
CREATE TABLE "service_work_orders" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_work_orders_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ticket_id" bigint NOT NULL,
	"customer_id" bigint NOT NULL,
	"unit_id" integer NOT NULL,
	"assignee_id" integer,
	"instructions" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"result" text,
	"cost" numeric(14, 2),
	"chargeable" boolean DEFAULT false NOT NULL,
	"charge_item" text,
	"done_at" timestamp with time zone,
	"done_by_id" integer,
	"confirmed_by" text,
	"satisfied" boolean,
	"confirmation_note" text,
	"confirmed_at" timestamp with time zone,
	"charge_id" bigint,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "service_work_orders_status" CHECK ("service_work_orders"."status" IN ('open', 'done', 'confirmed', 'cancelled')),
	CONSTRAINT "service_work_orders_cost" CHECK ("service_work_orders"."cost" IS NULL OR "service_work_orders"."cost" >= 0)
);
--> statement-breakpoint
CREATE INDEX "service_ticket_transfers_ticket_idx" ON "service_ticket_transfers" USING btree ("ticket_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "service_tickets_number_key" ON "service_tickets" USING btree ("number");--> statement-breakpoint
CREATE INDEX "service_tickets_customer_idx" ON "service_tickets" USING btree ("customer_id","status");--> statement-breakpoint
CREATE INDEX "service_tickets_owner_idx" ON "service_tickets" USING btree ("owner_id","status");--> statement-breakpoint
CREATE INDEX "service_tickets_unit_idx" ON "service_tickets" USING btree ("unit_id","created_at");--> statement-breakpoint
CREATE INDEX "service_work_orders_ticket_idx" ON "service_work_orders" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "service_work_orders_unit_idx" ON "service_work_orders" USING btree ("unit_id","status");