import { PassThrough } from 'node:stream';
import { and, asc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { requirePermission, type Actor, type RequestContext } from '../../../platform/access/access';
import { recordAudit } from '../../../platform/audit/audit.service';
import { shanghaiDate } from '../../../platform/dates';
import type { DbOrTx } from '../../../platform/db/client';
import { mapPage, selectPage } from '../../../platform/db/paging';
import type { Deps } from '../../../platform/deps';
import { dictionaryLabels } from '../../../platform/dictionaries/dictionaries.service';
import { AppError } from '../../../platform/errors';
import { customers } from '../../customers';
import { termsInWords } from './contract-terms';
import { contractStatusNames, contractStatuses, contractTypeNames, type ContractStatus, type ContractType } from './contracts.schema';
import { contractScope } from './contracts.queries';
import { contracts } from './contracts.table';

// 合同台账 (R-LEA-20): every contract with 签约单位, 有效期, 收费标准, 具体经营位置, 合同编号, 变更情况,
// 违约情况, 执行情况 and remarks — on screen, as .xlsx, and quarterly for legal and the executives.

export const LEDGER_EXPORT_MAX = 50_000;

/** Contracts that were signed: drafts and contracts under review are not in the ledger. */
const SIGNED: ContractStatus[] = ['effective', 'changing', 'expired', 'terminated_early'];

export const ledgerQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  status: z.enum(contractStatuses).optional(),
  /** Contracts in force at some day of [from, to] (a quarter, a year). */
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '开始日期格式 YYYY-MM-DD').optional(),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '结束日期格式 YYYY-MM-DD').optional(),
});
export type LedgerQuery = z.infer<typeof ledgerQuery>;

export const ledgerRowSchema = z.object({
  id: z.number().int(),
  number: z.string().describe('合同编号'),
  customerName: z.string().describe('签约单位'),
  contractType: z.string(),
  term: z.string().describe('有效期'),
  charges: z.string().describe('收费标准'),
  location: z.string().describe('具体经营位置'),
  area: z.string(),
  changes: z.string().describe('变更情况'),
  breaches: z.string().describe('违约情况'),
  execution: z.string().describe('执行情况'),
  remarks: z.string().describe('备注'),
  status: z.string(),
});
export type LedgerRow = z.infer<typeof ledgerRowSchema>;

const units = sql<string>`(SELECT coalesce(string_agg(cu.full_code || '（' || cu.area || '㎡）', '、' ORDER BY cu.full_code), '') FROM contract_units cu WHERE cu.contract_id = ${contracts.id})`;
const breachCounts = sql<string>`(SELECT count(*) || '/' || count(*) FILTER (WHERE b.status = 'open') FROM contract_breaches b WHERE b.contract_id = ${contracts.id})`;

function ledgerWhere(actor: Actor | null, query: Pick<LedgerQuery, 'status' | 'from' | 'to'>): SQL | undefined {
  return and(
    actor ? contractScope(actor) : undefined,
    query.status ? eq(contracts.status, query.status) : inArray(contracts.status, SIGNED),
    query.to ? lte(contracts.startDate, query.to) : undefined,
    query.from ? gte(contracts.endDate, query.from) : undefined,
  );
}

// 变更情况 (R-LEA-20): the applied amendments with their dates, and one under way.
const amendmentsText = sql<string>`(SELECT coalesce(string_agg(CASE WHEN a.status = 'effective' THEN '第' || a.seq || '号补充协议（' || a.effective_date || ' 起）：' || a.summary ELSE '第' || a.seq || '号变更办理中' END, '；' ORDER BY a.seq), '') FROM contract_amendments a WHERE a.contract_id = ${contracts.id} AND a.status IN ('effective', 'pending', 'approved'))`;

const disputeCounts = sql<string>`(SELECT count(*) || '/' || count(*) FILTER (WHERE d.status = 'open') FROM contract_disputes d WHERE d.contract_id = ${contracts.id})`;

const ledgerColumns = { contract: contracts, customerName: customers.name, units, breachCounts, amendments: amendmentsText, disputeCounts };

/**
 * A page of the ledger: the page's ids first (walking contracts_start_idx in order), then the
 * per-contract texts for those rows only — not for every row skipped by the offset.
 */
async function selectLedger(db: DbOrTx, where: SQL | undefined, limit: number, offset: number) {
  const page = db.select({ id: contracts.id }).from(contracts).where(where).orderBy(asc(contracts.startDate), asc(contracts.id)).limit(limit).offset(offset).as('page');
  return db
    .select(ledgerColumns)
    .from(page)
    .innerJoin(contracts, eq(contracts.id, page.id))
    .innerJoin(customers, eq(customers.id, contracts.customerId))
    .orderBy(asc(contracts.startDate), asc(contracts.id));
}

type Selected = Awaited<ReturnType<typeof selectLedger>>[number];

function disputesText(counts: string): string {
  const [total, open] = String(counts).split('/').map(Number) as [number, number];
  if (!total) return '';
  return open ? `纠纷 ${total} 起，${open} 起未结（有争议）` : `纠纷 ${total} 起，均已结案`;
}

