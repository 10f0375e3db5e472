import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../../platform/db/client';

// Facts leasing gives billing's revenue-leakage report (R-BIL-13): units occupied on a day under a
// lease whose contract is not in force, and rents agreed below the units' list price.

export interface OccupiedWithoutContract {
  spaceId: number;
  unitCode: string;
  customerId: number | null;
  customerName: string | null;
  contractId: number | null;
  contractNumber: string | null;
  contractStatus: string | null;
}

export async function unitsOccupiedWithoutContract(db: DbOrTx, today: string): Promise<OccupiedWithoutContract[]> {
  const rows = await queryRows<{ space_id: string | number; unit_code: string; customer_id: string | number | null; customer_name: string | null; contract_id: string | number | null; contract_number: string | null; contract_status: string | null }>(
    db,
    sql`SELECT o.space_id, s.full_code AS unit_code, o.customer_id, cu.name AS customer_name, o.contract_id, c.number AS contract_number, c.status AS contract_status
          FROM space_occupancies o
          JOIN spaces s ON s.id = o.space_id
          LEFT JOIN contracts c ON c.id = o.contract_id
          LEFT JOIN customers cu ON cu.id = o.customer_id
         WHERE o.kind = 'lease' AND o.released_at IS NULL AND o.start_date <= ${today} AND o.end_date >= ${today}
           AND (c.id IS NULL OR c.status NOT IN ('effective', 'changing'))
         ORDER BY s.full_code
         LIMIT 1000`,
  );
  return rows.map((row) => ({ spaceId: Number(row.space_id), unitCode: row.unit_code, customerId: row.customer_id === null ? null : Number(row.customer_id), customerName: row.customer_name, contractId: row.contract_id === null ? null : Number(row.contract_id), contractNumber: row.contract_number, contractStatus: row.contract_status }));
}

export interface BelowListPrice {
  contractId: number;
  contractNumber: string;
  customerId: number;
  customerName: string;
  unitCode: string;
  basis: string;
  contractPrice: string;
  listPrice: string;
}

/** Contracts in force whose rent per m² (per day or per month) is below a let unit's list rent. */
export async function rentsBelowListPrice(db: DbOrTx, today: string): Promise<BelowListPrice[]> {
  const rows = await queryRows<{ contract_id: string | number; number: string; customer_id: string | number; customer_name: string; unit_code: string; basis: string; contract_price: string; list_price: string }>(
    db,
    sql`SELECT c.id AS contract_id, c.number, c.customer_id, cu.name AS customer_name, s.full_code AS unit_code, ch->>'basis' AS basis,
               (ch->>'unitPrice') AS contract_price, s.list_rent::text AS list_price
          FROM contracts c
          JOIN customers cu ON cu.id = c.customer_id
          JOIN contract_units u ON u.contract_id = c.id
          JOIN spaces s ON s.id = u.space_id
          CROSS JOIN LATERAL jsonb_array_elements(c.terms->'charges') ch
         WHERE c.status IN ('effective', 'changing') AND c.start_date <= ${today} AND c.end_date >= ${today}
           AND ch->>'item' = 'rent' AND s.list_rent IS NOT NULL
           AND ((ch->>'basis' = 'sqm_day' AND s.rent_basis = 'day') OR (ch->>'basis' = 'sqm_month' AND s.rent_basis = 'month'))
           AND (ch->>'unitPrice')::numeric < s.list_rent
         ORDER BY c.number, s.full_code
         LIMIT 1000`,
  );
  return rows.map((row) => ({ contractId: Number(row.contract_id), contractNumber: row.number, customerId: Number(row.customer_id), customerName: row.customer_name, unitCode: row.unit_code, basis: row.basis, contractPrice: row.contract_price, listPrice: row.list_price }));
}
