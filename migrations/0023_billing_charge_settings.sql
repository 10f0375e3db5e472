CREATE TABLE "billing_charge_settings" (
	"item" text PRIMARY KEY NOT NULL,
	"tax_rate" numeric(6, 4) NOT NULL,
	"revenue" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
