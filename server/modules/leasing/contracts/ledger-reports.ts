import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { and, desc, eq, max } from 'drizzle-orm';
import { z } from 'zod';
import { requirePermission, scopeOf, type Actor, type RequestContext } from '../../../platform/access/access';
import { activeUserIdsWithRole } from '../../../platform/approvals/approvals.queries';
import { recordAudit } from '../../../platform/audit/audit.service';
import { addDays, addMonths, shanghaiDate, shanghaiTime } from '../../../platform/dates';
import type { Deps } from '../../../platform/deps';
import { AppError } from '../../../platform/errors';
import { blobPath } from '../../../platform/files/files.service';
import { users } from '../../../platform/org/org.table';
import { createTask } from '../../../platform/tasks/tasks.service';
import { ledgerWorkbook } from './ledger.service';
import { contractLedgerReports } from './ledger.table';

// 季度合同台账 (R-LEA-21): before the 5th day of each quarter the previous quarter's ledger is
// produced as .xlsx, archived (every version kept), and a task goes to legal and the executives
// (分管领导/总经理) to receive it. Company-wide data: only company-wide contract readers see it.

export const LEDGER_REPORT_RULE = 'contract_ledger_quarterly';

export const quarterInput = z.string().regex(/^\d{4}Q[1-4]$/, '季度格式应为 2026Q3');

/** The quarter's first and last day: 2026Q3 → 2026-07-01 … 2026-09-30. */
export function quarterRange(quarter: string): { from: string; to: string } {
  const year = Number(quarter.slice(0, 4));
  const q = Number(quarter.slice(5));
  const from = `${year}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`;
  return { from, to: addDays(addMonths(from, 3), -1) };
}

/** The quarter before the one containing `day`. */
export function previousQuarter(day: string): string {
  const year = Number(day.slice(0, 4));
  const q = Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1;
  return q === 1 ? `${year - 1}Q4` : `${year}Q${q - 1}`;
}

function assertCompanyWide(actor: Actor) {
  if (scopeOf(actor, 'contract') !== 'all') throw new AppError('FORBIDDEN', '季度合同台账包含全公司合同，仅限法务、财务、分管领导与管理员查看', { reason: 'contract.ledger_company_wide' });
}

async function produce(deps: Pick<Deps, 'db' | 'clock' | 'config'>, ctx: RequestContext, quarter: string) {
  const { from, to } = quarterRange(quarter);
  const title = `${quarter.slice(0, 4)} 年第 ${quarter.slice(5)} 季度合同台账（${from} 至 ${to} 期间有效的合同），生成于 ${shanghaiDate(deps.clock.now())}`;
  const { buffer, rows } = await ledgerWorkbook(deps.db, null, { from, to }, title);
  const sha256 = createHash('sha256').update(buffer).digest('hex');
  const target = blobPath(deps, sha256);
  await fs.mkdir(path.dirname(target), { recursive: true });
  const temp = `${target}.${randomUUID()}.part`;
  await fs.writeFile(temp, buffer, { mode: 0o600 });
  await fs.rename(temp, target);
  return deps.db.transaction(async (tx) => {
    const [last] = await tx.select({ version: max(contractLedgerReports.version) }).from(contractLedgerReports).where(eq(contractLedgerReports.quarter, quarter));
    const version = (last?.version ?? 0) + 1;
    const [row] = await tx
      .insert(contractLedgerReports)
      .values({ quarter, version, fromDate: from, toDate: to, sha256, sizeBytes: buffer.length, contracts: rows, createdById: ctx.actor?.userId ?? null, createdAt: deps.clock.now() })
      .returning();
    const dueDay = `${addMonths(from, 3).slice(0, 7)}-04`;
    const recipients = new Set([...(await activeUserIdsWithRole(tx, 'legal')), ...(await activeUserIdsWithRole(tx, 'executive'))]);
    for (const userId of recipients) {
      await createTask(
        tx,
        deps,
        {
          title: `审阅 ${quarter.slice(0, 4)} 年第 ${quarter.slice(5)} 季度合同台账`,
          description: `${title}，共 ${rows} 份合同（第 ${version} 版）。请在「合同台账」中下载审阅。`,
          assigneeId: userId,
          dueAt: shanghaiTime(dueDay, '18:00'),
          recordType: 'contract_ledger_report',
          recordId: row!.id,
          ruleKey: LEDGER_REPORT_RULE,
          dedupeKey: `${LEDGER_REPORT_RULE}:${quarter}:${version}:${userId}`,
          createdById: ctx.actor?.userId ?? null,
        },
        ctx,
      );
    }
    await recordAudit(tx, deps.clock, ctx, {
      action: 'ledger_report',
      entityType: 'contract_ledger_report',
      entityId: row!.id,
      summary: `生成 ${quarter} 季度合同台账第 ${version} 版（${rows} 份合同），报送法务与分管领导 ${recipients.size} 人`,
      ...(ctx.actor ? {} : { actorName: '系统规则' }),
    });
    return row!;
  });
}

