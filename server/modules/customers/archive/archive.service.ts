import { eq } from 'drizzle-orm';
import { hasPermission, requirePermission, scopeOf, type Actor, type RequestContext } from '../../../platform/access/access';
import { diffChanges, recordAudit } from '../../../platform/audit/audit.service';
import type { DbOrTx } from '../../../platform/db/client';
import { uniqueViolationOf } from '../../../platform/db/errors';
import type { Deps } from '../../../platform/deps';
import { assertDictionaryItem, dictionaryLabels } from '../../../platform/dictionaries/dictionaries.service';
import { AppError, fieldError } from '../../../platform/errors';
import type { RecordTypeRegistration } from '../../../platform/files/record-access';
import { numericRecordId } from '../../../platform/files/record-access';
import { nextNumber } from '../../../platform/numbering/numbering.service';
import { activeUserOf, countActiveUsers, unitOf } from '../../../platform/org/org.queries';
import { canReadCustomer, getVisibleCustomer, type CustomerRow } from '../access';
import { customerContacts, customers } from '../customers.table';
import { customerSearchKeys, type CustomerSearchKeys } from '../search/keys';
import { addTimelineEvent } from '../timeline';
import {
  customerNamesOf,
  detailPartsOf,
  findDuplicateCustomer
} from './archive.queries';
import type { CreateCustomerBody, Customer, UpdateCustomerBody } from './archive.schema';
import { customerFieldLabels, showsSensitive, toCustomer } from './dto';

// 客户档案 (R-CUS-01…05, R-CUS-24): create, read, edit; duplicates refused by the database.

/** Fields recorded field by field in the audit log (R-PLT-10). */
const auditedFields: (keyof CustomerRow)[] = [
  'code',
  ...(Object.keys(customerFieldLabels) as (keyof CustomerRow)[]),
];
const redactedFields: (keyof CustomerRow)[] = ['idNumber'];

const dictionaryFields = [
  ['natureCode', 'customer_nature'],
  ['industryCode', 'industry'],
  ['sourceCode', 'customer_source'],
  ['valueCode', 'customer_value'],
  ['strategicCode', 'strategic_weight'],
  ['lifecycleCode', 'lifecycle_status'],
] as const;

/** Every dictionary code in the body names an enabled item (R-CUS-20). */
async function assertCustomerDictionaries(db: DbOrTx, body: Partial<CreateCustomerBody>): Promise<void> {
  for (const [field, dictionary] of dictionaryFields) {
    const code = body[field];
    if (code) await assertDictionaryItem(db, dictionary, code, field);
  }
  for (const code of new Set(body.usageCodes ?? [])) await assertDictionaryItem(db, 'usage_category', code, 'usageCodes');
}

async function assertCollaborators(db: DbOrTx, ids: number[] | undefined): Promise<void> {
  if (!ids?.length) return;
  const unique = [...new Set(ids)];
  if ((await countActiveUsers(db, unique)) !== unique.length) {
    throw fieldError('collaboratorIds', '协作人不存在或已停用');
  }
}

function assertNameKey(keys: CustomerSearchKeys): void {
  if (keys.normalizedName.length === 0) {
    const message = '客户名称须包含文字或数字，不能只有标点符号';
    throw fieldError('name', message);
  }
}

/** Money as the numeric column returns it (`1200.5` → `1200.50`), so audit diffs compare equal values equal. */
function money(value: string | null | undefined): string | null | undefined {
  if (value === null || value === undefined) return value;
  const [whole, fraction = ''] = value.split('.');
  return `${BigInt(whole!).toString()}.${fraction.padEnd(2, '0')}`;
}

/** Is a unit (by id and path) inside the actor's customer scope? `self` means the actor's own unit. */
function unitInScope(actor: Actor, unit: { id: number; path: string }): boolean {
  switch (scopeOf(actor, 'customer')) {
    case 'all':
      return true;
    case 'unit_tree':
      return unit.path.startsWith(actor.unitPath);
    case 'unit':
    case 'self':
      return unit.id === actor.unitId;
  }
}

/**
 * The owner defaults to the creator; someone who assigns customers (development:assign) or sees
 * more than their own customers may name another active user within their scope. The owning unit
 * defaults to the owner's unit.
 */
