import { and, desc, eq, gte, inArray, isNull, or, type SQL } from 'drizzle-orm';
import type { Actor } from '../../../platform/access/access';
import { maskValue, canViewSensitive } from '../../../platform/access/masking';
import type { DbOrTx } from '../../../platform/db/client';
import { dictionaryLabels } from '../../../platform/dictionaries/dictionaries.service';
import { orgUnits, users } from '../../../platform/org/org.table';
import { customerContacts, customers, customerScope } from '../../customers';
import { developmentScope } from '../development-access';
import type { AssignmentReason, ReceptionRecord } from './reception.schema';
import { receptionRecords } from './reception.table';

// SQL of the reception log; the services hold the rules.

export type ReceptionRow = typeof receptionRecords.$inferSelect;

export const assignmentLabels: Record<AssignmentReason, string> = {
  named: '指定接待',
  previous: '原接待人/客户经理',
  rotation: '轮流接待',
  manual: '手动指定',
};

/** The development scope of reception records: the receiver (and who logged it) count as owners. */
export function receptionScope(actor: Actor): SQL | undefined {
  return developmentScope(actor, { unit: receptionRecords.unitId, owners: [receptionRecords.receiverId, receptionRecords.createdById] });
}

export async function visibleReception(db: DbOrTx, actor: Actor, id: number, options: { forUpdate?: boolean } = {}): Promise<ReceptionRow | undefined> {
  const query = db
    .select()
    .from(receptionRecords)
    .where(and(eq(receptionRecords.id, id), receptionScope(actor)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

/**
 * The last reception of this phone or customer at this unit's desk since `since` — "served
 * before within the protection period" (R-DEV-41). Other units' desks are not consulted (nor
 * shown by the look-up): their visitors are their business (R-PLT-03).
 */
export async function previousReception(db: DbOrTx, input: { unitId: number; phone?: string | null; customerId?: number | null; since: Date }) {
  const matches: SQL[] = [];
  if (input.phone) matches.push(eq(receptionRecords.contactPhone, input.phone));
  if (input.customerId) matches.push(eq(receptionRecords.customerId, input.customerId));
  if (matches.length === 0) return undefined;
  const [row] = await db
    .select({ id: receptionRecords.id, timeIn: receptionRecords.timeIn, receiverId: receptionRecords.receiverId, receiverName: users.displayName, status: users.status })
    .from(receptionRecords)
    .innerJoin(users, eq(users.id, receptionRecords.receiverId))
    .where(and(eq(receptionRecords.unitId, input.unitId), or(...matches), gte(receptionRecords.timeIn, input.since)))
    .orderBy(desc(receptionRecords.timeIn), desc(receptionRecords.id))
    .limit(1);
  return row;
}

/** Customers the actor may see whose contact has this phone (at most 5). */
export async function customersByPhone(db: DbOrTx, actor: Actor, phone: string) {
  return db
    .selectDistinct({ id: customers.id, name: customers.name, ownerId: customers.ownerId })
    .from(customers)
    .leftJoin(customerContacts, eq(customerContacts.customerId, customers.id))
    .where(and(or(eq(customerContacts.mobile, phone), eq(customerContacts.phone, phone), eq(customers.phone, phone)), customerScope(actor), isNull(customers.mergedIntoId)))
    .limit(5);
}

/** Rows as the API returns them; the phone is masked except for its receiver, who logged it and sensitive:view. */
export async function toRecords(db: DbOrTx, actor: Actor, rows: ReceptionRow[]): Promise<ReceptionRecord[]> {
  if (rows.length === 0) return [];
  const userIds = [...new Set(rows.map((row) => row.receiverId))];
  const unitIds = [...new Set(rows.map((row) => row.unitId))];
  const customerIds = [...new Set(rows.flatMap((row) => (row.customerId === null ? [] : [row.customerId])))];
  const [userRows, unitRows, customerRows, spaceTypes, sources] = await Promise.all([
    db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, userIds)),
    db.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits).where(inArray(orgUnits.id, unitIds)),
    customerIds.length ? db.select({ id: customers.id, name: customers.name }).from(customers).where(inArray(customers.id, customerIds)) : [],
    dictionaryLabels(db, 'space_type'),
    dictionaryLabels(db, 'customer_source'),
  ]);
  const userNames = new Map(userRows.map((row) => [row.id, row.name]));
  const unitNames = new Map(unitRows.map((row) => [row.id, row.name]));
  const customerNames = new Map(customerRows.map((row) => [row.id, row.name]));
  return rows.map((row) => {
    const plain = canViewSensitive(actor) || row.receiverId === actor.userId || row.createdById === actor.userId;
    const assignment = row.assignment as AssignmentReason;
    return {
      id: row.id,
      unitId: row.unitId,
      unitName: unitNames.get(row.unitId) ?? '',
      kind: row.kind as ReceptionRecord['kind'],
      timeIn: row.timeIn.toISOString(),
      timeOut: row.timeOut?.toISOString() ?? null,
      customerId: row.customerId,
      customerName: row.customerId === null ? null : (customerNames.get(row.customerId) ?? null),
      prospectName: row.prospectName,
      contactName: row.contactName,
      contactPhone: row.contactPhone === null || plain ? row.contactPhone : maskValue('mobile', row.contactPhone),
      companions: row.companions,
      spaceTypeCode: row.spaceTypeCode,
      spaceTypeLabel: row.spaceTypeCode ? (spaceTypes.get(row.spaceTypeCode) ?? row.spaceTypeCode) : null,
      area: row.area,
      sourceCode: row.sourceCode,
      sourceLabel: row.sourceCode ? (sources.get(row.sourceCode) ?? row.sourceCode) : null,
      summary: row.summary,
      siteTour: row.siteTour,
      receiverId: row.receiverId,
      receiverName: userNames.get(row.receiverId) ?? '',
      assignment,
      assignmentLabel: assignmentLabels[assignment] ?? row.assignment,
      namedSpecialistId: row.namedSpecialistId,
      convertedCustomerId: row.convertedCustomerId,
      createdById: row.createdById,
      createdAt: row.createdAt.toISOString(),
    };
  });
}
