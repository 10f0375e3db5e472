-- R-LEA-35: an installed contract review flow whose GM step still has the shipped condition also
-- takes rent-free time beyond the project's standard incentive package to the GM. A flow an
-- admin has edited is left as it is.
UPDATE approval_flows
SET steps = (
    SELECT jsonb_agg(
      CASE WHEN step->>'condition' = 'amount > 1000000 or discountRate > 10%'
        THEN jsonb_set(step, '{condition}', '"amount > 1000000 or discountRate > 10% or rentFreeBeyondPackage > 0"')
        ELSE step END
      ORDER BY position)
    FROM jsonb_array_elements(steps) WITH ORDINALITY AS e(step, position)
  ),
  updated_at = now()
WHERE business_type = 'contract_review'
  AND steps @> '[{"condition": "amount > 1000000 or discountRate > 10%"}]'::jsonb;
