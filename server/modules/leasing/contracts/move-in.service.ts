import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { hasPermission, requirePermission, type RequestContext } from '../../../platform/access/access';
import { diffChanges, recordAudit } from '../../../platform/audit/audit.service';
import { createWorkdayCalendar } from '../../../platform/calendar/calendar.service';
import { isValidIsoDate, shanghaiDate } from '../../../platform/dates';
import type { DbOrTx, Tx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { extensionPoint } from '../../../platform/manifests/manifest';
import { users } from '../../../platform/org/org.table';
import { findVisibleContract, type ContractRow } from './contracts.queries';
import { contractTimeline, mayEdit } from './contracts.service';
import { contractMoveInItems, contractPaymentConfirmations } from './move-in.table';

// 入驻 (R-LEA-33): a signed contract gets its move-in checklist, each step with an owner and a
// date. Keys are handed over to a customer without credit only after finance has confirmed that
// the deposit and the first payment arrived. Whether a customer has credit is the credit
// module's to say (R-CRD-02); until one contributes, nobody has.

export const moveInSteps = ['registration', 'tax', 'decoration', 'access_cards', 'keys', 'meter_readings'] as const;
export type MoveInStep = (typeof moveInSteps)[number];
export const moveInStepNames: Record<MoveInStep, string> = {
  registration: '工商注册/变更',
  tax: '税务登记',
  decoration: '装修审批',
  access_cards: '门禁卡/通行证',
  keys: '钥匙交接',
  meter_readings: '水电表读数交接',
};
/** Working days after the effective date each step is due by default. */
const defaultDue: Record<MoveInStep, number> = { registration: 20, tax: 20, decoration: 10, access_cards: 2, keys: 0, meter_readings: 0 };

/** Does the customer buy on credit (R-CRD-02)? Contributed by the credit module. */
export type CustomerCreditCheck = (db: DbOrTx, customerId: number, today: string) => Promise<boolean>;
export const customerCreditChecks = extensionPoint<CustomerCreditCheck>('leasing.customer-has-credit');

async function hasCredit(db: DbOrTx, customerId: number, today: string): Promise<boolean> {
  for (const check of customerCreditChecks.items()) if (await check(db, customerId, today)) return true;
  return false;
}

export const updateMoveInItemBody = z.object({
  ownerId: z.number().int().positive('请选择负责人').optional(),
  dueDate: z.string().refine(isValidIsoDate, '完成期限应为有效日期，格式 YYYY-MM-DD').optional(),
  note: z.string().trim().max(1000, '备注不超过 1000 个字').optional(),
});
export const completeMoveInItemBody = z.object({ note: z.string().trim().max(1000, '备注不超过 1000 个字').optional() });
export const confirmPaymentBody = z.object({ note: z.string().trim().max(500, '备注不超过 500 个字').optional() });

export const moveInSchema = z.object({
  items: z.array(
    z.object({
      id: z.number().int(),
      code: z.enum(moveInSteps),
      name: z.string(),
      ownerId: z.number().int(),
      ownerName: z.string().nullable(),
      dueDate: z.string(),
      status: z.enum(['open', 'done']),
      note: z.string().nullable(),
      doneAt: z.string().nullable(),
    }),
  ),
  customerHasCredit: z.boolean(),
  paymentConfirmedAt: z.string().nullable().describe('财务确认保证金与首期款到账的时间'),
  paymentConfirmedByName: z.string().nullable(),
  /** Keys wait for finance: no credit and no confirmation yet. */
  keysBlocked: z.boolean(),
  canEdit: z.boolean(),
  canConfirmPayment: z.boolean(),
});
export type MoveIn = z.infer<typeof moveInSchema>;

/** Writes the default checklist of a contract that takes effect (once: unique per step). */
export async function createMoveInChecklist(tx: Tx, contract: ContractRow, effectiveDate: string) {
  const calendar = await createWorkdayCalendar(tx);
  await tx
    .insert(contractMoveInItems)
    .values(moveInSteps.map((code) => ({ contractId: contract.id, code, ownerId: contract.ownerId, dueDate: calendar.addWorkdays(effectiveDate, defaultDue[code]) })))
    .onConflictDoNothing();
}

const signed = ['effective', 'expired', 'terminated_early'];

export async function getMoveIn(deps: Deps, ctx: RequestContext, contractId: number): Promise<MoveIn> {
  const actor = requirePermission(ctx.actor, 'contract:read');
  const contract = await findVisibleContract(deps.db, actor, contractId);
  const rows = await deps.db
    .select({ item: contractMoveInItems, ownerName: users.displayName })
    .from(contractMoveInItems)
    .leftJoin(users, eq(users.id, contractMoveInItems.ownerId))
    .where(eq(contractMoveInItems.contractId, contractId))
    .orderBy(asc(contractMoveInItems.dueDate), asc(contractMoveInItems.id));
  const [confirmation] = await deps.db
    .select({ at: contractPaymentConfirmations.confirmedAt, name: users.displayName })
    .from(contractPaymentConfirmations)
    .leftJoin(users, eq(users.id, contractPaymentConfirmations.confirmedById))
    .where(eq(contractPaymentConfirmations.contractId, contractId));
  const credit = await hasCredit(deps.db, contract.customerId, shanghaiDate(deps.clock.now()));
  return {
    items: rows.map(({ item, ownerName }) => ({
      id: item.id,
      code: item.code as MoveInStep,
      name: moveInStepNames[item.code as MoveInStep] ?? item.code,
      ownerId: item.ownerId,
      ownerName,
      dueDate: item.dueDate,
      status: item.status as 'open' | 'done',
      note: item.note,
      doneAt: item.doneAt?.toISOString() ?? null,
    })),
    customerHasCredit: credit,
    paymentConfirmedAt: confirmation?.at.toISOString() ?? null,
    paymentConfirmedByName: confirmation?.name ?? null,
    keysBlocked: !credit && !confirmation,
    canEdit: mayEdit(actor, contract) && contract.status === 'effective',
    canConfirmPayment: hasPermission(actor, 'billing:write') && signed.includes(contract.status) && !confirmation,
  };
}

/** The checklist of a contract signed before checklists existed, on request. */
export async function startMoveIn(deps: Deps, ctx: RequestContext, contractId: number): Promise<MoveIn> {
  const actor = requirePermission(ctx.actor, 'contract:write');
  await deps.db.transaction(async (tx) => {
    const contract = await findVisibleContract(tx, actor, contractId, { forUpdate: true });
    if (!mayEdit(actor, contract)) throw new AppError('FORBIDDEN', '只有合同经办人或审核人可以办理入驻', { reason: 'contract.not_owner' });
    if (contract.status !== 'effective') throw new AppError('CONFLICT', `合同 ${contract.number} 未生效，不能办理入驻`, { reason: 'contract.wrong_status' });
    await createMoveInChecklist(tx, contract, contract.effectiveDate ?? contract.startDate);
  });
  return getMoveIn(deps, ctx, contractId);
}

async function lockItem(tx: Tx, contractId: number, itemId: number) {
  const [item] = await tx.select().from(contractMoveInItems).where(and(eq(contractMoveInItems.id, itemId), eq(contractMoveInItems.contractId, contractId))).for('update');
  if (!item) throw new AppError('NOT_FOUND', '入驻事项不存在');
  return item;
}

async function editable(tx: Tx, ctx: RequestContext, contractId: number) {
  const actor = requirePermission(ctx.actor, 'contract:read');
  const contract = await findVisibleContract(tx, actor, contractId, { forUpdate: true });
  if (!mayEdit(actor, contract)) throw new AppError('FORBIDDEN', '只有合同经办人或审核人可以办理入驻', { reason: 'contract.not_owner' });
  if (contract.status !== 'effective') throw new AppError('CONFLICT', `合同 ${contract.number} 未生效，不能办理入驻`, { reason: 'contract.wrong_status' });
  return contract;
}

/** Owner, date or note of a step. */
export async function updateMoveInItem(deps: Deps, ctx: RequestContext, contractId: number, itemId: number, body: z.infer<typeof updateMoveInItemBody>): Promise<MoveIn> {
  await deps.db.transaction(async (tx) => {
    const contract = await editable(tx, ctx, contractId);
    const before = await lockItem(tx, contractId, itemId);
    if (body.ownerId !== undefined) {
      const [owner] = await tx.select({ id: users.id }).from(users).where(and(eq(users.id, body.ownerId), eq(users.status, 'active')));
      if (!owner) throw fieldError('ownerId', '负责人不存在或已停用');
    }
    const [after] = await tx
      .update(contractMoveInItems)
      .set({ ownerId: body.ownerId ?? before.ownerId, dueDate: body.dueDate ?? before.dueDate, note: body.note ?? before.note })
      .where(eq(contractMoveInItems.id, itemId))
      .returning();
    await recordAudit(tx, deps.clock, ctx, {
      action: 'move_in_update',
      entityType: 'contract',
      entityId: contractId,
      customerId: contract.customerId,
      summary: `调整合同 ${contract.number} 入驻事项「${moveInStepNames[before.code as MoveInStep]}」`,
      changes: diffChanges(before, after!, ['ownerId', 'dueDate', 'note']),
    });
  });
  return getMoveIn(deps, ctx, contractId);
}

/** 完成一项; keys wait for finance's confirmation unless the customer has credit. */
export async function completeMoveInItem(deps: Deps, ctx: RequestContext, contractId: number, itemId: number, body: z.infer<typeof completeMoveInItemBody>): Promise<MoveIn> {
  await deps.db.transaction(async (tx) => {
    const contract = await editable(tx, ctx, contractId);
    const item = await lockItem(tx, contractId, itemId);
    if (item.status === 'done') throw new AppError('CONFLICT', `「${moveInStepNames[item.code as MoveInStep]}」已完成`, { reason: 'move_in.done' });
    if (item.code === 'keys' && !(await hasCredit(tx, contract.customerId, shanghaiDate(deps.clock.now())))) {
      const [confirmed] = await tx.select({ id: contractPaymentConfirmations.contractId }).from(contractPaymentConfirmations).where(eq(contractPaymentConfirmations.contractId, contractId));
      if (!confirmed) throw new AppError('CONFLICT', '该客户没有信用额度，须财务确认保证金与首期款到账后才能交付钥匙', { reason: 'move_in.keys_wait_for_payment' });
    }
    await tx
      .update(contractMoveInItems)
      .set({ status: 'done', doneAt: deps.clock.now(), doneById: ctx.actor!.userId, note: body.note || item.note })
      .where(eq(contractMoveInItems.id, itemId));
    const name = moveInStepNames[item.code as MoveInStep];
    await recordAudit(tx, deps.clock, ctx, { action: 'move_in_done', entityType: 'contract', entityId: contractId, customerId: contract.customerId, summary: `合同 ${contract.number} 入驻事项「${name}」已完成${body.note ? `：${body.note}` : ''}` });
    await contractTimeline(tx, deps, ctx.actor!, contract, `入驻：${name}完成`, 'move_in');
  });
  return getMoveIn(deps, ctx, contractId);
}

/** 财务确认到账 (billing:write): the deposit and first payment arrived; keys may be handed over. */
export async function confirmPayment(deps: Deps, ctx: RequestContext, contractId: number, body: z.infer<typeof confirmPaymentBody>): Promise<MoveIn> {
  const actor = requirePermission(ctx.actor, 'contract:read');
  await deps.db.transaction(async (tx) => {
    const contract = await findVisibleContract(tx, actor, contractId, { forUpdate: true });
    requirePermission(actor, 'billing:write');
    if (!signed.includes(contract.status)) throw new AppError('CONFLICT', `合同 ${contract.number} 尚未生效`, { reason: 'contract.wrong_status' });
    const [row] = await tx.insert(contractPaymentConfirmations).values({ contractId, note: body.note || null, confirmedById: actor.userId, confirmedAt: deps.clock.now() }).onConflictDoNothing().returning();
    if (!row) throw new AppError('CONFLICT', '财务已确认过该合同的到账', { reason: 'move_in.payment_confirmed' });
    await recordAudit(tx, deps.clock, ctx, { action: 'payment_confirm', entityType: 'contract', entityId: contractId, customerId: contract.customerId, summary: `财务确认合同 ${contract.number} 保证金与首期款已到账${body.note ? `（${body.note}）` : ''}` });
    await contractTimeline(tx, deps, actor, contract, '财务确认保证金与首期款到账', 'payment_confirmed');
  });
  return getMoveIn(deps, ctx, contractId);
}