/** The daily job: on the 1st–4th of a quarter, the previous quarter's ledger once. */
export async function runQuarterlyLedger(deps: Pick<Deps, 'db' | 'clock' | 'config'>): Promise<{ quarter: string; produced: boolean }> {
  const today = shanghaiDate(deps.clock.now());
  const quarter = previousQuarter(today);
  const month = Number(today.slice(5, 7));
  const day = Number(today.slice(8, 10));
  if ((month - 1) % 3 !== 0 || day > 4) return { quarter, produced: false };
  const [existing] = await deps.db.select({ id: contractLedgerReports.id }).from(contractLedgerReports).where(eq(contractLedgerReports.quarter, quarter)).limit(1);
  if (existing) return { quarter, produced: false };
  await produce(deps, { requestId: 'job:contract_ledger_quarterly' }, quarter);
  return { quarter, produced: true };
}

/** A new version by hand (e.g. after corrections); each version is kept. */
export async function produceLedgerReport(deps: Deps, ctx: RequestContext, quarter: string) {
  const actor = requirePermission(ctx.actor, 'contract:read');
  assertCompanyWide(actor);
  return toReport(await produce(deps, ctx, quarter), actor.displayName);
}

function toReport(row: typeof contractLedgerReports.$inferSelect, createdByName: string | null) {
  return { id: row.id, quarter: row.quarter, version: row.version, fromDate: row.fromDate, toDate: row.toDate, contracts: row.contracts, sizeBytes: row.sizeBytes, createdByName, createdAt: row.createdAt.toISOString() };
}
export const ledgerReportSchema = z.object({
  id: z.number().int(),
  quarter: z.string(),
  version: z.number().int(),
  fromDate: z.string(),
  toDate: z.string(),
  contracts: z.number().int(),
  sizeBytes: z.number().int(),
  createdByName: z.string().nullable().describe('null：由定时任务生成'),
  createdAt: z.string(),
});

export async function listLedgerReports(deps: Deps, ctx: RequestContext) {
  const actor = requirePermission(ctx.actor, 'contract:read');
  assertCompanyWide(actor);
  const rows = await deps.db
    .select({ report: contractLedgerReports, createdByName: users.displayName })
    .from(contractLedgerReports)
    .leftJoin(users, eq(users.id, contractLedgerReports.createdById))
    .orderBy(desc(contractLedgerReports.quarter), desc(contractLedgerReports.version));
  return rows.map((row) => toReport(row.report, row.createdByName));
}

export async function ledgerReportFile(deps: Deps, ctx: RequestContext, id: number) {
  const actor = requirePermission(ctx.actor, 'contract:read');
  assertCompanyWide(actor);
  const [row] = await deps.db.select().from(contractLedgerReports).where(and(eq(contractLedgerReports.id, id)));
  if (!row) throw new AppError('NOT_FOUND', '台账报表不存在');
  return { fileName: `合同台账-${row.quarter}-第${row.version}版.xlsx`, body: await fs.readFile(blobPath(deps, row.sha256)) };
}
