-- Audit keyword search served by an index (R-PLT-11 at millions of events): the distinct
-- character pairs of the lower-cased text, so a 2-character Chinese keyword finds its events
-- through a GIN index; the query re-checks with ILIKE. Immutable, so it may index an expression.
CREATE OR REPLACE FUNCTION audit_text_bigrams(t text) RETURNS text[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$
    SELECT coalesce(array_agg(DISTINCT substr(s, i, 2)), '{}'::text[])
    FROM (SELECT lower(t) AS s) AS lowered, generate_series(1, char_length(lowered.s) - 1) AS i
  $$;
--> statement-breakpoint
CREATE INDEX "audit_events_text_bigrams_idx" ON "audit_events" USING gin (audit_text_bigrams("summary" || chr(10) || coalesce("actor_name", '')));