async function resolveOwnerAndUnit(db: DbOrTx, actor: Actor, body: CreateCustomerBody) {
  const ownerId = body.ownerId ?? actor.userId;
  const refuse = (field: string, message: string): never => {
    throw new AppError('VALIDATION_FAILED', message, [{ field, message }]);
  };
  if (ownerId !== actor.userId && !hasPermission(actor, 'development:assign') && scopeOf(actor, 'customer') === 'self') {
    refuse('ownerId', '您只能为自己建档；如需指定其他客户经理，请联系部门经理分配');
  }
  const owner = await activeUserOf(db, ownerId);
  if (!owner) return refuse('ownerId', '所选客户经理不存在或已停用');
  if (owner.id !== actor.userId && !unitInScope(actor, { id: owner.unitId, path: owner.unitPath })) {
    refuse('ownerId', '所选客户经理不在您的管理范围内');
  }
  const unit = await unitOf(db, body.unitId ?? owner.unitId);
  if (!unit) return refuse('unitId', '所属单位不存在');
  if (unit.id !== owner.unitId && !unitInScope(actor, unit)) refuse('unitId', '所属单位不在您的管理范围内');
  return { owner, unit };
}

/**
 * R-CUS-05: the refusal points to the existing record. Outside the caller's scope it reveals only
 * name, owner and lifecycle status; inside it also the id, code and unit (for a link).
 */
export async function duplicateCustomerError(db: DbOrTx, actor: Actor, found: { row: CustomerRow; by: 'name' | 'uscc' }): Promise<AppError> {
  const { row, by } = found;
  const [names, lifecycle, visible] = await Promise.all([
    customerNamesOf(db, row),
    dictionaryLabels(db, 'lifecycle_status'),
    hasPermission(actor, 'customer:read') ? canReadCustomer(db, actor, row.id) : Promise.resolve(false),
  ]);
  const owner = names.ownerName ? `负责人 ${names.ownerName}` : '目前在公海、无负责人';
  const detail =
    by === 'uscc'
      ? `该统一社会信用代码已登记为客户「${row.name}」，${owner}，请勿重复建档`
      : `已存在同名客户「${row.name}」，${owner}，请勿重复建档`;
  const existing = {
    ...(visible ? { id: row.id, code: row.code, unitName: names.unitName } : {}),
    name: row.name,
    ownerName: names.ownerName,
    status: row.lifecycleCode,
    statusLabel: lifecycle.get(row.lifecycleCode) ?? row.lifecycleCode,
  };
  return new AppError('DUPLICATE', detail, { reason: 'customer.duplicate', fields: [{ field: by === 'uscc' ? 'uscc' : 'name', message: detail }], extra: { existing } });
}

/** A unique violation raised by the database itself (concurrent creation) → the same refusal. */
async function translateUniqueViolation(db: DbOrTx, actor: Actor, error: unknown, keys: { normalizedName?: string; uscc?: string | null }, excludeId?: number) {
  const constraint = uniqueViolationOf(error);
  if (!constraint) return error;
  if (constraint === 'customers_code_key') {
    return new AppError('CONFLICT', '生成的客户编号已被占用，请管理员检查「客户编号」编号规则后重试', { reason: 'customer.code_taken' });
  }
  if (constraint === 'customers_normalized_name_key' || constraint === 'customers_uscc_key') {
    const found = await findDuplicateCustomer(db, keys, excludeId);
    if (found) return duplicateCustomerError(db, actor, found);
    return new AppError('DUPLICATE', '该客户已存在，请勿重复建档', { reason: 'customer.duplicate' });
  }
  return error;
}

/** A validated creation request: checked fields, owner and unit, search keys (R-CUS-03, 05). */
export interface PreparedCustomer {
  actor: Actor;
  body: CreateCustomerBody;
  keys: CustomerSearchKeys;
  owner: NonNullable<Awaited<ReturnType<typeof activeUserOf>>>;
  unit: NonNullable<Awaited<ReturnType<typeof unitOf>>>;
  uscc: string | null;
}

/**
 * Everything that can be checked before the transaction, with the friendly duplicate answer.
 * Other modules (报备, 来访登记) call this, then `insertPreparedCustomer` inside their own
 * transaction, and translate a failure with `customerCreateError`.
 */
export async function prepareCustomer(deps: Deps, ctx: RequestContext, body: CreateCustomerBody): Promise<PreparedCustomer> {
  const actor = requirePermission(ctx.actor, 'customer:create');
  const keys = customerSearchKeys(body.name, body.shortName);
  assertNameKey(keys);
  await assertCustomerDictionaries(deps.db, body);
  await assertCollaborators(deps.db, body.collaboratorIds);
  const { owner, unit } = await resolveOwnerAndUnit(deps.db, actor, body);
  const uscc = body.kind === 'individual' ? null : (body.uscc ?? null);
  // Fast path with a friendly answer; the unique indexes decide under concurrency.
  const clash = await findDuplicateCustomer(deps.db, { normalizedName: keys.normalizedName, uscc });
  if (clash) throw await duplicateCustomerError(deps.db, actor, clash);
  return { actor, body, keys, owner, unit, uscc };
}

