import { and, asc, desc, eq, gte, lte } from 'drizzle-orm';
import { z } from 'zod';
import { hasPermission, requirePermission, type RequestContext } from '../../../platform/access/access';
import { diffChanges, recordAudit } from '../../../platform/audit/audit.service';
import { isValidIsoDate, shanghaiDate } from '../../../platform/dates';
import type { DbOrTx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { notify } from '../../../platform/notifications/notifications.service';
import { orgUnits, users } from '../../../platform/org/org.table';
import { contractCopies, contractSealUses } from './archive.table';
import { contractScope, findVisibleContract, type ContractRow } from './contracts.queries';
import { contractLink } from './contracts.service';
import { contracts } from './contracts.table';

// 归档与用印 (R-LEA-23): where the signed original is kept, the copies handed to departments with
// their receivers' acknowledgement, and the register of every use of the contract seal.

export const COPY_HANDED_KIND = 'contract_copy_handed';
export const copyHandedKind = { kind: COPY_HANDED_KIND, label: '合同副本签收', labelEn: 'Contract copy to acknowledge' };

const isoDate = (label: string) => z.string().refine(isValidIsoDate, `${label}应为有效日期，格式 YYYY-MM-DD`);
const text = (label: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min, `请填写${label}`)
    .max(max, `${label}不超过 ${max} 个字`);

export const archiveBody = z.object({ archiveNumber: text('档案编号', 1, 50), archiveLocation: text('存放位置', 2, 200) });
export const copyBody = z.object({ receiverId: z.number('请选择接收人').int().positive('请选择接收人'), purpose: text('用途', 2, 200), handedOn: isoDate('发放日期') });
export const sealUseBody = z.object({
  usedOn: isoDate('用印日期'),
  document: text('用印文件', 2, 200),
  copies: z.number('请填写份数').int('份数应为整数').min(1, '份数至少 1 份').max(100, '份数不超过 100 份'),
  purpose: text('用途', 0, 200).optional(),
});
export const sealRegisterQuery = z.object({ from: isoDate('开始日期').optional(), to: isoDate('结束日期').optional() });

export const archiveSchema = z.object({
  archiveNumber: z.string().nullable(),
  archiveLocation: z.string().nullable(),
  archivedAt: z.string().nullable(),
  copies: z.array(
    z.object({
      id: z.number().int(),
      receiverId: z.number().int(),
      receiverName: z.string().nullable(),
      department: z.string().nullable(),
      purpose: z.string(),
      handedOn: z.string(),
      acknowledgedAt: z.string().nullable(),
      /** The caller is the receiver and has not acknowledged yet. */
      canAcknowledge: z.boolean(),
    }),
  ),
  sealUses: z.array(z.object({ id: z.number().int(), usedOn: z.string(), document: z.string(), copies: z.number().int(), purpose: z.string().nullable(), keeperName: z.string().nullable() })),
  canArchive: z.boolean(),
  canRecordSeal: z.boolean(),
});
export type ContractArchive = z.infer<typeof archiveSchema>;

export const sealRegisterRowSchema = z.object({
  id: z.number().int(),
  usedOn: z.string(),
  contractId: z.number().int(),
  contractNumber: z.string(),
  document: z.string(),
  copies: z.number().int(),
  purpose: z.string().nullable(),
  keeperName: z.string().nullable(),
});

const signed = ['effective', 'changing', 'expired', 'terminated_early'];
/** Archive and seal: the legal / archive staff who review contracts (contract:approve) in scope. */
const mayKeep = (actor: NonNullable<RequestContext['actor']>) => hasPermission(actor, 'contract:approve');

async function archiveOf(db: DbOrTx, actor: NonNullable<RequestContext['actor']>, contract: ContractRow): Promise<ContractArchive> {
  const copies = await db
    .select({ copy: contractCopies, receiverName: users.displayName, department: orgUnits.name })
    .from(contractCopies)
    .leftJoin(users, eq(users.id, contractCopies.receiverId))
    .leftJoin(orgUnits, eq(orgUnits.id, users.unitId))
    .where(eq(contractCopies.contractId, contract.id))
    .orderBy(asc(contractCopies.id));
  const seals = await db
    .select({ use: contractSealUses, keeperName: users.displayName })
    .from(contractSealUses)
    .leftJoin(users, eq(users.id, contractSealUses.keeperId))
    .where(eq(contractSealUses.contractId, contract.id))
    .orderBy(asc(contractSealUses.usedOn), asc(contractSealUses.id));
  return {
    archiveNumber: contract.archiveNumber,
    archiveLocation: contract.archiveLocation,
    archivedAt: contract.archivedAt?.toISOString() ?? null,
    copies: copies.map(({ copy, receiverName, department }) => ({
      id: copy.id,
      receiverId: copy.receiverId,
      receiverName,
      department,
      purpose: copy.purpose,
      handedOn: copy.handedOn,
      acknowledgedAt: copy.acknowledgedAt?.toISOString() ?? null,
      canAcknowledge: copy.receiverId === actor.userId && !copy.acknowledgedAt,
    })),
    sealUses: seals.map(({ use, keeperName }) => ({ id: use.id, usedOn: use.usedOn, document: use.document, copies: use.copies, purpose: use.purpose, keeperName })),
    canArchive: mayKeep(actor) && signed.includes(contract.status),
    canRecordSeal: mayKeep(actor) && contract.status !== 'terminated',
  };
}

export async function getArchive(deps: Deps, ctx: RequestContext, contractId: number): Promise<ContractArchive> {
  const actor = requirePermission(ctx.actor, 'contract:read');
  return archiveOf(deps.db, actor, await findVisibleContract(deps.db, actor, contractId));
}

async function keeping(deps: Deps, ctx: RequestContext, contractId: number, work: (contract: ContractRow, tx: DbOrTx) => Promise<void>) {
  const actor = requirePermission(ctx.actor, 'contract:read');
  await deps.db.transaction(async (tx) => {
    const contract = await findVisibleContract(tx, actor, contractId, { forUpdate: true });
    if (!mayKeep(actor)) throw new AppError('FORBIDDEN', '原件归档、副本发放与用印登记由法务/档案管理人员办理', { reason: 'contract.not_keeper' });
    await work(contract, tx);
  });
  return getArchive(deps, ctx, contractId);
}

/** 原件归档: archive number and location of the signed original (a later move is a new entry in the audit). */
export function archiveContract(deps: Deps, ctx: RequestContext, contractId: number, body: z.infer<typeof archiveBody>) {
  return keeping(deps, ctx, contractId, async (before, tx) => {
    if (!signed.includes(before.status)) throw new AppError('CONFLICT', `合同 ${before.number} 尚未签署，没有原件可归档`, { reason: 'contract.wrong_status' });
    const [after] = await tx.update(contracts).set({ ...body, archivedAt: deps.clock.now(), updatedAt: deps.clock.now() }).where(eq(contracts.id, contractId)).returning();
    await recordAudit(tx, deps.clock, ctx, {
      action: 'archive',
      entityType: 'contract',
      entityId: contractId,
      customerId: before.customerId,
      summary: `合同 ${before.number} 原件归档：档案编号 ${body.archiveNumber}，存放于 ${body.archiveLocation}`,
      changes: diffChanges(before, after!, ['archiveNumber', 'archiveLocation']),
    });
  });
}

/** 副本发放: a copy to a colleague, who is asked to acknowledge it. */
export function handOutCopy(deps: Deps, ctx: RequestContext, contractId: number, body: z.infer<typeof copyBody>) {
  return keeping(deps, ctx, contractId, async (contract, tx) => {
    if (body.handedOn > shanghaiDate(deps.clock.now())) throw fieldError('handedOn', '发放日期不能晚于今天');
    const [receiver] = await tx.select({ id: users.id, name: users.displayName }).from(users).where(and(eq(users.id, body.receiverId), eq(users.status, 'active')));
    if (!receiver) throw fieldError('receiverId', '接收人不存在或已停用');
    const [copy] = await tx.insert(contractCopies).values({ contractId, ...body, handedById: ctx.actor!.userId, createdAt: deps.clock.now() }).returning();
    await notify(tx, deps.clock, { userId: receiver.id, kind: COPY_HANDED_KIND, title: `请签收合同 ${contract.number} 副本`, body: `用途：${body.purpose}；发放日期 ${body.handedOn}`, link: contractLink(contractId) });
    await recordAudit(tx, deps.clock, ctx, { action: 'copy_hand_out', entityType: 'contract', entityId: contractId, customerId: contract.customerId, summary: `发放合同 ${contract.number} 副本给 ${receiver.name}（${body.purpose}），副本 #${copy!.id}` });
  });
}

/** 签收: only the receiver acknowledges — by the copy, even without access to the contract list. */
export async function acknowledgeCopy(deps: Deps, ctx: RequestContext, contractId: number, copyId: number): Promise<{ acknowledgedAt: string }> {
  const actor = requirePermission(ctx.actor, 'contract:read');
  return deps.db.transaction(async (tx) => {
    const [copy] = await tx.select().from(contractCopies).where(and(eq(contractCopies.id, copyId), eq(contractCopies.contractId, contractId))).for('update');
    if (!copy || copy.receiverId !== actor.userId) {
      // Not the receiver: the contract's scope decides between «not yours» and «not found».
      await findVisibleContract(tx, actor, contractId);
      throw new AppError('NOT_FOUND', '副本不存在或不是发给您的');
    }
    if (copy.acknowledgedAt) throw new AppError('CONFLICT', '该副本已签收', { reason: 'copy.acknowledged' });
    const now = deps.clock.now();
    await tx.update(contractCopies).set({ acknowledgedAt: now }).where(eq(contractCopies.id, copyId));
    const [contract] = await tx.select({ number: contracts.number, customerId: contracts.customerId }).from(contracts).where(eq(contracts.id, contractId));
    await recordAudit(tx, deps.clock, ctx, { action: 'copy_acknowledge', entityType: 'contract', entityId: contractId, customerId: contract?.customerId ?? null, summary: `${actor.displayName} 签收合同 ${contract?.number ?? ''} 副本 #${copyId}` });
    return { acknowledgedAt: now.toISOString() };
  });
}

/** 用印登记: one use of the 合同专用章 on a document of the contract. */
export function recordSealUse(deps: Deps, ctx: RequestContext, contractId: number, body: z.infer<typeof sealUseBody>) {
  return keeping(deps, ctx, contractId, async (contract, tx) => {
    if (contract.status === 'terminated') throw new AppError('CONFLICT', `合同 ${contract.number} 已终止，不能再用印`, { reason: 'contract.wrong_status' });
    if (body.usedOn > shanghaiDate(deps.clock.now())) throw fieldError('usedOn', '用印日期不能晚于今天');
    const [use] = await tx.insert(contractSealUses).values({ contractId, ...body, purpose: body.purpose || null, keeperId: ctx.actor!.userId, createdAt: deps.clock.now() }).returning();
    await recordAudit(tx, deps.clock, ctx, { action: 'seal_use', entityType: 'contract', entityId: contractId, customerId: contract.customerId, summary: `合同 ${contract.number} 用印：${body.document} ${body.copies} 份（${body.usedOn}），登记 #${use!.id}` });
  });
}

/** 用印登记簿: every use of the contract seal on contracts within the caller's contract scope. */
export async function sealRegister(deps: Deps, ctx: RequestContext, query: z.infer<typeof sealRegisterQuery>) {
  const actor = requirePermission(ctx.actor, 'contract:read');
  const rows = await deps.db
    .select({ use: contractSealUses, number: contracts.number, keeperName: users.displayName })
    .from(contractSealUses)
    .innerJoin(contracts, eq(contracts.id, contractSealUses.contractId))
    .leftJoin(users, eq(users.id, contractSealUses.keeperId))
    .where(and(contractScope(actor), query.from ? gte(contractSealUses.usedOn, query.from) : undefined, query.to ? lte(contractSealUses.usedOn, query.to) : undefined))
    .orderBy(desc(contractSealUses.usedOn), desc(contractSealUses.id))
    .limit(1000);
  return rows.map(({ use, number, keeperName }) => ({ id: use.id, usedOn: use.usedOn, contractId: use.contractId, contractNumber: number, document: use.document, copies: use.copies, purpose: use.purpose, keeperName }));
}
