CREATE TABLE "saved_views" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "saved_views_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"list_key" text NOT NULL,
	"name" text NOT NULL,
	"filters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"columns" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sort" text,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "saved_views_user_idx" ON "saved_views" USING btree ("user_id","list_key");--> statement-breakpoint
CREATE UNIQUE INDEX "saved_views_name_key" ON "saved_views" USING btree ("user_id","list_key","name");--> statement-breakpoint
-- The customer list's views move here under the list key `customers`, keeping their ids.
INSERT INTO "saved_views" ("id", "user_id", "list_key", "name", "filters", "columns", "sort", "is_default", "created_at") OVERRIDING SYSTEM VALUE
  SELECT "id", "user_id", 'customers', "name", "filters", "columns", "sort", "is_default", "created_at" FROM "customer_saved_views";--> statement-breakpoint
SELECT setval('saved_views_id_seq', coalesce((SELECT max("id") FROM "saved_views"), 0) + 1, false);