function toLedgerRow(row: Selected, itemNames: Map<string, string>): LedgerRow {
  const c = row.contract;
  const words = termsInWords(c.terms, itemNames);
  const [total, open] = String(row.breachCounts).split('/').map(Number) as [number, number];
  const status = contractStatusNames[c.status as ContractStatus] ?? c.status;
  const execution = [
    status,
    c.effectiveDate ? `${c.effectiveDate} 生效` : '',
    c.handedToFinanceAt ? `${shanghaiDate(c.handedToFinanceAt)} 交财务` : c.financeDueDate ? `应于 ${c.financeDueDate} 前交财务，尚未交` : '',
  ].filter(Boolean);
  return {
    id: c.id,
    number: c.number,
    customerName: row.customerName,
    contractType: contractTypeNames[c.contractType as ContractType] ?? c.contractType,
    term: `${c.startDate} 至 ${c.endDate}`,
    charges: `${words.收费项目}；${words.结算周期}；免租期：${words.免租期}；递增：${words.年递增率}；保证金：${words.保证金}`,
    location: row.units,
    area: c.totalArea,
    changes: row.amendments || '无变更',
    breaches: total === 0 ? '无' : `违约 ${total} 次${open ? `，${open} 次处理中` : '，均已处理'}`,
    execution: execution.join('，'),
    remarks: [disputesText(row.disputeCounts), c.endReason ?? '', c.specialTerms ? `特别约定：${c.specialTerms}` : ''].filter(Boolean).join('；'),
    status: c.status,
  };
}

export async function listLedger(deps: Deps, ctx: RequestContext, query: LedgerQuery) {
  const actor = requirePermission(ctx.actor, 'contract:read');
  const where = ledgerWhere(actor, query);
  const itemNames = await dictionaryLabels(deps.db, 'charge_item');
  const page = await selectPage(deps.db, query, {
    rows: (limit, offset) => selectLedger(deps.db, where, limit, offset),
    matching: deps.db.select({ id: contracts.id }).from(contracts).where(where).$dynamic(),
  });
  return mapPage(page, (rows) => rows.map((row) => toLedgerRow(row, itemNames)));
}

export const ledgerHeaders: [keyof LedgerRow, string, number][] = [
  ['number', '合同编号', 22],
  ['customerName', '签约单位', 30],
  ['contractType', '合同类型', 14],
  ['term', '有效期', 26],
  ['charges', '收费标准', 60],
  ['location', '具体经营位置', 36],
  ['area', '计租面积（㎡）', 14],
  ['changes', '变更情况', 14],
  ['breaches', '违约情况', 20],
  ['execution', '执行情况', 40],
  ['remarks', '备注', 40],
];

/** The ledger as an .xlsx buffer (streamed rows, one sheet), for a scope or company-wide (actor null). */
export async function ledgerWorkbook(db: DbOrTx, actor: Actor | null, query: Pick<LedgerQuery, 'status' | 'from' | 'to'>, title: string): Promise<{ buffer: Buffer; rows: number }> {
  const where = ledgerWhere(actor, query);
  const [counted] = await db.select({ n: sql<number>`count(*)::int` }).from(contracts).where(where);
  if (Number(counted?.n ?? 0) > LEDGER_EXPORT_MAX) throw new AppError('CONFLICT', `符合条件的合同超过 ${LEDGER_EXPORT_MAX.toLocaleString('en-US')} 份，请缩小日期范围后再导出`, { reason: 'contract.ledger_too_large' });
  const itemNames = await dictionaryLabels(db, 'charge_item');
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: false, useStyles: true });
  const sheet = workbook.addWorksheet('合同台账');
  sheet.columns = ledgerHeaders.map(([key, header, width]) => ({ key, header, width }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  let rows = 0;
  for (let offset = 0; ; offset += 1000) {
    const batch = await selectLedger(db, where, 1000, offset);
    for (const row of batch) {
      sheet.addRow(toLedgerRow(row, itemNames)).commit();
      rows++;
    }
    if (batch.length < 1000) break;
  }
  sheet.commit();
  workbook.addWorksheet('说明').addRow([title]).commit();
  await workbook.commit();
  await finished;
  return { buffer: Buffer.concat(chunks), rows };
}

/** 导出合同台账 (.xlsx) within the caller's contract scope; audited. */
export async function exportLedger(deps: Deps, ctx: RequestContext, query: Pick<LedgerQuery, 'status' | 'from' | 'to'>) {
  const actor = requirePermission(ctx.actor, 'contract:read');
  const title = `合同台账${query.from || query.to ? `（${query.from ?? '…'} 至 ${query.to ?? '…'}）` : ''}，导出人 ${actor.displayName}，${shanghaiDate(deps.clock.now())}`;
  const { buffer, rows } = await ledgerWorkbook(deps.db, actor, query, title);
  await deps.db.transaction((tx) => recordAudit(tx, deps.clock, ctx, { action: 'export', entityType: 'contract_ledger', summary: `导出合同台账 ${rows} 份合同${query.from || query.to ? `（${query.from ?? '…'} 至 ${query.to ?? '…'}）` : ''}` }));
  return { buffer, fileName: `合同台账-${shanghaiDate(deps.clock.now())}.xlsx` };
}
