CREATE INDEX "customer_contacts_mobile_trgm_idx" ON "customer_contacts" USING gin ("mobile" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customers_pinyin_order_idx" ON "customers" USING btree ("pinyin_full","id");--> statement-breakpoint
CREATE INDEX "customers_collaborators_idx" ON "customers" USING gin ("collaborator_ids" jsonb_path_ops);--> statement-breakpoint
CREATE INDEX "customers_created_idx" ON "customers" USING btree ("created_at");