/** Inserts the customer with its contacts, audit record and timeline entry in the caller's transaction. */
export async function insertPreparedCustomer(tx: DbOrTx, deps: Deps, ctx: RequestContext, prepared: PreparedCustomer): Promise<CustomerRow> {
  const { actor, body, keys, owner, unit, uscc } = prepared;
  const now = deps.clock.now();
  const code = await nextNumber(tx, deps, { docType: 'customer', unitCode: unit.code });
  const { contacts = [], ownerId: _ownerId, unitId: _unitId, ...fields } = body;
  const [row] = await tx
    .insert(customers)
    .values({
      ...fields,
      uscc,
      idNumber: body.kind === 'individual' ? (body.idNumber ?? null) : null,
      registeredCapital: money(body.registeredCapital),
      annualOutput: money(body.annualOutput),
      usageCodes: [...new Set(body.usageCodes ?? [])],
      collaboratorIds: [...new Set(body.collaboratorIds ?? [])],
      tags: [...new Set(body.tags ?? [])],
      code,
      ownerId: owner.id,
      ownedSince: now,
      unitId: unit.id,
      ...keys,
      createdById: actor.userId,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  const customer = row!;
  if (contacts.length) {
    // Exactly one primary contact: the first one marked, else the first one.
    const primary = Math.max(0, contacts.findIndex((contact) => contact.isPrimary));
    await tx.insert(customerContacts).values(
      contacts.map((contact, index) => ({
        ...contact,
        mobile: contact.mobile ?? null,
        phone: contact.phone ?? null,
        email: contact.email ?? null,
        decisionRole: contact.decisionRole ?? null,
        isPrimary: index === primary,
        customerId: customer.id,
        createdAt: now,
        updatedAt: now,
      })),
    );
  }
  await recordAudit(tx, deps.clock, ctx, {
    action: 'create',
    entityType: 'customer',
    entityId: customer.id,
    customerId: customer.id,
    summary: `新建客户「${customer.name}」（${customer.code}），客户经理 ${owner.name}${contacts.length ? `，联系人 ${contacts.length} 位` : ''}`,
    changes: diffChanges(null, customer, auditedFields, redactedFields),
  });
  await addTimelineEvent(tx, deps.clock, {
    customerId: customer.id,
    type: 'created',
    title: `建档：${customer.name}（${customer.code}），客户经理 ${owner.name}`,
    detail: { code: customer.code, ownerId: owner.id, unitId: unit.id, contacts: contacts.length },
    actorId: actor.userId,
  });
  return customer;
}

/** A unique violation raised while inserting (a concurrent creation) → the same duplicate refusal. */
export async function customerCreateError(deps: Deps, prepared: PreparedCustomer, error: unknown): Promise<unknown> {
  return translateUniqueViolation(deps.db, prepared.actor, error, { normalizedName: prepared.keys.normalizedName, uscc: prepared.uscc });
}

export async function createCustomer(deps: Deps, ctx: RequestContext, body: CreateCustomerBody): Promise<Customer> {
  const prepared = await prepareCustomer(deps, ctx, body);
  try {
    return await deps.db.transaction(async (tx) => {
      const customer = await insertPreparedCustomer(tx, deps, ctx, prepared);
      return toCustomer(prepared.actor, customer, await detailPartsOf(tx, customer));
    });
  } catch (error) {
    throw await customerCreateError(deps, prepared, error);
  }
}

/** The whole archive; every view is an access event, unmasked sensitive fields a second one (R-PLT-11). */
export async function getCustomer(deps: Deps, ctx: RequestContext, id: number): Promise<Customer> {
  const actor = requirePermission(ctx.actor, 'customer:read');
  const row = await getVisibleCustomer(deps.db, actor, id);
  const parts = await detailPartsOf(deps.db, row);
  const sensitive = showsSensitive(actor, row, parts);
  await deps.db.transaction(async (tx) => {
    await recordAudit(tx, deps.clock, ctx, {
      action: 'view',
      entityType: 'customer',
      entityId: row.id,
      customerId: row.id,
      summary: `查阅客户档案「${row.name}」（${row.code}）`,
    });
    if (sensitive) {
      await recordAudit(tx, deps.clock, ctx, {
        action: 'view_sensitive',
        entityType: 'customer',
        entityId: row.id,
        customerId: row.id,
        summary: `查看客户「${row.name}」的敏感信息明文（联系人手机号、证件号码或关键人信息）`,
      });
    }
  });
  return toCustomer(actor, row, parts);
}

type CustomerPatch = Partial<Omit<CustomerRow, 'id'>>;

export async function updateCustomer(deps: Deps, ctx: RequestContext, id: number, body: UpdateCustomerBody): Promise<Customer> {
  const actor = requirePermission(ctx.actor, 'customer:update');
  await assertCustomerDictionaries(deps.db, body);
  await assertCollaborators(deps.db, body.collaboratorIds);
  let keys: { normalizedName?: string; uscc?: string | null } = {};
  try {
    return await deps.db.transaction(async (tx) => {
      const before = await getVisibleCustomer(tx, actor, id, { forUpdate: true });
      if (body.version !== undefined && body.version !== before.version) {
        throw new AppError('CONFLICT', `该客户档案已被他人修改（当前版本 ${before.version}），请刷新页面查看最新内容后再保存`, { reason: 'customer.version_conflict' });
      }
      const { version: _version, ...fields } = body;
      const patch: CustomerPatch = {};
      for (const [field, value] of Object.entries(fields)) {
        if (value !== undefined) (patch as Record<string, unknown>)[field] = value;
      }
      if (fields.registeredCapital !== undefined) patch.registeredCapital = money(fields.registeredCapital) ?? null;
      if (fields.annualOutput !== undefined) patch.annualOutput = money(fields.annualOutput) ?? null;
      for (const list of ['usageCodes', 'collaboratorIds', 'tags'] as const) {
        if (fields[list] !== undefined) (patch as Record<string, unknown>)[list] = [...new Set<unknown>(fields[list])];
      }
      const after = { ...before, ...patch };
      if (after.kind === 'organization' && after.idNumber) {
        throw fieldError('idNumber', '企业客户请填写统一社会信用代码，不填身份证号');
      }
      if (after.kind === 'individual' && after.uscc) {
        throw fieldError('uscc', '个人客户没有统一社会信用代码');
      }
      if (after.name !== before.name || after.shortName !== before.shortName) {
        const derived = customerSearchKeys(after.name, after.shortName);
        assertNameKey(derived);
        Object.assign(patch, derived);
      }
      keys = { normalizedName: patch.normalizedName !== before.normalizedName ? patch.normalizedName : undefined, uscc: after.uscc !== before.uscc ? after.uscc : undefined };
      const clash = await findDuplicateCustomer(tx, keys, id);
      if (clash) throw await duplicateCustomerError(tx, actor, clash);

      const changes = diffChanges(before, { ...before, ...patch }, auditedFields, redactedFields);
      const changed = Object.keys(changes);
      if (changed.length === 0) return toCustomer(actor, before, await detailPartsOf(tx, before));
      const [row] = await tx
        .update(customers)
        .set({ ...patch, updatedAt: deps.clock.now(), version: before.version + 1 })
        .where(eq(customers.id, id))
        .returning();
      const labels = changed.map((field) => customerFieldLabels[field] ?? field);
      await recordAudit(tx, deps.clock, ctx, {
        action: 'update',
        entityType: 'customer',
        entityId: id,
        customerId: id,
        summary: `修改客户「${row!.name}」：${labels.join('、')}`,
        changes,
      });
      await addTimelineEvent(tx, deps.clock, {
        customerId: id,
        type: 'updated',
        title: `修改了${labels.slice(0, 6).join('、')}${labels.length > 6 ? ` 等 ${labels.length} 项` : ''}`,
        detail: { fields: changed },
        actorId: actor.userId,
      });
      return toCustomer(actor, row!, await detailPartsOf(tx, row!));
    });
  } catch (error) {
    throw await translateUniqueViolation(deps.db, actor, error, keys, id);
  }
}

// Attachments (licences, photos) can be linked to a customer (R-PLT-52): readable by whoever may
// read the customer, changeable by whoever may edit it.
async function customerVisible(deps: Deps, actor: Actor, recordId: string, permission: string): Promise<boolean> {
  const id = numericRecordId(recordId, Number.MAX_SAFE_INTEGER);
  if (id === null || !hasPermission(actor, permission)) return false;
  return canReadCustomer(deps.db, actor, id);
}

export const customerRecordType: RecordTypeRegistration = { type: 'customer', access: {
  label: '客户',
  canRead: (deps, actor, recordId) => customerVisible(deps, actor, recordId, 'customer:read'),
  canWrite: async (deps, actor, recordId) =>
    hasPermission(actor, 'customer:read') && (await customerVisible(deps, actor, recordId, 'customer:update')),
  customerIdOf: async (_deps, recordId) => numericRecordId(recordId, Number.MAX_SAFE_INTEGER),
} };
