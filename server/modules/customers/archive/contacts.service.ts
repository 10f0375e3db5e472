import { and, asc, eq, ne } from 'drizzle-orm';
import { requirePermission, type Actor, type RequestContext } from '../../../platform/access/access';
import { canViewSensitive } from '../../../platform/access/masking';
import { diffChanges, recordAudit, recordAuditNow, type AuditChanges } from '../../../platform/audit/audit.service';
import type { DbOrTx, Tx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError } from '../../../platform/errors';
import { getVisibleCustomer, type CustomerRow } from '../access';
import {
  hasSensitiveContactData,
  hasSensitiveKeyPersonData,
  keyPersonPrivateFields,
  toContact,
  toKeyPerson,
  type Contact,
  type ContactRow,
  type KeyPerson,
  type KeyPersonRow,
} from './dto';
import { addTimelineEvent } from '../timeline';
import { contactsOf, keyPersonsOf } from './archive.queries';
import type { ContactBody, KeyPersonBody } from './archive.schema';
import { customerContacts, customerKeyPersons } from '../customers.table';

// 联系人 and 关键人 of a customer as sub-resources: scope through the customer (R-PLT-03),
// masking on the way out (R-PLT-04), audit with customerId and a timeline entry on every change.

const contactFields: (keyof ContactRow)[] = ['name', 'title', 'department', 'mobile', 'phone', 'email', 'decisionRole', 'isPrimary'];
const keyPersonFields: (keyof KeyPersonRow)[] = ['name', 'position', 'mobile', ...keyPersonPrivateFields];

/** Runs `work` in a transaction on a customer the actor may edit (404 outside scope). */
async function withEditableCustomer<T>(deps: Deps, ctx: RequestContext, customerId: number, work: (tx: Tx, actor: Actor, customer: CustomerRow) => Promise<T>) {
  const actor = requirePermission(ctx.actor, 'customer:update');
  return deps.db.transaction(async (tx) => {
    // Lock the customer so concurrent "primary contact" changes queue up.
    const customer = await getVisibleCustomer(tx, actor, customerId, { forUpdate: true });
    return work(tx, actor, customer);
  });
}

interface ChangeRecord {
  action: 'create' | 'update' | 'delete';
  entityType: 'customer_contact' | 'customer_key_person';
  entityId: number;
  summary: string;
  changes: AuditChanges;
  timelineType: string;
  timelineTitle: string;
}

async function recordChange(tx: Tx, deps: Deps, ctx: RequestContext, customer: CustomerRow, change: ChangeRecord) {
  await recordAudit(tx, deps.clock, ctx, {
    action: change.action,
    entityType: change.entityType,
    entityId: change.entityId,
    customerId: customer.id,
    summary: change.summary,
    changes: change.changes,
  });
  await addTimelineEvent(tx, deps.clock, {
    customerId: customer.id,
    type: change.timelineType,
    title: change.timelineTitle,
    detail: { [change.entityType === 'customer_contact' ? 'contactId' : 'keyPersonId']: change.entityId, fields: Object.keys(change.changes) },
    actorId: ctx.actor?.userId ?? null,
  });
}

async function logSensitiveView(deps: Deps, ctx: RequestContext, customer: CustomerRow, what: string) {
  await recordAuditNow(deps.db, deps.clock, ctx, {
    action: 'view_sensitive',
    entityType: 'customer',
    entityId: customer.id,
    customerId: customer.id,
    summary: `查看客户「${customer.name}」的${what}明文`,
  });
}

// ── Contacts ────────────────────────────────────────────────────────────────────

export async function listContacts(deps: Deps, ctx: RequestContext, customerId: number): Promise<{ items: Contact[] }> {
  const actor = requirePermission(ctx.actor, 'customer:read');
  const customer = await getVisibleCustomer(deps.db, actor, customerId);
  const rows = await contactsOf(deps.db, customerId);
  if (canViewSensitive(actor) && hasSensitiveContactData(rows)) await logSensitiveView(deps, ctx, customer, '联系人手机号');
  return { items: rows.map((row) => toContact(actor, row)) };
}

async function getContactRow(db: DbOrTx, customerId: number, contactId: number): Promise<ContactRow> {
  const [row] = await db
    .select()
    .from(customerContacts)
    .where(and(eq(customerContacts.id, contactId), eq(customerContacts.customerId, customerId)));
  if (!row) throw new AppError('NOT_FOUND', '联系人不存在或已删除');
  return row;
}

