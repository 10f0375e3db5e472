-- A bill's lines by (bill_id, id): the late-fee and dunning queries read each overdue bill's first
-- line, and with an index on bill_id alone the planner walked the primary key from the first line
-- ever issued (155 ms per bill at 700,000 lines, growing with every run).
DROP INDEX "bill_lines_bill_idx";--> statement-breakpoint
CREATE INDEX "bill_lines_bill_idx" ON "bill_lines" USING btree ("bill_id","id");