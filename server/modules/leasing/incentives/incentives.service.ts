import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import { requirePermission, type RequestContext } from '../../../platform/access/access';
import { recordAudit } from '../../../platform/audit/audit.service';
import { daysInclusive } from '../../../platform/dates';
import type { DbOrTx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { spaces } from '../spaces/spaces.table';
import type { createPackageBody, IncentivePackage, updatePackageBody } from './incentives.schema';
import { leasingIncentivePackages } from './incentives.table';

// 标准优惠政策 (R-LEA-35): packages per project; at submission a contract's rent-free months are
// held against the package it names. In a project without packages, rent-free terms are judged by
// the contract review as before.

const columns = { p: leasingIncentivePackages, projectName: spaces.name };
const toPackage = ({ p, projectName }: { p: typeof leasingIncentivePackages.$inferSelect; projectName: string }): IncentivePackage => ({
  id: p.id,
  projectId: p.projectId,
  projectName,
  name: p.name,
  freeMonths: p.freeMonths,
  validFrom: p.validFrom,
  validTo: p.validTo,
  active: p.active,
  note: p.note,
});

export async function listPackages(deps: Deps, ctx: RequestContext, projectId?: number): Promise<IncentivePackage[]> {
  requirePermission(ctx.actor, 'contract:read');
  const rows = await deps.db
    .select(columns)
    .from(leasingIncentivePackages)
    .innerJoin(spaces, eq(spaces.id, leasingIncentivePackages.projectId))
    .where(projectId ? eq(leasingIncentivePackages.projectId, projectId) : undefined)
    .orderBy(asc(spaces.name), asc(leasingIncentivePackages.id));
  return rows.map(toPackage);
}

async function getPackage(db: DbOrTx, id: number): Promise<IncentivePackage> {
  const [row] = await db.select(columns).from(leasingIncentivePackages).innerJoin(spaces, eq(spaces.id, leasingIncentivePackages.projectId)).where(eq(leasingIncentivePackages.id, id));
  if (!row) throw new AppError('NOT_FOUND', '优惠政策不存在');
  return toPackage(row);
}

/** 新建优惠政策 (space:manage): for a project, i.e. a top-level space. */
export async function createPackage(deps: Deps, ctx: RequestContext, body: z.infer<typeof createPackageBody>): Promise<IncentivePackage> {
  requirePermission(ctx.actor, 'space:manage');
  if (body.validTo && body.validTo < body.validFrom) throw fieldError('validTo', '截止日期不能早于生效日期');
  const now = deps.clock.now();
  const id = await deps.db.transaction(async (tx) => {
    const [project] = await tx.select({ id: spaces.id }).from(spaces).where(and(eq(spaces.id, body.projectId), isNull(spaces.parentId)));
    if (!project) throw fieldError('projectId', '项目应为最上一级房源（园区或楼宇群）');
    const [row] = await tx
      .insert(leasingIncentivePackages)
      .values({ projectId: body.projectId, name: body.name, freeMonths: body.freeMonths, validFrom: body.validFrom, validTo: body.validTo ?? null, note: body.note, createdById: ctx.actor!.userId, createdAt: now, updatedAt: now })
      .returning({ id: leasingIncentivePackages.id });
    await recordAudit(tx, deps.clock, ctx, { action: 'create', entityType: 'incentive_package', entityId: row!.id, summary: `新建优惠政策「${body.name}」（免租 ${body.freeMonths} 个月，${body.validFrom} 起）` });
    return row!.id;
  });
  return getPackage(deps.db, id);
}

/** 修改或停用: the free months and the start stay as contracts took them. */
export async function updatePackage(deps: Deps, ctx: RequestContext, id: number, body: z.infer<typeof updatePackageBody>): Promise<IncentivePackage> {
  requirePermission(ctx.actor, 'space:manage');
  await deps.db.transaction(async (tx) => {
    const before = await getPackage(tx, id);
    const validTo = body.validTo === undefined ? before.validTo : body.validTo;
    if (validTo && validTo < before.validFrom) throw fieldError('validTo', '截止日期不能早于生效日期');
    await tx.update(leasingIncentivePackages).set({ name: body.name ?? before.name, validTo, active: body.active ?? before.active, note: body.note ?? before.note, updatedAt: deps.clock.now() }).where(eq(leasingIncentivePackages.id, id));
    await recordAudit(tx, deps.clock, ctx, { action: 'update', entityType: 'incentive_package', entityId: id, summary: `修改优惠政策「${body.name ?? before.name}」${body.active === false ? '（停用）' : ''}` });
  });
  return getPackage(deps.db, id);
}

/** The project (top-level space) of each unit. */
async function projectsOf(db: DbOrTx, spaceIds: number[]): Promise<number[]> {
  if (!spaceIds.length) return [];
  const rows = await db.select({ path: spaces.path }).from(spaces).where(inArray(spaces.id, spaceIds));
  // Paths run from the root: `/1/5/9/` belongs to project 1.
  return [...new Set(rows.map((row) => Number(row.path.split('/')[1])))];
}

export interface RentFreeCheck {
  /** Rent-free time of the contract, in months of 365/12 days (2 decimals). */
  rentFreeMonths: number;
  /** Beyond the package named (0 in a project without packages, or within the package). */
  beyondPackage: number;
  packageName: string | null;
}

/**
 * The contract's rent-free months against its package, at submission: a package must belong to
 * the contract's project, be active and valid on the start date. Refused otherwise.
 */
export async function checkRentFree(db: DbOrTx, contract: { startDate: string; spaceIds: number[]; freePeriods: { startDate: string; endDate: string }[]; packageId: number | null | undefined }): Promise<RentFreeCheck> {
  const days = contract.freePeriods.reduce((sum, p) => sum + daysInclusive(p.startDate, p.endDate), 0);
  const rentFreeMonths = Math.round((days / (365 / 12)) * 100) / 100;
  const projects = await projectsOf(db, contract.spaceIds);
  const offered = projects.length ? await db.select().from(leasingIncentivePackages).where(inArray(leasingIncentivePackages.projectId, projects)) : [];
  if (contract.packageId) {
    const chosen = offered.find((p) => p.id === contract.packageId);
    if (!chosen) throw fieldError('terms.incentivePackageId', '所选优惠政策不属于本合同房源所在的项目');
    if (!chosen.active || chosen.validFrom > contract.startDate || (chosen.validTo && chosen.validTo < contract.startDate)) {
      throw fieldError('terms.incentivePackageId', `优惠政策「${chosen.name}」在合同起始日 ${contract.startDate} 不适用（已停用或不在有效期内）`);
    }
    return { rentFreeMonths, beyondPackage: Math.max(0, Math.round((rentFreeMonths - chosen.freeMonths) * 100) / 100), packageName: chosen.name };
  }
  // Without a package: in a project that has packages all rent-free time is beyond them.
  return { rentFreeMonths, beyondPackage: offered.length ? rentFreeMonths : 0, packageName: null };
}
