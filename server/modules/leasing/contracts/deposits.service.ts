import { and, desc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { hasPermission, requirePermission, type RequestContext } from '../../../platform/access/access';
import { diffChanges, recordAudit } from '../../../platform/audit/audit.service';
import { isValidIsoDate, shanghaiDate } from '../../../platform/dates';
import type { DbOrTx, Tx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { moneyInput, moneyOutput, parseYuan, sumFen, yuanText } from '../../../platform/money';
import { addTimelineEvent, canReadCustomer, customers, customerScope } from '../../customers';
import { findOccupancy } from '../spaces/spaces.queries';
import { spaceOccupancies, spaces } from '../spaces/spaces.table';
import type { ContractRow } from './contracts.queries';
import { reservationDeposits } from './deposits.table';

// 定金与认购书 (R-LEA-34): finance records the 定金 taken to reserve a unit together with the
// subscription's terms, which are locked from then on. Signing the customer's contract for that
// unit converts it to deposit or rent (a credit line on the first period of the schedule);
// a reservation that ends without a contract is settled as the subscription says.

export const depositKinds = ['small', 'large'] as const;
export const depositKindNames = { small: '小定', large: '大定' } as const;
export const onSigningNames = { deposit: '转为保证金', rent: '抵作租金' } as const;
export const onWithdrawalNames = { forfeit: '不予退还', refund: '退还' } as const;
export const depositStatusNames = { held: '持有中', converted: '已转合同', forfeited: '已没收', refunded: '已退还' } as const;

export const recordDepositBody = z.object({
  kind: z.enum(depositKinds, '定金类型应为 small（小定）或 large（大定）'),
  amount: moneyInput({ label: '定金金额' }),
  receivedOn: z.string().refine(isValidIsoDate, '收款日期应为有效日期，格式 YYYY-MM-DD'),
  onSigning: z.enum(['deposit', 'rent'], '签约时定金应 deposit（转为保证金）或 rent（抵作租金）'),
  onWithdrawal: z.enum(['forfeit', 'refund'], '客户放弃时定金应 forfeit（不予退还）或 refund（退还）'),
  terms: z.string().trim().min(10, '请填写认购书主要条款（至少 10 个字）').max(4000, '认购书条款不超过 4000 个字'),
});
export type RecordDepositBody = z.infer<typeof recordDepositBody>;
export const settleDepositBody = z.object({ note: z.string().trim().max(500, '备注不超过 500 个字').optional() });

export const depositSchema = z.object({
  id: z.number().int(),
  occupancyId: z.number().int(),
  customerId: z.number().int(),
  customerName: z.string(),
  spaceId: z.number().int(),
  unitCode: z.string(),
  kind: z.enum(depositKinds),
  kindName: z.string(),
  amount: moneyOutput,
  receivedOn: z.string(),
  onSigning: z.enum(['deposit', 'rent']),
  onWithdrawal: z.enum(['forfeit', 'refund']),
  rules: z.string().describe('认购书约定，用文字说明'),
  terms: z.string(),
  status: z.enum(['held', 'converted', 'forfeited', 'refunded']),
  statusName: z.string(),
  reservation: z.object({ startDate: z.string(), endDate: z.string(), released: z.boolean(), releaseReason: z.string().nullable() }),
  contractId: z.number().int().nullable(),
  settleNote: z.string().nullable(),
  settledAt: z.string().nullable(),
  createdAt: z.string(),
  /** The reservation ended without a contract: finance settles it as the subscription says. */
  canSettle: z.boolean(),
});
export type Deposit = z.infer<typeof depositSchema>;

export const depositListQuery = z.object({ status: z.enum(['held', 'converted', 'forfeited', 'refunded']).optional() });

const selectDeposits = (db: DbOrTx) =>
  db
    .select({ deposit: reservationDeposits, customerName: customers.name, unitCode: spaces.fullCode, occupancy: spaceOccupancies })
    .from(reservationDeposits)
    .innerJoin(customers, eq(customers.id, reservationDeposits.customerId))
    .innerJoin(spaces, eq(spaces.id, reservationDeposits.spaceId))
    .innerJoin(spaceOccupancies, eq(spaceOccupancies.id, reservationDeposits.occupancyId))
    .$dynamic();
type Selected = Awaited<ReturnType<ReturnType<typeof selectDeposits>['execute']>>[number];

function toDeposit(row: Selected, mayFinance: boolean): Deposit {
  const d = row.deposit;
  const onSigning = d.onSigning as Deposit['onSigning'];
  const onWithdrawal = d.onWithdrawal as Deposit['onWithdrawal'];
  const released = row.occupancy.releasedAt !== null;
  return {
    id: d.id,
    occupancyId: d.occupancyId,
    customerId: d.customerId,
    customerName: row.customerName,
    spaceId: d.spaceId,
    unitCode: row.unitCode,
    kind: d.kind as Deposit['kind'],
    kindName: depositKindNames[d.kind as Deposit['kind']],
    amount: d.amount,
    receivedOn: d.receivedOn,
    onSigning,
    onWithdrawal,
    rules: `签约时${onSigningNames[onSigning]}；客户放弃时${onWithdrawalNames[onWithdrawal]}`,
    terms: d.terms,
    status: d.status as Deposit['status'],
    statusName: depositStatusNames[d.status as Deposit['status']],
    reservation: { startDate: row.occupancy.startDate, endDate: row.occupancy.endDate, released, releaseReason: row.occupancy.releaseReason },
    contractId: d.contractId,
    settleNote: d.settleNote,
    settledAt: d.settledAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
    canSettle: mayFinance && d.status === 'held' && released,
  };
}

/** Deposits of customers within the caller's customer scope. */
export async function listDeposits(deps: Deps, ctx: RequestContext, query: z.infer<typeof depositListQuery>): Promise<Deposit[]> {
  const actor = requirePermission(ctx.actor, 'space:read');
  const rows = await selectDeposits(deps.db)
    .where(and(customerScope(actor), query.status ? eq(reservationDeposits.status, query.status) : undefined))
    .orderBy(desc(reservationDeposits.id))
    .limit(500);
  return rows.map((row) => toDeposit(row, hasPermission(actor, 'billing:write')));
}

async function visibleDeposit(db: DbOrTx, ctx: RequestContext, id: number): Promise<Deposit> {
  const actor = ctx.actor!;
  const [row] = await selectDeposits(db).where(and(eq(reservationDeposits.id, id), customerScope(actor)));
  if (!row) throw new AppError('NOT_FOUND', '定金记录不存在');
  return toDeposit(row, hasPermission(actor, 'billing:write'));
}

/** 收定金 (finance): against an open reservation of a customer in scope; the 认购书 is locked. */
export async function recordDeposit(deps: Deps, ctx: RequestContext, occupancyId: number, body: RecordDepositBody): Promise<Deposit> {
  const actor = requirePermission(ctx.actor, 'space:read');
  if (body.receivedOn > shanghaiDate(deps.clock.now())) throw fieldError('receivedOn', '收款日期不能晚于今天');
  const id = await deps.db.transaction(async (tx) => {
    const reservation = await findOccupancy(tx, occupancyId, { forUpdate: true });
    const visible = reservation && reservation.kind === 'reservation' && reservation.contractId === null && (await canReadCustomer(tx, actor, reservation.customerId));
    if (!reservation || !visible) throw new AppError('NOT_FOUND', '预留不存在');
    requirePermission(actor, 'billing:write');
    if (reservation.releasedAt) throw new AppError('CONFLICT', '该预留已解除，不能再收定金', { reason: 'deposit.reservation_released' });
    const [row] = await tx
      .insert(reservationDeposits)
      .values({ occupancyId, customerId: reservation.customerId, spaceId: reservation.spaceId, ...body, status: 'held', createdById: actor.userId, createdAt: deps.clock.now() })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError('CONFLICT', '该预留已登记定金，认购书已锁定，不能修改或重复登记', { reason: 'deposit.locked' });
    await recordAudit(tx, deps.clock, ctx, {
      action: 'deposit_record',
      entityType: 'space_occupancy',
      entityId: occupancyId,
      customerId: reservation.customerId,
      summary: `收取${depositKindNames[body.kind]} ${body.amount} 元（${body.receivedOn}），认购书约定签约时${onSigningNames[body.onSigning]}、放弃时${onWithdrawalNames[body.onWithdrawal]}`,
      changes: diffChanges(null, row, ['kind', 'amount', 'receivedOn', 'onSigning', 'onWithdrawal']),
    });
    await addTimelineEvent(tx, deps.clock, { customerId: reservation.customerId, type: 'space_reserved', title: `收取${depositKindNames[body.kind]} ${body.amount} 元，签订认购书`, actorId: actor.userId, sourceType: 'reservation_deposit', sourceId: row.id });
    return row.id;
  });
  return visibleDeposit(deps.db, ctx, id);
}

/** A draft that took over the reservation still holds the unit for the customer. */
async function contractStillHolds(db: DbOrTx, deposit: typeof reservationDeposits.$inferSelect): Promise<boolean> {
  const [hold] = await db
    .select({ id: spaceOccupancies.id })
    .from(spaceOccupancies)
    .where(and(eq(spaceOccupancies.customerId, deposit.customerId), eq(spaceOccupancies.spaceId, deposit.spaceId), isNotNull(spaceOccupancies.contractId), isNull(spaceOccupancies.releasedAt)))
    .limit(1);
  return Boolean(hold);
}

/** 定金结算: a reservation that ended without a contract — forfeited or refunded as agreed. */
export async function settleDeposit(deps: Deps, ctx: RequestContext, id: number, body: z.infer<typeof settleDepositBody>): Promise<Deposit> {
  const actor = requirePermission(ctx.actor, 'space:read');
  await visibleDeposit(deps.db, ctx, id);
  requirePermission(actor, 'billing:write');
  await deps.db.transaction(async (tx) => {
    const [row] = await tx.select().from(reservationDeposits).where(eq(reservationDeposits.id, id)).for('update');
    const reservation = await findOccupancy(tx, row!.occupancyId);
    if (row!.status !== 'held') throw new AppError('CONFLICT', `定金已${depositStatusNames[row!.status as Deposit['status']]}`, { reason: 'deposit.settled' });
    if (!reservation?.releasedAt || (reservation.releaseReason === 'converted' && (await contractStillHolds(tx, row!)))) {
      throw new AppError('CONFLICT', '预留仍有效或已转为合同：定金在预留解除或到期、或合同草稿终止后才能按认购书结算', { reason: 'deposit.reservation_open' });
    }
    const status = row!.onWithdrawal === 'refund' ? 'refunded' : 'forfeited';
    await tx.update(reservationDeposits).set({ status, settledAt: deps.clock.now(), settledById: actor.userId, settleNote: body.note || null }).where(eq(reservationDeposits.id, id));
    await recordAudit(tx, deps.clock, ctx, {
      action: `deposit_${status}`,
      entityType: 'space_occupancy',
      entityId: row!.occupancyId,
      customerId: row!.customerId,
      summary: `客户放弃预留，${depositKindNames[row!.kind as Deposit['kind']]} ${row!.amount} 元按认购书${status === 'refunded' ? '退还' : '不予退还'}${body.note ? `（${body.note}）` : ''}`,
    });
    await addTimelineEvent(tx, deps.clock, { customerId: row!.customerId, type: 'space_released', title: `定金 ${row!.amount} 元${status === 'refunded' ? '已退还' : '不予退还'}`, actorId: actor.userId, sourceType: 'reservation_deposit', sourceId: id });
  });
  return visibleDeposit(deps.db, ctx, id);
}

/**
 * On signing: the customer's held deposits on the contract's units convert (in the signing
 * transaction); billing shows them as credits in the first period (contractTermSegments).
 */
export async function convertDeposits(tx: Tx, deps: Pick<Deps, 'clock'>, contract: ContractRow, spaceIds: number[]) {
  if (spaceIds.length === 0) return [];
  const converted = await tx
    .update(reservationDeposits)
    .set({ status: 'converted', contractId: contract.id, settledAt: deps.clock.now() })
    .where(and(eq(reservationDeposits.customerId, contract.customerId), eq(reservationDeposits.status, 'held'), inArray(reservationDeposits.spaceId, spaceIds)))
    .returning();
  for (const deposit of converted) {
    await recordAudit(tx, deps.clock, {}, {
      action: 'deposit_convert',
      entityType: 'contract',
      entityId: contract.id,
      customerId: contract.customerId,
      summary: `合同 ${contract.number} 签署：${depositKindNames[deposit.kind as Deposit['kind']]} ${deposit.amount} 元${onSigningNames[deposit.onSigning as Deposit['onSigning']]}`,
      actorName: '系统规则',
    });
  }
  return converted;
}

/** The converted deposits of a contract as first-period credits (negative one-off lines). */
export async function depositCredits(db: DbOrTx, contractId: number) {
  const rows = await db.select().from(reservationDeposits).where(and(eq(reservationDeposits.contractId, contractId), eq(reservationDeposits.status, 'converted')));
  const credits: { item: string; amount: string; explanation: string }[] = [];
  for (const onSigning of ['deposit', 'rent'] as const) {
    const mine = rows.filter((row) => row.onSigning === onSigning);
    if (mine.length === 0) continue;
    const fen = sumFen(mine.map((row) => parseYuan(row.amount)));
    credits.push({ item: onSigning === 'deposit' ? 'earnest_to_deposit' : 'earnest_to_rent', amount: yuanText(-fen), explanation: `定金 ${yuanText(fen)} 元${onSigningNames[onSigning]}（认购书 ${mine.map((row) => `#${row.id}`).join('、')}），冲减应收` });
  }
  return credits;
}
