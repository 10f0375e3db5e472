import type { Actor } from '../../../platform/access/access';
import type { HistoryRow, UnitAtDateRow } from './spaces.queries';
import type { Occupant, UnitSummary } from './spaces.schema';

// Rows → API shapes. A holder outside the viewer's customer scope is 「其他客户」 without an id
// (R-PLT-03): the inventory is shared, the customers are not.

const OTHER_CUSTOMER = '其他客户';

function canRelease(actor: Actor, kind: string, createdById: number | null, released: boolean, contractId: unknown): boolean {
  return !released && kind === 'reservation' && contractId === null && (createdById === actor.userId || actor.permissions.has('space:manage'));
}

export function toUnitSummary(row: UnitAtDateRow, actor: Actor): UnitSummary {
  const occupant: Occupant | null =
    row.occ_id === null
      ? null
      : {
          id: Number(row.occ_id),
          kind: row.occ_kind!,
          startDate: row.occ_start!,
          endDate: row.occ_end!,
          reference: row.occ_reference!,
          customerId: row.occ_customer_name === null ? null : Number(row.occ_customer_id),
          customerName: row.occ_customer_name ?? OTHER_CUSTOMER,
          released: false,
          releaseReason: null,
          note: row.occ_customer_name === null ? null : row.occ_note,
          contractId: row.occ_contract_id === null ? null : Number(row.occ_contract_id),
          canRelease: canRelease(actor, row.occ_kind!, row.occ_created_by_id, false, row.occ_contract_id),
        };
  return {
    id: Number(row.id),
    parentId: row.parent_id === null ? null : Number(row.parent_id),
    code: row.code,
    fullCode: row.full_code,
    name: row.name,
    unitType: row.unit_type as UnitSummary['unitType'],
    grossArea: row.gross_area,
    usableArea: row.usable_area,
    listRent: row.list_rent,
    rentBasis: row.rent_basis as UnitSummary['rentBasis'],
    condition: row.condition as UnitSummary['condition'],
    status: row.status,
    occupant,
    vacantSince: row.vacant_since,
  };
}

export function historyItem(row: HistoryRow, actor: Actor): Occupant {
  const released = row.released_at !== null;
  return {
    id: Number(row.id),
    kind: row.kind,
    startDate: row.start_date,
    endDate: row.end_date,
    reference: row.reference,
    customerId: row.customer_name === null ? null : Number(row.customer_id),
    customerName: row.customer_name ?? OTHER_CUSTOMER,
    released,
    releaseReason: row.release_reason,
    note: row.customer_name === null ? null : row.note,
    contractId: row.contract_id === null ? null : Number(row.contract_id),
    canRelease: canRelease(actor, row.kind, row.created_by_id, released, row.contract_id),
  };
}