/** One primary contact per customer: marking one unmarks the others. */
async function unsetOtherPrimaries(tx: Tx, customerId: number, keepId: number) {
  await tx
    .update(customerContacts)
    .set({ isPrimary: false })
    .where(and(eq(customerContacts.customerId, customerId), ne(customerContacts.id, keepId), eq(customerContacts.isPrimary, true)));
}

export async function createContact(deps: Deps, ctx: RequestContext, customerId: number, body: ContactBody): Promise<Contact> {
  return withEditableCustomer(deps, ctx, customerId, async (tx, actor, customer) => {
    const [existing] = await tx.select({ id: customerContacts.id }).from(customerContacts).where(eq(customerContacts.customerId, customerId)).limit(1);
    const now = deps.clock.now();
    const [row] = await tx
      .insert(customerContacts)
      .values({
        customerId,
        name: body.name,
        title: body.title ?? null,
        department: body.department ?? null,
        mobile: body.mobile ?? null,
        phone: body.phone ?? null,
        email: body.email ?? null,
        decisionRole: body.decisionRole ?? null,
        // The first contact is the primary one unless said otherwise.
        isPrimary: body.isPrimary ?? !existing,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (row!.isPrimary) await unsetOtherPrimaries(tx, customerId, row!.id);
    await recordChange(tx, deps, ctx, customer, {
      action: 'create',
      entityType: 'customer_contact',
      entityId: row!.id,
      summary: `客户「${customer.name}」新增联系人 ${row!.name}`,
      changes: diffChanges(null, row!, contactFields, ['mobile']),
      timelineType: 'contact_added',
      timelineTitle: `新增联系人 ${row!.name}${row!.title ? `（${row!.title}）` : ''}`,
    });
    return toContact(actor, row!);
  });
}

export async function updateContact(deps: Deps, ctx: RequestContext, customerId: number, contactId: number, body: Partial<ContactBody>): Promise<Contact> {
  return withEditableCustomer(deps, ctx, customerId, async (tx, actor, customer) => {
    const before = await getContactRow(tx, customerId, contactId);
    const patch: Partial<ContactRow> = {};
    for (const [field, value] of Object.entries(body)) {
      if (value !== undefined) (patch as Record<string, unknown>)[field] = value;
    }
    const changes = diffChanges(before, { ...before, ...patch }, contactFields, ['mobile']);
    if (Object.keys(changes).length === 0) return toContact(actor, before);
    const [row] = await tx
      .update(customerContacts)
      .set({ ...patch, updatedAt: deps.clock.now() })
      .where(eq(customerContacts.id, contactId))
      .returning();
    if (patch.isPrimary) await unsetOtherPrimaries(tx, customerId, contactId);
    await recordChange(tx, deps, ctx, customer, {
      action: 'update',
      entityType: 'customer_contact',
      entityId: contactId,
      summary: `客户「${customer.name}」修改联系人 ${row!.name}`,
      changes,
      timelineType: 'contact_updated',
      timelineTitle: patch.isPrimary ? `将 ${row!.name} 设为首要联系人` : `修改联系人 ${row!.name}`,
    });
    return toContact(actor, row!);
  });
}

export async function deleteContact(deps: Deps, ctx: RequestContext, customerId: number, contactId: number): Promise<void> {
  await withEditableCustomer(deps, ctx, customerId, async (tx, _actor, customer) => {
    const before = await getContactRow(tx, customerId, contactId);
    await tx.delete(customerContacts).where(eq(customerContacts.id, contactId));
    if (before.isPrimary) {
      // The longest-standing remaining contact becomes the primary one.
      const [next] = await tx.select({ id: customerContacts.id }).from(customerContacts).where(eq(customerContacts.customerId, customerId)).orderBy(asc(customerContacts.id)).limit(1);
      if (next) await tx.update(customerContacts).set({ isPrimary: true }).where(eq(customerContacts.id, next.id));
    }
    await recordChange(tx, deps, ctx, customer, {
      action: 'delete',
      entityType: 'customer_contact',
      entityId: contactId,
      summary: `客户「${customer.name}」删除联系人 ${before.name}`,
      changes: diffChanges(before, null, contactFields, ['mobile']),
      timelineType: 'contact_removed',
      timelineTitle: `删除联系人 ${before.name}`,
    });
  });
}

// ── Key persons (关键人) — private information, sensitive as a whole ────────────────

export async function listKeyPersons(deps: Deps, ctx: RequestContext, customerId: number): Promise<{ items: KeyPerson[] }> {
  const actor = requirePermission(ctx.actor, 'customer:read');
  const customer = await getVisibleCustomer(deps.db, actor, customerId);
  const rows = await keyPersonsOf(deps.db, customerId);
  if (canViewSensitive(actor) && hasSensitiveKeyPersonData(rows)) await logSensitiveView(deps, ctx, customer, '关键人信息');
  return { items: rows.map((row) => toKeyPerson(actor, row)) };
}

async function getKeyPersonRow(db: DbOrTx, customerId: number, keyPersonId: number): Promise<KeyPersonRow> {
  const [row] = await db
    .select()
    .from(customerKeyPersons)
    .where(and(eq(customerKeyPersons.id, keyPersonId), eq(customerKeyPersons.customerId, customerId)));
  if (!row) throw new AppError('NOT_FOUND', '关键人不存在或已删除');
  return row;
}

// Private values never enter the audit log in clear text.
const redactedKeyPersonFields: (keyof KeyPersonRow)[] = ['mobile', ...keyPersonPrivateFields];

export async function createKeyPerson(deps: Deps, ctx: RequestContext, customerId: number, body: KeyPersonBody): Promise<KeyPerson> {
  return withEditableCustomer(deps, ctx, customerId, async (tx, actor, customer) => {
    const now = deps.clock.now();
    const [row] = await tx
      .insert(customerKeyPersons)
      .values({
        customerId,
        name: body.name,
        position: body.position ?? null,
        mobile: body.mobile ?? null,
        birthday: body.birthday ?? null,
        family: body.family ?? null,
        homeAddress: body.homeAddress ?? null,
        hobbies: body.hobbies ?? null,
        note: body.note ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordChange(tx, deps, ctx, customer, {
      action: 'create',
      entityType: 'customer_key_person',
      entityId: row!.id,
      summary: `客户「${customer.name}」新增关键人 ${row!.name}`,
      changes: diffChanges(null, row!, keyPersonFields, redactedKeyPersonFields),
      timelineType: 'key_person_added',
      timelineTitle: `新增关键人 ${row!.name}${row!.position ? `（${row!.position}）` : ''}`,
    });
    return toKeyPerson(actor, row!);
  });
}

export async function updateKeyPerson(deps: Deps, ctx: RequestContext, customerId: number, keyPersonId: number, body: Partial<KeyPersonBody>): Promise<KeyPerson> {
  return withEditableCustomer(deps, ctx, customerId, async (tx, actor, customer) => {
    const before = await getKeyPersonRow(tx, customerId, keyPersonId);
    const patch: Partial<KeyPersonRow> = {};
    for (const [field, value] of Object.entries(body)) {
      if (value !== undefined) (patch as Record<string, unknown>)[field] = value;
    }
    const changes = diffChanges(before, { ...before, ...patch }, keyPersonFields, redactedKeyPersonFields);
    if (Object.keys(changes).length === 0) return toKeyPerson(actor, before);
    const [row] = await tx
      .update(customerKeyPersons)
      .set({ ...patch, updatedAt: deps.clock.now() })
      .where(eq(customerKeyPersons.id, keyPersonId))
      .returning();
    await recordChange(tx, deps, ctx, customer, {
      action: 'update',
      entityType: 'customer_key_person',
      entityId: keyPersonId,
      summary: `客户「${customer.name}」修改关键人 ${row!.name}`,
      changes,
      timelineType: 'key_person_updated',
      timelineTitle: `修改关键人 ${row!.name}`,
    });
    return toKeyPerson(actor, row!);
  });
}

export async function deleteKeyPerson(deps: Deps, ctx: RequestContext, customerId: number, keyPersonId: number): Promise<void> {
  await withEditableCustomer(deps, ctx, customerId, async (tx, _actor, customer) => {
    const before = await getKeyPersonRow(tx, customerId, keyPersonId);
    await tx.delete(customerKeyPersons).where(eq(customerKeyPersons.id, keyPersonId));
    await recordChange(tx, deps, ctx, customer, {
      action: 'delete',
      entityType: 'customer_key_person',
      entityId: keyPersonId,
      summary: `客户「${customer.name}」删除关键人 ${before.name}`,
      changes: diffChanges(before, null, keyPersonFields, redactedKeyPersonFields),
      timelineType: 'key_person_removed',
      timelineTitle: `删除关键人 ${before.name}`,
    });
  });
}
