-- Contract lists at scale: the keyword (number, title, unit code contains …) through trigram GIN
-- indexes instead of a scan of every contract and its units (contracts.queries.ts listConditions),
-- and 合同台账's order (start date, id) read from an index instead of sorting every contract.
CREATE INDEX "contract_units_code_trgm_idx" ON "contract_units" USING gin ("full_code" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contracts_start_idx" ON "contracts" USING btree ("start_date","id");--> statement-breakpoint
CREATE INDEX "contracts_number_trgm_idx" ON "contracts" USING gin ("number" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contracts_title_trgm_idx" ON "contracts" USING gin ("title" gin_trgm_ops);